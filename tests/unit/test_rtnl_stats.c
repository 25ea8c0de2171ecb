/* RTM_GETSTATS and RTM_GETNEIGHTBL against the bytes Linux 6.18 sent,
 * and the neighbour ages of RTM_GETNEIGH:
 * a namespace with lo, a veth d0 (3), a bridge br9 (5) and its port q0
 * (7). Payloads in hex as a raw dump printed them; the random reachable
 * time of a parameter set is compared as zeros. */
#include "model.h"
#include "scenario.h"

#include <check.h>
#include <errno.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>

#include "netlink/nl_handler.h"

static const char fixture[] =
	"{\"links\": ["
	" {\"ifindex\": 1, \"ifname\": \"lo\", \"flags\": [\"LOOPBACK\", \"UP\", \"LOWER_UP\"],"
	"  \"link_type\": \"loopback\"},"
	" {\"ifindex\": 3, \"ifname\": \"d0\", \"linkinfo\": {\"info_kind\": \"veth\"}},"
	" {\"ifindex\": 5, \"ifname\": \"br9\", \"linkinfo\": {\"info_kind\": \"bridge\"}},"
	" {\"ifindex\": 7, \"ifname\": \"q0\", \"master\": \"br9\", \"linkinfo\": {\"info_kind\": \"veth\","
	"  \"info_slave_kind\": \"bridge\"}}],"
	" \"neighbours\": [{\"dst\": \"10.1.0.7\", \"dev\": \"d0\", \"lladdr\": \"52:55:0a:00:02:07\","
	"  \"used\": 5, \"confirmed\": 65, \"updated\": 5, \"probes\": 0, \"state\": [\"STALE\"]},"
	"  {\"dst\": \"10.1.0.8\", \"dev\": \"d0\", \"lladdr\": \"52:55:0a:00:02:08\", \"state\": [\"REACHABLE\"]}],"
	" \"netns\": [{\"name\": \"other\", \"nsid\": -1}, {\"name\": \"peer\", \"nsid\": 0}]}";

/* d0's offload statistics (mask IFLA_STATS_LINK_OFFLOAD_XSTATS) */
static const char offload_hex[] =
	"0000000003000000080000001c000400180002801400038005000100000000000500020000000000";
/* the per-family nest (mask IFLA_STATS_AF_SPEC) */
static const char afspec_hex[] = "00000000030000001000000004000500";
/* q0's parameters in the ARP table, reachable time zeroed */
static const char arp_q0_hex[] =
	"020000000e0001006172705f6361636865000000b8000600080001000700000008000200010000000800100000400300"
	"080008006500000008000e0040000000080009000000000008000a000300000008000b000300000008001100000000"
	"000c00030000000000000000000c00040030750000000000000c00060060ea0000000000000c000700881300000000"
	"00000c000500e8030000000000000c000c00e8030000000000000c000d0020030000000000000c000f00e803000000"
	"0000000c0013008813000000000000";

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
	ctx = (struct nl_ctx){ .model = &m, .portid = 4242 };
}

static void teardown(void)
{
	nl_out_free(&out);
	vn_model_free(&m);
}

static void send_req(uint16_t type, uint16_t flags, const void *body, size_t len)
{
	char buf[256];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	*h = (struct nlmsghdr){ .nlmsg_len = (uint32_t)NLMSG_LENGTH(len), .nlmsg_type = type,
				.nlmsg_flags = flags, .nlmsg_seq = 77 };
	memcpy(NLMSG_DATA(h), body, len);
	nl_out_pop(&out, out.n);
	rtnl_rcv(&ctx, buf, h->nlmsg_len, &out);
}

static const struct nlmsghdr *msg(size_t i)
{
	ck_assert_uint_lt(i, out.n);
	return (const struct nlmsghdr *)(out.data.data + out.marks[i].off);
}

static const char *hex_of(const struct nlmsghdr *h, char *hex, size_t cap)
{
	const uint8_t *p = NLMSG_DATA(h);
	size_t n = h->nlmsg_len - NLMSG_HDRLEN, o = 0;
	for (size_t k = 0; k < n && o + 3 < cap; k++)
		o += (size_t)snprintf(hex + o, cap - o, "%02x", p[k]);
	hex[o] = '\0';
	return hex;
}

