/* The smaller files of /proc/net a fresh namespace has (net_rt_cache.c,
 * net_stats.c, net_mcast.c, net_if_inet6.c, net_sock.c), against bytes
 * captured from Linux 6.18.44 x86_64 in a namespace where nothing had
 * been sent (`ip netns add NS; ip -n NS link set lo up`), and which of
 * them a kernel's build options leave out; rt6_stats from the IPv6 FIB. Values the host's traffic made
 * (stat/rt_cache's per-CPU counters) are masked to 0 in the capture. */
#include <arpa/inet.h>
#include <check.h>
#include <dirent.h>
#include <linux/rtnetlink.h>
#include <net/if_arp.h>
#include <stdlib.h>
#include <string.h>

#include "devconf.h"
#include "proc/proc_gen.h"
#include "proc/proc_listing.h"
#include "scenario.h"

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

static void link_(int ifindex, const char *name, unsigned int flags)
{
	struct vn_link l = { .ifindex = ifindex, .flags = flags, .mtu = 1500, .type = ARPHRD_ETHER };
	strcpy(l.name, name);
	vn_model_add_link(&m, &l);
}

/* cat /proc/net/dev_snmp6/lo */
static const char lo_dev_snmp6[] =
	"ifIndex                         \t1\n"
	"Ip6InReceives                   \t0\n"
	"Ip6InHdrErrors                  \t0\n"
	"Ip6InTooBigErrors               \t0\n"
	"Ip6InNoRoutes                   \t0\n"
	"Ip6InAddrErrors                 \t0\n"
	"Ip6InUnknownProtos              \t0\n"
	"Ip6InTruncatedPkts              \t0\n"
	"Ip6InDiscards                   \t0\n"
	"Ip6InDelivers                   \t0\n"
	"Ip6OutForwDatagrams             \t0\n"
	"Ip6OutRequests                  \t0\n"
	"Ip6OutDiscards                  \t0\n"
	"Ip6OutNoRoutes                  \t0\n"
	"Ip6ReasmTimeout                 \t0\n"
	"Ip6ReasmReqds                   \t0\n"
	"Ip6ReasmOKs                     \t0\n"
	"Ip6ReasmFails                   \t0\n"
	"Ip6FragOKs                      \t0\n"
	"Ip6FragFails                    \t0\n"
	"Ip6FragCreates                  \t0\n"
	"Ip6InMcastPkts                  \t0\n"
	"Ip6OutMcastPkts                 \t0\n"
	"Ip6InOctets                     \t0\n"
	"Ip6OutOctets                    \t0\n"
	"Ip6InMcastOctets                \t0\n"
	"Ip6OutMcastOctets               \t0\n"
	"Ip6InBcastOctets                \t0\n"
	"Ip6OutBcastOctets               \t0\n"
	"Ip6InNoECTPkts                  \t0\n"
	"Ip6InECT1Pkts                   \t0\n"
	"Ip6InECT0Pkts                   \t0\n"
	"Ip6InCEPkts                     \t0\n"
	"Ip6OutTransmits                 \t0\n"
	"Icmp6InMsgs                     \t0\n"
	"Icmp6InErrors                   \t0\n"
	"Icmp6OutMsgs                    \t0\n"
	"Icmp6OutErrors                  \t0\n"
	"Icmp6InCsumErrors               \t0\n"
	"Icmp6InDestUnreachs             \t0\n"
	"Icmp6InPktTooBigs               \t0\n"
	"Icmp6InTimeExcds                \t0\n"
	"Icmp6InParmProblems             \t0\n"
	"Icmp6InEchos                    \t0\n"
	"Icmp6InEchoReplies              \t0\n"
	"Icmp6InGroupMembQueries         \t0\n"
	"Icmp6InGroupMembResponses       \t0\n"
	"Icmp6InGroupMembReductions      \t0\n"
	"Icmp6InRouterSolicits           \t0\n"
	"Icmp6InRouterAdvertisements     \t0\n"
	"Icmp6InNeighborSolicits         \t0\n"
	"Icmp6InNeighborAdvertisements   \t0\n"
	"Icmp6InRedirects                \t0\n"
	"Icmp6InMLDv2Reports             \t0\n"
	"Icmp6OutDestUnreachs            \t0\n"
	"Icmp6OutPktTooBigs              \t0\n"
	"Icmp6OutTimeExcds               \t0\n"
	"Icmp6OutParmProblems            \t0\n"
	"Icmp6OutEchos                   \t0\n"
	"Icmp6OutEchoReplies             \t0\n"
	"Icmp6OutGroupMembQueries        \t0\n"
	"Icmp6OutGroupMembResponses      \t0\n"
	"Icmp6OutGroupMembReductions     \t0\n"
	"Icmp6OutRouterSolicits          \t0\n"
	"Icmp6OutRouterAdvertisements    \t0\n"
	"Icmp6OutNeighborSolicits        \t0\n"
	"Icmp6OutNeighborAdvertisements  \t0\n"
	"Icmp6OutRedirects               \t0\n"
	"Icmp6OutMLDv2Reports            \t0\n";



