/* NETLINK_ROUTE handlers against the bytes Linux 6.18 sends for the same
 * state (rtnl_expected.h says how it was captured), and the request
 * semantics of rtnetlink_rcv_msg / netlink_rcv_skb. */
#include "model.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <net/if_arp.h>
#include <stdlib.h>
#include <string.h>

#include "netlink/nl_handler.h"
#include "rtnl_expected.h"

static struct vn_model m;
static struct nl_out out;
static struct nl_ctx ctx;

static void add_addr(int ifindex, const char *a, int plen, uint8_t scope, uint32_t flags,
		     uint32_t stamp)
{
	struct vn_addr x = { .ifindex = ifindex, .family = AF_INET, .prefixlen = (uint8_t)plen,
			     .scope = scope, .flags = flags, .valid_lft = VN_INFINITY_LIFE,
			     .preferred_lft = VN_INFINITY_LIFE, .cstamp = stamp, .tstamp = stamp };
	inet_pton(AF_INET, a, x.local);
	vn_model_add_addr(&m, &x);
}

static void add_via(const char *dst, int plen, uint32_t metric, uint32_t mtu)
{
	struct vn_route r = { .family = AF_INET, .dst_len = (uint8_t)plen, .protocol = RTPROT_BOOT,
			      .type = RTN_UNICAST, .table = RT_TABLE_MAIN, .oif = 3,
			      .has_gateway = true, .priority = metric, .mtu = mtu };
	inet_pton(AF_INET, dst, r.dst);
	inet_pton(AF_INET, "10.0.2.2", r.gateway);
	vn_model_add_route(&m, &r);
}

/* The state of rtnl_expected.h's namespace. */
static void setup(void)
{
	vn_model_init(&m);
	struct vn_link lo = { .ifindex = 1, .name = "lo", .flags = 0x10049, .mtu = 65536,
			      .type = ARPHRD_LOOPBACK, .txqlen = 1000, .addr_len = 6,
			      .link_netnsid = -1, .qdisc = "noqueue" };
	struct vn_link v1 = { .ifindex = 2, .name = "v1", .flags = 0x11043, .mtu = 1500,
			      .type = ARPHRD_ETHER, .txqlen = 1000, .addr_len = 6, .link = 3,
			      .link_netnsid = -1, .kind = "veth", .qdisc = "noqueue" };
	struct vn_link v0 = v1;
	v0.ifindex = 3;
	v0.link = 2;
	strcpy(v0.name, "v0");
	vn_model_add_link(&m, &lo);
	vn_model_add_link(&m, &v0);
	vn_model_add_link(&m, &v1);
	add_addr(1, "127.0.0.1", 8, RT_SCOPE_HOST, 0x80, 0x4c9a);
	add_addr(3, "10.0.2.15", 24, 0, 0x80, 0x4c9c);
	add_addr(3, "10.0.3.1", 24, 0, 0x80, 0x4c9c);
	add_addr(3, "10.0.2.16", 24, 0, 0x81, 0x4c9c);
	add_via("0.0.0.0", 0, 0, 0);
	add_via("10.9.0.0", 16, 5, 1400);
	vn_model_derive_routes(&m);
	vn_model_default_rules(&m);
	nl_out_init(&out);
	ctx = (struct nl_ctx){ .model = &m, .portid = 4242, .uid = 0 };
}

static void teardown(void)
{
	nl_out_free(&out);
	vn_model_free(&m);
}

static void send_req(uint16_t type, uint16_t flags, const void *body, size_t len)
{
	char buf[512];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	*h = (struct nlmsghdr){ .nlmsg_len = (uint32_t)NLMSG_LENGTH(len), .nlmsg_type = type,
				.nlmsg_flags = flags, .nlmsg_seq = 77 };
	if (len)
		memcpy(NLMSG_DATA(h), body, len);
	rtnl_rcv(&ctx, buf, h->nlmsg_len, &out);
}

