/* Routes, neighbours and rules changed as fib_table_insert/delete,
 * ip6_route_add/del, neigh_add/delete and fib_nl_newrule/delrule do.
 *
 * Routes with the same destination, table, TOS and metric form a group
 * (the kernel's fib aliases, IPv6 siblings): NLM_F_EXCL refuses to join
 * one (EEXIST), NLM_F_REPLACE replaces its first member, NLM_F_APPEND adds
 * at its end, plain NLM_F_CREATE (`ip route prepend`) at its front; an
 * identical route is EEXIST; nothing to replace without NLM_F_CREATE is
 * ENOENT. A gateway must be reachable through a route of narrower scope
 * (fib_check_nh_v4_gw: "Nexthop has invalid gateway", ENETUNREACH) or, for
 * IPv6, through a route without gateway (ip6_route_check_nh: EHOSTUNREACH);
 * the route then leaves through that route's device. */
#include "model_change.h"
#include "model_nexthop.h"

#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <string.h>


/* A change the request made, reported with its port id and seq. */
static void emit_req(struct vn_change *c, uint16_t type, const void *obj, uint16_t nlflags)
{
	vn_change_notify(c, &(struct vn_event){ .type = type, .obj = obj, .nlflags = nlflags,
			 .by = VN_BY_REQ });
}

static void emit_neigh(struct vn_change *c, uint16_t type, const struct vn_neigh *n, enum vn_by by)
{
	vn_change_notify(c, &(struct vn_event){ .type = type, .obj = n, .by = by });
}

static size_t alen(uint8_t family)
{
	return family == AF_INET ? 4 : 16;
}

static bool prefix_match(const uint8_t *addr, const uint8_t *pfx, int len)
{
	int full = len / 8, rest = len % 8;
	if (memcmp(addr, pfx, (size_t)full))
		return false;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return !rest || (addr[full] & mask) == (pfx[full] & mask);
}

static bool host_bits_clear(const uint8_t *a, int len, size_t n)
{
	for (size_t bit = (size_t)len; bit < n * 8; bit++)
		if (a[bit / 8] & (0x80 >> (bit % 8)))
			return false;
	return true;
}

static bool same_key(const struct vn_route *a, const struct vn_route *b)
{
	return a->family == b->family && a->table == b->table && a->dst_len == b->dst_len &&
	       a->tos == b->tos && !memcmp(a->dst, b->dst, alen(a->family)) &&
	       (a->family == AF_INET || (a->src_len == b->src_len &&
					 !memcmp(a->src, b->src, 16)));
}

static bool same_nexthop(const struct vn_route *a, const struct vn_route *b)
{
	return a->oif == b->oif && a->has_gateway == b->has_gateway &&
	       (!a->has_gateway || !memcmp(a->gateway, b->gateway, alen(a->family)));
}

/* The route through which a gateway is reached (the lookup of
 * fib_check_nh_v4_gw / ip6_route_check_nh), or NULL. */
static const struct vn_route *gateway_route(const struct vn_model *m, const struct vn_route *r)
{
	const struct vn_route *best = NULL;
	for (size_t i = 0; i < m->nroutes; i++) {
		const struct vn_route *g = &m->routes[i];
		if (g->family != r->family || !prefix_match(r->gateway, g->dst, g->dst_len))
			continue;
		if (g->table != r->table && g->table != RT_TABLE_MAIN &&
		    !(r->family == AF_INET && g->table == RT_TABLE_LOCAL))
			continue;
		if (r->oif && g->oif != r->oif)
			continue;
		if (r->family == AF_INET) {
			if (g->scope <= r->scope || (g->type != RTN_UNICAST && g->type != RTN_LOCAL))
				continue;
		} else if (g->has_gateway || g->type != RTN_UNICAST || !g->oif) {
			continue;
		}
		if (!best || g->dst_len > best->dst_len ||
		    (g->dst_len == best->dst_len && g->priority < best->priority))
			best = g;
	}
	return best;
}

