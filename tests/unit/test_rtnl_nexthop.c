/* Nexthop objects and multipath routes: the scenario loaded, dumped
 * against the bytes Linux 6.18 sent for the same namespace, and changed
 * as the kernel changes it.
 *
 * The namespace: lo (1), veth0 (2), d0 (3) and d1 (4), veths up with
 * 10.1.0.1/24 and 2001:db8:1::1/64 on d0, 10.2.0.1/24 and 2001:db8:2::1/64
 * on d1, then
 *   ip nexthop add id 1 via 10.1.0.2 dev d0
 *   ip nexthop add id 2 via 10.2.0.2 dev d1
 *   ip nexthop add id 3 blackhole
 *   ip nexthop add id 10 group 1/2,3
 *   ip nexthop add id 4 via 2001:db8:1::2 dev d0
 *   ip nexthop add id 5 dev d1
 *   ip route add 192.0.2.0/24 nhid 10
 *   ip route add 198.51.100.0/24 nhid 1 metric 5
 *   ip route add 203.0.113.0/24 nexthop via 10.1.0.2 dev d0 weight 2 \
 *       nexthop via 10.2.0.2 dev d1
 *   ip -6 route add 2001:db8:99::/64 nexthop via 2001:db8:1::2 dev d0 \
 *       nexthop via 2001:db8:2::2 dev d1
 *   ip -6 route add 2001:db8:98::/64 nhid 4
 * and the messages are each nlmsghdr's payload, in hex, as a raw dump
 * printed them. */
#include "model.h"
#include "model_nexthop.h"
#include "scenario.h"

#include <check.h>
#include <errno.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>

#include "netlink/nl_handler.h"

static const char fixture[] =
	"{\"links\": ["
	" {\"ifindex\": 1, \"ifname\": \"lo\", \"flags\": [\"LOOPBACK\", \"UP\", \"LOWER_UP\"],"
	"  \"link_type\": \"loopback\", \"addr_info\": [{\"family\": \"inet\", \"local\": \"127.0.0.1\","
	"  \"prefixlen\": 8, \"scope\": \"host\"}]},"
	" {\"ifindex\": 2, \"ifname\": \"veth0\", \"linkinfo\": {\"info_kind\": \"veth\"}},"
	" {\"ifindex\": 3, \"ifname\": \"d0\", \"linkinfo\": {\"info_kind\": \"veth\"},"
	"  \"addr_info\": [{\"family\": \"inet\", \"local\": \"10.1.0.1\", \"prefixlen\": 24},"
	"   {\"family\": \"inet6\", \"local\": \"2001:db8:1::1\", \"prefixlen\": 64}]},"
	" {\"ifindex\": 4, \"ifname\": \"d1\", \"linkinfo\": {\"info_kind\": \"veth\"},"
	"  \"addr_info\": [{\"family\": \"inet\", \"local\": \"10.2.0.1\", \"prefixlen\": 24},"
	"   {\"family\": \"inet6\", \"local\": \"2001:db8:2::1\", \"prefixlen\": 64}]}],"
	" \"nexthops\": [{\"id\": 1, \"gateway\": \"10.1.0.2\", \"dev\": \"d0\", \"scope\": \"link\"},"
	"  {\"id\": 2, \"gateway\": \"10.2.0.2\", \"dev\": \"d1\", \"scope\": \"link\"},"
	"  {\"id\": 3, \"blackhole\": null},"
	"  {\"id\": 4, \"gateway\": \"2001:db8:1::2\", \"dev\": \"d0\", \"scope\": \"link\"},"
	"  {\"id\": 5, \"dev\": \"d1\", \"scope\": \"host\"},"
	"  {\"id\": 10, \"group\": [{\"id\": 1}, {\"id\": 2, \"weight\": 3}]}],"
	" \"routes\": [{\"dst\": \"192.0.2.0/24\", \"nhid\": 10, \"nexthops\": ["
	"   {\"gateway\": \"10.1.0.2\", \"dev\": \"d0\"}, {\"gateway\": \"10.2.0.2\", \"dev\": \"d1\", \"weight\": 3}]},"
	"  {\"dst\": \"198.51.100.0/24\", \"nhid\": 1, \"gateway\": \"10.1.0.2\", \"dev\": \"d0\", \"metric\": 5},"
	"  {\"dst\": \"203.0.113.0/24\", \"nexthops\": [{\"gateway\": \"10.1.0.2\", \"dev\": \"d0\", \"weight\": 2},"
	"   {\"gateway\": \"10.2.0.2\", \"dev\": \"d1\", \"weight\": 1}]},"
	"  {\"dst\": \"2001:db8:98::/64\", \"nhid\": 4, \"gateway\": \"2001:db8:1::2\", \"dev\": \"d0\"},"
	"  {\"dst\": \"2001:db8:99::/64\", \"nexthops\": [{\"gateway\": \"2001:db8:1::2\", \"dev\": \"d0\"},"
	"   {\"gateway\": \"2001:db8:2::2\", \"dev\": \"d1\"}]}]}";

