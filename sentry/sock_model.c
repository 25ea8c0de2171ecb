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
