/* RTM_GETLINK: links as rtnl_fill_ifinfo (net/core/rtnetlink.c) emits them.
 *
 * The attribute order is the one a 6.18 kernel sends (captured from a
 * network namespace with veth, bridge and loopback links); iproute2 does
 * not depend on it, but byte-level clients and our tests do. Values the
 * model does not hold (IPv6 per-device counters) are those of a freshly
 * created link; devconf is the model's (devconf.h). */
#include "model.h"   /* first: <net/if.h> before any linux/if.h user */

#include <errno.h>
#include <linux/if_link.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <string.h>

#include "devconf.h"
#include "linkinfo.h"
#include "rtnl_internal.h"

#define IPSTATS_MIB_COUNT 38
#define ICMP6_MIB_COUNT 7
/* inet6 IF_* flags (include/net/if_inet6.h) */
#define VN_IF_READY 0x80000000u
#define VN_IF_RS_SENT 0x10u

static bool is_loopback(const struct vn_link *l)
{
	return l->type == ARPHRD_LOOPBACK;
}

static bool has_carrier(const struct vn_link *l)
{
	return (l->flags & IFF_LOWER_UP) != 0;
}

/* inet6_fill_ifla6_attrs: RTEXT_FILTER_SKIP_STATS leaves out the IPv6 and
 * ICMPv6 counters (ip route asks so for its single-link gets). */
static void put_inet6_attrs(struct nlmsghdr *h, const struct vn_model *m, const struct vn_link *l,
			    uint32_t ext_mask)
{
	uint32_t flags = 0;
	if ((l->flags & IFF_UP) && (has_carrier(l) || is_loopback(l)))
		flags = VN_IF_READY | (is_loopback(l) ? 0 : VN_IF_RS_SENT);
	mnl_attr_put_u32(h, IFLA_INET6_FLAGS, flags);
	struct ifla_cacheinfo ci = { .max_reasm_len = 65535, .tstamp = 0,
				     .reachable_time = 30000, .retrans_time = 1000 };
	mnl_attr_put(h, IFLA_INET6_CACHEINFO, sizeof(ci), &ci);
	int32_t conf[DEVCONF6_NL];
	devconf_nl6(m, l, conf);
	mnl_attr_put(h, IFLA_INET6_CONF, sizeof(conf), conf);
	if (!(ext_mask & RTEXT_FILTER_SKIP_STATS)) {
		uint64_t stats[IPSTATS_MIB_COUNT] = { IPSTATS_MIB_COUNT };
		mnl_attr_put(h, IFLA_INET6_STATS, sizeof(stats), stats);
		uint64_t icmp6[ICMP6_MIB_COUNT] = { ICMP6_MIB_COUNT };
		mnl_attr_put(h, IFLA_INET6_ICMP6STATS, sizeof(icmp6), icmp6);
	}
	uint8_t token[16] = { 0 };
	mnl_attr_put(h, IFLA_INET6_TOKEN, sizeof(token), token);
	mnl_attr_put_u8(h, IFLA_INET6_ADDR_GEN_MODE, l->addr_gen_mode);
}

static void put_af_spec(struct nlmsghdr *h, const struct vn_model *m, const struct vn_link *l,
			uint32_t ext_mask)
{
	struct nlattr *spec = rtnl_nest_start(h, IFLA_AF_SPEC);
	struct nlattr *in = rtnl_nest_start(h, AF_INET);
	uint32_t conf[DEVCONF4_NL];
	devconf_nl4(m, l, conf);
	mnl_attr_put(h, IFLA_INET_CONF, sizeof(conf), conf);
	rtnl_nest_end(h, in);
	struct nlattr *in6 = rtnl_nest_start(h, AF_INET6);
	put_inet6_attrs(h, m, l, ext_mask);
	rtnl_nest_end(h, in6);
	rtnl_nest_end(h, spec);
}

/* The model's counters as struct rtnl_link_stats64 (dev_get_stats): what
 * IFLA_STATS64 and RTM_GETSTATS's IFLA_STATS_LINK_64 carry. */
