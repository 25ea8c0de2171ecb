/* RTM_GETNEXTHOP / RTM_NEWNEXTHOP / RTM_DELNEXTHOP as net/ipv4/nexthop.c
 * answers them (rtm_get_nexthop, rtm_dump_nexthop, rtm_new_nexthop,
 * rtm_del_nexthop): requests parsed strictly (nlmsg_parse) with the
 * kernel's policies, messages as nh_fill_node writes them, the model's
 * changes in model_nexthop_change.c. Resilient groups and lightweight
 * tunnel encapsulation are not modelled (EOPNOTSUPP). */
#include <errno.h>
#include <limits.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <string.h>

#include "model_nexthop.h"
#include "rtnl_internal.h"
#include "rtnl_nexthop.h"

/* linux/nexthop.h of 6.x beyond the installed headers */
enum {
	VN_NHA_OP_FLAGS = 14,
	VN_NHA_GROUP_STATS = 15,
	VN_NHA_HW_STATS_ENABLE = 16,
	VN_NHA_MAX = 17,
};
#define VN_NHA_OP_FLAGS_DUMP_ALL 0x3u
#define VN_NHA_OP_FLAG_RESP_GRP_RESVD_0 0x80000000u   /* the group's resvd fields are 0 */
#define VN_NEXTHOP_VALID_USER_FLAGS RTNH_F_ONLINK

static const struct rtnl_policy new_rows[VN_NHA_MAX + 1] = {
	[NHA_ID] = RTNL_POL(RTNL_NLA_U32),
	[NHA_GROUP] = RTNL_POL(RTNL_NLA_BINARY),
	[NHA_GROUP_TYPE] = RTNL_POL(RTNL_NLA_U16),
	[NHA_BLACKHOLE] = RTNL_POL(RTNL_NLA_FLAG),
	[NHA_OIF] = RTNL_POL(RTNL_NLA_U32),
	[NHA_GATEWAY] = RTNL_POL(RTNL_NLA_BINARY),
	[NHA_ENCAP_TYPE] = RTNL_POL(RTNL_NLA_U16),
	[NHA_ENCAP] = RTNL_POL(RTNL_NLA_NESTED),
	[NHA_FDB] = RTNL_POL(RTNL_NLA_FLAG),
	[NHA_RES_GROUP] = RTNL_POL(RTNL_NLA_NESTED),
	[VN_NHA_HW_STATS_ENABLE] = RTNL_POL_MAX(RTNL_NLA_U32, 1),
};
static const struct rtnl_policy_set new_policy = { new_rows, VN_NHA_HW_STATS_ENABLE, 0 };

static const struct rtnl_policy get_rows[VN_NHA_MAX + 1] = {
	[NHA_ID] = RTNL_POL(RTNL_NLA_U32),
	[VN_NHA_OP_FLAGS] = RTNL_POL_MASK(RTNL_NLA_U32, VN_NHA_OP_FLAGS_DUMP_ALL),
};
static const struct rtnl_policy_set get_policy = { get_rows, VN_NHA_OP_FLAGS, 0 };
static const struct rtnl_policy_set del_policy = { get_rows, NHA_ID, 0 };

static const struct rtnl_policy dump_rows[VN_NHA_MAX + 1] = {
	[NHA_OIF] = RTNL_POL(RTNL_NLA_U32),
	[NHA_GROUPS] = RTNL_POL(RTNL_NLA_FLAG),
	[NHA_MASTER] = RTNL_POL(RTNL_NLA_U32),
	[NHA_FDB] = RTNL_POL(RTNL_NLA_FLAG),
	[VN_NHA_OP_FLAGS] = RTNL_POL_MASK(RTNL_NLA_U32, VN_NHA_OP_FLAGS_DUMP_ALL),
};
static const struct rtnl_policy_set dump_policy = { dump_rows, VN_NHA_OP_FLAGS, 0 };

