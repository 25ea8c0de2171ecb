/* The paths of a route in RTM_NEWROUTE: RTA_NH_ID and RTA_MULTIPATH as
 * fib_dump_info / rt6_fill_node write them (fib_add_multipath,
 * fib_add_nexthop), and read from a request as rtm_to_fib_config,
 * fib_get_nhs and ip6_route_multipath_add read them. */
#include "rtnl_route_mpath.h"

#include <errno.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <stdlib.h>
#include <string.h>

#include "model_nexthop.h"

#define MAX_PATHS 256

/* fib_add_nexthop: an rtnexthop, then its gateway (RTA_VIA for an IPv6
 * gateway of an IPv4 route). */
static void put_path(struct nlmsghdr *h, uint8_t family, const struct vn_nh *nh)
{
	struct rtnexthop *rtnh = (struct rtnexthop *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTNH_ALIGN(sizeof(*rtnh));
	*rtnh = (struct rtnexthop){ .rtnh_flags = nh->flags, .rtnh_hops = (uint8_t)nh->hops,
				    .rtnh_ifindex = nh->oif };
	if (nh->gw_family == family) {
		mnl_attr_put(h, RTA_GATEWAY, family == AF_INET ? 4 : 16, nh->gateway);
	} else if (nh->gw_family == AF_INET6) {
		uint8_t via[18];
		uint16_t fam = AF_INET6;
		memcpy(via, &fam, 2);
		memcpy(via + 2, nh->gateway, 16);
		mnl_attr_put(h, RTA_VIA, sizeof(via), via);
	}
	rtnh->rtnh_len = (unsigned short)((char *)h + h->nlmsg_len - (char *)rtnh);
}

static void put_multipath(struct nlmsghdr *h, uint8_t family, const struct vn_nh *nh, size_t n)
{
	struct nlattr *mp = rtnl_nest_start(h, RTA_MULTIPATH);
	for (size_t i = 0; i < n; i++)
		put_path(h, family, &nh[i]);
	rtnl_nest_end(h, mp);
}

bool rtnl_route_is_later_sibling(const struct vn_model *m, const struct vn_route *rt)
{
	if (!vn_route_qualifies_for_ecmp(rt))
		return false;
	for (size_t i = 0; i < m->nroutes && &m->routes[i] != rt; i++)
		if (vn_route_siblings(&m->routes[i], rt))
			return true;
	return false;
}

/* rt and its IPv6 siblings as rt6_fill_node walks them: rt, then the
 * others around the sibling ring from rt (the model's order). A route
 * no longer in the model (a deleted one's notification) left its ring
 * first (fib6_del_route): it shows alone. */
static size_t sibling_paths(const struct vn_model *m, const struct vn_route *rt, struct vn_nh *out)
{
	size_t n = 0, self = SIZE_MAX;
	for (size_t i = 0; i < m->nroutes && n < MAX_PATHS; i++) {
		const struct vn_route *s = &m->routes[i];
		if (s != rt && !vn_route_siblings(s, rt))
			continue;
		if (s == rt || (s->oif == rt->oif && !memcmp(s->gateway, rt->gateway, 16)))
			self = n;
		n += vn_route_paths(m, s, &out[n], 1);
	}
	if (self == SIZE_MAX)
		return vn_route_paths(m, rt, out, 1);
	static struct vn_nh ring[MAX_PATHS];
	for (size_t i = 0; i < n; i++)
		ring[i] = out[(self + i) % n];
	memcpy(out, ring, n * sizeof(*out));
	return n;
}

bool rtnl_put_route_paths(struct nlmsghdr *h, const struct vn_model *m, const struct vn_route *rt,
			  struct rtmsg *rtm)
{
	if (rt->nhid) {
		mnl_attr_put_u32(h, RTA_NH_ID, rt->nhid);
		const struct vn_nexthop *nh = vn_nexthop_find(m, rt->nhid);
		if (nh && nh->blackhole)
			rtm->rtm_type = RTN_BLACKHOLE;
	}
	static struct vn_nh paths[MAX_PATHS];
	size_t n;
	if (rt->family == AF_INET6 && vn_route_qualifies_for_ecmp(rt))
		n = sibling_paths(m, rt, paths);
	else if (rt->nhid || rt->mp_n)
		n = vn_route_paths(m, rt, paths, MAX_PATHS);
	else
		return false;
	if (n <= 1 && !rt->mp_n)
		return false;   /* one path: RTA_GATEWAY and RTA_OIF as ever */
	rtm->rtm_flags &= ~(unsigned)(RTNH_F_LINKDOWN | RTNH_F_ONLINK | RTNH_F_DEAD);
	put_multipath(h, rt->family, paths, n);
	return true;
}

/* ---- requests ---- */

/* The paths of an RTA_MULTIPATH (fib_count_nexthops, fib_get_nhs). */
static int read_paths(struct rtnl_req *r, const struct nlattr *mp, uint8_t family,
		      struct vn_nh *out, size_t *n)
{
	const char *p = mnl_attr_get_payload(mp);
	int remaining = (int)mnl_attr_get_payload_len(mp);
	size_t alen = family == AF_INET ? 4 : 16;
	*n = 0;
	while (remaining >= (int)sizeof(struct rtnexthop)) {
		const struct rtnexthop *rtnh = (const struct rtnexthop *)p;
		if (rtnh->rtnh_len < sizeof(*rtnh) || rtnh->rtnh_len > remaining)
			break;
		if (*n == MAX_PATHS)
			return -EINVAL;
		struct vn_nh *nh = &out[(*n)++];
		memset(nh, 0, sizeof(*nh));
		nh->oif = rtnh->rtnh_ifindex;
		nh->hops = rtnh->rtnh_hops;
		nh->flags = rtnh->rtnh_flags;
		int alen_in = rtnh->rtnh_len - (int)RTNH_ALIGN(sizeof(*rtnh));
		const char *a = p + RTNH_ALIGN(sizeof(*rtnh));
		while (alen_in >= (int)sizeof(struct nlattr)) {
			const struct nlattr *at = (const struct nlattr *)a;
			if (at->nla_len < sizeof(*at) || at->nla_len > alen_in)
				break;
			size_t plen = at->nla_len - NLA_HDRLEN;
			if ((at->nla_type & NLA_TYPE_MASK) == RTA_GATEWAY) {
				if (plen < alen) {
					r->ack.msg = family == AF_INET ? "Invalid IPv4 address in RTA_GATEWAY"
								      : "Invalid IPv6 address in RTA_GATEWAY";
					return -EINVAL;
				}
				memcpy(nh->gateway, (const char *)at + NLA_HDRLEN, alen);
				nh->gw_family = family;
			}
			int step = (int)NLA_ALIGN(at->nla_len);
			a += step;
			alen_in -= step;
		}
		int step = (int)RTNH_ALIGN(rtnh->rtnh_len);
		p += step;
		remaining -= step;
	}
	if (remaining > 0 || !*n) {
		r->ack.msg = "Invalid nexthop configuration - extra data after nexthops";
		return -EINVAL;
	}
	return 0;
}

/* Each path checked as fib_check_nh checks one (its device filled in). */
static int check_paths(struct vn_change *c, const struct vn_route *rt, struct vn_nh *nh, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct vn_route one = *rt;
		one.oif = nh[i].oif;
		one.has_gateway = nh[i].gw_family != 0;
		memcpy(one.gateway, nh[i].gateway, 16);
		one.flags = nh[i].flags & RTNH_F_ONLINK;
		if (rt->family == AF_INET6 && !one.has_gateway) {
			c->extack = "Device only routes can not be added for IPv6 using the multipath API.";
			return -EINVAL;
		}
		int err = vn_route_check_nexthop(c, &one);
		if (err)
			return err;
		nh[i].oif = one.oif;
		nh[i].flags = (uint8_t)(nh[i].flags | (one.flags & RTNH_F_LINKDOWN));
	}
	return 0;
}