/* RTM_NEWNEXTHOP, in id order */
static const char *const nexthops_hex[] = {
	"02fd00000000000008000100010000000800050003000000080006000a010002",
	"02fd00000000000008000100020000000800050004000000080006000a020002",
	"0200000000000000080001000300000004000400",
	"0afd000000000000080001000400000008000500030000001400060020010db8000100000000000000000002",
	"02fe00000000000008000100050000000800050004000000",
	"0000000000000000080001000a0000000600030000000000140002000100000000000000020000000200000008000e0000000080",
};

/* RTM_NEWROUTE of the routes with paths of their own */
static const char *const routes_hex[] = {
	/* 192.0.2.0/24 nhid 10: RTA_NH_ID, RTA_MULTIPATH of the group */
	"02180000fe0300010000000008000f00fe00000008000100c000020008001e000a000000240009001000000003000000080005000a0100021000000204000000080005000a020002",
	/* 198.51.100.0/24 nhid 1 metric 5: RTA_NH_ID, then its gateway and device */
	"02180000fe0300010000000008000f00fe00000008000100c6336400080006000500000008001e0001000000080005000a0100020800040003000000",
	/* 203.0.113.0/24, weights 2 and 1 */
	"02180000fe0300010000000008000f00fe00000008000100cb007100240009001000000103000000080005000a0100021000000004000000080005000a020002",
	/* 2001:db8:98::/64 nhid 4 */
	"0a400000fe0300010000000008000f00fe0000001400010020010db8009800000000000000000000080006000004000008001e00040000001400050020010db8000100000000000000000002080004000300000024000c0000000000000000000000000000000000000000000000000000000000000000000500140000000000",
	/* 2001:db8:99::/64, two siblings shown as one */
	"0a400000fe0300010000000008000f00fe0000001400010020010db800990000000000000000000008000600000400003c0009001c000000030000001400050020010db80001000000000000000000021c000000040000001400050020010db800020000000000000000000224000c0000000000000000000000000000000000000000000000000000000000000000000500140000000000",
};

static struct vn_model m;
static struct nl_out out;
static struct nl_ctx ctx;

static void setup(void)
{
	char err[256];
	vn_model_init(&m);
	ck_assert_msg(vn_scenario_load_string(&m, fixture, strlen(fixture), "fixture", err, sizeof(err)) == 0,
		      "%s", err);
	nl_out_init(&out);
	ctx = (struct nl_ctx){ .model = &m, .portid = 4242, .cap_net_admin = true };
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
	memcpy(NLMSG_DATA(h), body, len);
	nl_out_pop(&out, out.n);
	rtnl_rcv(&ctx, buf, h->nlmsg_len, &out);
}

/* Message i's payload in hex (of at most cap - 1 digits). */
static const char *payload_hex(size_t i, char *hex, size_t cap)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)(out.data.data + out.marks[i].off);
	const uint8_t *p = NLMSG_DATA(h);
	size_t n = h->nlmsg_len - NLMSG_HDRLEN, o = 0;
	for (size_t k = 0; k < n && o + 3 < cap; k++)
		o += (size_t)snprintf(hex + o, cap - o, "%02x", p[k]);
	hex[o] = '\0';
	return hex;
}