int vn_route_check_nexthop(struct vn_change *c, struct vn_route *r)
{
	const struct vn_model *m = c->m;
	if (r->type != RTN_UNICAST && r->type != RTN_LOCAL && r->type != RTN_BROADCAST &&
	    r->type != RTN_MULTICAST && r->type != RTN_ANYCAST) {
		r->oif = 0;   /* reject routes have no nexthop */
		r->has_gateway = false;
		return 0;
	}
	if (r->oif && !vn_link_by_index(m, r->oif))
		return -ENODEV;
	if (r->has_gateway) {
		bool ll6 = r->family == AF_INET6 && r->gateway[0] == 0xfe && (r->gateway[1] & 0xc0) == 0x80;
		if (ll6 && !r->oif) {
			c->extack = "Egress device not specified";
			return -EINVAL;
		}
		if (!ll6) {
			const struct vn_route *g = gateway_route(m, r);
			if (!g && r->family == AF_INET) {
				c->extack = "Nexthop has invalid gateway";
				return -ENETUNREACH;
			}
			if (!g)
				return -EHOSTUNREACH;
			r->oif = g->oif;
		}
	} else if (!r->oif) {
		c->extack = "Nexthop device required";
		return -ENODEV;
	}
	const struct vn_link *l = vn_link_by_index(m, r->oif);
	if (!l)
		return -ENODEV;
	if (!(l->flags & IFF_UP)) {
		c->extack = r->has_gateway ? "Nexthop device is not up" : "Device for nexthop is not up";
		return -ENETDOWN;
	}
	if (!(l->flags & IFF_LOWER_UP) && !(r->family == AF_INET && r->scope == RT_SCOPE_HOST))
		r->flags |= RTNH_F_LINKDOWN;
	return 0;
}

int vn_route_add(struct vn_change *c, const struct vn_route *in)
{
	struct vn_model *m = c->m;
	struct vn_route r = *in;
	size_t n = alen(r.family);
	if (r.family != AF_INET && r.family != AF_INET6)
		return -EAFNOSUPPORT;
	if (!r.table)
		r.table = RT_TABLE_MAIN;
	if (r.dst_len > n * 8)
		return -EINVAL;
	if (!host_bits_clear(r.dst, r.dst_len, n)) {
		c->extack = "Invalid prefix for given prefix length";
		return -EINVAL;
	}
	if (!r.type || r.type > RTN_MAX) {
		c->extack = "Invalid route type";
		return -EINVAL;
	}
	if (r.family == AF_INET6) {
		if (!r.priority)
			r.priority = 1024;   /* IP6_RT_PRIO_USER */
		r.has_priority = true;
		r.scope = RT_SCOPE_UNIVERSE;
	}
	r.derived = false;
	r.flags &= ~(uint32_t)RTNH_F_LINKDOWN;
	int err = r.nhid ? vn_route_check_nhid(c, &r) : vn_route_check_nexthop(c, &r);
	if (err)
		return err;
	if (r.has_prefsrc && !vn_is_local_addr(m, r.family, r.prefsrc)) {
		c->extack = "Invalid prefsrc address";
		return -EINVAL;
	}
	size_t first = SIZE_MAX, last = SIZE_MAX;
	for (size_t i = 0; i < m->nroutes; i++) {
		const struct vn_route *o = &m->routes[i];
		if (!same_key(o, &r) || o->priority != r.priority)
			continue;
		if (first == SIZE_MAX)
			first = i;
		last = i;
	}
	if (first != SIZE_MAX) {
		if (c->nlflags & VN_F_EXCL)
			return -EEXIST;
		if (c->nlflags & VN_F_REPLACE) {
			r.seq = m->routes[first].seq;
			m->routes[first] = r;
			emit_req(c, RTM_NEWROUTE, &m->routes[first], VN_F_REPLACE);
			return 0;
		}
		for (size_t i = first; i <= last; i++) {
			const struct vn_route *o = &m->routes[i];
			if (same_key(o, &r) && o->priority == r.priority && o->type == r.type &&
			    same_nexthop(o, &r))
				return -EEXIST;
		}
	} else if (!(c->nlflags & VN_F_CREATE)) {
		return -ENOENT;
	}
	struct vn_route *added;
	if (first != SIZE_MAX && !(c->nlflags & VN_F_APPEND) && r.family == AF_INET) {
		/* prepend: take the group's first place in the insertion order */
		uint32_t at = m->routes[first].seq;
		for (size_t i = 0; i < m->nroutes; i++)
			if (m->routes[i].seq >= at)
				m->routes[i].seq++;
		added = vn_model_add_route(m, &r);
		added->seq = at;
	} else {
		added = vn_model_add_route(m, &r);
	}
	struct vn_route copy = *added;
	vn_model_sort_routes(m);
	/* fib_table_insert: NLM_F_EXCL unless the prefix had routes, and
	 * NLM_F_APPEND as asked */
	uint16_t fl = VN_F_CREATE | (first == SIZE_MAX ? VN_F_EXCL : (c->nlflags & VN_F_APPEND));
	emit_req(c, RTM_NEWROUTE, &copy, fl);
	return 0;
}

