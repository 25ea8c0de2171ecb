/* The attribute validator (netlink/rtnl_attr.c) against the rules of the
 * kernel's lib/nlattr.c, type by type and mode by mode, and the ext-ack
 * TLVs it makes; then through rtnl_rcv, with answers a Linux 6.18
 * namespace gave to the same requests (tests/integration/it_rtnl.py's
 * "rtnl attribute policy" compares the whole set). */
#include "model.h"

#include <check.h>
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if_arp.h>
#include <stdint.h>
#include <string.h>

#include "netlink/nl_handler.h"
#include "netlink/rtnl_attr.h"

/* A test space with a row of each kind. */
enum {
	T_U8 = 1, T_U16, T_U32, T_U64, T_S32, T_STR, T_NUL, T_NUL5, T_BIN, T_FLAG, T_NEST,
	T_NEST_POL, T_MIN, T_REJ, T_REJ_MSG, T_RANGE, T_MASK, T_NOROW, T_STRICT_U32,
	T_MAX = T_STRICT_U32
};

static const struct rtnl_policy inner_rows[3] = {
	[1] = RTNL_POL(RTNL_NLA_U32),
};
static const struct rtnl_policy_set inner = { inner_rows, 2, 0 };

static const struct rtnl_policy rows[T_MAX + 1] = {
	[T_U8] = RTNL_POL(RTNL_NLA_U8),
	[T_U16] = RTNL_POL(RTNL_NLA_U16),
	[T_U32] = RTNL_POL(RTNL_NLA_U32),
	[T_U64] = RTNL_POL(RTNL_NLA_U64),
	[T_S32] = RTNL_POL(RTNL_NLA_S32),
	[T_STR] = RTNL_POL_LEN(RTNL_NLA_STRING, 3),
	[T_NUL] = RTNL_POL(RTNL_NLA_NUL_STRING),
	[T_NUL5] = RTNL_POL_LEN(RTNL_NLA_NUL_STRING, 5),
	[T_BIN] = RTNL_POL_LEN(RTNL_NLA_BINARY, 4),
	[T_FLAG] = RTNL_POL(RTNL_NLA_FLAG),
	[T_NEST] = RTNL_POL(RTNL_NLA_NESTED),
	[T_NEST_POL] = { .type = RTNL_NLA_NESTED, .nested = &inner },
	[T_MIN] = RTNL_POL_MINLEN(6),
	[T_REJ] = RTNL_POL(RTNL_NLA_REJECT),
	[T_REJ_MSG] = RTNL_POL_REJECT_MSG("not here"),
	[T_RANGE] = RTNL_POL_MIN(RTNL_NLA_U32, 10),
	[T_MASK] = RTNL_POL_MASK(RTNL_NLA_U8, 0x0f),
	[T_STRICT_U32] = RTNL_POL(RTNL_NLA_U32),
};
static const struct rtnl_policy_set pol = { rows, T_MAX, T_STRICT_U32 };

static const unsigned LIBERAL = RTNL_PARSE_LIBERAL, DSTRICT = RTNL_PARSE_DEPRECATED_STRICT,
		      STRICT = RTNL_PARSE_STRICT;

/* A run of attributes, built by put(). */
static uint8_t buf[512] __attribute__((aligned(4)));
static size_t len;

static struct nlattr *put(uint16_t type, const void *data, size_t n)
{
	struct nlattr *a = (struct nlattr *)(buf + len);
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + n);
	if (n)
		memcpy(a + 1, data, n);
	len += NLA_ALIGN(NLA_HDRLEN + n);
	return a;
}

static struct nlattr *put_n(uint16_t type, size_t n)
{
	static const uint8_t zeros[64];
	return put(type, zeros, n);
}

static const struct nlattr *tb[T_MAX + 1];
static struct rtnl_extack ack;

static int check_attrs(unsigned mode)
{
	memset(&ack, 0, sizeof(ack));
	return rtnl_nla_parse(tb, &pol, buf, (int)len, mode, &ack);
}

