/* Changes to the model through RTM_NEW / DEL requests, against what Linux
 * 6.18 did in a namespace built like the integration suite's veth fixture
 * (lo; p0 and eth0 a veth pair, both up; 10.0.2.15/24 brd +, 10.0.2.16/24
 * (secondary), 2001:db8::15/64 on eth0; default via 10.0.2.2) given
 *   ip addr add 10.9.0.1/24 dev eth0; ip link set eth0 mtu 1400
 *   ip route add 10.10.0.0/16 via 10.9.0.254; ip addr del 10.0.2.16/24 dev eth0
 *   ip link set p0 down
 * and the errors `ip` met there (File exists, No such process, Nexthop has
 * invalid gateway, ipv4: Address not found). */
#include "model.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>

#include "model_change.h"
#include "netlink/nl_handler.h"
#include "scenario.h"

static const char fixture[] =
	"{\"links\": ["
	"{\"ifindex\": 1, \"ifname\": \"lo\", \"flags\": [\"LOOPBACK\",\"UP\",\"LOWER_UP\"], \"link_type\": \"loopback\","
	" \"addr_info\": [{\"family\": \"inet\", \"local\": \"127.0.0.1\", \"prefixlen\": 8, \"scope\": \"host\"},"
	"                {\"family\": \"inet6\", \"local\": \"::1\", \"prefixlen\": 128, \"scope\": \"host\"}]},"
	"{\"ifindex\": 2, \"ifname\": \"p0\", \"link\": \"eth0\", \"flags\": [\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"],"
	" \"linkinfo\": {\"info_kind\": \"veth\"}, \"address\": \"da:e4:23:f8:06:14\","
	" \"addr_info\": [{\"family\": \"inet6\", \"local\": \"fe80::d8e4:23ff:fef8:614\", \"prefixlen\": 64, \"scope\": \"link\"}]},"
	"{\"ifindex\": 3, \"ifname\": \"eth0\", \"link\": \"p0\", \"flags\": [\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"],"
	" \"linkinfo\": {\"info_kind\": \"veth\"}, \"address\": \"52:54:00:12:34:56\","
	" \"addr_info\": [{\"family\": \"inet\", \"local\": \"10.0.2.15\", \"prefixlen\": 24, \"broadcast\": \"10.0.2.255\", \"scope\": \"global\"},"
	"                {\"family\": \"inet\", \"local\": \"10.0.2.16\", \"prefixlen\": 24, \"scope\": \"global\", \"secondary\": true},"
	"                {\"family\": \"inet6\", \"local\": \"2001:db8::15\", \"prefixlen\": 64, \"scope\": \"global\"},"
	"                {\"family\": \"inet6\", \"local\": \"fe80::5054:ff:fe12:3456\", \"prefixlen\": 64, \"scope\": \"link\"}]}],"
	" \"routes\": [{\"dst\": \"default\", \"gateway\": \"10.0.2.2\", \"dev\": \"eth0\"}]}";

static struct vn_model m;
static struct nl_out out;
static char buf[4096];

static void setup(void)
{
	char err[256];
	vn_model_init(&m);
	ck_assert_msg(vn_scenario_load_string(&m, fixture, strlen(fixture), "fixture", err, sizeof(err)) == 0, "%s", err);
	nl_out_init(&out);
}

static void teardown(void)
{
	nl_out_free(&out);
	vn_model_free(&m);
}

/* Send one request as ip does (NLM_F_REQUEST | NLM_F_ACK | flags) and
 * return the errno of its NLMSG_ERROR. */
static int send_req(struct nlmsghdr *h)
{
	h->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	struct nl_ctx ctx = { .model = &m, .portid = 77, .cap_net_admin = true };
	out.n = out.head = 0;
	out.data.len = 0;
	rtnl_rcv(&ctx, h, h->nlmsg_len, &out);
	ck_assert_uint_eq(out.n, 1);
	const struct nlmsghdr *e = (const void *)(out.data.data + out.marks[0].off);
	ck_assert_uint_eq(e->nlmsg_type, NLMSG_ERROR);
	return -((const struct nlmsgerr *)NLMSG_DATA(e))->error;
}

