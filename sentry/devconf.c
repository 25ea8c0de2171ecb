/* The rows of devconf.h: defaults as a 6.18 kernel starts a new namespace
 * (ipv4_devconf/ipv4_devconf_dflt in net/ipv4/devinet.c, ipv6_devconf/
 * ipv6_devconf_dflt in net/ipv6/addrconf.c, checked against `grep -r .
 * /proc/sys/net/ipv{4,6}/conf/{all,default,lo,eth0}` in a fresh `ip netns`),
 * and the ranges their handlers accept. */
#include "devconf.h"
#include "model.h"

#include <linux/ip.h>
#include <linux/ipv6.h>

/* Newer than the uapi headers of the build machine. */
#define DEVCONF_FORCE_FORWARDING 59

#define NAME(n, mode) #n,
const char *const devconf4_names[DC4_N] = { DEVCONF4_ROWS(NAME) };
const char *const devconf6_names[DC6_N] = { DEVCONF6_ROWS(NAME) };

#define ANY 1, 0                      /* min > max: no range */
#define V4(idx, d) { IPV4_DEVCONF_##idx - 1, d, d, d, DCU_INT, ANY }

/* IPv4 values are plain ints (devinet_conf_proc); the differences: "all"
 * does not accept source routes, a loopback link neither encrypts nor
 * applies policy (inetdev_init). */
const struct devconf_row devconf4[DC4_N] = {
	[DC4_accept_local] = V4(ACCEPT_LOCAL, 0),
	[DC4_accept_redirects] = V4(ACCEPT_REDIRECTS, 1),
	[DC4_accept_source_route] = { IPV4_DEVCONF_ACCEPT_SOURCE_ROUTE - 1, 1, 0, 1, DCU_INT, ANY },
	[DC4_arp_accept] = V4(ARP_ACCEPT, 0),
	[DC4_arp_announce] = V4(ARP_ANNOUNCE, 0),
	[DC4_arp_evict_nocarrier] = V4(ARP_EVICT_NOCARRIER, 1),
	[DC4_arp_filter] = V4(ARPFILTER, 0),
	[DC4_arp_ignore] = V4(ARP_IGNORE, 0),
	[DC4_arp_notify] = V4(ARP_NOTIFY, 0),
	[DC4_bc_forwarding] = V4(BC_FORWARDING, 0),
	[DC4_bootp_relay] = V4(BOOTP_RELAY, 0),
	[DC4_disable_policy] = { IPV4_DEVCONF_NOPOLICY - 1, 0, 0, 1, DCU_INT, ANY },
	[DC4_disable_xfrm] = { IPV4_DEVCONF_NOXFRM - 1, 0, 0, 1, DCU_INT, ANY },
	[DC4_drop_gratuitous_arp] = V4(DROP_GRATUITOUS_ARP, 0),
	[DC4_drop_unicast_in_l2_multicast] = V4(DROP_UNICAST_IN_L2_MULTICAST, 0),
	[DC4_force_igmp_version] = V4(FORCE_IGMP_VERSION, 0),
	[DC4_forwarding] = V4(FORWARDING, 0),
	[DC4_igmpv2_unsolicited_report_interval] = V4(IGMPV2_UNSOLICITED_REPORT_INTERVAL, 10000),
	[DC4_igmpv3_unsolicited_report_interval] = V4(IGMPV3_UNSOLICITED_REPORT_INTERVAL, 1000),
	[DC4_ignore_routes_with_linkdown] = V4(IGNORE_ROUTES_WITH_LINKDOWN, 0),
	[DC4_log_martians] = V4(LOG_MARTIANS, 0),
	[DC4_mc_forwarding] = V4(MC_FORWARDING, 0),
	[DC4_medium_id] = V4(MEDIUM_ID, 0),
	[DC4_promote_secondaries] = V4(PROMOTE_SECONDARIES, 0),
	[DC4_proxy_arp] = V4(PROXY_ARP, 0),
	[DC4_proxy_arp_pvlan] = V4(PROXY_ARP_PVLAN, 0),
	[DC4_route_localnet] = V4(ROUTE_LOCALNET, 0),
	[DC4_rp_filter] = V4(RP_FILTER, 0),
	[DC4_secure_redirects] = V4(SECURE_REDIRECTS, 1),
	[DC4_send_redirects] = V4(SEND_REDIRECTS, 1),
	[DC4_shared_media] = V4(SHARED_MEDIA, 1),
	[DC4_src_valid_mark] = V4(SRC_VMARK, 0),
	[DC4_tag] = V4(TAG, 0),
};

