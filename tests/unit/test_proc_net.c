/* /proc/net/{dev,route,if_inet6,ipv6_route}: the generators against bytes
 * captured from real network namespaces on Linux 6.18 (iproute2 6.1). Each
 * expected string has the commands that produced it above it; the models
 * below hold the same state. */
#include <arpa/inet.h>
#include <check.h>
#include <linux/rtnetlink.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void link_(int ifindex, const char *name, unsigned int flags)
{
	struct vn_link l = { .ifindex = ifindex, .flags = flags, .mtu = 1500,
			     .type = (flags & IFF_LOOPBACK) ? ARPHRD_LOOPBACK : ARPHRD_ETHER };
	strcpy(l.name, name);
	vn_model_add_link(&m, &l);
}

/* The test's own link, to set its counters. */
static struct vn_link *link_mut(int ifindex)
{
	const struct vn_link *l = vn_link_by_index(&m, ifindex);
	ck_assert_ptr_nonnull(l);
	return &m.links[l - m.links];
}

static void addr6(int ifindex, const char *a, int plen, uint32_t flags, uint32_t valid)
{
	struct vn_addr x = { .ifindex = ifindex, .family = AF_INET6, .prefixlen = (uint8_t)plen,
			     .flags = flags, .valid_lft = valid, .preferred_lft = valid };
	ck_assert_int_eq(inet_pton(AF_INET6, a, x.local), 1);
	memcpy(x.peer, x.local, 16);
	vn_model_add_addr(&m, &x);
}

static struct vn_route *route(int family, uint32_t table, uint8_t type, uint8_t proto,
			      const char *dst, int len, const char *gw, int oif, uint32_t prio)
{
	struct vn_route r = { .family = (uint8_t)family, .table = table, .type = type,
			      .protocol = proto, .dst_len = (uint8_t)len, .oif = oif,
			      .priority = prio, .has_priority = true };
	ck_assert_int_eq(inet_pton(family, dst, r.dst), 1);
	if (gw) {
		ck_assert_int_eq(inet_pton(family, gw, r.gateway), 1);
		r.has_gateway = true;
	}
	return vn_model_add_route(&m, &r);
}

#define UP_LO  (IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP)
#define UP_ETH (IFF_UP | IFF_BROADCAST | IFF_MULTICAST | IFF_RUNNING | IFF_LOWER_UP)

/* The namespace of the dev, route and if_inet6 tests:
 *   ip netns add t8; ip netns exec t8 sh
 *   ip link set lo up
 *   ip link add eth0 type veth peer name abcdefghijklmno   # peer gets ifindex 2
 *   ip link set eth0 up; ip link set abcdefghijklmno up
 *   ip addr add 10.0.2.15/24 dev eth0
 *   ip addr add 10.0.3.1/24 dev abcdefghijklmno
 *   ip route add default via 10.0.2.2
 *   ip route add default via 10.0.2.5 metric 10
 *   ip route add 192.168.5.7 via 10.0.2.3 dev eth0
 *   ip route add blackhole 10.9.0.0/16
 *   ip route add unreachable 10.10.0.0/16
 *   ip route add 172.16.0.0/12 dev eth0 metric 100
 *   ip route add 10.30.0.0/16 dev abcdefghijklmno
 *   ip addr add 2001:db8::15/64 dev eth0 nodad
 *   ip addr add fec0::1/64 dev eth0 nodad
 *   ip addr add 2001:db8:1::1/64 dev abcdefghijklmno
 *   ip addr add ::1.2.3.4/96 dev abcdefghijklmno nodad
 *   sleep 3      # DAD
 *   then three 100-byte UDP broadcasts to 10.0.2.255:9 and one to 127.0.0.1:9
 *   (python3 socket.sendto), and the counters `ip -s -s link` shows. */