static bool del_match(const struct vn_route *o, const struct vn_route *r)
{
	if (!same_key(o, r))
		return false;
	if (r->priority && o->priority != r->priority)
		return false;
	if (r->oif && o->oif != r->oif)
		return false;
	if (r->has_gateway && (!o->has_gateway || memcmp(o->gateway, r->gateway, alen(r->family))))
		return false;
	if (r->protocol && o->protocol != r->protocol)
		return false;
	if (r->family == AF_INET6)
		return true;   /* ip6_route_del looks at nothing else */
	if (r->type && o->type != r->type)
		return false;
	if (r->scope != RT_SCOPE_NOWHERE && o->scope != r->scope)
		return false;
	if (r->has_prefsrc && (!o->has_prefsrc || memcmp(o->prefsrc, r->prefsrc, 4)))
		return false;
	return true;
}

int vn_route_del(struct vn_change *c, const struct vn_route *in)
{
	struct vn_model *m = c->m;
	struct vn_route r = *in;
	if (r.family != AF_INET && r.family != AF_INET6)
		return -EAFNOSUPPORT;
	if (!r.table)
		r.table = RT_TABLE_MAIN;
	if (r.dst_len > alen(r.family) * 8)
		return -EINVAL;
	/* fib_find_alias: the first route at or above the given metric */
	for (size_t i = 0; i < m->nroutes; i++) {
		if (del_match(&m->routes[i], &r)) {
			struct vn_route gone = m->routes[i];
			vn_model_remove_route_at(c, i, false);
			emit_req(c, RTM_DELROUTE, &gone, 0);
			return 0;
		}
	}
	return -ESRCH;
}

/* ---- neighbours ---- */

static size_t find_neigh(const struct vn_model *m, const struct vn_neigh *n)
{
	for (size_t i = 0; i < m->nneighs; i++) {
		const struct vn_neigh *o = &m->neighs[i];
		if (o->family == n->family && o->ifindex == n->ifindex &&
		    !memcmp(o->dst, n->dst, alen(n->family)))
			return i;
	}
	return SIZE_MAX;
}

int vn_neigh_add(struct vn_change *c, const struct vn_neigh *n)
{
	struct vn_model *m = c->m;
	if (n->family != AF_INET && n->family != AF_INET6)
		return -EAFNOSUPPORT;
	if (!vn_link_by_index(m, n->ifindex))
		return -ENODEV;
	size_t i = find_neigh(m, n);
	/* neigh_update's clocks: updated and confirmed now, a STALE entry
	 * confirmed two base reachable times (60 s) ago; used when made */
	struct vn_neigh x = *n;
	int64_t now = (int64_t)m->now_cs;
	x.updated_at = now;
	x.confirmed_at = n->state == NUD_STALE ? now - 6000 : now;
	x.used_at = i != SIZE_MAX ? m->neighs[i].used_at : now;
	if (i != SIZE_MAX) {
		if (c->nlflags & VN_F_EXCL)
			return -EEXIST;
		m->neighs[i] = x;
		emit_neigh(c, RTM_NEWNEIGH, &m->neighs[i], VN_BY_REQ_PID);
		return 0;
	}
	if (!(c->nlflags & VN_F_CREATE))
		return -ENOENT;
	emit_neigh(c, RTM_NEWNEIGH, vn_model_add_neigh(m, &x), VN_BY_REQ_PID);
	return 0;
}

