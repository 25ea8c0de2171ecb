/* See vnetlink.h. Follows strace's netlink.c, rtnl_*.c and nlattr.c:
 * one message prints as [header, body], several as an array of those;
 * attributes as [{nla_len, nla_type}, value], one alone without the outer
 * brackets; a value with no decoder prints as a hex string. */
#include "vnetlink.h"

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "model.h"

struct nl_ctx {
	struct vout *o;
	const struct vn_model *model;
	int family;   /* of the message body: how addresses print */
};

enum nla_kind { NK_HEX, NK_U8, NK_U16, NK_U32, NK_U64, NK_S32, NK_STR, NK_ADDR, NK_HWADDR,
		NK_IFINDEX, NK_FLAGS, NK_XLAT_DEC, NK_NESTED, NK_STRUCT };

struct field {
	const char *name;
	size_t off;
	size_t size;
};

struct nla_row {
	uint16_t type;
	const char *name;
	enum nla_kind kind;
	const struct xlat *x;          /* NK_FLAGS, NK_XLAT_DEC */
	const struct field *fields;    /* NK_STRUCT: unsigned fields, in order */
	size_t nfields, size;
};

#define FIELD(type, f) { #f, offsetof(type, f), sizeof(((type *)0)->f) }
#define FIELDS(var, type, ...)                                                          \
	static const struct field var[] = { __VA_ARGS__ };                              \
	enum { var##_n = sizeof(var) / sizeof(var[0]), var##_size = sizeof(type) }
#define NLA(t, k) [t] = { t, #t, k, NULL, NULL, 0, 0 }
#define NLA_X(t, k, x) [t] = { t, #t, k, &x, NULL, 0, 0 }
#define NLA_S(t, f) [t] = { t, #t, NK_STRUCT, NULL, f, f##_n, f##_size }

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

/* IFLA_*: strace's ifinfomsg_nla_decoders; a name with no decoder is NK_HEX. */
static const struct nla_row ifla[] = {
	NLA(IFLA_UNSPEC, NK_HEX), NLA(IFLA_ADDRESS, NK_HWADDR), NLA(IFLA_BROADCAST, NK_HWADDR),
	NLA(IFLA_IFNAME, NK_STR), NLA(IFLA_MTU, NK_U32), NLA(IFLA_LINK, NK_U32),
	NLA(IFLA_QDISC, NK_STR), NLA_S(IFLA_STATS, stats32), NLA(IFLA_COST, NK_HEX),
	NLA(IFLA_PRIORITY, NK_HEX), NLA(IFLA_MASTER, NK_U32), NLA(IFLA_WIRELESS, NK_HEX),
	NLA(IFLA_PROTINFO, NK_NESTED), NLA(IFLA_TXQLEN, NK_U32), NLA(IFLA_MAP, NK_HEX),
	NLA(IFLA_WEIGHT, NK_U32), NLA(IFLA_OPERSTATE, NK_U8), NLA(IFLA_LINKMODE, NK_U8),
	NLA(IFLA_LINKINFO, NK_NESTED), NLA(IFLA_NET_NS_PID, NK_U32), NLA(IFLA_IFALIAS, NK_STR),
	NLA(IFLA_NUM_VF, NK_U32), NLA(IFLA_VFINFO_LIST, NK_NESTED), NLA_S(IFLA_STATS64, stats64),
	NLA(IFLA_VF_PORTS, NK_NESTED), NLA(IFLA_PORT_SELF, NK_NESTED),
	NLA(IFLA_AF_SPEC, NK_NESTED), NLA(IFLA_GROUP, NK_U32), NLA(IFLA_NET_NS_FD, NK_S32),
	NLA_X(IFLA_EXT_MASK, NK_FLAGS, xl_rtext_filter), NLA(IFLA_PROMISCUITY, NK_U32),
	NLA(IFLA_NUM_TX_QUEUES, NK_U32), NLA(IFLA_NUM_RX_QUEUES, NK_U32),
	NLA(IFLA_CARRIER, NK_U8), NLA(IFLA_PHYS_PORT_ID, NK_HEX),
	NLA(IFLA_CARRIER_CHANGES, NK_U32), NLA(IFLA_PHYS_SWITCH_ID, NK_HEX),
	NLA(IFLA_LINK_NETNSID, NK_S32), NLA(IFLA_PHYS_PORT_NAME, NK_STR),
	NLA(IFLA_PROTO_DOWN, NK_U8), NLA(IFLA_GSO_MAX_SEGS, NK_U32),
	NLA(IFLA_GSO_MAX_SIZE, NK_U32), NLA(IFLA_PAD, NK_HEX), NLA(IFLA_XDP, NK_NESTED),
	NLA(IFLA_EVENT, NK_U32), NLA(IFLA_NEW_NETNSID, NK_S32), NLA(IFLA_TARGET_NETNSID, NK_S32),
	NLA(IFLA_CARRIER_UP_COUNT, NK_U32), NLA(IFLA_CARRIER_DOWN_COUNT, NK_U32),
	NLA(IFLA_NEW_IFINDEX, NK_IFINDEX), NLA(IFLA_MIN_MTU, NK_U32), NLA(IFLA_MAX_MTU, NK_U32),
	NLA(IFLA_PROP_LIST, NK_NESTED), NLA(IFLA_ALT_IFNAME, NK_STR),
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
	NLA_X(RTA_TABLE, NK_XLAT_DEC, xl_rtm_table), NLA(RTA_MARK, NK_U32),
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

struct nla_table {
	const struct nla_row *rows;
	size_t n;
	const char *unknown;
};
#define NLA_TABLE(rows, unk) { rows, sizeof(rows) / sizeof(rows[0]), unk }
static const struct nla_table t_ifla = NLA_TABLE(ifla, "IFLA_???"),
	t_ifa = NLA_TABLE(ifa, "IFA_???"), t_rta = NLA_TABLE(rta, "RTA_???"),
	t_nda = NLA_TABLE(nda, "NDA_???"), t_none = { NULL, 0, "???" };

static uint64_t get_uint(const unsigned char *p, size_t size)
{
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64 = 0;
	switch (size) {
	case 1: memcpy(&u8, p, 1); return u8;
	case 2: memcpy(&u16, p, 2); return u16;
	case 4: memcpy(&u32, p, 4); return u32;
	default: memcpy(&u64, p, 8); return u64;
	}
}

static void print_ifindex(struct nl_ctx *n, const char *key, uint32_t idx)
{
	const struct vn_link *l = idx && n->model ? vn_link_by_index(n->model, (int)idx) : NULL;
	if (l)
		vout_call(n->o, key, "if_nametoindex", l->name);
	else
		vout_uint(n->o, key, idx);
}

static void print_addr(struct nl_ctx *n, const char *key, const unsigned char *p, size_t len)
{
	char s[INET6_ADDRSTRLEN], text[INET6_ADDRSTRLEN + 32];
	if (n->family == AF_INET && len == 4 && inet_ntop(AF_INET, p, s, sizeof(s))) {
		vout_call(n->o, key, "inet_addr", s);
	} else if (n->family == AF_INET6 && len == 16 && inet_ntop(AF_INET6, p, s, sizeof(s))) {
		snprintf(text, sizeof(text), "inet_pton(AF_INET6, \"%s\")", s);
		vout_raw(n->o, key, text);
	} else {
		vout_str(n->o, key, p, len, false, true);
	}
}

static void decode_attrs(struct nl_ctx *n, const struct nla_table *t, const unsigned char *p,
			 size_t len);

static void print_value(struct nl_ctx *n, const struct nla_row *r, const unsigned char *p, size_t len)
{
	static const size_t width[] = { [NK_U8] = 1, [NK_U16] = 2, [NK_U32] = 4, [NK_U64] = 8,
					[NK_S32] = 4, [NK_IFINDEX] = 4, [NK_FLAGS] = 4,
					[NK_XLAT_DEC] = 4 };
	enum nla_kind k = r ? r->kind : NK_HEX;
	if (k < sizeof(width) / sizeof(width[0]) && width[k] && len != width[k])
		k = NK_HEX;   /* strace prints a value of the wrong size as bytes */
	switch (k) {
	case NK_U8: case NK_U16: case NK_U32: case NK_U64:
		vout_uint(n->o, NULL, get_uint(p, len));
		return;
	case NK_S32:
		vout_int(n->o, NULL, (int32_t)get_uint(p, 4));
		return;
	case NK_IFINDEX:
		print_ifindex(n, NULL, (uint32_t)get_uint(p, 4));
		return;
	case NK_FLAGS:
		vout_flags(n->o, NULL, r->x, get_uint(p, 4), NULL);
		return;
	case NK_XLAT_DEC:
		vout_xlat_dec(n->o, NULL, r->x, get_uint(p, 4));
		return;
	case NK_STR:
		vout_str(n->o, NULL, p, len, true, false);
		return;
	case NK_ADDR:
		print_addr(n, NULL, p, len);
		return;
	case NK_HWADDR: {
		/* strace prints at most 32 bytes of a hardware address */
		char text[3 * 32 + 1] = "";
		size_t shown = len > 32 ? 32 : len, at = 0;
		for (size_t i = 0; i < shown; i++)
			at += (size_t)snprintf(text + at, sizeof(text) - at, "%s%02x", i ? ":" : "", p[i]);
		vout_raw(n->o, NULL, text);
		return;
	}
	case NK_NESTED:
		decode_attrs(n, &t_none, p, len);
		return;
	case NK_STRUCT:
		if (len < r->size) {
			vout_str(n->o, NULL, p, len, false, true);
			return;
		}
		vout_struct(n->o, NULL);
		for (size_t i = 0; i < r->nfields; i++)
			vout_uint(n->o, r->fields[i].name, get_uint(p + r->fields[i].off, r->fields[i].size));
		vout_end(n->o);
		return;
	case NK_HEX:
		vout_str(n->o, NULL, p, len, false, true);
		return;
	}
}

static void print_nla_type(struct nl_ctx *n, const struct nla_table *t, uint16_t type)
{
	uint16_t bare = type & NLA_TYPE_MASK;
	const struct nla_row *r = bare < t->n && t->rows[bare].name ? &t->rows[bare] : NULL;
	char text[96];
	const char *nested = type & NLA_F_NESTED ? "NLA_F_NESTED|" : "";
	const char *order = type & NLA_F_NET_BYTEORDER ? "NLA_F_NET_BYTEORDER|" : "";
	if (r)
		snprintf(text, sizeof(text), "%s%s%s", nested, order, r->name);
	else
		snprintf(text, sizeof(text), "%s%s%#x /* %s */", nested, order, bare, t->unknown);
	vout_raw(n->o, "nla_type", text);
}

static void decode_attrs(struct nl_ctx *n, const struct nla_table *t, const unsigned char *p,
			 size_t len)
{
	bool array = false;
	while (len > 0) {
		if (len < NLA_HDRLEN) {
			vout_str(n->o, NULL, p, len, false, true);
			break;
		}
		struct nlattr a;
		memcpy(&a, p, sizeof(a));
		size_t alen = a.nla_len < len ? a.nla_len : len;
		size_t next = ((size_t)a.nla_len + NLA_ALIGNTO - 1) & ~(size_t)(NLA_ALIGNTO - 1);
		bool more = a.nla_len >= NLA_HDRLEN && next < len;
		if (!array) {
			/* one attribute has no brackets in strace's text; JSON
			 * always has the list */
			if (more)
				vout_array(n->o, NULL);
			else
				vout_group(n->o, NULL);
			array = true;
		}
		bool payload = alen > NLA_HDRLEN;
		if (payload)
			vout_tuple(n->o, NULL);
		vout_struct(n->o, NULL);
		vout_uint(n->o, "nla_len", a.nla_len);
		print_nla_type(n, t, a.nla_type);
		vout_end(n->o);
		if (payload) {
			uint16_t bare = a.nla_type & NLA_TYPE_MASK;
			const struct nla_row *r = bare < t->n && t->rows[bare].name ? &t->rows[bare] : NULL;
			print_value(n, r, p + NLA_HDRLEN, alen - NLA_HDRLEN);
			vout_end(n->o);
		}
		if (!more)
			break;
		p += next;
		len -= next;
	}
	if (array)
		vout_end(n->o);
}

/* The body of an rtnetlink message: its family header, then attributes. */
static void decode_route_body(struct nl_ctx *n, uint16_t type, const unsigned char *p, size_t len)
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
		print_ifindex(n, "ifi_index", (uint32_t)m.ifi_index);
		vout_flags(o, "ifi_flags", &xl_iff_flags, m.ifi_flags, NULL);
		vout_flags(o, "ifi_change", &xl_iff_flags, m.ifi_change, NULL);
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
		vout_xlat_dec(o, "ifa_scope", &xl_rt_scope, m.ifa_scope);
		print_ifindex(n, "ifa_index", m.ifa_index);
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
		vout_xlat_dec(o, "rtm_table", &xl_rtm_table, m.rtm_table);
		vout_xlat_dec(o, "rtm_protocol", &xl_rtm_protocol, m.rtm_protocol);
		vout_xlat_dec(o, "rtm_scope", &xl_rt_scope, m.rtm_scope);
		vout_xlat_dec(o, "rtm_type", &xl_rtm_type, m.rtm_type);
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
		print_ifindex(n, "ndm_ifindex", (uint32_t)m.ndm_ifindex);
		vout_flags(o, "ndm_state", &xl_nud_states, m.ndm_state, NULL);
		vout_flags(o, "ndm_flags", &xl_neigh_flags, m.ndm_flags, NULL);
		vout_xlat_dec(o, "ndm_type", &xl_rtm_type, m.ndm_type);
		break;
	}
	default:
		vout_str(o, NULL, p, len, false, true);
		return;
	}
	vout_end(o);
	size_t off = NLMSG_ALIGN(hsize);
	if (len > off)
		decode_attrs(n, t, p + off, len - off);
}

