/* Routes the kernel makes by itself, the default rules, and route lookup.
 *
 * Derivation follows what a 6.x kernel does when an address is added
 * (fib_add_ifaddr for IPv4, addrconf for IPv6), checked against a real
 * namespace (see tests/unit/test_model.c):
 *   IPv4, any link:  local ADDR/32 table local scope host src PRIMARY
 *   IPv4, link up:   broadcast BRD table local scope link; for a primary
 *                    address, the prefix route in main (on a loopback link:
 *                    a `local` route in table local) and, below /31, the
 *                    subnet broadcast; `linkdown` without carrier. (Kernels
 *                    since 5.x no longer add a broadcast for the network
 *                    address itself.)
 *   IPv6, link up:   prefix route in main, metric 256; with carrier (or on
 *                    loopback) and not tentative: local ADDR/128 in table
 *                    local, metric 0; on a non-loopback link with carrier:
 *                    multicast ff00::/8 in table local, metric 256.
 * m->routes is kept in the order the kernel dumps: tables by hash bucket,
 * IPv4 by key (longer prefix first on the same key), IPv6 in the post-order
 * of the fib6 radix tree (more specific first, ::/0 last). */
#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "model_change.h"
#include "route_index.h"

static int plen_bits(const uint8_t *a, const uint8_t *b, int n)
{
	/* number of leading bits equal, up to n */
	int i = 0;
	for (; i < n; i++) {
		int byte = i / 8, bit = 7 - i % 8;
		if (((a[byte] >> bit) & 1) != ((b[byte] >> bit) & 1))
			break;
	}
	return i;
}

static bool prefix_match(const uint8_t *addr, const uint8_t *pfx, int len)
{
	int full = len / 8, rest = len % 8;
	if (memcmp(addr, pfx, (size_t)full) != 0)
		return false;
	if (rest) {
		uint8_t mask = (uint8_t)(0xff << (8 - rest));
		if ((addr[full] & mask) != (pfx[full] & mask))
			return false;
	}
	return true;
}

/* An IPv4 address from a byte array (model fields are not 4-aligned). */
static uint32_t v4(const uint8_t *p)
{
	uint32_t x;
	memcpy(&x, p, 4);
	return ntohl(x);
}

static int addr_bytes(uint8_t family)
{
	return family == AF_INET ? 4 : 16;
}

/* -------- order -------- */

static int cmp_v6_tree(const struct vn_route *a, const struct vn_route *b)
{
	int n = a->dst_len < b->dst_len ? a->dst_len : b->dst_len;
	int same = plen_bits(a->dst, b->dst, n);
	if (same < n) {
		int byte = same / 8, bit = 7 - same % 8;
		return ((a->dst[byte] >> bit) & 1) ? 1 : -1;
	}
	/* one contains the other: the walker yields the child first */
	return (int)b->dst_len - (int)a->dst_len;
}