int rtnl_route_add_paths(struct rtnl_req *r, const struct nlattr *const *tb, struct vn_route *rt,
			 struct vn_change *c, bool *done)
{
	*done = false;
	if (tb[RTA_NH_ID]) {
		if (rt->oif || rt->has_gateway || tb[RTA_MULTIPATH] || tb[RTA_ENCAP]) {
			r->ack.msg = "Nexthop specification and nexthop id are mutually exclusive";
			return -EINVAL;
		}
		rt->nhid = mnl_attr_get_u32(tb[RTA_NH_ID]);
		return 0;
	}
	if (!tb[RTA_MULTIPATH])
		return 0;
	static struct vn_nh paths[MAX_PATHS];
	size_t n;
	int err = read_paths(r, tb[RTA_MULTIPATH], rt->family, paths, &n);
	if (err)
		return err;
	if (rt->oif && paths[0].oif != rt->oif) {
		r->ack.msg = "Nexthop device index does not match RTA_OIF";
		return -EINVAL;
	}
	err = check_paths(c, rt, paths, n);
	if (err)
		return err;
	if (rt->family == AF_INET) {
		rt->mp_off = vn_mpath_add(c->m, paths, n);
		rt->mp_n = (uint32_t)n;
		vn_route_take_first_path(c->m, rt);
		return 0;
	}
	/* IPv6: a sibling per path, one notification for them all */
	*done = true;
	struct vn_events *ev = c->ev;
	/* ip6_route_multipath_add: one notification, NLM_F_CREATE and the
	 * request's APPEND or REPLACE */
	uint16_t nlflags = (uint16_t)(VN_F_CREATE | (c->nlflags & (VN_F_APPEND | VN_F_REPLACE)));
	c->ev = NULL;
	struct vn_route first = *rt;
	for (size_t i = 0; i < n && !err; i++) {
		struct vn_route s = *rt;
		s.oif = paths[i].oif;
		s.has_gateway = true;
		memcpy(s.gateway, paths[i].gateway, 16);
		s.hops = (uint8_t)paths[i].hops;
		s.flags = paths[i].flags;
		if (i == 0)
			first = s;
		else
			c->nlflags = (c->nlflags & ~(unsigned)VN_F_EXCL) | VN_F_CREATE | VN_F_APPEND;
		err = vn_route_add(c, &s);
	}
	c->ev = ev;
	if (!err) {
		if (!first.priority)
			first.priority = 1024;
		first.has_priority = true;
		for (size_t i = 0; i < c->m->nroutes; i++)
			if (vn_route_siblings(&c->m->routes[i], &first)) {
				vn_change_notify(c, &(struct vn_event){ .type = RTM_NEWROUTE,
						 .obj = &c->m->routes[i], .nlflags = nlflags,
						 .by = VN_BY_REQ });
				break;
			}
	}
	return err;
}
