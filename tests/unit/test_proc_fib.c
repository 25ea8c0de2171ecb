/* /proc/net/fib_trie and fib_triestat against bytes captured
 * from real namespaces on Linux 6.18 (fib_captured.h). Each model holds
 * what the namespace held: its links, addresses (the kernel routes are
 * derived from them, as the scenario loader derives them) and the routes
 * the commands above the test added, in that order. Every namespace
 * started with `ip netns add NS; ip -n NS link set lo up`. */
#include <arpa/inet.h>
#include <check.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fib_captured.h"
#include "proc/proc_gen.h"

static struct vn_model m;
static struct buf out;

static void setup(void)
{
	vn_model_init(&m);
	buf_init(&out);
}

static void teardown(void)
{
	buf_free(&out);
	vn_model_free(&m);
}

#define UP_LO  (IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP)
#define UP_ETH (IFF_UP | IFF_BROADCAST | IFF_MULTICAST | IFF_RUNNING | IFF_LOWER_UP)

static void link_(int ifindex, const char *name, unsigned int flags)
{
	struct vn_link l = { .ifindex = ifindex, .flags = flags, .mtu = 1500,
			     .type = (flags & IFF_LOOPBACK) ? ARPHRD_LOOPBACK : ARPHRD_ETHER };
	strcpy(l.name, name);
	vn_model_add_link(&m, &l);
}

static void addr4(int ifindex, const char *a, int plen, const char *brd, uint32_t flags)
{
	struct vn_addr x = { .ifindex = ifindex, .family = AF_INET, .prefixlen = (uint8_t)plen,
			     .flags = flags, .valid_lft = VN_INFINITY_LIFE,
			     .preferred_lft = VN_INFINITY_LIFE };
	ck_assert_int_eq(inet_pton(AF_INET, a, x.local), 1);
	memcpy(x.peer, x.local, 4);
	if (brd) {
		ck_assert_int_eq(inet_pton(AF_INET, brd, x.broadcast), 1);
		x.has_broadcast = true;
	}
	vn_model_add_addr(&m, &x);
}

static struct vn_route *route(int family, uint32_t table, uint8_t type, uint8_t scope,
			      const char *dst, int len, const char *gw, int oif, uint32_t prio)
{
	struct vn_route r = { .family = (uint8_t)family, .table = table, .type = type,
			      .scope = scope, .protocol = RTPROT_BOOT, .dst_len = (uint8_t)len,
			      .oif = oif, .priority = prio, .has_priority = prio != 0 };
	ck_assert_int_eq(inet_pton(family, dst, r.dst), 1);
	if (gw) {
		ck_assert_int_eq(inet_pton(family, gw, r.gateway), 1);
		r.has_gateway = true;
	}
	return vn_model_add_route(&m, &r);
}

static void rule4(uint32_t prio, uint32_t table, const char *src, int src_len)
{
	struct vn_rule r = { .family = AF_INET, .action = FR_ACT_TO_TBL, .priority = prio,
			     .table = table, .src_len = (uint8_t)src_len,
			     .suppress_prefixlen = 0xffffffffu };
	if (src)
		ck_assert_int_eq(inet_pton(AF_INET, src, r.src), 1);
	vn_model_add_rule(&m, &r);
}

static void check_both(const char *trie, const char *stat)
{
	if (!m.nrules)
		vn_model_default_rules(&m);
	vn_model_derive_routes(&m);
	gen_net_fib_trie(&m, NULL, &out);
	ck_assert_str_eq(out.data, trie);
	buf_reset(&out);
	gen_net_fib_triestat(&m, NULL, &out);
	ck_assert_str_eq(out.data, stat);
}

static void lo_only(void)
{
	link_(1, "lo", UP_LO);
	addr4(1, "127.0.0.1", 8, NULL, IFA_F_PERMANENT);
}

/* Nothing but lo: main and local share one trie, printed twice. */
START_TEST(fresh_namespace)
{
	lo_only();
	link_(2, "p0", UP_ETH);
	link_(3, "eth0", UP_ETH);
	check_both(lo_fib_trie, lo_fib_triestat);
}
END_TEST

/* An empty namespace has no table at all: no lines, and only triestat's
 * first one. */
START_TEST(empty_namespace)
{
	gen_net_fib_trie(&m, NULL, &out);
	ck_assert_str_eq(out.data ? out.data : "", "");
	gen_net_fib_triestat(&m, NULL, &out);
	ck_assert_str_eq(out.data, "Basic info: size of leaf: 48 bytes, size of tnode: 40 bytes.\n");
}
END_TEST

/*   ip link add eth0 type veth peer name p0; ip link set p0 up; ip link set eth0 up
 *   ip addr add 10.0.2.15/24 brd + dev eth0; ip addr add 10.0.2.16/24 dev eth0
 *   ip route add default via 10.0.2.2
 *   ip route add 192.168.7.0/24 via 10.0.2.3 metric 50
 *   ip route add blackhole 10.66.0.0/16
 *   ip route add 10.0.2.0/24 dev eth0 metric 7 tos 0x10
 * Two aliases on one leaf (TOS first), a secondary address. */