/* One attribute of type t and n bytes alone, in mode. */
static int one(uint16_t t, size_t n, unsigned mode)
{
	len = 0;
	put_n(t, n);
	return check_attrs(mode);
}

static void setup(void)
{
	len = 0;
	memset(buf, 0, sizeof(buf));
}

START_TEST(fixed_size_types_short_long_and_exact)
{
	static const struct { uint16_t t; size_t size; } ints[] = {
		{ T_U8, 1 }, { T_U16, 2 }, { T_U32, 4 }, { T_U64, 8 }, { T_S32, 4 },
	};
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		uint16_t t = ints[i].t;
		size_t n = ints[i].size;
		/* too short: ERANGE, unless strict, which wants the size */
		ck_assert_int_eq(one(t, n - 1, LIBERAL), -ERANGE);
		ck_assert_str_eq(ack.msg, "Attribute failed policy validation");
		ck_assert_ptr_eq(ack.policy, &rows[t]);
		ck_assert_int_eq(one(t, n - 1, DSTRICT), -ERANGE);
		ck_assert_int_eq(one(t, n - 1, STRICT), -EINVAL);
		ck_assert_str_eq(ack.msg, "invalid attribute length");
		/* too long: read from its start by the liberal modes */
		ck_assert_int_eq(one(t, n + 3, LIBERAL), 0);
		ck_assert_ptr_eq(tb[t], buf);
		ck_assert_int_eq(one(t, n + 3, DSTRICT), 0);
		ck_assert_int_eq(one(t, n + 3, STRICT), -EINVAL);
		for (unsigned m = 0; m < 3; m++)
			ck_assert_int_eq(one(t, n, (unsigned[]){ LIBERAL, DSTRICT, STRICT }[m]), 0);
	}
}
END_TEST

START_TEST(strings_count_a_trailing_nul_out)
{
	ck_assert_int_eq(one(T_STR, 0, LIBERAL), -ERANGE);
	len = 0;
	put(T_STR, "abc", 3);
	ck_assert_int_eq(check_attrs(LIBERAL), 0);
	len = 0;
	put(T_STR, "abc", 4);   /* with its NUL */
	ck_assert_int_eq(check_attrs(LIBERAL), 0);
	len = 0;
	put(T_STR, "abcd", 4);  /* IFLA_IFNAME of 16 bytes: ERANGE, not cut */
	ck_assert_int_eq(check_attrs(STRICT), -ERANGE);
	ck_assert_str_eq(ack.msg, "Attribute failed policy validation");
	/* NUL_STRING: a NUL somewhere, within len + 1 bytes when len is set */
	len = 0;
	put(T_NUL, "ab", 2);
	ck_assert_int_eq(check_attrs(LIBERAL), -EINVAL);
	len = 0;
	put(T_NUL, "a\0b", 3);
	ck_assert_int_eq(check_attrs(LIBERAL), 0);
	len = 0;
	put(T_NUL5, "abcdef\0", 7);
	ck_assert_int_eq(check_attrs(LIBERAL), -EINVAL);
	len = 0;
	put(T_NUL5, "abcde\0", 6);
	ck_assert_int_eq(check_attrs(LIBERAL), 0);
	ck_assert_int_eq(one(T_NUL, 0, LIBERAL), -EINVAL);
}
END_TEST