static void t8_links(void)
{
	link_(1, "lo", UP_LO);
	link_(3, "eth0", UP_ETH);
	link_(2, "abcdefghijklmno", UP_ETH);
	struct vn_link *lo = link_mut(1);
	lo->stats.rx_bytes = lo->stats.tx_bytes = 104;
	lo->stats.rx_packets = lo->stats.tx_packets = 2;
	struct vn_link *p = link_mut(2);
	p->stats.rx_bytes = 1262; p->stats.rx_packets = 11;
	p->stats.tx_bytes = 922;  p->stats.tx_packets = 9;
	struct vn_link *e = link_mut(3);
	e->stats.rx_bytes = 922;  e->stats.rx_packets = 9;
	e->stats.tx_bytes = 1262; e->stats.tx_packets = 11;
}

/* cat /proc/net/dev in t8 */
static const char t8_dev[] =
	"Inter-|   Receive                                                |  Transmit\n"
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
	"    lo:     104       2    0    0    0     0          0         0      104       2    0    0    0     0       0          0\n"
	"abcdefghijklmno:    1262      11    0    0    0     0          0         0      922       9    0    0    0     0       0          0\n"
	"  eth0:     922       9    0    0    0     0          0         0     1262      11    0    0    0     0       0          0\n";

START_TEST(dev_real_namespace)
{
	t8_links();
	gen_net_dev(&m, NULL, &out);
	ck_assert_str_eq(out.data, t8_dev);
}
END_TEST

/* Folding as dev_seq_printf_stats does (no live capture: veth never counts
 * these errors): drop 3 = rx_dropped 1 + rx_missed 2, frame 4+5+6+7 = 22,
 * carrier 8+9+10+11 = 38; 2^40 bytes widen their column. */
START_TEST(dev_folds_error_counters)
{
	link_(7, "e", UP_ETH);
	struct vn_link *e = link_mut(7);
	e->stats = (struct vn_link_stats){
		.rx_bytes = 1099511627776ull, .rx_packets = 12345678, .rx_errors = 99,
		.rx_dropped = 1, .rx_missed_errors = 2, .rx_fifo_errors = 3,
		.rx_length_errors = 4, .rx_over_errors = 5, .rx_crc_errors = 6,
		.rx_frame_errors = 7, .rx_compressed = 13, .multicast = 14,
		.tx_bytes = 15, .tx_packets = 16, .tx_errors = 17, .tx_dropped = 18,
		.tx_fifo_errors = 19, .collisions = 20, .tx_carrier_errors = 8,
		.tx_aborted_errors = 9, .tx_window_errors = 10, .tx_heartbeat_errors = 11,
		.tx_compressed = 21, .rx_nohandler = 500 };
	gen_net_dev(&m, NULL, &out);
	ck_assert_str_eq(out.data,
		"Inter-|   Receive                                                |  Transmit\n"
		" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
		"     e:1099511627776 12345678   99    3    3    22         13        14       15      16   17   18   19    20      38         21\n");
}
END_TEST

/* The IPv4 routes of t8, in a scrambled order (the file sorts them), plus
 * the table local routes the kernel made, which the file leaves out. */
static void t8_routes4(void)
{
	route(AF_INET, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT, "172.16.0.0", 12, NULL, 3, 100);
	route(AF_INET, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT, "192.168.5.7", 32, "10.0.2.3", 3, 0);
	route(AF_INET, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT, "0.0.0.0", 0, "10.0.2.5", 3, 10);
	route(AF_INET, RT_TABLE_LOCAL, RTN_LOCAL, RTPROT_KERNEL, "10.0.2.15", 32, NULL, 3, 0);
	route(AF_INET, RT_TABLE_LOCAL, RTN_BROADCAST, RTPROT_KERNEL, "10.0.2.255", 32, NULL, 3, 0);
	route(AF_INET, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_KERNEL, "10.0.2.0", 24, NULL, 3, 0);
	route(AF_INET, RT_TABLE_MAIN, RTN_UNREACHABLE, RTPROT_BOOT, "10.10.0.0", 16, NULL, 0, 0);
	route(AF_INET, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT, "10.30.0.0", 16, NULL, 2, 0);
	route(AF_INET, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT, "0.0.0.0", 0, "10.0.2.2", 3, 0);
	route(AF_INET, RT_TABLE_MAIN, RTN_BLACKHOLE, RTPROT_BOOT, "10.9.0.0", 16, NULL, 0, 0);
	route(AF_INET, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_KERNEL, "10.0.3.0", 24, NULL, 2, 0);
	route(AF_INET, RT_TABLE_LOCAL, RTN_LOCAL, RTPROT_KERNEL, "10.0.3.1", 32, NULL, 2, 0);
}

