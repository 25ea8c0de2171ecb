/* rtnetlink messages in the log, as strace 6.1's rtnl_*.c decode them:
 * the family header (ifinfomsg, ifaddrmsg, rtmsg, ndmsg) and a table of
 * its attributes, a row per IFLA_/IFA_/RTA_/NDA_ type. */
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "vnlattr.h"

#define STATS_FIELDS(T)                                                                    \
	FIELD(T, rx_packets), FIELD(T, tx_packets), FIELD(T, rx_bytes), FIELD(T, tx_bytes),   \
	FIELD(T, rx_errors), FIELD(T, tx_errors), FIELD(T, rx_dropped), FIELD(T, tx_dropped), \
	FIELD(T, multicast), FIELD(T, collisions), FIELD(T, rx_length_errors),                \
	FIELD(T, rx_over_errors), FIELD(T, rx_crc_errors), FIELD(T, rx_frame_errors),         \
	FIELD(T, rx_fifo_errors), FIELD(T, rx_missed_errors), FIELD(T, tx_aborted_errors),    \
	FIELD(T, tx_carrier_errors), FIELD(T, tx_fifo_errors), FIELD(T, tx_heartbeat_errors), \
	FIELD(T, tx_window_errors), FIELD(T, rx_compressed), FIELD(T, tx_compressed),         \
	FIELD(T, rx_nohandler)
FIELDS(stats32, struct rtnl_link_stats, STATS_FIELDS(struct rtnl_link_stats));
FIELDS(stats64, struct rtnl_link_stats64, STATS_FIELDS(struct rtnl_link_stats64),
       FIELD(struct rtnl_link_stats64, rx_otherhost_dropped));
FIELDS(ifa_cache, struct ifa_cacheinfo, FIELD(struct ifa_cacheinfo, ifa_prefered),
       FIELD(struct ifa_cacheinfo, ifa_valid), FIELD(struct ifa_cacheinfo, cstamp),
       FIELD(struct ifa_cacheinfo, tstamp));
FIELDS(rta_cache, struct rta_cacheinfo, FIELD(struct rta_cacheinfo, rta_clntref),
       FIELD(struct rta_cacheinfo, rta_lastuse), FIELD(struct rta_cacheinfo, rta_expires),
       FIELD(struct rta_cacheinfo, rta_error), FIELD(struct rta_cacheinfo, rta_used),
       FIELD(struct rta_cacheinfo, rta_id), FIELD(struct rta_cacheinfo, rta_ts),
       FIELD(struct rta_cacheinfo, rta_tsage));
FIELDS(nda_cache, struct nda_cacheinfo, FIELD(struct nda_cacheinfo, ndm_confirmed),
       FIELD(struct nda_cacheinfo, ndm_used), FIELD(struct nda_cacheinfo, ndm_updated),
       FIELD(struct nda_cacheinfo, ndm_refcnt));

/* nested in IFLA_XDP, IFLA_LINKINFO (the kind's data as bytes: strace
 * decodes a few kinds' data, not veth's or bridge's), IFLA_PROP_LIST */
static const struct nla_row xdp[] = {
	NLA(IFLA_XDP_UNSPEC, NK_HEX), NLA(IFLA_XDP_FD, NK_S32),
	NLA_XS(IFLA_XDP_ATTACHED, NK_XLAT, xl_xdp_attached, 1),
	NLA_X(IFLA_XDP_FLAGS, NK_FLAGS, xl_xdp_flags), NLA(IFLA_XDP_PROG_ID, NK_U32),
	NLA(IFLA_XDP_DRV_PROG_ID, NK_U32), NLA(IFLA_XDP_SKB_PROG_ID, NK_U32),
	NLA(IFLA_XDP_HW_PROG_ID, NK_U32), NLA(IFLA_XDP_EXPECTED_FD, NK_S32),
};
static const struct nla_row linkinfo[] = {
	NLA(IFLA_INFO_UNSPEC, NK_HEX), NLA(IFLA_INFO_KIND, NK_STR), NLA(IFLA_INFO_DATA, NK_HEX),
	NLA(IFLA_INFO_XSTATS, NK_HEX), NLA(IFLA_INFO_SLAVE_KIND, NK_STR),
	NLA(IFLA_INFO_SLAVE_DATA, NK_HEX),
};
static const struct nla_table t_xdp = NLA_TABLE(xdp, "IFLA_XDP_???"),
	t_linkinfo = NLA_TABLE(linkinfo, "IFLA_INFO_???");
