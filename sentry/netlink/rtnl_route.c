/* RTM_GETROUTE: dumps as fib_dump_info (IPv4) and rt6_fill_node (IPv6)
 * write them, and `ip route get` answered as inet_rtm_getroute /
 * inet6_rtm_getroute answer (a cloned route with uid and source for IPv4,
 * the matched route with from :: and the chosen source for IPv6). The
 * attribute order is what a 6.18 kernel sends. */
#include "model.h"
#include "model_change.h"

#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <string.h>

#include "rtnl_internal.h"
#include "rtnl_route_mpath.h"

#define VN_RTCF_LOCAL 0x80000000u
#define VN_RTCF_BROADCAST 0x10000000u

static uint8_t table_byte(uint32_t table)
{
	return table < 256 ? (uint8_t)table : RT_TABLE_COMPAT;
}

static void put_metrics(struct nlmsghdr *h, const struct vn_route *rt)
{
	if (!rt->mtu)
		return;
	struct nlattr *n = rtnl_nest_start(h, RTA_METRICS);
	mnl_attr_put_u32(h, RTAX_MTU, rt->mtu);
	rtnl_nest_end(h, n);
}

/* IPv6 routes without a device (reject routes) hang on loopback. */
static int v6_oif(const struct vn_model *m, const struct vn_route *rt)
{
	if (rt->oif)
		return rt->oif;
	for (size_t i = 0; i < m->nlinks; i++)
		if (m->links[i].flags & IFF_LOOPBACK)
			return m->links[i].ifindex;
	return 0;
}

static void fill_dump_v4(struct nlmsghdr *h, const struct vn_model *m, const struct vn_route *rt)
{
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(h, sizeof(*rtm));
	*rtm = (struct rtmsg){ .rtm_family = AF_INET, .rtm_dst_len = rt->dst_len,
			       .rtm_src_len = rt->src_len, .rtm_tos = rt->tos,
			       .rtm_table = table_byte(rt->table), .rtm_protocol = rt->protocol,
			       .rtm_scope = rt->scope, .rtm_type = rt->type, .rtm_flags = rt->flags };
	mnl_attr_put_u32(h, RTA_TABLE, rt->table);
	if (rt->dst_len)
		mnl_attr_put(h, RTA_DST, 4, rt->dst);
	if (rt->priority)
		mnl_attr_put_u32(h, RTA_PRIORITY, rt->priority);
	put_metrics(h, rt);
	if (rt->has_prefsrc)
		mnl_attr_put(h, RTA_PREFSRC, 4, rt->prefsrc);
	if (rtnl_put_route_paths(h, m, rt, rtm))
		return;
	if (rt->has_gateway)
		mnl_attr_put(h, RTA_GATEWAY, 4, rt->gateway);
	if (rt->oif)
		mnl_attr_put_u32(h, RTA_OIF, (uint32_t)rt->oif);
}

static void put_cacheinfo(struct nlmsghdr *h, int32_t error, uint32_t clntref)
{
	struct rta_cacheinfo ci = { .rta_clntref = clntref, .rta_error = (uint32_t)error };
	mnl_attr_put(h, RTA_CACHEINFO, sizeof(ci), &ci);
}

static int32_t reject_error(uint8_t type)
{
	switch (type) {
	case RTN_BLACKHOLE: return -EINVAL;
	case RTN_UNREACHABLE: return -EHOSTUNREACH;
	case RTN_PROHIBIT: return -EACCES;
	case RTN_THROW: return -EAGAIN;
	default: return 0;
	}
}

/* The attributes rt6_fill_node puts after the addresses: metrics, metric,
 * next hop, cache info (clntref: references held), preference. */
static void put_v6_tail(struct nlmsghdr *h, const struct vn_model *m, const struct vn_route *rt,
			uint32_t clntref, bool paths)
{
	put_metrics(h, rt);
	mnl_attr_put_u32(h, RTA_PRIORITY, rt->priority);
	struct rtmsg *rtm = NLMSG_DATA(h);
	if (!paths || !rtnl_put_route_paths(h, m, rt, rtm)) {
		if (rt->has_gateway)
			mnl_attr_put(h, RTA_GATEWAY, 16, rt->gateway);
		int oif = v6_oif(m, rt);
		if (oif)
			mnl_attr_put_u32(h, RTA_OIF, (uint32_t)oif);
	}
	put_cacheinfo(h, reject_error(rt->type), clntref);
	mnl_attr_put_u8(h, RTA_PREF, rt->pref);
}

