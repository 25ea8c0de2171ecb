/* NETLINK_GENERIC (genl*.c): nlctrl's family replies and the ethtool
 * family's GET replies for each driver, against bytes a Linux 6.18
 * namespace sent (genl_captured.h); the errors a kernel without a family
 * or a device gives. */
#include <check.h>
#include <errno.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "netlink/genl.h"
#include "scenario.h"

#include "genl_captured.h"

/* the namespace the captures came from */
static const char scenario[] =
	"{\"links\": ["
	"{\"ifindex\": 1, \"ifname\": \"lo\", \"flags\": [\"LOOPBACK\", \"UP\", \"LOWER_UP\"],"
	" \"link_type\": \"loopback\", \"operstate\": \"UNKNOWN\", \"address\": \"00:00:00:00:00:00\"},"
	"{\"ifindex\": 2, \"ifname\": \"v0\", \"flags\": [\"NO-CARRIER\", \"BROADCAST\", \"MULTICAST\", \"UP\"],"
	" \"link_type\": \"ether\", \"operstate\": \"DOWN\", \"linkinfo\": {\"info_kind\": \"veth\"},"
	" \"num_rx_queues\": 2, \"num_tx_queues\": 2, \"address\": \"1a:95:28:91:0f:d1\"},"
	"{\"ifindex\": 3, \"ifname\": \"br0\", \"flags\": [\"NO-CARRIER\", \"BROADCAST\", \"MULTICAST\", \"UP\"],"
	" \"link_type\": \"ether\", \"operstate\": \"DOWN\", \"linkinfo\": {\"info_kind\": \"bridge\"},"
	" \"address\": \"be:df:bb:0b:cd:a2\"},"
	"{\"ifindex\": 4, \"ifname\": \"tun0\", \"flags\": [\"POINTOPOINT\", \"MULTICAST\", \"NOARP\"],"
	" \"link_type\": \"none\", \"operstate\": \"DOWN\", \"linkinfo\": {\"info_kind\": \"tun\","
	" \"info_data\": {\"type\": \"tun\", \"persist\": true}}},"
	"{\"ifindex\": 6, \"ifname\": \"v2\", \"flags\": [\"BROADCAST\", \"MULTICAST\"],"
	" \"link_type\": \"ether\", \"operstate\": \"DOWN\", \"linkinfo\": {\"info_kind\": \"veth\","
	" \"info_slave_kind\": \"bridge\"}, \"master\": \"br0\", \"address\": \"be:df:bb:0b:cd:a2\"}"
	"]}";

static struct vn_model m;
static struct nl_out out;
static struct nl_ctx ctx;

static void setup(void)
{
	char err[256];
	vn_model_init(&m);
	vn_model_load_default(&m);
	ck_assert_msg(vn_scenario_load_string(&m, scenario, strlen(scenario), "t", err, sizeof(err)) == 0,
		      "%s", err);
	nl_out_init(&out);
	ctx = (struct nl_ctx){ .model = &m, .portid = 4242, .ext_ack = true };
}

static void teardown(void)
{
	nl_out_free(&out);
	vn_model_free(&m);
}

static size_t put_attr(char *p, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)p;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	a->nla_type = type;
	memcpy(p + NLA_HDRLEN, data, len);
	return NLA_ALIGN(NLA_HDRLEN + len);
}

/* A request as ethtool sends it: the header nest naming dev (and the
 * compact flag) */
static void send_eth(uint16_t family, uint8_t cmd, const char *dev, bool compact, uint16_t flags)
{
	char buf[256] __attribute__((aligned(4)));
	memset(buf, 0, sizeof(buf));
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(h);
	g->cmd = cmd;
	g->version = 1;
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;
	if (dev) {
		struct nlattr *nest = (struct nlattr *)(buf + off);
		size_t n = NLA_HDRLEN;
		n += put_attr(buf + off + n, ETHTOOL_A_HEADER_DEV_NAME, dev, strlen(dev) + 1);
		uint32_t f = ETHTOOL_FLAG_COMPACT_BITSETS;
		if (compact)
			n += put_attr(buf + off + n, ETHTOOL_A_HEADER_FLAGS, &f, 4);
		nest->nla_len = (uint16_t)n;
		nest->nla_type = 1 | NLA_F_NESTED;
		off += n;
	}
	*h = (struct nlmsghdr){ .nlmsg_len = (uint32_t)off, .nlmsg_type = family,
				.nlmsg_flags = flags, .nlmsg_seq = 1 };
	genl_rcv(&ctx, buf, off, &out);
}

/* the next message, datagram after datagram */
static const struct nlmsghdr *next_msg(void)
{
	static char dgram[65536] __attribute__((aligned(4)));
	static size_t pos, len;
	if (pos >= len) {
		uint32_t off, n, groups;
		size_t nm;
		if (!nl_out_peek_dgram(&out, sizeof(dgram), &off, &n, &groups, &nm))
			return NULL;
		memcpy(dgram, out.data.data + off, n);
		nl_out_pop(&out, nm);
		pos = 0;
		len = n;
	}
	const struct nlmsghdr *h = (const struct nlmsghdr *)(dgram + pos);
	pos += NLMSG_ALIGN(h->nlmsg_len);
	return h;
}

static void expect_body(const struct nlmsghdr *h, const char *hex, const char *what)
{
	ck_assert_msg(h != NULL, "%s: no reply", what);
	size_t n = strlen(hex) / 2;
	ck_assert_msg(h->nlmsg_len == NLMSG_HDRLEN + n, "%s: length %u, want %zu", what, h->nlmsg_len,
		      NLMSG_HDRLEN + n);
	const uint8_t *got = NLMSG_DATA(h);
	for (size_t i = 0; i < n; i++) {
		unsigned b;
		sscanf(hex + 2 * i, "%2x", &b);
		ck_assert_msg(got[i] == b, "%s: byte %zu is %02x, want %02x", what, i, got[i], b);
	}
}

