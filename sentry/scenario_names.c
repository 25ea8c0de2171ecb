/* Names the scenario accepts for numbers: what iproute2 prints. */
#include "scenario_load.h"

#include <linux/fib_rules.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if_arp.h>
#include <sys/socket.h>

/* ---- tables ------------------------------------------------------------- */

const struct name_num scn_link_flag_names[] = {
	{ "UP", 0x1 }, { "BROADCAST", 0x2 }, { "DEBUG", 0x4 }, { "LOOPBACK", 0x8 },
	{ "POINTOPOINT", 0x10 }, { "NOTRAILERS", 0x20 }, { "RUNNING", 0x40 }, { "NOARP", 0x80 },
	{ "PROMISC", 0x100 }, { "ALLMULTI", 0x200 }, { "MASTER", 0x400 }, { "SLAVE", 0x800 },
	{ "MULTICAST", 0x1000 }, { "PORTSEL", 0x2000 }, { "AUTOMEDIA", 0x4000 },
	{ "DYNAMIC", 0x8000 }, { "LOWER_UP", 0x10000 }, { "DORMANT", 0x20000 }, { "ECHO", 0x40000 },
	/* printed by ip, derived from the others */
	{ "NO-CARRIER", 0 }, { "M-DOWN", 0 },
	{ NULL, 0 }
};

const struct name_num scn_operstate_names[] = {
	{ "UNKNOWN", 0 }, { "NOTPRESENT", 1 }, { "DOWN", 2 }, { "LOWERLAYERDOWN", 3 },
	{ "TESTING", 4 }, { "DORMANT", 5 }, { "UP", 6 }, { NULL, 0 }
};

const struct name_num scn_linkmode_names[] = { { "DEFAULT", 0 }, { "DORMANT", 1 }, { NULL, 0 } };

/* "kernel": the build options (model.h, VN_K_*), by the name a scenario
 * gives them */
const struct name_num scn_kconfig_names[] = {
	{ "ipv6_mroute", VN_K_IPV6_MROUTE }, { "ipv6_seg6_hmac", VN_K_IPV6_SEG6_HMAC },
	{ "ip_route_classid", VN_K_IP_ROUTE_CLASSID }, { "xfrm_statistics", VN_K_XFRM_STATISTICS },
	{ "schedstats", VN_K_SCHEDSTATS }, { "mptcp", VN_K_MPTCP },
	{ "cls_u32_perf", VN_K_CLS_U32_PERF }, { "cls_u32_mark", VN_K_CLS_U32_MARK },
	{ NULL, 0 }
};

const struct name_num scn_group_names[] = { { "default", 0 }, { NULL, 0 } };

const struct name_num scn_addrgen_names[] = {
	{ "eui64", 0 }, { "none", 1 }, { "stable_secret", 2 }, { "random", 3 }, { NULL, 0 }
};

/* iproute2 lib/ll_types.c */
const struct name_num scn_link_type_names[] = {
	{ "netrom", ARPHRD_NETROM }, { "ether", ARPHRD_ETHER }, { "eether", ARPHRD_EETHER },
	{ "ax25", ARPHRD_AX25 }, { "pronet", ARPHRD_PRONET }, { "chaos", ARPHRD_CHAOS },
	{ "ieee802", ARPHRD_IEEE802 }, { "arcnet", ARPHRD_ARCNET }, { "atalk", ARPHRD_APPLETLK },
	{ "dlci", ARPHRD_DLCI }, { "atm", ARPHRD_ATM }, { "metricom", ARPHRD_METRICOM },
	{ "ieee1394", ARPHRD_IEEE1394 }, { "infiniband", ARPHRD_INFINIBAND },
	{ "slip", ARPHRD_SLIP }, { "cslip", ARPHRD_CSLIP }, { "slip6", ARPHRD_SLIP6 },
	{ "cslip6", ARPHRD_CSLIP6 }, { "rsrvd", ARPHRD_RSRVD }, { "adapt", ARPHRD_ADAPT },
	{ "rose", ARPHRD_ROSE }, { "x25", ARPHRD_X25 }, { "hwx25", ARPHRD_HWX25 },
	{ "can", 280 }, { "ppp", ARPHRD_PPP }, { "hdlc", ARPHRD_HDLC }, { "lapb", ARPHRD_LAPB },
	{ "ddcmp", ARPHRD_DDCMP }, { "rawhdlc", ARPHRD_RAWHDLC }, { "ipip", ARPHRD_TUNNEL },
	{ "tunnel6", ARPHRD_TUNNEL6 }, { "frad", ARPHRD_FRAD }, { "skip", ARPHRD_SKIP },
	{ "loopback", ARPHRD_LOOPBACK }, { "ltalk", ARPHRD_LOCALTLK }, { "fddi", ARPHRD_FDDI },
	{ "bif", ARPHRD_BIF }, { "sit", ARPHRD_SIT }, { "ip/ddp", ARPHRD_IPDDP },
	{ "gre", ARPHRD_IPGRE }, { "pimreg", ARPHRD_PIMREG }, { "hippi", ARPHRD_HIPPI },
	{ "ash", ARPHRD_ASH }, { "econet", ARPHRD_ECONET }, { "irda", ARPHRD_IRDA },
	{ "fcpp", ARPHRD_FCPP }, { "fcal", ARPHRD_FCAL }, { "fcpl", ARPHRD_FCPL },
	{ "fcfb0", ARPHRD_FCFABRIC }, { "tr", ARPHRD_IEEE802_TR },
	{ "ieee802.11", ARPHRD_IEEE80211 }, { "ieee802.11/prism", ARPHRD_IEEE80211_PRISM },
	{ "ieee802.11/radiotap", ARPHRD_IEEE80211_RADIOTAP }, { "ieee802.15.4", 804 },
	{ "ieee802.15.4/monitor", 805 }, { "phonet", 820 }, { "phonet_pipe", 821 },
	{ "caif", 822 }, { "gre6", 823 }, { "ip6gre", 823 }, { "netlink", 824 },
	{ "6lowpan", 825 }, { "none", ARPHRD_NONE }, { "void", ARPHRD_VOID },
	{ NULL, 0 }
};