START_TEST(binary_flag_unspec_reject)
{
	ck_assert_int_eq(one(T_BIN, 0, STRICT), 0);
	ck_assert_int_eq(one(T_BIN, 4, STRICT), 0);
	ck_assert_int_eq(one(T_BIN, 5, LIBERAL), -ERANGE);
	ck_assert_int_eq(one(T_FLAG, 0, STRICT), 0);
	ck_assert_int_eq(one(T_FLAG, 1, LIBERAL), -ERANGE);
	/* a row with only a length is a minimum; strict wants a type */
	ck_assert_int_eq(one(T_MIN, 5, LIBERAL), -ERANGE);
	ck_assert_int_eq(one(T_MIN, 6, DSTRICT), 0);
	ck_assert_int_eq(one(T_MIN, 6, STRICT), -EINVAL);
	ck_assert_str_eq(ack.msg, "Unsupported attribute");
	ck_assert_ptr_null(ack.policy);
	ck_assert_int_eq(one(T_NOROW, 9, LIBERAL), 0);
	ck_assert_int_eq(one(T_REJ, 0, LIBERAL), -EINVAL);
	ck_assert_str_eq(ack.msg, "Attribute failed policy validation");
	ck_assert_int_eq(one(T_REJ_MSG, 0, LIBERAL), -EINVAL);
	ck_assert_str_eq(ack.msg, "not here");
	ck_assert_ptr_null(ack.policy);
}
END_TEST

START_TEST(nests_and_their_policies)
{
	ck_assert_int_eq(one(T_NEST, 0, LIBERAL), 0);
	ck_assert_int_eq(one(T_NEST, 3, LIBERAL), -ERANGE);
	ck_assert_int_eq(one(T_NEST, 4, LIBERAL), 0);
	/* strict: NLA_F_NESTED exactly on nests */
	ck_assert_int_eq(one(T_NEST, 4, STRICT), -EINVAL);
	ck_assert_str_eq(ack.msg, "NLA_F_NESTED is missing");
	ck_assert_int_eq(one(T_U8 | NLA_F_NESTED, 1, STRICT), -EINVAL);
	ck_assert_str_eq(ack.msg, "NLA_F_NESTED not expected");
	ck_assert_int_eq(one(T_NEST | NLA_F_NESTED, 4, STRICT), 0);
	/* a nest with a policy: the inner failure is reported at the inner
	 * attribute */
	len = 0;
	struct nlattr *outer = put_n(T_NEST_POL, 0);
	const struct nlattr *in = put(1, "\1\2", 2);
	outer->nla_len = (uint16_t)(len);
	ck_assert_int_eq(check_attrs(LIBERAL), -ERANGE);
	ck_assert_ptr_eq(ack.bad_attr, in);
	ck_assert_ptr_eq(ack.policy, &inner_rows[1]);
	/* the deprecated nested parse reads a nest without NLA_F_NESTED */
	const struct nlattr *itb[3];
	ck_assert_int_eq(rtnl_nla_parse_nested(itb, &inner, outer, LIBERAL, NULL), -ERANGE);
}
END_TEST

START_TEST(types_out_of_the_space_and_trailing_bytes)
{
	ck_assert_int_eq(one(T_MAX + 1, 4, LIBERAL), 0);
	ck_assert_ptr_null(ack.msg);
	ck_assert_int_eq(one(T_MAX + 1, 4, DSTRICT), -EINVAL);
	ck_assert_str_eq(ack.msg, "Unknown attribute type");
	ck_assert_ptr_eq(ack.bad_attr, buf);
	ck_assert_int_eq(one(0, 4, DSTRICT), -EINVAL);
	/* trailing bytes: a warning to liberal parsing, an error to strict */
	len = 0;
	put_n(T_U32, 4);
	len += 2;
	ck_assert_int_eq(check_attrs(LIBERAL), 0);
	ck_assert_str_eq(ack.msg, "bytes leftover after parsing attributes");
	ck_assert_ptr_nonnull(tb[T_U32]);
	ck_assert_int_eq(check_attrs(DSTRICT), -EINVAL);
	/* an attribute longer than what is left ends the walk likewise */
	len = 0;
	struct nlattr *a = put_n(T_U32, 4);
	a->nla_len = 40;
	ck_assert_int_eq(check_attrs(LIBERAL), 0);
	ck_assert_ptr_null(tb[T_U32]);
	ck_assert_str_eq(ack.msg, "bytes leftover after parsing attributes");
	/* a last attribute without its padding is no leftover */
	len = 0;
	put(T_U8, "\1", 1);
	ck_assert_int_eq(rtnl_nla_parse(tb, &pol, buf, 5, DSTRICT, &ack), 0);
}
END_TEST