/* nh_fill_node */
void rtnl_fill_nexthop(struct nlmsghdr *h, const struct vn_nexthop *nh)
{
	struct nhmsg *nhm = mnl_nlmsg_put_extra_header(h, sizeof(*nhm));
	*nhm = (struct nhmsg){ .nh_family = AF_UNSPEC, .nh_flags = nh->flags,
			       .nh_protocol = nh->protocol };
	mnl_attr_put_u32(h, NHA_ID, nh->id);
	if (nh->is_group) {
		if (nh->fdb)
			mnl_attr_put(h, NHA_FDB, 0, NULL);
		mnl_attr_put_u16(h, NHA_GROUP_TYPE, nh->grp_type);
		struct nexthop_grp g[VN_NH_GRP_MAX];
		memset(g, 0, sizeof(g));
		for (uint32_t i = 0; i < nh->ngrp; i++) {
			g[i].id = nh->grp[i].id;
			g[i].weight = (uint8_t)nh->grp[i].weight_m1;
			g[i].resvd1 = (uint8_t)(nh->grp[i].weight_m1 >> 8);   /* weight_high */
		}
		mnl_attr_put(h, NHA_GROUP, nh->ngrp * sizeof(g[0]), g);
		mnl_attr_put_u32(h, VN_NHA_OP_FLAGS, VN_NHA_OP_FLAG_RESP_GRP_RESVD_0);
		return;
	}
	nhm->nh_family = nh->family;
	if (nh->blackhole) {
		mnl_attr_put(h, NHA_BLACKHOLE, 0, NULL);
		return;
	}
	if (nh->fdb)
		mnl_attr_put(h, NHA_FDB, 0, NULL);
	else if (nh->oif)
		mnl_attr_put_u32(h, NHA_OIF, (uint32_t)nh->oif);
	nhm->nh_scope = nh->scope;
	if (nh->has_gateway)
		mnl_attr_put(h, NHA_GATEWAY, nh->family == AF_INET ? 4 : 16, nh->gateway);
}

/* __nh_valid_get_del_req */
static int valid_get_del(struct rtnl_req *r, const struct rtnl_policy_set *pol, uint32_t *id)
{
	const struct nlattr *tb[VN_NHA_MAX + 1] = { 0 };
	if (r->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct nhmsg)))
		return -EINVAL;
	int err = rtnl_parse(r, sizeof(struct nhmsg), tb, pol, RTNL_PARSE_STRICT);
	if (err)
		return err;
	const struct nhmsg *nhm = NLMSG_DATA(r->nlh);
	if (nhm->nh_protocol || nhm->resvd || nhm->nh_scope || nhm->nh_flags) {
		r->ack.msg = "Invalid values in header";
		return -EINVAL;
	}
	if (!tb[NHA_ID]) {
		r->ack.msg = "Nexthop id is missing";
		return -EINVAL;
	}
	*id = mnl_attr_get_u32(tb[NHA_ID]);
	if (!*id) {
		r->ack.msg = "Invalid nexthop id";
		return -EINVAL;
	}
	return 0;
}

int rtnl_getnexthop(struct rtnl_req *r)
{
	uint32_t id;
	int err = valid_get_del(r, &get_policy, &id);
	if (err)
		return err;
	const struct vn_nexthop *nh = vn_nexthop_find(r->ctx->model, id);
	if (!nh)
		return -ENOENT;
	struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWNEXTHOP, false);
	rtnl_fill_nexthop(h, nh);
	rtnl_msg_emit(r, h, false);
	return 0;
}

struct dump_filter {
	int dev, master;
	bool groups, fdb;
	uint8_t family;
};

/* nh_dump_filtered */
static bool filtered(const struct vn_model *m, const struct vn_nexthop *nh,
		     const struct dump_filter *f)
{
	if ((f->groups && !nh->is_group) || (f->fdb && !nh->fdb))
		return true;
	if (!f->dev && !f->master && !f->family)
		return false;
	if (nh->is_group)
		return true;
	if (f->family && nh->family != f->family)
		return true;
	if (f->dev && nh->oif != f->dev)
		return true;
	if (f->master) {
		const struct vn_link *l = nh->oif ? vn_link_by_index(m, nh->oif) : NULL;
		if (!l || l->master != f->master)
			return true;
	}
	return false;
}

