/* A route's paths in RTM_NEWROUTE (rtnl_route_mpath.c): RTA_NH_ID and
 * RTA_MULTIPATH, written and read. */
#ifndef VENEER_RTNL_ROUTE_MPATH_H
#define VENEER_RTNL_ROUTE_MPATH_H

#include <linux/rtnetlink.h>
#include <stdbool.h>

#include "model.h"
#include "model_change.h"
#include "rtnl_internal.h"

/* RTA_NH_ID (a blackhole nexthop makes the type RTN_BLACKHOLE) and, for
 * a route of several paths (an IPv4 multipath route, a group, an IPv6
 * route with siblings), RTA_MULTIPATH: true when the paths were written,
 * false when the caller writes its one gateway and device. */
bool rtnl_put_route_paths(struct nlmsghdr *h, const struct vn_model *m, const struct vn_route *rt,
			  struct rtmsg *rtm);
/* An IPv6 sibling after the first of its group: a dump shows the group
 * once, at its first (fib6_dump_node). */
bool rtnl_route_is_later_sibling(const struct vn_model *m, const struct vn_route *rt);
/* A new route's RTA_NH_ID or RTA_MULTIPATH into rt; *done when the
 * routes were added here (IPv6 siblings), else the caller adds rt. */
int rtnl_route_add_paths(struct rtnl_req *r, const struct nlattr *const *tb, struct vn_route *rt,
			 struct vn_change *c, bool *done);

#endif
