/* Nexthop objects changed as net/ipv4/nexthop.c changes them
 * (rtm_new_nexthop, insert_nexthop, replace_nexthop, remove_nexthop,
 * nexthop_flush_dev), and the checks of routes that use them
 * (fib_check_nexthop, fib6_check_nexthop) or have several paths.
 *
 * Notifications: a nexthop's RTM_NEWNEXTHOP / RTM_DELNEXTHOP carries the
 * request's own nlmsg_flags, port id and seq (nexthop_notify takes the
 * request's header); removing a nexthop flushes the IPv4 routes that use
 * it without a word (fib_flush) and deletes the IPv6 ones with an
 * RTM_DELROUTE each from the kernel, then drops it from its groups (a
 * group's RTM_NEWNEXTHOP, or its removal with its last member). A
 * nexthop whose device goes down is removed with no RTM_DELNEXTHOP. */
#include "model_nexthop.h"

#include <errno.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

static void emit_nh(struct vn_change *c, uint16_t type, const struct vn_nexthop *nh)
{
	vn_change_notify(c, &(struct vn_event){ .type = type, .obj = nh,
			 .nlflags = (uint16_t)c->nlflags, .by = VN_BY_REQ });
}

static bool uses(const struct vn_nexthop *g, uint32_t id)
{
	for (uint32_t i = 0; g->is_group && i < g->ngrp; i++)
		if (g->grp[i].id == id)
			return true;
	return false;
}

static void remove_nexthop(struct vn_change *c, uint32_t id, bool notify);

/* __remove_nexthop_fib: IPv4 routes go silently, IPv6 ones are deleted
 * and notified. */
static void remove_routes(struct vn_change *c, uint32_t id)
{
	struct vn_model *m = c->m;
	for (int pass = 0; pass < 2; pass++) {
		uint8_t family = pass ? AF_INET6 : AF_INET;
		for (size_t i = m->nroutes; i-- > 0;) {
			if (m->routes[i].nhid != id || m->routes[i].family != family)
				continue;
			vn_model_remove_route_at(c, i, family == AF_INET6);
		}
	}
}

/* remove_nexthop_from_groups: each group loses the member, or goes with
 * its last. The kernel walks the member's group list, newest group first
 * (list_add); the model keeps no creation order and takes the highest id
 * first, which is the same for groups made in id order. */
static void remove_from_groups(struct vn_change *c, uint32_t id, bool notify)
{
	struct vn_model *m = c->m;
	for (size_t i = m->nnexthops; i-- > 0;) {
		struct vn_nexthop *g = &m->nexthops[i];
		if (!uses(g, id))
			continue;
		if (g->ngrp == 1) {
			remove_nexthop(c, g->id, notify);
			i = m->nnexthops;   /* the store moved: look again from the end */
			continue;
		}
		uint32_t k = 0;
		for (uint32_t j = 0; j < g->ngrp; j++)
			if (g->grp[j].id != id)
				g->grp[k++] = g->grp[j];
		g->ngrp = k;
		for (size_t r = 0; r < m->nroutes; r++)
			if (m->routes[r].nhid == g->id)
				vn_route_take_first_path(m, &m->routes[r]);
		if (notify)
			emit_nh(c, RTM_NEWNEXTHOP, g);
	}
}

static void remove_nexthop(struct vn_change *c, uint32_t id, bool notify)
{
	struct vn_model *m = c->m;
	size_t i = 0;
	while (i < m->nnexthops && m->nexthops[i].id != id)
		i++;
	if (i == m->nnexthops)
		return;
	struct vn_nexthop gone = m->nexthops[i];
	memmove(&m->nexthops[i], &m->nexthops[i + 1], (m->nnexthops - i - 1) * sizeof(gone));
	m->nnexthops--;
	if (notify)
		emit_nh(c, RTM_DELNEXTHOP, &gone);
	remove_routes(c, id);
	if (!gone.is_group)
		remove_from_groups(c, id, notify);
}

int vn_nexthop_del(struct vn_change *c, uint32_t id)
{
	if (!vn_nexthop_find(c->m, id))
		return -ENOENT;
	remove_nexthop(c, id, true);
	return 0;
}

