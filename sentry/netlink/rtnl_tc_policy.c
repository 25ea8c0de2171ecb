/* The attribute policies of tc requests (net/sched/sch_api.c
 * rtm_tca_policy, cls_api.c tcf_tfilter_dump_policy), checked on 6.18. */
#include <linux/rtnetlink.h>

#include "rtnl_tc.h"

/* struct tc_estimator: interval, ewma_log */
#define TC_ESTIMATOR_LEN 2

static const struct rtnl_policy tca_rows[TCA_MAX + 1] = {
	[TCA_KIND] = RTNL_POL(RTNL_NLA_STRING),
	[TCA_RATE] = RTNL_POL_LEN(RTNL_NLA_BINARY, TC_ESTIMATOR_LEN),
	[TCA_STAB] = RTNL_POL(RTNL_NLA_NESTED),
	[TCA_DUMP_INVISIBLE] = RTNL_POL(RTNL_NLA_FLAG),
	[TCA_CHAIN] = RTNL_POL(RTNL_NLA_U32),
	[TCA_INGRESS_BLOCK] = RTNL_POL(RTNL_NLA_U32),
	[TCA_EGRESS_BLOCK] = RTNL_POL(RTNL_NLA_U32),
};
const struct rtnl_policy_set rtnl_tca_policy = { tca_rows, TCA_MAX, 0 };

/* TCA_DUMP_FLAGS is a struct nla_bitfield32 */
static const struct rtnl_policy tfilter_dump_rows[TCA_MAX + 1] = {
	[TCA_CHAIN] = RTNL_POL(RTNL_NLA_U32),
	[TCA_DUMP_FLAGS] = RTNL_POL_MINLEN(8),
};
const struct rtnl_policy_set rtnl_tfilter_dump_policy = { tfilter_dump_rows, TCA_MAX, 0 };
