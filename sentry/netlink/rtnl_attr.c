/* Attribute validation as the kernel's lib/nlattr.c does it (validate_nla,
 * __nla_validate_parse), and the ext-ack TLVs af_netlink.c sends for it.
 *
 * libmnl walks the attributes (mnl_attr_ok is the kernel's nla_ok) and
 * reads them; its mnl_attr_validate is used where its rule is the
 * kernel's (flags, nests). Elsewhere the kernel's rule differs and wins:
 * libmnl wants fixed-size types exactly their size (the kernel's liberal
 * modes take longer payloads and read the first bytes), answers ERANGE
 * where strict checking says EINVAL, has no maximum string length, and
 * calls a type above the maximum an error (the kernel ignores it unless
 * strict). */
#include "rtnl_attr.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <string.h>

/* Allowed nesting of policies (MAX_POLICY_RECURSION_DEPTH). */
#define POLICY_DEPTH_MAX 10

/* nla_attr_len: the types whose size is fixed; strict checking wants
 * exactly that, liberal checking at least that (nla_attr_minlen). */
static const uint8_t fixed_len[] = {
	[RTNL_NLA_U8] = 1, [RTNL_NLA_U16] = 2, [RTNL_NLA_U32] = 4, [RTNL_NLA_U64] = 8,
	[RTNL_NLA_S32] = 4, [RTNL_NLA_BE32] = 4,
};

static int parse(const struct nlattr **tb, const struct rtnl_policy_set *pol, const void *head,
		 int len, unsigned validate, struct rtnl_extack *ack, int depth);

/* NL_SET_ERR_MSG_ATTR_POL / NL_SET_ERR_MSG_ATTR: the message, where, and
 * (for the first) which row. */
static void fail(struct rtnl_extack *ack, const struct nlattr *a, const struct rtnl_policy *pt,
		 const char *msg)
{
	if (!ack)
		return;
	ack->msg = msg;
	ack->bad_attr = a;
	ack->policy = pt;
}

static bool is_signed(uint8_t type)
{
	return type == RTNL_NLA_S32;
}

/* The range a value must lie in (nla_get_range_unsigned/_signed): the
 * type's, narrowed by the row's check. */
static void value_range(const struct rtnl_policy *pt, int64_t *lo, uint64_t *hi_u, int64_t *hi_s)
{
	uint64_t type_max = pt->type == RTNL_NLA_U8    ? UINT8_MAX
			    : pt->type == RTNL_NLA_U16 ? UINT16_MAX
			    : pt->type == RTNL_NLA_U32 ? UINT32_MAX
						       : UINT64_MAX;
	if (is_signed(pt->type)) {
		*lo = INT32_MIN;
		*hi_s = INT32_MAX;
		if (pt->check == RTNL_CHECK_RANGE) {
			*lo = pt->min > *lo ? pt->min : *lo;
			*hi_s = pt->max < *hi_s ? pt->max : *hi_s;
		}
		return;
	}
	*lo = 0;
	*hi_u = type_max;
	if (pt->check == RTNL_CHECK_RANGE) {
		*lo = pt->min > 0 ? pt->min : 0;
		if (pt->max >= 0 && (uint64_t)pt->max < type_max)
			*hi_u = (uint64_t)pt->max;
	}
}

static uint64_t get_unsigned(const struct nlattr *a, uint8_t type)
{
	switch (type) {
	case RTNL_NLA_U8: return mnl_attr_get_u8(a);
	case RTNL_NLA_U16: return mnl_attr_get_u16(a);
	case RTNL_NLA_U32: return mnl_attr_get_u32(a);
	default: return mnl_attr_get_u64(a);
	}
}

