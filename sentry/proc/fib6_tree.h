/* The IPv6 FIB as net/ipv6/ip6_fib.c keeps it, built from the model's
 * routes: a path-compressed binary trie of destinations per table (with a
 * trie of sources hanging off a node for "from" routes), and the
 * reference counts the kernel would hold on an idle namespace. veneer
 * inserts the model's routes in the model's order with the kernel's
 * insertion rules (fib6_add / fib6_add_1); /proc/net/ipv6_route walks the
 * result and /proc/net/rt6_stats counts it.
 *
 * Tables come from a 256-bucket hash keyed by id & 255, walked bucket by
 * bucket, newest table first within a bucket: table 100 before main (254)
 * before local (255); main and local exist in every namespace, so each
 * contributes at least its root, which holds the shared null entry (::/0,
 * reject, "lo") when no ::/0 route is there.
 *
 * Reference counts: one for being in the table, one for each intermediate
 * trie node created while splitting a node (such a node borrows the leaf
 * of the node it split off), one while a destination node holds a "from"
 * route as placeholder, and one more for the local and anycast routes
 * addrconf makes for an address (the address holds them). The null entry
 * has one plus one per source subtree. */
#ifndef VENEER_FIB6_TREE_H
#define VENEER_FIB6_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model.h"

#define FIB6_NONE (-1)
#define FIB6_NULL_ENTRY (-2)

/* One fib6_info: a model route, masked as the kernel stores it. */
struct fib6_rent {
	const struct vn_route *r;
	uint8_t dst[16], src[16];
	uint32_t metric;
	int next;                 /* fib6_next on the same node */
	unsigned int ref;
};

/* One fib6_node. */
struct fib6_node {
	int bit;
	int parent, left, right, subtree;
	int leaf;                 /* rent index, FIB6_NULL_ENTRY or FIB6_NONE */
	bool rtinfo, root, tl_root;
};

struct fib6 {
	struct fib6_rent *r;
	struct fib6_node *n;
	size_t nn, capn;
	unsigned int null_ref;
	/* rt6_stats: fib6_nodes, fib6_route_nodes, fib6_rt_entries */
	unsigned int nodes, route_nodes, entries;
};

struct fib6_table {
	uint32_t id;
	size_t first;             /* index of its first route in the model */
	int root;
};

/* A model's IPv6 FIB and its tables in the order the kernel walks them. */
struct fib6_tables {
	struct fib6 f;
	struct fib6_table *t;
	size_t nt;
};

void fib6_build(const struct vn_model *m, struct fib6_tables *out);
void fib6_free(struct fib6_tables *t);
void fib6_mask_prefix(uint8_t out[16], const uint8_t in[16], unsigned int len);

#endif