void rtnl_link_stats64_of(const struct vn_link *l, struct rtnl_link_stats64 *out)
{
	const struct vn_link_stats *s = &l->stats;
	*out = (struct rtnl_link_stats64){
		.rx_packets = s->rx_packets, .tx_packets = s->tx_packets,
		.rx_bytes = s->rx_bytes, .tx_bytes = s->tx_bytes,
		.rx_errors = s->rx_errors, .tx_errors = s->tx_errors,
		.rx_dropped = s->rx_dropped, .tx_dropped = s->tx_dropped,
		.multicast = s->multicast, .collisions = s->collisions,
		.rx_length_errors = s->rx_length_errors, .rx_over_errors = s->rx_over_errors,
		.rx_crc_errors = s->rx_crc_errors, .rx_frame_errors = s->rx_frame_errors,
		.rx_fifo_errors = s->rx_fifo_errors, .rx_missed_errors = s->rx_missed_errors,
		.tx_aborted_errors = s->tx_aborted_errors, .tx_carrier_errors = s->tx_carrier_errors,
		.tx_fifo_errors = s->tx_fifo_errors, .tx_heartbeat_errors = s->tx_heartbeat_errors,
		.tx_window_errors = s->tx_window_errors, .rx_compressed = s->rx_compressed,
		.tx_compressed = s->tx_compressed, .rx_nohandler = s->rx_nohandler,
	};
}

static void put_stats(struct nlmsghdr *h, const struct vn_link *l)
{
	struct rtnl_link_stats64 s64;
	rtnl_link_stats64_of(l, &s64);
	/* IFLA_STATS64 is 8-byte aligned with an IFLA_PAD when needed; the
	 * u64 payload lands at an offset that is already aligned here. */
	mnl_attr_put(h, IFLA_STATS64, sizeof(s64), &s64);
	/* IFLA_STATS: the same counters truncated to 32 bits (copy_rtnl_link_stats) */
	struct rtnl_link_stats s32;
	memset(&s32, 0, sizeof(s32));
	const __u64 *from = &s64.rx_packets;
	uint32_t *to = &s32.rx_packets;
	for (size_t i = 0; i < sizeof(s32) / sizeof(uint32_t); i++)
		to[i] = (uint32_t)from[i];
	mnl_attr_put(h, IFLA_STATS, sizeof(s32), &s32);
}

static bool any_nonzero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return true;
	return false;
}

/* One kind's data nest, in its table's order (linkinfo.h). */
void rtnl_put_info_data(struct nlmsghdr *h, uint16_t type, const struct vn_li_table *t,
			const uint64_t *vals)
{
	struct nlattr *d = rtnl_nest_start(h, type);
	for (size_t i = 0; i < t->n; i++) {
		const struct vn_li_attr *a = &t->attrs[i];
		uint64_t v = vals[i];
		switch (a->style == LI_BOOLOPT ? 0 : a->size) {
		case 0: {
			/* struct br_boolopt_multi: the bits 6.18 knows are all in the mask */
			uint32_t bo[2] = { (uint32_t)v, 0x1f };
			mnl_attr_put(h, a->type, sizeof(bo), bo);
			break;
		}
		case 1: mnl_attr_put_u8(h, a->type, (uint8_t)v); break;
		case 2: mnl_attr_put_u16(h, a->type, (uint16_t)v); break;
		case 4: mnl_attr_put_u32(h, a->type, (uint32_t)v); break;
		default:
			/* ids and addresses are bytes kept in the value's memory;
			 * u64 needs no IFLA_BR_PAD where unaligned access is cheap */
			mnl_attr_put(h, a->type, a->size, &v);
			break;
		}
	}
	rtnl_nest_end(h, d);
}

/* rtnl_link_fill: the kind and its data, then the master's kind and the
 * port's data; an empty nest is not sent. */
static void put_linkinfo(struct nlmsghdr *h, const struct vn_link *l)
{
	if (!l->kind[0] && !l->slave_kind[0])
		return;
	struct nlattr *li = rtnl_nest_start(h, IFLA_LINKINFO);
	if (l->kind[0]) {
		mnl_attr_put_strz(h, IFLA_INFO_KIND, l->kind);
		const struct vn_li_table *t = vn_linkinfo_table(l->kind, 0);
		if (t)
			rtnl_put_info_data(h, IFLA_INFO_DATA, t, l->info);
	}
	if (l->slave_kind[0]) {
		mnl_attr_put_strz(h, IFLA_INFO_SLAVE_KIND, l->slave_kind);
		const struct vn_li_table *t = vn_linkinfo_table(l->slave_kind, 1);
		if (t)
			rtnl_put_info_data(h, IFLA_INFO_SLAVE_DATA, t, l->slave_info);
	}
	rtnl_nest_end(h, li);
}

