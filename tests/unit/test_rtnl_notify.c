/* Notifications: the group each message goes to, and the header the
 * kernel gives it (checked against `ip monitor` and a raw subscriber on
 * Linux 6.18 in a namespace built like the integration suite's veth
 * fixture): changes a request makes carry its port id and seq, those the
 * kernel derives port 0 and seq 0; new routes NLM_F_CREATE|NLM_F_EXCL. */
#include <arpa/inet.h>
#include <check.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "model_change.h"
#include "netlink/nl_handler.h"
#include "netlink/rtnl_notify.h"
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

struct sent {
	uint16_t type, flags;
	uint32_t seq, pid;
	unsigned group;
	bool report;
};
static struct sent sent[32];
static size_t nsent;

static void capture(void *arg, const struct nlmsghdr *h, size_t len, unsigned group, bool report)
{
	(void)arg;
	ck_assert_uint_eq(len, h->nlmsg_len);
	if (nsent < 32)
		sent[nsent++] = (struct sent){ h->nlmsg_type, h->nlmsg_flags, h->nlmsg_seq,
					       h->nlmsg_pid, group, report };
}

static void setup(void)
{
	char err[256];
	vn_model_init(&m);
	ck_assert_msg(vn_scenario_load_string(&m, fixture, strlen(fixture), "fixture", err, sizeof(err)) == 0, "%s", err);
	nl_out_init(&out);
	nsent = 0;
}

static void teardown(void)
{
	nl_out_free(&out);
	vn_model_free(&m);
}

static void send_req(struct nlmsghdr *h)
{
	h->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	h->nlmsg_seq = 4242;
	struct nl_mcast mc = { .send = capture };
	struct nl_ctx ctx = { .model = &m, .portid = 77, .cap_net_admin = true, .mcast = &mc };
	rtnl_rcv(&ctx, h, h->nlmsg_len, &out);
}

START_TEST(groups_per_type_and_family)
{
	ck_assert_uint_eq(rtnl_notify_group(RTM_NEWLINK, AF_UNSPEC), RTNLGRP_LINK);
	ck_assert_uint_eq(rtnl_notify_group(RTM_DELADDR, AF_INET), RTNLGRP_IPV4_IFADDR);
	ck_assert_uint_eq(rtnl_notify_group(RTM_NEWADDR, AF_INET6), RTNLGRP_IPV6_IFADDR);
	ck_assert_uint_eq(rtnl_notify_group(RTM_NEWROUTE, AF_INET), RTNLGRP_IPV4_ROUTE);
	ck_assert_uint_eq(rtnl_notify_group(RTM_DELROUTE, AF_INET6), RTNLGRP_IPV6_ROUTE);
	ck_assert_uint_eq(rtnl_notify_group(RTM_NEWNEIGH, AF_INET6), RTNLGRP_NEIGH);
	ck_assert_uint_eq(rtnl_notify_group(RTM_NEWRULE, AF_INET), RTNLGRP_IPV4_RULE);
	ck_assert_uint_eq(rtnl_notify_group(RTM_DELRULE, AF_INET6), RTNLGRP_IPV6_RULE);
	ck_assert_uint_eq(rtnl_notify_group(RTM_NEWNETCONF, AF_INET6), RTNLGRP_IPV6_NETCONF);
	ck_assert_uint_eq(rtnl_notify_group(RTM_GETLINK, AF_UNSPEC), 0);
	/* sockaddr_nl.nl_groups: the group's bit, none above 32 */
	ck_assert_uint_eq(rtnl_group_mask(RTNLGRP_IPV4_ROUTE), 0x40);
	ck_assert_uint_eq(rtnl_group_mask(RTNLGRP_IPV6_RULE), 0x40000);
	ck_assert_uint_eq(rtnl_group_mask(33), 0);
}
END_TEST

/* ip addr add 10.9.0.1/24 dev eth0: the address from the request, then
 * fib_add_ifaddr's local, prefix and broadcast routes from the kernel. */
