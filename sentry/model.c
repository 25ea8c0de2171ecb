/* The model's storage: init, free, add, look up. Derived state lives in
 * model_route.c. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "devconf.h"

#define GROW(arr, n, elem) do {                                         \
		void *p_ = realloc((arr), ((n) + 1) * sizeof(elem));    \
		if (!p_)                                                \
			abort();                                        \
		(arr) = p_;                                             \
	} while (0)

void vn_model_init(struct vn_model *m)
{
	memset(m, 0, sizeof(*m));
	strcpy(m->hostname, "veneer");
	strcpy(m->domainname, "(none)");
	strcpy(m->release, "6.1.0-veneer");
	strcpy(m->version, "#1 SMP PREEMPT_DYNAMIC Debian 6.1.0");
	m->cpus = 2;
	m->memory_kb = 2u * 1024 * 1024;
	m->kconfig = VN_K_ALL;
}

void vn_model_free(struct vn_model *m)
{
	free(m->links);
	free(m->addrs);
	free(m->routes);
	free(m->neighs);
	free(m->rules);
	vn_model_free_sockets(m);
	devconf_free(m);
	memset(m, 0, sizeof(*m));
}

const struct vn_link *vn_link_by_index(const struct vn_model *m, int ifindex)
{
	size_t lo = 0, hi = m->nlinks;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->links[mid].ifindex == ifindex)
			return &m->links[mid];
		if (m->links[mid].ifindex < ifindex)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct vn_link *vn_link_by_name(const struct vn_model *m, const char *name)
{
	for (size_t i = 0; i < m->nlinks; i++)
		if (strncmp(m->links[i].name, name, IFNAMSIZ) == 0)
			return &m->links[i];
	return NULL;
}

struct vn_link *vn_model_add_link(struct vn_model *m, const struct vn_link *l)
{
	GROW(m->links, m->nlinks, struct vn_link);
	size_t i = m->nlinks;
	while (i > 0 && m->links[i - 1].ifindex > l->ifindex) {
		m->links[i] = m->links[i - 1];
		i--;
	}
	m->links[i] = *l;
	m->nlinks++;
	return &m->links[i];
}

struct vn_addr *vn_model_add_addr(struct vn_model *m, const struct vn_addr *a)
{
	GROW(m->addrs, m->naddrs, struct vn_addr);
	m->addrs[m->naddrs] = *a;
	return &m->addrs[m->naddrs++];
}

struct vn_route *vn_model_add_route(struct vn_model *m, const struct vn_route *r)
{
	GROW(m->routes, m->nroutes, struct vn_route);
	m->routes[m->nroutes] = *r;
	m->routes[m->nroutes].seq = m->route_seq++;
	return &m->routes[m->nroutes++];
}

struct vn_neigh *vn_model_add_neigh(struct vn_model *m, const struct vn_neigh *n)
{
	GROW(m->neighs, m->nneighs, struct vn_neigh);
	m->neighs[m->nneighs] = *n;
	return &m->neighs[m->nneighs++];
}

struct vn_rule *vn_model_add_rule(struct vn_model *m, const struct vn_rule *r)
{
	GROW(m->rules, m->nrules, struct vn_rule);
	m->rules[m->nrules] = *r;
	return &m->rules[m->nrules++];
}