static void print_header(struct nl_ctx *n, int protocol, const struct nlmsghdr *h)
{
	struct vout *o = n->o;
	vout_struct(o, NULL);
	vout_uint(o, "nlmsg_len", h->nlmsg_len);
	bool route = protocol == NETLINK_ROUTE;
	if (h->nlmsg_type < NLMSG_MIN_TYPE || route)
		vout_xlat(o, "nlmsg_type", &xl_nlmsg_types, h->nlmsg_type);
	else
		vout_hex(o, "nlmsg_type", h->nlmsg_type);
	/* the high flag bits mean what the request is: get, new, or an ack */
	struct xlat_row rows[16];
	size_t nrows = 0;
	const struct xlat *extra = NULL;
	if (h->nlmsg_type == NLMSG_ERROR)
		extra = &xl_nlmsg_flags_ack;
	else if (route && h->nlmsg_type >= RTM_BASE && (h->nlmsg_type & 3) == 2)
		extra = &xl_nlmsg_flags_get;
	else if (route && h->nlmsg_type >= RTM_BASE && (h->nlmsg_type & 3) == 0)
		extra = &xl_nlmsg_flags_new;
	for (size_t i = 0; i < xl_nlmsg_flags_base.n && nrows < 16; i++)
		rows[nrows++] = xl_nlmsg_flags_base.rows[i];
	for (size_t i = 0; extra && i < extra->n && nrows < 16; i++)
		rows[nrows++] = extra->rows[i];
	const struct xlat flags = { rows, nrows, "NLM_F_???" };
	vout_flags(o, "nlmsg_flags", &flags, h->nlmsg_flags, NULL);
	vout_uint(o, "nlmsg_seq", h->nlmsg_seq);
	vout_uint(o, "nlmsg_pid", h->nlmsg_pid);
	vout_end(o);
}

