/* IFLA_LINKINFO of bridge, bridge ports and tap against the bytes Linux 6.18
 * sends, and RTM_GETNETCONF. The links come from a scenario that gives no
 * kind data, so the defaults (bridge id from the address, port numbers in
 * joining order, a port without carrier disabled) are what is tested.
 *
 * Captured (tests in tests/integration/it_rtnl.py build the same):
 *   ip link add br0 type bridge; ip link add veth0 type veth peer name veth1
 *   ip link set veth1 master br0; ip link set br0 up; ip link set veth0 up
 *   ip link set veth1 up; ip tuntap add tap0 mode tap
 *   ip link set tap0 master br0; ip link set tap0 up
 * with the values the model does not track zeroed in the capture: bridge
 * timers and IFLA_BR_FDB_N_LEARNED, port timers and IFLA_BRPORT_MCAST_N_GROUPS. */
#include "model.h"

#include <check.h>
#include <errno.h>
#include <linux/netconf.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netlink/nl_handler.h"
#include "scenario.h"

static const char scenario[] =
	"{\"links\": ["
	"{\"ifindex\":1,\"ifname\":\"lo\",\"flags\":[\"LOOPBACK\",\"UP\",\"LOWER_UP\"]},"
	"{\"ifindex\":2,\"ifname\":\"br0\",\"address\":\"02:50:aa:ee:b6:69\",\"linkinfo\":{\"info_kind\":\"bridge\"}},"
	"{\"ifindex\":3,\"ifname\":\"veth1\",\"link\":\"veth0\",\"master\":\"br0\",\"address\":\"02:50:aa:ee:b6:69\",\"linkinfo\":{\"info_kind\":\"veth\"}},"
	"{\"ifindex\":4,\"ifname\":\"veth0\",\"link\":\"veth1\",\"linkinfo\":{\"info_kind\":\"veth\"}},"
	"{\"ifindex\":5,\"ifname\":\"tap0\",\"master\":\"br0\",\"flags\":[\"NO-CARRIER\",\"BROADCAST\",\"MULTICAST\",\"UP\"],"
	"\"linkinfo\":{\"info_kind\":\"tun\",\"info_data\":{\"type\":\"tap\"}}}"
	"]}";

struct li_expect {
	int ifindex;
	size_t len;
	const char *bytes;
};