void rtnl_fill_link_in(struct nlmsghdr *h, const struct vn_model *m, const struct vn_link *l,
		       uint32_t ext_mask)
{
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(h, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_type = l->type;
	ifm->ifi_index = l->ifindex;
	ifm->ifi_flags = l->flags;
	ifm->ifi_change = 0;

	mnl_attr_put_strz(h, IFLA_IFNAME, l->name);
	mnl_attr_put_u32(h, IFLA_TXQLEN, l->txqlen);
	mnl_attr_put_u8(h, IFLA_OPERSTATE, l->operstate);
	mnl_attr_put_u8(h, IFLA_LINKMODE, l->linkmode);
	mnl_attr_put_u8(h, VN_IFLA_NETNS_IMMUTABLE, is_loopback(l));
	mnl_attr_put_u32(h, IFLA_MTU, l->mtu);
	mnl_attr_put_u32(h, IFLA_MIN_MTU, l->min_mtu);
	mnl_attr_put_u32(h, IFLA_MAX_MTU, l->max_mtu);
	mnl_attr_put_u32(h, IFLA_GROUP, l->group);
	mnl_attr_put_u32(h, IFLA_PROMISCUITY, l->promiscuity);
	mnl_attr_put_u32(h, VN_IFLA_ALLMULTI, l->allmulti);
	mnl_attr_put_u32(h, IFLA_NUM_TX_QUEUES, l->num_tx_queues);
	mnl_attr_put_u32(h, IFLA_GSO_MAX_SEGS, l->gso_max_segs);
	mnl_attr_put_u32(h, IFLA_GSO_MAX_SIZE, l->gso_max_size);
	mnl_attr_put_u32(h, IFLA_GRO_MAX_SIZE, l->gro_max_size);
	mnl_attr_put_u32(h, VN_IFLA_GSO_IPV4_MAX_SIZE, l->gso_ipv4_max_size);
	mnl_attr_put_u32(h, VN_IFLA_GRO_IPV4_MAX_SIZE, l->gro_ipv4_max_size);
	mnl_attr_put_u32(h, IFLA_TSO_MAX_SIZE, l->tso_max_size);
	mnl_attr_put_u32(h, IFLA_TSO_MAX_SEGS, l->tso_max_segs);
	mnl_attr_put_u32(h, VN_IFLA_MAX_PACING_OFFLOAD_HORIZON, 0);
	mnl_attr_put_u32(h, IFLA_NUM_RX_QUEUES, l->num_rx_queues);
	if (l->master)
		mnl_attr_put_u32(h, IFLA_MASTER, (uint32_t)l->master);
	mnl_attr_put_u8(h, IFLA_CARRIER, has_carrier(l));
	mnl_attr_put_u32(h, IFLA_CARRIER_CHANGES, l->carrier_changes);
	mnl_attr_put_u32(h, IFLA_CARRIER_UP_COUNT, l->carrier_up_count);
	mnl_attr_put_u32(h, IFLA_CARRIER_DOWN_COUNT, l->carrier_down_count);
	mnl_attr_put_u16(h, VN_IFLA_HEADROOM, 0);
	mnl_attr_put_u16(h, VN_IFLA_TAILROOM, 0);
	mnl_attr_put_u8(h, IFLA_PROTO_DOWN, 0);
	if (l->addr_len) {
		mnl_attr_put(h, IFLA_ADDRESS, l->addr_len, l->addr);
		mnl_attr_put(h, IFLA_BROADCAST, l->addr_len, l->broadcast);
	}
	/* always: RTEXT_FILTER_SKIP_STATS skips the VFs' stats (the model's
	 * links have none) and IPv6's counters (put_af_spec), not these */
	put_stats(h, l);
	struct nlattr *xdp = rtnl_nest_start(h, IFLA_XDP);
	mnl_attr_put_u8(h, IFLA_XDP_ATTACHED, 0);
	rtnl_nest_end(h, xdp);
	put_linkinfo(h, l);
	if (l->has_perm_addr && any_nonzero(l->perm_addr, l->addr_len))
		mnl_attr_put(h, IFLA_PERM_ADDRESS, l->addr_len, l->perm_addr);
	if (l->link_netnsid >= 0)
		mnl_attr_put_u32(h, IFLA_LINK_NETNSID, (uint32_t)l->link_netnsid);
	/* nla_put_iflink: a link whose peer is in another namespace always
	 * names it, even by an ifindex equal to its own (Linux 5.12's
	 * "rtnetlink: always put IFLA_LINK for links with a link-netnsid") */
	if (l->link && (l->link != l->ifindex || l->link_netnsid >= 0))
		mnl_attr_put_u32(h, IFLA_LINK, (uint32_t)l->link);
	if (l->qdisc[0])
		mnl_attr_put_strz(h, IFLA_QDISC, l->qdisc);
	put_af_spec(h, m, l, ext_mask);
	struct rtnl_link_ifmap map;
	memset(&map, 0, sizeof(map));
	mnl_attr_put(h, IFLA_MAP, sizeof(map), &map);
	/* the two newest nests carry NLA_F_NESTED */
	mnl_attr_nest_end(h, mnl_attr_nest_start(h, VN_IFLA_DEVLINK_PORT));
	mnl_attr_nest_end(h, mnl_attr_nest_start(h, VN_IFLA_DPLL_PIN));
}

static uint32_t ext_mask_of(const struct nlattr *const *tb)
{
	return tb[IFLA_EXT_MASK] ? mnl_attr_get_u32(tb[IFLA_EXT_MASK]) : 0;
}

static void emit_link(struct rtnl_req *r, const struct vn_link *l, uint32_t ext_mask, bool dump,
		      uint16_t flags)
{
	struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWLINK, dump);
	h->nlmsg_flags |= flags;
	rtnl_fill_link_in(h, r->ctx->model, l, ext_mask);
	rtnl_msg_emit(r, h, dump);
}

