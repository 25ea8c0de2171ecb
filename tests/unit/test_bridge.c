/* AF_BRIDGE dumps (`bridge link`, `bridge fdb`, `bridge mdb`) and the
 * links' multicast groups (/proc/net/igmp, igmp6, dev_mcast) against
 * bytes captured from Linux 6.18 (bridge_captured.h), and the rules the
 * model derives them by. */
#include <check.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge_model.h"
#include "model.h"
#include "netlink/nl_handler.h"
#include "netlink/nlout.h"
#include "proc/proc_gen.h"
#include "scenario.h"

struct bexpect {
	size_t len;
	const char *bytes;
};
#include "bridge_captured.h"

#define AF_BRIDGE_ 7

static struct vn_model m;
static struct nl_out out;
static struct nl_ctx ctx;

static void load(const char *text)
{
	char err[256];
	vn_model_init(&m);
	vn_model_load_default(&m);
	ck_assert_msg(vn_scenario_load_string(&m, text, strlen(text), "t", err, sizeof(err)) == 0,
		      "%s", err);
	nl_out_init(&out);
	ctx = (struct nl_ctx){ .model = &m, .portid = 4242 };
}

static void setup(void)
{
	load(bridge_scenario);
}

static void teardown(void)
{
	nl_out_free(&out);
	vn_model_free(&m);
}

static void send_req(uint16_t type, const void *body, size_t len)
{
	char buf[256] __attribute__((aligned(4)));
	memset(buf, 0, sizeof(buf));
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	*h = (struct nlmsghdr){ .nlmsg_len = (uint32_t)NLMSG_LENGTH(len), .nlmsg_type = type,
				.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 9 };
	memcpy(NLMSG_DATA(h), body, len);
	rtnl_rcv(&ctx, buf, h->nlmsg_len, &out);
}

static const struct nlmsghdr *msg(size_t i)
{
	ck_assert_uint_lt(i, out.n);
	return (const struct nlmsghdr *)(out.data.data + out.marks[i].off);
}

/* An fdb entry's ages move on Linux: compared as zero. */
static void zero_cacheinfo(char *body, size_t len)
{
	for (size_t off = sizeof(struct ndmsg); off + 4 <= len;) {
		struct nlattr *a = (struct nlattr *)(body + off);
		if (a->nla_len < 4)
			break;
		if (a->nla_type == NDA_CACHEINFO)
			memset(a + 1, 0, a->nla_len - 4u);
		off += NLA_ALIGN(a->nla_len);
	}
}

/* The dump's messages are exp (type and body), then NLMSG_DONE. */
static void expect_dump(uint16_t type, const struct bexpect *exp)
{
	size_t i = 0;
	for (; exp[i].bytes; i++) {
		const struct nlmsghdr *h = msg(i);
		ck_assert_uint_eq(h->nlmsg_type, type);
		ck_assert_uint_eq(h->nlmsg_flags, NLM_F_MULTI);
		ck_assert_uint_eq(h->nlmsg_seq, 9);
		ck_assert_uint_eq(h->nlmsg_len - NLMSG_HDRLEN, exp[i].len);
		char got[2048];
		memcpy(got, NLMSG_DATA(h), exp[i].len);
		if (type == RTM_NEWNEIGH)
			zero_cacheinfo(got, exp[i].len);
		for (size_t k = 0; k < exp[i].len; k++)
			if (got[k] != exp[i].bytes[k])
				ck_abort_msg("message %zu differs at byte %zu: %02x != %02x", i, k,
					     (uint8_t)got[k], (uint8_t)exp[i].bytes[k]);
	}
	ck_assert_uint_eq(msg(i)->nlmsg_type, NLMSG_DONE);
	ck_assert(out.marks[i].alone);   /* in a datagram of its own, as the kernel's */
	ck_assert_uint_eq(out.n, i + 1);
}

START_TEST(bridge_link_lists_ports_as_linux)
{
	struct ifinfomsg ifm = { .ifi_family = AF_BRIDGE_ };
	send_req(RTM_GETLINK, &ifm, sizeof(ifm));
	expect_dump(RTM_NEWLINK, cap_brlink);
}
END_TEST