static const struct nlmsghdr *msg(size_t i)
{
	ck_assert_uint_lt(i, out.n);
	return (const struct nlmsghdr *)(out.data.data + out.marks[i].off);
}

/* Messages [first, ...) equal exp; returns the index after them. */
static size_t expect_msgs(size_t first, const struct expect *exp)
{
	size_t i = first;
	for (; exp->bytes; exp++, i++) {
		const struct nlmsghdr *h = msg(i);
		ck_assert_uint_eq(h->nlmsg_seq, 77);
		ck_assert_uint_eq(h->nlmsg_pid, 4242);
		ck_assert_uint_eq(h->nlmsg_len, exp->len - 4 + NLMSG_HDRLEN);
		char got[8192];
		memcpy(got, &h->nlmsg_type, 2);
		memcpy(got + 2, &h->nlmsg_flags, 2);
		memcpy(got + 4, NLMSG_DATA(h), exp->len - 4);
		if (memcmp(got, exp->bytes, exp->len) != 0) {
			for (size_t k = 0; k < exp->len; k++)
				if (got[k] != exp->bytes[k])
					ck_abort_msg("message %zu differs at byte %zu: %02x != %02x",
						     i - first, k, (uint8_t)got[k], (uint8_t)exp->bytes[k]);
		}
	}
	return i;
}

static void expect_done(size_t i, int err)
{
	const struct nlmsghdr *h = msg(i);
	ck_assert_uint_eq(h->nlmsg_type, NLMSG_DONE);
	/* with NETLINK_EXT_ACK a failed dump's DONE carries its TLVs
	 * (test_rtnl_policy.c checks them) */
	ck_assert_uint_eq(h->nlmsg_flags & ~NLM_F_ACK_TLVS, NLM_F_MULTI);
	ck_assert_int_eq(*(const int *)NLMSG_DATA(h), err);
	ck_assert_uint_eq(out.n, i + 1);
}

static int expect_error(size_t i)
{
	const struct nlmsghdr *h = msg(i);
	ck_assert_uint_eq(h->nlmsg_type, NLMSG_ERROR);
	ck_assert(out.marks[i].alone);
	return ((const struct nlmsgerr *)NLMSG_DATA(h))->error;
}

START_TEST(route_dump_v4_matches_linux)
{
	struct rtmsg rtm = { .rtm_family = AF_INET };
	send_req(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, &rtm, sizeof(rtm));
	expect_done(expect_msgs(0, exp_route4), 0);
}
END_TEST

START_TEST(addr_dump_v4_matches_linux)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET };
	send_req(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, &ifa, sizeof(ifa));
	expect_done(expect_msgs(0, exp_addr4), 0);
}
END_TEST

START_TEST(rule_dumps_match_linux)
{
	struct fib_rule_hdr frh = { .family = AF_INET };
	send_req(RTM_GETRULE, NLM_F_REQUEST | NLM_F_DUMP, &frh, sizeof(frh));
	expect_done(expect_msgs(0, exp_rule4), 0);
	nl_out_pop(&out, out.n);
	frh.family = AF_INET6;
	send_req(RTM_GETRULE, NLM_F_REQUEST | NLM_F_DUMP, &frh, sizeof(frh));
	expect_done(expect_msgs(0, exp_rule6), 0);
}
END_TEST

static void route_get(const char *dst)
{
	struct {
		struct rtmsg rtm;
		struct nlattr a;
		uint8_t addr[4];
	} req = { .rtm = { .rtm_family = AF_INET, .rtm_dst_len = 32 },
		  .a = { .nla_len = 8, .nla_type = RTA_DST } };
	inet_pton(AF_INET, dst, req.addr);
	send_req(RTM_GETROUTE, NLM_F_REQUEST, &req, sizeof(req));
}

START_TEST(route_get_matches_linux)
{
	route_get("8.8.8.8");
	ck_assert_uint_eq(expect_msgs(0, exp_get_8_8_8_8), 1);
	nl_out_pop(&out, out.n);
	route_get("10.9.1.1");
	ck_assert_uint_eq(expect_msgs(0, exp_get_10_9_1_1), 1);
}
END_TEST

