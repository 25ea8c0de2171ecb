/* mq (net/sched/sch_mq.c): the root of a multiqueue device, a class per
 * transmit queue, each queue with a qdisc of its own. */
#include "tc_qdisc.h"

#include <errno.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "../model.h"
#include "tc_attrs.h"

/* mq_init: only at the root of a multiqueue device */
static int mq_init(struct tc_op *op, const struct nlattr *opt)
{
	(void)opt;
	if (op->q->parent != TC_H_ROOT || op->link->num_tx_queues <= 1)
		return -EOPNOTSUPP;
	return 0;
}

static bool mq_find(const struct vn_model *m, const struct vn_tc *q, uint32_t classid)
{
	const struct vn_link *l = vn_link_by_index(m, q->ifindex);
	uint32_t ntx = VN_TC_H_MIN(classid);
	return l && ntx >= 1 && ntx <= l->num_tx_queues;
}

static int mq_block(const struct vn_tc *q, uint32_t minor)
{
	(void)q;
	(void)minor;
	return -1;   /* no tcf_block: mq takes no filters */
}

/* mq_init's queues (get_default_qdisc_ops: net.core.default_qdisc for the
 * queues in use, pfifo_fast for the rest), of which mq_attach puts those
 * in use in the device's hash; and mq_walk's classes, one per queue. */
static void mq_populate(struct tc_op *op)
{
	struct vn_model *m = op->c->m;
	const struct vn_link *l = op->link;
	uint32_t h = op->q->handle;
	unsigned real = tc_real_tx_queues(l);
	const struct tc_qdisc_ops *dflt = tc_qdisc_ops(m, m->default_qdisc);
	if (!dflt)
		dflt = &tc_pfifo_fast_ops;
	for (unsigned ntx = 0; ntx < real && ntx < l->num_tx_queues; ntx++)
		tc_qdisc_make(op->c, l, dflt, 0, VN_TC_H_MAKE(h, ntx + 1), VN_TCQ_HASHED, 1, NULL,
			      NULL);
	size_t a, b;
	vn_tc_range(m, l->ifindex, VN_TC_CLASS, &a, &b);
	struct buf attrs;
	buf_init(&attrs);
	tc_render_class(&attrs, NULL, 0, true, NULL, 0);
	for (unsigned ntx = 0; ntx < l->num_tx_queues; ntx++) {
		struct vn_tc cl = { .type = VN_TC_CLASS, .ifindex = l->ifindex, .qdisc = h,
				    .handle = VN_TC_H_MAKE(h, ntx + 1), .parent = TC_H_ROOT };
		strcpy(cl.kind, "mq");
		vn_tc_set_attrs(&cl, attrs.data, attrs.len);
		vn_tc_insert(m, b++, &cl);
	}
	buf_free(&attrs);
}

static const struct tc_class_ops mq_class_ops = {
	.find = mq_find,
	.block = mq_block,
	.populate = mq_populate,
};

const struct tc_qdisc_ops tc_mq_ops = { .id = "mq", .flags = TC_QF_ATTACH, .init = mq_init,
					.cl = &mq_class_ops };