/* cat /proc/net/xfrm_stat; cat /proc/net/stat/rt_cache (2 CPUs); cat /proc/net/rt_cache */
static const char xfrm_stat[] =
	"XfrmInError             \t0\n"
	"XfrmInBufferError       \t0\n"
	"XfrmInHdrError          \t0\n"
	"XfrmInNoStates          \t0\n"
	"XfrmInStateProtoError   \t0\n"
	"XfrmInStateModeError    \t0\n"
	"XfrmInStateSeqError     \t0\n"
	"XfrmInStateExpired      \t0\n"
	"XfrmInStateMismatch     \t0\n"
	"XfrmInStateInvalid      \t0\n"
	"XfrmInTmplMismatch      \t0\n"
	"XfrmInNoPols            \t0\n"
	"XfrmInPolBlock          \t0\n"
	"XfrmInPolError          \t0\n"
	"XfrmOutError            \t0\n"
	"XfrmOutBundleGenError   \t0\n"
	"XfrmOutBundleCheckError \t0\n"
	"XfrmOutNoStates         \t0\n"
	"XfrmOutStateProtoError  \t0\n"
	"XfrmOutStateModeError   \t0\n"
	"XfrmOutStateSeqError    \t0\n"
	"XfrmOutStateExpired     \t0\n"
	"XfrmOutPolBlock         \t0\n"
	"XfrmOutPolDead          \t0\n"
	"XfrmOutPolError         \t0\n"
	"XfrmFwdHdrError         \t0\n"
	"XfrmOutStateInvalid     \t0\n"
	"XfrmAcquireError        \t0\n"
	"XfrmOutStateDirError    \t0\n"
	"XfrmInStateDirError     \t0\n"
	"XfrmInIptfsError        \t0\n"
	"XfrmOutNoQueueSpace     \t0\n";

static const char stat_rt_cache_2cpus[] =
	"entries  in_hit   in_slow_tot in_slow_mc in_no_route in_brd   in_martian_dst in_martian_src out_hit  out_slow_tot out_slow_mc gc_total gc_ignored gc_goal_miss gc_dst_overflow in_hlist_search out_hlist_search\n"
	"00000000 00000000 00000000    00000000   00000000    00000000 00000000       00000000       00000000 00000000     00000000    00000000 00000000   00000000     00000000        00000000        00000000\n"
	"00000000 00000000 00000000    00000000   00000000    00000000 00000000       00000000       00000000 00000000     00000000    00000000 00000000   00000000     00000000        00000000        00000000\n";

static const char rt_cache_header[] =
	"Iface\tDestination\tGateway \tFlags\t\tRefCnt\tUse\tMetric\tSource\t\tMTU\tWindow\tIRTT\tTOS\tHHRef\tHHUptod\tSpecDst                          \n";