START_TEST(address_then_kernel_routes)
{
	char buf[256] = { 0 };
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	h->nlmsg_type = RTM_NEWADDR;
	h->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(h, sizeof(*ifa));
	*ifa = (struct ifaddrmsg){ .ifa_family = AF_INET, .ifa_prefixlen = 24,
				   .ifa_index = (uint32_t)vn_link_by_name(&m, "eth0")->ifindex };
	uint32_t a = inet_addr("10.9.0.1");
	mnl_attr_put(h, IFA_LOCAL, 4, &a);
	mnl_attr_put(h, IFA_ADDRESS, 4, &a);
	send_req(h);
	ck_assert_uint_eq(nsent, 4);
	ck_assert_uint_eq(sent[0].type, RTM_NEWADDR);
	ck_assert_uint_eq(sent[0].group, RTNLGRP_IPV4_IFADDR);
	ck_assert_uint_eq(sent[0].flags, 0);
	ck_assert_uint_eq(sent[0].pid, 77);
	ck_assert_uint_eq(sent[0].seq, 4242);
	for (size_t i = 1; i < 4; i++) {
		ck_assert_uint_eq(sent[i].type, RTM_NEWROUTE);
		ck_assert_uint_eq(sent[i].flags, NLM_F_CREATE | NLM_F_EXCL);
		ck_assert_uint_eq(sent[i].pid, 0);
		ck_assert_uint_eq(sent[i].seq, 0);
		ck_assert(!sent[i].report);
	}
	/* notified before the ack */
	ck_assert_uint_eq(out.n, 1);
}
END_TEST

static void route_req(uint16_t flags, const char *gw)
{
	char buf[256] = { 0 };
	struct nlmsghdr *h = mnl_nlmsg_put_header(buf);
	h->nlmsg_type = RTM_NEWROUTE;
	h->nlmsg_flags = flags;
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(h, sizeof(*rtm));
	*rtm = (struct rtmsg){ .rtm_family = AF_INET, .rtm_dst_len = 16, .rtm_table = RT_TABLE_MAIN,
			       .rtm_protocol = RTPROT_BOOT, .rtm_type = RTN_UNICAST };
	uint32_t dst = inet_addr("10.50.0.0"), g = inet_addr(gw);
	mnl_attr_put(h, RTA_DST, 4, &dst);
	mnl_attr_put(h, RTA_GATEWAY, 4, &g);
	send_req(h);
}

/* fib_table_insert's flags: EXCL|CREATE for a new prefix, CREATE|APPEND,
 * CREATE alone when prepending, REPLACE; NLM_F_ECHO reports to the
 * requester. */
START_TEST(route_flags_as_fib_table_insert)
{
	route_req(NLM_F_CREATE | NLM_F_REPLACE, "10.0.2.1");
	route_req(NLM_F_CREATE | NLM_F_APPEND, "10.0.2.2");
	route_req(NLM_F_CREATE, "10.0.2.3");
	route_req(NLM_F_CREATE | NLM_F_REPLACE | NLM_F_ECHO, "10.0.2.4");
	ck_assert_uint_eq(nsent, 4);
	ck_assert_uint_eq(sent[0].flags, NLM_F_CREATE | NLM_F_EXCL);
	ck_assert_uint_eq(sent[1].flags, NLM_F_CREATE | NLM_F_APPEND);
	ck_assert_uint_eq(sent[2].flags, NLM_F_CREATE);
	ck_assert_uint_eq(sent[3].flags, NLM_F_REPLACE);
	ck_assert(!sent[2].report);
	ck_assert(sent[3].report);
	ck_assert_uint_eq(sent[3].pid, 77);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtnl_notify");
	TCase *tc = tcase_create("rtnl_notify");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, groups_per_type_and_family);
	tcase_add_test(tc, address_then_kernel_routes);
	tcase_add_test(tc, route_flags_as_fib_table_insert);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