static void decode_payload(struct nl_ctx *n, int protocol, const struct nlmsghdr *h,
			   const unsigned char *p, size_t len)
{
	if (h->nlmsg_type == NLMSG_ERROR && len >= sizeof(int)) {
		struct nlmsgerr e;
		memset(&e, 0, sizeof(e));
		memcpy(&e, p, len < sizeof(e) ? len : sizeof(e));
		vout_struct(n->o, NULL);
		if (e.error < 0) {
			const char *name = strerrorname_np(-e.error);
			char text[64];
			snprintf(text, sizeof(text), "-%s", name ? name : "?");
			vout_raw(n->o, "error", name ? text : "?");
		} else {
			vout_int(n->o, "error", e.error);
		}
		if (len >= sizeof(e)) {
			vout_array(n->o, "msg");
			print_header(n, protocol, &e.msg);
			vout_end(n->o);
		}
		vout_end(n->o);
	} else if (h->nlmsg_type == NLMSG_DONE && len == sizeof(int)) {
		int v;
		memcpy(&v, p, sizeof(v));
		vout_int(n->o, NULL, v);
	} else if (protocol == NETLINK_ROUTE && h->nlmsg_type >= RTM_BASE) {
		decode_route_body(n, h->nlmsg_type, p, len);
	} else {
		vout_str(n->o, NULL, p, len, false, true);
	}
}