START_TEST(counters_of_a_quiet_namespace)
{
	gen_net_dev_snmp6(&m, &(struct proc_ctx){ .dev = 1 }, &out);
	ck_assert_str_eq(out.data, lo_dev_snmp6);
	buf_reset(&out);
	gen_net_xfrm_stat(&m, NULL, &out);
	ck_assert_str_eq(out.data, xfrm_stat);
	buf_reset(&out);
	m.cpus = 2;
	gen_net_stat_rt_cache(&m, NULL, &out);
	ck_assert_str_eq(out.data, stat_rt_cache_2cpus);
}
END_TEST

START_TEST(headers_of_empty_tables)
{
	gen_net_rt_cache(&m, NULL, &out);
	ck_assert_str_eq(out.data, rt_cache_header);
	buf_reset(&out);
	gen_net_mcfilter(&m, NULL, &out);
	ck_assert_str_eq(out.data, "Idx Device        MCA        SRC    INC    EXC\n");
	buf_reset(&out);
	gen_net_mcfilter6(&m, NULL, &out);
	ck_assert_str_eq(out.data, "Idx Device                Multicast Address                   "
				   "Source Address    INC    EXC\n");
	buf_reset(&out);
	gen_net_ip6_flowlabel(&m, NULL, &out);
	ck_assert_str_eq(out.data, "Label S Owner  Users  Linger Expires  Dst                       "
				   "       Opt\n");
	buf_reset(&out);
	gen_net_anycast6(&m, NULL, &out);
	ck_assert_uint_eq(out.len, 0);
}
END_TEST

/* rt_acct: 256 realms of four u32 counters, binary */
START_TEST(rt_acct_is_binary)
{
	gen_net_rt_acct(&m, NULL, &out);
	ck_assert_uint_eq(out.len, 4096);
	for (size_t i = 0; i < out.len; i++)
		ck_assert_int_eq(out.data[i], 0);
}
END_TEST

static void anycast(int oif, const char *dst)
{
	struct vn_route r = { .family = AF_INET6, .table = RT_TABLE_LOCAL, .type = RTN_ANYCAST,
			      .protocol = RTPROT_KERNEL, .dst_len = 128, .oif = oif };
	ck_assert_int_eq(inet_pton(AF_INET6, dst, r.dst), 1);
	vn_model_add_route(&m, &r);
}

static void addr6(int ifindex, const char *a, int plen)
{
	struct vn_addr x = { .ifindex = ifindex, .family = AF_INET6, .prefixlen = (uint8_t)plen };
	ck_assert_int_eq(inet_pton(AF_INET6, a, x.local), 1);
	vn_model_add_addr(&m, &x);
}

/* With forwarding, a link joins the subnet-router anycast address of
 * each prefix:
 *   ip link add e0 type veth peer name e1; ip link set e0 up; ip link set e1 up
 *   sysctl -w net.ipv6.conf.all.forwarding=1
 *   ip addr add 2001:db8:5::1/64 dev e0 nodad; ip addr add 2001:db8:6::1/48 dev e0 nodad
 *   cat /proc/net/anycast6      (newest first) */
START_TEST(anycast6_of_a_router)
{
	link_(1, "lo", IFF_UP | IFF_LOOPBACK);
	link_(2, "e1", IFF_UP);
	link_(3, "e0", IFF_UP);
	addr6(3, "2001:db8:5::1", 64);
	addr6(3, "2001:db8:6::1", 48);
	anycast(3, "2001:db8:5::");
	anycast(3, "2001:db8:6::");
	gen_net_anycast6(&m, NULL, &out);
	ck_assert_str_eq(out.data,
		"3    e0              20010db8000600000000000000000000     1\n"
		"3    e0              20010db8000500000000000000000000     1\n");
}
END_TEST