static void fill_dump_v6(struct nlmsghdr *h, const struct vn_model *m, const struct vn_route *rt)
{
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(h, sizeof(*rtm));
	*rtm = (struct rtmsg){ .rtm_family = AF_INET6, .rtm_dst_len = rt->dst_len,
			       .rtm_src_len = rt->src_len, .rtm_table = table_byte(rt->table),
			       .rtm_protocol = rt->protocol, .rtm_scope = RT_SCOPE_UNIVERSE,
			       .rtm_type = rt->type, .rtm_flags = rt->flags };
	mnl_attr_put_u32(h, RTA_TABLE, rt->table);
	if (rt->dst_len)
		mnl_attr_put(h, RTA_DST, 16, rt->dst);
	if (rt->src_len)
		mnl_attr_put(h, RTA_SRC, 16, rt->src);
	if (rt->has_prefsrc)
		mnl_attr_put(h, RTA_PREFSRC, 16, rt->prefsrc);
	put_v6_tail(h, m, rt, 0, true);
}

void rtnl_fill_route(struct nlmsghdr *h, const struct vn_model *m, const struct vn_route *rt)
{
	if (rt->family == AF_INET)
		fill_dump_v4(h, m, rt);
	else
		fill_dump_v6(h, m, rt);
}

struct route_filter {
	uint32_t table;           /* 0 = all */
	uint8_t protocol, type;
	int oif;
	bool cloned;              /* RTM_F_CLONED: the route cache, empty in the model */
	unsigned flags;           /* rtm_flags of a strict request */
};

/* inet_valid_dump_route_req (strict) or the legacy reading of rtm_flags. */
static int parse_filter(struct rtnl_req *r, struct route_filter *f)
{
	memset(f, 0, sizeof(*f));
	if (r->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtmsg))) {
		if (r->ctx->strict_chk) {
			r->ack.msg = "Invalid header for route dump request";
			return -EINVAL;
		}
		return 0;
	}
	const struct rtmsg *rtm = NLMSG_DATA(r->nlh);
	f->cloned = rtm->rtm_flags & RTM_F_CLONED;
	if (!r->ctx->strict_chk)
		return 0;
	if (rtm->rtm_dst_len || rtm->rtm_src_len || rtm->rtm_tos || rtm->rtm_scope) {
		r->ack.msg = "Invalid values in header for route dump request";
		return -EINVAL;
	}
	if (rtm->rtm_flags & ~(RTM_F_CLONED | RTM_F_PREFIX)) {
		r->ack.msg = "Invalid flags for route dump request";
		return -EINVAL;
	}
	f->table = rtm->rtm_table;
	f->protocol = rtm->rtm_protocol;
	f->type = rtm->rtm_type;
	f->flags = rtm->rtm_flags;
	/* every family's dump is checked with IPv4's policy */
	const struct nlattr *tb[VN_RTA_MAX + 1];
	int err = rtnl_parse(r, sizeof(struct rtmsg), tb, &rtnl_rtm_ipv4_policy,
			     RTNL_PARSE_DEPRECATED_STRICT);
	if (err)
		return err;
	for (int i = 0; i <= VN_RTA_MAX; i++) {
		if (!tb[i])
			continue;
		if (i == RTA_TABLE) {
			f->table = mnl_attr_get_u32(tb[i]);
		} else if (i == RTA_OIF) {
			f->oif = (int)mnl_attr_get_u32(tb[i]);
		} else {
			r->ack.msg = "Unsupported attribute in dump request";
			return -EINVAL;
		}
	}
	return 0;
}

static bool table_exists(const struct vn_model *m, uint8_t family, uint32_t table)
{
	if (table == RT_TABLE_MAIN || table == RT_TABLE_LOCAL)
		return true;
	for (size_t i = 0; i < m->nroutes; i++)
		if (m->routes[i].family == family && m->routes[i].table == table)
			return true;
	return false;
}

