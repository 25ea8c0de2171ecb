/* Per-device IP configuration (ipv4_devconf, ipv6_devconf): one row per
 * sysctl of net/ipv{4,6}/conf/<dev>/, shared by /proc/sys and by the
 * netlink arrays (IFLA_INET_CONF, IFLA_INET6_CONF, RTM_GETNETCONF), so both
 * show the same values.
 *
 * Rows are in name order, the order Linux lists a sysctl directory (an
 * rbtree by name); devconf.c maps each to its IPV4_DEVCONF_* / DEVCONF_*
 * index. The values live in the model (model_devconf.c): "all", "default"
 * and each link, as a new namespace starts them until something writes. */
#ifndef VENEER_DEVCONF_H
#define VENEER_DEVCONF_H

#include <stdbool.h>
#include <stdint.h>

struct vn_model;
struct vn_link;

/* X(name, mode) */
#define DEVCONF4_ROWS(X) \
	X(accept_local, 0644) X(accept_redirects, 0644) X(accept_source_route, 0644) \
	X(arp_accept, 0644) X(arp_announce, 0644) X(arp_evict_nocarrier, 0644) \
	X(arp_filter, 0644) X(arp_ignore, 0644) X(arp_notify, 0644) X(bc_forwarding, 0644) \
	X(bootp_relay, 0644) X(disable_policy, 0644) X(disable_xfrm, 0644) \
	X(drop_gratuitous_arp, 0644) X(drop_unicast_in_l2_multicast, 0644) \
	X(force_igmp_version, 0644) X(forwarding, 0644) \
	X(igmpv2_unsolicited_report_interval, 0644) X(igmpv3_unsolicited_report_interval, 0644) \
	X(ignore_routes_with_linkdown, 0644) X(log_martians, 0644) X(mc_forwarding, 0444) \
	X(medium_id, 0644) X(promote_secondaries, 0644) X(proxy_arp, 0644) \
	X(proxy_arp_pvlan, 0644) X(route_localnet, 0644) X(rp_filter, 0644) \
	X(secure_redirects, 0644) X(send_redirects, 0644) X(shared_media, 0644) \
	X(src_valid_mark, 0644) X(tag, 0644)

#define DEVCONF6_ROWS(X) \
	X(accept_dad, 0644) X(accept_ra, 0644) X(accept_ra_defrtr, 0644) \
	X(accept_ra_from_local, 0644) X(accept_ra_min_hop_limit, 0644) X(accept_ra_min_lft, 0644) \
	X(accept_ra_mtu, 0644) X(accept_ra_pinfo, 0644) X(accept_ra_rt_info_max_plen, 0644) \
	X(accept_ra_rt_info_min_plen, 0644) X(accept_ra_rtr_pref, 0644) X(accept_redirects, 0644) \
	X(accept_source_route, 0644) X(accept_untracked_na, 0644) X(addr_gen_mode, 0644) \
	X(autoconf, 0644) X(dad_transmits, 0644) X(disable_ipv6, 0644) X(disable_policy, 0644) \
	X(drop_unicast_in_l2_multicast, 0644) X(drop_unsolicited_na, 0644) X(enhanced_dad, 0644) \
	X(force_forwarding, 0644) X(force_mld_version, 0644) X(force_tllao, 0644) \
	X(forwarding, 0644) X(hop_limit, 0644) X(ignore_routes_with_linkdown, 0644) \
	X(ioam6_enabled, 0644) X(ioam6_id, 0644) X(ioam6_id_wide, 0644) \
	X(keep_addr_on_down, 0644) X(max_addresses, 0644) X(max_desync_factor, 0644) \
	X(mc_forwarding, 0444) X(mldv1_unsolicited_report_interval, 0644) \
	X(mldv2_unsolicited_report_interval, 0644) X(mtu, 0644) X(ndisc_evict_nocarrier, 0644) \
	X(ndisc_notify, 0644) X(ndisc_tclass, 0644) X(optimistic_dad, 0644) X(proxy_ndp, 0644) \
	X(ra_defrtr_metric, 0644) X(ra_honor_pio_life, 0644) X(ra_honor_pio_pflag, 0644) \
	X(regen_max_retry, 0644) X(regen_min_advance, 0644) X(router_probe_interval, 0644) \
	X(router_solicitation_delay, 0644) X(router_solicitation_interval, 0644) \
	X(router_solicitation_max_interval, 0644) X(router_solicitations, 0644) \
	X(rpl_seg_enabled, 0644) X(seg6_enabled, 0644) X(seg6_require_hmac, 0644) \
	X(stable_secret, 0600) X(suppress_frag_ndisc, 0644) X(temp_prefered_lft, 0644) \
	X(temp_valid_lft, 0644) X(use_oif_addrs_only, 0644) X(use_optimistic, 0644) \
	X(use_tempaddr, 0644)