const struct name_num scn_scope_names[] = {
	{ "global", RT_SCOPE_UNIVERSE }, { "universe", RT_SCOPE_UNIVERSE }, { "site", RT_SCOPE_SITE },
	{ "link", RT_SCOPE_LINK }, { "host", RT_SCOPE_HOST }, { "nowhere", RT_SCOPE_NOWHERE },
	{ NULL, 0 }
};

/* /etc/iproute2/rt_protos */
const struct name_num scn_proto_names[] = {
	{ "unspec", 0 }, { "redirect", 1 }, { "kernel", 2 }, { "boot", 3 }, { "static", 4 },
	{ "gated", 8 }, { "ra", 9 }, { "mrt", 10 }, { "zebra", 11 }, { "bird", 12 },
	{ "dnrouted", 13 }, { "xorp", 14 }, { "ntk", 15 }, { "dhcp", 16 }, { "mrouted", 17 },
	{ "keepalived", 18 }, { "babel", 42 }, { "openr", 99 }, { "bgp", 186 }, { "isis", 187 },
	{ "ospf", 188 }, { "rip", 189 }, { "eigrp", 192 }, { NULL, 0 }
};

/* iproute2 rt_addrprotos */
const struct name_num scn_addr_proto_names[] = {
	{ "unspec", 0 }, { "kernel_lo", 1 }, { "kernel_ra", 2 }, { "kernel_ll", 3 }, { NULL, 0 }
};

const struct name_num scn_table_names[] = {
	{ "unspec", RT_TABLE_UNSPEC }, { "default", RT_TABLE_DEFAULT }, { "main", RT_TABLE_MAIN },
	{ "local", RT_TABLE_LOCAL }, { NULL, 0 }
};

const struct name_num scn_rtype_names[] = {
	{ "unspec", RTN_UNSPEC }, { "unicast", RTN_UNICAST }, { "local", RTN_LOCAL },
	{ "broadcast", RTN_BROADCAST }, { "anycast", RTN_ANYCAST }, { "multicast", RTN_MULTICAST },
	{ "blackhole", RTN_BLACKHOLE }, { "unreachable", RTN_UNREACHABLE },
	{ "prohibit", RTN_PROHIBIT }, { "throw", RTN_THROW }, { "nat", RTN_NAT },
	{ "xresolve", RTN_XRESOLVE }, { NULL, 0 }
};

const struct name_num scn_route_flag_names[] = {
	{ "dead", RTNH_F_DEAD }, { "pervasive", RTNH_F_PERVASIVE }, { "onlink", RTNH_F_ONLINK },
	{ "offload", RTNH_F_OFFLOAD }, { "linkdown", RTNH_F_LINKDOWN },
	{ "unresolved", RTNH_F_UNRESOLVED }, { "trap", RTNH_F_TRAP },
	{ "notify", RTM_F_NOTIFY }, { "cloned", RTM_F_CLONED }, { "rt_offload", 0x4000 },
	{ "rt_trap", 0x8000 }, { "rt_offload_failed", 0x20000000 }, { NULL, 0 }
};

/* ICMPV6_ROUTER_PREF_* */
const struct name_num scn_pref_names[] = {
	{ "medium", 0 }, { "high", 1 }, { "invalid", 2 }, { "low", 3 }, { NULL, 0 }
};

const struct name_num scn_nud_names[] = {
	{ "NONE", 0 }, { "INCOMPLETE", NUD_INCOMPLETE }, { "REACHABLE", NUD_REACHABLE },
	{ "STALE", NUD_STALE }, { "DELAY", NUD_DELAY }, { "PROBE", NUD_PROBE },
	{ "FAILED", NUD_FAILED }, { "NOARP", NUD_NOARP }, { "PERMANENT", NUD_PERMANENT },
	{ NULL, 0 }
};

/* ip rule prints the action of a rule that does not go to a table with the
 * route type names of the same numbers. */
const struct name_num scn_rule_action_names[] = {
	{ "to_tbl", FR_ACT_TO_TBL }, { "goto", FR_ACT_GOTO }, { "nop", FR_ACT_NOP },
	{ "blackhole", FR_ACT_BLACKHOLE }, { "unreachable", FR_ACT_UNREACHABLE },
	{ "prohibit", FR_ACT_PROHIBIT }, { NULL, 0 }
};

const struct name_num scn_family_names[] = {
	{ "inet", AF_INET }, { "inet6", AF_INET6 }, { "ipv4", AF_INET }, { "ipv6", AF_INET6 },
	{ NULL, 0 }
};