/* cat /proc/net/route in t8 */
static const char t8_route[] =
	"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT                                                       \n"
	"eth0\t00000000\t0202000A\t0003\t0\t0\t0\t00000000\t0\t0\t0                                                                               \n"
	"eth0\t00000000\t0502000A\t0003\t0\t0\t10\t00000000\t0\t0\t0                                                                              \n"
	"eth0\t0002000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0                                                                               \n"
	"abcdefghijklmno\t0003000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0                                                                    \n"
	"*\t0000090A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0                                                                                  \n"
	"*\t00000A0A\t00000000\t0201\t0\t0\t0\t0000FFFF\t0\t0\t0                                                                                  \n"
	"abcdefghijklmno\t00001E0A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0                                                                    \n"
	"eth0\t000010AC\t00000000\t0001\t0\t0\t100\t0000F0FF\t0\t0\t0                                                                             \n"
	"eth0\t0705A8C0\t0302000A\t0007\t0\t0\t0\tFFFFFFFF\t0\t0\t0                                                                               \n";

START_TEST(route_real_namespace)
{
	t8_links();
	t8_routes4();
	gen_net_route(&m, NULL, &out);
	ck_assert_str_eq(out.data, t8_route);
}
END_TEST

/* Within one key: longest prefix, then TOS descending, then metric:
 *   ip route add 10.0.0.0/8 via 10.0.2.2
 *   ip route add 10.0.0.0/16 via 10.0.2.2
 *   ip route add 10.0.0.0/16 via 10.0.2.4 metric 5
 *   ip route add 10.0.0.0/16 via 10.0.2.6 metric 3 tos 0x10
 *   ip route add 0.0.0.0/1 via 10.0.2.2
 * (lines from the same namespace as the capture above, t2 in the notes). */
START_TEST(route_order_within_a_key)
{
	link_(3, "eth0", UP_ETH);
	route(AF_INET, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT, "10.0.0.0", 8, "10.0.2.2", 3, 0);
	route(AF_INET, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT, "10.0.0.0", 16, "10.0.2.2", 3, 0);
	route(AF_INET, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT, "10.0.0.0", 16, "10.0.2.4", 3, 5);
	route(AF_INET, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT, "10.0.0.0", 16, "10.0.2.6", 3, 3)->tos = 0x10;
	route(AF_INET, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT, "0.0.0.0", 1, "10.0.2.2", 3, 0);
	route(AF_INET, RT_TABLE_MAIN, RTN_PROHIBIT, RTPROT_BOOT, "10.11.0.0", 16, NULL, 0, 0);
	route(AF_INET, RT_TABLE_MAIN, RTN_THROW, RTPROT_BOOT, "10.12.0.0", 16, NULL, 0, 0);
	route(AF_INET, RT_TABLE_MAIN, RTN_LOCAL, RTPROT_BOOT, "10.40.0.1", 32, NULL, 3, 0);
	route(AF_INET, RT_TABLE_MAIN, RTN_BROADCAST, RTPROT_BOOT, "10.40.0.255", 32, NULL, 3, 0);
	route(AF_INET, 100, RTN_UNICAST, RTPROT_BOOT, "10.50.0.0", 16, NULL, 3, 0);
	gen_net_route(&m, NULL, &out);
	ck_assert_str_eq(out.data,
		"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT                                                       \n"
		"eth0\t00000000\t0202000A\t0003\t0\t0\t0\t00000080\t0\t0\t0                                                                               \n"
		"eth0\t0000000A\t0602000A\t0003\t0\t0\t3\t0000FFFF\t0\t0\t0                                                                               \n"
		"eth0\t0000000A\t0202000A\t0003\t0\t0\t0\t0000FFFF\t0\t0\t0                                                                               \n"
		"eth0\t0000000A\t0402000A\t0003\t0\t0\t5\t0000FFFF\t0\t0\t0                                                                               \n"
		"eth0\t0000000A\t0202000A\t0003\t0\t0\t0\t000000FF\t0\t0\t0                                                                               \n"
		"*\t00000B0A\t00000000\t0201\t0\t0\t0\t0000FFFF\t0\t0\t0                                                                                  \n"
		"*\t00000C0A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0                                                                                  \n"
		"eth0\t0100280A\t00000000\t0005\t0\t0\t0\tFFFFFFFF\t0\t0\t0                                                                               \n");
}
END_TEST

