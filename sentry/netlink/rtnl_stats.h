/* RTM_GETSTATS (rtnl_stats.c) and RTM_GETNEIGHTBL (rtnl_neightbl.c). */
#ifndef VENEER_RTNL_STATS_H
#define VENEER_RTNL_STATS_H

#include "rtnl_internal.h"

int rtnl_getstats(struct rtnl_req *r);
int rtnl_dumpstats(struct rtnl_req *r);
int rtnl_dumpneightbl(struct rtnl_req *r);
/* RTM_GETNSID's dump (rtnl_nsid.c). */
int rtnl_dumpnsid(struct rtnl_req *r);

#endif