START_TEST(route_get_local_goes_through_loopback)
{
	route_get("10.0.2.15");
	ck_assert_uint_eq(out.n, 1);
	const struct nlmsghdr *h = msg(0);
	const struct rtmsg *rtm = NLMSG_DATA(h);
	ck_assert_uint_eq(rtm->rtm_type, RTN_LOCAL);
	ck_assert_uint_eq(rtm->rtm_flags, 0x80000200u);
	/* all but the cache's reference count (non-deterministic in Linux) */
	size_t n = exp_get_10_0_2_15[0].len - 4 - 32;
	ck_assert_mem_eq(NLMSG_DATA(h), exp_get_10_0_2_15[0].bytes + 4, n);
}
END_TEST

START_TEST(route_get_without_route_is_enetunreach)
{
	vn_model_free(&m);
	vn_model_init(&m);
	route_get("8.8.8.8");
	ck_assert_int_eq(expect_error(0), -ENETUNREACH);
}
END_TEST

START_TEST(link_dump_and_get)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	send_req(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, &ifi, sizeof(ifi));
	ck_assert_uint_eq(out.n, 4);
	for (int i = 0; i < 3; i++) {
		const struct ifinfomsg *x = NLMSG_DATA(msg((size_t)i));
		ck_assert_int_eq(x->ifi_index, i + 1);
		ck_assert_uint_eq(msg((size_t)i)->nlmsg_flags, NLM_F_MULTI);
	}
	expect_done(3, 0);
	nl_out_pop(&out, out.n);
	/* by name */
	struct {
		struct ifinfomsg ifi;
		struct nlattr a;
		char name[4];
	} req = { .a = { .nla_len = 7, .nla_type = IFLA_IFNAME }, .name = "v0" };
	send_req(RTM_GETLINK, NLM_F_REQUEST, &req, sizeof(req));
	ck_assert_uint_eq(out.n, 1);
	ck_assert_int_eq(((const struct ifinfomsg *)NLMSG_DATA(msg(0)))->ifi_index, 3);
	ck_assert(out.marks[0].alone);
	nl_out_pop(&out, out.n);
	req.ifi.ifi_index = 9;
	send_req(RTM_GETLINK, NLM_F_REQUEST, &req, sizeof(req));
	ck_assert_int_eq(expect_error(0), -ENODEV);
}
END_TEST

/* The attribute order of a 6.18 veth link dump message. */
START_TEST(link_attributes_in_kernel_order)
{
	static const uint16_t order[] = { 3, 13, 16, 17, 67, 4, 50, 51, 27, 30, 61, 31, 40, 41,
					  58, 63, 64, 59, 60, 66, 32, 33, 35, 47, 48, 68, 69, 39,
					  1, 2, 23, 7, 43, 18, 5, 6, 26, 14, 62, 65 };
	struct ifinfomsg ifi = { .ifi_index = 3 };
	send_req(RTM_GETLINK, NLM_F_REQUEST, &ifi, sizeof(ifi));
	const struct nlmsghdr *h = msg(0);
	size_t off = NLMSG_LENGTH(sizeof(struct ifinfomsg)), k = 0;
	while (off < h->nlmsg_len) {
		const struct nlattr *a = (const struct nlattr *)((const char *)h + off);
		ck_assert_uint_lt(k, sizeof(order) / sizeof(order[0]));
		ck_assert_uint_eq(a->nla_type & NLA_TYPE_MASK, order[k]);
		if (order[k] == 26)
			ck_assert_uint_eq(a->nla_len, 816);   /* AF_SPEC: inet + inet6 as Linux */
		k++;
		off += NLA_ALIGN(a->nla_len);
	}
	ck_assert_uint_eq(k, sizeof(order) / sizeof(order[0]));
}
END_TEST