/* rtnl_valid_dump_ifinfo_req. Strict: a clean ifinfomsg, attributes
 * checked (nlmsg_parse_deprecated_strict) and only those that filter.
 * Otherwise an old iproute2's rtgenmsg is still a header, and attributes
 * that fail the policy are reported and ignored: the dump goes on. */
static int valid_dump_req(struct rtnl_req *r, const struct nlattr **tb)
{
	const struct nlmsghdr *nlh = r->nlh;
	if (!r->ctx->strict_chk) {
		size_t hdrlen = nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg))
					? sizeof(struct rtgenmsg) : sizeof(struct ifinfomsg);
		if (rtnl_parse(r, hdrlen, tb, &rtnl_ifla_policy, RTNL_PARSE_LIBERAL) < 0)
			memset(tb, 0, sizeof(*tb) * (VN_IFLA_MAX + 1));
		return 0;
	}
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg))) {
		r->ack.msg = "Invalid header for link dump";
		return -EINVAL;
	}
	const struct ifinfomsg *ifm = NLMSG_DATA(nlh);
	if (ifm->__ifi_pad || ifm->ifi_type || ifm->ifi_flags || ifm->ifi_change) {
		r->ack.msg = "Invalid values in header for link dump request";
		return -EINVAL;
	}
	if (ifm->ifi_index) {
		r->ack.msg = "Filter by device index not supported for link dumps";
		return -EINVAL;
	}
	int err = rtnl_parse(r, sizeof(*ifm), tb, &rtnl_ifla_policy, RTNL_PARSE_DEPRECATED_STRICT);
	if (err)
		return err;
	for (int i = 0; i <= VN_IFLA_MAX; i++) {
		if (!tb[i] || i == IFLA_TARGET_NETNSID || i == IFLA_EXT_MASK || i == IFLA_MASTER ||
		    i == IFLA_LINKINFO)
			continue;
		r->ack.msg = "Unsupported attribute in link dump request";
		return -EINVAL;
	}
	return 0;
}

/* rtnl_dump_ifinfo: IFLA_MASTER and IFLA_LINKINFO's kind filter the dump
 * (in both modes), and its messages then say NLM_F_DUMP_FILTERED. */
int rtnl_dumplink(struct rtnl_req *r)
{
	const struct nlattr *tb[VN_IFLA_MAX + 1];
	int err = valid_dump_req(r, tb);
	if (err)
		return err;
	uint32_t ext_mask = ext_mask_of(tb);
	int master = tb[IFLA_MASTER] ? (int)mnl_attr_get_u32(tb[IFLA_MASTER]) : 0;
	char kind[56] = "";   /* MODULE_NAME_LEN */
	/* linkinfo_to_kind_ops: a nest that fails ifla_info_policy names no
	 * kind (and reports nothing) */
	const struct nlattr *li[VN_IFLA_INFO_MAX + 1];
	if (tb[IFLA_LINKINFO] &&
	    !rtnl_nla_parse_nested(li, &rtnl_ifla_info_policy, tb[IFLA_LINKINFO], RTNL_PARSE_LIBERAL,
				   NULL) &&
	    li[IFLA_INFO_KIND])
		snprintf(kind, sizeof(kind), "%.*s",
			 (int)mnl_attr_get_payload_len(li[IFLA_INFO_KIND]),
			 (const char *)mnl_attr_get_payload(li[IFLA_INFO_KIND]));
	uint16_t filtered = master || kind[0] ? NLM_F_DUMP_FILTERED : 0;
	for (size_t i = 0; i < r->ctx->model->nlinks; i++) {
		const struct vn_link *l = &r->ctx->model->links[i];
		if (master && l->master != master)
			continue;
		if (kind[0] && strcmp(kind, l->kind) != 0)
			continue;
		emit_link(r, l, ext_mask, true, filtered);
	}
	return 0;
}

