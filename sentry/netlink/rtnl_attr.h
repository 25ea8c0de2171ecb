/* Netlink attributes checked against policy tables, as the kernel checks
 * them (lib/nlattr.c, __nla_validate_parse): a row per attribute type says
 * what its payload must be, the parse mode says how strictly. The tables
 * of NETLINK_ROUTE's attribute spaces are in rtnl_policy.c.
 *
 * What a failed check reports (the ext-ack message, the attribute's offset,
 * the row it failed) is kept in a struct rtnl_extack and sent as the
 * kernel's NLMSGERR_ATTR_* TLVs by rtnl_extack_tlvs. */
#ifndef VENEER_RTNL_ATTR_H
#define VENEER_RTNL_ATTR_H

#include <linux/netlink.h>
#include <stddef.h>
#include <stdint.h>

/* The kernel's NLA_* types that NETLINK_ROUTE's policies use. */
enum rtnl_nla_type {
	RTNL_NLA_UNSPEC,     /* no type; .len is a minimum payload length */
	RTNL_NLA_U8,
	RTNL_NLA_U16,
	RTNL_NLA_U32,
	RTNL_NLA_U64,
	RTNL_NLA_S32,
	RTNL_NLA_BE32,
	RTNL_NLA_STRING,     /* .len: the longest string, a trailing NUL not counted */
	RTNL_NLA_NUL_STRING, /* NUL within the first .len + 1 bytes (or anywhere) */
	RTNL_NLA_FLAG,       /* no payload */
	RTNL_NLA_NESTED,     /* empty, or attributes (checked by .nested if set) */
	RTNL_NLA_BINARY,     /* .len: the longest payload, 0 = any */
	RTNL_NLA_REJECT,     /* never accepted */
};

/* Further checks of an integer's value (NLA_POLICY_MIN/MAX/RANGE/MASK). */
enum rtnl_nla_check { RTNL_CHECK_NONE, RTNL_CHECK_RANGE, RTNL_CHECK_MASK };

struct rtnl_policy_set;

/* One row: the kernel's struct nla_policy for one attribute type. */
struct rtnl_policy {
	uint8_t type;                  /* enum rtnl_nla_type */
	uint8_t check;                 /* enum rtnl_nla_check */
	uint16_t len;
	int64_t min, max;              /* RTNL_CHECK_RANGE */
	uint64_t mask;                 /* RTNL_CHECK_MASK: the bits allowed */
	const char *reject_message;    /* RTNL_NLA_REJECT's own ext-ack text */
	const struct rtnl_policy_set *nested;
};

/* One attribute space: rows[0..maxtype]. Types from strict_start on (the
 * kernel's policy[0].strict_start_type, 0 = none) are checked strictly in
 * every mode: attributes added to an old space since 5.2 cannot be sent
 * malformed. */
struct rtnl_policy_set {
	const struct rtnl_policy *rows;
	uint16_t maxtype;
	uint16_t strict_start;
};

/* The kernel's NL_VALIDATE_* bits, and the three ways rtnetlink parses. */
enum {
	RTNL_VALIDATE_TRAILING = 1 << 0,     /* bytes after the last attribute: EINVAL */
	RTNL_VALIDATE_MAXTYPE = 1 << 1,      /* a type above the maximum: EINVAL */
	RTNL_VALIDATE_UNSPEC = 1 << 2,       /* a type without a row: EINVAL */
	RTNL_VALIDATE_STRICT_ATTRS = 1 << 3, /* fixed-size types exactly their size */
	RTNL_VALIDATE_NESTED = 1 << 4,       /* NLA_F_NESTED exactly on nests */
};
enum rtnl_parse_mode {
	/* nlmsg_parse_deprecated: short payloads are ERANGE, long ones and
	 * unknown types pass, trailing bytes are only a warning */
	RTNL_PARSE_LIBERAL = 0,
	/* nlmsg_parse_deprecated_strict: as liberal, but trailing bytes and
	 * types above the maximum are errors (strict GET requests and dumps) */
	RTNL_PARSE_DEPRECATED_STRICT = RTNL_VALIDATE_TRAILING | RTNL_VALIDATE_MAXTYPE,
	/* nlmsg_parse: everything */
	RTNL_PARSE_STRICT = RTNL_VALIDATE_TRAILING | RTNL_VALIDATE_MAXTYPE | RTNL_VALIDATE_UNSPEC |
			    RTNL_VALIDATE_STRICT_ATTRS | RTNL_VALIDATE_NESTED,
};