START_TEST(bridge_vlan_asks_for_bridges_too)
{
	struct {
		struct ifinfomsg ifm;
		struct nlattr a;
		uint32_t mask;
	} req = { { .ifi_family = AF_BRIDGE_ }, { 8, IFLA_EXT_MASK }, RTEXT_FILTER_BRVLAN };
	send_req(RTM_GETLINK, &req, sizeof(req));
	/* vA, br0 (no VLANs: no IFLA_AF_SPEC), t0 */
	ck_assert_uint_eq(out.n, 4);
	const struct nlmsghdr *h = msg(1);
	const struct ifinfomsg *ifm = NLMSG_DATA(h);
	ck_assert_int_eq(ifm->ifi_index, 5);
	static const char br0[] = "\x07\x00\x01\x00\x05\x00\x00\x00\x43\x10\x01\x00\x00\x00\x00\x00"
				  "\x08\x00\x03\x00\x62\x72\x30\x00\x08\x00\x0a\x00\x05\x00\x00\x00"
				  "\x08\x00\x04\x00\xdc\x05\x00\x00\x05\x00\x10\x00\x06\x00\x00\x00"
				  "\x0a\x00\x01\x00\x32\x76\xd2\xd4\x20\x19\x00\x00";
	ck_assert_uint_eq(h->nlmsg_len - NLMSG_HDRLEN, sizeof(br0) - 1);
	ck_assert(memcmp(NLMSG_DATA(h), br0, sizeof(br0) - 1) == 0);
}
END_TEST

START_TEST(no_bridge_no_bridge_links)
{
	teardown();
	load("{}");   /* the default model: lo and eth0 */
	struct ifinfomsg ifm = { .ifi_family = AF_BRIDGE_ };
	send_req(RTM_GETLINK, &ifm, sizeof(ifm));
	ck_assert_uint_eq(out.n, 1);
	ck_assert_uint_eq(msg(0)->nlmsg_type, NLMSG_DONE);
}
END_TEST

START_TEST(bridge_fdb_as_linux)
{
	struct ndmsg nd = { .ndm_family = AF_BRIDGE_ };
	send_req(RTM_GETNEIGH, &nd, sizeof(nd));
	expect_dump(RTM_NEWNEIGH, cap_fdb);
}
END_TEST

START_TEST(fdb_filters_by_bridge_and_port)
{
	struct {
		struct ifinfomsg ifm;
		struct nlattr a;
		uint32_t master;
	} req = { { .ifi_family = AF_BRIDGE_ }, { 8, IFLA_MASTER }, 5 };
	send_req(RTM_GETNEIGH, &req, sizeof(req));
	/* vA: 3 of br0's + 3 of its own; br0: 5; t0: 2 + 2 */
	ck_assert_uint_eq(out.n, 16);
	nl_out_free(&out);
	nl_out_init(&out);
	req.ifm.ifi_index = 8;
	send_req(RTM_GETNEIGH, &req, sizeof(req));
	ck_assert_uint_eq(out.n, 5);
	nl_out_free(&out);
	nl_out_init(&out);
	req.a.nla_len = 0;   /* no attribute: ifi_index alone */
	req.master = 99;
	send_req(RTM_GETNEIGH, &req, sizeof(req.ifm));
	ck_assert_uint_eq(out.n, 5);
}
END_TEST

START_TEST(a_port_that_leaves_takes_its_local_entry)
{
	struct vn_link *t0 = &m.links[vn_link_by_name(&m, "t0") - m.links];
	t0->master = 0;
	/* the bridge keeps its address, which no port has now: its own entry */
	struct ndmsg nd = { .ndm_family = AF_BRIDGE_ };
	send_req(RTM_GETNEIGH, &nd, sizeof(nd));
	bool own = false;
	for (size_t i = 0; i + 1 < out.n; i++) {
		const struct ndmsg *x = NLMSG_DATA(msg(i));
		ck_assert_int_ne(x->ndm_ifindex == 8 && x->ndm_state == NUD_PERMANENT &&
				 !(x->ndm_flags & NTF_SELF), 1);
		own |= x->ndm_ifindex == 5 && !(x->ndm_flags & NTF_SELF);
	}
	ck_assert(own);
}
END_TEST

START_TEST(bridge_mdb_as_linux)
{
	char bpm[8] = { AF_BRIDGE_ };
	send_req(RTM_GETMDB, bpm, sizeof(bpm));
	expect_dump(RTM_GETMDB, cap_mdb);
}
END_TEST

START_TEST(strict_requests_are_checked)
{
	ctx.strict_chk = true;
	struct ifinfomsg ifm = { .ifi_family = AF_BRIDGE_, .ifi_index = 4 };
	send_req(RTM_GETLINK, &ifm, sizeof(ifm));
	char bpm[8] = { AF_BRIDGE_, 0, 0, 0, 5 };
	send_req(RTM_GETMDB, bpm, sizeof(bpm));
	struct ndmsg nd = { .ndm_family = AF_BRIDGE_, .ndm_state = NUD_PERMANENT };
	send_req(RTM_GETNEIGH, &nd, sizeof(nd));
	ck_assert_uint_eq(out.n, 3);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_uint_eq(msg(i)->nlmsg_type, NLMSG_DONE);
		ck_assert_int_eq(*(const int *)NLMSG_DATA(msg(i)), -22);
	}
}
END_TEST