/* rtnl_valid_getlink_req: an ifinfomsg in any case; strict: a clean one,
 * and only the attributes that name the link or shape the answer. */
static int valid_get_req(struct rtnl_req *r, const struct nlattr **tb)
{
	if (r->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg))) {
		r->ack.msg = "Invalid header for get link";
		return -EINVAL;
	}
	if (!r->ctx->strict_chk)
		return rtnl_parse(r, sizeof(struct ifinfomsg), tb, &rtnl_ifla_policy,
				  RTNL_PARSE_LIBERAL);
	const struct ifinfomsg *ifm = NLMSG_DATA(r->nlh);
	if (ifm->__ifi_pad || ifm->ifi_type || ifm->ifi_flags || ifm->ifi_change) {
		r->ack.msg = "Invalid values in header for get link request";
		return -EINVAL;
	}
	int err = rtnl_parse(r, sizeof(*ifm), tb, &rtnl_ifla_policy, RTNL_PARSE_DEPRECATED_STRICT);
	if (err)
		return err;
	for (int i = 0; i <= VN_IFLA_MAX; i++) {
		if (!tb[i] || i == IFLA_IFNAME || i == IFLA_ALT_IFNAME || i == IFLA_EXT_MASK ||
		    i == IFLA_TARGET_NETNSID)
			continue;
		r->ack.msg = "Unsupported attribute in get link request";
		return -EINVAL;
	}
	return 0;
}

/* rtnl_getlink: by ifi_index, else by IFLA_IFNAME (or IFLA_ALT_IFNAME,
 * which names none of the model's links). */
int rtnl_getlink(struct rtnl_req *r)
{
	const struct nlattr *tb[VN_IFLA_MAX + 1];
	int err = valid_get_req(r, tb);
	if (err)
		return err;
	const struct ifinfomsg *ifm = NLMSG_DATA(r->nlh);
	const struct vn_link *l = NULL;
	if (ifm->ifi_index > 0) {
		l = vn_link_by_index(r->ctx->model, ifm->ifi_index);
	} else if (tb[IFLA_IFNAME]) {
		/* nla_strscpy: the policy bounds it to IFNAMSIZ - 1 */
		char name[IFNAMSIZ];
		snprintf(name, sizeof(name), "%.*s", (int)mnl_attr_get_payload_len(tb[IFLA_IFNAME]),
			 (const char *)mnl_attr_get_payload(tb[IFLA_IFNAME]));
		l = vn_link_by_name(r->ctx->model, name);
	} else if (!tb[IFLA_ALT_IFNAME]) {
		return -EINVAL;
	}
	if (!l)
		return -ENODEV;
	emit_link(r, l, ext_mask_of(tb), false, 0);
	return 0;
}

/* inet6_dump_ifinfo: the AF_INET6 view of each link (inet6_fill_ifinfo). */
int rtnl_dumplink_inet6(struct rtnl_req *r)
{
	for (size_t i = 0; i < r->ctx->model->nlinks; i++) {
		const struct vn_link *l = &r->ctx->model->links[i];
		struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWLINK, true);
		struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(h, sizeof(*ifm));
		ifm->ifi_family = AF_INET6;
		ifm->ifi_type = l->type;
		ifm->ifi_index = l->ifindex;
		ifm->ifi_flags = l->flags;
		mnl_attr_put_strz(h, IFLA_IFNAME, l->name);
		if (l->addr_len)
			mnl_attr_put(h, IFLA_ADDRESS, l->addr_len, l->addr);
		mnl_attr_put_u32(h, IFLA_MTU, l->mtu);
		if (l->link && l->link != l->ifindex)
			mnl_attr_put_u32(h, IFLA_LINK, (uint32_t)l->link);
		mnl_attr_put_u8(h, IFLA_OPERSTATE, l->operstate);
		struct nlattr *pi = rtnl_nest_start(h, IFLA_PROTINFO);
		put_inet6_attrs(h, r->ctx->model, l, 0);   /* inet6_fill_ifinfo: all */
		rtnl_nest_end(h, pi);
		rtnl_msg_emit(r, h, true);
	}
	return 0;
}
