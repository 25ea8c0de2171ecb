/* /proc/net/fib_trie and fib_triestat, as net/ipv4/fib_trie.c prints
 * them (fib_trie_seq_show, fib_triestat_seq_show), from the tries the
 * model's IPv4 routes make (fib4_trie.c).
 *
 * Tables. A namespace makes a table when its first route goes in; adding
 * to table local makes main first, and until a routing rule is added or
 * deleted (fib_has_custom_rules) local shares main's trie, so both print
 * the same trie, with every route of both. A rule splits them
 * (fib_unmerge). Tables are printed bucket by bucket of a 256-bucket hash
 * on the id, newest first within a bucket.
 *
 * History. A trie's shape (which tnodes were inflated or halved) depends
 * on the order its routes went in, which a model does not keep. veneer
 * replays the order of a namespace set up the usual way: each link's
 * addresses in ifindex order, each adding its routes as fib_add_ifaddr
 * does (local, explicit broadcast, prefix route, network broadcast), then
 * the other routes in the order the model got them, and the split last
 * when the model has rules of its own. A namespace built in another order
 * can show other tnode sizes for the same routes.
 */
#include "proc_gen.h"

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fib4_trie.h"

#define MAX_TABLES 64

struct table4 {
	uint32_t id;
	unsigned int made;        /* creation order */
	bool shares_main;         /* local, while its trie is main's */
	struct fib4_trie own;
};

struct fib4 {
	struct table4 t[MAX_TABLES];
	size_t n;
	unsigned int made;
	bool merged;
	bool *used;               /* per model route: inserted */
};

/* The default rules of a namespace, which make no custom rules. */
static bool custom_rules(const struct vn_model *m)
{
	static const struct { uint32_t prio, table; } dflt[] = {
		{ 0, RT_TABLE_LOCAL }, { 32766, RT_TABLE_MAIN }, { 32767, RT_TABLE_DEFAULT },
	};
	size_t n = 0;
	for (size_t i = 0; i < m->nrules; i++) {
		const struct vn_rule *r = &m->rules[i];
		if (r->family != AF_INET)
			continue;
		if (n >= 3 || r->priority != dflt[n].prio || r->table != dflt[n].table ||
		    r->action != FR_ACT_TO_TBL || r->src_len || r->dst_len)
			return true;
		n++;
	}
	return n != 3;
}

static struct table4 *find(struct fib4 *f, uint32_t id)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->t[i].id == id)
			return &f->t[i];
	return NULL;
}

/* fib_new_table */
static struct table4 *table(struct fib4 *f, uint32_t id)
{
	struct table4 *t = find(f, id);
	if (t)
		return t;
	if (id == RT_TABLE_LOCAL && f->merged)
		table(f, RT_TABLE_MAIN);   /* local aliases main, made first */
	if (f->n == MAX_TABLES)
		return NULL;
	t = &f->t[f->n++];
	t->id = id;
	t->made = f->made++;
	t->shares_main = id == RT_TABLE_LOCAL && f->merged;
	fib4_trie_init(&t->own);
	return t;
}

static struct fib4_trie *trie(struct fib4 *f, struct table4 *t)
{
	return t->shares_main ? &find(f, RT_TABLE_MAIN)->own : &t->own;
}

static void insert(struct fib4 *f, const struct vn_model *m, size_t i)
{
	const struct vn_route *r = &m->routes[i];
	struct table4 *t = table(f, r->table);
	f->used[i] = true;
	if (!t)
		return;
	uint32_t key;
	memcpy(&key, r->dst, 4);
	struct fib4_alias a = { .slen = (uint8_t)(32 - r->dst_len), .tos = r->tos, .type = r->type,
				.scope = r->scope, .tb_id = r->table,
				.prio = r->has_priority ? r->priority : 0 };
	fib4_trie_insert(trie(f, t), ntohl(key), &a);
}

/* A route fib_add_ifaddr adds for an address, if the model has it. */
static void kernel_route(struct fib4 *f, const struct vn_model *m, int ifindex, uint32_t tb,
			 uint8_t type, uint32_t dst, int len)
{
	uint32_t be = htonl(dst);
	for (size_t i = 0; i < m->nroutes; i++) {
		const struct vn_route *r = &m->routes[i];
		if (!f->used[i] && r->family == AF_INET && r->protocol == RTPROT_KERNEL &&
		    r->table == tb && r->type == type && r->dst_len == len && r->oif == ifindex &&
		    memcmp(r->dst, &be, 4) == 0) {
			insert(f, m, i);
			return;
		}
	}
}