int rtnl_dumproute(struct rtnl_req *r)
{
	struct route_filter f;
	int err = parse_filter(r, &f);
	if (err)
		return err;
	/* ip_valid_fib_dump_req: a strict request that filters says so on
	 * every message of the dump, NLMSG_DONE included */
	if (f.flags || f.protocol || f.type || f.table || f.oif)
		r->answer_flags = NLM_F_DUMP_FILTERED;
	const struct vn_model *m = r->ctx->model;
	uint8_t family = rtnl_req_family(r->nlh);
	bool all = family != AF_INET && family != AF_INET6;
	if (f.cloned)
		return 0;
	if (f.table && !all && !table_exists(m, family, f.table)) {
		r->ack.msg = family == AF_INET ? "ipv4: FIB table does not exist"
					      : "ipv6: FIB table does not exist";
		return -ENOENT;
	}
	for (size_t i = 0; i < m->nroutes; i++) {
		const struct vn_route *rt = &m->routes[i];
		if (!all && rt->family != family)
			continue;
		if ((f.table && rt->table != f.table) || (f.protocol && rt->protocol != f.protocol) ||
		    (f.type && rt->type != f.type) || (f.oif && rt->oif != f.oif))
			continue;
		if (rt->family == AF_INET6 && rtnl_route_is_later_sibling(m, rt))
			continue;   /* shown with the first of its siblings */
		struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWROUTE, true);
		rtnl_fill_route(h, m, rt);
		rtnl_msg_emit(r, h, true);
	}
	return 0;
}

static int loopback_index(const struct vn_model *m)
{
	for (size_t i = 0; i < m->nlinks; i++)
		if (m->links[i].flags & IFF_LOOPBACK)
			return m->links[i].ifindex;
	return 1;
}

/* Without rules of its own a namespace keeps table local merged into main
 * (fib_unmerge happens at the first custom rule), so a lookup answers
 * "main" for local routes too. */
static bool has_custom_rules(const struct vn_model *m)
{
	for (size_t i = 0; i < m->nrules; i++) {
		const struct vn_rule *ru = &m->rules[i];
		if (ru->family != AF_INET)
			continue;
		bool dflt = ru->action == FR_ACT_TO_TBL && !ru->src_len && !ru->dst_len &&
			    ((ru->priority == 0 && ru->table == RT_TABLE_LOCAL) ||
			     (ru->priority == 32766 && ru->table == RT_TABLE_MAIN) ||
			     (ru->priority == 32767 && ru->table == RT_TABLE_DEFAULT));
		if (!dflt)
			return true;
	}
	return false;
}

/* What `ip route get` asked: the flow (RTA_DST, RTA_SRC, RTA_MARK,
 * RTA_UID, RTA_OIF). */
struct get_flow {
	uint8_t dst[16], src[16];
	bool has_src, has_uid;
	uint32_t mark, uid;
	int oif;
};

