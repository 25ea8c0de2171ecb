/* RTM_NEWROUTE / RTM_DELROUTE read as rtm_to_fib_config and
 * rtm_to_fib6_config read them; the FIB semantics are the model's
 * (model_fib.c). */
#include "model_change.h"

#include <errno.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <string.h>

#include "rtnl_internal.h"

static bool get_addr(const struct nlattr *a, size_t n, uint8_t *out)
{
	if (!a || mnl_attr_get_payload_len(a) < n)
		return false;
	memcpy(out, mnl_attr_get_payload(a), n);
	return true;
}

static int parse(struct rtnl_req *r, struct vn_route *rt)
{
	const struct nlattr *tb[RTA_MAX + 1];
	if (rtnl_parse(r, sizeof(struct rtmsg), tb, RTA_MAX) < 0)
		return -EINVAL;
	const struct rtmsg *rtm = NLMSG_DATA(r->nlh);
	memset(rt, 0, sizeof(*rt));
	rt->family = rtm->rtm_family;
	rt->dst_len = rtm->rtm_dst_len;
	rt->src_len = rtm->rtm_src_len;
	rt->tos = rtm->rtm_tos;
	rt->table = rtm->rtm_table;
	rt->protocol = rtm->rtm_protocol;
	rt->scope = rtm->rtm_scope;
	rt->type = rtm->rtm_type;
	rt->flags = rtm->rtm_flags & RTNH_F_ONLINK;
	size_t n = rtnl_addr_len(rt->family);
	if ((tb[RTA_DST] && !get_addr(tb[RTA_DST], n, rt->dst)) ||
	    (tb[RTA_SRC] && !get_addr(tb[RTA_SRC], n, rt->src)))
		return -EINVAL;
	rt->has_gateway = get_addr(tb[RTA_GATEWAY], n, rt->gateway);
	rt->has_prefsrc = get_addr(tb[RTA_PREFSRC], n, rt->prefsrc);
	if (tb[RTA_OIF] && mnl_attr_get_payload_len(tb[RTA_OIF]) >= 4)
		rt->oif = (int)mnl_attr_get_u32(tb[RTA_OIF]);
	if (tb[RTA_PRIORITY] && mnl_attr_get_payload_len(tb[RTA_PRIORITY]) >= 4) {
		rt->priority = mnl_attr_get_u32(tb[RTA_PRIORITY]);
		rt->has_priority = true;
	}
	if (tb[RTA_TABLE] && mnl_attr_get_payload_len(tb[RTA_TABLE]) >= 4)
		rt->table = mnl_attr_get_u32(tb[RTA_TABLE]);
	if (tb[RTA_PREF] && mnl_attr_get_payload_len(tb[RTA_PREF]) >= 1)
		rt->pref = mnl_attr_get_u8(tb[RTA_PREF]);
	if (tb[RTA_METRICS]) {
		const struct nlattr *a;
		mnl_attr_for_each_nested(a, tb[RTA_METRICS])
			if (mnl_attr_get_type(a) == RTAX_MTU && mnl_attr_get_payload_len(a) >= 4)
				rt->mtu = mnl_attr_get_u32(a);
	}
	if (tb[RTA_MULTIPATH] || tb[RTA_NH_ID] || tb[RTA_ENCAP])
		return -EOPNOTSUPP;   /* nexthop objects and multipath: not modelled */
	return 0;
}

static int run(struct rtnl_req *r, bool add)
{
	struct vn_route rt;
	int err = parse(r, &rt);
	if (err)
		return err;
	struct vn_change c = { .m = r->ctx->model, .ev = r->ctx->events,
			       .nlflags = r->nlh->nlmsg_flags };
	err = add ? vn_route_add(&c, &rt) : vn_route_del(&c, &rt);
	r->extack = c.extack;
	return err;
}

int rtnl_newroute(struct rtnl_req *r)
{
	return run(r, true);
}

int rtnl_delroute(struct rtnl_req *r)
{
	return run(r, false);
}
