/* ingress and clsact (net/sched/sch_ingress.c): the qdiscs of the ingress
 * queue, with no classes, only filter blocks: ingress one, whatever class
 * a filter names; clsact one for ingress (ffff:fff2) and one for egress
 * (ffff:fff3). Both dump an empty TCA_OPTIONS. */
#include "tc_kinds.h"

#include <errno.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include "tc_attrs.h"

/* ingress_init / clsact_init: only as the ingress queue's qdisc */
static int ingress_init(struct tc_op *op, const struct nlattr *opt)
{
	(void)opt;
	if (op->q->parent != TC_H_INGRESS)
		return -EOPNOTSUPP;
	tc_nest_end(&op->opts, tc_nest_start(&op->opts, TCA_OPTIONS));
	return 0;
}

/* ingress_find: every class is found (TC_H_MIN(classid) + 1) */
static bool ingress_find(const struct vn_model *m, const struct vn_tc *q, uint32_t classid)
{
	(void)m;
	(void)q;
	(void)classid;
	return true;
}

static int ingress_block(const struct vn_tc *q, uint32_t minor)
{
	(void)q;
	(void)minor;
	return 0;
}

static const struct tc_class_ops ingress_class_ops = { .find = ingress_find,
						       .block = ingress_block };

const struct tc_qdisc_ops tc_ingress_ops = { .id = "ingress", .flags = TC_QF_INGRESS,
					     .init = ingress_init, .cl = &ingress_class_ops };

static bool clsact_find(const struct vn_model *m, const struct vn_tc *q, uint32_t classid)
{
	(void)m;
	(void)q;
	return VN_TC_H_MIN(classid) == TC_H_MIN_INGRESS || VN_TC_H_MIN(classid) == TC_H_MIN_EGRESS;
}

static int clsact_block(const struct vn_tc *q, uint32_t minor)
{
	(void)q;
	return minor == TC_H_MIN_INGRESS || minor == TC_H_MIN_EGRESS ? (int)minor : -1;
}

static const struct tc_class_ops clsact_class_ops = { .find = clsact_find, .block = clsact_block };

const struct tc_qdisc_ops tc_clsact_ops = { .id = "clsact", .flags = TC_QF_INGRESS,
					    .init = ingress_init, .cl = &clsact_class_ops };
