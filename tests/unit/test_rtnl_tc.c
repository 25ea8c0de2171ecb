/* Traffic control: the model's qdiscs, classes and filters dumped as
 * Linux 6.18 dumps the same state (tc_expected.h says how it was
 * captured). */
#include "model.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <net/if_arp.h>
#include <stdlib.h>
#include <string.h>

#include "netlink/nl_handler.h"
#include "scenario.h"
#include "tc/tc_kinds.h"
#include "tc/tc_qdisc.h"

struct expect {
	size_t len;
	const char *bytes;
};
#include "tc_expected.h"

static struct vn_model m;
static struct nl_out out;
static struct nl_ctx ctx;

static void add_link(int ifindex, const char *name, const char *kind, unsigned short type,
		     unsigned txqs, unsigned txqlen)
{
	struct vn_link l = { .ifindex = ifindex, .type = type, .mtu = type == ARPHRD_LOOPBACK ? 65536 : 1500,
			     .txqlen = txqlen, .num_tx_queues = txqs, .num_rx_queues = 1,
			     .addr_len = 6, .link_netnsid = -1, .qdisc = "noop" };
	strcpy(l.name, name);
	strcpy(l.kind, kind);
	vn_model_add_link(&m, &l);
}

/* The links of tc_expected.h's namespace, each opened (dev_activate). */
static void setup(void)
{
	vn_model_init(&m);
	add_link(1, "lo", "", ARPHRD_LOOPBACK, 1, 1000);
	add_link(2, "v1", "veth", ARPHRD_ETHER, 2, 1000);
	add_link(3, "v0", "veth", ARPHRD_ETHER, 2, 1000);
	add_link(4, "t0", "tun", ARPHRD_ETHER, 1, 1000);
	add_link(5, "q0", "ifb", ARPHRD_ETHER, 3, 32);
	struct vn_change c = { .m = &m };
	for (size_t i = 0; i < m.nlinks; i++)
		tc_attach_default(&c, &m.links[i]);
	nl_out_init(&out);
	ctx = (struct nl_ctx){ .model = &m, .portid = 4242 };
}

static void teardown(void)
{
	nl_out_free(&out);
	vn_model_free(&m);
}

static void send_tc(uint16_t type, uint16_t flags, int ifindex, uint32_t parent)
{
	struct {
		struct nlmsghdr h;
		struct tcmsg t;
	} req = { .h = { .nlmsg_len = sizeof(req), .nlmsg_type = type, .nlmsg_flags = flags,
			 .nlmsg_seq = 77 },
		  .t = { .tcm_ifindex = ifindex, .tcm_parent = parent } };
	rtnl_rcv(&ctx, &req, sizeof(req), &out);
}

static const struct nlmsghdr *msg(size_t i)
{
	ck_assert_uint_lt(i, out.n);
	return (const struct nlmsghdr *)(out.data.data + out.marks[i].off);
}

/* The messages from first on equal exp; returns the index after them. */
static size_t expect_msgs(size_t first, const struct expect *exp)
{
	size_t i = first;
	for (; exp->bytes; exp++, i++) {
		const struct nlmsghdr *h = msg(i);
		ck_assert_uint_eq(h->nlmsg_seq, 77);
		ck_assert_uint_eq(h->nlmsg_pid, 4242);
		ck_assert_uint_eq(h->nlmsg_len, exp->len - 4 + NLMSG_HDRLEN);
		char got[8192];
		memcpy(got, &h->nlmsg_type, 2);
		memcpy(got + 2, &h->nlmsg_flags, 2);
		memcpy(got + 4, NLMSG_DATA(h), exp->len - 4);
		for (size_t k = 0; k < exp->len; k++)
			if (got[k] != exp->bytes[k])
				ck_abort_msg("message %zu differs at byte %zu: %02x != %02x", i - first,
					     k, (uint8_t)got[k], (uint8_t)exp->bytes[k]);
	}
	return i;
}

static void expect_done(size_t i)
{
	const struct nlmsghdr *h = msg(i);
	ck_assert_uint_eq(h->nlmsg_type, NLMSG_DONE);
	ck_assert_int_eq(*(const int *)NLMSG_DATA(h), 0);
	ck_assert_uint_eq(out.n, i + 1);
	/* tc's dumps return the skb's length: DONE comes alone */
	ck_assert(i == 0 || out.marks[i].alone);
}

