/* The bridges' fdb and mdb (bridge_model.h). */
#include "model.h"

#include <linux/neighbour.h>
#include <stdlib.h>
#include <string.h>

#include "bridge_model.h"
#include "linkinfo.h"

struct vn_br *vn_br_get(struct vn_model *m)
{
	if (!m->br) {
		m->br = calloc(1, sizeof(*m->br));
		if (!m->br)
			abort();
	}
	return m->br;
}

void vn_br_free(struct vn_model *m)
{
	if (!m->br)
		return;
	free(m->br->fdbs);
	free(m->br->mdbs);
	free(m->br);
	m->br = NULL;
}

void vn_br_add_fdb(struct vn_model *m, const struct vn_fdb *f)
{
	struct vn_br *b = vn_br_get(m);
	struct vn_fdb *p = realloc(b->fdbs, (b->nfdbs + 1) * sizeof(*p));
	if (!p)
		abort();
	b->fdbs = p;
	b->fdbs[b->nfdbs++] = *f;
}

void vn_br_add_mdb(struct vn_model *m, const struct vn_mdb *e)
{
	struct vn_br *b = vn_br_get(m);
	struct vn_mdb *p = realloc(b->mdbs, (b->nmdbs + 1) * sizeof(*p));
	if (!p)
		abort();
	b->mdbs = p;
	b->mdbs[b->nmdbs++] = *e;
}

bool vn_is_bridge(const struct vn_link *l)
{
	return strcmp(l->kind, "bridge") == 0;
}

bool vn_is_bridge_port(const struct vn_model *m, const struct vn_link *l)
{
	const struct vn_link *br = l->master ? vn_link_by_index(m, l->master) : NULL;
	return br && vn_is_bridge(br);
}

/* IFLA_BRPORT_NO: the order ports joined in */
static uint64_t port_no(const struct vn_link *p)
{
	int i = vn_linkinfo_index(vn_linkinfo_table("bridge", 1), 18);
	return i >= 0 ? p->slave_info[i] : 0;
}

static bool same_mac(const struct vn_link *a, const struct vn_link *b)
{
	return a->addr_len == 6 && b->addr_len == 6 && memcmp(a->addr, b->addr, 6) == 0;
}

bool vn_fdb_local_port(const struct vn_model *m, const struct vn_link *p)
{
	if (!vn_is_bridge_port(m, p) || p->addr_len != 6)
		return false;
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct vn_link *o = &m->links[i];
		if (o != p && o->master == p->master && same_mac(o, p) && port_no(o) < port_no(p))
			return false;
	}
	return true;
}

bool vn_fdb_local_bridge(const struct vn_model *m, const struct vn_link *br)
{
	if (!vn_is_bridge(br) || br->addr_len != 6)
		return false;
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct vn_link *o = &m->links[i];
		if (o->master == br->ifindex && same_mac(o, br))
			return false;
	}
	return true;
}

bool vn_fdb_is_derived(const struct vn_model *m, const struct vn_fdb *f)
{
	if (f->state != NUD_PERMANENT || f->vlan)
		return false;
	const struct vn_link *l = vn_link_by_index(m, f->port);
	if (!l || l->addr_len != 6 || memcmp(l->addr, f->mac, 6) != 0)
		return false;
	return f->port == f->bridge ? vn_fdb_local_bridge(m, l) : vn_fdb_local_port(m, l);
}
