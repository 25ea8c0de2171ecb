/* RTM_NEWROUTE / RTM_DELROUTE read as rtm_to_fib_config and
 * rtm_to_fib6_config read them; the FIB semantics are the model's
 * (model_fib.c). */
#include "model_change.h"

#include <errno.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <string.h>

#include "rtnl_internal.h"
#include "rtnl_route_mpath.h"

/* ip_metrics_convert: not a policy but a check of its own per metric. */
static int read_metrics(struct rtnl_req *r, const struct nlattr *mx, struct vn_route *rt)
{
	const struct nlattr *a;
	mnl_attr_for_each_nested(a, mx) {
		uint16_t type = mnl_attr_get_type(a);
		if (!type)
			continue;
		if (type > RTAX_MAX) {
			r->ack.msg = "Invalid metric type";
			return -EINVAL;
		}
		if (type == RTAX_CC_ALGO)
			continue;   /* a congestion control's name: not modelled */
		if (mnl_attr_get_payload_len(a) != 4) {
			r->ack = (struct rtnl_extack){ .msg = "Invalid attribute in metrics",
						       .bad_attr = a };
			return -EINVAL;
		}
		if (type == RTAX_MTU) {
			uint32_t mtu = mnl_attr_get_u32(a);
			rt->mtu = mtu > 65535 - 15 ? 65535 - 15 : mtu;
		}
	}
	return 0;
}

/* IPv6's RTA_DST and RTA_SRC have no policy row: as long as the prefix
 * length needs, the rest zero (rtm_to_fib6_config, nla_memcpy). */
static int get_prefix6(const struct nlattr *a, unsigned plen, uint8_t *out)
{
	size_t n = (plen + 7) / 8;
	if (n > 16)
		n = 16;
	if (mnl_attr_get_payload_len(a) < n)
		return -EINVAL;
	memcpy(out, mnl_attr_get_payload(a), n);
	return 0;
}

/* rtm_to_fib_config (nlmsg_validate_deprecated) and rtm_to_fib6_config
 * (nlmsg_parse_deprecated): liberal, each family with its policy. */
static int parse(struct rtnl_req *r, struct vn_route *rt, const struct nlattr **tb)
{
	bool v4 = rtnl_req_family(r->nlh) == AF_INET;
	int err = rtnl_parse(r, sizeof(struct rtmsg), tb,
			     v4 ? &rtnl_rtm_ipv4_policy : &rtnl_rtm_ipv6_policy, RTNL_PARSE_LIBERAL);
	if (err)
		return err;
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
	/* a present address is long enough: a u32 for IPv4, at least 16
	 * bytes for an IPv6 gateway or source */
	size_t n = rtnl_addr_len(rt->family);
	if (v4) {
		if (tb[RTA_DST])
			memcpy(rt->dst, mnl_attr_get_payload(tb[RTA_DST]), 4);
		if (tb[RTA_SRC])
			memcpy(rt->src, mnl_attr_get_payload(tb[RTA_SRC]), 4);
	} else if ((tb[RTA_DST] && get_prefix6(tb[RTA_DST], rt->dst_len, rt->dst)) ||
		   (tb[RTA_SRC] && get_prefix6(tb[RTA_SRC], rt->src_len, rt->src))) {
		return -EINVAL;
	}
	if ((rt->has_gateway = tb[RTA_GATEWAY]))
		memcpy(rt->gateway, mnl_attr_get_payload(tb[RTA_GATEWAY]), n);
	if ((rt->has_prefsrc = tb[RTA_PREFSRC]))
		memcpy(rt->prefsrc, mnl_attr_get_payload(tb[RTA_PREFSRC]), n);
	if (tb[RTA_OIF])
		rt->oif = (int)mnl_attr_get_u32(tb[RTA_OIF]);
	if ((rt->has_priority = tb[RTA_PRIORITY]))
		rt->priority = mnl_attr_get_u32(tb[RTA_PRIORITY]);
	if (tb[RTA_TABLE])
		rt->table = mnl_attr_get_u32(tb[RTA_TABLE]);
	if (!v4 && tb[RTA_PREF])   /* IPv4 routes have no preference */
		rt->pref = mnl_attr_get_u8(tb[RTA_PREF]);
	if (tb[RTA_METRICS]) {
		err = read_metrics(r, tb[RTA_METRICS], rt);
		if (err)
			return err;
	}
	if (tb[RTA_ENCAP])
		return -EOPNOTSUPP;   /* lightweight tunnels: not modelled */
	return 0;
}

static int run(struct rtnl_req *r, bool add)
{
	struct vn_route rt;
	const struct nlattr *tb[VN_RTA_MAX + 1];
	int err = parse(r, &rt, tb);
	if (err)
		return err;
	struct vn_change c = { .m = r->ctx->model, .ev = r->ctx->events,
			       .nlflags = r->nlh->nlmsg_flags };
	bool done = false;
	if (add)
		err = rtnl_route_add_paths(r, tb, &rt, &c, &done);
	if (!err && !done)
		err = add ? vn_route_add(&c, &rt) : vn_route_del(&c, &rt);
	rtnl_extack_msg(&r->ack, c.extack);
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
