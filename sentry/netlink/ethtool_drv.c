/* See ethtool_drv.h. Feature words are what FEATURES_GET reports for a
 * fresh device of each kind in a 6.18 namespace (test_genl.c compares
 * them); virtio_net's are those of a QEMU guest's NIC with the host's
 * usual offloads. */
#include "ethtool_drv.h"

#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <string.h>

/* NETIF_F_* bits of 6.18 (the ETH_SS_FEATURES order) that the bridge's
 * feature recomputation names */
#define F(bit) (1ull << (bit))
#define NF_SG F(0)
#define NF_IP_CSUM F(1)
#define NF_HW_CSUM F(3)
#define NF_IPV6_CSUM F(4)
#define NF_HIGHDMA F(5)
#define NF_FRAGLIST F(6)
#define NF_VLAN_CHALLENGED F(10)
#define NF_GSO_ROBUST F(17)
#define NF_FSO F(21)
#define NF_NOCACHE_COPY F(41)
#define NF_ALL_TSO (F(16) | F(18) | F(19) | F(20) | F(35))
#define NF_GSO_SOFTWARE (NF_ALL_TSO | F(30) | F(33) | F(34))
#define NF_CSUM_MASK (NF_IP_CSUM | NF_IPV6_CSUM | NF_HW_CSUM)
#define NF_ONE_FOR_ALL (NF_GSO_SOFTWARE | NF_GSO_ROBUST | NF_SG | NF_HIGHDMA | NF_FRAGLIST | \
			NF_VLAN_CHALLENGED)
#define NF_ALL_FOR_ALL (NF_NOCACHE_COPY | NF_FSO)
/* dummy_setup: SG, FRAGLIST, GSO_SOFTWARE, HW_CSUM, HIGHDMA, GSO_ENCAP_ALL
 * (GRE ... UDP_TUNNEL_CSUM), hw_features the same; register_netdevice
 * adds GSO and GRO to both, NOCACHE_COPY, GRO_FRAGLIST, GRO_UDP_FWD to
 * hw_features */
#define DUMMY_ACTIVE (NF_SG | NF_FRAGLIST | NF_GSO_SOFTWARE | NF_HW_CSUM | NF_HIGHDMA | \
		      F(22) | F(23) | F(24) | F(25) | F(26) | F(27) | F(11) | F(14))
#define DUMMY_HW (DUMMY_ACTIVE | NF_NOCACHE_COPY | F(57) | F(59))

/* A value the driver takes from the device: num_{rx,tx}_queues */
#define NUM_RXQ 0xfffffffeu
#define NUM_TXQ 0xfffffffdu

static const char *const veth_stats[] = {
	"peer_ifindex", "rx_queue_0_xdp_packets", "rx_queue_0_xdp_bytes", "rx_queue_0_drops",
	"rx_queue_0_xdp_redirect", "rx_queue_0_xdp_drops", "rx_queue_0_xdp_tx",
	"rx_queue_0_xdp_tx_errors", "tx_queue_0_xdp_xmit", "tx_queue_0_xdp_xmit_errors", NULL,
};
static const char *const virtio_stats[] = {
	"rx_drops", "rx_xdp_packets", "rx_xdp_tx", "rx_xdp_redirects", "rx_xdp_drops", "rx_kicks",
	"tx_xdp_tx", "tx_xdp_tx_drops", "tx_kicks", "tx_tx_timeouts",
	"rx0_drops", "rx0_xdp_packets", "rx0_xdp_tx", "rx0_xdp_redirects", "rx0_xdp_drops",
	"rx0_kicks", "tx0_xdp_tx", "tx0_xdp_tx_drops", "tx0_kicks", "tx0_tx_timeouts", NULL,
};

/* veth_get_channels: max = num_{rx,tx}_queues, count = real (1) */
static const struct vn_eth_attr veth_channels[] = {
	{ ETHTOOL_A_CHANNELS_RX_MAX, 4, NUM_RXQ }, { ETHTOOL_A_CHANNELS_RX_COUNT, 4, 1 },
	{ ETHTOOL_A_CHANNELS_TX_MAX, 4, NUM_TXQ }, { ETHTOOL_A_CHANNELS_TX_COUNT, 4, 1 }, { 0 },
};
/* tun_get_channels: one queue at most without IFF_MULTI_QUEUE; the
 * queues attached now (none for a persistent device nobody holds) */