START_TEST(strict_from_the_space_strict_start_on)
{
	ck_assert_int_eq(one(T_STRICT_U32, 8, LIBERAL), -EINVAL);
	ck_assert_str_eq(ack.msg, "invalid attribute length");
	ck_assert_int_eq(one(T_U32, 8, LIBERAL), 0);
}
END_TEST

START_TEST(values_in_range_and_mask)
{
	uint32_t v = 9;
	len = 0;
	put(T_RANGE, &v, 4);
	ck_assert_int_eq(check_attrs(LIBERAL), -ERANGE);
	ck_assert_str_eq(ack.msg, "integer out of range");
	v = 10;
	len = 0;
	put(T_RANGE, &v, 4);
	ck_assert_int_eq(check_attrs(LIBERAL), 0);
	len = 0;
	put(T_MASK, "\x10", 1);
	ck_assert_int_eq(check_attrs(LIBERAL), -EINVAL);
	ck_assert_str_eq(ack.msg, "reserved bit set");
	len = 0;
	put(T_MASK, "\x0f", 1);
	ck_assert_int_eq(check_attrs(LIBERAL), 0);
}
END_TEST

START_TEST(later_duplicates_win)
{
	len = 0;
	put(T_U8, "\1", 1);
	const struct nlattr *second = put(T_U8, "\2", 1);
	ck_assert_int_eq(check_attrs(LIBERAL), 0);
	ck_assert_ptr_eq(tb[T_U8], second);
}
END_TEST