START_TEST(default_qdiscs_match_linux)
{
	send_tc(RTM_GETQDISC, NLM_F_REQUEST | NLM_F_DUMP, 0, 0);
	expect_done(expect_msgs(0, exp_qdisc_default));
	/* the link's IFLA_QDISC names its root */
	ck_assert_str_eq(vn_link_by_index(&m, 5)->qdisc, "mq");
	ck_assert_str_eq(vn_link_by_index(&m, 4)->qdisc, "pfifo_fast");
	ck_assert_str_eq(vn_link_by_index(&m, 2)->qdisc, "noqueue");
}
END_TEST

START_TEST(mq_classes_match_linux)
{
	send_tc(RTM_GETTCLASS, NLM_F_REQUEST | NLM_F_DUMP, 5, 0);
	expect_done(expect_msgs(0, exp_class_mq));
	/* a classless root, a missing device: nothing */
	nl_out_pop(&out, out.n);
	send_tc(RTM_GETTCLASS, NLM_F_REQUEST | NLM_F_DUMP, 4, 0);
	expect_done(0);
	nl_out_pop(&out, out.n);
	send_tc(RTM_GETTCLASS, NLM_F_REQUEST | NLM_F_DUMP, 99, 0);
	expect_done(0);
}
END_TEST

START_TEST(no_filters_no_chains)
{
	/* pfifo_fast has no block; mq has classes but no block */
	send_tc(RTM_GETTFILTER, NLM_F_REQUEST | NLM_F_DUMP, 4, 0);
	expect_done(0);
	nl_out_pop(&out, out.n);
	send_tc(RTM_GETCHAIN, NLM_F_REQUEST | NLM_F_DUMP, 5, 0);
	expect_done(0);
}
END_TEST

START_TEST(default_qdisc_sysctl_and_link_removal)
{
	/* net.core.default_qdisc names the root of a single-queue device */
	strcpy(m.default_qdisc, "fq_codel");
	add_link(6, "t1", "tun", ARPHRD_ETHER, 1, 1000);
	struct vn_change c = { .m = &m };
	tc_attach_default(&c, &m.links[5]);
	ck_assert_str_eq(vn_link_by_index(&m, 6)->qdisc, "fq_codel");
	const struct vn_tc *q = vn_tc_root(&m, 6, VN_TCQ_ROOT, NULL);
	ck_assert_ptr_nonnull(q);
	ck_assert_uint_eq(q->info, 2);
	/* once attached, it stays */
	tc_attach_default(&c, &m.links[5]);
	size_t a, b;
	vn_tc_range(&m, 6, VN_TC_QDISC, &a, &b);
	ck_assert_uint_eq(b - a, 1);
	/* a link that goes takes its qdiscs and classes */
	vn_tc_remove_link(&m, 5);
	vn_tc_range(&m, 5, VN_TC_QDISC, &a, &b);
	ck_assert_uint_eq(b, a);
	vn_tc_range(&m, 5, VN_TC_CLASS, &a, &b);
	ck_assert_uint_eq(b, a);
}
END_TEST

/* A snapshot's records, served as recorded: the htb root and its class of
 * tcz (`tc qdisc add dev t0 root handle 1: htb default 10; tc class add
 * dev t0 parent 1: classid 1:1 htb rate 100mbit`), a u32 filter. */
static const char recorded[] =
	"{\"links\": [{\"ifindex\": 1, \"ifname\": \"lo\", \"qdisc\": \"noqueue\", \"link_type\": \"loopback\"},"
	"            {\"ifindex\": 2, \"ifname\": \"t0\", \"qdisc\": \"htb\"},"
	"            {\"ifindex\": 3, \"ifname\": \"e0\", \"qdisc\": \"fq_codel\"}],"
	" \"tc\": {\"qdiscs\": [{\"dev\": \"t0\", \"kind\": \"htb\", \"handle\": \"1:\", \"parent\": \"root\","
	"   \"info\": 2, \"attrs\": \"2400020018000200110003000a00000010000000000000000000000008000500e8030000\"}],"
	"  \"classes\": [{\"dev\": \"t0\", \"kind\": \"htb\", \"handle\": \"1:1\", \"parent\": \"root\", \"info\": 0,"
	"   \"attrs\": \"04000700\"}],"
	"  \"chains\": [{\"dev\": \"t0\", \"block\": \"1:\", \"chain\": 0, \"parent\": \"1:\"}],"
	"  \"filters\": [{\"dev\": \"t0\", \"block\": \"1:\", \"kind\": \"u32\", \"chain\": 0, \"handle\": 0,"
	"   \"parent\": \"1:\", \"info\": 65544, \"attrs\": \"\"},"
	"   {\"dev\": \"t0\", \"block\": \"1:\", \"kind\": \"u32\", \"chain\": 0, \"handle\": 2147483648,"
	"   \"parent\": \"1:\", \"info\": 65544, \"attrs\": \"0c0002000800040001000000\"}]}}";