/* rt_fill_info for an output route. */
static void fill_get_v4(struct rtnl_req *r, struct nlmsghdr *h, const struct vn_route *rt,
			const struct get_flow *fl)
{
	const uint8_t *dst = fl->dst, *src = fl->src;
	bool has_src = fl->has_src;
	const struct vn_model *m = r->ctx->model;
	uint32_t flags = RTM_F_CLONED;
	if (rt->type == RTN_LOCAL)
		flags |= VN_RTCF_LOCAL;
	else if (rt->type == RTN_BROADCAST)
		flags |= VN_RTCF_BROADCAST | VN_RTCF_LOCAL;
	uint32_t table = rt->table;
	if (table == RT_TABLE_LOCAL && !has_custom_rules(m))
		table = RT_TABLE_MAIN;
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(h, sizeof(*rtm));
	*rtm = (struct rtmsg){ .rtm_family = AF_INET, .rtm_dst_len = 32,
			       .rtm_src_len = has_src ? 32 : 0, .rtm_table = table_byte(table),
			       .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_protocol = RTPROT_UNSPEC,
			       .rtm_type = rt->type, .rtm_flags = flags };
	mnl_attr_put_u32(h, RTA_TABLE, table);
	mnl_attr_put(h, RTA_DST, 4, dst);
	if (has_src)
		mnl_attr_put(h, RTA_SRC, 4, src);
	int oif = rt->type == RTN_LOCAL ? loopback_index(m) : rt->oif;
	if (oif)
		mnl_attr_put_u32(h, RTA_OIF, (uint32_t)oif);
	uint8_t saddr[16];
	if (!has_src && vn_pick_source(m, rt, dst, saddr))
		mnl_attr_put(h, RTA_PREFSRC, 4, saddr);
	if (rt->has_gateway)
		mnl_attr_put(h, RTA_GATEWAY, 4, rt->gateway);
	put_metrics(h, rt);
	if (fl->mark)
		mnl_attr_put_u32(h, RTA_MARK, fl->mark);
	mnl_attr_put_u32(h, RTA_UID, fl->has_uid ? fl->uid : r->ctx->uid);
	put_cacheinfo(h, 0, 2);
}

/* rt6_fill_node for the route a lookup returned, with dst and the
 * (unspecified) flow source, as inet6_rtm_getroute passes them. */
static void fill_get_v6(struct rtnl_req *r, struct nlmsghdr *h, const struct vn_route *rt,
			const struct get_flow *fl)
{
	const uint8_t *dst = fl->dst;
	const struct vn_model *m = r->ctx->model;
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(h, sizeof(*rtm));
	*rtm = (struct rtmsg){ .rtm_family = AF_INET6, .rtm_dst_len = 128, .rtm_src_len = 128,
			       .rtm_table = table_byte(rt->table), .rtm_protocol = rt->protocol,
			       .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = rt->type,
			       .rtm_flags = rt->flags };
	mnl_attr_put_u32(h, RTA_TABLE, rt->table);
	mnl_attr_put(h, RTA_DST, 16, dst);
	mnl_attr_put(h, RTA_SRC, 16, fl->src);
	uint8_t saddr[16];
	if (vn_pick_source(m, rt, dst, saddr))
		mnl_attr_put(h, RTA_PREFSRC, 16, saddr);
	put_v6_tail(h, m, rt, 2, false);   /* a lookup holds references to the route */
}

/* The attributes a strict route get may carry
 * (inet_rtm_valid_getroute_req, inet6_rtm_valid_getroute_req). */
static bool get_attr_allowed(int type)
{
	switch (type) {
	case RTA_IIF: case RTA_OIF: case RTA_SRC: case RTA_DST: case RTA_IP_PROTO:
	case RTA_SPORT: case RTA_DPORT: case RTA_MARK: case RTA_UID:
		return true;
	default:
		return false;
	}
}

/* inet_rtm_getroute and ip_route_output_key_hash_rcu's checks of the
 * flow: an input route (RTA_IIF) from no source is a martian (the
 * model answers input routes no further), a source must be local. */
static int check_flow_v4(struct rtnl_req *r, const struct nlattr **tb, const struct get_flow *fl)
{
	const struct vn_model *m = r->ctx->model;
	if (tb[RTA_IIF] && mnl_attr_get_u32(tb[RTA_IIF])) {
		if (!vn_link_by_index(m, (int)mnl_attr_get_u32(tb[RTA_IIF])))
			return -ENODEV;
		static const uint8_t zero[4];
		if (!fl->has_src || !memcmp(fl->src, zero, 4))
			return -EINVAL;
	}
	if (fl->oif && !vn_link_by_index(m, fl->oif))
		return -ENODEV;
	if (!fl->has_src || tb[RTA_IIF])
		return 0;
	static const uint8_t any[4], bcast[4] = { 255, 255, 255, 255 };
	if (!memcmp(fl->src, any, 4))
		return 0;   /* unspecified */
	if (fl->src[0] == 0 || (fl->src[0] & 0xf0) == 0xe0 || !memcmp(fl->src, bcast, 4))
		return -EINVAL;
	if (!vn_is_local_addr(m, AF_INET, fl->src))
		return -ENETUNREACH;
	return 0;
}