/* nla_validate_int_range and nla_validate_mask, after the length passed. */
static int check_value(const struct nlattr *a, const struct rtnl_policy *pt,
		       struct rtnl_extack *ack)
{
	if (pt->check == RTNL_CHECK_NONE)
		return 0;
	if (pt->check == RTNL_CHECK_MASK) {
		if (get_unsigned(a, pt->type) & ~pt->mask) {
			fail(ack, a, NULL, "reserved bit set");
			return -EINVAL;
		}
		return 0;
	}
	int64_t lo, hi_s = 0;
	uint64_t hi_u = 0;
	value_range(pt, &lo, &hi_u, &hi_s);
	bool out;
	if (is_signed(pt->type)) {
		int64_t v = (int32_t)mnl_attr_get_u32(a);
		out = v < lo || v > hi_s;
	} else {
		uint64_t v = get_unsigned(a, pt->type);
		out = v < (uint64_t)lo || v > hi_u;
	}
	if (out) {
		fail(ack, a, pt, "integer out of range");
		return -ERANGE;
	}
	return 0;
}

/* validate_nla: one attribute whose type has a row. */
static int validate_one(const struct nlattr *a, const struct rtnl_policy_set *pol,
			unsigned validate, struct rtnl_extack *ack, int depth)
{
	uint16_t type = mnl_attr_get_type(a);
	const struct rtnl_policy *pt = &pol->rows[type];
	int attrlen = (int)mnl_attr_get_payload_len(a);
	const char *data = mnl_attr_get_payload(a);

	if (pol->strict_start && type >= pol->strict_start)
		validate |= RTNL_PARSE_STRICT;
	/* too short or too long: strict checking stops here, liberal checking
	 * lets a longer payload pass and a shorter one fail below */
	uint8_t exact = pt->type < sizeof(fixed_len) ? fixed_len[pt->type] : 0;
	if (exact && attrlen != exact && (validate & RTNL_VALIDATE_STRICT_ATTRS)) {
		fail(ack, a, pt, "invalid attribute length");
		return -EINVAL;
	}
	if (validate & RTNL_VALIDATE_NESTED) {
		bool nested_flag = a->nla_type & NLA_F_NESTED;
		if (pt->type == RTNL_NLA_NESTED && !nested_flag) {
			fail(ack, a, pt, "NLA_F_NESTED is missing");
			return -EINVAL;
		}
		if (pt->type != RTNL_NLA_NESTED && pt->type != RTNL_NLA_UNSPEC && nested_flag) {
			fail(ack, a, pt, "NLA_F_NESTED not expected");
			return -EINVAL;
		}
	}

	int err = -ERANGE;
	switch (pt->type) {
	case RTNL_NLA_REJECT:
		if (ack && pt->reject_message) {
			ack->bad_attr = a;
			ack->msg = pt->reject_message;
			return -EINVAL;
		}
		err = -EINVAL;
		goto out_err;
	case RTNL_NLA_FLAG:
		/* libmnl's rule is the kernel's: no payload */
		if (mnl_attr_validate(a, MNL_TYPE_FLAG) < 0)
			goto out_err;
		break;
	case RTNL_NLA_NUL_STRING: {
		int n = pt->len && attrlen > pt->len + 1 ? pt->len + 1 : attrlen;
		if (!n || !memchr(data, '\0', (size_t)n)) {
			err = -EINVAL;
			goto out_err;
		}
		/* and it is a string too */
		__attribute__((fallthrough));
	}
	case RTNL_NLA_STRING:
		if (attrlen < 1)
			goto out_err;
		if (pt->len) {
			/* a trailing NUL does not count against the length */
			int n = data[attrlen - 1] == '\0' ? attrlen - 1 : attrlen;
			if (n > pt->len)
				goto out_err;
		}
		break;
	case RTNL_NLA_BINARY:
		if (pt->len && attrlen > pt->len)
			goto out_err;
		break;
	case RTNL_NLA_NESTED:
		/* empty, or at least one header (libmnl's rule too) */
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) < 0)
			goto out_err;
		if (attrlen && pt->nested) {
			/* the inner failure is reported as it is */
			err = parse(NULL, pt->nested, data, attrlen, validate, ack, depth + 1);
			if (err < 0)
				return err;
		}
		break;
	case RTNL_NLA_UNSPEC:
		if (validate & RTNL_VALIDATE_UNSPEC) {
			fail(ack, a, NULL, "Unsupported attribute");
			return -EINVAL;
		}
		if (attrlen < pt->len)
			goto out_err;
		break;
	default:
		if (attrlen < (pt->len ? pt->len : exact))
			goto out_err;
	}
	return check_value(a, pt, ack);
