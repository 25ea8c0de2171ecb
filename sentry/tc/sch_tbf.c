/* tbf (net/sched/sch_tbf.c): a token bucket with one class, 1, whose
 * leaf is a bfifo the kernel makes (hashed invisible) of the qdisc's
 * limit, or whatever is grafted there. */
#include "tc_qdisc.h"

#include <errno.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "../model.h"
#include "../netlink/rtnl_attr.h"
#include "tc_attrs.h"
#include "tc_rate.h"

static const struct rtnl_policy tbf_rows[TCA_TBF_MAX + 1] = {
	[TCA_TBF_PARMS] = RTNL_POL_MINLEN(sizeof(struct tc_tbf_qopt)),
	[TCA_TBF_RTAB] = RTNL_POL_LEN(RTNL_NLA_BINARY, 1024),
	[TCA_TBF_PTAB] = RTNL_POL_LEN(RTNL_NLA_BINARY, 1024),
	[TCA_TBF_RATE64] = RTNL_POL(RTNL_NLA_U64),
	[TCA_TBF_PRATE64] = RTNL_POL(RTNL_NLA_U64),
	[TCA_TBF_BURST] = RTNL_POL(RTNL_NLA_U32),
	[TCA_TBF_PBURST] = RTNL_POL(RTNL_NLA_U32),
};
static const struct rtnl_policy_set tbf_policy = { tbf_rows, TCA_TBF_MAX, 0 };

/* The leaf: the hashed qdisc under class 1. */
static struct vn_tc *leaf(struct tc_op *op, size_t *at)
{
	struct vn_model *m = op->c->m;
	uint32_t cls = VN_TC_H_MAKE(op->q->handle, 1);
	size_t a, b;
	vn_tc_range(m, op->link->ifindex, VN_TC_QDISC, &a, &b);
	for (size_t i = a; i < b; i++)
		if (m->tcs[i].slot == VN_TCQ_HASHED && m->tcs[i].parent == cls) {
			*at = i;
			return &m->tcs[i];
		}
	return NULL;
}

/* fifo_set_limit: a fifo leaf takes the new limit; another kind keeps its */
static void set_limit(struct vn_tc *fifo, uint32_t limit)
{
	if (strcmp(fifo->kind, "pfifo") && strcmp(fifo->kind, "bfifo") &&
	    strcmp(fifo->kind, "pfifo_head_drop"))
		return;
	struct buf b;
	buf_init(&b);
	struct tc_fifo_qopt q = { .limit = limit };
	tc_put(&b, TCA_OPTIONS, &q, sizeof(q));
	tc_attrs_replace(fifo, TCA_OPTIONS, (const struct nlattr *)b.data, TCA_HW_OFFLOAD);
	buf_free(&b);
}

