/* See route_index.h. Open addressing with linear probing, kept at most half
 * full. */
#include "route_index.h"

#include <stdlib.h>
#include <string.h>

uint64_t route_hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

void route_index_init(struct route_index *ix, route_hash_fn hash, route_eq_fn eq)
{
	memset(ix, 0, sizeof(*ix));
	ix->hash = hash;
	ix->eq = eq;
}

void route_index_free(struct route_index *ix)
{
	free(ix->slot);
	ix->slot = NULL;
	ix->cap = ix->used = 0;
}

static void put(struct route_index *ix, const struct vn_route *routes, size_t pos)
{
	size_t mask = ix->cap - 1;
	for (size_t i = ix->hash(&routes[pos]) & mask;; i = (i + 1) & mask) {
		if (!ix->slot[i]) {
			ix->slot[i] = (uint32_t)pos + 1;
			ix->used++;
			return;
		}
	}
}

static void grow(struct route_index *ix, const struct vn_route *routes)
{
	size_t old = ix->cap;
	uint32_t *was = ix->slot;
	ix->cap = old ? old * 2 : 64;
	ix->slot = calloc(ix->cap, sizeof(*ix->slot));
	if (!ix->slot)
		abort();
	ix->used = 0;
	for (size_t i = 0; i < old; i++)
		if (was[i])
			put(ix, routes, was[i] - 1);
	free(was);
}

long route_index_find(const struct route_index *ix, const struct vn_route *routes,
		      const struct vn_route *r)
{
	if (!ix->cap)
		return -1;
	size_t mask = ix->cap - 1;
	for (size_t i = ix->hash(r) & mask; ix->slot[i]; i = (i + 1) & mask)
		if (ix->eq(&routes[ix->slot[i] - 1], r))
			return (long)ix->slot[i] - 1;
	return -1;
}

void route_index_add(struct route_index *ix, const struct vn_route *routes, size_t pos)
{
	if ((ix->used + 1) * 2 > ix->cap)
		grow(ix, routes);
	put(ix, routes, pos);
}

void route_index_fill(struct route_index *ix, const struct vn_route *routes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (route_index_find(ix, routes, &routes[i]) < 0)
			route_index_add(ix, routes, i);
}
