/* An index of routes by equality, so that "is this route already there?"
 * costs O(1) instead of a scan: loading a snapshot of 100 000 routes, and
 * deriving kernel routes over them, stays linear. It stores positions in
 * the model's route array (valid across reallocation), with the hash and
 * equality the caller defines. */
#ifndef VENEER_ROUTE_INDEX_H
#define VENEER_ROUTE_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

typedef bool (*route_eq_fn)(const struct vn_route *a, const struct vn_route *b);
typedef uint64_t (*route_hash_fn)(const struct vn_route *r);

struct route_index {
	uint32_t *slot;          /* position + 1; 0 = empty */
	size_t cap, used;
	route_eq_fn eq;
	route_hash_fn hash;
};

void route_index_init(struct route_index *ix, route_hash_fn hash, route_eq_fn eq);
void route_index_free(struct route_index *ix);
/* Index routes[0..n) (equal ones: the first is kept in the index). */
void route_index_fill(struct route_index *ix, const struct vn_route *routes, size_t n);
/* The position of a route equal to r among routes[], or -1. */
long route_index_find(const struct route_index *ix, const struct vn_route *routes,
		      const struct vn_route *r);
/* Record that routes[pos] exists. */
void route_index_add(struct route_index *ix, const struct vn_route *routes, size_t pos);

/* FNV-1a over a byte range: for callers' hash functions. */
uint64_t route_hash_bytes(uint64_t h, const void *p, size_t n);

#endif