out_err:
	fail(ack, a, pt, "Attribute failed policy validation");
	return err;
}

/* __nla_validate_parse */
static int parse(const struct nlattr **tb, const struct rtnl_policy_set *pol, const void *head,
		 int len, unsigned validate, struct rtnl_extack *ack, int depth)
{
	if (depth >= POLICY_DEPTH_MAX) {
		if (ack)
			ack->msg = "allowed policy recursion depth exceeded";
		return -EINVAL;
	}
	if (tb)
		memset(tb, 0, sizeof(*tb) * ((size_t)pol->maxtype + 1));
	const struct nlattr *a = head;
	int rem = len;
	while (mnl_attr_ok(a, rem)) {
		uint16_t type = mnl_attr_get_type(a);
		if (type == 0 || type > pol->maxtype) {
			if (validate & RTNL_VALIDATE_MAXTYPE) {
				fail(ack, a, NULL, "Unknown attribute type");
				return -EINVAL;
			}
		} else {
			int err = validate_one(a, pol, validate, ack, depth);
			if (err < 0)
				return err;
			if (tb)
				tb[type] = a;
		}
		rem -= (int)NLA_ALIGN(a->nla_len);
		a = mnl_attr_next(a);
	}
	/* a last attribute cut short, or 1-3 bytes that are none: liberal
	 * checking says so and goes on */
	if (rem > 0) {
		if (ack)
			ack->msg = "bytes leftover after parsing attributes";
		if (validate & RTNL_VALIDATE_TRAILING)
			return -EINVAL;
	}
	return 0;
}

int rtnl_nla_parse(const struct nlattr **tb, const struct rtnl_policy_set *pol, const void *head,
		   int len, unsigned validate, struct rtnl_extack *ack)
{
	return parse(tb, pol, head, len, validate, ack, 0);
}

int rtnl_nlmsg_parse(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb,
		     const struct rtnl_policy_set *pol, unsigned validate, struct rtnl_extack *ack)
{
	if (nlh->nlmsg_len < NLMSG_LENGTH(hdrlen)) {
		if (ack)
			ack->msg = "Invalid header length";
		return -EINVAL;
	}
	/* nlmsg_attrlen: negative when the header's padding is missing, which
	 * is no attribute and nothing left over */
	int len = (int)nlh->nlmsg_len - (int)NLMSG_HDRLEN - (int)NLMSG_ALIGN(hdrlen);
	const char *head = (const char *)nlh + NLMSG_HDRLEN + NLMSG_ALIGN(hdrlen);
	return parse(tb, pol, head, len, validate, ack, 0);
}

int rtnl_nla_parse_nested(const struct nlattr **tb, const struct rtnl_policy_set *pol,
			  const struct nlattr *nest, unsigned validate, struct rtnl_extack *ack)
{
	return parse(tb, pol, mnl_attr_get_payload(nest), (int)mnl_attr_get_payload_len(nest),
		     validate, ack, 0);
}

/* __netlink_policy_dump_write_attr for one row: what a program is told
 * the attribute should have been. Rows without a type to tell (no type,
 * rejected, big-endian) write nothing, as the kernel cancels the nest. */