#define DEVCONF_ENUM4(n, mode) DC4_##n,
#define DEVCONF_ENUM6(n, mode) DC6_##n,
enum { DEVCONF4_ROWS(DEVCONF_ENUM4) DC4_N };
enum { DEVCONF6_ROWS(DEVCONF_ENUM6) DC6_N };

/* The netlink arrays of a 6.18 kernel: IPV4_DEVCONF_MAX and DEVCONF_MAX. */
#define DEVCONF4_NL 33
#define DEVCONF6_NL 60

/* Where a set of values belongs: a link's ifindex, or "all" / "default"
 * with the numbers NETCONFA_IFINDEX_ALL / _DEFAULT use. */
#define DEVCONF_ALL (-1)
#define DEVCONF_DEFAULT (-2)

/* How a row is shown and written. The model keeps each value as the netlink
 * array carries it (jiffies rows in milliseconds). */
enum devconf_unit {
	DCU_INT,        /* proc_dointvec(_minmax) */
	DCU_UINT,       /* proc_douintvec(_minmax) */
	DCU_JIFFIES,    /* proc_dointvec_jiffies: kept in ms, shown in seconds */
	DCU_MTU,        /* the link's MTU until written (addrconf_sysctl_mtu) */
	DCU_SECRET,     /* stable_secret: EIO until set */
};

struct devconf_row {
	int nl;                  /* index in the netlink array, -1: none */
	int32_t dflt, all, lo;   /* a new link's value, all's, loopback's */
	uint8_t unit;            /* enum devconf_unit */
	int64_t min, max;        /* accepted range (min > max: any) */
	uint32_t needs;          /* VN_K_* build options the row exists with (0: always) */
};

extern const struct devconf_row devconf4[DC4_N];
extern const struct devconf_row devconf6[DC6_N];
extern const char *const devconf4_names[DC4_N];
extern const char *const devconf6_names[DC6_N];

/* Whether row r of net.ipv6.conf exists in a kernel built with
 * kconfig (VN_K_*). A row that does not is neither a sysctl nor a netlink
 * attribute; its slot of IFLA_INET6_CONF stays, zero (ipv6_store_devconf
 * clears the array and fills only what is compiled in). */
static inline bool devconf6_in(uint32_t kconfig, int r)
{
	return (devconf6[r].needs & ~kconfig) == 0;
}

/* model_devconf.c: the values. family AF_INET/AF_INET6; dev a link's
 * ifindex or DEVCONF_ALL/DEVCONF_DEFAULT. */
int64_t devconf_get(const struct vn_model *m, int family, int dev, int row);
/* As the kernel's handlers apply a written value (forwarding on "all"
 * reaches every link, ...). 0 or -EINVAL (out of range). */
int devconf_set(struct vn_model *m, int family, int dev, int row, int64_t v);
/* The arrays RTM_GETLINK carries for link l (m NULL: as new). */
void devconf_nl4(const struct vn_model *m, const struct vn_link *l, uint32_t out[DEVCONF4_NL]);
void devconf_nl6(const struct vn_model *m, const struct vn_link *l, int32_t out[DEVCONF6_NL]);
void devconf_free(struct vn_model *m);

#endif