static const struct li_expect expected[] = {
	{ 2, 412, "\x9c\x01\x12\x00\x0b\x00\x01\x00\x62\x72\x69\x64\x67\x65\x00\x00\x8c\x01\x02\x00\x0c\x00\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0c\x00\x11\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0c\x00\x12\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0c\x00\x13\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x01\x00\xdc\x05\x00\x00\x08\x00\x02\x00\xc8\x00\x00\x00\x08\x00\x03\x00\xd0\x07\x00\x00\x08\x00\x04\x00\x30\x75\x00\x00\x08\x00\x05\x00\x00\x00\x00\x00\x06\x00\x06\x00\x00\x80\x00\x00\x05\x00\x07\x00\x00\x00\x00\x00\x06\x00\x09\x00\x00\x00\x00\x00\x0c\x00\x0b\x00\x80\x00\x02\x50\xaa\xee\xb6\x69\x0c\x00\x0a\x00\x80\x00\x02\x50\xaa\xee\xb6\x69\x06\x00\x0c\x00\x00\x00\x00\x00\x08\x00\x0d\x00\x00\x00\x00\x00\x05\x00\x0e\x00\x00\x00\x00\x00\x05\x00\x0f\x00\x00\x00\x00\x00\x0a\x00\x14\x00\x01\x80\xc2\x00\x00\x00\x00\x00\x0c\x00\x2e\x00\x00\x00\x00\x00\x1f\x00\x00\x00\x08\x00\x30\x00\x00\x00\x00\x00\x08\x00\x31\x00\x00\x00\x00\x00\x05\x00\x16\x00\x01\x00\x00\x00\x05\x00\x17\x00\x01\x00\x00\x00\x05\x00\x18\x00\x00\x00\x00\x00\x05\x00\x19\x00\x00\x00\x00\x00\x05\x00\x2a\x00\x00\x00\x00\x00\x08\x00\x1a\x00\x10\x00\x00\x00\x08\x00\x1b\x00\x00\x10\x00\x00\x08\x00\x1c\x00\x02\x00\x00\x00\x08\x00\x1d\x00\x02\x00\x00\x00\x05\x00\x2b\x00\x02\x00\x00\x00\x05\x00\x2c\x00\x01\x00\x00\x00\x0c\x00\x1e\x00\x64\x00\x00\x00\x00\x00\x00\x00\x0c\x00\x1f\x00\x90\x65\x00\x00\x00\x00\x00\x00\x0c\x00\x20\x00\x9c\x63\x00\x00\x00\x00\x00\x00\x0c\x00\x21\x00\xd4\x30\x00\x00\x00\x00\x00\x00\x0c\x00\x22\x00\xe8\x03\x00\x00\x00\x00\x00\x00\x0c\x00\x23\x00\x34\x0c\x00\x00\x00\x00\x00\x00\x05\x00\x24\x00\x00\x00\x00\x00\x05\x00\x25\x00\x00\x00\x00\x00\x05\x00\x26\x00\x00\x00\x00\x00" },
	{ 3, 364, "\x6c\x01\x12\x00\x09\x00\x01\x00\x76\x65\x74\x68\x00\x00\x00\x00\x0b\x00\x04\x00\x62\x72\x69\x64\x67\x65\x00\x00\x50\x01\x05\x00\x05\x00\x01\x00\x03\x00\x00\x00\x06\x00\x02\x00\x20\x00\x00\x00\x08\x00\x03\x00\x02\x00\x00\x00\x05\x00\x04\x00\x00\x00\x00\x00\x05\x00\x05\x00\x00\x00\x00\x00\x05\x00\x06\x00\x00\x00\x00\x00\x05\x00\x07\x00\x00\x00\x00\x00\x05\x00\x1c\x00\x00\x00\x00\x00\x05\x00\x08\x00\x01\x00\x00\x00\x05\x00\x09\x00\x01\x00\x00\x00\x05\x00\x1b\x00\x01\x00\x00\x00\x05\x00\x1e\x00\x01\x00\x00\x00\x05\x00\x0a\x00\x00\x00\x00\x00\x05\x00\x0c\x00\x00\x00\x00\x00\x0c\x00\x0d\x00\x80\x00\x02\x50\xaa\xee\xb6\x69\x0c\x00\x0e\x00\x80\x00\x02\x50\xaa\xee\xb6\x69\x06\x00\x0f\x00\x01\x80\x00\x00\x06\x00\x10\x00\x00\x00\x00\x00\x06\x00\x11\x00\x01\x80\x00\x00\x06\x00\x12\x00\x01\x00\x00\x00\x05\x00\x13\x00\x00\x00\x00\x00\x05\x00\x14\x00\x00\x00\x00\x00\x05\x00\x1d\x00\x00\x00\x00\x00\x06\x00\x1f\x00\x00\x00\x00\x00\x05\x00\x20\x00\x00\x00\x00\x00\x05\x00\x23\x00\x00\x00\x00\x00\x05\x00\x24\x00\x00\x00\x00\x00\x05\x00\x21\x00\x00\x00\x00\x00\x05\x00\x27\x00\x00\x00\x00\x00\x05\x00\x28\x00\x00\x00\x00\x00\x05\x00\x2b\x00\x00\x00\x00\x00\x0c\x00\x15\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0c\x00\x16\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0c\x00\x17\x00\x00\x00\x00\x00\x00\x00\x00\x00\x05\x00\x19\x00\x01\x00\x00\x00\x08\x00\x25\x00\x00\x02\x00\x00\x08\x00\x26\x00\x00\x00\x00\x00\x08\x00\x29\x00\x00\x00\x00\x00\x08\x00\x2a\x00\x00\x00\x00\x00" },
	{ 4, 16, "\x10\x00\x12\x00\x09\x00\x01\x00\x76\x65\x74\x68\x00\x00\x00\x00" },
	{ 5, 404, "\x94\x01\x12\x00\x08\x00\x01\x00\x74\x75\x6e\x00\x2c\x00\x02\x00\x05\x00\x03\x00\x02\x00\x00\x00\x05\x00\x04\x00\x00\x00\x00\x00\x05\x00\x05\x00\x00\x00\x00\x00\x05\x00\x06\x00\x01\x00\x00\x00\x05\x00\x07\x00\x00\x00\x00\x00\x0b\x00\x04\x00\x62\x72\x69\x64\x67\x65\x00\x00\x50\x01\x05\x00\x05\x00\x01\x00\x00\x00\x00\x00\x06\x00\x02\x00\x20\x00\x00\x00\x08\x00\x03\x00\x02\x00\x00\x00\x05\x00\x04\x00\x00\x00\x00\x00\x05\x00\x05\x00\x00\x00\x00\x00\x05\x00\x06\x00\x00\x00\x00\x00\x05\x00\x07\x00\x00\x00\x00\x00\x05\x00\x1c\x00\x00\x00\x00\x00\x05\x00\x08\x00\x01\x00\x00\x00\x05\x00\x09\x00\x01\x00\x00\x00\x05\x00\x1b\x00\x01\x00\x00\x00\x05\x00\x1e\x00\x01\x00\x00\x00\x05\x00\x0a\x00\x00\x00\x00\x00\x05\x00\x0c\x00\x00\x00\x00\x00\x0c\x00\x0d\x00\x80\x00\x02\x50\xaa\xee\xb6\x69\x0c\x00\x0e\x00\x80\x00\x02\x50\xaa\xee\xb6\x69\x06\x00\x0f\x00\x02\x80\x00\x00\x06\x00\x10\x00\x00\x00\x00\x00\x06\x00\x11\x00\x02\x80\x00\x00\x06\x00\x12\x00\x02\x00\x00\x00\x05\x00\x13\x00\x00\x00\x00\x00\x05\x00\x14\x00\x00\x00\x00\x00\x05\x00\x1d\x00\x00\x00\x00\x00\x06\x00\x1f\x00\x00\x00\x00\x00\x05\x00\x20\x00\x00\x00\x00\x00\x05\x00\x23\x00\x00\x00\x00\x00\x05\x00\x24\x00\x00\x00\x00\x00\x05\x00\x21\x00\x00\x00\x00\x00\x05\x00\x27\x00\x00\x00\x00\x00\x05\x00\x28\x00\x00\x00\x00\x00\x05\x00\x2b\x00\x00\x00\x00\x00\x0c\x00\x15\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0c\x00\x16\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0c\x00\x17\x00\x00\x00\x00\x00\x00\x00\x00\x00\x05\x00\x19\x00\x01\x00\x00\x00\x08\x00\x25\x00\x00\x02\x00\x00\x08\x00\x26\x00\x00\x00\x00\x00\x08\x00\x29\x00\x00\x00\x00\x00\x08\x00\x2a\x00\x00\x00\x00\x00" },
};

