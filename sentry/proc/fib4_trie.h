/* The IPv4 FIB as net/ipv4/fib_trie.c keeps it: a level-compressed trie
 * of 32-bit keys whose internal nodes (tnodes) are inflated and halved as
 * routes come and go, and whose leaves hold the routes (fib aliases) of
 * one destination. /proc/net/fib_trie and fib_triestat print its shape, so
 * veneer builds the same trie by the kernel's rules (fib_table_insert,
 * resize, fib_trie_unmerge) to print it.
 *
 * Nodes are indices into one array (the kernel's pointers); -1 is NULL. */
#ifndef VENEER_FIB4_TRIE_H
#define VENEER_FIB4_TRIE_H

#include <stddef.h>
#include <stdint.h>

#define FIB4_NONE (-1)

/* A fib_alias: what the trie knows of a route. */
struct fib4_alias {
	uint8_t slen;             /* 32 - prefix length */
	uint8_t tos;              /* fa_dscp as a TOS byte */
	uint8_t type, scope;      /* RTN_*, RT_SCOPE_* */
	uint32_t tb_id;
	uint32_t prio;            /* fib_priority (the metric) */
};

/* A key_vector with its struct tnode: a tnode (bits > 0), a leaf (bits 0,
 * pos 0) or the trie's root vector (pos 32, one child). */
struct fib4_node {
	uint32_t key;
	uint8_t pos, bits, slen;
	int parent;
	uint32_t empty, full;     /* empty_children, full_children */
	int *child;               /* 1 << bits slots (the root vector: 1) */
	int *alias;               /* a leaf's aliases, in list order */
	size_t nalias, capalias;
};

struct fib4_trie {
	struct fib4_node *n;
	size_t nn, cap;
	struct fib4_alias *fa;
	size_t nfa, capfa;
	int root;                 /* the root vector (t->kv) */
};

void fib4_trie_init(struct fib4_trie *t);
void fib4_trie_free(struct fib4_trie *t);

/* fib_table_insert of a route with key (host order) as fib_magic and `ip
 * route append` do (NLM_F_CREATE | NLM_F_APPEND): after the routes of the
 * same destination, table, TOS and metric. */
void fib4_trie_insert(struct fib4_trie *t, uint32_t key, const struct fib4_alias *a);

/* fib_unmerge: `local` gets a trie of its own, made of the aliases of
 * table local in main's trie (shared until then), which main drops
 * (fib_trie_unmerge, fib_table_flush_external). local starts empty. */
void fib4_trie_unmerge(struct fib4_trie *main, struct fib4_trie *local, uint32_t local_id);

/* The walk of /proc/net/fib_trie (fib_trie_get_first / _get_next):
 * every node in depth-first order, with the depth it is printed at. */
struct fib4_iter {
	int tnode;
	unsigned long index;
	unsigned int depth;
};
int fib4_trie_first(const struct fib4_trie *t, struct fib4_iter *it);
int fib4_trie_next(const struct fib4_trie *t, struct fib4_iter *it);

#endif