START_TEST(veth_namespace)
{
	lo_only();
	link_(2, "p0", UP_ETH);
	link_(3, "eth0", UP_ETH);
	addr4(3, "10.0.2.15", 24, "10.0.2.255", IFA_F_PERMANENT);
	addr4(3, "10.0.2.16", 24, NULL, IFA_F_PERMANENT | IFA_F_SECONDARY);
	route(AF_INET, RT_TABLE_MAIN, RTN_UNICAST, RT_SCOPE_UNIVERSE, "0.0.0.0", 0, "10.0.2.2", 3, 0);
	route(AF_INET, RT_TABLE_MAIN, RTN_UNICAST, RT_SCOPE_UNIVERSE, "192.168.7.0", 24, "10.0.2.3", 3, 50);
	route(AF_INET, RT_TABLE_MAIN, RTN_BLACKHOLE, RT_SCOPE_UNIVERSE, "10.66.0.0", 16, NULL, 0, 0);
	route(AF_INET, RT_TABLE_MAIN, RTN_UNICAST, RT_SCOPE_LINK, "10.0.2.0", 24, NULL, 3, 7)->tos = 0x10;
	check_both(veth_fib_trie, veth_fib_triestat);
}
END_TEST

/*   ip link add x0 type veth peer name x1; ip link set x1 up; ip link set x0 up
 *   ip addr add 198.51.100.10/24 dev x0
 *   ip route add default via 198.51.100.1 table 100
 *   ip route add 203.0.113.0/24 via 198.51.100.2 table 100
 *   ip route add unreachable 192.0.2.0/24
 *   ip route add prohibit 192.0.2.128/25 table 100
 *   ip rule add from 198.51.100.0/24 table 100 priority 1000
 * A rule of its own splits local from main (fib_unmerge); table 100
 * (bucket 100) prints first. */
START_TEST(rules_split_local_from_main)
{
	lo_only();
	link_(2, "x1", UP_ETH);
	link_(3, "x0", UP_ETH);
	addr4(3, "198.51.100.10", 24, NULL, IFA_F_PERMANENT);
	route(AF_INET, 100, RTN_UNICAST, RT_SCOPE_UNIVERSE, "0.0.0.0", 0, "198.51.100.1", 3, 0);
	route(AF_INET, 100, RTN_UNICAST, RT_SCOPE_UNIVERSE, "203.0.113.0", 24, "198.51.100.2", 3, 0);
	route(AF_INET, RT_TABLE_MAIN, RTN_UNREACHABLE, RT_SCOPE_UNIVERSE, "192.0.2.0", 24, NULL, 0, 0);
	route(AF_INET, 100, RTN_PROHIBIT, RT_SCOPE_UNIVERSE, "192.0.2.128", 25, NULL, 0, 0);
	rule4(0, RT_TABLE_LOCAL, NULL, 0);
	rule4(1000, 100, "198.51.100.0", 24);
	rule4(32766, RT_TABLE_MAIN, NULL, 0);
	rule4(32767, RT_TABLE_DEFAULT, NULL, 0);
	check_both(tab_fib_trie, tab_fib_triestat);
	/* the namespace's own rules only: main and local print one trie */
	m.nrules = 0;
	vn_model_default_rules(&m);
	buf_reset(&out);
	gen_net_fib_trie(&m, NULL, &out);
	char *main_ = strstr(out.data, "Main:\n"), *local = strstr(out.data, "Local:\n");
	ck_assert(main_ && local && main_ < local);
	ck_assert_int_eq(strncmp(main_ + 6, local + 7, (size_t)(local - main_ - 6)), 0);
	ck_assert_uint_eq(strlen(local + 7), (size_t)(local - main_ - 6));
	ck_assert_ptr_nonnull(strstr(local, "/32 host LOCAL\n"));
	ck_assert_ptr_nonnull(strstr(local, "/24 universe UNREACHABLE\n"));
}
END_TEST

/*   ip link add d0 type veth peer name d1; ip link set d1 up; ip link set d0 up
 *   ip addr add 10.9.0.1/16 dev d0
 *   for i in 0 .. 11; do ip route add 10.$((i*16)).0.0/16 via 10.9.0.254; done
 * Twelve routes under 10/8 inflate its tnode to 4 bits (16 slots, 1 full
 * child, 4 empty). */
START_TEST(tnodes_inflate)
{
	lo_only();
	link_(2, "d1", UP_ETH);
	link_(3, "d0", UP_ETH);
	addr4(3, "10.9.0.1", 16, NULL, IFA_F_PERMANENT);
	for (int i = 0; i < 12; i++) {
		char dst[32];
		snprintf(dst, sizeof(dst), "10.%d.0.0", i * 16);
		route(AF_INET, RT_TABLE_MAIN, RTN_UNICAST, RT_SCOPE_UNIVERSE, dst, 16, "10.9.0.254", 3, 0);
	}
	check_both(inf_fib_trie, inf_fib_triestat);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("proc_fib");
	TCase *tc = tcase_create("proc_fib");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, fresh_namespace);
	tcase_add_test(tc, empty_namespace);
	tcase_add_test(tc, veth_namespace);
	tcase_add_test(tc, rules_split_local_from_main);
	tcase_add_test(tc, tnodes_inflate);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