static const struct nlattr *link_attr(const struct nlmsghdr *h, uint16_t type)
{
	size_t off = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	while (off < h->nlmsg_len) {
		const struct nlattr *a = (const struct nlattr *)((const char *)h + off);
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		off += NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

/* A veth whose peer is in another namespace names the peer's ifindex even
 * when it equals its own (a pod's eth0@if2 as ifindex 2: `ip` prints the
 * "@if2" from IFLA_LINK); in its own namespace a link equal to itself is
 * left out. */
START_TEST(link_in_another_namespace_always_named)
{
	struct vn_link *v0 = &m.links[0];
	while (v0->ifindex != 3)
		v0++;
	v0->link = v0->ifindex;
	v0->link_netnsid = 0;
	struct ifinfomsg ifi = { .ifi_index = 3 };
	send_req(RTM_GETLINK, NLM_F_REQUEST, &ifi, sizeof(ifi));
	const struct nlattr *a = link_attr(msg(0), IFLA_LINK);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(*(const uint32_t *)((const char *)a + NLA_HDRLEN), 3);
	ck_assert_ptr_nonnull(link_attr(msg(0), IFLA_LINK_NETNSID));
	nl_out_pop(&out, out.n);
	v0->link_netnsid = -1;
	send_req(RTM_GETLINK, NLM_F_REQUEST, &ifi, sizeof(ifi));
	ck_assert_ptr_null(link_attr(msg(0), IFLA_LINK));
}
END_TEST

/* `ip rule add not fwmark 0xca6c table 51820 priority 32765` (wg-quick),
 * then the dump: the inverted flag in the header, FRA_FWMARK and
 * FRA_FWMASK right after FRA_PRIORITY, as fib_nl_fill_rule puts them. */
START_TEST(rule_with_a_mark_round_trips)
{
	ctx.cap_net_admin = true;
	struct {
		struct fib_rule_hdr frh;
		struct nlattr a1;
		uint32_t table;
		struct nlattr a2;
		uint32_t prio;
		struct nlattr a3;
		uint32_t mark;
	} req = { .frh = { .family = AF_INET, .action = FR_ACT_TO_TBL, .flags = FIB_RULE_INVERT },
		  .a1 = { 8, FRA_TABLE }, .table = 51820, .a2 = { 8, FRA_PRIORITY }, .prio = 32765,
		  .a3 = { 8, FRA_FWMARK }, .mark = 0xca6c };
	send_req(RTM_NEWRULE, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_ACK, &req, sizeof(req));
	ck_assert_int_eq(expect_error(0), 0);
	nl_out_pop(&out, out.n);
	struct fib_rule_hdr frh = { .family = AF_INET };
	send_req(RTM_GETRULE, NLM_F_REQUEST | NLM_F_DUMP, &frh, sizeof(frh));
	const struct nlmsghdr *h = NULL;
	for (size_t i = 0; i < out.n && !h; i++) {
		const struct fib_rule_hdr *f = NLMSG_DATA(msg(i));
		if (msg(i)->nlmsg_type == RTM_NEWRULE && f->flags)
			h = msg(i);
	}
	ck_assert_ptr_nonnull(h);
	ck_assert_uint_eq(((const struct fib_rule_hdr *)NLMSG_DATA(h))->flags, FIB_RULE_INVERT);
	static const uint16_t order[] = { FRA_TABLE, FRA_SUPPRESS_PREFIXLEN, FRA_PROTOCOL, FRA_PRIORITY,
					  FRA_FWMARK, FRA_FWMASK };
	static const uint32_t value[] = { 51820, 0xffffffff, 0, 32765, 0xca6c, 0xffffffff };
	size_t off = NLMSG_LENGTH(sizeof(struct fib_rule_hdr)), k = 0;
	for (; off < h->nlmsg_len; k++) {
		const struct nlattr *a = (const struct nlattr *)((const char *)h + off);
		ck_assert_uint_lt(k, 6);
		ck_assert_uint_eq(a->nla_type, order[k]);
		if (order[k] != FRA_PROTOCOL)
			ck_assert_uint_eq(*(const uint32_t *)((const char *)a + NLA_HDRLEN), value[k]);
		off += NLA_ALIGN(a->nla_len);
	}
	ck_assert_uint_eq(k, 6);
}
END_TEST

START_TEST(changes_need_cap_net_admin)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET };
	send_req(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK, &ifa, sizeof(ifa));
	ck_assert_int_eq(expect_error(0), -EPERM);
	/* the request is echoed whole after the error */
	ck_assert_uint_eq(msg(0)->nlmsg_len, NLMSG_LENGTH(sizeof(struct nlmsgerr) + sizeof(ifa)));
}
END_TEST

