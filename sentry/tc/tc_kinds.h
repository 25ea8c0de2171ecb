/* The qdisc and classifier kinds the model knows: a row per kind, as the
 * kernel registers a struct Qdisc_ops (register_qdisc) or struct
 * tcf_proto_ops. Each kind renders its own attributes (what its ->dump
 * writes) from a request's options (its ->init / ->change), checked
 * against its option policy. A kind the scenario's kernel lacks is looked
 * up as a kernel without its module: not found. */
#ifndef VENEER_TC_KINDS_H
#define VENEER_TC_KINDS_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stdint.h>

#include "../buf.h"
#include "../model_change.h"
#include "tc_model.h"

/* One change being made to the model's qdiscs. */
struct tc_op {
	struct vn_change *c;       /* the model, its listeners, the request's flags and extack */
	const struct vn_link *link;
	struct vn_tc *q;           /* the qdisc being made (handle, parent set) or changed */
	struct buf opts;           /* out: the kind's attributes (its ->dump) */
	uint8_t xstats[64];        /* out: its dump_stats' TCA_XSTATS, xlen bytes */
	size_t xlen;
};

struct tc_class_ops;

struct tc_qdisc_ops {
	const char *id;
	unsigned flags;            /* TC_QF_* */
	/* ->init: the new qdisc's attributes from opt (the request's
	 * TCA_OPTIONS, NULL when it has none), 0 or a negative errno */
	int (*init)(struct tc_op *op, const struct nlattr *opt);
	/* ->change: the same for a qdisc that exists (op->q's attributes
	 * are what it dumps now); NULL: the kind cannot change */
	int (*change)(struct tc_op *op, const struct nlattr *opt);
	const struct tc_class_ops *cl;   /* NULL: classless */
};

enum {
	TC_QF_INGRESS = 1 << 0,    /* TCQ_F_INGRESS: on the ingress queue */
	TC_QF_ATTACH = 1 << 1,     /* has ->attach (mq): grafts its own children */
};

/* A classful kind's classes (struct Qdisc_class_ops). */
struct tc_class_ops {
	/* ->find: classid is one of q's classes */
	bool (*find)(const struct vn_model *m, const struct vn_tc *q, uint32_t classid);
	/* ->tcf_block: the block of class minor (0: the qdisc's own), as a
	 * block minor, or -1 when the class has none */
	int (*block)(const struct vn_tc *q, uint32_t minor);
	/* ->graft: the class's leaf becomes the qdisc with handle leaf (its
	 * default when new is false): the kind checks it may and updates the
	 * class; the qdiscs themselves are the caller's (tc_graft) */
	int (*graft)(struct tc_op *op, uint32_t classid, uint32_t leaf, bool new);
	/* one leaf whatever the class a request names (tbf's) */
	bool one_leaf;
	/* ->change (RTM_NEWTCLASS): classid made (cur NULL) or changed (cur
	 * its object) under parentid; ->delete. NULL: EOPNOTSUPP */
	int (*change)(struct tc_op *op, uint32_t classid, uint32_t parentid,
		      const struct nlattr *const *tca, struct vn_tc *cur);
	int (*del)(struct tc_op *op, uint32_t classid);
	/* the classes a new qdisc of this kind has at once (mq's, tbf's) */
	void (*populate)(struct tc_op *op);
};

/* The kind named id (a NUL-terminated string); NULL when the model's
 * kernel has no such qdisc (m NULL: any kernel's). */
const struct tc_qdisc_ops *tc_qdisc_ops(const struct vn_model *m, const char *id);

/* The kinds a kernel is built with or not (CONFIG_NET_SCH_*, _CLS_*): the
 * bit of each in the model's tc_absent, -1 for those every kernel has;
 * the i-th of them; whether m's kernel has kind. */
int tc_module_bit(const char *kind);
size_t tc_module_count(void);
const char *tc_module_kind(size_t i);
bool tc_kind_present(const struct vn_model *m, const char *kind);

/* The kinds (sch_*.c). */
extern const struct tc_qdisc_ops tc_noqueue_ops, tc_pfifo_fast_ops, tc_pfifo_ops, tc_bfifo_ops,
	tc_pfifo_head_drop_ops, tc_mq_ops, tc_fq_codel_ops, tc_ingress_ops, tc_clsact_ops, tc_tbf_ops,
	tc_htb_ops;

/* The ->graft of a kind whose class object's tcm_info is its leaf's
 * handle (tc_qdisc.c). */
int tc_graft_leaf(struct tc_op *op, uint32_t classid, uint32_t leaf, bool new);

/* psched_mtu: the device's MTU with its link-layer header. */
unsigned tc_psched_mtu(const struct vn_link *l);

/* The attributes of a new qdisc or class after TCA_KIND: the kind's, then
 * (qdiscs) TCA_HW_OFFLOAD, then zero counters with the kind's xstats. */
void tc_render_qdisc(struct buf *out, const struct tc_op *op);
void tc_render_class(struct buf *out, const void *opts, size_t len, bool stats,
		     const void *xstats, size_t xlen);

/* The kind's options of an existing object: its TCA_OPTIONS attribute. */
const struct nlattr *tc_options(const struct vn_tc *t);

#endif