static void load(const char *text, char *err, size_t errlen, int want)
{
	vn_model_free(&m);
	vn_model_init(&m);
	ck_assert_int_eq(vn_scenario_load_string(&m, text, strlen(text), "s.json", err, errlen), want);
}

START_TEST(recorded_objects_are_served_as_recorded)
{
	char err[256];
	load(recorded, err, sizeof(err), 0);
	send_tc(RTM_GETQDISC, NLM_F_REQUEST | NLM_F_DUMP, 0, 0);
	/* lo's noqueue made from its qdisc, t0's htb as recorded, e0's fq_codel */
	ck_assert_uint_eq(out.n, 4);
	const struct nlmsghdr *h = msg(1);
	static const char htb[] = "\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x01\x00\xff\xff\xff\xff"
				  "\x02\x00\x00\x00\x08\x00\x01\x00htb\0"
				  "\x24\x00\x02\x00\x18\x00\x02\x00\x11\x00\x03\x00\x0a\x00\x00\x00"
				  "\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x05\x00"
				  "\xe8\x03\x00\x00";
	ck_assert_uint_eq(h->nlmsg_len, NLMSG_HDRLEN + sizeof(htb) - 1);
	ck_assert_mem_eq(NLMSG_DATA(h), htb, sizeof(htb) - 1);
	ck_assert_str_eq(vn_link_by_index(&m, 3)->qdisc, "fq_codel");
	/* htb is not a kind the model makes here: its recorded classes and
	 * blocks are what it has */
	nl_out_pop(&out, out.n);
	send_tc(RTM_GETTCLASS, NLM_F_REQUEST | NLM_F_DUMP, 2, 0);
	ck_assert_uint_eq(out.n, 2);
	ck_assert_uint_eq(((const struct tcmsg *)NLMSG_DATA(msg(0)))->tcm_handle, 0x10001);
	nl_out_pop(&out, out.n);
	send_tc(RTM_GETTFILTER, NLM_F_REQUEST | NLM_F_DUMP, 2, 0);
	ck_assert_uint_eq(out.n, 3);
	ck_assert_uint_eq(((const struct tcmsg *)NLMSG_DATA(msg(0)))->tcm_handle, 0);
	ck_assert_uint_eq(((const struct tcmsg *)NLMSG_DATA(msg(1)))->tcm_handle, 0x80000000u);
	ck_assert_uint_eq(msg(1)->nlmsg_len, NLMSG_HDRLEN + sizeof(struct tcmsg) + 8 + 8 + 12);
	nl_out_pop(&out, out.n);
	send_tc(RTM_GETCHAIN, NLM_F_REQUEST | NLM_F_DUMP, 2, 0x10000);
	ck_assert_uint_eq(out.n, 2);
	ck_assert_uint_eq(msg(0)->nlmsg_type, RTM_NEWCHAIN);
	/* another block of the qdisc: nothing */
	nl_out_pop(&out, out.n);
	send_tc(RTM_GETTFILTER, NLM_F_REQUEST | NLM_F_DUMP, 2, 0x10005);
	expect_done(0);
}
END_TEST