static struct vn_route *route6(uint32_t table, uint8_t type, const char *dst, int len,
			       const char *gw, int oif, uint32_t prio)
{
	struct vn_route r = { .family = AF_INET6, .table = table, .type = type,
			      .protocol = gw ? RTPROT_BOOT : RTPROT_KERNEL, .dst_len = (uint8_t)len,
			      .oif = oif, .priority = prio, .has_priority = true };
	ck_assert_int_eq(inet_pton(AF_INET6, dst, r.dst), 1);
	if (gw) {
		ck_assert_int_eq(inet_pton(AF_INET6, gw, r.gateway), 1);
		r.has_gateway = true;
	}
	return vn_model_add_route(&m, &r);
}

/* A v6-only namespace (the integration suite's "v6only", accept_dad=0):
 *   ip link add v6 type veth peer name v6p; ip link set v6p up; ip link set v6 up
 *   ip addr add 2001:db8:1::1/64 dev v6; ip addr add 2001:db8:2::1/48 dev v6
 *   ip -6 route add 2001:db8:3::/64 via 2001:db8:1::fe metric 10
 *   ip -6 route add default via 2001:db8:1::fd
 *   cat /proc/net/rt6_stats  ->  0010 000a 000b 000d 0000 0000 0000
 * 16 trie nodes (10 with routes, 6 made by splits), 13 routes; the third
 * column counts what traffic allocated, which the model has none of. */
START_TEST(rt6_stats_counts_the_trie)
{
	link_(1, "lo", IFF_UP | IFF_LOOPBACK);
	link_(2, "v6p", IFF_UP);
	link_(3, "v6", IFF_UP);
	static const struct { uint32_t table; uint8_t type; const char *dst; int len, oif;
			      uint32_t prio; const char *gw; } r6[] = {
		{ RT_TABLE_MAIN, RTN_UNICAST, "2001:db8:1::", 64, 3, 256, NULL },
		{ RT_TABLE_MAIN, RTN_UNICAST, "2001:db8:2::", 48, 3, 256, NULL },
		{ RT_TABLE_MAIN, RTN_UNICAST, "2001:db8:3::", 64, 3, 10, "2001:db8:1::fe" },
		{ RT_TABLE_MAIN, RTN_UNICAST, "fe80::", 64, 3, 256, NULL },
		{ RT_TABLE_MAIN, RTN_UNICAST, "fe80::", 64, 2, 256, NULL },
		{ RT_TABLE_MAIN, RTN_UNICAST, "::", 0, 3, 1024, "2001:db8:1::fd" },
		{ RT_TABLE_LOCAL, RTN_LOCAL, "::1", 128, 1, 0, NULL },
		{ RT_TABLE_LOCAL, RTN_LOCAL, "2001:db8:1::1", 128, 3, 0, NULL },
		{ RT_TABLE_LOCAL, RTN_LOCAL, "2001:db8:2::1", 128, 3, 0, NULL },
		{ RT_TABLE_LOCAL, RTN_LOCAL, "fe80::1092:12ff:fe33:e2a7", 128, 3, 0, NULL },
		{ RT_TABLE_LOCAL, RTN_LOCAL, "fe80::ac31:e0ff:fede:1b90", 128, 2, 0, NULL },
		{ RT_TABLE_LOCAL, RTN_MULTICAST, "ff00::", 8, 3, 256, NULL },
		{ RT_TABLE_LOCAL, RTN_MULTICAST, "ff00::", 8, 2, 256, NULL },
	};
	for (size_t i = 0; i < sizeof(r6) / sizeof(r6[0]); i++)
		route6(r6[i].table, r6[i].type, r6[i].dst, r6[i].len, r6[i].gw, r6[i].oif, r6[i].prio);
	gen_net_rt6_stats(&m, NULL, &out);
	ck_assert_str_eq(out.data, "0010 000a 0000 000d 0000 0000 0000\n");
	/* a fresh namespace: ::1 alone */
	vn_model_free(&m);
	vn_model_init(&m);
	link_(1, "lo", IFF_UP | IFF_LOOPBACK);
	route6(RT_TABLE_LOCAL, RTN_LOCAL, "::1", 128, NULL, 1, 0);
	buf_reset(&out);
	gen_net_rt6_stats(&m, NULL, &out);
	ck_assert_str_eq(out.data, "0001 0001 0000 0001 0000 0000 0000\n");
}
END_TEST