void vn_nexthop_flush_dev(struct vn_change *c, int ifindex)
{
	for (size_t i = 0; i < c->m->nnexthops;) {
		const struct vn_nexthop *nh = &c->m->nexthops[i];
		if (!nh->is_group && nh->oif == ifindex && !nh->blackhole) {
			remove_nexthop(c, nh->id, false);
			i = 0;
		} else {
			i++;
		}
	}
}

/* nh_check_attr_group's look at the members, valid_group_nh. */
static int check_group(struct vn_change *c, const struct vn_nexthop *nh)
{
	bool fdb_family_set = false;
	uint8_t family = AF_UNSPEC;
	for (uint32_t i = 0; i < nh->ngrp; i++) {
		const struct vn_nexthop *x = vn_nexthop_find(c->m, nh->grp[i].id);
		if (!x) {
			c->extack = "Invalid nexthop id";
			return -EINVAL;
		}
		if (x->is_group) {
			c->extack = x->grp_type == NEXTHOP_GRP_TYPE_RES
				? "Resilient group can not be a nexthop within a group"
				: "Hash-threshold group can not be a nexthop within a group";
			return -EINVAL;
		}
		if (x->blackhole && nh->ngrp > 1) {
			c->extack = "Blackhole nexthop can not be used in a group with more than 1 path";
			return -EINVAL;
		}
		if (nh->fdb) {
			if (!x->fdb) {
				c->extack = "FDB nexthop group can only have fdb nexthops";
				return -EINVAL;
			}
			if (fdb_family_set && family != x->family) {
				c->extack = "FDB nexthop group cannot have mixed family nexthops";
				return -EINVAL;
			}
			family = x->family;
			fdb_family_set = true;
		} else if (x->fdb) {
			c->extack = "Non FDB nexthop group cannot have fdb nexthops";
			return -EINVAL;
		}
	}
	return 0;
}

/* rtm_to_nh_config's device checks, then nh_create_ipv4/ipv6 (fib_check_nh). */
static int check_single(struct vn_change *c, struct vn_nexthop *nh)
{
	if (nh->blackhole || nh->fdb) {
		nh->scope = 0;
		return 0;
	}
	const struct vn_link *l = nh->oif > 0 ? vn_link_by_index(c->m, nh->oif) : NULL;
	if (!l) {
		c->extack = "Invalid device index";
		return -EINVAL;
	}
	if (!(l->flags & IFF_UP)) {
		c->extack = "Nexthop device is not up";
		return -ENETDOWN;
	}
	if (!(l->flags & IFF_LOWER_UP)) {
		c->extack = "Carrier for nexthop device is down";
		return -ENETDOWN;
	}
	if (!nh->has_gateway && (nh->flags & RTNH_F_ONLINK)) {
		c->extack = "ONLINK flag can not be set for nexthop without a gateway";
		return -EINVAL;
	}
	struct vn_route r = { .family = nh->family, .type = RTN_UNICAST, .table = RT_TABLE_MAIN,
			      .oif = nh->oif, .has_gateway = nh->has_gateway,
			      .flags = nh->flags & RTNH_F_ONLINK };
	memcpy(r.gateway, nh->gateway, 16);
	if (nh->has_gateway && !(nh->flags & RTNH_F_ONLINK)) {
		int err = vn_route_check_nexthop(c, &r);
		if (err)
			return err;
		if (r.oif != nh->oif) {
			c->extack = nh->family == AF_INET ? "Nexthop has invalid gateway"
							  : "Nexthop has invalid gateway or device mismatch";
			return nh->family == AF_INET ? -ENETUNREACH : -EINVAL;
		}
	}
	/* fib_check_nh_nongw: a device alone is host scope (IPv4) */
	nh->scope = nh->family == AF_INET && !nh->has_gateway ? RT_SCOPE_HOST : RT_SCOPE_LINK;
	return 0;
}

static uint32_t unused_id(struct vn_model *m)
{
	uint32_t start = m->nh_last_id;
	for (;;) {
		m->nh_last_id++;
		if (m->nh_last_id == start)
			return 0;
		if (m->nh_last_id && !vn_nexthop_find(m, m->nh_last_id))
			return m->nh_last_id;
	}
}