/* What the kernel's struct netlink_ext_ack would hold. A message set and
 * then followed by success is a warning: the ack still carries it. */
struct rtnl_extack {
	const char *msg;
	const struct nlattr *bad_attr;      /* NLMSGERR_ATTR_OFFS */
	const struct rtnl_policy *policy;   /* NLMSGERR_ATTR_POLICY */
};

/* Check the attributes in [head, head + len) against pol and fill
 * tb[0..pol->maxtype] (NULL where absent; a later duplicate wins). 0 or a
 * negative errno; ack (may be NULL, as the kernel passes no extack to some
 * nested parses) gets what the kernel reports. tb may be NULL: check only
 * (nla_validate). */
int rtnl_nla_parse(const struct nlattr **tb, const struct rtnl_policy_set *pol, const void *head,
		   int len, unsigned validate, struct rtnl_extack *ack);

/* The same for the attributes after a message's fixed header of hdrlen
 * bytes; a message shorter than the header is EINVAL ("Invalid header
 * length"). */
int rtnl_nlmsg_parse(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb,
		     const struct rtnl_policy_set *pol, unsigned validate, struct rtnl_extack *ack);

/* nla_parse_nested_deprecated: the attributes inside nest, NLA_F_NESTED
 * not required. */
int rtnl_nla_parse_nested(const struct nlattr **tb, const struct rtnl_policy_set *pol,
			  const struct nlattr *nest, unsigned validate, struct rtnl_extack *ack);

/* Set the message, keeping an earlier one when msg is NULL (the kernel's
 * NL_SET_ERR_MSG replaces; a step that sets nothing leaves what was). */
static inline void rtnl_extack_msg(struct rtnl_extack *ack, const char *msg)
{
	if (msg)
		ack->msg = msg;
}

/* The NLMSGERR_ATTR_* TLVs netlink_ack_tlv_fill appends for ack after
 * request req answered err: the message; on errors the offset of the
 * attribute (when it lies in req) and its policy row. Written to buf
 * (cap bytes, RTNL_EXTACK_MAX is enough); returns their length. */
#define RTNL_EXTACK_MAX 512
size_t rtnl_extack_tlvs(const struct rtnl_extack *ack, const struct nlmsghdr *req, int err,
			void *buf, size_t cap);

/* Rows, as the kernel writes them. */
#define RTNL_POL(t) { .type = (t) }
#define RTNL_POL_LEN(t, l) { .type = (t), .len = (l) }
#define RTNL_POL_MINLEN(l) { .type = RTNL_NLA_UNSPEC, .len = (l) }
#define RTNL_POL_MIN(t, lo) { .type = (t), .check = RTNL_CHECK_RANGE, .min = (lo), .max = INT64_MAX }
#define RTNL_POL_MAX(t, hi) { .type = (t), .check = RTNL_CHECK_RANGE, .min = INT64_MIN, .max = (hi) }
#define RTNL_POL_MASK(t, m) { .type = (t), .check = RTNL_CHECK_MASK, .mask = (m) }
#define RTNL_POL_REJECT_MSG(m) { .type = RTNL_NLA_REJECT, .reject_message = (m) }

/* NETLINK_ROUTE's attribute spaces (rtnl_policy.c). */
extern const struct rtnl_policy_set rtnl_ifla_policy;     /* IFLA_* (ifla_policy) */
extern const struct rtnl_policy_set rtnl_ifla_info_policy; /* IFLA_INFO_* */
extern const struct rtnl_policy_set rtnl_veth_policy;     /* VETH_INFO_* */
extern const struct rtnl_policy_set rtnl_inet_af_policy;  /* IFLA_AF_SPEC's AF_INET */
extern const struct rtnl_policy_set rtnl_inet6_af_policy; /* IFLA_AF_SPEC's AF_INET6 */
extern const struct rtnl_policy_set rtnl_ifa_ipv4_policy;
extern const struct rtnl_policy_set rtnl_ifa_ipv6_policy;
extern const struct rtnl_policy_set rtnl_rtm_ipv4_policy;
extern const struct rtnl_policy_set rtnl_rtm_ipv6_policy;
extern const struct rtnl_policy_set rtnl_nda_policy;
extern const struct rtnl_policy_set rtnl_fib_rule_policy;
extern const struct rtnl_policy_set rtnl_devconf_ipv4_policy;
extern const struct rtnl_policy_set rtnl_devconf_ipv6_policy;
extern const struct rtnl_policy_set rtnl_net_policy;      /* NETNSA_* */

#endif