static const struct nla_table t_ifla;

/* IFLA_*: strace's ifinfomsg_nla_decoders; a name with no decoder is NK_HEX. */
static const struct nla_row ifla[] = {
	NLA(IFLA_UNSPEC, NK_HEX), NLA(IFLA_ADDRESS, NK_HWADDR), NLA(IFLA_BROADCAST, NK_HWADDR),
	NLA(IFLA_IFNAME, NK_STR), NLA(IFLA_MTU, NK_U32), NLA(IFLA_LINK, NK_U32),
	NLA(IFLA_QDISC, NK_STR), NLA_S(IFLA_STATS, stats32), NLA(IFLA_COST, NK_HEX),
	NLA(IFLA_PRIORITY, NK_HEX), NLA(IFLA_MASTER, NK_U32), NLA(IFLA_WIRELESS, NK_HEX),
	NLA(IFLA_PROTINFO, NK_NESTED), NLA(IFLA_TXQLEN, NK_U32), NLA(IFLA_MAP, NK_HEX),
	NLA(IFLA_WEIGHT, NK_U32), NLA(IFLA_OPERSTATE, NK_U8), NLA(IFLA_LINKMODE, NK_U8),
	NLA_N(IFLA_LINKINFO, t_linkinfo), NLA(IFLA_NET_NS_PID, NK_U32), NLA(IFLA_IFALIAS, NK_STR),
	NLA(IFLA_NUM_VF, NK_U32), NLA(IFLA_VFINFO_LIST, NK_NESTED), NLA_S(IFLA_STATS64, stats64),
	NLA(IFLA_VF_PORTS, NK_NESTED), NLA(IFLA_PORT_SELF, NK_NESTED),
	NLA(IFLA_AF_SPEC, NK_NESTED), NLA(IFLA_GROUP, NK_U32), NLA(IFLA_NET_NS_FD, NK_S32),
	NLA_X(IFLA_EXT_MASK, NK_FLAGS, xl_rtext_filter), NLA(IFLA_PROMISCUITY, NK_U32),
	NLA(IFLA_NUM_TX_QUEUES, NK_U32), NLA(IFLA_NUM_RX_QUEUES, NK_U32),
	NLA(IFLA_CARRIER, NK_U8), NLA(IFLA_PHYS_PORT_ID, NK_HEX),
	NLA(IFLA_CARRIER_CHANGES, NK_U32), NLA(IFLA_PHYS_SWITCH_ID, NK_HEX),
	NLA(IFLA_LINK_NETNSID, NK_S32), NLA(IFLA_PHYS_PORT_NAME, NK_STR),
	NLA(IFLA_PROTO_DOWN, NK_U8), NLA(IFLA_GSO_MAX_SEGS, NK_U32),
	NLA(IFLA_GSO_MAX_SIZE, NK_U32), NLA(IFLA_PAD, NK_HEX), NLA_N(IFLA_XDP, t_xdp),
	NLA(IFLA_EVENT, NK_U32), NLA(IFLA_NEW_NETNSID, NK_S32), NLA(IFLA_TARGET_NETNSID, NK_S32),
	NLA(IFLA_CARRIER_UP_COUNT, NK_U32), NLA(IFLA_CARRIER_DOWN_COUNT, NK_U32),
	NLA(IFLA_NEW_IFINDEX, NK_IFINDEX), NLA(IFLA_MIN_MTU, NK_U32), NLA(IFLA_MAX_MTU, NK_U32),
	NLA_N(IFLA_PROP_LIST, t_ifla), NLA(IFLA_ALT_IFNAME, NK_STR),
	NLA(IFLA_PERM_ADDRESS, NK_HWADDR), NLA(IFLA_PROTO_DOWN_REASON, NK_NESTED),
	NLA(IFLA_PARENT_DEV_NAME, NK_STR), NLA(IFLA_PARENT_DEV_BUS_NAME, NK_STR),
	NLA(IFLA_GRO_MAX_SIZE, NK_U32), NLA(IFLA_TSO_MAX_SIZE, NK_U32),
	NLA(IFLA_TSO_MAX_SEGS, NK_U32), NLA(IFLA_ALLMULTI, NK_U32),
};

