/* Attribute numbers of Linux 6.18's uapi that the build's headers may
 * predate (Debian 12's are 6.1's), and each space's maximum in 6.18: the
 * policy tables are sized by the kernel's maxima, not the headers', since
 * a type above the maximum is treated differently (ignored, or "Unknown
 * attribute type" under strict checking). */
#ifndef VENEER_RTNL_COMPAT_H
#define VENEER_RTNL_COMPAT_H

enum {
	VN_IFLA_ALLMULTI = 61, VN_IFLA_DEVLINK_PORT = 62, VN_IFLA_GSO_IPV4_MAX_SIZE = 63,
	VN_IFLA_GRO_IPV4_MAX_SIZE = 64, VN_IFLA_DPLL_PIN = 65,
	VN_IFLA_MAX_PACING_OFFLOAD_HORIZON = 66, VN_IFLA_NETNS_IMMUTABLE = 67,
	VN_IFLA_HEADROOM = 68, VN_IFLA_TAILROOM = 69,
	VN_IFLA_MAX = 69,
	VN_IFLA_INFO_MAX = 5,
	VN_IFLA_INET_MAX = 1,
	VN_IFLA_INET6_MAX = 9,
	VN_IFA_PROTO = 11,
	VN_IFA_MAX = 11,
	VN_RTA_FLOWLABEL = 31,
	VN_RTA_MAX = 31,
	VN_NDA_NDM_STATE_MASK = 16, VN_NDA_NDM_FLAGS_MASK = 17,
	VN_NDA_MAX = 17,
	VN_FRA_DSCP = 25, VN_FRA_FLOWLABEL = 26, VN_FRA_FLOWLABEL_MASK = 27,
	VN_FRA_SPORT_MASK = 28, VN_FRA_DPORT_MASK = 29, VN_FRA_DSCP_MASK = 30,
	VN_FRA_MAX = 30,
	VN_NETCONFA_MAX = 9,
	VN_NETNSA_MAX = 5,
	VN_VETH_INFO_MAX = 1,
	/* the highest devconf index IFLA_INET_CONF may name (IPV4_DEVCONF_MAX) */
	VN_IPV4_DEVCONF_MAX = 33,
};

#endif
