/* NETLINK_ROUTE's attribute policies: a row per attribute type, as Linux
 * 6.18's nla_policy tables have it (net/core/rtnetlink.c ifla_policy and
 * its nests, net/ipv4/devinet.c, net/ipv6/addrconf.c, fib_frontend.c,
 * net/ipv6/route.c, net/core/neighbour.c, fib_rules.c, net_namespace.c,
 * drivers/net/veth.c). Each row was checked against a 6.18 kernel: an
 * attribute sent too short is refused with the row's type and limits in
 * NLMSGERR_ATTR_POLICY. A type without a row takes any payload (liberal
 * parsing) or is "Unsupported attribute" (strict parsing). rtnl_attr.c
 * does the checking. */
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/net_namespace.h>
#include <linux/netconf.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "rtnl_attr.h"
#include "rtnl_compat.h"

#define U8 RTNL_POL(RTNL_NLA_U8)
#define U16 RTNL_POL(RTNL_NLA_U16)
#define U32 RTNL_POL(RTNL_NLA_U32)
#define U64 RTNL_POL(RTNL_NLA_U64)
#define S32 RTNL_POL(RTNL_NLA_S32)
#define BE32 RTNL_POL(RTNL_NLA_BE32)
#define NESTED RTNL_POL(RTNL_NLA_NESTED)
#define REJECT RTNL_POL(RTNL_NLA_REJECT)
#define STRING(n) RTNL_POL_LEN(RTNL_NLA_STRING, n)
#define BINARY(n) RTNL_POL_LEN(RTNL_NLA_BINARY, n)

/* Sizes the kernel's rows are written with. */
enum {
	NAME_MAX_LEN = 15,      /* IFNAMSIZ - 1 */
	ALTNAME_MAX_LEN = 127,  /* ALTIFNAMSIZ - 1 */
	IFALIAS_MAX_LEN = 255,  /* IFALIASZ - 1: a binary, so that "" clears it */
	HWADDR_MAX_LEN = 32,    /* MAX_ADDR_LEN */
	PHYS_ITEM_ID_MAX_LEN = 32,
	IN6_LEN = 16,
	CACHEINFO_LEN = 16,     /* struct ifa_cacheinfo, struct nda_cacheinfo */
	RTNEXTHOP_LEN = 8,      /* struct rtnexthop */
	UID_RANGE_LEN = 8,      /* struct fib_rule_uid_range */
	PORT_RANGE_LEN = 4,     /* struct fib_rule_port_range */
	/* MAX_TCP_HEADER + 1: the smallest GSO size. MAX_TCP_HEADER follows
	 * the configuration (128 + MAX_HEADER, cache-line aligned); 192 is
	 * an x86-64 kernel's without tunnel drivers built in, as 6.18's. */
	GSO_MIN_SIZE = 193,
	/* NTF_EXT_MASK: the NDA_FLAGS_EXT bits a request may set */
	NTF_EXT_SETTABLE = 0x5,
	DSCP_MAX = 63,          /* INET_DSCP_MASK >> 2 */
};

/* ---- links (RTM_NEWLINK, RTM_SETLINK, RTM_DELLINK, RTM_GETLINK) ---- */