static bool dumped(const char *want)
{
	char hex[2048];
	for (size_t i = 0; i < out.n; i++)
		if (strcmp(payload_hex(i, hex, sizeof(hex)), want) == 0)
			return true;
	return false;
}

static uint16_t type_of(size_t i)
{
	return ((const struct nlmsghdr *)(out.data.data + out.marks[i].off))->nlmsg_type;
}

START_TEST(nexthop_dump_as_linux)
{
	struct { struct nhmsg nhm; } req = { { 0 } };
	send_req(RTM_GETNEXTHOP, NLM_F_REQUEST | NLM_F_DUMP, &req, sizeof(req));
	ck_assert_uint_eq(out.n, 7);   /* six, then NLMSG_DONE */
	char hex[2048];
	for (size_t i = 0; i < 6; i++)
		ck_assert_str_eq(payload_hex(i, hex, sizeof(hex)), nexthops_hex[i]);
	ck_assert_uint_eq(type_of(6), NLMSG_DONE);
}
END_TEST

START_TEST(nexthop_get_and_filters)
{
	struct {
		struct nhmsg nhm;
		struct nlattr a;
		uint32_t id;
	} get = { { 0 }, { .nla_len = 8, .nla_type = NHA_ID }, 10 };
	send_req(RTM_GETNEXTHOP, NLM_F_REQUEST, &get, sizeof(get));
	char hex[2048];
	ck_assert_str_eq(payload_hex(0, hex, sizeof(hex)), nexthops_hex[5]);
	get.id = 77;
	send_req(RTM_GETNEXTHOP, NLM_F_REQUEST, &get, sizeof(get));
	ck_assert_uint_eq(type_of(0), NLMSG_ERROR);
	ck_assert_int_eq(*(const int *)NLMSG_DATA(out.data.data + out.marks[0].off), -ENOENT);
	/* `ip nexthop show dev d1`: single nexthops through it, no group */
	struct {
		struct nhmsg nhm;
		struct nlattr a;
		uint32_t oif;
	} dev = { { 0 }, { .nla_len = 8, .nla_type = NHA_OIF }, 4 };
	send_req(RTM_GETNEXTHOP, NLM_F_REQUEST | NLM_F_DUMP, &dev, sizeof(dev));
	ck_assert_uint_eq(out.n, 3);
	ck_assert_str_eq(payload_hex(0, hex, sizeof(hex)), nexthops_hex[1]);
	ck_assert_str_eq(payload_hex(1, hex, sizeof(hex)), nexthops_hex[4]);
	/* AF_INET6 dumps the IPv6 nexthops alone */
	struct nhmsg v6 = { .nh_family = AF_INET6 };
	send_req(RTM_GETNEXTHOP, NLM_F_REQUEST | NLM_F_DUMP, &v6, sizeof(v6));
	ck_assert_uint_eq(out.n, 2);
	ck_assert_str_eq(payload_hex(0, hex, sizeof(hex)), nexthops_hex[3]);
}
END_TEST

START_TEST(route_dumps_carry_paths)
{
	for (int family = 0; family < 2; family++) {
		struct rtmsg rtm = { .rtm_family = family ? AF_INET6 : AF_INET };
		send_req(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, &rtm, sizeof(rtm));
		for (size_t i = family ? 3 : 0; i < (family ? 5u : 3u); i++)
			ck_assert_msg(dumped(routes_hex[i]), "route %zu not dumped as Linux", i);
	}
	/* the later sibling of 2001:db8:99::/64 is not dumped on its own */
	size_t n99 = 0;
	for (size_t i = 0; i < m.nroutes; i++)
		n99 += m.routes[i].family == AF_INET6 && m.routes[i].dst[5] == 0x99;
	ck_assert_uint_eq(n99, 2);
	struct rtmsg rtm = { .rtm_family = AF_INET6 };
	send_req(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, &rtm, sizeof(rtm));
	size_t shown = 0;
	char hex[2048];
	for (size_t i = 0; i + 1 < out.n; i++)
		shown += strstr(payload_hex(i, hex, sizeof(hex)), "20010db8009900") != NULL;
	ck_assert_uint_eq(shown, 1);
}
END_TEST

