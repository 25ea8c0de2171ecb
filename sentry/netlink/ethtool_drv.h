/* The drivers behind the model's links, as their ethtool_ops and
 * net_device setup make them in Linux 6.18: one row per driver (veth,
 * bridge, tun, dummy, loopback, virtio_net for a link of no kind), shared
 * by SIOCETHTOOL (ethtool.c) and the ethtool genetlink family
 * (genl_ethtool*.c). */
#ifndef VENEER_ETHTOOL_DRV_H
#define VENEER_ETHTOOL_DRV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model.h"

/* One attribute a driver's get op makes the kernel put: rings, channels
 * and coalesce replies are such lists, in the kernel's order. */
struct vn_eth_attr {
	uint16_t type;            /* ETHTOOL_A_<MSG>_*; 0 ends the list */
	uint8_t width;            /* 1 (u8) or 4 (u32) */
	uint32_t value;
};

struct vn_eth_driver {
	const char *kind;         /* IFLA_INFO_KIND; "" for loopback, "-" for a link of no kind */
	/* get_drvinfo: driver NULL means the op is missing (loopback,
	 * dummy of 6.18: GDRVINFO is EOPNOTSUPP); version NULL: the
	 * kernel's release, which ethtool_get_drvinfo writes first */
	const char *driver, *version, *fw, *bus;
	const char *const *stats; /* get_strings(ETH_SS_STATS), NULL-terminated; NULL: none */
	bool get_link, ksettings, msglevel;
	bool ts_tx_soft;          /* get_ts_info = ethtool_op_get_ts_info (software transmit) */
	uint32_t speed;
	uint8_t duplex, port;
	/* NETIF_F_* bits (ETH_SS_FEATURES order) as a fresh device has
	 * them: hw_features, wanted_features, features */
	uint64_t hw, wanted, active;
	const struct vn_eth_attr *rings, *channels, *coalesce;   /* NULL: no op */
};

/* An attribute's value for l (some are the device's queue counts). */
uint32_t vn_eth_attr_value(const struct vn_link *l, const struct vn_eth_attr *a);

/* The driver of l, or NULL for one the model does not know. */
const struct vn_eth_driver *vn_eth_driver_of(const struct vn_link *l);

/* The number of statistics get_sset_count(ETH_SS_STATS) gives. */
uint32_t vn_eth_n_stats(const struct vn_eth_driver *d);

/* The value of statistic i of l (veth's peer_ifindex; counters 0). */
uint64_t vn_eth_stat(const struct vn_link *l, const struct vn_eth_driver *d, uint32_t i);

/* get_link_ksettings: speed, duplex, port (a bridge's speed is its
 * fastest running port's). Returns false when the driver has no op. */
bool vn_eth_ksettings(const struct vn_model *m, const struct vn_link *l, uint32_t *speed,
		      uint8_t *duplex, uint8_t *port);

/* The link as ethtool_op_get_link sees it: running with carrier
 * (loopback: always). -1 when the driver has no get_link. */
int vn_eth_link_up(const struct vn_link *l, const struct vn_eth_driver *d);

/* dev->features now: a bridge's are recomputed from its ports
 * (br_features_recompute), the rest are the driver's. */
uint64_t vn_eth_features(const struct vn_model *m, const struct vn_link *l,
			 const struct vn_eth_driver *d);

/* The kernel's global string sets (ethtool_strings.c): ETH_SS_* id,
 * count, names, as STRSET_GET reports them. */
struct vn_eth_strset {
	uint32_t id;
	uint32_t count;
	const char *const *names;
};
extern const struct vn_eth_strset vn_eth_strsets[];
extern const size_t vn_eth_nstrsets;
const struct vn_eth_strset *vn_eth_strset(uint32_t id);

#endif