static const struct rtnl_policy ifla_rows[VN_IFLA_MAX + 1] = {
	[IFLA_IFNAME] = STRING(NAME_MAX_LEN),
	[IFLA_ADDRESS] = BINARY(HWADDR_MAX_LEN),
	[IFLA_BROADCAST] = BINARY(HWADDR_MAX_LEN),
	[IFLA_MAP] = RTNL_POL_MINLEN(sizeof(struct rtnl_link_ifmap)),
	[IFLA_MTU] = U32,
	[IFLA_LINK] = U32,
	[IFLA_MASTER] = U32,
	[IFLA_CARRIER] = U8,
	[IFLA_TXQLEN] = U32,
	[IFLA_WEIGHT] = U32,
	[IFLA_OPERSTATE] = U8,
	[IFLA_LINKMODE] = U8,
	[IFLA_LINKINFO] = NESTED,
	[IFLA_NET_NS_PID] = U32,
	[IFLA_NET_NS_FD] = U32,
	[IFLA_IFALIAS] = BINARY(IFALIAS_MAX_LEN),
	[IFLA_VFINFO_LIST] = NESTED,
	[IFLA_VF_PORTS] = NESTED,
	[IFLA_PORT_SELF] = NESTED,
	[IFLA_AF_SPEC] = NESTED,
	[IFLA_EXT_MASK] = U32,
	[IFLA_PROMISCUITY] = U32,
	[IFLA_NUM_TX_QUEUES] = U32,
	[IFLA_NUM_RX_QUEUES] = U32,
	[IFLA_GSO_MAX_SEGS] = U32,
	[IFLA_GSO_MAX_SIZE] = RTNL_POL_MIN(RTNL_NLA_U32, GSO_MIN_SIZE),
	[IFLA_PHYS_PORT_ID] = BINARY(PHYS_ITEM_ID_MAX_LEN),
	[IFLA_CARRIER_CHANGES] = U32,   /* accepted, ignored */
	[IFLA_PHYS_SWITCH_ID] = BINARY(PHYS_ITEM_ID_MAX_LEN),
	[IFLA_LINK_NETNSID] = S32,
	[IFLA_PROTO_DOWN] = U8,
	[IFLA_XDP] = NESTED,
	[IFLA_EVENT] = U32,
	[IFLA_GROUP] = U32,
	[IFLA_TARGET_NETNSID] = S32,
	[IFLA_CARRIER_UP_COUNT] = U32,
	[IFLA_CARRIER_DOWN_COUNT] = U32,
	[IFLA_MIN_MTU] = U32,
	[IFLA_MAX_MTU] = U32,
	[IFLA_PROP_LIST] = NESTED,
	[IFLA_ALT_IFNAME] = STRING(ALTNAME_MAX_LEN),
	[IFLA_PERM_ADDRESS] = REJECT,   /* read-only: reported, never set */
	[IFLA_PROTO_DOWN_REASON] = NESTED,
	[IFLA_NEW_IFINDEX] = RTNL_POL_MIN(RTNL_NLA_S32, 1),
	[IFLA_PARENT_DEV_NAME] = RTNL_POL(RTNL_NLA_NUL_STRING),
	[IFLA_GRO_MAX_SIZE] = U32,
	[IFLA_TSO_MAX_SIZE] = REJECT,
	[IFLA_TSO_MAX_SEGS] = REJECT,
	[VN_IFLA_ALLMULTI] = REJECT,
	[VN_IFLA_GSO_IPV4_MAX_SIZE] = RTNL_POL_MIN(RTNL_NLA_U32, GSO_MIN_SIZE),
	[VN_IFLA_GRO_IPV4_MAX_SIZE] = U32,
	[VN_IFLA_NETNS_IMMUTABLE] = REJECT,
	[VN_IFLA_HEADROOM] = REJECT,
	[VN_IFLA_TAILROOM] = REJECT,
};
/* From IFLA_DPLL_PIN on, a type without a row is "Unsupported attribute"
 * even to liberal parsing. */
const struct rtnl_policy_set rtnl_ifla_policy = { ifla_rows, VN_IFLA_MAX, VN_IFLA_DPLL_PIN };

/* IFLA_LINKINFO's attributes (ifla_info_policy); the kind's own data
 * (IFLA_INFO_DATA) has the kind's policy, e.g. veth's below. */
static const struct rtnl_policy ifla_info_rows[VN_IFLA_INFO_MAX + 1] = {
	[IFLA_INFO_KIND] = RTNL_POL(RTNL_NLA_STRING),
	[IFLA_INFO_DATA] = NESTED,
	[IFLA_INFO_SLAVE_KIND] = RTNL_POL(RTNL_NLA_STRING),
	[IFLA_INFO_SLAVE_DATA] = NESTED,
};
const struct rtnl_policy_set rtnl_ifla_info_policy = { ifla_info_rows, VN_IFLA_INFO_MAX, 0 };

/* A veth's peer: an ifinfomsg, then the peer's own IFLA_* attributes. */
static const struct rtnl_policy veth_rows[VN_VETH_INFO_MAX + 1] = {
	[VETH_INFO_PEER] = RTNL_POL_MINLEN(sizeof(struct ifinfomsg)),
};
const struct rtnl_policy_set rtnl_veth_policy = { veth_rows, VN_VETH_INFO_MAX, 0 };

/* IFLA_AF_SPEC's AF_INET (inet_af_policy): devconf values to set. */
static const struct rtnl_policy inet_af_rows[VN_IFLA_INET_MAX + 1] = {
	[IFLA_INET_CONF] = NESTED,
};
const struct rtnl_policy_set rtnl_inet_af_policy = { inet_af_rows, VN_IFLA_INET_MAX, 0 };

/* IFLA_AF_SPEC's AF_INET6 (inet6_af_policy): only the token and the
 * address generation mode can be set; the RA's MTU is the kernel's. */
static const struct rtnl_policy inet6_af_rows[VN_IFLA_INET6_MAX + 1] = {
	[IFLA_INET6_ADDR_GEN_MODE] = U8,
	[IFLA_INET6_TOKEN] = RTNL_POL_MINLEN(IN6_LEN),
	[IFLA_INET6_RA_MTU] = RTNL_POL_REJECT_MSG("IFLA_INET6_RA_MTU can not be set"),
};
const struct rtnl_policy_set rtnl_inet6_af_policy = { inet6_af_rows, VN_IFLA_INET6_MAX, 0 };