START_TEST(acks_errors_and_ignored_messages)
{
	struct rtgenmsg g = { AF_INET };
	/* unknown type past RTM_MAX */
	send_req(RTM_MAX + 1, NLM_F_REQUEST, &g, sizeof(g));
	ck_assert_int_eq(expect_error(0), -EOPNOTSUPP);
	nl_out_pop(&out, out.n);
	/* not a request: ignored, acked only on request */
	send_req(RTM_GETLINK, 0, &g, sizeof(g));
	ck_assert_uint_eq(out.n - out.head, 0);
	send_req(RTM_GETLINK, NLM_F_ACK, &g, sizeof(g));
	ck_assert_int_eq(expect_error(0), 0);
	ck_assert_uint_eq(msg(0)->nlmsg_flags, NLM_F_CAPPED);
	nl_out_pop(&out, out.n);
	/* a dump asked to ack answers with NLMSG_DONE only */
	struct ifinfomsg ifi = { 0 };
	send_req(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP | NLM_F_ACK, &ifi, sizeof(ifi));
	expect_done(3, 0);
	nl_out_pop(&out, out.n);
	/* a header without the family byte is dropped silently */
	send_req(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, NULL, 0);
	ck_assert_int_eq(expect_error(0), 0);
}
END_TEST

START_TEST(strict_dump_checks_headers)
{
	ctx.strict_chk = true;
	ctx.ext_ack = true;
	struct ifinfomsg ifi = { .ifi_index = 2 };
	send_req(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, &ifi, sizeof(ifi));
	expect_done(0, -EINVAL);
	nl_out_pop(&out, out.n);
	struct rtmsg rtm = { .rtm_family = AF_INET, .rtm_table = RT_TABLE_LOCAL };
	send_req(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, &rtm, sizeof(rtm));
	for (size_t i = 0; i + 1 < out.n; i++)
		ck_assert_uint_eq(((const struct rtmsg *)NLMSG_DATA(msg(i)))->rtm_table, RT_TABLE_LOCAL);
	ck_assert_uint_eq(out.n, 9);
}
END_TEST

START_TEST(malformed_input_never_reads_past_the_end)
{
	static const uint8_t junk[][20] = {
		{ 0xff, 0xff, 0xff, 0xff },
		{ 20, 0, 0, 0, 18, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
		{ 20, 0, 0, 0, 26, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0 },
	};
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		rtnl_rcv(&ctx, junk[i], sizeof(junk[i]), &out);
	ck_assert_uint_ge(out.n, 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtnl");
	TCase *tc = tcase_create("rtnl");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, route_dump_v4_matches_linux);
	tcase_add_test(tc, addr_dump_v4_matches_linux);
	tcase_add_test(tc, rule_dumps_match_linux);
	tcase_add_test(tc, route_get_matches_linux);
	tcase_add_test(tc, route_get_local_goes_through_loopback);
	tcase_add_test(tc, route_get_without_route_is_enetunreach);
	tcase_add_test(tc, link_dump_and_get);
	tcase_add_test(tc, link_attributes_in_kernel_order);
	tcase_add_test(tc, link_in_another_namespace_always_named);
	tcase_add_test(tc, rule_with_a_mark_round_trips);
	tcase_add_test(tc, changes_need_cap_net_admin);
	tcase_add_test(tc, acks_errors_and_ignored_messages);
	tcase_add_test(tc, strict_dump_checks_headers);
	tcase_add_test(tc, malformed_input_never_reads_past_the_end);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