/* The TLVs of NLMSGERR: message, offset from the request, policy nest. */
static const struct nlattr *tlv(const uint8_t *p, size_t n, uint16_t type)
{
	for (size_t off = 0; off + NLA_HDRLEN <= n;) {
		const struct nlattr *a = (const struct nlattr *)(p + off);
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		off += NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

START_TEST(ext_ack_tlvs_say_where_and_what)
{
	uint8_t req[64] __attribute__((aligned(4))) = { 0 };
	struct nlmsghdr *h = (struct nlmsghdr *)req;
	h->nlmsg_len = NLMSG_LENGTH(4) + 8;
	len = 0;
	put(T_U32, "\1\2", 2);
	memcpy(req + NLMSG_LENGTH(4), buf, 8);
	ck_assert_int_eq(rtnl_nlmsg_parse(h, 4, tb, &pol, LIBERAL, &ack), -ERANGE);
	uint8_t out[RTNL_EXTACK_MAX];
	size_t n = rtnl_extack_tlvs(&ack, h, -ERANGE, out, sizeof(out));
	const struct nlattr *m = tlv(out, n, NLMSGERR_ATTR_MSG);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq((const char *)(m + 1), "Attribute failed policy validation");
	const struct nlattr *o = tlv(out, n, NLMSGERR_ATTR_OFFS);
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(*(const uint32_t *)(o + 1), NLMSG_LENGTH(4));   /* 20 */
	const struct nlattr *p = tlv(out, n, NLMSGERR_ATTR_POLICY);
	ck_assert_ptr_nonnull(p);
	ck_assert(p->nla_type & NLA_F_NESTED);
	/* a u32's row: its range (the type's), then its type, as Linux */
	static const uint8_t want[] = { 12, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					12, 0, 5, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0,
					8, 0, 1, 0, 4, 0, 0, 0 };
	ck_assert_uint_eq(p->nla_len, NLA_HDRLEN + sizeof(want));
	ck_assert_mem_eq(p + 1, want, sizeof(want));
	/* an ack carries the message only (a warning) */
	n = rtnl_extack_tlvs(&ack, h, 0, out, sizeof(out));
	ck_assert_ptr_nonnull(tlv(out, n, NLMSGERR_ATTR_MSG));
	ck_assert_ptr_null(tlv(out, n, NLMSGERR_ATTR_OFFS));
	/* a string's row: its longest length; "invalid header length" */
	ck_assert_int_eq(rtnl_nlmsg_parse(h, 40, tb, &pol, LIBERAL, &ack), -EINVAL);
	ck_assert_str_eq(ack.msg, "Invalid header length");
}
END_TEST

/* ---- through rtnl_rcv, as Linux 6.18 answered (it_rtnl.py) ---- */

static struct vn_model m;
static struct nl_out out;
static struct nl_ctx ctx;

static void model_setup(void)
{
	vn_model_init(&m);
	struct vn_link lo = { .ifindex = 1, .name = "lo", .flags = 0x10049, .mtu = 65536,
			      .type = ARPHRD_LOOPBACK, .txqlen = 1000, .addr_len = 6,
			      .link_netnsid = -1, .qdisc = "noqueue" };
	struct vn_link eth = { .ifindex = 3, .name = "eth0", .flags = 0x11043, .mtu = 1500,
			       .type = ARPHRD_ETHER, .txqlen = 1000, .addr_len = 6, .min_mtu = 68,
			       .max_mtu = 65535, .link_netnsid = -1, .kind = "veth",
			       .qdisc = "noqueue" };
	vn_model_add_link(&m, &lo);
	vn_model_add_link(&m, &eth);
	nl_out_init(&out);
	ctx = (struct nl_ctx){ .model = &m, .portid = 77, .ext_ack = true, .cap_net_admin = true };
}

static void model_teardown(void)
{
	nl_out_free(&out);
	vn_model_free(&m);
}

static const struct nlmsghdr *ask(uint16_t type, uint16_t flags, const void *attrs, size_t n)
{
	static uint8_t req[256] __attribute__((aligned(4)));
	memset(req, 0, sizeof(req));
	struct nlmsghdr *h = (struct nlmsghdr *)req;
	struct ifinfomsg ifi = { .ifi_index = type == RTM_SETLINK ? 3 : 0 };
	h->nlmsg_len = (uint32_t)(NLMSG_LENGTH(sizeof(ifi)) + n);
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	memcpy(NLMSG_DATA(h), &ifi, sizeof(ifi));
	memcpy(req + NLMSG_LENGTH(sizeof(ifi)), attrs, n);
	rtnl_rcv(&ctx, req, h->nlmsg_len, &out);
	ck_assert_uint_ge(out.n, 1);
	return (const struct nlmsghdr *)(out.data.data + out.marks[out.n - 1].off);
}

/* The TLVs after an NLMSG_ERROR (capped or not) or an NLMSG_DONE. */
static const struct nlattr *reply_tlv(const struct nlmsghdr *h, uint16_t type, size_t *n)
{
	size_t off;
	if (h->nlmsg_type == NLMSG_DONE) {
		off = NLMSG_LENGTH(sizeof(int));
	} else {
		const struct nlmsgerr *e = NLMSG_DATA(h);
		size_t echo = h->nlmsg_flags & NLM_F_CAPPED ? 0 : e->msg.nlmsg_len - NLMSG_HDRLEN;
		off = NLMSG_LENGTH(NLMSG_ALIGN(sizeof(*e) + echo));
	}
	ck_assert(h->nlmsg_flags & NLM_F_ACK_TLVS);
	*n = h->nlmsg_len - off;
	return tlv((const uint8_t *)h + off, *n, type);
}

START_TEST(ifname_too_long_is_erange_not_cut)
{
	len = 0;
	put(IFLA_IFNAME, "eth0eth0eth0eth0", 16);
	const struct nlmsghdr *h = ask(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, buf, len);
	ck_assert_int_eq(((const struct nlmsgerr *)NLMSG_DATA(h))->error, -ERANGE);
	size_t n;
	const struct nlattr *o = reply_tlv(h, NLMSGERR_ATTR_OFFS, &n);
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(*(const uint32_t *)(o + 1), 32);
	ck_assert_str_eq(m.links[1].name, "eth0");
	/* 15 bytes and a NUL: a name */
	len = 0;
	put(IFLA_IFNAME, "eth1eth1eth1eth", 16);
	h = ask(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, buf, len);
	ck_assert_int_eq(((const struct nlmsgerr *)NLMSG_DATA(h))->error, 0);
	ck_assert_str_eq(m.links[1].name, "eth1eth1eth1eth");
}
END_TEST

START_TEST(a_warning_rides_on_the_ack)
{
	/* an MTU of 8 bytes passes liberal parsing; 2 trailing bytes too */
	len = 0;
	put(IFLA_MTU, (const uint32_t[]){ 1400, 0 }, 8);
	len += 2;
	const struct nlmsghdr *h = ask(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, buf, len);
	ck_assert_int_eq(((const struct nlmsgerr *)NLMSG_DATA(h))->error, 0);
	ck_assert_uint_eq(m.links[1].mtu, 1400);
	size_t n;
	const struct nlattr *msg = reply_tlv(h, NLMSGERR_ATTR_MSG, &n);
	ck_assert_ptr_nonnull(msg);
	ck_assert_str_eq((const char *)(msg + 1), "bytes leftover after parsing attributes");
	ck_assert_ptr_null(reply_tlv(h, NLMSGERR_ATTR_OFFS, &n));
}
END_TEST

START_TEST(a_strict_dump_fails_in_its_done)
{
	ctx.strict_chk = true;
	len = 0;
	put(IFLA_EXT_MASK, "\1\0", 2);
	const struct nlmsghdr *h = ask(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, buf, len);
	ck_assert_uint_eq(h->nlmsg_type, NLMSG_DONE);
	ck_assert_int_eq(*(const int *)NLMSG_DATA(h), -ERANGE);
	size_t n;
	const struct nlattr *o = reply_tlv(h, NLMSGERR_ATTR_OFFS, &n);
	ck_assert_uint_eq(*(const uint32_t *)(o + 1), 32);
	ck_assert_ptr_nonnull(reply_tlv(h, NLMSGERR_ATTR_POLICY, &n));
	/* an attribute that does not filter a dump */
	nl_out_pop(&out, out.n);
	len = 0;
	put(IFLA_MTU, "\1\0\0\0", 4);
	h = ask(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, buf, len);
	ck_assert_int_eq(*(const int *)NLMSG_DATA(h), -EINVAL);
	const struct nlattr *msg = reply_tlv(h, NLMSGERR_ATTR_MSG, &n);
	ck_assert_str_eq((const char *)(msg + 1), "Unsupported attribute in link dump request");
	/* the same dump, liberal: goes on, links and DONE as ever */
	ctx.strict_chk = false;
	nl_out_pop(&out, out.n);
	h = ask(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, buf, len);
	ck_assert_uint_eq(out.n - out.head, 3);
	ck_assert_uint_eq(h->nlmsg_flags, NLM_F_MULTI);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtnl_policy");
	TCase *tc = tcase_create("validator");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, fixed_size_types_short_long_and_exact);
	tcase_add_test(tc, strings_count_a_trailing_nul_out);
	tcase_add_test(tc, binary_flag_unspec_reject);
	tcase_add_test(tc, nests_and_their_policies);
	tcase_add_test(tc, types_out_of_the_space_and_trailing_bytes);
	tcase_add_test(tc, strict_from_the_space_strict_start_on);
	tcase_add_test(tc, values_in_range_and_mask);
	tcase_add_test(tc, later_duplicates_win);
	tcase_add_test(tc, ext_ack_tlvs_say_where_and_what);
	suite_add_tcase(s, tc);
	TCase *rc = tcase_create("rtnl_rcv");
	tcase_add_checked_fixture(rc, model_setup, model_teardown);
	tcase_add_test(rc, ifname_too_long_is_erange_not_cut);
	tcase_add_test(rc, a_warning_rides_on_the_ack);
	tcase_add_test(rc, a_strict_dump_fails_in_its_done);
	suite_add_tcase(s, rc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