/* ---- addresses (RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR) ---- */

/* IPv4 reads addresses as u32s and keeps a label. */
static const struct rtnl_policy ifa_ipv4_rows[VN_IFA_MAX + 1] = {
	[IFA_LOCAL] = U32,
	[IFA_ADDRESS] = U32,
	[IFA_BROADCAST] = U32,
	[IFA_LABEL] = STRING(NAME_MAX_LEN),
	[IFA_CACHEINFO] = RTNL_POL_MINLEN(CACHEINFO_LEN),
	[IFA_FLAGS] = U32,
	[IFA_RT_PRIORITY] = U32,
	[IFA_TARGET_NETNSID] = S32,
	[VN_IFA_PROTO] = U8,
};
const struct rtnl_policy_set rtnl_ifa_ipv4_policy = { ifa_ipv4_rows, VN_IFA_MAX, 0 };

/* IPv6 reads addresses as 16 bytes at least, has no label (IFA_LABEL
 * passes unread), and its older u32s are minimum lengths, not types. */
static const struct rtnl_policy ifa_ipv6_rows[VN_IFA_MAX + 1] = {
	[IFA_ADDRESS] = RTNL_POL_MINLEN(IN6_LEN),
	[IFA_LOCAL] = RTNL_POL_MINLEN(IN6_LEN),
	[IFA_CACHEINFO] = RTNL_POL_MINLEN(CACHEINFO_LEN),
	[IFA_FLAGS] = RTNL_POL_MINLEN(4),
	[IFA_RT_PRIORITY] = RTNL_POL_MINLEN(4),
	[IFA_TARGET_NETNSID] = S32,
	[VN_IFA_PROTO] = U8,
};
const struct rtnl_policy_set rtnl_ifa_ipv6_policy = { ifa_ipv6_rows, VN_IFA_MAX, 0 };

/* ---- routes (RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE) ---- */

/* rtm_ipv4_policy; also what route dumps of every family are checked
 * with (ip_valid_fib_dump_req). */
static const struct rtnl_policy rtm_ipv4_rows[VN_RTA_MAX + 1] = {
	[RTA_DST] = U32,
	[RTA_SRC] = U32,
	[RTA_IIF] = U32,
	[RTA_OIF] = U32,
	[RTA_GATEWAY] = U32,
	[RTA_PRIORITY] = U32,
	[RTA_PREFSRC] = U32,
	[RTA_METRICS] = NESTED,
	[RTA_MULTIPATH] = RTNL_POL_MINLEN(RTNEXTHOP_LEN),
	[RTA_FLOW] = U32,
	[RTA_ENCAP_TYPE] = U16,
	[RTA_ENCAP] = NESTED,
	[RTA_UID] = U32,
	[RTA_MARK] = U32,
	[RTA_TABLE] = U32,
	[RTA_IP_PROTO] = U8,
	[RTA_SPORT] = U16,
	[RTA_DPORT] = U16,
	[RTA_NH_ID] = U32,
};
/* Strict from RTA_NH_ID on: IPv4 has no RTA_FLOWLABEL, so it is
 * "Unsupported attribute" there. */
const struct rtnl_policy_set rtnl_rtm_ipv4_policy = { rtm_ipv4_rows, VN_RTA_MAX, RTA_NH_ID };

/* rtm_ipv6_policy: RTA_DST and RTA_SRC have no row, their length is
 * checked against the prefix length by the handler. */
static const struct rtnl_policy rtm_ipv6_rows[VN_RTA_MAX + 1] = {
	[RTA_UID] = U32,
	[RTA_PREFSRC] = RTNL_POL_MINLEN(IN6_LEN),
	[RTA_OIF] = U32,
	[RTA_IIF] = U32,
	[RTA_PRIORITY] = U32,
	[RTA_METRICS] = NESTED,
	[RTA_MULTIPATH] = RTNL_POL_MINLEN(RTNEXTHOP_LEN),
	[RTA_PREF] = U8,
	[RTA_ENCAP_TYPE] = U16,
	[RTA_ENCAP] = NESTED,
	[RTA_EXPIRES] = U32,
	[RTA_TABLE] = U32,
	[RTA_MARK] = U32,
	[RTA_GATEWAY] = RTNL_POL_MINLEN(IN6_LEN),
	[RTA_IP_PROTO] = U8,
	[RTA_SPORT] = U16,
	[RTA_DPORT] = U16,
	[RTA_NH_ID] = U32,
	[VN_RTA_FLOWLABEL] = BE32,
};
const struct rtnl_policy_set rtnl_rtm_ipv6_policy = { rtm_ipv6_rows, VN_RTA_MAX, RTA_NH_ID };

/* ---- neighbours (RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH) ---- */

