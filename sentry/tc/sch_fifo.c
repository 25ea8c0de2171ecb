/* The qdiscs every kernel has (net/sched/sch_generic.c, sch_fifo.c):
 * noqueue, pfifo_fast, and the pfifo, bfifo and pfifo_head_drop FIFOs. */
#include "tc_kinds.h"

#include <errno.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include "tc_attrs.h"

/* noqueue: no options, nothing to dump */
static int noqueue_init(struct tc_op *op, const struct nlattr *opt)
{
	(void)op;
	(void)opt;
	return 0;
}

const struct tc_qdisc_ops tc_noqueue_ops = { .id = "noqueue", .init = noqueue_init };

/* pfifo_fast: options ignored; it dumps its three bands and the default
 * priority map (sch_default_prio2band) */
static int pfifo_fast_init(struct tc_op *op, const struct nlattr *opt)
{
	(void)opt;
	struct tc_prio_qopt q = { .bands = 3,
				  .priomap = { 1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 } };
	tc_put(&op->opts, TCA_OPTIONS, &q, sizeof(q));
	return 0;
}

const struct tc_qdisc_ops tc_pfifo_fast_ops = { .id = "pfifo_fast", .init = pfifo_fast_init };

/* __fifo_init: the limit asked, or the device's queue length (bfifo: in
 * bytes of its MTU) */
static int fifo_limit(struct tc_op *op, const struct nlattr *opt, bool bytes)
{
	uint32_t limit = op->link->txqlen;
	if (bytes)
		limit *= tc_psched_mtu(op->link);
	if (opt) {
		if (opt->nla_len - NLA_HDRLEN < (int)sizeof(struct tc_fifo_qopt))
			return -EINVAL;
		limit = ((const struct tc_fifo_qopt *)(opt + 1))->limit;
	}
	struct tc_fifo_qopt q = { .limit = limit };
	tc_put(&op->opts, TCA_OPTIONS, &q, sizeof(q));
	return 0;
}

static int pfifo_init(struct tc_op *op, const struct nlattr *opt)
{
	return fifo_limit(op, opt, false);
}

static int bfifo_init(struct tc_op *op, const struct nlattr *opt)
{
	return fifo_limit(op, opt, true);
}

const struct tc_qdisc_ops tc_pfifo_ops = { .id = "pfifo", .init = pfifo_init,
					   .change = pfifo_init };
const struct tc_qdisc_ops tc_bfifo_ops = { .id = "bfifo", .init = bfifo_init,
					   .change = bfifo_init };
const struct tc_qdisc_ops tc_pfifo_head_drop_ops = { .id = "pfifo_head_drop", .init = pfifo_init,
						     .change = pfifo_init };