START_TEST(route_empty_main_is_the_header)
{
	gen_net_route(&m, NULL, &out);
	ck_assert_str_eq(out.data,
		"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT                                                       \n");
}
END_TEST

/* cat /proc/net/if_inet6 in t8, its lines put in veneer's order (by
 * ifindex, then as `ip -6 addr` lists each link): the kernel's own order is
 * a per-namespace random hash order. IFA_F_PERMANENT 0x80, IFA_F_NODAD 0x02. */
static const char t8_if_inet6[] =
	"00000000000000000000000000000001 01 80 10 80       lo\n"
	"00000000000000000000000001020304 02 60 80 82 abcdefghijklmno\n"
	"20010db8000100000000000000000001 02 40 00 80 abcdefghijklmno\n"
	"fe800000000000003ccd25fffeef00b7 02 40 20 80 abcdefghijklmno\n"
	"20010db8000000000000000000000015 03 40 00 82     eth0\n"
	"fec00000000000000000000000000001 03 40 40 82     eth0\n"
	"fe80000000000000240659fffe08db6e 03 40 20 80     eth0\n";

START_TEST(if_inet6_real_namespace)
{
	t8_links();
	addr6(3, "2001:db8::15", 64, 0x82, VN_INFINITY_LIFE);
	addr6(1, "::1", 128, 0x80, VN_INFINITY_LIFE);
	addr6(2, "::1.2.3.4", 96, 0x82, VN_INFINITY_LIFE);
	addr6(2, "2001:db8:1::1", 64, 0x80, VN_INFINITY_LIFE);
	addr6(3, "fec0::1", 64, 0x82, VN_INFINITY_LIFE);
	addr6(2, "fe80::3ccd:25ff:feef:b7", 64, 0x80, VN_INFINITY_LIFE);
	addr6(3, "fe80::2406:59ff:fe08:db6e", 64, 0x80, VN_INFINITY_LIFE);
	struct vn_addr v4 = { .ifindex = 3, .family = AF_INET, .prefixlen = 24 };
	inet_pton(AF_INET, "10.0.2.15", v4.local);
	vn_model_add_addr(&m, &v4);
	gen_net_if_inet6(&m, NULL, &out);
	ck_assert_str_eq(out.data, t8_if_inet6);
}
END_TEST

/* The flag byte and the scope column (from the address, not the rtnetlink
 * scope): deprecated 0x20, tentative 0x40, dynamic (no PERMANENT), ifindex
 * past 255 in three digits. */
START_TEST(if_inet6_flags_and_scope)
{
	link_(300, "v", UP_ETH);
	addr6(300, "2001:db8:6::1", 64, 0xa2, VN_INFINITY_LIFE);
	addr6(300, "fd00::1", 64, 0x02 | 0x100, 3600);      /* + IFA_F_MANAGETEMPADDR */
	addr6(300, "fe80::1", 64, 0xc0, VN_INFINITY_LIFE);
	addr6(300, "::ffff:10.0.0.1", 128, 0x80, VN_INFINITY_LIFE);
	gen_net_if_inet6(&m, NULL, &out);
	ck_assert_str_eq(out.data,
		"20010db8000600000000000000000001 12c 40 00 a2        v\n"
		"fd000000000000000000000000000001 12c 40 00 02        v\n"
		"fe800000000000000000000000000001 12c 40 20 c0        v\n"
		"00000000000000000000ffff0a000001 12c 80 00 80        v\n");
}
END_TEST