static const struct rtnl_policy nda_rows[VN_NDA_MAX + 1] = {
	[NDA_DST] = BINARY(HWADDR_MAX_LEN),
	[NDA_LLADDR] = BINARY(HWADDR_MAX_LEN),
	[NDA_CACHEINFO] = RTNL_POL_MINLEN(CACHEINFO_LEN),
	[NDA_PROBES] = U32,
	[NDA_VLAN] = U16,
	[NDA_PORT] = U16,
	[NDA_VNI] = U32,
	[NDA_IFINDEX] = U32,
	[NDA_MASTER] = U32,
	[NDA_PROTOCOL] = U8,
	[NDA_NH_ID] = U32,
	[NDA_FDB_EXT_ATTRS] = NESTED,
	[NDA_FLAGS_EXT] = RTNL_POL_MASK(RTNL_NLA_U32, NTF_EXT_SETTABLE),
};
const struct rtnl_policy_set rtnl_nda_policy = { nda_rows, VN_NDA_MAX, NDA_NH_ID };

/* ---- rules (RTM_NEWRULE, RTM_DELRULE): FRA_GENERIC_POLICY ---- */

/* FRA_SRC and FRA_DST have no row: the handler wants them exactly an
 * address long when the header gives a prefix length. */
static const struct rtnl_policy fra_rows[VN_FRA_MAX + 1] = {
	[FRA_IIFNAME] = STRING(NAME_MAX_LEN),
	[FRA_OIFNAME] = STRING(NAME_MAX_LEN),
	[FRA_PRIORITY] = U32,
	[FRA_FWMARK] = U32,
	[FRA_TUN_ID] = U64,
	[FRA_FWMASK] = U32,
	[FRA_TABLE] = U32,
	[FRA_SUPPRESS_PREFIXLEN] = U32,
	[FRA_SUPPRESS_IFGROUP] = U32,
	[FRA_GOTO] = U32,
	[FRA_L3MDEV] = U8,
	[FRA_UID_RANGE] = RTNL_POL_MINLEN(UID_RANGE_LEN),
	[FRA_PROTOCOL] = U8,
	[FRA_IP_PROTO] = U8,
	[FRA_SPORT_RANGE] = RTNL_POL_MINLEN(PORT_RANGE_LEN),
	[FRA_DPORT_RANGE] = RTNL_POL_MINLEN(PORT_RANGE_LEN),
	[FRA_FLOW] = U32,
	[VN_FRA_DSCP] = RTNL_POL_MAX(RTNL_NLA_U8, DSCP_MAX),
	[VN_FRA_FLOWLABEL] = BE32,
	[VN_FRA_FLOWLABEL_MASK] = BE32,
	[VN_FRA_SPORT_MASK] = U16,
	[VN_FRA_DPORT_MASK] = U16,
	[VN_FRA_DSCP_MASK] = RTNL_POL_MASK(RTNL_NLA_U8, DSCP_MAX),
};
const struct rtnl_policy_set rtnl_fib_rule_policy = { fra_rows, VN_FRA_MAX, VN_FRA_DSCP };

/* ---- netconf (RTM_GETNETCONF): ints as minimum lengths ---- */

static const struct rtnl_policy devconf_ipv4_rows[VN_NETCONFA_MAX + 1] = {
	[NETCONFA_IFINDEX] = RTNL_POL_MINLEN(4),
	[NETCONFA_FORWARDING] = RTNL_POL_MINLEN(4),
	[NETCONFA_RP_FILTER] = RTNL_POL_MINLEN(4),
	[NETCONFA_PROXY_NEIGH] = RTNL_POL_MINLEN(4),
	[NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN] = RTNL_POL_MINLEN(4),
};
const struct rtnl_policy_set rtnl_devconf_ipv4_policy = { devconf_ipv4_rows, VN_NETCONFA_MAX, 0 };

static const struct rtnl_policy devconf_ipv6_rows[VN_NETCONFA_MAX + 1] = {
	[NETCONFA_IFINDEX] = RTNL_POL_MINLEN(4),
	[NETCONFA_FORWARDING] = RTNL_POL_MINLEN(4),
	[NETCONFA_PROXY_NEIGH] = RTNL_POL_MINLEN(4),
	[NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN] = RTNL_POL_MINLEN(4),
};
const struct rtnl_policy_set rtnl_devconf_ipv6_policy = { devconf_ipv6_rows, VN_NETCONFA_MAX, 0 };

/* ---- namespace ids (RTM_GETNSID) ---- */

static const struct rtnl_policy netns_rows[VN_NETNSA_MAX + 1] = {
	[NETNSA_NSID] = S32,
	[NETNSA_PID] = U32,
	[NETNSA_FD] = U32,
	[NETNSA_TARGET_NSID] = S32,
};
const struct rtnl_policy_set rtnl_net_policy = { netns_rows, VN_NETNSA_MAX, 0 };
