/* Nexthop objects (`ip nexthop`, net/ipv4/nexthop.c) and the paths of
 * multipath routes.
 *
 * A nexthop object is one path (a gateway and a device, or a blackhole)
 * or a group of such objects with weights. Routes name one by id
 * (RTA_NH_ID, vn_route.nhid). The kernel keeps them in a tree by id and
 * dumps them in id order: m->nexthops is sorted by id.
 *
 * An IPv4 multipath route is one fib_info with several paths: its paths
 * are a slice of m->mp_hops, which only grows (routes are copied by value
 * all over the model, so a slice is never freed while a copy could name
 * it; like the kernel's shared fib_info, a path list outlives nothing it
 * is not used by but the model). An IPv6 multipath route is what the
 * kernel makes of it, one route per path ("siblings": same table, prefix
 * and metric, each with a gateway), so /proc/net/ipv6_route lists each
 * and a dump joins them (rtnl_route_mpath.c). */
#ifndef VENEER_MODEL_NEXTHOP_H
#define VENEER_MODEL_NEXTHOP_H

#include "model.h"
#include "model_change.h"

/* One path: the kernel's fib_nh_common as rtnexthop shows it. */
struct vn_nh {
	int oif;
	uint8_t gw_family;        /* 0: no gateway; AF_INET; AF_INET6 (an IPv4 route via IPv6) */
	uint8_t flags;            /* RTNH_F_* (ONLINK, LINKDOWN) */
	uint16_t hops;            /* weight - 1 (rtnh_hops) */
	uint8_t gateway[16];
};

#define VN_NH_GRP_MAX 32      /* members of a group the model keeps */

struct vn_nh_member {
	uint32_t id;
	uint16_t weight_m1;       /* nexthop_grp.weight (and weight_high): weight - 1 */
};

struct vn_nexthop {
	uint32_t id;
	uint8_t family;           /* AF_INET / AF_INET6 of a single nexthop; a group: AF_UNSPEC */
	uint8_t scope;            /* nh_scope: link, host for a device alone, 0 for a blackhole */
	uint8_t protocol;         /* nh_protocol */
	uint32_t flags;           /* nh_flags (RTNH_F_ONLINK ...) */
	bool blackhole, fdb, is_group;
	int oif;                  /* 0: none (blackhole, fdb) */
	bool has_gateway;
	uint8_t gateway[16];
	uint16_t grp_type;        /* NEXTHOP_GRP_TYPE_* */
	uint32_t ngrp;
	struct vn_nh_member grp[VN_NH_GRP_MAX];
};

const struct vn_nexthop *vn_nexthop_find(const struct vn_model *m, uint32_t id);
/* Inserted in id order (replacing one of the same id). */
struct vn_nexthop *vn_model_add_nexthop(struct vn_model *m, const struct vn_nexthop *nh);
/* A multipath route's paths, appended; returns their offset (mp_off). */
uint32_t vn_mpath_add(struct vn_model *m, const struct vn_nh *hops, size_t n);

/* The paths a route leaves by, in the kernel's order: its nexthop
 * object's (a group's members with their weights), its multipath slice,
 * or its own gateway and device. Returns how many (at most max are
 * written); 0 for a route without a path (a reject route, a blackhole
 * nexthop). */
size_t vn_route_paths(const struct vn_model *m, const struct vn_route *r, struct vn_nh *out,
		      size_t max);
/* The route's oif and gateway set to its first path (what /proc/net/route
 * and lookups show of a multipath route). */
void vn_route_take_first_path(const struct vn_model *m, struct vn_route *r);

/* IPv6 ECMP siblings (fib6_add_rt2node, rt6_qualify_for_ecmp): routes
 * of one table, prefix, source and metric, each with a gateway and no
 * nexthop object. */
bool vn_route_qualifies_for_ecmp(const struct vn_route *r);
bool vn_route_siblings(const struct vn_route *a, const struct vn_route *b);

/* ---- changes (model_nexthop_change.c), as rtm_new_nexthop / rtm_del_nexthop ---- */
/* nh as asked (id 0: the next unused id); c->nlflags' REPLACE / CREATE. */
int vn_nexthop_add(struct vn_change *c, const struct vn_nexthop *nh);
int vn_nexthop_del(struct vn_change *c, uint32_t id);
/* nexthop_flush_dev: a device going down or away takes its nexthops
 * (and the routes and groups that use them), without RTM_DELNEXTHOP. */
void vn_nexthop_flush_dev(struct vn_change *c, int ifindex);
/* model_nexthop_state.c: paths through a device marked or cleared
 * (bits: RTNH_F_DEAD, RTNH_F_LINKDOWN; clearing DEAD reaches IPv6
 * siblings too); whether route r, leaving by a device going down, keeps
 * a live path (an IPv6 sibling is then marked dead and stays). */
void vn_mpath_mark(struct vn_model *m, int ifindex, uint8_t bits, bool set);
bool vn_mpath_survives(struct vn_model *m, struct vn_route *r, int ifindex);
/* Whether any path of r leaves by ifindex (a device going away takes
 * the route: fib_sync_down_dev's force). */
bool vn_route_uses_dev(const struct vn_model *m, const struct vn_route *r, int ifindex);
/* A route naming nexthop id (RTA_NH_ID) checked as fib_check_nexthop /
 * fib6_check_nexthop check it, its first path filled in. */
int vn_route_check_nhid(struct vn_change *c, struct vn_route *r);

#endif