static struct vn_model m;
static struct nl_out out;
static struct nl_ctx ctx;

static void setup(void)
{
	vn_model_init(&m);
	char err[256];
	ck_assert_msg(vn_scenario_load_string(&m, scenario, strlen(scenario), "t", err, sizeof(err)) == 0,
		      "%s", err);
	nl_out_init(&out);
	ctx = (struct nl_ctx){ .model = &m, .portid = 4242 };
}

static void teardown(void)
{
	nl_out_free(&out);
	vn_model_free(&m);
}

static void send_req(uint16_t type, uint16_t flags, const void *body, size_t len)
{
	char buf[256] __attribute__((aligned(8)));
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	*h = (struct nlmsghdr){ .nlmsg_len = (uint32_t)NLMSG_LENGTH(len), .nlmsg_type = type,
				.nlmsg_flags = flags, .nlmsg_seq = 7 };
	memcpy(NLMSG_DATA(h), body, len);
	rtnl_rcv(&ctx, buf, h->nlmsg_len, &out);
}

static const struct nlmsghdr *msg(size_t i)
{
	ck_assert_uint_lt(i, out.n);
	return (const struct nlmsghdr *)(out.data.data + out.marks[i].off);
}

static const struct nlattr *find_attr(const struct nlmsghdr *h, size_t hdrlen, uint16_t type)
{
	size_t off = NLMSG_LENGTH(NLMSG_ALIGN(hdrlen));
	while (off + NLA_HDRLEN <= h->nlmsg_len) {
		const struct nlattr *a = (const struct nlattr *)((const char *)h + off);
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		off += NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

START_TEST(linkinfo_matches_linux)
{
	struct ifinfomsg ifm = { .ifi_family = AF_UNSPEC };
	send_req(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, &ifm, sizeof(ifm));
	for (size_t e = 0; e < sizeof(expected) / sizeof(expected[0]); e++) {
		const struct nlmsghdr *h = NULL;
		for (size_t i = 0; i + 1 < out.n; i++) {
			const struct ifinfomsg *x = NLMSG_DATA(msg(i));
			if (x->ifi_index == expected[e].ifindex)
				h = msg(i);
		}
		ck_assert_ptr_nonnull(h);
		const struct nlattr *li = find_attr(h, sizeof(ifm), IFLA_LINKINFO);
		ck_assert_ptr_nonnull(li);
		ck_assert_uint_eq(li->nla_len, expected[e].len);
		const uint8_t *got = (const uint8_t *)li;
		for (size_t k = 0; k < expected[e].len; k++)
			ck_assert_msg(got[k] == (uint8_t)expected[e].bytes[k],
				      "ifindex %d differs at byte %zu: %02x != %02x", expected[e].ifindex,
				      k, got[k], (uint8_t)expected[e].bytes[k]);
	}
}
END_TEST

/* 5 links, then "all" and "default", per family; IPv4 has rp_filter and
 * bc_forwarding besides. */
START_TEST(netconf_dump_both_families)
{
	struct netconfmsg ncm = { .ncm_family = AF_UNSPEC };
	send_req(RTM_GETNETCONF, NLM_F_REQUEST | NLM_F_DUMP, &ncm, sizeof(ncm));
	ck_assert_uint_eq(out.n, 15);
	ck_assert_uint_eq(msg(0)->nlmsg_len, 16 + 4 + 7 * 8);
	ck_assert_uint_eq(msg(7)->nlmsg_len, 16 + 4 + 5 * 8);
	ck_assert_uint_eq(((const struct netconfmsg *)NLMSG_DATA(msg(7)))->ncm_family, AF_INET6);
	const struct nlattr *ix = find_attr(msg(6), sizeof(ncm), NETCONFA_IFINDEX);
	ck_assert_int_eq(*(const int32_t *)((const char *)ix + NLA_HDRLEN), NETCONFA_IFINDEX_DEFAULT);
	ck_assert_uint_eq(msg(14)->nlmsg_type, NLMSG_DONE);
}
END_TEST

/* The attributes of an IPv6 netconf message, in order. */
static size_t attr_types(const struct nlmsghdr *h, uint16_t *types, size_t max)
{
	size_t n = 0, off = NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct netconfmsg)));
	while (off + NLA_HDRLEN <= h->nlmsg_len && n < max) {
		const struct nlattr *a = (const struct nlattr *)((const char *)h + off);
		types[n++] = a->nla_type;
		off += NLA_ALIGN(a->nla_len);
	}
	return n;
}