/* ipv6_route, main and local tables:
 *   ip netns add t6p; ip netns add t6; ip netns exec t6 sh
 *   ip link set lo up
 *   sysctl -w net.ipv6.conf.default.accept_dad=0 \
 *             net.ipv6.conf.default.router_solicitations=0 net.ipv6.conf.all.accept_dad=0
 *   ip link add eth0 type veth peer name eth0p netns t6p
 *   ip -n t6p link set eth0p up; ip link set eth0 up
 *   ip addr add 2001:db8::15/64 dev eth0
 *   ip addr add fd00::1/64 dev eth0 valid_lft 3600 preferred_lft 1800
 *   ip -6 route add default via 2001:db8::1 dev eth0
 *   ip -6 route add 2001:db8:100::/48 via 2001:db8::2 metric 100
 *   ip -6 route add blackhole 2001:db8:200::/48
 * The routes go into the model in the order the kernel added them, which
 * decides which routes the trie's intermediate nodes hold (the RefCnt
 * column): ::1 is held by the node splitting it from 2001:db8::15, fe80::/64
 * by the one splitting it from fd00::/64, 2001:db8::/64 by two. */
static const char t6_ipv6_route[] =
	"20010db8000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000003 00000000 00000001     eth0\n"
	"20010db8010000000000000000000000 30 00000000000000000000000000000000 00 20010db8000000000000000000000002 00000064 00000001 00000000 00000003     eth0\n"
	"20010db8020000000000000000000000 30 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000001 00000000 00200200       lo\n"
	"fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00400001     eth0\n"
	"fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000002 00000000 00000001     eth0\n"
	"00000000000000000000000000000000 00 00000000000000000000000000000000 00 20010db8000000000000000000000001 00000400 00000001 00000000 00000003     eth0\n"
	"00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000003 00000000 80200001       lo\n"
	"20010db8000000000000000000000015 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001     eth0\n"
	"fd000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001     eth0\n"
	"fe800000000000005898cffffe024a21 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001     eth0\n"
	/* the live namespace showed 00000005 here: two MLD reports cached
	 * their dst on this route; veneer renders the idle count */
	"ff000000000000000000000000000000 08 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000003 00000000 00000001     eth0\n"
	"00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n";

static void t6_model(void)
{
	link_(1, "lo", UP_LO);
	link_(2, "eth0", UP_ETH);
	addr6(2, "fd00::1", 64, 0x00, 3600);
	addr6(2, "2001:db8::15", 64, 0x80, VN_INFINITY_LIFE);
	addr6(2, "fe80::5898:cfff:fe02:4a21", 64, 0x80, VN_INFINITY_LIFE);
	route(AF_INET6, RT_TABLE_LOCAL, RTN_LOCAL, RTPROT_KERNEL, "::1", 128, NULL, 1, 0);
	route(AF_INET6, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_KERNEL, "fe80::", 64, NULL, 2, 256);
	route(AF_INET6, RT_TABLE_LOCAL, RTN_MULTICAST, RTPROT_KERNEL, "ff00::", 8, NULL, 2, 256);
	route(AF_INET6, RT_TABLE_LOCAL, RTN_LOCAL, RTPROT_KERNEL, "fe80::5898:cfff:fe02:4a21", 128, NULL, 2, 0);
	route(AF_INET6, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_KERNEL, "2001:db8::", 64, NULL, 2, 256);
	route(AF_INET6, RT_TABLE_LOCAL, RTN_LOCAL, RTPROT_KERNEL, "2001:db8::15", 128, NULL, 2, 0);
	route(AF_INET6, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_KERNEL, "fd00::", 64, NULL, 2, 256);
	route(AF_INET6, RT_TABLE_LOCAL, RTN_LOCAL, RTPROT_KERNEL, "fd00::1", 128, NULL, 2, 0);
	route(AF_INET6, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT, "::", 0, "2001:db8::1", 2, 1024);
	route(AF_INET6, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT, "2001:db8:100::", 48, "2001:db8::2", 2, 100);
	route(AF_INET6, RT_TABLE_MAIN, RTN_BLACKHOLE, RTPROT_BOOT, "2001:db8:200::", 48, NULL, 0, 1024);
}

