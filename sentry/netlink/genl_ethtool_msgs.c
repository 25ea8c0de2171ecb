/* The replies of the ethtool family's GET messages, each as its
 * net/ethtool/<msg>.c prepares and fills it for the model's drivers
 * (ethtool_drv.h): a row per message, prepare failing where the driver
 * has no op. */
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/net_tstamp.h>
#include <string.h>

#include "genl_ethtool.h"

#define LINK_MODE_BITS 121      /* __ETHTOOL_LINK_MODE_MASK_NBITS of 6.18 */
#define MSG_CLASS_COUNT 15      /* NETIF_MSG_CLASS_COUNT */
#define SOF_TIMESTAMPING_COUNT 19
#define FEATURE_COUNT 64        /* NETDEV_FEATURE_COUNT */
#define NEVER_CHANGE (1u << 10) /* NETIF_F_NEVER_CHANGE: VLAN_CHALLENGED */

static bool compact(const struct eth_req *e)
{
	return e->flags & ETHTOOL_FLAG_COMPACT_BITSETS;
}

static const char *const *names(uint32_t set)
{
	return vn_eth_strset(set)->names;
}

static int need_ksettings(const struct eth_req *e)
{
	return e->d->ksettings ? 0 : -EOPNOTSUPP;
}

/* linkinfo: port, PHY address, MDI-X, MDI-X control, transceiver */
static void linkinfo(const struct eth_req *e, struct nlmsghdr *h)
{
	uint32_t speed;
	uint8_t duplex, port;
	vn_eth_ksettings(e->m, e->l, &speed, &duplex, &port);
	genl_put_u8(h, ETHTOOL_A_LINKINFO_PORT, port);
	genl_put_u8(h, ETHTOOL_A_LINKINFO_PHYADDR, 0);
	genl_put_u8(h, ETHTOOL_A_LINKINFO_TP_MDIX, 0);
	genl_put_u8(h, ETHTOOL_A_LINKINFO_TP_MDIX_CTRL, 0);
	genl_put_u8(h, ETHTOOL_A_LINKINFO_TRANSCEIVER, 0);
}

/* linkmodes: no autonegotiation, no link modes (advertised over
 * supported, the peer's left out while empty), speed, duplex, no lanes,
 * no master/slave, rate matching none */
static void linkmodes(const struct eth_req *e, struct nlmsghdr *h)
{
	uint32_t speed, none[4] = { 0 };
	uint8_t duplex, port;
	vn_eth_ksettings(e->m, e->l, &speed, &duplex, &port);
	genl_put_u8(h, ETHTOOL_A_LINKMODES_AUTONEG, 0);
	eth_put_bitset(h, ETHTOOL_A_LINKMODES_OURS, none, none, LINK_MODE_BITS,
		       names(ETH_SS_LINK_MODES), compact(e));
	genl_put_u32(h, ETHTOOL_A_LINKMODES_SPEED, speed);
	genl_put_u8(h, ETHTOOL_A_LINKMODES_DUPLEX, duplex);
	genl_put_u8(h, 10 /* ETHTOOL_A_LINKMODES_RATE_MATCHING */, 0);
}

/* linkstate: the link as get_link has it, when the driver has one */
static void linkstate(const struct eth_req *e, struct nlmsghdr *h)
{
	int up = vn_eth_link_up(e->l, e->d);
	if (up >= 0)
		genl_put_u8(h, ETHTOOL_A_LINKSTATE_LINK, (uint8_t)up);
}

static int need_msglevel(const struct eth_req *e)
{
	return e->d->msglevel ? 0 : -EOPNOTSUPP;
}

/* debug: the message level (0: tun's msg_enable without TUN_DEBUG) */
static void debug(const struct eth_req *e, struct nlmsghdr *h)
{
	uint32_t level = 0;
	eth_put_bitset(h, ETHTOOL_A_DEBUG_MSGMASK, &level, NULL, MSG_CLASS_COUNT,
		       names(ETH_SS_MSG_CLASSES), compact(e));
}

/* features: hw_features over every feature, wanted, active, never-change */
static void features(const struct eth_req *e, struct nlmsghdr *h)
{
	uint64_t active = vn_eth_features(e->m, e->l, e->d);
	uint32_t hw[2] = { (uint32_t)e->d->hw, (uint32_t)(e->d->hw >> 32) };
	uint32_t all[2] = { ~0u, ~0u };
	uint32_t wanted[2] = { (uint32_t)e->d->wanted, (uint32_t)(e->d->wanted >> 32) };
	uint32_t act[2] = { (uint32_t)active, (uint32_t)(active >> 32) };
	uint32_t nochange[2] = { NEVER_CHANGE, 0 };
	const char *const *n = names(ETH_SS_FEATURES);
	eth_put_bitset(h, ETHTOOL_A_FEATURES_HW, hw, all, FEATURE_COUNT, n, compact(e));
	eth_put_bitset(h, ETHTOOL_A_FEATURES_WANTED, wanted, NULL, FEATURE_COUNT, n, compact(e));
	eth_put_bitset(h, ETHTOOL_A_FEATURES_ACTIVE, act, NULL, FEATURE_COUNT, n, compact(e));
	eth_put_bitset(h, ETHTOOL_A_FEATURES_NOCHANGE, nochange, NULL, FEATURE_COUNT, n, compact(e));
}