#define V6(idx, d) { DEVCONF_##idx, d, d, d, DCU_INT, ANY }
#define V6R(idx, d, lo, hi) { DEVCONF_##idx, d, d, d, DCU_INT, lo, hi }
#define V6J(idx, ms) { DEVCONF_##idx, ms, ms, ms, DCU_JIFFIES, 0, 2147483 }
/* a row only a kernel with build option k (VN_K_*) has */
#define V6K(idx, d, k) { DEVCONF_##idx, d, d, d, DCU_INT, ANY, k }
/* sysctls without a netlink index (newer than the array's layout) */
#define V6X(d, lo, hi) { -1, d, d, d, DCU_INT, lo, hi }

/* "all" does no DAD; all/default have the minimum MTU (a link starts with
 * its own); loopback neither does DAD nor uses temporary addresses
 * (ipv6_add_dev). mc_forwarding and seg6_require_hmac are compiled in by
 * CONFIG_IPV6_MROUTE and CONFIG_IPV6_SEG6_HMAC (addrconf_sysctl[]). */
const struct devconf_row devconf6[DC6_N] = {
	[DC6_accept_dad] = { DEVCONF_ACCEPT_DAD, 1, 0, -1, DCU_INT, ANY },
	[DC6_accept_ra] = V6(ACCEPT_RA, 1),
	[DC6_accept_ra_defrtr] = V6(ACCEPT_RA_DEFRTR, 1),
	[DC6_accept_ra_from_local] = V6(ACCEPT_RA_FROM_LOCAL, 0),
	[DC6_accept_ra_min_hop_limit] = V6(ACCEPT_RA_MIN_HOP_LIMIT, 1),
	[DC6_accept_ra_min_lft] = V6(ACCEPT_RA_MIN_LFT, 0),
	[DC6_accept_ra_mtu] = V6(ACCEPT_RA_MTU, 1),
	[DC6_accept_ra_pinfo] = V6(ACCEPT_RA_PINFO, 1),
	[DC6_accept_ra_rt_info_max_plen] = V6(ACCEPT_RA_RT_INFO_MAX_PLEN, 0),
	[DC6_accept_ra_rt_info_min_plen] = V6(ACCEPT_RA_RT_INFO_MIN_PLEN, 0),
	[DC6_accept_ra_rtr_pref] = V6(ACCEPT_RA_RTR_PREF, 1),
	[DC6_accept_redirects] = V6(ACCEPT_REDIRECTS, 1),
	[DC6_accept_source_route] = V6(ACCEPT_SOURCE_ROUTE, 0),
	[DC6_accept_untracked_na] = V6R(ACCEPT_UNTRACKED_NA, 0, 0, 2),
	[DC6_addr_gen_mode] = V6R(ADDR_GEN_MODE, 0, 0, 3),
	[DC6_autoconf] = V6(AUTOCONF, 1),
	[DC6_dad_transmits] = V6(DAD_TRANSMITS, 1),
	[DC6_disable_ipv6] = V6(DISABLE_IPV6, 0),
	[DC6_disable_policy] = V6(DISABLE_POLICY, 0),
	[DC6_drop_unicast_in_l2_multicast] = V6(DROP_UNICAST_IN_L2_MULTICAST, 0),
	[DC6_drop_unsolicited_na] = V6(DROP_UNSOLICITED_NA, 0),
	[DC6_enhanced_dad] = V6(ENHANCED_DAD, 1),
	[DC6_force_forwarding] = V6R(FORCE_FORWARDING, 0, 0, 1),
	[DC6_force_mld_version] = V6(FORCE_MLD_VERSION, 0),
	[DC6_force_tllao] = V6(FORCE_TLLAO, 0),
	[DC6_forwarding] = V6(FORWARDING, 0),
	[DC6_hop_limit] = V6R(HOPLIMIT, 64, 1, 255),
	[DC6_ignore_routes_with_linkdown] = V6(IGNORE_ROUTES_WITH_LINKDOWN, 0),
	[DC6_ioam6_enabled] = V6R(IOAM6_ENABLED, 0, 0, 1),
	[DC6_ioam6_id] = { DEVCONF_IOAM6_ID, 65535, 65535, 65535, DCU_UINT, 0, 65535 },
	[DC6_ioam6_id_wide] = { DEVCONF_IOAM6_ID_WIDE, -1, -1, -1, DCU_UINT, 0, 4294967295 },
	[DC6_keep_addr_on_down] = V6(KEEP_ADDR_ON_DOWN, 0),
	[DC6_max_addresses] = V6(MAX_ADDRESSES, 16),
	[DC6_max_desync_factor] = V6(MAX_DESYNC_FACTOR, 600),
	[DC6_mc_forwarding] = V6K(MC_FORWARDING, 0, VN_K_IPV6_MROUTE),
	[DC6_mldv1_unsolicited_report_interval] = V6(MLDV1_UNSOLICITED_REPORT_INTERVAL, 10000),
	[DC6_mldv2_unsolicited_report_interval] = V6(MLDV2_UNSOLICITED_REPORT_INTERVAL, 1000),
	[DC6_mtu] = { DEVCONF_MTU6, 1280, 1280, 1280, DCU_MTU, 1280, 65575 },
	[DC6_ndisc_evict_nocarrier] = V6R(NDISC_EVICT_NOCARRIER, 1, 0, 1),
	[DC6_ndisc_notify] = V6(NDISC_NOTIFY, 0),
	[DC6_ndisc_tclass] = V6R(NDISC_TCLASS, 0, 0, 255),
	[DC6_optimistic_dad] = V6(OPTIMISTIC_DAD, 0),
	[DC6_proxy_ndp] = V6(PROXY_NDP, 0),
	[DC6_ra_defrtr_metric] = { DEVCONF_RA_DEFRTR_METRIC, 1024, 1024, 1024, DCU_UINT, 1, 4294967295 },
	[DC6_ra_honor_pio_life] = V6X(0, 0, 1),
	[DC6_ra_honor_pio_pflag] = V6X(0, 0, 1),
	[DC6_regen_max_retry] = V6(REGEN_MAX_RETRY, 3),
	[DC6_regen_min_advance] = V6X(2, 1, 0),
	[DC6_router_probe_interval] = V6J(RTR_PROBE_INTERVAL, 60000),
	[DC6_router_solicitation_delay] = V6J(RTR_SOLICIT_DELAY, 1000),
	[DC6_router_solicitation_interval] = V6J(RTR_SOLICIT_INTERVAL, 4000),
	[DC6_router_solicitation_max_interval] = V6J(RTR_SOLICIT_MAX_INTERVAL, 3600000),
	[DC6_router_solicitations] = V6R(RTR_SOLICITS, -1, -1, 2147483647),
	[DC6_rpl_seg_enabled] = V6(RPL_SEG_ENABLED, 0),
	[DC6_seg6_enabled] = V6(SEG6_ENABLED, 0),
	[DC6_seg6_require_hmac] = V6K(SEG6_REQUIRE_HMAC, 0, VN_K_IPV6_SEG6_HMAC),
	[DC6_stable_secret] = { DEVCONF_STABLE_SECRET, 0, 0, 0, DCU_SECRET, ANY },
	[DC6_suppress_frag_ndisc] = V6(SUPPRESS_FRAG_NDISC, 1),
	[DC6_temp_prefered_lft] = V6(TEMP_PREFERED_LFT, 86400),
	[DC6_temp_valid_lft] = V6(TEMP_VALID_LFT, 604800),
	[DC6_use_oif_addrs_only] = V6(USE_OIF_ADDRS_ONLY, 0),
	[DC6_use_optimistic] = V6(USE_OPTIMISTIC, 0),
	[DC6_use_tempaddr] = { DEVCONF_USE_TEMPADDR, 0, 0, -1, DCU_INT, ANY },
};