int rtnl_getroute(struct rtnl_req *r)
{
	uint8_t family = rtnl_req_family(r->nlh);
	if (family != AF_INET && family != AF_INET6)
		return -EOPNOTSUPP;   /* rtnl_get_link finds no getroute doit for it */
	const struct nlattr *tb[VN_RTA_MAX + 1];
	int err = rtnl_parse(r, sizeof(struct rtmsg), tb,
			     family == AF_INET ? &rtnl_rtm_ipv4_policy : &rtnl_rtm_ipv6_policy,
			     rtnl_get_mode(r));
	if (err)
		return err;
	const struct rtmsg *rtm = NLMSG_DATA(r->nlh);
	size_t alen = rtnl_addr_len(family);
	if (r->ctx->strict_chk) {
		if ((rtm->rtm_src_len && rtm->rtm_src_len != alen * 8) ||
		    (rtm->rtm_dst_len && rtm->rtm_dst_len != alen * 8)) {
			r->ack.msg = family == AF_INET ? "ipv4: Invalid prefix for route get request"
						      : "ipv6: Invalid prefix for route get request";
			return -EINVAL;
		}
		if (rtm->rtm_table || rtm->rtm_protocol || rtm->rtm_scope || rtm->rtm_type) {
			r->ack.msg = family == AF_INET
				? "ipv4: Invalid values in header for route get request"
				: "ipv6: Invalid values in header for route get request";
			return -EINVAL;
		}
		for (int i = 0; i <= VN_RTA_MAX; i++) {
			if (!tb[i] || get_attr_allowed(i))
				continue;
			r->ack.msg = family == AF_INET
				? "ipv4: Unsupported attribute in route get request"
				: "ipv6: Unsupported attribute in get route request";
			return -EINVAL;
		}
	}
	struct get_flow fl = { .dst = { 0 } };
	/* IPv4's are u32s (the policy); IPv6's have no row and are checked
	 * here */
	if (tb[RTA_DST]) {
		if (mnl_attr_get_payload_len(tb[RTA_DST]) < alen)
			return -EINVAL;
		memcpy(fl.dst, mnl_attr_get_payload(tb[RTA_DST]), alen);
	}
	if (tb[RTA_SRC]) {
		if (mnl_attr_get_payload_len(tb[RTA_SRC]) < alen)
			return -EINVAL;
		memcpy(fl.src, mnl_attr_get_payload(tb[RTA_SRC]), alen);
		fl.has_src = true;
	}
	fl.mark = tb[RTA_MARK] ? mnl_attr_get_u32(tb[RTA_MARK]) : 0;
	if ((fl.has_uid = tb[RTA_UID]))
		fl.uid = mnl_attr_get_u32(tb[RTA_UID]);
	fl.oif = tb[RTA_OIF] ? (int)mnl_attr_get_u32(tb[RTA_OIF]) : 0;
	int err4 = family == AF_INET ? check_flow_v4(r, tb, &fl) : 0;
	if (err4)
		return err4;
	const struct vn_route *rt = vn_route_lookup_flow(r->ctx->model, family,
		&(struct vn_flow){ .dst = fl.dst, .src = fl.has_src ? fl.src : NULL,
				   .mark = fl.mark, .oif = fl.oif });
	struct vn_route onlink;
	if (!rt && family == AF_INET && fl.oif) {
		/* no route by that device: the kernel takes the destination
		 * as on its link (ip_route_output_key_hash_rcu) */
		onlink = (struct vn_route){ .family = AF_INET, .type = RTN_UNICAST,
					    .table = RT_TABLE_MAIN, .scope = RT_SCOPE_LINK,
					    .oif = fl.oif };
		rt = &onlink;
	}
	if (!rt)
		return -ENETUNREACH;
	if (family == AF_INET) {
		int32_t e = reject_error(rt->type);
		if (e)
			return e;
	}
	struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWROUTE, false);
	if (family == AF_INET)
		fill_get_v4(r, h, rt, &fl);
	else
		fill_get_v6(r, h, rt, &fl);
	rtnl_msg_emit(r, h, false);
	return 0;
}