static void load(const char *text)
{
	struct vn_model x;
	char err[256];
	vn_model_init(&x);
	ck_assert_msg(vn_scenario_load_string(&x, text, strlen(text), "t", err, sizeof(err)) == 0,
		      "%s", err);
	vn_model_free(&x);
}

static bool listed(const struct proc_entry *dir, const char *name)
{
	struct proc_listing l = { 0 };
	bool found = false;
	proc_listing_rows(&l, dir, &m);
	for (size_t i = 0; i < l.n; i++)
		found = found || strcmp(l.e[i].name, name) == 0;
	proc_listing_free(&l);
	return found;
}

/* rt_acct needs CONFIG_IP_ROUTE_CLASSID and xfrm_stat
 * CONFIG_XFRM_STATISTICS: without them, neither looked up nor listed. */
START_TEST(files_follow_the_kernels_options)
{
	const struct proc_entry *net = proc_lookup(&proc_task_entry, "net");
	load("{\"kernel\": {\"ip_route_classid\": false}}");
	ck_assert_ptr_null(proc_lookup(net, "rt_acct"));
	ck_assert(!listed(net, "rt_acct"));
	ck_assert_ptr_nonnull(proc_lookup(net, "xfrm_stat"));
	ck_assert(listed(net, "xfrm_stat"));
	load("{\"kernel\": {\"xfrm_statistics\": false}}");
	ck_assert_ptr_nonnull(proc_lookup(net, "rt_acct"));
	ck_assert_ptr_null(proc_lookup(net, "xfrm_stat"));
	ck_assert(!listed(net, "xfrm_stat"));
	load("{}");
	ck_assert_ptr_nonnull(proc_lookup(net, "rt_acct"));
	ck_assert(listed(net, "xfrm_stat"));
}
END_TEST

/* dev_snmp6: a file per link, no "all" nor "default"; stat/: rt_cache */
START_TEST(per_link_and_stat_directories)
{
	link_(1, "lo", IFF_UP | IFF_LOOPBACK);
	link_(2, "p0", IFF_UP);
	link_(3, "eth0", IFF_UP);
	const struct proc_entry *net = proc_lookup(&proc_task_entry, "net");
	const struct proc_entry *d = proc_lookup(net, "dev_snmp6");
	ck_assert_int_eq(d->kind, PK_DEVS);
	struct proc_listing l = { 0 };
	proc_listing_rows(&l, d, &m);
	proc_listing_sort(&l, d->order);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.e[0].name, "lo");   /* ls -f: lo p0 eth0 */
	ck_assert_str_eq(l.e[1].name, "p0");
	ck_assert_str_eq(l.e[2].name, "eth0");
	ck_assert_int_eq(l.e[0].type, DT_REG);
	proc_listing_free(&l);
	ck_assert_int_eq(proc_devs_dev(d, &m, "eth0"), 3);
	ck_assert_int_eq(proc_devs_dev(d, &m, "all"), 0);
	ck_assert_int_eq(proc_devs_dev(d, &m, "default"), 0);
	ck_assert_ptr_eq(proc_lookup(d, "eth0")->gen, gen_net_dev_snmp6);
	const struct proc_entry *stat = proc_lookup(net, "stat");
	ck_assert_ptr_eq(proc_lookup(stat, "rt_cache")->gen, gen_net_stat_rt_cache);
	ck_assert_ptr_null(proc_lookup(stat, "arp_cache"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("proc_net_misc");
	TCase *tc = tcase_create("proc_net_misc");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, counters_of_a_quiet_namespace);
	tcase_add_test(tc, headers_of_empty_tables);
	tcase_add_test(tc, rt_acct_is_binary);
	tcase_add_test(tc, anycast6_of_a_router);
	tcase_add_test(tc, rt6_stats_counts_the_trie);
	tcase_add_test(tc, files_follow_the_kernels_options);
	tcase_add_test(tc, per_link_and_stat_directories);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