static void put_attrs(const struct eth_req *e, struct nlmsghdr *h, const struct vn_eth_attr *a)
{
	for (; a->type; a++) {
		uint32_t v = vn_eth_attr_value(e->l, a);
		if (a->width == 1)
			genl_put_u8(h, a->type, (uint8_t)v);
		else
			genl_put_u32(h, a->type, v);
	}
}

static int need_rings(const struct eth_req *e) { return e->d->rings ? 0 : -EOPNOTSUPP; }
static int need_channels(const struct eth_req *e) { return e->d->channels ? 0 : -EOPNOTSUPP; }
static int need_coalesce(const struct eth_req *e) { return e->d->coalesce ? 0 : -EOPNOTSUPP; }
static void rings(const struct eth_req *e, struct nlmsghdr *h) { put_attrs(e, h, e->d->rings); }
static void channels(const struct eth_req *e, struct nlmsghdr *h) { put_attrs(e, h, e->d->channels); }
static void coalesce(const struct eth_req *e, struct nlmsghdr *h) { put_attrs(e, h, e->d->coalesce); }

/* tsinfo: software timestamping (transmit where the driver has
 * get_ts_info), no PHC, no hardware modes */
static void tsinfo(const struct eth_req *e, struct nlmsghdr *h)
{
	uint32_t sof = SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE;
	if (e->d->ts_tx_soft)
		sof |= SOF_TIMESTAMPING_TX_SOFTWARE;
	eth_put_bitset(h, ETHTOOL_A_TSINFO_TIMESTAMPING, &sof, NULL, SOF_TIMESTAMPING_COUNT,
		       names(ETH_SS_SOF_TIMESTAMPING), compact(e));
}

static int no_op(const struct eth_req *e)
{
	(void)e;
	return -EOPNOTSUPP;
}

/* PHC_VCLOCKS (no virtual clocks) and MODULE (no module power mode op):
 * the header alone */
static void header_only(const struct eth_req *e, struct nlmsghdr *h)
{
	(void)e;
	(void)h;
}

const struct eth_msg eth_msgs[] = {
	{ ETHTOOL_MSG_LINKINFO_GET, ETHTOOL_MSG_LINKINFO_GET_REPLY, need_ksettings, linkinfo },
	{ ETHTOOL_MSG_LINKMODES_GET, ETHTOOL_MSG_LINKMODES_GET_REPLY, need_ksettings, linkmodes },
	{ ETHTOOL_MSG_LINKSTATE_GET, ETHTOOL_MSG_LINKSTATE_GET_REPLY, NULL, linkstate },
	{ ETHTOOL_MSG_DEBUG_GET, ETHTOOL_MSG_DEBUG_GET_REPLY, need_msglevel, debug },
	{ ETHTOOL_MSG_WOL_GET, ETHTOOL_MSG_WOL_GET_REPLY, no_op, header_only },
	{ ETHTOOL_MSG_FEATURES_GET, ETHTOOL_MSG_FEATURES_GET_REPLY, NULL, features },
	{ ETHTOOL_MSG_PRIVFLAGS_GET, ETHTOOL_MSG_PRIVFLAGS_GET_REPLY, no_op, header_only },
	{ ETHTOOL_MSG_RINGS_GET, ETHTOOL_MSG_RINGS_GET_REPLY, need_rings, rings },
	{ ETHTOOL_MSG_CHANNELS_GET, ETHTOOL_MSG_CHANNELS_GET_REPLY, need_channels, channels },
	{ ETHTOOL_MSG_COALESCE_GET, ETHTOOL_MSG_COALESCE_GET_REPLY, need_coalesce, coalesce },
	{ ETHTOOL_MSG_PAUSE_GET, ETHTOOL_MSG_PAUSE_GET_REPLY, no_op, header_only },
	{ ETHTOOL_MSG_EEE_GET, ETHTOOL_MSG_EEE_GET_REPLY, no_op, header_only },
	{ ETHTOOL_MSG_TSINFO_GET, ETHTOOL_MSG_TSINFO_GET_REPLY, NULL, tsinfo },
	{ ETHTOOL_MSG_PHC_VCLOCKS_GET, ETHTOOL_MSG_PHC_VCLOCKS_GET_REPLY, NULL, header_only },
	{ ETHTOOL_MSG_MODULE_GET, ETHTOOL_MSG_MODULE_GET_REPLY, NULL, header_only },
};
const size_t eth_nmsgs = sizeof(eth_msgs) / sizeof(eth_msgs[0]);