static int expect_error(void)
{
	const struct nlmsghdr *h = next_msg();
	ck_assert_ptr_nonnull(h);
	ck_assert_int_eq(h->nlmsg_type, NLMSG_ERROR);
	return ((const struct nlmsgerr *)NLMSG_DATA(h))->error;
}

START_TEST(ethtool_replies_as_linux)
{
	for (size_t i = 0; i < sizeof(genl_captured) / sizeof(genl_captured[0]); i++) {
		const struct genl_capture *c = &genl_captured[i];
		send_eth(0x15, c->cmd, c->dev, c->compact, NLM_F_REQUEST | NLM_F_ACK);
		const struct nlmsghdr *h = next_msg();
		ck_assert_int_eq(h->nlmsg_type, 0x15);
		ck_assert_int_eq(h->nlmsg_pid, 4242);
		expect_body(h, c->hex, c->what);
		ck_assert_int_eq(expect_error(), 0);   /* the ack */
	}
}
END_TEST

START_TEST(ethtool_errors)
{
	/* the driver has no op; no such device (with the kernel's message) */
	send_eth(0x15, ETHTOOL_MSG_RINGS_GET, "v0", false, NLM_F_REQUEST);
	ck_assert_int_eq(expect_error(), -EOPNOTSUPP);
	send_eth(0x15, ETHTOOL_MSG_LINKINFO_GET, "nosuch0", false, NLM_F_REQUEST);
	const struct nlmsghdr *h = next_msg();
	ck_assert_int_eq(((const struct nlmsgerr *)NLMSG_DATA(h))->error, -ENODEV);
	ck_assert(memmem(h, h->nlmsg_len, "no device matches name", 22) != NULL);
	/* a device is required; WOL needs CAP_NET_ADMIN */
	send_eth(0x15, ETHTOOL_MSG_LINKINFO_GET, NULL, false, NLM_F_REQUEST);
	ck_assert_int_eq(expect_error(), -EINVAL);
	send_eth(0x15, ETHTOOL_MSG_WOL_GET, "v0", false, NLM_F_REQUEST);
	ck_assert_int_eq(expect_error(), -EPERM);
	/* an unknown family id, an unknown command */
	send_eth(0x77, 1, "v0", false, NLM_F_REQUEST);
	ck_assert_int_eq(expect_error(), -ENOENT);
	send_eth(0x15, 200, "v0", false, NLM_F_REQUEST);
	ck_assert_int_eq(expect_error(), -EOPNOTSUPP);
}
END_TEST

START_TEST(ethtool_dump_skips_devices_without_the_op)
{
	send_eth(0x15, ETHTOOL_MSG_CHANNELS_GET, NULL, false, NLM_F_REQUEST | NLM_F_DUMP);
	const struct nlmsghdr *h;
	int n = 0;
	while ((h = next_msg()) && h->nlmsg_type == 0x15)
		n++;
	ck_assert_int_eq(n, 3);   /* v0, tun0, v2 */
	ck_assert_int_eq(h->nlmsg_type, NLMSG_DONE);
}
END_TEST

static void send_ctrl(uint8_t cmd, uint16_t attr, const void *data, size_t len, uint16_t flags)
{
	char buf[128] __attribute__((aligned(4)));
	memset(buf, 0, sizeof(buf));
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(h);
	g->cmd = cmd;
	g->version = 1;
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;
	if (attr)
		off += put_attr(buf + off, attr, data, len);
	*h = (struct nlmsghdr){ .nlmsg_len = (uint32_t)off, .nlmsg_type = GENL_ID_CTRL,
				.nlmsg_flags = flags, .nlmsg_seq = 1 };
	genl_rcv(&ctx, buf, off, &out);
}

START_TEST(ctrl_families)
{
	send_ctrl(CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME, "ethtool", 8, NLM_F_REQUEST);
	expect_body(next_msg(), genl_family_ethtool, "getfamily ethtool");
	uint16_t id = 0x15;
	send_ctrl(CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_ID, &id, 2, NLM_F_REQUEST);
	expect_body(next_msg(), genl_family_ethtool, "getfamily 0x15");
	/* families the model's kernel does not have */
	const char *absent[] = { "nl80211", "devlink", "team", "wireguard", "TASKSTATS" };
	for (size_t i = 0; i < 5; i++) {
		send_ctrl(CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME, absent[i], strlen(absent[i]) + 1,
			  NLM_F_REQUEST);
		ck_assert_int_eq(expect_error(), -ENOENT);
	}
	send_ctrl(CTRL_CMD_GETFAMILY, 0, NULL, 0, NLM_F_REQUEST);
	ck_assert_int_eq(expect_error(), -EINVAL);
	send_ctrl(CTRL_CMD_GETFAMILY, 0, NULL, 0, NLM_F_REQUEST | NLM_F_DUMP);
	const struct nlmsghdr *a = next_msg();
	ck_assert_int_eq(a->nlmsg_flags, NLM_F_MULTI);
	ck_assert(memmem(a, a->nlmsg_len, "nlctrl", 6) != NULL);
	expect_body(next_msg(), genl_family_ethtool, "dump: ethtool");
	ck_assert_int_eq(next_msg()->nlmsg_type, NLMSG_DONE);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("genl");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, ethtool_replies_as_linux);
	tcase_add_test(tc, ethtool_errors);
	tcase_add_test(tc, ethtool_dump_skips_devices_without_the_op);
	tcase_add_test(tc, ctrl_families);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