START_TEST(stats_groups_as_linux)
{
	char hex[1024];
	struct if_stats_msg get = { .ifindex = 3,
				    .filter_mask = 1u << (IFLA_STATS_LINK_OFFLOAD_XSTATS - 1) };
	send_req(RTM_GETSTATS, NLM_F_REQUEST, &get, sizeof(get));
	ck_assert_str_eq(hex_of(msg(0), hex, sizeof(hex)), offload_hex);
	get.filter_mask = 1u << (IFLA_STATS_AF_SPEC - 1);
	send_req(RTM_GETSTATS, NLM_F_REQUEST, &get, sizeof(get));
	ck_assert_str_eq(hex_of(msg(0), hex, sizeof(hex)), afspec_hex);
	/* IFLA_STATS_LINK_64: rtnl_link_stats64 with rx_otherhost_dropped */
	get.filter_mask = 1u << (IFLA_STATS_LINK_64 - 1);
	send_req(RTM_GETSTATS, NLM_F_REQUEST, &get, sizeof(get));
	ck_assert_uint_eq(msg(0)->nlmsg_len, NLMSG_HDRLEN + 12 + 4 + 200);
	/* a bridge's multicast counters; its port's and their STP counters */
	struct if_stats_msg dump = { .filter_mask = 1u << (IFLA_STATS_LINK_XSTATS - 1) |
						    1u << (IFLA_STATS_LINK_XSTATS_SLAVE - 1) };
	send_req(RTM_GETSTATS, NLM_F_REQUEST | NLM_F_DUMP, &dump, sizeof(dump));
	ck_assert_uint_eq(out.n, 5);
	ck_assert_uint_eq(msg(0)->nlmsg_len, NLMSG_HDRLEN + 12);
	ck_assert_uint_eq(msg(2)->nlmsg_len, NLMSG_HDRLEN + 12 + 0xfc);
	ck_assert_uint_eq(msg(3)->nlmsg_len, NLMSG_HDRLEN + 12 + 0x130);
	const struct nlattr *a = (const struct nlattr *)((const char *)NLMSG_DATA(msg(3)) + 12);
	ck_assert_uint_eq(a->nla_type, IFLA_STATS_LINK_XSTATS_SLAVE);
	/* no mask: EINVAL */
	dump.filter_mask = 0;
	send_req(RTM_GETSTATS, NLM_F_REQUEST | NLM_F_DUMP, &dump, sizeof(dump));
	ck_assert_int_eq(*(const int *)NLMSG_DATA(msg(0)), -EINVAL);
}
END_TEST

START_TEST(ntable_as_linux)
{
	struct ndtmsg ndtm = { .ndtm_family = AF_INET };
	send_req(RTM_GETNEIGHTBL, NLM_F_REQUEST | NLM_F_DUMP, &ndtm, sizeof(ndtm));
	/* the table, then its devices newest first, then NLMSG_DONE */
	ck_assert_uint_eq(out.n, 1 + 4 + 1);
	char hex[1024];
	hex_of(msg(1), hex, sizeof(hex));
	/* NDTPA_REACHABLE_TIME's value: 15 to 45 s, then zeroed */
	char *reach = strstr(hex, "0c000300");
	ck_assert_ptr_nonnull(reach);
	unsigned long long ms = 0;
	for (int k = 7; k >= 0; k--) {
		unsigned b;
		sscanf(reach + 8 + 2 * k, "%2x", &b);
		ms = ms << 8 | b;
	}
	ck_assert(ms >= 15000 && ms < 45000);
	memset(reach + 8, '0', 16);
	ck_assert_str_eq(hex, arp_q0_hex);
	/* the table's own message: its name and NDTA_CONFIG's key length */
	hex_of(msg(0), hex, sizeof(hex));
	ck_assert(strncmp(hex, "020000000e0001006172705f63616368650000000c000800307500000000000008000200800000",
			  78) == 0);
	ndtm.ndtm_family = AF_INET6;
	send_req(RTM_GETNEIGHTBL, NLM_F_REQUEST | NLM_F_DUMP, &ndtm, sizeof(ndtm));
	ck_assert_uint_eq(out.n, 6);
	hex_of(msg(0), hex, sizeof(hex));
	ck_assert_ptr_nonnull(strstr(hex, "6e646973635f636163686500"));   /* "ndisc_cache" */
	ck_assert_ptr_nonnull(strstr(hex, "2400050010005801"));   /* key_len 16, entry_size 344 */
}
END_TEST