static const struct nla_row ifa[] = {
	NLA(IFA_UNSPEC, NK_HEX), NLA(IFA_ADDRESS, NK_ADDR), NLA(IFA_LOCAL, NK_ADDR),
	NLA(IFA_LABEL, NK_STR), NLA(IFA_BROADCAST, NK_ADDR), NLA(IFA_ANYCAST, NK_ADDR),
	NLA_S(IFA_CACHEINFO, ifa_cache), NLA(IFA_MULTICAST, NK_ADDR),
	NLA_X(IFA_FLAGS, NK_FLAGS, xl_ifa_flags), NLA(IFA_RT_PRIORITY, NK_U32),
	NLA(IFA_TARGET_NETNSID, NK_S32), NLA(IFA_PROTO, NK_HEX),
};

static const struct nla_row rta[] = {
	NLA(RTA_UNSPEC, NK_HEX), NLA(RTA_DST, NK_ADDR), NLA(RTA_SRC, NK_ADDR),
	NLA(RTA_IIF, NK_IFINDEX), NLA(RTA_OIF, NK_IFINDEX), NLA(RTA_GATEWAY, NK_ADDR),
	NLA(RTA_PRIORITY, NK_U32), NLA(RTA_PREFSRC, NK_ADDR), NLA(RTA_METRICS, NK_NESTED),
	NLA(RTA_MULTIPATH, NK_HEX), NLA(RTA_PROTOINFO, NK_HEX), NLA(RTA_FLOW, NK_U32),
	NLA_S(RTA_CACHEINFO, rta_cache), NLA(RTA_SESSION, NK_HEX), NLA(RTA_MP_ALGO, NK_HEX),
	NLA_XS(RTA_TABLE, NK_XLAT, xl_rtm_table, 4), NLA(RTA_MARK, NK_U32),
	NLA(RTA_MFC_STATS, NK_HEX), NLA(RTA_VIA, NK_HEX), NLA(RTA_NEWDST, NK_HEX),
	NLA(RTA_PREF, NK_U8), NLA(RTA_ENCAP_TYPE, NK_U16), NLA(RTA_ENCAP, NK_HEX),
	NLA(RTA_EXPIRES, NK_U64), NLA(RTA_PAD, NK_HEX), NLA(RTA_UID, NK_U32),
	NLA(RTA_TTL_PROPAGATE, NK_U8), NLA(RTA_IP_PROTO, NK_U8), NLA(RTA_SPORT, NK_HEX),
	NLA(RTA_DPORT, NK_HEX), NLA(RTA_NH_ID, NK_U32),
};

static const struct nla_row nda[] = {
	NLA(NDA_UNSPEC, NK_HEX), NLA(NDA_DST, NK_ADDR), NLA(NDA_LLADDR, NK_HWADDR),
	NLA_S(NDA_CACHEINFO, nda_cache), NLA(NDA_PROBES, NK_U32), NLA(NDA_VLAN, NK_U16),
	NLA(NDA_PORT, NK_HEX), NLA(NDA_VNI, NK_U32), NLA(NDA_IFINDEX, NK_IFINDEX),
	NLA(NDA_MASTER, NK_IFINDEX), NLA(NDA_LINK_NETNSID, NK_S32), NLA(NDA_SRC_VNI, NK_U32),
	NLA(NDA_PROTOCOL, NK_U8),
};

static const struct nla_table t_ifla = NLA_TABLE(ifla, "IFLA_???"),
	t_ifa = NLA_TABLE(ifa, "IFA_???"), t_rta = NLA_TABLE(rta, "RTA_???"),
	t_nda = NLA_TABLE(nda, "NDA_???");