void vnetlink_decode(struct vout *o, int protocol, const struct vn_model *model, const void *data,
		     size_t len)
{
	struct nl_ctx n = { o, model, AF_UNSPEC };
	const unsigned char *p = data;
	bool array = false;
	for (unsigned elt = 0;; elt++) {
		if (len < sizeof(struct nlmsghdr)) {
			if (len || !elt)
				vout_str(o, NULL, p, len, false, false);
			break;
		}
		struct nlmsghdr h;
		memcpy(&h, p, sizeof(h));
		size_t mlen = h.nlmsg_len < len ? h.nlmsg_len : len;
		/* in size_t: NLMSG_ALIGN of a length near 4 GiB wraps to 0 in 32 bits */
		size_t step = ((size_t)h.nlmsg_len + NLMSG_ALIGNTO - 1) & ~(size_t)(NLMSG_ALIGNTO - 1);
		bool more = h.nlmsg_len >= NLMSG_HDRLEN && step < len;
		if (!array) {
			if (more)
				vout_array(o, NULL);
			else
				vout_group(o, NULL);
			array = true;
		}
		if (mlen > NLMSG_HDRLEN) {
			vout_tuple(o, NULL);
			print_header(&n, protocol, &h);
			decode_payload(&n, protocol, &h, p + NLMSG_HDRLEN, mlen - NLMSG_HDRLEN);
			vout_end(o);
		} else {
			print_header(&n, protocol, &h);
		}
		if (!more)
			break;
		p += step;
		len -= step;
	}
	if (array)
		vout_end(o);
}