static int addr_req(uint16_t type, uint16_t flags, const char *a, int plen, int ifindex)
{
	memset(buf, 0, sizeof(buf));
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(h, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (uint8_t)plen;
	ifa->ifa_index = (uint32_t)ifindex;
	struct in_addr x;
	inet_pton(AF_INET, a, &x);
	mnl_attr_put(h, IFA_LOCAL, 4, &x);
	mnl_attr_put(h, IFA_ADDRESS, 4, &x);
	return send_req(h);
}

static int route_req(uint16_t type, uint16_t flags, const char *dst, int plen, const char *gw)
{
	memset(buf, 0, sizeof(buf));
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(h, sizeof(*rtm));
	*rtm = (struct rtmsg){ .rtm_family = AF_INET, .rtm_dst_len = (uint8_t)plen,
			       .rtm_table = RT_TABLE_MAIN, .rtm_protocol = RTPROT_BOOT,
			       .rtm_scope = type == RTM_DELROUTE ? RT_SCOPE_NOWHERE : RT_SCOPE_UNIVERSE,
			       .rtm_type = type == RTM_DELROUTE ? 0 : RTN_UNICAST };
	struct in_addr x;
	inet_pton(AF_INET, dst, &x);
	mnl_attr_put(h, RTA_DST, 4, &x);
	if (gw) {
		inet_pton(AF_INET, gw, &x);
		mnl_attr_put(h, RTA_GATEWAY, 4, &x);
	}
	return send_req(h);
}

static int link_req(int ifindex, unsigned flags, unsigned change, int mtu)
{
	memset(buf, 0, sizeof(buf));
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	h->nlmsg_type = RTM_NEWLINK;
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(h, sizeof(*ifi));
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = flags;
	ifi->ifi_change = change;
	if (mtu)
		mnl_attr_put_u32(h, IFLA_MTU, (uint32_t)mtu);
	return send_req(h);
}

/* `ip route show table all` (IPv4) in short: table type dst/len dev [linkdown] */
static void routes_v4(char *s, size_t n)
{
	s[0] = '\0';
	for (size_t i = 0; i < m.nroutes; i++) {
		const struct vn_route *r = &m.routes[i];
		if (r->family != AF_INET)
			continue;
		char d[INET_ADDRSTRLEN];
		inet_ntop(AF_INET, r->dst, d, sizeof(d));
		size_t l = strlen(s);
		snprintf(s + l, n - l, "%u %u %s/%u %d%s\n", r->table, r->type, d, r->dst_len, r->oif,
			 (r->flags & RTNH_F_LINKDOWN) ? " linkdown" : "");
	}
}

START_TEST(script_matches_linux)
{
	const uint16_t add = NLM_F_CREATE | NLM_F_EXCL;
	ck_assert_int_eq(addr_req(RTM_NEWADDR, add, "10.9.0.1", 24, 3), 0);
	ck_assert_int_eq(link_req(3, 0, 0, 1400), 0);
	ck_assert_int_eq(route_req(RTM_NEWROUTE, add, "10.10.0.0", 16, "10.9.0.254"), 0);
	ck_assert_int_eq(addr_req(RTM_DELADDR, 0, "10.0.2.16", 24, 3), 0);
	ck_assert_int_eq(link_req(2, 0, IFF_UP, 0), 0);
	char got[2048];
	routes_v4(got, sizeof(got));
	/* what Linux listed, in its order (254 main, 255 local; 1 unicast,
	 * 2 local, 3 broadcast) */
	ck_assert_str_eq(got,
		"254 1 0.0.0.0/0 3 linkdown\n"
		"254 1 10.0.2.0/24 3 linkdown\n"
		"254 1 10.9.0.0/24 3 linkdown\n"
		"254 1 10.10.0.0/16 3 linkdown\n"
		"255 2 10.0.2.15/32 3\n"
		"255 3 10.0.2.255/32 3 linkdown\n"
		"255 2 10.9.0.1/32 3\n"
		"255 3 10.9.0.255/32 3 linkdown\n"
		"255 2 127.0.0.0/8 1\n"
		"255 2 127.0.0.1/32 1\n"
		"255 3 127.255.255.255/32 1\n");
	const struct vn_link *eth0 = vn_link_by_index(&m, 3), *p0 = vn_link_by_index(&m, 2);
	ck_assert_uint_eq(eth0->mtu, 1400);
	ck_assert_uint_eq(eth0->flags, IFF_UP | IFF_BROADCAST | IFF_MULTICAST);   /* NO-CARRIER */
	ck_assert_uint_eq(eth0->operstate, 3);   /* LOWERLAYERDOWN */
	ck_assert_uint_eq(p0->flags, IFF_BROADCAST | IFF_MULTICAST);
	/* addresses: 10.0.2.15 then 10.9.0.1 (a new primary after the last) */
	ck_assert_uint_eq(m.addrs[2].local[1], 0);
	ck_assert_uint_eq(m.addrs[3].local[1], 9);
}
END_TEST

START_TEST(errors_are_linuxs)
{
	const uint16_t add = NLM_F_CREATE | NLM_F_EXCL;
	ck_assert_int_eq(route_req(RTM_NEWROUTE, add, "0.0.0.0", 0, "10.0.2.2"), EEXIST);
	ck_assert_int_eq(route_req(RTM_DELROUTE, 0, "10.77.0.0", 16, NULL), ESRCH);
	ck_assert_int_eq(route_req(RTM_NEWROUTE, add, "10.10.0.0", 16, "10.9.0.254"), ENETUNREACH);
	ck_assert_int_eq(route_req(RTM_NEWROUTE, NLM_F_REPLACE, "10.51.0.0", 16, "10.0.2.3"), ENOENT);
	ck_assert_int_eq(addr_req(RTM_DELADDR, 0, "10.1.1.1", 24, 3), EADDRNOTAVAIL);
	ck_assert_int_eq(addr_req(RTM_NEWADDR, add, "10.0.2.15", 24, 3), EEXIST);
	ck_assert_int_eq(addr_req(RTM_NEWADDR, add, "10.0.2.15", 24, 9), ENODEV);
	ck_assert_int_eq(link_req(3, 0, 0, 20), EINVAL);
	/* deleting a primary takes its secondary (promote_secondaries 0) */
	ck_assert_int_eq(addr_req(RTM_DELADDR, 0, "10.0.2.15", 24, 3), 0);
	for (size_t i = 0; i < m.naddrs; i++)
		ck_assert(m.addrs[i].family != AF_INET || m.addrs[i].ifindex != 3);
}
END_TEST

START_TEST(down_and_up_as_linux)
{
	ck_assert_int_eq(link_req(3, 0, IFF_UP, 0), 0);
	char got[2048];
	routes_v4(got, sizeof(got));
	/* only the local routes stay; IPv6 addresses go with keep_addr_on_down 0 */
	ck_assert_str_eq(got,
		"255 2 10.0.2.15/32 3\n"
		"255 2 10.0.2.16/32 3\n"
		"255 2 127.0.0.0/8 1\n"
		"255 2 127.0.0.1/32 1\n"
		"255 3 127.255.255.255/32 1\n");
	for (size_t i = 0; i < m.naddrs; i++)
		ck_assert(m.addrs[i].family != AF_INET6 || m.addrs[i].ifindex != 3);
	ck_assert_int_eq(link_req(3, IFF_UP, IFF_UP, 0), 0);
	routes_v4(got, sizeof(got));
	ck_assert_str_eq(got,
		"254 1 10.0.2.0/24 3\n"
		"255 2 10.0.2.15/32 3\n"
		"255 2 10.0.2.16/32 3\n"
		"255 3 10.0.2.255/32 3\n"
		"255 2 127.0.0.0/8 1\n"
		"255 2 127.0.0.1/32 1\n"
		"255 3 127.255.255.255/32 1\n");
	/* the EUI-64 link-local address is back, alone */
	size_t v6 = 0;
	for (size_t i = 0; i < m.naddrs; i++)
		if (m.addrs[i].family == AF_INET6 && m.addrs[i].ifindex == 3) {
			char a[INET6_ADDRSTRLEN];
			inet_ntop(AF_INET6, m.addrs[i].local, a, sizeof(a));
			ck_assert_str_eq(a, "fe80::5054:ff:fe12:3456");
			v6++;
		}
	ck_assert_uint_eq(v6, 1);
}
END_TEST

START_TEST(route_append_prepend_order)
{
	ck_assert_int_eq(route_req(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, "10.50.0.0", 16, "10.0.2.1"), 0);
	ck_assert_int_eq(route_req(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_APPEND, "10.50.0.0", 16, "10.0.2.2"), 0);
	ck_assert_int_eq(route_req(RTM_NEWROUTE, NLM_F_CREATE, "10.50.0.0", 16, "10.0.2.3"), 0);
	ck_assert_int_eq(route_req(RTM_NEWROUTE, NLM_F_CREATE, "10.50.0.0", 16, "10.0.2.3"), EEXIST);
	uint8_t order[3];
	size_t n = 0;
	for (size_t i = 0; i < m.nroutes; i++)
		if (m.routes[i].dst_len == 16 && m.routes[i].dst[1] == 50)
			order[n++] = m.routes[i].gateway[3];
	ck_assert_uint_eq(n, 3);
	/* Linux lists prepend, replace's, append */
	ck_assert_uint_eq(order[0], 3);
	ck_assert_uint_eq(order[1], 1);
	ck_assert_uint_eq(order[2], 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("model_change");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, script_matches_linux);
	tcase_add_test(tc, errors_are_linuxs);
	tcase_add_test(tc, down_and_up_as_linux);
	tcase_add_test(tc, route_append_prepend_order);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