/* tbf_change */
static int tbf_change(struct tc_op *op, const struct nlattr *opt)
{
	const struct nlattr *tb[TCA_TBF_MAX + 1];
	int err = rtnl_nla_parse_nested(tb, &tbf_policy, opt, RTNL_PARSE_LIBERAL, NULL);
	if (err)
		return err;
	if (!tb[TCA_TBF_PARMS])
		return -EINVAL;
	struct tc_tbf_qopt qopt;
	memcpy(&qopt, tb[TCA_TBF_PARMS] + 1, sizeof(qopt));
	uint64_t buffer = (uint64_t)qopt.buffer << TC_PSCHED_SHIFT;
	uint64_t mtu = (uint64_t)qopt.mtu << TC_PSCHED_SHIFT;
	if (buffer > 0xffffffffu)
		buffer = 0xffffffffu;
	if (mtu > 0xffffffffu)
		mtu = 0xffffffffu;
	struct tc_ratecfg rate, peak;
	tc_ratecfg_precompute(&rate, &qopt.rate, tb[TCA_TBF_RATE64] ? tc_nla_u64(tb[TCA_TBF_RATE64]) : 0);
	uint64_t max_size;
	if (tb[TCA_TBF_BURST]) {
		max_size = tc_nla_u32(tb[TCA_TBF_BURST]);
		buffer = tc_l2t_ns(&rate, (unsigned)max_size);
	} else {
		max_size = tc_ns_t2l(&rate, buffer);
		if (max_size > 0xffffffffu)
			max_size = 0xffffffffu;
	}
	memset(&peak, 0, sizeof(peak));
	if (qopt.peakrate.rate) {
		tc_ratecfg_precompute(&peak, &qopt.peakrate,
				      tb[TCA_TBF_PRATE64] ? tc_nla_u64(tb[TCA_TBF_PRATE64]) : 0);
		if (peak.rate_bytes_ps <= rate.rate_bytes_ps)
			return -EINVAL;
		if (tb[TCA_TBF_PBURST]) {
			uint32_t pburst = tc_nla_u32(tb[TCA_TBF_PBURST]);
			if (max_size > pburst)
				max_size = pburst;
			mtu = tc_l2t_ns(&peak, pburst);
		} else {
			uint64_t p = tc_ns_t2l(&peak, mtu);
			if (max_size > p)
				max_size = p;
		}
	}
	if (!max_size)
		return -EINVAL;
	/* the leaf: a fifo there takes the limit; none yet, a bfifo of it */
	size_t at;
	struct vn_tc *child = leaf(op, &at);
	if (child) {
		set_limit(child, qopt.limit);
	} else if (qopt.limit > 0) {
		struct tc_fifo_qopt f = { .limit = qopt.limit };
		struct buf fo;
		buf_init(&fo);
		tc_put(&fo, TCA_OPTIONS, &f, sizeof(f));
		const struct nlattr *fa = (const struct nlattr *)fo.data;
		if (tc_qdisc_make(op->c, op->link, &tc_bfifo_ops, 0, VN_TC_H_MAKE(op->q->handle, 1),
				  VN_TCQ_HASHED, 1, fa, &at) == 0)
			op->c->m->tcs[at].invisible = true;
		buf_free(&fo);
	}
	struct tc_tbf_qopt d;
	memset(&d, 0, sizeof(d));
	d.limit = qopt.limit;
	tc_ratecfg_getrate(&d.rate, &rate);
	if (peak.rate_bytes_ps)
		tc_ratecfg_getrate(&d.peakrate, &peak);
	d.mtu = (uint32_t)((tb[TCA_TBF_PBURST] ? mtu : (uint64_t)qopt.mtu << TC_PSCHED_SHIFT) >>
			   TC_PSCHED_SHIFT);
	d.buffer = (uint32_t)((tb[TCA_TBF_BURST] ? buffer : (uint64_t)qopt.buffer << TC_PSCHED_SHIFT) >>
			      TC_PSCHED_SHIFT);
	size_t n = tc_nest_start(&op->opts, TCA_OPTIONS);
	tc_put(&op->opts, TCA_TBF_PARMS, &d, sizeof(d));
	if (rate.rate_bytes_ps >= (1ull << 32))
		tc_put_u64(&op->opts, TCA_TBF_RATE64, rate.rate_bytes_ps);
	if (peak.rate_bytes_ps >= (1ull << 32))
		tc_put_u64(&op->opts, TCA_TBF_PRATE64, peak.rate_bytes_ps);
	tc_nest_end(&op->opts, n);
	return 0;
}

/* tbf_init: options required; its one class (tbf_walk), whose leaf
 * tbf_dump_class shows as tcm_info */
static int tbf_init(struct tc_op *op, const struct nlattr *opt)
{
	if (!opt)
		return -EINVAL;
	int err = tbf_change(op, opt);
	if (err)
		return err;
	size_t at;
	const struct vn_tc *child = leaf(op, &at);
	struct vn_tc cl = { .type = VN_TC_CLASS, .ifindex = op->link->ifindex, .qdisc = op->q->handle,
			    .handle = VN_TC_H_MAKE(op->q->handle, 1), .parent = op->q->handle,
			    .info = child ? child->handle : 0 };
	strcpy(cl.kind, "tbf");
	struct buf attrs;
	buf_init(&attrs);
	tc_render_class(&attrs, NULL, 0, false, NULL, 0);
	vn_tc_set_attrs(&cl, attrs.data, attrs.len);
	buf_free(&attrs);
	size_t a, b;
	vn_tc_range(op->c->m, op->link->ifindex, VN_TC_CLASS, &a, &b);
	vn_tc_insert(op->c->m, b, &cl);
	return 0;
}

static bool tbf_find(const struct vn_model *m, const struct vn_tc *q, uint32_t classid)
{
	(void)m;
	(void)q;
	(void)classid;
	return true;   /* tbf_find: 1, whatever the class */
}

static const struct tc_class_ops tbf_class_ops = { .find = tbf_find, .graft = tc_graft_leaf,
						   .one_leaf = true };

const struct tc_qdisc_ops tc_tbf_ops = { .id = "tbf", .init = tbf_init, .change = tbf_change,
					 .cl = &tbf_class_ops };