/* NETCONFA_MC_FORWARDING is IPv6's only with CONFIG_IPV6_MROUTE
 * (inet6_netconf_fill_devconf); IPv4's is always there. */
START_TEST(netconf_ipv6_follows_the_build_options)
{
	static const uint16_t with[] = { NETCONFA_IFINDEX, NETCONFA_FORWARDING,
					 NETCONFA_MC_FORWARDING, NETCONFA_PROXY_NEIGH,
					 NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN };
	static const uint16_t without[] = { NETCONFA_IFINDEX, NETCONFA_FORWARDING,
					    NETCONFA_PROXY_NEIGH,
					    NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN };
	uint16_t got[8];
	struct netconfmsg ncm = { .ncm_family = AF_INET6 };
	send_req(RTM_GETNETCONF, NLM_F_REQUEST | NLM_F_DUMP, &ncm, sizeof(ncm));
	ck_assert_uint_eq(attr_types(msg(0), got, 8), 5);
	ck_assert_mem_eq(got, with, sizeof(with));

	char text[sizeof(scenario) + 64];
	snprintf(text, sizeof(text), "{\"kernel\": {\"ipv6_mroute\": false}, %s", scenario + 1);
	vn_model_free(&m);
	vn_model_init(&m);
	char err[256];
	ck_assert_msg(vn_scenario_load_string(&m, text, strlen(text), "t", err, sizeof(err)) == 0,
		      "%s", err);
	size_t first = out.n;
	send_req(RTM_GETNETCONF, NLM_F_REQUEST | NLM_F_DUMP, &ncm, sizeof(ncm));
	ck_assert_uint_eq(out.n - first, 8);   /* 5 links, all, default, DONE */
	for (size_t i = first; i + 1 < out.n; i++) {
		ck_assert_uint_eq(msg(i)->nlmsg_len, 16 + 4 + 4 * 8);
		ck_assert_uint_eq(attr_types(msg(i), got, 8), 4);
		ck_assert_mem_eq(got, without, sizeof(without));
	}
	ncm.ncm_family = AF_INET;
	first = out.n;
	send_req(RTM_GETNETCONF, NLM_F_REQUEST | NLM_F_DUMP, &ncm, sizeof(ncm));
	ck_assert_ptr_nonnull(find_attr(msg(first), sizeof(ncm), NETCONFA_MC_FORWARDING));
}
END_TEST

