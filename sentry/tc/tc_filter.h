/* Filters in the model (net/sched/cls_api.c): a block's chains, the filter
 * protocols (tcf_proto: kind, priority, protocol) of each chain, and each
 * protocol's nodes, which its classifier kind (cls_*.c) makes, orders and
 * renders. */
#ifndef VENEER_TC_FILTER_H
#define VENEER_TC_FILTER_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../buf.h"
#include "../model_change.h"
#include "tc_model.h"

/* One filter request's protocol, as its classifier sees it. */
struct tc_fop {
	struct vn_change *c;
	const struct vn_link *link;
	struct vn_tc tp;           /* the protocol: ifindex, qdisc, block, chain, info, kind */
	uint32_t base;             /* the class the block is of (bind_class's base) */
};

struct tc_cls_ops {
	const char *kind;
	/* ->init: the nodes a new protocol has at once (u32's root table) */
	int (*init)(struct tc_fop *f);
	/* ->get: the node with handle, its index in *at */
	bool (*get)(struct tc_fop *f, uint32_t handle, size_t *at);
	/* ->change: make (cur SIZE_MAX) or change the node handle from the
	 * request's attributes; *made: its handle, 0 for none (the protocol
	 * itself is notified) */
	int (*change)(struct tc_fop *f, uint32_t handle, const struct nlattr *const *tca, size_t cur,
		      uint32_t *made);
	/* ->delete: the node at; *last: its protocol has nothing left */
	int (*del)(struct tc_fop *f, size_t at, bool *last);
};

/* The classifier kind (tcf_proto_lookup_ops), NULL when m's kernel lacks it. */
const struct tc_cls_ops *tc_cls_ops(const struct vn_model *m, const char *kind);
extern const struct tc_cls_ops tc_u32_ops, tc_matchall_ops;

/* The nodes of f's protocol, indices in walk order; their count. */
size_t tc_nodes(const struct vn_model *m, const struct vn_tc *tp, size_t *idx, size_t max);
/* A new node of f's protocol (handle, attrs taken) before index before
 * (SIZE_MAX: after its last node). */
void tc_node_insert(struct tc_fop *f, uint32_t handle, const struct buf *attrs, size_t before);

/* The objects of a block: is t in tp's block and chain? */
bool tc_same_chain(const struct vn_tc *t, const struct vn_tc *tp);

#endif