static void add_ifaddr(struct fib4 *f, const struct vn_model *m, const struct vn_addr *a,
		       const struct vn_link *l)
{
	uint32_t addr, address, bcast;
	memcpy(&addr, a->local, 4);
	memcpy(&address, a->has_peer ? a->peer : a->local, 4);
	memcpy(&bcast, a->broadcast, 4);
	addr = ntohl(addr);
	address = ntohl(address);
	bcast = ntohl(bcast);
	uint32_t mask = a->prefixlen ? ~0u << (32 - a->prefixlen) : 0, prefix = address & mask;
	kernel_route(f, m, a->ifindex, RT_TABLE_LOCAL, RTN_LOCAL, addr, 32);
	if (!(l->flags & IFF_UP))
		return;
	if (a->has_broadcast && bcast && bcast != 0xffffffffu)
		kernel_route(f, m, a->ifindex, RT_TABLE_LOCAL, RTN_BROADCAST, bcast, 32);
	if (prefix && !(a->flags & IFA_F_SECONDARY) && (prefix != addr || a->prefixlen < 32)) {
		bool lo = l->flags & IFF_LOOPBACK;
		if (!(a->flags & IFA_F_NOPREFIXROUTE))
			kernel_route(f, m, a->ifindex, lo ? RT_TABLE_LOCAL : RT_TABLE_MAIN,
				     lo ? RTN_LOCAL : RTN_UNICAST, prefix, a->prefixlen);
		if (a->prefixlen < 31)
			kernel_route(f, m, a->ifindex, RT_TABLE_LOCAL, RTN_BROADCAST, prefix | ~mask, 32);
	}
}

struct by_seq {
	uint32_t seq;
	size_t i;
};