/* The body of an rtnetlink message: its family header, then attributes. */
void vrtnl_body(struct nl_ctx *n, uint16_t type, const unsigned char *p, size_t len)
{
	struct vout *o = n->o;
	const struct nla_table *t;
	size_t hsize;
	n->family = p[0];
	switch (type & ~3u) {
	case RTM_BASE: {   /* links */
		struct ifinfomsg m;
		hsize = sizeof(m);
		t = &t_ifla;
		vout_struct(o, NULL);
		vout_xlat(o, "ifi_family", &xl_address_families, p[0]);
		if (len < hsize) {
			vout_more(o);
			vout_end(o);
			return;
		}
		memcpy(&m, p, sizeof(m));
		vout_xlat(o, "ifi_type", &xl_arphrd, m.ifi_type);
		nl_ifindex(n, "ifi_index", (uint32_t)m.ifi_index);
		vout_flags(o, "ifi_flags", &xl_iff_flags, m.ifi_flags, NULL);
		vout_hex(o, "ifi_change", m.ifi_change);
		break;
	}
	case RTM_NEWADDR: {
		struct ifaddrmsg m;
		hsize = sizeof(m);
		t = &t_ifa;
		vout_struct(o, NULL);
		vout_xlat(o, "ifa_family", &xl_address_families, p[0]);
		if (len < hsize) {
			vout_more(o);
			vout_end(o);
			return;
		}
		memcpy(&m, p, sizeof(m));
		vout_uint(o, "ifa_prefixlen", m.ifa_prefixlen);
		vout_flags(o, "ifa_flags", &xl_ifa_flags, m.ifa_flags, NULL);
		vout_xlat(o, "ifa_scope", &xl_rt_scope, m.ifa_scope);
		nl_ifindex(n, "ifa_index", m.ifa_index);
		break;
	}
	case RTM_NEWROUTE: {
		struct rtmsg m;
		hsize = sizeof(m);
		t = &t_rta;
		vout_struct(o, NULL);
		vout_xlat(o, "rtm_family", &xl_address_families, p[0]);
		if (len < hsize) {
			vout_more(o);
			vout_end(o);
			return;
		}
		memcpy(&m, p, sizeof(m));
		vout_uint(o, "rtm_dst_len", m.rtm_dst_len);
		vout_uint(o, "rtm_src_len", m.rtm_src_len);
		vout_uint(o, "rtm_tos", m.rtm_tos);
		vout_xlat(o, "rtm_table", &xl_rtm_table, m.rtm_table);
		vout_xlat(o, "rtm_protocol", &xl_rtm_protocol, m.rtm_protocol);
		vout_xlat(o, "rtm_scope", &xl_rt_scope, m.rtm_scope);
		vout_xlat(o, "rtm_type", &xl_rtm_type, m.rtm_type);
		vout_flags(o, "rtm_flags", &xl_rtm_flags, m.rtm_flags, NULL);
		break;
	}
	case RTM_NEWNEIGH: {
		struct ndmsg m;
		hsize = sizeof(m);
		t = &t_nda;
		vout_struct(o, NULL);
		vout_xlat(o, "ndm_family", &xl_address_families, p[0]);
		if (len < hsize) {
			vout_more(o);
			vout_end(o);
			return;
		}
		memcpy(&m, p, sizeof(m));
		nl_ifindex(n, "ndm_ifindex", (uint32_t)m.ndm_ifindex);
		vout_flags(o, "ndm_state", &xl_nud_states, m.ndm_state, NULL);
		vout_flags(o, "ndm_flags", &xl_neigh_flags, m.ndm_flags, NULL);
		vout_xlat(o, "ndm_type", &xl_rtm_type, m.ndm_type);
		break;
	}
	default:
		/* strace's decode_family: a message it has no decoder for */
		vout_struct(o, NULL);
		vout_xlat(o, "family", &xl_address_families, p[0]);
		if (len > 1)
			vout_str(o, "data", p + 1, len - 1, false, true);
		vout_end(o);
		return;
	}
	vout_end(o);
	size_t off = NLMSG_ALIGN(hsize);
	if (len > off)
		nl_attrs(n, t, p + off, len - off);
}