/* nexthop_replace_notify: every route using the nexthop, or a group it
 * is in, is notified again with NLM_F_REPLACE (IPv4 first). */
static void replace_notify(struct vn_change *c, uint32_t id)
{
	struct vn_model *m = c->m;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < m->nroutes; i++) {
			struct vn_route *r = &m->routes[i];
			const struct vn_nexthop *g = r->nhid ? vn_nexthop_find(m, r->nhid) : NULL;
			if (!g || r->family != (pass ? AF_INET6 : AF_INET) ||
			    (r->nhid != id && !uses(g, id)))
				continue;
			vn_route_take_first_path(m, r);
			vn_change_notify(c, &(struct vn_event){ .type = RTM_NEWROUTE, .obj = r,
					 .nlflags = VN_F_REPLACE, .by = VN_BY_REQ });
		}
	}
}

int vn_nexthop_add(struct vn_change *c, const struct vn_nexthop *in)
{
	struct vn_model *m = c->m;
	struct vn_nexthop nh = *in;
	int err = nh.is_group ? check_group(c, &nh) : check_single(c, &nh);
	if (err)
		return err;
	bool replace = c->nlflags & VN_F_REPLACE;
	if (replace && !nh.id) {
		c->extack = "Replace requires nexthop id";
		return -EINVAL;
	}
	if (!nh.id && !(nh.id = unused_id(m))) {
		c->extack = "No unused id";
		return -EINVAL;
	}
	if (nh.is_group)
		nh.family = AF_UNSPEC;
	const struct vn_nexthop *old = vn_nexthop_find(m, nh.id);
	if (old && !replace)
		return -EEXIST;
	if (old) {
		if (old->is_group && !nh.is_group) {
			c->extack = "Can not replace a nexthop group with a nexthop.";
			return -EINVAL;
		}
		if (!old->is_group && nh.is_group) {
			c->extack = "Can not replace a nexthop with a nexthop group.";
			return -EINVAL;
		}
		if (old->is_group && old->grp_type != nh.grp_type) {
			c->extack = "Can not replace a nexthop group with one of a different type.";
			return -EINVAL;
		}
		for (size_t i = 0; nh.blackhole && i < m->nnexthops; i++)
			if (uses(&m->nexthops[i], nh.id) && m->nexthops[i].ngrp > 1) {
				c->extack = "Blackhole nexthop can not be a member of a group with more than one path";
				return -EINVAL;
			}
	} else if (replace && !(c->nlflags & VN_F_CREATE)) {
		c->extack = "Replace specified without create and no entry exists";
		return -ENOENT;
	}
	const struct vn_nexthop *added = vn_model_add_nexthop(m, &nh);
	emit_nh(c, RTM_NEWNEXTHOP, added);
	if (old)
		replace_notify(c, nh.id);
	return 0;
}

int vn_route_check_nhid(struct vn_change *c, struct vn_route *r)
{
	const struct vn_nexthop *nh = vn_nexthop_find(c->m, r->nhid);
	if (!nh) {
		c->extack = "Nexthop id does not exist";
		return -EINVAL;
	}
	if (nh->fdb) {
		c->extack = "Route cannot point to a fdb nexthop";
		return -EINVAL;
	}
	if (r->family == AF_INET6) {
		bool v4 = nh->family == AF_INET;
		for (uint32_t i = 0; nh->is_group && i < nh->ngrp; i++) {
			const struct vn_nexthop *x = vn_nexthop_find(c->m, nh->grp[i].id);
			v4 |= x && x->family == AF_INET;
		}
		if (v4) {
			c->extack = "IPv6 routes can not use an IPv4 nexthop";
			return -EINVAL;
		}
	} else if (r->scope == RT_SCOPE_HOST) {
		c->extack = nh->is_group ? "Route with host scope can not have multiple nexthops"
					 : "Route with host scope can not have a gateway";
		if (nh->is_group || nh->has_gateway)
			return -EINVAL;
	}
	c->extack = NULL;
	vn_route_take_first_path(c->m, r);
	return 0;
}
