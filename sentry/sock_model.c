/* The socket table's storage (sock_model.h). */
#include "model.h"

#include <stdlib.h>
#include <string.h>

struct vn_socket *vn_model_add_socket(struct vn_model *m, const struct vn_socket *s)
{
	struct vn_socket *p = realloc(m->socks, (m->nsocks + 1) * sizeof(*p));
	if (!p)
		abort();
	m->socks = p;
	struct vn_socket *n = &p[m->nsocks++];
	*n = *s;
	if (s->attrs_len) {
		n->attrs = malloc(s->attrs_len);
		if (!n->attrs)
			abort();
		memcpy(n->attrs, s->attrs, s->attrs_len);
	} else {
		n->attrs = NULL;
	}
	return n;
}

void vn_model_clear_live_sockets(struct vn_model *m)
{
	for (size_t i = m->nscenario_socks; i < m->nsocks; i++)
		free(m->socks[i].attrs);
	m->nsocks = m->nscenario_socks;
}

void vn_model_mark_scenario_sockets(struct vn_model *m)
{
	m->nscenario_socks = m->nsocks;
}

void vn_model_free_sockets(struct vn_model *m)
{
	for (size_t i = 0; i < m->nsocks; i++)
		free(m->socks[i].attrs);
	free(m->socks);
	m->socks = NULL;
	m->nsocks = m->nscenario_socks = 0;
}

/* alloc_skb(size) on x86_64 (6.18): the head is the data aligned to 64
 * plus struct skb_shared_info (320); it comes from the small-head cache
 * (576 bytes) when it fits, else from the power-of-two kmalloc class
 * above it; struct sk_buff (256 aligned) is counted too. */
uint32_t vn_skb_truesize(uint32_t size)
{
	uint32_t head = ((size + 63) & ~63u) + 320;
	uint32_t obj = 576;
	if (head > obj)
		for (obj = 1024; obj < head; obj *= 2)
			;
	return obj + 256;
}