static void expect_file(proc_gen_fn gen, const char *want)
{
	struct buf b;
	buf_init(&b);
	struct proc_ctx pc = { 0 };
	gen(&m, &pc, &b);
	ck_assert_str_eq(b.data ? b.data : "", want);
	buf_free(&b);
}

START_TEST(multicast_groups_as_linux)
{
	expect_file(gen_net_igmp, cap_igmp);
	expect_file(gen_net_igmp6, cap_igmp6);
	expect_file(gen_net_dev_mcast, cap_dev_mcast);
}
END_TEST

/* Without the history (links that never went down), all-nodes is the
 * first address of a device's list, and a snooping bridge's groups come
 * before all-hosts' (br_dev_open runs before NETDEV_UP). */
START_TEST(groups_of_links_never_cycled)
{
	for (size_t i = 0; i < m.nlinks; i++)
		m.links[i].mc_reloaded = false;
	struct buf b;
	buf_init(&b);
	struct proc_ctx pc = { 0 };
	gen_net_dev_mcast(&m, &pc, &b);
	ck_assert_str_eq(b.data,
			 "3    vB              1     0     333300000001\n"
			 "3    vB              1     0     01005e000001\n"
			 "3    vB              1     0     3333ffa7016a\n"
			 "4    vA              1     0     333300000001\n"
			 "4    vA              1     0     01005e000001\n"
			 "4    vA              1     0     3333ffd87b42\n"
			 "5    br0             1     0     333300000001\n"
			 "5    br0             1     0     01005e00006a\n"
			 "5    br0             1     0     33330000006a\n"
			 "5    br0             1     0     01005e000001\n"
			 "5    br0             1     0     3333ffd42019\n"
			 "6    vD              1     0     333300000001\n"
			 "7    vC              1     0     333300000001\n"
			 "8    t0              1     0     333300000001\n"
			 "8    t0              1     0     01005e000001\n");
	buf_free(&b);
}
END_TEST

/* The NOARP entries the output path makes for multicast destinations
 * are RTN_MULTICAST and hold no reference (captured: ff02::16 on vB). */
START_TEST(multicast_neighbours_as_linux)
{
	teardown();
	load("{\"links\":[{\"ifindex\":3,\"ifname\":\"vB\",\"address\":\"4e:e7:be:a7:01:6a\"}],"
	     "\"neighbours\":[{\"dst\":\"ff02::16\",\"dev\":\"vB\",\"lladdr\":\"33:33:00:00:00:16\","
	     "\"state\":[\"NOARP\"]}]}");
	struct ndmsg nd = { .ndm_family = AF_INET6 };
	send_req(RTM_GETNEIGH, &nd, sizeof(nd));
	static const char want[] =
		"\x0a\x00\x00\x00\x03\x00\x00\x00\x40\x00\x00\x05\x14\x00\x01\x00\xff\x02\x00\x00"
		"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x16\x0a\x00\x02\x00\x33\x33\x00\x00"
		"\x00\x16\x00\x00\x08\x00\x04\x00\x00\x00\x00\x00\x14\x00\x03\x00\x00\x00\x00\x00"
		"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";
	const struct nlmsghdr *h = msg(0);
	ck_assert_uint_eq(h->nlmsg_len - NLMSG_HDRLEN, sizeof(want) - 1);
	char got[sizeof(want)];
	memcpy(got, NLMSG_DATA(h), sizeof(want) - 1);
	zero_cacheinfo(got, sizeof(want) - 1);
	ck_assert(memcmp(got, want, sizeof(want) - 1) == 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bridge");
	TCase *tc = tcase_create("bridge");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, bridge_link_lists_ports_as_linux);
	tcase_add_test(tc, bridge_vlan_asks_for_bridges_too);
	tcase_add_test(tc, no_bridge_no_bridge_links);
	tcase_add_test(tc, bridge_fdb_as_linux);
	tcase_add_test(tc, fdb_filters_by_bridge_and_port);
	tcase_add_test(tc, a_port_that_leaves_takes_its_local_entry);
	tcase_add_test(tc, bridge_mdb_as_linux);
	tcase_add_test(tc, strict_requests_are_checked);
	tcase_add_test(tc, multicast_groups_as_linux);
	tcase_add_test(tc, groups_of_links_never_cycled);
	tcase_add_test(tc, multicast_neighbours_as_linux);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