static int by_seq(const void *pa, const void *pb)
{
	const struct by_seq *a = pa, *b = pb;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int by_hash(const void *pa, const void *pb)
{
	const struct table4 *a = pa, *b = pb;
	if ((a->id & 255) != (b->id & 255))
		return (a->id & 255) < (b->id & 255) ? -1 : 1;
	return a->made > b->made ? -1 : a->made < b->made;   /* newest first */
}

/* The model's tables, built and in the order the kernel walks them. */
static void build(struct fib4 *f, const struct vn_model *m)
{
	*f = (struct fib4){ .merged = true };
	f->used = calloc(m->nroutes + 1, sizeof(bool));
	struct by_seq *order = calloc(m->nroutes + 1, sizeof(*order));
	if (!f->used || !order)
		abort();
	for (size_t k = 0; k < m->nlinks; k++)
		for (size_t i = 0; i < m->naddrs; i++)
			if (m->addrs[i].family == AF_INET && m->addrs[i].ifindex == m->links[k].ifindex)
				add_ifaddr(f, m, &m->addrs[i], &m->links[k]);
	size_t n = 0;
	for (size_t i = 0; i < m->nroutes; i++)
		if (m->routes[i].family == AF_INET && !f->used[i])
			order[n++] = (struct by_seq){ m->routes[i].seq, i };
	qsort(order, n, sizeof(*order), by_seq);
	for (size_t i = 0; i < n; i++)
		insert(f, m, order[i].i);
	free(order);
	struct table4 *local = find(f, RT_TABLE_LOCAL);
	if (custom_rules(m) && local && local->shares_main) {
		fib4_trie_unmerge(&find(f, RT_TABLE_MAIN)->own, &local->own, RT_TABLE_LOCAL);
		local->shares_main = false;
	}
	qsort(f->t, f->n, sizeof(f->t[0]), by_hash);
}

static void release(struct fib4 *f)
{
	for (size_t i = 0; i < f->n; i++)
		fib4_trie_free(&f->t[i].own);
	free(f->used);
}

static void table_name(struct buf *out, uint32_t id)
{
	if (id == RT_TABLE_LOCAL)
		buf_puts(out, "Local:\n");
	else if (id == RT_TABLE_MAIN)
		buf_puts(out, "Main:\n");
	else
		buf_printf(out, "Id %d:\n", (int)id);
}

static void indent(struct buf *out, int n)
{
	while (n-- > 0)
		buf_puts(out, "   ");
}

static void ip4(struct buf *out, uint32_t key)
{
	buf_printf(out, "%u.%u.%u.%u", key >> 24, (key >> 16) & 255, (key >> 8) & 255, key & 255);
}

static void alias_line(struct buf *out, const struct fib4_alias *a)
{
	static const char *const types[] = { "UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST",
					     "MULTICAST", "BLACKHOLE", "UNREACHABLE", "PROHIBIT",
					     "THROW", "NAT", "XRESOLVE" };
	buf_printf(out, "  /%d ", 32 - a->slen);
	switch (a->scope) {
	case RT_SCOPE_UNIVERSE: buf_puts(out, "universe"); break;
	case RT_SCOPE_SITE: buf_puts(out, "site"); break;
	case RT_SCOPE_LINK: buf_puts(out, "link"); break;
	case RT_SCOPE_HOST: buf_puts(out, "host"); break;
	case RT_SCOPE_NOWHERE: buf_puts(out, "nowhere"); break;
	default: buf_printf(out, "scope=%d", a->scope);
	}
	if (a->type < sizeof(types) / sizeof(types[0]))
		buf_printf(out, " %s", types[a->type]);
	else
		buf_printf(out, " type %u", a->type);
	if (a->tos)
		buf_printf(out, " tos=%d", a->tos);
	buf_puts(out, "\n");
}

void gen_net_fib_trie(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	struct fib4 f;
	build(&f, m);
	for (size_t i = 0; i < f.n; i++) {
		const struct fib4_trie *t = trie(&f, &f.t[i]);
		struct fib4_iter it;
		for (int n = fib4_trie_first(t, &it); n != FIB4_NONE; n = fib4_trie_next(t, &it)) {
			const struct fib4_node *v = &t->n[n];
			if (v->parent == t->root)
				table_name(out, f.t[i].id);
			if (v->bits) {
				indent(out, (int)it.depth - 1);
				buf_puts(out, "  +-- ");
				ip4(out, v->key);
				buf_printf(out, "/%d %u %u %u\n", 32 - v->pos - v->bits, v->bits, v->full,
					   v->empty);
				continue;
			}
			indent(out, (int)it.depth);
			buf_puts(out, "  |-- ");
			ip4(out, v->key);
			buf_puts(out, "\n");
			for (size_t k = 0; k < v->nalias; k++) {
				indent(out, (int)it.depth + 1);
				alias_line(out, &t->fa[v->alias[k]]);
			}
		}
	}
	release(&f);
}

/* struct sizes of x86_64 (LEAF_SIZE, TNODE_SIZE(0), struct fib_alias) */
#define LEAF_SIZE 48
#define TNODE_SIZE 40
#define ALIAS_SIZE 56
#define MAX_STAT_DEPTH 32

void gen_net_fib_triestat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	struct fib4 f;
	build(&f, m);
	buf_printf(out, "Basic info: size of leaf: %d bytes, size of tnode: %d bytes.\n", LEAF_SIZE,
		   TNODE_SIZE);
	for (size_t i = 0; i < f.n; i++) {
		const struct fib4_trie *t = trie(&f, &f.t[i]);
		unsigned int totdepth = 0, maxdepth = 0, tnodes = 0, leaves = 0, nullptrs = 0;
		unsigned int prefixes = 0, sizes[MAX_STAT_DEPTH] = { 0 };
		struct fib4_iter it;
		for (int n = fib4_trie_first(t, &it); n != FIB4_NONE; n = fib4_trie_next(t, &it)) {
			const struct fib4_node *v = &t->n[n];
			if (!v->bits) {
				leaves++;
				totdepth += it.depth;
				maxdepth = it.depth > maxdepth ? it.depth : maxdepth;
				prefixes += (unsigned int)v->nalias;
			} else {
				tnodes++;
				if (v->bits < MAX_STAT_DEPTH)
					sizes[v->bits]++;
				nullptrs += v->empty;
			}
		}
		table_name(out, f.t[i].id);
		unsigned int avdepth = leaves ? totdepth * 100 / leaves : 0;
		buf_printf(out, "\tAver depth:     %u.%02d\n", avdepth / 100, (int)(avdepth % 100));
		buf_printf(out, "\tMax depth:      %u\n", maxdepth);
		buf_printf(out, "\tLeaves:         %u\n", leaves);
		buf_printf(out, "\tPrefixes:       %u\n", prefixes);
		buf_printf(out, "\tInternal nodes: %u\n\t", tnodes);
		unsigned int max = MAX_STAT_DEPTH, pointers = 0;
		while (max > 0 && sizes[max - 1] == 0)
			max--;
		for (unsigned int b = 1; b < max; b++)
			if (sizes[b]) {
				buf_printf(out, "  %u: %u", b, sizes[b]);
				pointers += (1u << b) * sizes[b];
			}
		buf_puts(out, "\n");
		buf_printf(out, "\tPointers: %u\n", pointers);
		unsigned int bytes = LEAF_SIZE * leaves + ALIAS_SIZE * prefixes + TNODE_SIZE * tnodes +
				     8 * pointers;
		buf_printf(out, "Null ptrs: %u\n", nullptrs);
		buf_printf(out, "Total size: %u  kB\n", (bytes + 1023) / 1024);
	}
	release(&f);
}
