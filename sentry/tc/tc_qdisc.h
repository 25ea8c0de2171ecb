/* Making, finding and destroying qdiscs in the model, as sch_api.c does
 * (qdisc_create, qdisc_graft, qdisc_put), for requests (rtnl_tc_qdisc.c)
 * and for what the kernel makes itself (default qdiscs, mq's queues). */
#ifndef VENEER_TC_QDISC_H
#define VENEER_TC_QDISC_H

#include "tc_kinds.h"

/* A new qdisc of ops on link l: handle, parent (tcm_parent), where it
 * hangs, its refcnt (tcm_info); opt its options (or NULL). Runs the kind's
 * init, stores it and the classes it comes with. 0 or a negative errno
 * (with c->extack); *at: the new qdisc's index. */
int tc_qdisc_make(struct vn_change *c, const struct vn_link *l, const struct tc_qdisc_ops *ops,
		  uint32_t handle, uint32_t parent, uint8_t slot, uint32_t refcnt,
		  const struct nlattr *opt, size_t *at);
/* qdisc_put of the qdisc at index i: it goes with its classes, filters
 * and the qdiscs under it. */
void tc_qdisc_destroy(struct vn_model *m, size_t i);
/* The kinds' rows by object. */
const struct tc_qdisc_ops *tc_ops_of(const struct vn_tc *q);
/* What q's kind says of its classes (cl_ops, ->find, ->tcf_block): a
 * recorded qdisc of a kind the model does not know has the classes and
 * blocks it was recorded with. */
bool tc_classful(const struct vn_model *m, const struct vn_tc *q);
bool tc_class_find(const struct vn_model *m, const struct vn_tc *q, uint32_t classid);
/* The block minor of class minor (0: the qdisc's own), or -1: none. */
int tc_block_of(const struct vn_model *m, const struct vn_tc *q, uint32_t minor);

/* attach_default_qdiscs: the root qdisc a device gets when it first opens
 * (noqueue for devices without a queue, mq for multiqueue ones, else
 * net.core.default_qdisc), unless it has one; the link's IFLA_QDISC
 * follows. */
void tc_attach_default(struct vn_change *c, struct vn_link *l);
/* For a scenario's link without recorded tc objects: the root named by
 * its IFLA_QDISC (l->qdisc), made as the kernel makes that kind without
 * options; nothing for "noop" or a kind that needs options. */
void tc_attach_recorded(struct vn_model *m, const struct vn_link *l);
/* real_num_tx_queues: what the model takes for it (a tun/tap has the one
 * queue its opener attached; others use all they have). */
unsigned tc_real_tx_queues(const struct vn_link *l);

#endif