int rtnl_dumpnexthop(struct rtnl_req *r)
{
	const struct nlattr *tb[VN_NHA_MAX + 1] = { 0 };
	if (r->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct nhmsg)))
		return -EINVAL;
	int err = rtnl_parse(r, sizeof(struct nhmsg), tb, &dump_policy, RTNL_PARSE_STRICT);
	if (err)
		return err;
	struct dump_filter f = { .groups = tb[NHA_GROUPS], .fdb = tb[NHA_FDB] };
	if (tb[NHA_OIF]) {
		uint32_t idx = mnl_attr_get_u32(tb[NHA_OIF]);
		if (idx > INT_MAX) {
			r->ack.msg = "Invalid device index";
			return -EINVAL;
		}
		f.dev = (int)idx;
	}
	if (tb[NHA_MASTER]) {
		uint32_t idx = mnl_attr_get_u32(tb[NHA_MASTER]);
		if (idx > INT_MAX) {
			r->ack.msg = "Invalid master device index";
			return -EINVAL;
		}
		f.master = (int)idx;
	}
	const struct nhmsg *nhm = NLMSG_DATA(r->nlh);
	if (nhm->nh_protocol || nhm->resvd || nhm->nh_scope || nhm->nh_flags) {
		r->ack.msg = "Invalid values in header for nexthop dump request";
		return -EINVAL;
	}
	f.family = nhm->nh_family;
	const struct vn_model *m = r->ctx->model;
	for (size_t i = 0; i < m->nnexthops; i++) {
		if (filtered(m, &m->nexthops[i], &f))
			continue;
		struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWNEXTHOP, true);
		rtnl_fill_nexthop(h, &m->nexthops[i]);
		rtnl_msg_emit(r, h, true);
	}
	return 0;
}

/* rtm_to_nh_config's reading of the group attribute (nh_check_attr_group's
 * own checks; the members are the model's to check). */
static int read_group(struct rtnl_req *r, const struct nlattr *const *tb, struct vn_nexthop *nh)
{
	size_t len = mnl_attr_get_payload_len(tb[NHA_GROUP]);
	if (!len || len % sizeof(struct nexthop_grp)) {
		r->ack.msg = "Invalid length for nexthop group attribute";
		return -EINVAL;
	}
	const struct nexthop_grp *g = mnl_attr_get_payload(tb[NHA_GROUP]);
	size_t n = len / sizeof(*g);
	for (size_t i = 0; i < n; i++) {
		if (g[i].resvd2) {
			r->ack.msg = "Reserved fields in nexthop_grp must be 0";
			return -EINVAL;
		}
		for (size_t j = i + 1; j < n; j++)
			if (g[i].id == g[j].id) {
				r->ack.msg = "Nexthop id can not be used twice in a group";
				return -EINVAL;
			}
	}
	if (n > VN_NH_GRP_MAX)
		return -E2BIG;   /* the model's limit */
	for (size_t i = 0; i < n; i++)
		nh->grp[i] = (struct vn_nh_member){ .id = g[i].id,
			.weight_m1 = (uint16_t)(g[i].weight | g[i].resvd1 << 8) };
	nh->ngrp = (uint32_t)n;
	/* up to what the policy parses: rtnl_parse fills tb no further */
	for (int t = NHA_GROUP_TYPE + 1; t <= VN_NHA_HW_STATS_ENABLE; t++) {
		if (!tb[t] || t == NHA_FDB)
			continue;
		r->ack.msg = "No other attributes can be set in nexthop groups";
		return -EINVAL;
	}
	return 0;
}

