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

/* Tell c's listeners of t as tc's notifiers do (qdisc_notify,
 * tclass_notify ...): t with tcm_parent parent, flags, and the change's
 * extack message (a warning by then) as TCA_EXT_WARN_MSG. */
void tc_notify(struct vn_change *c, uint16_t type, const struct vn_tc *t, uint32_t parent,
	       uint16_t flags);
/* The same, for a message the next one shares a datagram with. */
void tc_notify_more(struct vn_change *c, uint16_t type, const struct vn_tc *t, uint32_t parent,
		    uint16_t flags);

/* The qdisc under p's class classid (its leaf: visible or not), or NULL. */
struct vn_tc *tc_leaf(const struct vn_model *m, const struct vn_tc *p, uint32_t classid,
		      size_t *at);
/* qdisc_alloc_handle: the next free automatic handle (8001: on) of the
 * device, 0 when none is left. */
uint32_t tc_alloc_handle(struct vn_model *m, int ifindex);

/* qdisc_create for a request: the new qdisc and what comes with it are
 * made in the scratch model s (set up here; the kind sees the model's
 * links and facts, none of its qdiscs), so that it can be dropped, or
 * moved into c->m by tc_graft. 0 or a negative errno; *handle: the
 * handle it got. */
int tc_qdisc_create(struct vn_change *c, struct vn_model *s, const struct vn_link *l,
		    const struct tc_qdisc_ops *ops, uint32_t parent, uint32_t *handle,
		    const struct nlattr *opt);
/* Drop what tc_qdisc_create made. */
void tc_scratch_free(struct vn_model *s);
/* qdisc_graft: the qdisc new_handle made in s (s NULL: none) replaces
 * old (the qdisc at that index; SIZE_MAX: the one there now) at the
 * device's root or ingress (p NULL) or at p's class clid. What goes
 * goes with what is under it; both are notified; a device up left
 * without a root gets its default. 0 or a negative errno (c->extack). */
int tc_graft(struct vn_change *c, struct vn_link *l, const struct vn_tc *p, uint32_t clid,
	     struct vn_model *s, uint32_t new_handle, size_t old);
/* qdisc_change: the kind's ->change with opt, notified. */
int tc_qdisc_change(struct vn_change *c, struct vn_link *l, size_t at, const struct nlattr *opt,
		    uint32_t clid);

/* A class of q that a filter of one of q's blocks sends to (its
 * TCA_*_CLASSID): qdisc_class_in_use. */
bool tc_class_bound(const struct vn_model *m, const struct vn_tc *q, uint32_t classid);
/* tcf_block_put: the chains and filters of q's block bminor go. */
void tc_block_flush(struct vn_model *m, int ifindex, uint32_t q, uint32_t bminor);

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