START_TEST(ipv6_route_real_namespace)
{
	t6_model();
	gen_net_ipv6_route(&m, NULL, &out);
	ck_assert_str_eq(out.data, t6_ipv6_route);
}
END_TEST

/* A fresh namespace before and after `ip link set lo up`: the two tables'
 * roots hold the null entry; main (254) walks before local (255). */
START_TEST(ipv6_route_fresh_namespace)
{
	static const char null_line[] =
		"00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
		"00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n";
	link_(1, "lo", IFF_LOOPBACK);
	gen_net_ipv6_route(&m, NULL, &out);
	char two[512];
	snprintf(two, sizeof(two), "%s%s", null_line, null_line);
	ck_assert_str_eq(out.data, two);

	buf_reset(&out);
	route(AF_INET6, RT_TABLE_LOCAL, RTN_LOCAL, RTPROT_KERNEL, "::1", 128, NULL, 1, 0);
	gen_net_ipv6_route(&m, NULL, &out);
	char three[1024];
	snprintf(three, sizeof(three), "%s%s%s", null_line,
		 "00000000000000000000000000000001 80 00000000000000000000000000000000 00 "
		 "00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo\n",
		 null_line);
	ck_assert_str_eq(out.data, three);
}
END_TEST

/* Tables by hash bucket (id & 255), newest first in a bucket; pref bits;
 * user local/anycast routes; reject routes lose every other flag (pref
 * too) and go to lo, and so does a unicast route through lo; a "from"
 * route sits in a source subtree visited before the node's own routes,
 * and every subtree holds the null entry once more:
 *   ip netns add t9; ip netns exec t9 sh
 *   ip link set lo up
 *   sysctl -w net.ipv6.conf.default.accept_dad=0 \
 *             net.ipv6.conf.default.router_solicitations=0 net.ipv6.conf.all.accept_dad=0
 *   ip link add eth0 type veth peer name eth9p netns t6p
 *   ip -n t6p link set eth9p up; ip link set eth0 up
 *   ip addr add 2001:db8::15/64 dev eth0
 *   ip -6 route add table 100 2001:db8:400::/48 dev eth0
 *   ip -6 route add table 356 2001:db8:500::/48 dev eth0
 *   ip -6 route add 2001:db8:100::/48 via 2001:db8::3 dev eth0 metric 50 pref high
 *   ip -6 route add 2001:db8:100::/56 dev eth0 pref low
 *   ip -6 route add unreachable 2001:db8:201::/48 pref high
 *   ip -6 route add local 2001:db8:700::1 dev eth0
 *   ip -6 route add anycast 2001:db8:701::1 dev eth0
 *   ip -6 route add unicast 2001:db8:703::/64 dev lo
 *   ip -6 route add 2001:db8:600::/48 from 2001:db8::/64 via 2001:db8::1 dev eth0
 *   cat /proc/net/ipv6_route */
static const char t9_ipv6_route[] =
	"20010db8050000000000000000000000 30 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000001 00000000 00000001     eth0\n"
	"00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000002 00000000 00200200       lo\n"
	"20010db8040000000000000000000000 30 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000001 00000000 00000001     eth0\n"
	"00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000002 00000000 00200200       lo\n"
	"20010db8000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000004 00000000 00000001     eth0\n"
	"20010db8010000000000000000000000 38 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000001 00000000 18000001     eth0\n"
	"20010db8010000000000000000000000 30 00000000000000000000000000000000 00 20010db8000000000000000000000003 00000032 00000001 00000000 08000003     eth0\n"
	"20010db8020100000000000000000000 30 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000001 00000000 00200200       lo\n"
	"20010db8060000000000000000000000 30 20010db8000000000000000000000000 40 20010db8000000000000000000000001 00000400 00000002 00000000 00000003     eth0\n"
	"20010db8070300000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000002 00000000 00200200       lo\n"
	"fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n"
	"00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000002 00000000 00200200       lo\n"
	"00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000003 00000000 80200001       lo\n"
	"20010db8000000000000000000000015 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000003 00000000 80200001     eth0\n"
	"20010db8070000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000002 00000000 80000001     eth0\n"
	"20010db8070100000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000001 00000000 00000001     eth0\n"
	"fe80000000000000ac7d88fffe60d229 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001     eth0\n"
	/* live: 00000004, two more from MLD reports' cached dsts */
	"ff000000000000000000000000000000 08 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000002 00000000 00000001     eth0\n"
	"00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000002 00000000 00200200       lo\n";