START_TEST(bad_records_are_refused)
{
	static const struct {
		const char *text, *err;
	} cases[] = {
		{ "{\"tc\": {\"qdiscs\": [{\"dev\": \"nosuch\", \"kind\": \"htb\"}]}}",
		  "tc.qdiscs[0].dev: no link named \"nosuch\"" },
		{ "{\"tc\": {\"qdiscs\": [{\"dev\": \"eth0\", \"kind\": \"htb\", \"handle\": \"1x:\"}]}}",
		  "tc.qdiscs[0].handle: expected a handle" },
		{ "{\"tc\": {\"qdiscs\": [{\"dev\": \"eth0\", \"kind\": \"htb\", \"attrs\": \"0800\"}]}}",
		  "tc.qdiscs[0].attrs: expected netlink attributes" },
		{ "{\"tc\": {\"classes\": [{\"dev\": \"eth0\", \"kind\": \"htb\", \"attrs\": \"0g\"}]}}",
		  "tc.classes[0].attrs: expected hex" },
		{ "{\"tc\": {\"filters\": [{\"dev\": \"eth0\", \"kind\": \"u32\", \"block\": \"7:\"}]}}",
		  "tc.filters[0].block: no qdisc of this block on the link" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char err[256];
		load(cases[i].text, err, sizeof(err), -1);
		ck_assert_msg(strstr(err, cases[i].err), "%s: %s", cases[i].text, err);
	}
}
END_TEST

/* ---- changes, as tc makes them ------------------------------------------ */

static unsigned nnotified;
static uint16_t notified[64];

static void capture(void *arg, const struct nlmsghdr *h, size_t len, unsigned group, bool report)
{
	(void)arg;
	(void)report;
	ck_assert_uint_eq(group, RTNLGRP_TC);
	for (size_t off = 0; off < len && nnotified < 64;) {
		const struct nlmsghdr *one = (const struct nlmsghdr *)((const char *)h + off);
		notified[nnotified++] = one->nlmsg_type;
		off += NLMSG_ALIGN(one->nlmsg_len);
	}
}

static char reqbuf[4096] __attribute__((aligned(4)));

static struct nlmsghdr *req(uint16_t type, uint16_t flags, int ifindex, uint32_t parent,
			    uint32_t handle, uint32_t info, const char *kind)
{
	memset(reqbuf, 0, sizeof(reqbuf));
	struct nlmsghdr *h = mnl_nlmsg_put_header(reqbuf);
	h->nlmsg_type = type;
	h->nlmsg_flags = (uint16_t)(NLM_F_REQUEST | NLM_F_ACK | flags);
	h->nlmsg_seq = 77;
	struct tcmsg *t = mnl_nlmsg_put_extra_header(h, sizeof(*t));
	*t = (struct tcmsg){ .tcm_ifindex = ifindex, .tcm_parent = parent, .tcm_handle = handle,
			     .tcm_info = info };
	if (kind)
		mnl_attr_put_strz(h, TCA_KIND, kind);
	return h;
}

/* Send it; the error its ack carries. */
static int send_change(struct nlmsghdr *h)
{
	nl_out_pop(&out, out.n);
	struct nl_mcast mc = { .send = capture };
	ctx.cap_net_admin = true;
	ctx.mcast = &mc;
	rtnl_rcv(&ctx, h, h->nlmsg_len, &out);
	ctx.mcast = NULL;
	ck_assert_uint_eq(out.n, 1);
	const struct nlmsghdr *a = msg(0);
	ck_assert_uint_eq(a->nlmsg_type, NLMSG_ERROR);
	int err = ((const struct nlmsgerr *)NLMSG_DATA(a))->error;
	nl_out_pop(&out, out.n);
	return err;
}

static const uint16_t NEW = NLM_F_CREATE | NLM_F_EXCL;

static void htb_class(uint32_t parent, uint32_t classid, uint32_t rate, uint32_t ceil,
		      uint32_t buffer, uint32_t cbuffer, uint32_t prio)
{
	struct nlmsghdr *h = req(RTM_NEWTCLASS, NEW, 2, parent, classid, 0, "htb");
	struct nlattr *o = mnl_attr_nest_start(h, TCA_OPTIONS);
	struct tc_htb_opt opt = { .rate = { .linklayer = TC_LINKLAYER_ETHERNET, .rate = rate },
				  .ceil = { .linklayer = TC_LINKLAYER_ETHERNET, .rate = ceil },
				  .buffer = buffer, .cbuffer = cbuffer, .prio = prio };
	mnl_attr_put(h, TCA_HTB_PARMS, sizeof(opt), &opt);
	mnl_attr_nest_end(h, o);
	ck_assert_int_eq(send_change(h), 0);
}

static void u32_filter(uint32_t prio, uint32_t mask, uint32_t val, int off, uint32_t flowid)
{
	struct nlmsghdr *h = req(RTM_NEWTFILTER, NEW, 2, 0x10000, 0, prio << 16 | htons(ETH_P_IP),
				 "u32");
	struct nlattr *o = mnl_attr_nest_start(h, TCA_OPTIONS);
	struct {
		struct tc_u32_sel sel;
		struct tc_u32_key key;
	} s = { .sel = { .flags = TC_U32_TERMINAL, .nkeys = 1 },
		.key = { .mask = htonl(mask), .val = htonl(val), .off = off } };
	mnl_attr_put_u32(h, TCA_U32_CLASSID, flowid);
	mnl_attr_put(h, TCA_U32_SEL, sizeof(s), &s);
	mnl_attr_nest_end(h, o);
	ck_assert_int_eq(send_change(h), 0);
}

/* The state of tcz (tc_expected.h), made by requests as tc sends them:
 * the same dumps, byte for byte. */
START_TEST(htb_tree_matches_linux)
{
	vn_model_free(&m);
	vn_model_init(&m);
	/* this kernel's u32 has neither counters nor marks */
	m.kconfig &= ~(uint32_t)(VN_K_CLS_U32_PERF | VN_K_CLS_U32_MARK);
	add_link(1, "lo", "", ARPHRD_LOOPBACK, 1, 1000);
	add_link(2, "t0", "tun", ARPHRD_ETHER, 1, 1000);
	struct vn_change c = { .m = &m };
	for (size_t i = 0; i < m.nlinks; i++)
		tc_attach_default(&c, &m.links[i]);
	nnotified = 0;

	struct nlmsghdr *h = req(RTM_NEWQDISC, NEW, 2, TC_H_ROOT, 0x10000, 0, "htb");
	struct nlattr *o = mnl_attr_nest_start(h, TCA_OPTIONS);
	struct tc_htb_glob g = { .version = 3, .rate2quantum = 10, .defcls = 0x10 };
	mnl_attr_put(h, TCA_HTB_INIT, sizeof(g), &g);
	mnl_attr_nest_end(h, o);
	ck_assert_int_eq(send_change(h), 0);
	/* qdisc_notify: the default it replaces and the htb, one datagram */
	ck_assert_uint_eq(nnotified, 2);
	ck_assert_uint_eq(notified[0], RTM_DELQDISC);
	ck_assert_uint_eq(notified[1], RTM_NEWQDISC);

	htb_class(0x10000, 0x10001, 12500000, 12500000, 2000, 2000, 0);
	htb_class(0x10001, 0x10010, 3750000, 12500000, 6656, 2000, 0);
	htb_class(0x10001, 0x10020, 2500000, 6250000, 10000, 4000, 1);

	h = req(RTM_NEWQDISC, NEW, 2, 0x10010, 0x100000, 0, "tbf");
	o = mnl_attr_nest_start(h, TCA_OPTIONS);
	struct tc_tbf_qopt q = { .rate = { .linklayer = TC_LINKLAYER_ETHERNET, .rate = 1250000 },
				 .limit = 504096, .buffer = 51200 };
	mnl_attr_put(h, TCA_TBF_PARMS, sizeof(q), &q);
	mnl_attr_put_u32(h, TCA_TBF_BURST, 4096);
	mnl_attr_nest_end(h, o);
	ck_assert_int_eq(send_change(h), 0);

	nnotified = 0;
	u32_filter(1, 0xff000000, 0x0a000000, 16, 0x10020);
	/* the block's first filter makes its chain 0 */
	ck_assert_uint_eq(nnotified, 2);
	ck_assert_uint_eq(notified[0], RTM_NEWCHAIN);
	ck_assert_uint_eq(notified[1], RTM_NEWTFILTER);
	u32_filter(2, 0xffff0000, 0x00160000, 20, 0x10010);

	h = req(RTM_NEWQDISC, NEW, 2, TC_H_INGRESS, 0xffff0000, 0, "clsact");
	ck_assert_int_eq(send_change(h), 0);

	/* RTM_GETQDISC with TCA_DUMP_INVISIBLE */
	h = req(RTM_GETQDISC, NLM_F_DUMP, 0, 0, 0, 0, NULL);
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	mnl_attr_put(h, TCA_DUMP_INVISIBLE, 0, NULL);
	rtnl_rcv(&ctx, h, h->nlmsg_len, &out);
	expect_done(expect_msgs(0, exp_htb_qdiscs));
	nl_out_pop(&out, out.n);
	send_tc(RTM_GETTCLASS, NLM_F_REQUEST | NLM_F_DUMP, 2, 0);
	expect_done(expect_msgs(0, exp_htb_classes));
	nl_out_pop(&out, out.n);
	send_tc(RTM_GETTFILTER, NLM_F_REQUEST | NLM_F_DUMP, 2, 0x10000);
	expect_done(expect_msgs(0, exp_htb_filters));
	nl_out_pop(&out, out.n);
	send_tc(RTM_GETCHAIN, NLM_F_REQUEST | NLM_F_DUMP, 2, 0x10000);
	expect_done(expect_msgs(0, exp_htb_chains));
}
END_TEST

/* What the kernel refuses, with its errors. */
START_TEST(changes_refused_as_linux_refuses_them)
{
	/* an unknown kind; a kind the scenario's kernel lacks */
	ck_assert_int_eq(send_change(req(RTM_NEWQDISC, NEW, 4, TC_H_ROOT, 0x10000, 0, "nosuch")),
			 -ENOENT);
	m.tc_absent |= 1ull << tc_module_bit("fq_codel");
	ck_assert_int_eq(send_change(req(RTM_NEWQDISC, NEW, 4, TC_H_ROOT, 0x10000, 0, "fq_codel")),
			 -ENOENT);
	/* a device that is not there; a class of a classless qdisc */
	ck_assert_int_eq(send_change(req(RTM_NEWQDISC, NEW, 99, TC_H_ROOT, 0x10000, 0, "pfifo")),
			 -ENODEV);
	ck_assert_int_eq(send_change(req(RTM_NEWTCLASS, NEW, 4, 0, 0x10001, 0, "htb")), -ENOENT);
	ck_assert_int_eq(send_change(req(RTM_NEWTCLASS, NEW, 4, TC_H_ROOT, 1, 0, "htb")), -ENOENT);
	/* the default root cannot be deleted; a handle is replaced only
	 * when asked */
	ck_assert_int_eq(send_change(req(RTM_DELQDISC, 0, 4, TC_H_ROOT, 0, 0, NULL)), -ENOENT);
	ck_assert_int_eq(send_change(req(RTM_NEWQDISC, NEW, 4, TC_H_ROOT, 0x50000, 0, "pfifo")), 0);
	ck_assert_int_eq(send_change(req(RTM_NEWQDISC, NEW, 4, TC_H_ROOT, 0x60000, 0, "pfifo")),
			 -EEXIST);
	ck_assert_str_eq(vn_link_by_index(&m, 4)->qdisc, "pfifo");
	/* without CAP_NET_ADMIN: EPERM */
	struct nlmsghdr *h = req(RTM_DELQDISC, 0, 4, TC_H_ROOT, 0, 0, NULL);
	ctx.cap_net_admin = false;
	rtnl_rcv(&ctx, h, h->nlmsg_len, &out);
	ck_assert_int_eq(((const struct nlmsgerr *)NLMSG_DATA(msg(0)))->error, -EPERM);
	nl_out_pop(&out, out.n);
	/* deleted, the device (up) gets its default back */
	m.links[3].flags |= IFF_UP;
	ck_assert_int_eq(send_change(req(RTM_DELQDISC, 0, 4, TC_H_ROOT, 0, 0, NULL)), 0);
	ck_assert_str_eq(vn_link_by_index(&m, 4)->qdisc, "pfifo_fast");
	/* filters need a classful qdisc */
	ck_assert_int_eq(send_change(req(RTM_NEWTFILTER, NEW, 4, 0, 0, 1u << 16 | 8, "u32")), -EINVAL);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rtnl_tc");
	TCase *tc = tcase_create("dumps");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, default_qdiscs_match_linux);
	tcase_add_test(tc, mq_classes_match_linux);
	tcase_add_test(tc, no_filters_no_chains);
	tcase_add_test(tc, default_qdisc_sysctl_and_link_removal);
	suite_add_tcase(s, tc);
	tc = tcase_create("scenario");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, recorded_objects_are_served_as_recorded);
	tcase_add_test(tc, bad_records_are_refused);
	suite_add_tcase(s, tc);
	tc = tcase_create("changes");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, htb_tree_matches_linux);
	tcase_add_test(tc, changes_refused_as_linux_refuses_them);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