static void put_policy(struct nlmsghdr *h, const struct rtnl_policy *pt)
{
	static const uint32_t nl_type[] = {
		[RTNL_NLA_U8] = NL_ATTR_TYPE_U8, [RTNL_NLA_U16] = NL_ATTR_TYPE_U16,
		[RTNL_NLA_U32] = NL_ATTR_TYPE_U32, [RTNL_NLA_U64] = NL_ATTR_TYPE_U64,
		[RTNL_NLA_S32] = NL_ATTR_TYPE_S32, [RTNL_NLA_STRING] = NL_ATTR_TYPE_STRING,
		[RTNL_NLA_NUL_STRING] = NL_ATTR_TYPE_NUL_STRING, [RTNL_NLA_FLAG] = NL_ATTR_TYPE_FLAG,
		[RTNL_NLA_NESTED] = NL_ATTR_TYPE_NESTED, [RTNL_NLA_BINARY] = NL_ATTR_TYPE_BINARY,
	};
	if (pt->type >= sizeof(nl_type) / sizeof(nl_type[0]) || !nl_type[pt->type])
		return;
	struct nlattr *nest = mnl_attr_nest_start(h, NLMSGERR_ATTR_POLICY);
	switch (pt->type) {
	case RTNL_NLA_U8:
	case RTNL_NLA_U16:
	case RTNL_NLA_U32:
	case RTNL_NLA_U64:
		if (pt->check == RTNL_CHECK_MASK) {
			mnl_attr_put_u64(h, NL_POLICY_TYPE_ATTR_MASK, pt->mask);
		} else {
			int64_t lo, hi_s;
			uint64_t hi_u;
			value_range(pt, &lo, &hi_u, &hi_s);
			mnl_attr_put_u64(h, NL_POLICY_TYPE_ATTR_MIN_VALUE_U, (uint64_t)lo);
			mnl_attr_put_u64(h, NL_POLICY_TYPE_ATTR_MAX_VALUE_U, hi_u);
		}
		break;
	case RTNL_NLA_S32: {
		int64_t lo, hi_s;
		uint64_t hi_u;
		value_range(pt, &lo, &hi_u, &hi_s);
		mnl_attr_put_u64(h, NL_POLICY_TYPE_ATTR_MIN_VALUE_S, (uint64_t)lo);
		mnl_attr_put_u64(h, NL_POLICY_TYPE_ATTR_MAX_VALUE_S, (uint64_t)hi_s);
		break;
	}
	case RTNL_NLA_STRING:
	case RTNL_NLA_NUL_STRING:
	case RTNL_NLA_BINARY:
		if (pt->len)
			mnl_attr_put_u32(h, NL_POLICY_TYPE_ATTR_MAX_LENGTH, pt->len);
		break;
	default:
		break;
	}
	mnl_attr_put_u32(h, NL_POLICY_TYPE_ATTR_TYPE, nl_type[pt->type]);
	mnl_attr_nest_end(h, nest);
}

size_t rtnl_extack_tlvs(const struct rtnl_extack *ack, const struct nlmsghdr *req, int err,
			void *buf, size_t cap)
{
	/* built behind a scratch header with libmnl; padding must be zero */
	char tmp[NLMSG_HDRLEN + RTNL_EXTACK_MAX] __attribute__((aligned(4)));
	memset(tmp, 0, sizeof(tmp));
	struct nlmsghdr *h = (struct nlmsghdr *)tmp;
	h->nlmsg_len = NLMSG_HDRLEN;
	if (ack->msg && strlen(ack->msg) < RTNL_EXTACK_MAX / 2)
		mnl_attr_put_strz(h, NLMSGERR_ATTR_MSG, ack->msg);
	if (err) {
		const char *base = (const char *)req, *at = (const char *)ack->bad_attr;
		if (at && at >= base && at < base + req->nlmsg_len)
			mnl_attr_put_u32(h, NLMSGERR_ATTR_OFFS, (uint32_t)(at - base));
		if (ack->policy)
			put_policy(h, ack->policy);
	}
	size_t n = h->nlmsg_len - NLMSG_HDRLEN;
	if (n > cap)
		return 0;
	memcpy(buf, tmp + NLMSG_HDRLEN, n);
	return n;
}
