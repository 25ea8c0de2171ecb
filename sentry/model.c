/* The model's storage: init, free, add, look up. Derived state lives in
 * model_route.c. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "bridge_model.h"
#include "devconf.h"
#include "tc/tc_model.h"

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
	m->cgroup = (struct vn_cgroup){ .cpu_quota_us = VN_CG_MACHINE, .cpu_period_us = 100000,
					.memory_max = VN_CG_MACHINE, .memory_high = VN_CG_MAX,
					.pids_max = VN_CG_MAX };
	m->kconfig = VN_K_ALL;
	strcpy(m->cmdline, "console=ttyS0 quiet");
	strcpy(m->default_qdisc, "pfifo_fast");
}

/* FNV-1a over the facts, two seeds for 128 bits, each finished with
 * splitmix64's mixer so that near facts give unrelated ids. */
static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

static uint64_t facts_hash(const struct vn_model *m, uint64_t seed)
{
	uint64_t h = seed;
	const char *strs[] = { m->hostname, m->release, m->version, m->cmdline };
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		h = fnv1a(h, strs[i], strlen(strs[i]) + 1);
	uint64_t cpus = (uint64_t)m->cpus, mem = m->memory_kb;
	h = fnv1a(h, &cpus, sizeof(cpus));
	h = fnv1a(h, &mem, sizeof(mem));
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	return h ^ (h >> 31);
}

void vn_model_derive_boot_id(struct vn_model *m)
{
	uint64_t h[2] = { facts_hash(m, 0xcbf29ce484222325ull),
			  facts_hash(m, 0xcbf29ce484222325ull ^ 0x9e3779b97f4a7c15ull) };
	for (int i = 0; i < 16; i++)
		m->boot_id[i] = (uint8_t)(h[i / 8] >> (8 * (i % 8)));
	/* generate_random_uuid's marks: version 4, variant 10 */
	m->boot_id[6] = (uint8_t)((m->boot_id[6] & 0x0f) | 0x40);
	m->boot_id[8] = (uint8_t)((m->boot_id[8] & 0x3f) | 0x80);
}

void vn_model_free(struct vn_model *m)
{
	free(m->links);
	free(m->addrs);
	free(m->routes);
	free(m->neighs);
	free(m->rules);
	free(m->nexthops);
	free(m->mp_hops);
	free(m->netns);
	vn_tc_free(m);
	vn_br_free(m);
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
