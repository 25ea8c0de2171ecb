/* Traffic control in the model: qdiscs, classes, filter chains, filter
 * protocols and filters, as the kernel's rtnetlink dumps show them.
 *
 * Each object keeps its tcmsg (ifindex, handle, parent, info) and kind, and
 * the attributes the kernel dumps after TCA_KIND (for filters, after
 * TCA_CHAIN) as bytes: that is what a snapshot records and what the kinds
 * (tc_kinds.h) render when the model makes or changes an object. Objects
 * live in one array, grouped by device and type (enum vn_tc_type order),
 * each group in the order the kernel's dump walks it:
 *  - qdiscs: the root, then the qdiscs of the device's qdisc hash (bucket
 *    by bucket, the newest first in a bucket), then the ingress qdisc;
 *  - classes: grouped by qdisc, each group in its kind's walk order;
 *  - chains, protocols and filters: grouped by block; chains in the order
 *    they were made, protocols by priority, filters in their kind's order.
 */
#ifndef VENEER_TC_MODEL_H
#define VENEER_TC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vn_model;

enum vn_tc_type {
	VN_TC_QDISC = 1,
	VN_TC_CLASS,
	VN_TC_CHAIN,
	VN_TC_PROTO,          /* a filter protocol (tcf_proto): prio, protocol, kind */
	VN_TC_FILTER,         /* one of its nodes */
};

/* Where a qdisc hangs, in the order a device's qdiscs are dumped. */
enum vn_tcq_slot {
	VN_TCQ_ROOT,          /* dev->qdisc */
	VN_TCQ_HASHED,        /* in the device's qdisc hash: every other attached qdisc */
	VN_TCQ_INGRESS,       /* the ingress queue's: ingress, clsact */
};

struct vn_tc {
	uint8_t type;         /* enum vn_tc_type */
	uint8_t slot;         /* qdiscs: enum vn_tcq_slot */
	bool invisible;       /* qdiscs: TCQ_F_INVISIBLE, dumped only on request */
	int ifindex;
	uint32_t handle;      /* tcm_handle as dumped */
	uint32_t parent;      /* tcm_parent as dumped */
	uint32_t info;        /* tcm_info as dumped: refcnt, leaf, prio << 16 | protocol */
	uint32_t qdisc;       /* all but qdiscs: the handle of their qdisc */
	uint32_t block;       /* chains, protocols, filters: the class whose block
			       * holds them (its minor; 0: the qdisc's own) */
	uint32_t chain;       /* chains, protocols, filters: the chain index */
	uint32_t priv[4];     /* the kind's own bookkeeping */
	char kind[16];
	uint8_t *attrs;       /* owned; NULL when attrs_len is 0 */
	size_t attrs_len;
};

/* The objects of type on ifindex are m->tcs[*a .. *b); an empty range
 * starts where such objects would go. */
void vn_tc_range(const struct vn_model *m, int ifindex, uint8_t type, size_t *a, size_t *b);
/* Insert a copy of t at index i (which must keep the grouping); takes
 * ownership of t->attrs. Returns the stored object. */
struct vn_tc *vn_tc_insert(struct vn_model *m, size_t i, const struct vn_tc *t);
void vn_tc_remove(struct vn_model *m, size_t i);
/* Every object of device ifindex (a link that goes away). */
void vn_tc_remove_link(struct vn_model *m, int ifindex);
void vn_tc_free(struct vn_model *m);
/* Replace t's attributes by a copy of [p, p + len). */
void vn_tc_set_attrs(struct vn_tc *t, const void *p, size_t len);

/* qdisc_lookup: the qdisc of ifindex with handle (the root, a hashed one,
 * the ingress one); NULL if none. Its index in *at when at is not NULL. */
struct vn_tc *vn_tc_qdisc(const struct vn_model *m, int ifindex, uint32_t handle, size_t *at);
/* The device's root (dev->qdisc) or ingress qdisc; NULL if none. */
struct vn_tc *vn_tc_root(const struct vn_model *m, int ifindex, uint8_t slot, size_t *at);
/* A class of qdisc on ifindex by classid; NULL if none. */
struct vn_tc *vn_tc_class(const struct vn_model *m, int ifindex, uint32_t qdisc,
			  uint32_t classid, size_t *at);

/* The bucket of the device's qdisc hash a handle falls in (hash_32(h, 4)),
 * and of a qdisc's class hash (qdisc_class_hash). */
unsigned vn_tc_qdisc_bucket(uint32_t handle);
unsigned vn_tc_class_bucket(uint32_t classid, unsigned mask);
/* Where a new hashed qdisc goes: at the head of its bucket. */
size_t vn_tc_hashed_pos(const struct vn_model *m, int ifindex, uint32_t handle);

#define VN_TC_H_MAJ(h) ((h) & 0xFFFF0000u)
#define VN_TC_H_MIN(h) ((h) & 0x0000FFFFu)
#define VN_TC_H_MAKE(maj, min) (VN_TC_H_MAJ(maj) | VN_TC_H_MIN(min))

#endif