int vn_neigh_del(struct vn_change *c, const struct vn_neigh *n)
{
	struct vn_model *m = c->m;
	if (!vn_link_by_index(m, n->ifindex))
		return -ENODEV;
	size_t i = find_neigh(m, n);
	if (i == SIZE_MAX)
		return -ENOENT;
	struct vn_neigh gone = m->neighs[i];
	memmove(&m->neighs[i], &m->neighs[i + 1], (m->nneighs - i - 1) * sizeof(*m->neighs));
	m->nneighs--;
	/* neigh_delete: the entry is first updated to FAILED (reported as
	 * the requester's), then freed (reported as the kernel's) */
	struct vn_neigh failed = gone;
	failed.state = NUD_FAILED;
	failed.lladdr_len = 0;
	emit_neigh(c, RTM_NEWNEIGH, &failed, VN_BY_REQ_PID);
	emit_neigh(c, RTM_DELNEIGH, &failed, VN_BY_KERNEL);
	return 0;
}

/* ---- rules ---- */

static bool rule_match(const struct vn_rule *o, const struct vn_rule *r, bool has_priority,
		       bool has_table)
{
	if (o->family != r->family || (has_priority && o->priority != r->priority))
		return false;
	if (has_table && o->table != r->table)
		return false;
	if (r->action && o->action != r->action)
		return false;
	size_t n = alen(r->family);
	if (r->src_len && (o->src_len != r->src_len || memcmp(o->src, r->src, n)))
		return false;
	if (r->dst_len && (o->dst_len != r->dst_len || memcmp(o->dst, r->dst, n)))
		return false;
	if (r->protocol && o->protocol != r->protocol)
		return false;
	/* rule_find: a mark or mask given must be the rule's (FIB_RULE_INVERT
	 * is not compared) */
	if ((r->fwmark && o->fwmark != r->fwmark) || (r->fwmask && o->fwmask != r->fwmask))
		return false;
	return true;
}

int vn_rule_add(struct vn_change *c, const struct vn_rule *in, bool has_priority)
{
	struct vn_model *m = c->m;
	struct vn_rule r = *in;
	if (r.family != AF_INET && r.family != AF_INET6)
		return -EAFNOSUPPORT;
	if (!has_priority) {
		/* fib_default_rule_pref: one below the second rule of the list,
		 * which the kernel keeps sorted by priority */
		uint32_t lowest = UINT32_MAX, second = 0;
		for (size_t i = 0; i < m->nrules; i++)
			if (m->rules[i].family == r.family && m->rules[i].priority < lowest)
				lowest = m->rules[i].priority;
		bool skipped = false, found = false;
		for (size_t i = 0; i < m->nrules; i++) {
			const struct vn_rule *o = &m->rules[i];
			if (o->family != r.family)
				continue;
			if (!skipped && o->priority == lowest) {
				skipped = true;
				continue;
			}
			if (!found || o->priority < second) {
				second = o->priority;
				found = true;
			}
		}
		r.priority = found && second ? second - 1 : 0;
	}
	if (c->nlflags & VN_F_EXCL)
		for (size_t i = 0; i < m->nrules; i++)
			if (rule_match(&m->rules[i], &r, true, true) &&
			    m->rules[i].src_len == r.src_len && m->rules[i].dst_len == r.dst_len)
				return -EEXIST;
	emit_req(c, RTM_NEWRULE, vn_model_add_rule(m, &r), 0);
	return 0;
}

int vn_rule_del(struct vn_change *c, const struct vn_rule *r, bool has_priority, bool has_table)
{
	struct vn_model *m = c->m;
	if (r->family != AF_INET && r->family != AF_INET6)
		return -EAFNOSUPPORT;
	/* the first in the kernel's (priority) order */
	size_t best = SIZE_MAX;
	for (size_t i = 0; i < m->nrules; i++)
		if (rule_match(&m->rules[i], r, has_priority, has_table) &&
		    (best == SIZE_MAX || m->rules[i].priority < m->rules[best].priority))
			best = i;
	if (best == SIZE_MAX)
		return -ENOENT;
	struct vn_rule gone = m->rules[best];
	memmove(&m->rules[best], &m->rules[best + 1], (m->nrules - best - 1) * sizeof(*m->rules));
	m->nrules--;
	emit_req(c, RTM_DELRULE, &gone, 0);
	return 0;
}