/* ages from the scenario's, grown by the model's clock; a reference for
 * an entry with a timer running */
START_TEST(neighbour_ages_grow)
{
	ctx.now_cs = 250;
	struct ndmsg nd = { .ndm_family = AF_INET };
	send_req(RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, &nd, sizeof(nd));
	ck_assert_uint_eq(out.n, 3);
	for (size_t i = 0; i < 2; i++) {
		const struct nlmsghdr *h = msg(i);
		const struct nda_cacheinfo *ci = NULL;
		const char *p = (const char *)NLMSG_DATA(h) + NLMSG_ALIGN(sizeof(struct ndmsg));
		for (const char *end = (const char *)h + h->nlmsg_len; p < end;) {
			const struct nlattr *a = (const struct nlattr *)p;
			if (a->nla_type == NDA_CACHEINFO)
				ci = (const struct nda_cacheinfo *)(p + NLA_HDRLEN);
			p += NLA_ALIGN(a->nla_len);
		}
		ck_assert_ptr_nonnull(ci);
		ck_assert_uint_eq(ci->ndm_used, i ? 250 : 750);
		ck_assert_uint_eq(ci->ndm_confirmed, i ? 250 : 6750);
		ck_assert_uint_eq(ci->ndm_refcnt, i ? 1 : 0);
	}
}
END_TEST

/* the fd of "peer" (index 1) is 41, of a namespace the model does not
 * know 42; anything else is no namespace */
static int fake_netns_of_fd(void *arg, int fd)
{
	(void)arg;
	return fd == 41 ? 1 : fd == 42 ? -1 : -EINVAL;
}

static int32_t nsid_of_reply(void)
{
	const struct nlmsghdr *h = msg(0);
	if (h->nlmsg_type == NLMSG_ERROR)
		return *(const int32_t *)NLMSG_DATA(h) - 1000;
	ck_assert_uint_eq(h->nlmsg_type, RTM_NEWNSID);
	return *(const int32_t *)((const char *)NLMSG_DATA(h) + 4 + NLA_HDRLEN);
}

/* RTM_GETNSID by the fd of a /run/netns name the snapshot saw */
START_TEST(nsid_of_named_namespaces)
{
	ctx.netns_of_fd = fake_netns_of_fd;
	struct {
		struct rtgenmsg g;
		char pad[3];
		struct nlattr a;
		uint32_t v;
	} req = { .a = { .nla_len = 8, .nla_type = NETNSA_FD }, .v = 41 };
	send_req(RTM_GETNSID, NLM_F_REQUEST, &req, sizeof(req));
	ck_assert_int_eq(nsid_of_reply(), 0);
	req.v = 42;
	send_req(RTM_GETNSID, NLM_F_REQUEST, &req, sizeof(req));
	ck_assert_int_eq(nsid_of_reply(), -1);
	req.v = 7;
	send_req(RTM_GETNSID, NLM_F_REQUEST, &req, sizeof(req));
	ck_assert_int_eq(nsid_of_reply(), -EINVAL - 1000);
	req.a.nla_type = NETNSA_NSID;
	req.v = 0;
	send_req(RTM_GETNSID, NLM_F_REQUEST, &req, sizeof(req));
	ck_assert_int_eq(nsid_of_reply(), 0);
	req.v = 5;
	send_req(RTM_GETNSID, NLM_F_REQUEST, &req, sizeof(req));
	ck_assert_int_eq(nsid_of_reply(), -ENOENT - 1000);
	/* `ip netns list-id`: the ids given */
	send_req(RTM_GETNSID, NLM_F_REQUEST | NLM_F_DUMP, &req.g, sizeof(req.g));
	ck_assert_uint_eq(out.n, 2);
	ck_assert_int_eq(nsid_of_reply(), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtnl_stats");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, stats_groups_as_linux);
	tcase_add_test(tc, ntable_as_linux);
	tcase_add_test(tc, neighbour_ages_grow);
	tcase_add_test(tc, nsid_of_named_namespaces);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