/* rtm_to_nh_config */
static int to_config(struct rtnl_req *r, struct vn_nexthop *nh)
{
	const struct nlattr *tb[VN_NHA_MAX + 1] = { 0 };
	if (r->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct nhmsg)))
		return -EINVAL;
	int err = rtnl_parse(r, sizeof(struct nhmsg), tb, &new_policy, RTNL_PARSE_STRICT);
	if (err)
		return err;
	const struct nhmsg *nhm = NLMSG_DATA(r->nlh);
	if (nhm->resvd || nhm->nh_scope) {
		r->ack.msg = "Invalid values in ancillary header";
		return -EINVAL;
	}
	if (nhm->nh_flags & ~(unsigned)VN_NEXTHOP_VALID_USER_FLAGS) {
		r->ack.msg = "Invalid nexthop flags in ancillary header";
		return -EINVAL;
	}
	if (nhm->nh_family != AF_INET && nhm->nh_family != AF_INET6 &&
	    !(nhm->nh_family == AF_UNSPEC && tb[NHA_GROUP])) {
		r->ack.msg = "Invalid address family";
		return -EINVAL;
	}
	memset(nh, 0, sizeof(*nh));
	nh->family = nhm->nh_family;
	nh->protocol = nhm->nh_protocol;
	nh->flags = nhm->nh_flags;
	if (tb[NHA_ID])
		nh->id = mnl_attr_get_u32(tb[NHA_ID]);
	if (tb[NHA_FDB]) {
		if (tb[NHA_OIF] || tb[NHA_BLACKHOLE] || tb[NHA_ENCAP] || tb[NHA_ENCAP_TYPE]) {
			r->ack.msg = "Fdb attribute can not be used with encap, oif or blackhole";
			return -EINVAL;
		}
		if (nhm->nh_flags) {
			r->ack.msg = "Unsupported nexthop flags in ancillary header";
			return -EINVAL;
		}
		nh->fdb = true;
	}
	if (tb[NHA_GROUP]) {
		if (nhm->nh_family != AF_UNSPEC) {
			r->ack.msg = "Invalid family for group";
			return -EINVAL;
		}
		nh->is_group = true;
		nh->grp_type = tb[NHA_GROUP_TYPE] ? mnl_attr_get_u16(tb[NHA_GROUP_TYPE])
						  : NEXTHOP_GRP_TYPE_MPATH;
		if (nh->grp_type > NEXTHOP_GRP_TYPE_MAX) {
			r->ack.msg = "Invalid group type";
			return -EINVAL;
		}
		err = read_group(r, tb, nh);
		if (!err && nh->grp_type == NEXTHOP_GRP_TYPE_RES)
			err = -EOPNOTSUPP;   /* resilient groups: not modelled */
		return err;
	}
	if (tb[NHA_BLACKHOLE]) {
		if (tb[NHA_GATEWAY] || tb[NHA_OIF] || tb[NHA_ENCAP] || tb[NHA_ENCAP_TYPE] ||
		    tb[NHA_FDB]) {
			r->ack.msg = "Blackhole attribute can not be used with gateway, oif, encap or fdb";
			return -EINVAL;
		}
		nh->blackhole = true;
		return 0;
	}
	if (!nh->fdb && !tb[NHA_OIF]) {
		r->ack.msg = "Device attribute required for non-blackhole and non-fdb nexthops";
		return -EINVAL;
	}
	if (tb[NHA_OIF])
		nh->oif = (int)mnl_attr_get_u32(tb[NHA_OIF]);
	if (tb[NHA_GATEWAY]) {
		size_t want = nh->family == AF_INET ? 4 : 16;
		if (mnl_attr_get_payload_len(tb[NHA_GATEWAY]) != want) {
			r->ack.msg = "Invalid gateway";
			return -EINVAL;
		}
		memcpy(nh->gateway, mnl_attr_get_payload(tb[NHA_GATEWAY]), want);
		nh->has_gateway = true;
	}
	if (tb[NHA_ENCAP] || tb[NHA_ENCAP_TYPE])
		return -EOPNOTSUPP;   /* lightweight tunnels: not modelled */
	return 0;
}

int rtnl_newnexthop(struct rtnl_req *r)
{
	struct vn_nexthop nh;
	int err = to_config(r, &nh);
	if (err)
		return err;
	struct vn_change c = { .m = r->ctx->model, .ev = r->ctx->events,
			       .nlflags = r->nlh->nlmsg_flags };
	err = vn_nexthop_add(&c, &nh);
	rtnl_extack_msg(&r->ack, c.extack);
	return err;
}

int rtnl_delnexthop(struct rtnl_req *r)
{
	uint32_t id;
	int err = valid_get_del(r, &del_policy, &id);
	if (err)
		return err;
	struct vn_change c = { .m = r->ctx->model, .ev = r->ctx->events,
			       .nlflags = r->nlh->nlmsg_flags };
	err = vn_nexthop_del(&c, id);
	rtnl_extack_msg(&r->ack, c.extack);
	return err;
}
