/* u32's shared parts (cls_u32.c: tables, ids; cls_u32_key.c: key nodes). */
#ifndef VENEER_CLS_U32_H
#define VENEER_CLS_U32_H

#include "tc_filter.h"

/* The most nodes of one qdisc's u32 protocols the model walks. */
#define U32_NODES_MAX 4096

/* A node's option (TCA_U32_*), read back from its dump; 0 when none. */
uint32_t u32_node_opt(const struct vn_tc *n, uint16_t type);
/* A table (its handle's key is 0), not a key node. */
bool u32_is_table(const struct vn_tc *n);
/* Every u32 node of f's qdisc (its tc_u_common's), indices into idx. */
size_t u32_common_nodes(const struct vn_model *m, const struct tc_fop *f, size_t *idx);
/* u32_lookup_ht: the table handle among the qdisc's. */
bool u32_lookup_ht(const struct vn_model *m, const struct tc_fop *f, uint32_t handle, size_t *at);
/* The root table of f's protocol. */
bool u32_root_ht(const struct vn_model *m, const struct tc_fop *f, size_t *at);

/* u32_change of an existing key node, and of a new one (cls_u32_key.c):
 * tb the request's TCA_U32_*, userflags its checked flags. */
int u32_key_replace(struct tc_fop *f, size_t cur, const struct nlattr *const *tb,
		    uint32_t userflags, uint32_t *made);
int u32_key_new(struct tc_fop *f, uint32_t handle, const struct nlattr *const *tb,
		uint32_t userflags, uint32_t *made);

#endif