START_TEST(netconf_get_needs_a_family_and_a_device)
{
	char body[12] __attribute__((aligned(4))) = { AF_INET };
	struct nlattr *a = (struct nlattr *)(body + 4);
	a->nla_len = 8;
	a->nla_type = NETCONFA_IFINDEX;
	int32_t idx = 9;
	memcpy(body + 8, &idx, 4);
	send_req(RTM_GETNETCONF, NLM_F_REQUEST, body, sizeof(body));
	ck_assert_int_eq(((const struct nlmsgerr *)NLMSG_DATA(msg(0)))->error, -ENODEV);
	idx = 3;
	memcpy(body + 8, &idx, 4);
	send_req(RTM_GETNETCONF, NLM_F_REQUEST, body, sizeof(body));
	ck_assert_uint_eq(msg(1)->nlmsg_type, RTM_NEWNETCONF);
	ck_assert_uint_eq(msg(1)->nlmsg_flags, 0);
	body[0] = AF_UNSPEC;
	send_req(RTM_GETNETCONF, NLM_F_REQUEST, body, sizeof(body));
	ck_assert_int_eq(((const struct nlmsgerr *)NLMSG_DATA(msg(2)))->error, -EOPNOTSUPP);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtnl_linkinfo");
	TCase *tc = tcase_create("linkinfo");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, linkinfo_matches_linux);
	tcase_add_test(tc, netconf_dump_both_families);
	tcase_add_test(tc, netconf_ipv6_follows_the_build_options);
	tcase_add_test(tc, netconf_get_needs_a_family_and_a_device);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
