/* The qdiscs the kernel gives a device itself (sch_generic.c,
 * attach_default_qdiscs), and those of a scenario's links that record no
 * tc objects. */
#include "tc_qdisc.h"

#include <linux/pkt_sched.h>
#include <string.h>

#include "../linkinfo.h"
#include "../model.h"

/* IFF_NO_QUEUE: the kinds whose new links get noqueue (vn_link_defaults
 * knows them) */
static bool no_queue(const struct vn_model *m, const struct vn_link *l)
{
	struct vn_link d = *l;
	vn_link_defaults(&d, m->cpus, NULL);
	return strcmp(d.qdisc, "noqueue") == 0;
}

/* Each transmit queue gets a qdisc of its own; dev->qdisc is the first
 * queue's, held twice. A multiqueue device with a queue gets mq. */
void tc_attach_default(struct vn_change *c, struct vn_link *l)
{
	struct vn_model *m = c->m;
	if (vn_tc_root(m, l->ifindex, VN_TCQ_ROOT, NULL))
		return;
	const struct tc_qdisc_ops *ops;
	if (no_queue(m, l))
		ops = &tc_noqueue_ops;
	else if (l->num_tx_queues > 1)
		ops = &tc_mq_ops;
	else if (!(ops = tc_qdisc_ops(m, m->default_qdisc)))
		ops = &tc_pfifo_fast_ops;
	if (tc_qdisc_make(c, l, ops, 0, TC_H_ROOT, VN_TCQ_ROOT, ops == &tc_mq_ops ? 1 : 2, NULL,
			  NULL) < 0)
		/* a default that fails falls back to noqueue */
		tc_qdisc_make(c, l, ops = &tc_noqueue_ops, 0, TC_H_ROOT, VN_TCQ_ROOT, 2, NULL, NULL);
	strcpy(l->qdisc, ops->id);
}

void tc_attach_recorded(struct vn_model *m, const struct vn_link *l)
{
	const struct tc_qdisc_ops *ops = tc_qdisc_ops(m, l->qdisc);
	if (!ops || vn_tc_root(m, l->ifindex, VN_TCQ_ROOT, NULL))
		return;
	struct vn_change c = { .m = m };
	tc_qdisc_make(&c, l, ops, 0, TC_H_ROOT, VN_TCQ_ROOT, ops == &tc_mq_ops ? 1 : 2, NULL, NULL);
}