static const struct vn_eth_attr tun_channels[] = {
	{ ETHTOOL_A_CHANNELS_COMBINED_MAX, 4, 1 }, { ETHTOOL_A_CHANNELS_COMBINED_COUNT, 4, 0 }, { 0 },
};
/* tun_get_coalesce: rx-frames is rx_batched */
static const struct vn_eth_attr tun_coalesce[] = {
	{ ETHTOOL_A_COALESCE_RX_MAX_FRAMES, 4, 0 }, { 0 },
};
static const struct vn_eth_attr virtio_rings[] = {
	{ ETHTOOL_A_RINGS_RX_MAX, 4, 256 }, { ETHTOOL_A_RINGS_RX, 4, 256 },
	{ ETHTOOL_A_RINGS_TX_MAX, 4, 256 }, { ETHTOOL_A_RINGS_TX, 4, 256 },
	{ 13 /* TX_PUSH */, 1, 0 }, { 14 /* RX_PUSH */, 1, 0 }, { 0 },
};
static const struct vn_eth_attr virtio_channels[] = {
	{ ETHTOOL_A_CHANNELS_COMBINED_MAX, 4, 1 }, { ETHTOOL_A_CHANNELS_COMBINED_COUNT, 4, 1 }, { 0 },
};
static const struct vn_eth_attr virtio_coalesce[] = {
	{ ETHTOOL_A_COALESCE_RX_USECS, 4, 0 }, { ETHTOOL_A_COALESCE_RX_MAX_FRAMES, 4, 1 },
	{ ETHTOOL_A_COALESCE_TX_USECS, 4, 0 }, { ETHTOOL_A_COALESCE_TX_MAX_FRAMES, 4, 1 },
	{ ETHTOOL_A_COALESCE_USE_ADAPTIVE_RX, 1, 0 }, { 0 },
};

static const struct vn_eth_driver drivers[] = {
	{ .kind = "veth", .driver = "veth", .version = "1.0", .fw = "", .bus = "",
	  .stats = veth_stats, .get_link = true, .ksettings = true, .ts_tx_soft = true,
	  .speed = SPEED_10000, .duplex = DUPLEX_FULL, .port = PORT_TP,
	  .hw = 0xa00632e4fdd49e9, .wanted = 0x612e4fdd09e9, .active = 0x612e4fdd09e9,
	  .channels = veth_channels },
	/* br_get_link_ksettings: the fastest running port (vn_eth_ksettings) */
	{ .kind = "bridge", .driver = "bridge", .version = "2.3", .fw = "N/A", .bus = "N/A",
	  .get_link = true, .ksettings = true, .speed = SPEED_UNKNOWN, .duplex = DUPLEX_UNKNOWN,
	  .port = PORT_OTHER,
	  .hw = 0xa00220fffff48e9, .wanted = 0x200fffff48e9, .active = 0x200fffff48e9 },
	/* bus-info "tun" or "tap" (ethtool.c); tun_set_iff's settings and
	 * features of a device nobody set offloads on (TUNSETOFFLOAD) */
	{ .kind = "tun", .driver = "tun", .version = "1.6", .fw = "", .bus = "",
	  .get_link = true, .ksettings = true, .msglevel = true, .ts_tx_soft = true,
	  .speed = SPEED_10000, .duplex = DUPLEX_FULL, .port = PORT_TP,
	  .hw = 0xa0022020c1d48c9, .wanted = 0x20020c1548c9, .active = 0x2000000048c1,
	  .channels = tun_channels, .coalesce = tun_coalesce },
	/* no get_drvinfo: the rtnl_link_ops kind names the driver */
	{ .kind = "dummy", .driver = "dummy", .fw = "", .bus = "", .ts_tx_soft = true,
	  .hw = DUMMY_HW, .wanted = DUMMY_ACTIVE, .active = DUMMY_ACTIVE },
	/* loopback_ethtool_ops: get_link (always on), get_ts_info */
	{ .kind = "", .fw = "", .bus = "", .get_link = true, .ts_tx_soft = true,
	  .hw = 0xa00000e401d4800, .wanted = 0xe401d4800, .active = 0x52e401d4c69 },
	/* a link of no kind: the NIC of a QEMU/KVM guest */
	{ .kind = "-", .driver = "virtio_net", .version = "1.0.0", .fw = "", .bus = "0000:00:03.0",
	  .stats = virtio_stats, .get_link = true, .ksettings = true, .ts_tx_soft = true,
	  .speed = SPEED_UNKNOWN, .duplex = DUPLEX_UNKNOWN, .port = PORT_OTHER,
	  .hw = 0xa00020000194809, .wanted = 0x114809, .active = 0x80010000134829,
	  .rings = virtio_rings, .channels = virtio_channels, .coalesce = virtio_coalesce },
};

