/* The kernel's global ethtool string sets (net/ethtool/common.c and the
 * tables STRSET_GET walks), as Linux 6.18 reports them: ETH_SS_* id, count,
 * names. Generated from a STRSET_GET dump of a 6.18 kernel. */
#include "ethtool_drv.h"

static const char *const features[] = {
	"tx-scatter-gather", "tx-checksum-ipv4", "", "tx-checksum-ip-generic", "tx-checksum-ipv6",
	"highdma", "tx-scatter-gather-fraglist", "tx-vlan-hw-insert", "rx-vlan-hw-parse",
	"rx-vlan-filter", "vlan-challenged", "tx-generic-segmentation", "", "", "rx-gro", "rx-lro",
	"tx-tcp-segmentation", "tx-gso-robust", "tx-tcp-ecn-segmentation",
	"tx-tcp-mangleid-segmentation", "tx-tcp6-segmentation", "tx-fcoe-segmentation",
	"tx-gre-segmentation", "tx-gre-csum-segmentation", "tx-ipxip4-segmentation",
	"tx-ipxip6-segmentation", "tx-udp_tnl-segmentation", "tx-udp_tnl-csum-segmentation",
	"tx-gso-partial", "tx-tunnel-remcsum-segmentation", "tx-sctp-segmentation",
	"tx-esp-segmentation", "", "tx-udp-segmentation", "tx-gso-list",
	"tx-tcp-accecn-segmentation", "tx-checksum-fcoe-crc", "tx-checksum-sctp", "rx-ntuple-filter",
	"rx-hashing", "rx-checksum", "tx-nocache-copy", "loopback", "rx-fcs", "rx-all",
	"tx-vlan-stag-hw-insert", "rx-vlan-stag-hw-parse", "rx-vlan-stag-filter", "l2-fwd-offload",
	"hw-tc-offload", "esp-hw-offload", "esp-tx-csum-hw-offload", "rx-udp_tunnel-port-offload",
	"tls-hw-tx-offload", "tls-hw-rx-offload", "rx-gro-hw", "tls-hw-record", "rx-gro-list",
	"macsec-hw-offload", "rx-udp-gro-forwarding", "hsr-tag-ins-offload", "hsr-tag-rm-offload",
	"hsr-fwd-offload", "hsr-dup-offload",
};
static const char *const rss_hash_funcs[] = {
	"toeplitz", "xor", "crc32",
};
static const char *const tunables[] = {
	"Unspec", "rx-copybreak", "tx-copybreak", "pfc-prevention-tout", "tx-copybreak-buf-size",
};
static const char *const phy_tunables[] = {
	"Unspec", "phy-downshift", "phy-fast-link-down", "phy-energy-detect-power-down",
};
static const char *const link_modes[] = {
	"10baseT/Half", "10baseT/Full", "100baseT/Half", "100baseT/Full", "1000baseT/Half",
	"1000baseT/Full", "Autoneg", "TP", "AUI", "MII", "FIBRE", "BNC", "10000baseT/Full", "Pause",
	"Asym_Pause", "2500baseX/Full", "Backplane", "1000baseKX/Full", "10000baseKX4/Full",
	"10000baseKR/Full", "10000baseR_FEC", "20000baseMLD2/Full", "20000baseKR2/Full",
	"40000baseKR4/Full", "40000baseCR4/Full", "40000baseSR4/Full", "40000baseLR4/Full",
	"56000baseKR4/Full", "56000baseCR4/Full", "56000baseSR4/Full", "56000baseLR4/Full",
	"25000baseCR/Full", "25000baseKR/Full", "25000baseSR/Full", "50000baseCR2/Full",
	"50000baseKR2/Full", "100000baseKR4/Full", "100000baseSR4/Full", "100000baseCR4/Full",
	"100000baseLR4_ER4/Full", "50000baseSR2/Full", "1000baseX/Full", "10000baseCR/Full",
	"10000baseSR/Full", "10000baseLR/Full", "10000baseLRM/Full", "10000baseER/Full",
	"2500baseT/Full", "5000baseT/Full", "None", "RS", "BASER", "50000baseKR/Full",
	"50000baseSR/Full", "50000baseCR/Full", "50000baseLR_ER_FR/Full", "50000baseDR/Full",
	"100000baseKR2/Full", "100000baseSR2/Full", "100000baseCR2/Full",
	"100000baseLR2_ER2_FR2/Full", "100000baseDR2/Full", "200000baseKR4/Full",
	"200000baseSR4/Full", "200000baseLR4_ER4_FR4/Full", "200000baseDR4/Full",
	"200000baseCR4/Full", "100baseT1/Full", "1000baseT1/Full", "400000baseKR8/Full",
	"400000baseSR8/Full", "400000baseLR8_ER8_FR8/Full", "400000baseDR8/Full",
	"400000baseCR8/Full", "LLRS", "100000baseKR/Full", "100000baseSR/Full",
	"100000baseLR_ER_FR/Full", "100000baseCR/Full", "100000baseDR/Full", "200000baseKR2/Full",
	"200000baseSR2/Full", "200000baseLR2_ER2_FR2/Full", "200000baseDR2/Full",
	"200000baseCR2/Full", "400000baseKR4/Full", "400000baseSR4/Full",
	"400000baseLR4_ER4_FR4/Full", "400000baseDR4/Full", "400000baseCR4/Full", "100baseFX/Half",
	"100baseFX/Full", "10baseT1L/Full", "800000baseCR8/Full", "800000baseKR8/Full",
	"800000baseDR8/Full", "800000baseDR8_2/Full", "800000baseSR8/Full", "800000baseVR8/Full",
	"10baseT1S/Full", "10baseT1S/Half", "10baseT1S_P2MP/Half", "10baseT1BRR/Full",
	"200000baseCR/Full", "200000baseKR/Full", "200000baseDR/Full", "200000baseDR_2/Full",
	"200000baseSR/Full", "200000baseVR/Full", "400000baseCR2/Full", "400000baseKR2/Full",
	"400000baseDR2/Full", "400000baseDR2_2/Full", "400000baseSR2/Full", "400000baseVR2/Full",
	"800000baseCR4/Full", "800000baseKR4/Full", "800000baseDR4/Full", "800000baseDR4_2/Full",
	"800000baseSR4/Full", "800000baseVR4/Full",
};
static const char *const msg_classes[] = {
	"drv", "probe", "link", "timer", "ifdown", "ifup", "rx_err", "tx_err", "tx_queued", "intr",
	"tx_done", "rx_status", "pktdata", "hw", "wol",
};
static const char *const wol_modes[] = {
	"phy", "ucast", "mcast", "bcast", "arp", "magic", "magicsecure", "filter",
};
static const char *const sof_timestamping[] = {
	"hardware-transmit", "software-transmit", "hardware-receive", "software-receive",
	"software-system-clock", "hardware-legacy-clock", "hardware-raw-clock", "option-id",
	"sched-transmit", "ack-transmit", "option-cmsg", "option-tsonly", "option-stats",
	"option-pktinfo", "option-tx-swhw", "bind-phc", "option-id-tcp", "option-rx-filter",
	"tx-completion",
};
static const char *const ts_tx_types[] = {
	"off", "on", "onestep-sync", "onestep-p2p",
};
static const char *const ts_rx_filters[] = {
	"none", "all", "some", "ptpv1-l4-event", "ptpv1-l4-sync", "ptpv1-l4-delay-req",
	"ptpv2-l4-event", "ptpv2-l4-sync", "ptpv2-l4-delay-req", "ptpv2-l2-event", "ptpv2-l2-sync",
	"ptpv2-l2-delay-req", "ptpv2-event", "ptpv2-sync", "ptpv2-delay-req", "ntp-all",
};
static const char *const udp_tunnel_types[] = {
	"vxlan", "geneve", "vxlan-gpe",
};
static const char *const stats_std[] = {
	"eth-phy", "eth-mac", "eth-ctrl", "rmon", "phydev",
};
static const char *const stats_eth_phy[] = {
	"SymbolErrorDuringCarrier",
};
static const char *const stats_eth_mac[] = {
	"FramesTransmittedOK", "SingleCollisionFrames", "MultipleCollisionFrames",
	"FramesReceivedOK", "FrameCheckSequenceErrors", "AlignmentErrors", "OctetsTransmittedOK",
	"FramesWithDeferredXmissions", "LateCollisions", "FramesAbortedDueToXSColls",
	"FramesLostDueToIntMACXmitError", "CarrierSenseErrors", "OctetsReceivedOK",
	"FramesLostDueToIntMACRcvError", "MulticastFramesXmittedOK", "BroadcastFramesXmittedOK",
	"FramesWithExcessiveDeferral", "MulticastFramesReceivedOK", "BroadcastFramesReceivedOK",
	"InRangeLengthErrors", "OutOfRangeLengthField", "FrameTooLongErrors",
};
static const char *const stats_eth_ctrl[] = {
	"MACControlFramesTransmitted", "MACControlFramesReceived", "UnsupportedOpcodesReceived",
};
static const char *const stats_rmon[] = {
	"etherStatsUndersizePkts", "etherStatsOversizePkts", "etherStatsFragments",
	"etherStatsJabbers",
};
static const char *const stats_phy[] = {
	"RxFrames", "RxOctets", "RxErrors", "TxFrames", "TxOctets", "TxErrors",
};
static const char *const ts_flags[] = {
	"bonded-phc-index",
};

const struct vn_eth_strset vn_eth_strsets[] = {
	{ 4, 64, features },
	{ 5, 3, rss_hash_funcs },
	{ 6, 5, tunables },
	{ 8, 4, phy_tunables },
	{ 9, 121, link_modes },
	{ 10, 15, msg_classes },
	{ 11, 8, wol_modes },
	{ 12, 19, sof_timestamping },
	{ 13, 4, ts_tx_types },
	{ 14, 16, ts_rx_filters },
	{ 15, 3, udp_tunnel_types },
	{ 16, 5, stats_std },
	{ 17, 1, stats_eth_phy },
	{ 18, 22, stats_eth_mac },
	{ 19, 3, stats_eth_ctrl },
	{ 20, 4, stats_rmon },
	{ 21, 6, stats_phy },
	{ 22, 1, ts_flags },
};
const size_t vn_eth_nstrsets = sizeof(vn_eth_strsets) / sizeof(vn_eth_strsets[0]);
