/* matchall (net/sched/cls_matchall.c): one filter per protocol, handle 1
 * unless asked, with its class, flags and hit counter. */
#include "tc_filter.h"

#include <errno.h>
#include <linux/pkt_cls.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "../model.h"
#include "../netlink/rtnl_attr.h"
#include "tc_attrs.h"

static const struct rtnl_policy mall_rows[TCA_MATCHALL_MAX + 1] = {
	[TCA_MATCHALL_CLASSID] = RTNL_POL(RTNL_NLA_U32),
	[TCA_MATCHALL_FLAGS] = RTNL_POL(RTNL_NLA_U32),
};
static const struct rtnl_policy_set mall_policy = { mall_rows, TCA_MATCHALL_MAX, 0 };

static int mall_init(struct tc_fop *f)
{
	(void)f;
	return 0;
}

static bool mall_get(struct tc_fop *f, uint32_t handle, size_t *at)
{
	size_t idx[1];
	if (tc_nodes(f->c->m, &f->tp, idx, 1) && f->c->m->tcs[idx[0]].handle == handle) {
		*at = idx[0];
		return true;
	}
	return false;
}

static int mall_change(struct tc_fop *f, uint32_t handle, const struct nlattr *const *tca,
		       size_t cur, uint32_t *made)
{
	size_t idx[1];
	*made = 0;
	if (!tca[TCA_OPTIONS])
		return -EINVAL;
	if (cur != SIZE_MAX || tc_nodes(f->c->m, &f->tp, idx, 1))
		return -EEXIST;
	const struct nlattr *tb[TCA_MATCHALL_MAX + 1];
	int err = rtnl_nla_parse_nested(tb, &mall_policy, tca[TCA_OPTIONS], RTNL_PARSE_LIBERAL, NULL);
	if (err)
		return err;
	uint32_t flags = 0, classid = 0;
	if (tb[TCA_MATCHALL_FLAGS]) {
		memcpy(&flags, tb[TCA_MATCHALL_FLAGS] + 1, 4);
		uint32_t both = TCA_CLS_FLAGS_SKIP_HW | TCA_CLS_FLAGS_SKIP_SW;
		if ((flags & ~(both | TCA_CLS_FLAGS_VERBOSE)) || (flags & both) == both)
			return -EINVAL;
	}
	if (tb[TCA_MATCHALL_ACT]) {
		/* no actions in the model: a kernel without their modules */
		f->c->extack = "Failed to load TC action module";
		return -ENOENT;
	}
	if (tb[TCA_MATCHALL_CLASSID])
		memcpy(&classid, tb[TCA_MATCHALL_CLASSID] + 1, 4);
	if (flags & TCA_CLS_FLAGS_SKIP_SW)
		return -EINVAL;   /* nothing to offload to */
	flags |= TCA_CLS_FLAGS_NOT_IN_HW;
	struct buf b;
	buf_init(&b);
	size_t n = tc_nest_start(&b, TCA_OPTIONS);
	if (classid)
		tc_put_u32(&b, TCA_MATCHALL_CLASSID, classid);
	tc_put_u32(&b, TCA_MATCHALL_FLAGS, flags);
	struct tc_matchall_pcnt pcnt = { 0 };
	tc_put(&b, TCA_MATCHALL_PCNT, &pcnt, sizeof(pcnt));
	tc_nest_end(&b, n);
	*made = handle ? handle : 1;
	tc_node_insert(f, *made, &b, SIZE_MAX);
	buf_free(&b);
	return 0;
}

static int mall_del(struct tc_fop *f, size_t at, bool *last)
{
	vn_tc_remove(f->c->m, at);
	*last = true;
	return 0;
}

const struct tc_cls_ops tc_matchall_ops = { .kind = "matchall", .init = mall_init,
					    .get = mall_get, .change = mall_change,
					    .del = mall_del };