const struct vn_eth_driver *vn_eth_driver_of(const struct vn_link *l)
{
	const char *kind = l->type == ARPHRD_LOOPBACK ? "" : l->kind;
	if (!*kind && l->type == ARPHRD_ETHER)
		kind = "-";
	for (size_t i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (!strcmp(drivers[i].kind, kind))
			return &drivers[i];
	return NULL;   /* a device whose driver the model does not know */
}

uint32_t vn_eth_n_stats(const struct vn_eth_driver *d)
{
	uint32_t n = 0;
	while (d->stats && d->stats[n])
		n++;
	return n;
}

uint64_t vn_eth_stat(const struct vn_link *l, const struct vn_eth_driver *d, uint32_t i)
{
	/* veth_get_ethtool_stats: the peer's ifindex first; the model moves
	 * no packets, so every counter is 0 */
	if (!strcmp(d->kind, "veth") && i == 0)
		return (uint64_t)(l->link > 0 ? l->link : 0);
	return 0;
}

static bool oper_up(const struct vn_link *l)
{
	return l->operstate == 6 /* IF_OPER_UP */ || l->operstate == 0 /* UNKNOWN */;
}

bool vn_eth_ksettings(const struct vn_model *m, const struct vn_link *l, uint32_t *speed,
		      uint8_t *duplex, uint8_t *port)
{
	const struct vn_eth_driver *d = vn_eth_driver_of(l);
	if (!d || !d->ksettings)
		return false;
	*speed = d->speed;
	*duplex = d->duplex;
	*port = d->port;
	if (strcmp(d->kind, "bridge"))
		return true;
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct vn_link *p = &m->links[i];
		const struct vn_eth_driver *pd = vn_eth_driver_of(p);
		if (p->master != l->ifindex || !(p->flags & IFF_UP) || !oper_up(p) || !pd ||
		    !pd->ksettings || !strcmp(pd->kind, "bridge") || pd->speed == (uint32_t)SPEED_UNKNOWN)
			continue;
		if (*speed == (uint32_t)SPEED_UNKNOWN || *speed < pd->speed)
			*speed = pd->speed;
	}
	return true;
}

int vn_eth_link_up(const struct vn_link *l, const struct vn_eth_driver *d)
{
	if (!d || !d->get_link)
		return -1;
	return (l->flags & IFF_UP) && (l->type == ARPHRD_LOOPBACK || (l->flags & IFF_LOWER_UP));
}

/* netdev_increment_features */
static uint64_t increment(uint64_t all, uint64_t one, uint64_t mask)
{
	if (mask & NF_HW_CSUM)
		mask |= NF_CSUM_MASK;
	mask |= NF_VLAN_CHALLENGED;
	all |= one & (NF_ONE_FOR_ALL | NF_CSUM_MASK) & mask;
	all &= one | ~NF_ALL_FOR_ALL;
	if (all & NF_HW_CSUM)
		all &= ~(NF_CSUM_MASK & ~NF_HW_CSUM);
	return all;
}

uint64_t vn_eth_features(const struct vn_model *m, const struct vn_link *l,
			 const struct vn_eth_driver *d)
{
	if (strcmp(d->kind, "bridge"))
		return d->active;
	/* br_features_recompute: nothing changes without ports; else the
	 * one-for-all features are the ports' union, the all-for-all
	 * their intersection, and TSO is added back (netdev_add_tso_features) */
	const uint64_t mask = d->wanted;
	uint64_t f = mask;
	bool ports = false;
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct vn_link *p = &m->links[i];
		const struct vn_eth_driver *pd = vn_eth_driver_of(p);
		if (p->master != l->ifindex)
			continue;
		if (!ports)
			f = (f & ~NF_ONE_FOR_ALL) | NF_ALL_FOR_ALL;
		ports = true;
		f = increment(f, pd ? vn_eth_features(m, p, pd) : 0, mask);
	}
	if (!ports)
		return d->active;
	f = increment(f, NF_ALL_TSO, mask);
	return f & (d->wanted | ~d->hw);
}

const struct vn_eth_strset *vn_eth_strset(uint32_t id)
{
	for (size_t i = 0; i < vn_eth_nstrsets; i++)
		if (vn_eth_strsets[i].id == id)
			return &vn_eth_strsets[i];
	return NULL;
}

uint32_t vn_eth_attr_value(const struct vn_link *l, const struct vn_eth_attr *a)
{
	if (a->value == NUM_RXQ)
		return l->num_rx_queues ? l->num_rx_queues : 1;
	if (a->value == NUM_TXQ)
		return l->num_tx_queues ? l->num_tx_queues : 1;
	return a->value;
}