int vn_route_cmp(const void *pa, const void *pb)
{
	const struct vn_route *a = pa, *b = pb;
	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	if ((a->table & 255) != (b->table & 255))
		return (int)(a->table & 255) - (int)(b->table & 255);
	if (a->table != b->table)
		return a->table < b->table ? 1 : -1;
	int c;
	if (a->family == AF_INET) {
		uint32_t ka = v4(a->dst), kb = v4(b->dst);
		if (ka != kb)
			return ka < kb ? -1 : 1;
		if (a->dst_len != b->dst_len)
			return (int)b->dst_len - (int)a->dst_len;
		if (a->tos != b->tos)
			return (int)b->tos - (int)a->tos;
	} else if ((c = cmp_v6_tree(a, b)) != 0) {
		return c;
	}
	if (a->priority != b->priority)
		return a->priority < b->priority ? -1 : 1;
	/* same destination and metric: in the order they were added (a
	 * scenario lists them in the order its kernel dumped them) */
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void vn_model_sort_routes(struct vn_model *m)
{
	if (m->nroutes > 1)
		qsort(m->routes, m->nroutes, sizeof(*m->routes), vn_route_cmp);
}

/* -------- derivation -------- */

bool vn_route_same(const struct vn_route *a, const struct vn_route *b)
{
	return a->family == b->family && a->table == b->table && a->type == b->type &&
	       a->dst_len == b->dst_len && a->tos == b->tos && a->oif == b->oif &&
	       a->priority == b->priority &&
	       memcmp(a->dst, b->dst, (size_t)addr_bytes(a->family)) == 0;
}

static uint64_t same_hash(const struct vn_route *r)
{
	uint64_t h = 0xcbf29ce484222325ull;
	h = route_hash_bytes(h, &r->family, 1);
	h = route_hash_bytes(h, &r->table, sizeof(r->table));
	h = route_hash_bytes(h, &r->dst_len, 1);
	h = route_hash_bytes(h, &r->oif, sizeof(r->oif));
	return route_hash_bytes(h, r->dst, (size_t)addr_bytes(r->family));
}

/* While vn_model_derive_routes runs over every address: the routes by
 * vn_route_same, so that deriving stays linear in a large model. */
static struct route_index *derive_ix;

static void add_once(struct vn_model *m, const struct vn_route *r)
{
	if (derive_ix) {
		if (route_index_find(derive_ix, m->routes, r) >= 0)
			return;
		vn_model_add_route(m, r);
		route_index_add(derive_ix, m->routes, m->nroutes - 1);
		return;
	}
	for (size_t i = 0; i < m->nroutes; i++)
		if (vn_route_same(&m->routes[i], r))
			return;
	vn_model_add_route(m, r);
}

/* The primary address a secondary one hangs off (fib_add_ifaddr's prim). */
static const struct vn_addr *primary_of(const struct vn_model *m, const struct vn_addr *a)
{
	if (!(a->flags & IFA_F_SECONDARY))
		return a;
	for (size_t i = 0; i < m->naddrs; i++) {
		const struct vn_addr *p = &m->addrs[i];
		if (p->family == AF_INET && p->ifindex == a->ifindex &&
		    !(p->flags & IFA_F_SECONDARY) && p->prefixlen == a->prefixlen &&
		    prefix_match(a->local, p->local, a->prefixlen))
			return p;
	}
	return a;
}

static struct vn_route kernel_route(uint8_t family, uint32_t table, uint8_t type,
				    const uint8_t *dst, uint8_t dst_len, int oif)
{
	struct vn_route r = { .family = family, .table = table, .type = type,
			      .dst_len = dst_len, .protocol = RTPROT_KERNEL, .oif = oif,
			      .derived = true };
	memcpy(r.dst, dst, (size_t)addr_bytes(family));
	return r;
}

static void derive_v4(struct vn_model *m, const struct vn_addr *a, const struct vn_link *l)
{
	const struct vn_addr *prim = primary_of(m, a);
	bool up = l->flags & IFF_UP;
	uint32_t down = (l->flags & IFF_LOWER_UP) ? 0 : RTNH_F_LINKDOWN;

	struct vn_route r = kernel_route(AF_INET, RT_TABLE_LOCAL, RTN_LOCAL, a->local, 32, l->ifindex);
	r.scope = RT_SCOPE_HOST;
	r.has_prefsrc = true;
	memcpy(r.prefsrc, prim->local, 4);
	add_once(m, &r);
	if (!up)
		return;

	uint32_t addr = v4(a->local);
	uint32_t mask = a->prefixlen ? 0xffffffffu << (32 - a->prefixlen) : 0;
	if (a->has_broadcast) {
		uint32_t brd = v4(a->broadcast);
		if (brd && brd != 0xffffffffu) {
			r = kernel_route(AF_INET, RT_TABLE_LOCAL, RTN_BROADCAST, a->broadcast, 32, l->ifindex);
			r.scope = RT_SCOPE_LINK;
			r.flags = down;
			r.has_prefsrc = true;
			memcpy(r.prefsrc, prim->local, 4);
			add_once(m, &r);
		}
	}
	uint32_t prefix = addr & mask;
	if (!prefix || (a->flags & IFA_F_SECONDARY) || (prefix == addr && a->prefixlen >= 32))
		return;
	uint32_t nprefix = htonl(prefix);
	if (!(a->flags & IFA_F_NOPREFIXROUTE)) {
		bool lo = l->flags & IFF_LOOPBACK;
		r = kernel_route(AF_INET, lo ? RT_TABLE_LOCAL : RT_TABLE_MAIN,
				 lo ? RTN_LOCAL : RTN_UNICAST, (uint8_t *)&nprefix, a->prefixlen, l->ifindex);
		r.scope = lo ? RT_SCOPE_HOST : RT_SCOPE_LINK;
		r.flags = down;
		r.has_prefsrc = true;
		memcpy(r.prefsrc, prim->local, 4);
		add_once(m, &r);
	}
	if (a->prefixlen < 31) {
		uint32_t nbrd = htonl(prefix | ~mask);
		r = kernel_route(AF_INET, RT_TABLE_LOCAL, RTN_BROADCAST, (uint8_t *)&nbrd, 32, l->ifindex);
		r.scope = RT_SCOPE_LINK;
		r.flags = down;
		r.has_prefsrc = true;
		memcpy(r.prefsrc, prim->local, 4);
		add_once(m, &r);
	}
}

static void derive_v6(struct vn_model *m, const struct vn_addr *a, const struct vn_link *l)
{
	if (!(l->flags & IFF_UP))
		return;
	bool lo = l->flags & IFF_LOOPBACK;
	bool carrier = lo || (l->flags & IFF_LOWER_UP);
	struct vn_route r;
	if (!(a->flags & IFA_F_NOPREFIXROUTE) && a->prefixlen < 128) {
		uint8_t pfx[16] = { 0 };
		memcpy(pfx, a->local, 16);
		for (int i = a->prefixlen; i < 128; i++)
			pfx[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
		r = kernel_route(AF_INET6, RT_TABLE_MAIN, RTN_UNICAST, pfx, a->prefixlen, l->ifindex);
		r.priority = 256;
		r.has_priority = true;
		r.flags = carrier ? 0 : RTNH_F_LINKDOWN;
		add_once(m, &r);
	}
	if (carrier && !(a->flags & IFA_F_TENTATIVE)) {
		r = kernel_route(AF_INET6, RT_TABLE_LOCAL, RTN_LOCAL, a->local, 128, l->ifindex);
		r.has_priority = true;
		add_once(m, &r);
	}
	if (carrier && !lo) {
		static const uint8_t ff00[16] = { 0xff };
		r = kernel_route(AF_INET6, RT_TABLE_LOCAL, RTN_MULTICAST, ff00, 8, l->ifindex);
		r.priority = 256;
		r.has_priority = true;
		add_once(m, &r);
	}
}

void vn_model_derive_addr(struct vn_model *m, const struct vn_addr *addr)
{
	const struct vn_addr a = *addr;   /* copy: it may live in m->addrs */
	const struct vn_link *l = vn_link_by_index(m, a.ifindex);
	if (!l)
		return;
	if (a.family == AF_INET)
		derive_v4(m, &a, l);
	else if (a.family == AF_INET6)
		derive_v6(m, &a, l);
}

void vn_model_derive_routes(struct vn_model *m)
{
	struct route_index ix;
	route_index_init(&ix, same_hash, vn_route_same);
	route_index_fill(&ix, m->routes, m->nroutes);
	derive_ix = &ix;
	for (size_t i = 0; i < m->naddrs; i++)
		vn_model_derive_addr(m, &m->addrs[i]);
	derive_ix = NULL;
	route_index_free(&ix);
	vn_model_sort_routes(m);
}

void vn_model_default_rules(struct vn_model *m)
{
	static const struct { uint8_t family; uint32_t prio, table; } defs[] = {
		{ AF_INET, 0, RT_TABLE_LOCAL }, { AF_INET, 32766, RT_TABLE_MAIN },
		{ AF_INET, 32767, RT_TABLE_DEFAULT },
		{ AF_INET6, 0, RT_TABLE_LOCAL }, { AF_INET6, 32766, RT_TABLE_MAIN },
	};
	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		struct vn_rule r = { .family = defs[i].family, .action = FR_ACT_TO_TBL,
				     .priority = defs[i].prio, .table = defs[i].table,
				     .protocol = RTPROT_KERNEL, .suppress_prefixlen = 0xffffffffu };
		vn_model_add_rule(m, &r);
	}
}

/* -------- lookup -------- */

static const struct vn_route *lookup_table(const struct vn_model *m, uint8_t family,
					   uint32_t table, const uint8_t *dst, int oif)
{
	const struct vn_route *best = NULL;
	for (size_t i = 0; i < m->nroutes; i++) {
		const struct vn_route *r = &m->routes[i];
		if (r->family != family || r->table != table || r->type == RTN_MULTICAST)
			continue;
		if (!prefix_match(dst, r->dst, r->dst_len))
			continue;
		if (oif && r->oif != oif)
			continue;   /* fib_lookup with flowi_oif: its next hops only */
		if (r->oif) {
			const struct vn_link *l = vn_link_by_index(m, r->oif);
			if (!l || !(l->flags & IFF_UP))
				continue;   /* a dead nexthop is skipped by fib_lookup */
		}
		if (!best || r->dst_len > best->dst_len ||
		    (r->dst_len == best->dst_len && r->priority < best->priority))
			best = r;
	}
	return best;
}

static int rule_cmp(const void *pa, const void *pb)
{
	const struct vn_rule *a = *(const struct vn_rule *const *)pa;
	const struct vn_rule *b = *(const struct vn_rule *const *)pb;
	if (a->priority != b->priority)
		return a->priority < b->priority ? -1 : 1;
	return a < b ? -1 : a > b;
}

const struct vn_route *vn_route_lookup(const struct vn_model *m, uint8_t family,
				       const uint8_t dst[16])
{
	return vn_route_lookup_flow(m, family, &(struct vn_flow){ .dst = dst });
}

const struct vn_route *vn_route_lookup_flow(const struct vn_model *m, uint8_t family,
					    const struct vn_flow *fl)
{
	const uint8_t *dst = fl->dst;
	static const uint8_t any[16];
	const uint8_t *src = fl->src ? fl->src : any;
	const struct vn_rule **order = malloc((m->nrules + 1) * sizeof(*order));
	if (!order)
		abort();
	size_t n = 0;
	for (size_t i = 0; i < m->nrules; i++)
		if (m->rules[i].family == family)
			order[n++] = &m->rules[i];
	qsort(order, n, sizeof(*order), rule_cmp);
	const struct vn_route *found = NULL;
	for (size_t i = 0; i < n && !found; i++) {
		const struct vn_rule *ru = order[i];
		if (ru->action != FR_ACT_TO_TBL)
			continue;
		/* fib_rule_match: the flow's source (unspecified without
		 * `from`) and mark */
		bool match = !(ru->dst_len && !prefix_match(dst, ru->dst, ru->dst_len)) &&
			     !(ru->src_len && !prefix_match(src, ru->src, ru->src_len)) &&
			     !((fl->mark ^ ru->fwmark) & ru->fwmask);
		if (match == !!(ru->flags & FIB_RULE_INVERT))
			continue;
		const struct vn_route *r = lookup_table(m, family, ru->table, dst, fl->oif);
		if (r && r->type == RTN_THROW)
			continue;
		if (r && ru->suppress_prefixlen != 0xffffffffu && r->dst_len <= ru->suppress_prefixlen)
			continue;
		found = r;
	}
	free(order);
	return found;
}

static uint8_t v6_dst_scope(const uint8_t *d)
{
	static const uint8_t loop[16] = { [15] = 1 };
	if (!memcmp(d, loop, 16))
		return RT_SCOPE_HOST;
	if (d[0] == 0xfe && (d[1] & 0xc0) == 0x80)
		return RT_SCOPE_LINK;
	return RT_SCOPE_UNIVERSE;
}

bool vn_pick_source(const struct vn_model *m, const struct vn_route *r,
		    const uint8_t dst[16], uint8_t out[16])
{
	memset(out, 0, 16);
	if (r->has_prefsrc) {
		memcpy(out, r->prefsrc, 16);
		return true;
	}
	if (r->family == AF_INET) {
		/* inet_select_addr: a primary address of the device within the
		 * route's scope, preferring the one on the next hop's subnet. */
		const uint8_t *hop = r->has_gateway ? r->gateway : dst;
		const struct vn_addr *first = NULL;
		for (size_t i = 0; i < m->naddrs; i++) {
			const struct vn_addr *a = &m->addrs[i];
			if (a->family != AF_INET || a->ifindex != r->oif || (a->flags & IFA_F_SECONDARY))
				continue;
			if (a->scope > (r->scope < RT_SCOPE_LINK ? RT_SCOPE_LINK : r->scope))
				continue;   /* host-scope addresses only for host routes */
			if (prefix_match(hop, a->local, a->prefixlen)) {
				memcpy(out, a->local, 4);
				return true;
			}
			if (!first)
				first = a;
		}
		if (first) {
			memcpy(out, first->local, 4);
			return true;
		}
		/* any global address of the namespace */
		for (size_t i = 0; i < m->naddrs; i++)
			if (m->addrs[i].family == AF_INET && m->addrs[i].scope == RT_SCOPE_UNIVERSE) {
				memcpy(out, m->addrs[i].local, 4);
				return true;
			}
		return false;
	}
	/* ipv6_dev_get_saddr, reduced to the rules that decide in a static
	 * model: usable (not tentative) addresses, a scope wide enough for
	 * dst (the closest such scope first), the outgoing device first,
	 * then the longest common prefix. */
	uint8_t want = v6_dst_scope(dst);
	const struct vn_addr *best = NULL;
	int best_score = -1;
	for (size_t i = 0; i < m->naddrs; i++) {
		const struct vn_addr *a = &m->addrs[i];
		if (a->family != AF_INET6 || (a->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)))
			continue;
		if (a->scope > want)
			continue;
		int score = (a->scope == want) << 10 | (a->ifindex == r->oif) << 9 |
			    !(a->flags & IFA_F_DEPRECATED) << 8 | plen_bits(a->local, dst, 128);
		if (score > best_score) {
			best = a;
			best_score = score;
		}
	}
	if (!best)
		return false;
	memcpy(out, best->local, 16);
	return true;
}