START_TEST(ipv6_route_tables_flags_subtrees)
{
	link_(1, "lo", UP_LO);
	link_(2, "eth0", UP_ETH);
	addr6(2, "2001:db8::15", 64, 0x80, VN_INFINITY_LIFE);
	addr6(2, "fe80::ac7d:88ff:fe60:d229", 64, 0x80, VN_INFINITY_LIFE);
	/* in the order the kernel added them */
	route(AF_INET6, RT_TABLE_LOCAL, RTN_LOCAL, RTPROT_KERNEL, "::1", 128, NULL, 1, 0);
	route(AF_INET6, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_KERNEL, "fe80::", 64, NULL, 2, 256);
	route(AF_INET6, RT_TABLE_LOCAL, RTN_MULTICAST, RTPROT_KERNEL, "ff00::", 8, NULL, 2, 256);
	route(AF_INET6, RT_TABLE_LOCAL, RTN_LOCAL, RTPROT_KERNEL, "fe80::ac7d:88ff:fe60:d229", 128, NULL, 2, 0);
	route(AF_INET6, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_KERNEL, "2001:db8::", 64, NULL, 2, 256);
	route(AF_INET6, RT_TABLE_LOCAL, RTN_LOCAL, RTPROT_KERNEL, "2001:db8::15", 128, NULL, 2, 0);
	route(AF_INET6, 100, RTN_UNICAST, RTPROT_BOOT, "2001:db8:400::", 48, NULL, 2, 1024);
	route(AF_INET6, 356, RTN_UNICAST, RTPROT_BOOT, "2001:db8:500::", 48, NULL, 2, 1024);
	route(AF_INET6, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT, "2001:db8:100::", 48, "2001:db8::3", 2, 50)->pref = 1;
	route(AF_INET6, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT, "2001:db8:100::", 56, NULL, 2, 1024)->pref = 3;
	route(AF_INET6, RT_TABLE_MAIN, RTN_UNREACHABLE, RTPROT_BOOT, "2001:db8:201::", 48, NULL, 0, 1024)->pref = 1;
	route(AF_INET6, RT_TABLE_LOCAL, RTN_LOCAL, RTPROT_BOOT, "2001:db8:700::1", 128, NULL, 2, 1024);
	route(AF_INET6, RT_TABLE_LOCAL, RTN_ANYCAST, RTPROT_BOOT, "2001:db8:701::1", 128, NULL, 2, 1024);
	route(AF_INET6, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT, "2001:db8:703::", 64, NULL, 1, 1024);
	struct vn_route *s = route(AF_INET6, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT,
				   "2001:db8:600::", 48, "2001:db8::1", 2, 1024);
	s->src_len = 64;
	inet_pton(AF_INET6, "2001:db8::", s->src);
	gen_net_ipv6_route(&m, NULL, &out);
	ck_assert_str_eq(out.data, t9_ipv6_route);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("proc_net");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, dev_real_namespace);
	tcase_add_test(tc, dev_folds_error_counters);
	tcase_add_test(tc, route_real_namespace);
	tcase_add_test(tc, route_order_within_a_key);
	tcase_add_test(tc, route_empty_main_is_the_header);
	tcase_add_test(tc, if_inet6_real_namespace);
	tcase_add_test(tc, if_inet6_flags_and_scope);
	tcase_add_test(tc, ipv6_route_real_namespace);
	tcase_add_test(tc, ipv6_route_fresh_namespace);
	tcase_add_test(tc, ipv6_route_tables_flags_subtrees);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
