/* NETLINK_ROUTE's traffic control messages (net/sched/sch_api.c,
 * cls_api.c): dumps and gets (rtnl_tc.c), changes of qdiscs and classes
 * (rtnl_tc_qdisc.c, rtnl_tc_class.c) and filters (rtnl_tc_filter.c). */
#ifndef VENEER_RTNL_TC_H
#define VENEER_RTNL_TC_H

#include <linux/netlink.h>

#include "rtnl_attr.h"

struct rtnl_req;
struct vn_tc;

int rtnl_dumpqdisc(struct rtnl_req *r);
int rtnl_dumptclass(struct rtnl_req *r);
int rtnl_dumptfilter(struct rtnl_req *r);
int rtnl_dumpchain(struct rtnl_req *r);
int rtnl_newqdisc(struct rtnl_req *r);
int rtnl_delqdisc(struct rtnl_req *r);
int rtnl_getqdisc(struct rtnl_req *r);
int rtnl_newtclass(struct rtnl_req *r);
int rtnl_deltclass(struct rtnl_req *r);
int rtnl_gettclass(struct rtnl_req *r);
int rtnl_newtfilter(struct rtnl_req *r);
int rtnl_deltfilter(struct rtnl_req *r);
int rtnl_gettfilter(struct rtnl_req *r);

/* The message of a tc object after its nlmsghdr: tcmsg, TCA_KIND,
 * TCA_CHAIN (filters and chains), then its recorded attributes. parent
 * replaces its tcm_parent (notifications carry the request's). */
void rtnl_fill_tc(struct nlmsghdr *h, const struct vn_tc *t, uint32_t parent);

/* rtm_tca_policy: what every tc request is parsed with. */
extern const struct rtnl_policy_set rtnl_tca_policy;
extern const struct rtnl_policy_set rtnl_tfilter_dump_policy;

#endif