/* Deleting a member: its routes go, its group loses it (RTM_NEWNEXTHOP
 * of the group), a group left empty goes with it. */
START_TEST(delete_member_updates_groups)
{
	struct vn_change c = { .m = &m };
	ck_assert_int_eq(vn_nexthop_del(&c, 2), 0);
	const struct vn_nexthop *g = vn_nexthop_find(&m, 10);
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_eq(g->ngrp, 1);
	ck_assert_int_eq(vn_nexthop_del(&c, 1), 0);
	ck_assert_ptr_null(vn_nexthop_find(&m, 10));
	for (size_t i = 0; i < m.nroutes; i++)
		ck_assert_uint_eq(m.routes[i].nhid == 1 || m.routes[i].nhid == 10, 0);
	ck_assert_int_eq(vn_nexthop_del(&c, 1), -ENOENT);
}
END_TEST

START_TEST(add_checks_as_the_kernel)
{
	struct vn_change c = { .m = &m, .nlflags = NLM_F_CREATE | NLM_F_EXCL };
	struct vn_nexthop g = { .id = 11, .is_group = true, .ngrp = 2,
				.grp = { { .id = 10 }, { .id = 1 } } };
	ck_assert_int_eq(vn_nexthop_add(&c, &g), -EINVAL);
	ck_assert_str_eq(c.extack, "Hash-threshold group can not be a nexthop within a group");
	g.grp[0].id = 3;
	ck_assert_int_eq(vn_nexthop_add(&c, &g), -EINVAL);
	ck_assert_str_eq(c.extack, "Blackhole nexthop can not be used in a group with more than 1 path");
	struct vn_nexthop one = { .id = 1, .family = AF_INET, .oif = 3, .has_gateway = true,
				  .gateway = { 10, 1, 0, 9 } };
	ck_assert_int_eq(vn_nexthop_add(&c, &one), -EEXIST);
	one.id = 0;   /* the next unused id */
	ck_assert_int_eq(vn_nexthop_add(&c, &one), 0);
	ck_assert_ptr_nonnull(vn_nexthop_find(&m, 6));
	one.gateway[1] = 99;   /* not on any link */
	c.extack = NULL;
	ck_assert_int_eq(vn_nexthop_add(&c, &one), -ENETUNREACH);
	ck_assert_str_eq(c.extack, "Nexthop has invalid gateway");
}
END_TEST

/* A route by nhid takes its first path; a v6 route cannot use a v4 one. */
START_TEST(routes_by_nhid)
{
	struct vn_change c = { .m = &m, .nlflags = NLM_F_CREATE | NLM_F_EXCL };
	struct vn_route r = { .family = AF_INET, .dst_len = 16, .dst = { 172, 16 },
			      .type = RTN_UNICAST, .protocol = RTPROT_BOOT, .nhid = 10 };
	ck_assert_int_eq(vn_route_add(&c, &r), 0);
	struct vn_route r6 = { .family = AF_INET6, .dst_len = 64, .dst = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x77 },
			       .type = RTN_UNICAST, .protocol = RTPROT_BOOT, .nhid = 1 };
	ck_assert_int_eq(vn_route_add(&c, &r6), -EINVAL);
	ck_assert_str_eq(c.extack, "IPv6 routes can not use an IPv4 nexthop");
	r6.nhid = 99;
	ck_assert_int_eq(vn_route_add(&c, &r6), -EINVAL);
	ck_assert_str_eq(c.extack, "Nexthop id does not exist");
	for (size_t i = 0; i < m.nroutes; i++)
		if (m.routes[i].nhid == 10 && m.routes[i].dst[0] == 172) {
			ck_assert_int_eq(m.routes[i].oif, 3);
			ck_assert(m.routes[i].has_gateway);
			return;
		}
	ck_abort_msg("172.16.0.0/16 not added");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtnl_nexthop");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, nexthop_dump_as_linux);
	tcase_add_test(tc, nexthop_get_and_filters);
	tcase_add_test(tc, route_dumps_carry_paths);
	tcase_add_test(tc, delete_member_updates_groups);
	tcase_add_test(tc, add_checks_as_the_kernel);
	tcase_add_test(tc, routes_by_nhid);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
