/* RTM_GETSTATS (`ip stats`): rtnl_stats_get and rtnl_stats_dump, each
 * link as rtnl_fill_statsinfo writes it for the groups the filter mask
 * asks: the link's 64-bit counters, a bridge's and a bridge port's
 * extended statistics (multicast and STP counters, 0: the model moves no
 * packets), the offload statistics' hardware info (l3_stats neither
 * requested nor used), and an empty per-family nest (no MPLS). */
#include <errno.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <string.h>

#include "model_link.h"
#include "rtnl_internal.h"
#include "rtnl_stats.h"

#define FILTER_BIT(a) (1u << ((a) - 1))
#define MCAST_STATS_LEN 240     /* struct br_mcast_stats: 30 u64 */
#define STP_XSTATS_LEN 48       /* struct bridge_stp_xstats: 6 u64 */

static void put_link64(struct nlmsghdr *h, const struct vn_link *l)
{
	struct rtnl_link_stats64 s64;
	rtnl_link_stats64_of(l, &s64);
	/* nla_reserve_64bit: the payload lands 8-aligned after the 12-byte header */
	mnl_attr_put(h, IFLA_STATS_LINK_64, sizeof(s64), &s64);
}

/* br_fill_linkxstats: a bridge's multicast counters; a port's, then its
 * STP counters. */
static void put_bridge_xstats(struct nlmsghdr *h, uint16_t type, bool port)
{
	static const uint8_t zeros[MCAST_STATS_LEN];
	struct nlattr *x = rtnl_nest_start(h, type);
	struct nlattr *br = rtnl_nest_start(h, LINK_XSTATS_TYPE_BRIDGE);
	mnl_attr_put(h, BRIDGE_XSTATS_MCAST, MCAST_STATS_LEN, zeros);
	if (port)
		mnl_attr_put(h, BRIDGE_XSTATS_STP, STP_XSTATS_LEN, zeros);
	rtnl_nest_end(h, br);
	rtnl_nest_end(h, x);
}

static void fill(struct nlmsghdr *h, const struct vn_model *m, const struct vn_link *l,
		 uint32_t mask)
{
	struct if_stats_msg *ifsm = mnl_nlmsg_put_extra_header(h, sizeof(*ifsm));
	ifsm->ifindex = (uint32_t)l->ifindex;
	ifsm->filter_mask = mask;
	if (mask & FILTER_BIT(IFLA_STATS_LINK_64))
		put_link64(h, l);
	if ((mask & FILTER_BIT(IFLA_STATS_LINK_XSTATS)) && vn_link_is_kind(l, "bridge"))
		put_bridge_xstats(h, IFLA_STATS_LINK_XSTATS, false);
	if ((mask & FILTER_BIT(IFLA_STATS_LINK_XSTATS_SLAVE)) && l->master) {
		const struct vn_link *up = vn_link_by_index(m, l->master);
		if (up && vn_link_is_kind(up, "bridge"))
			put_bridge_xstats(h, IFLA_STATS_LINK_XSTATS_SLAVE, true);
	}
	if (mask & FILTER_BIT(IFLA_STATS_LINK_OFFLOAD_XSTATS)) {
		/* rtnl_offload_xstats_fill: no CPU_HIT (no ndo_has_offload_stats),
		 * the l3_stats info (nla_nest_start: NLA_F_NESTED) */
		struct nlattr *o = rtnl_nest_start(h, IFLA_STATS_LINK_OFFLOAD_XSTATS);
		struct nlattr *info = rtnl_nest_start(h, IFLA_OFFLOAD_XSTATS_HW_S_INFO | NLA_F_NESTED);
		struct nlattr *l3 = rtnl_nest_start(h, IFLA_OFFLOAD_XSTATS_L3_STATS | NLA_F_NESTED);
		mnl_attr_put_u8(h, IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST, 0);
		mnl_attr_put_u8(h, IFLA_OFFLOAD_XSTATS_HW_S_INFO_USED, 0);
		rtnl_nest_end(h, l3);
		rtnl_nest_end(h, info);
		rtnl_nest_end(h, o);
	}
	if (mask & FILTER_BIT(IFLA_STATS_AF_SPEC)) {
		struct nlattr *af = rtnl_nest_start(h, IFLA_STATS_AF_SPEC);
		rtnl_nest_end(h, af);
	}
}

/* rtnl_valid_stats_req */
static int valid_req(struct rtnl_req *r, bool dump, const struct if_stats_msg **out)
{
	if (r->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct if_stats_msg))) {
		r->ack.msg = "Invalid header for stats dump";
		return -EINVAL;
	}
	const struct if_stats_msg *ifsm = NLMSG_DATA(r->nlh);
	*out = ifsm;
	if (!r->ctx->strict_chk)
		return 0;
	if (ifsm->pad1 || ifsm->pad2 || (dump && ifsm->ifindex)) {
		r->ack.msg = ifsm->pad1 || ifsm->pad2
			? "Invalid values in header for stats dump request"
			: "Filter by device index not supported for stats dump request";
		return -EINVAL;
	}
	return 0;
}

int rtnl_getstats(struct rtnl_req *r)
{
	const struct if_stats_msg *ifsm;
	int err = valid_req(r, false, &ifsm);
	if (err)
		return err;
	if ((int)ifsm->ifindex <= 0)
		return -EINVAL;
	const struct vn_link *l = vn_link_by_index(r->ctx->model, (int)ifsm->ifindex);
	if (!l)
		return -ENODEV;
	if (!ifsm->filter_mask) {
		r->ack.msg = "Filter mask must be set for stats get";
		return -EINVAL;
	}
	struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWSTATS, false);
	fill(h, r->ctx->model, l, ifsm->filter_mask);
	rtnl_msg_emit(r, h, false);
	return 0;
}

int rtnl_dumpstats(struct rtnl_req *r)
{
	const struct if_stats_msg *ifsm;
	int err = valid_req(r, true, &ifsm);
	if (err)
		return err;
	if (!ifsm->filter_mask) {
		r->ack.msg = "Filter mask must be set for stats dump";
		return -EINVAL;
	}
	const struct vn_model *m = r->ctx->model;
	for (size_t i = 0; i < m->nlinks; i++) {
		struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWSTATS, true);
		fill(h, m, &m->links[i], ifsm->filter_mask);
		rtnl_msg_emit(r, h, true);
	}
	return 0;
}
