/* Nexthop objects over NETLINK_ROUTE (rtnl_nexthop.c). */
#ifndef VENEER_RTNL_NEXTHOP_H
#define VENEER_RTNL_NEXTHOP_H

#include "rtnl_internal.h"

struct vn_nexthop;

int rtnl_getnexthop(struct rtnl_req *r);
int rtnl_dumpnexthop(struct rtnl_req *r);
int rtnl_newnexthop(struct rtnl_req *r);
int rtnl_delnexthop(struct rtnl_req *r);
/* RTM_NEWNEXTHOP's body for one nexthop (nh_fill_node); notifications reuse it. */
void rtnl_fill_nexthop(struct nlmsghdr *h, const struct vn_nexthop *nh);

#endif
