/* The IPv6 FIB of a model: see fib6_tree.h. */
#include "fib6_tree.h"

#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

void fib6_mask_prefix(uint8_t out[16], const uint8_t in[16], unsigned int len)
{
	for (unsigned int i = 0; i < 16; i++) {
		unsigned int lo = i * 8;
		if (len >= lo + 8)
			out[i] = in[i];
		else if (len > lo)
			out[i] = in[i] & (uint8_t)(0xff00u >> (len - lo));
		else
			out[i] = 0;
	}
}

static bool bit_set(const uint8_t a[16], int bit)
{
	return bit < 128 && (a[bit >> 3] >> (7 - (bit & 7))) & 1;
}

static int first_diff(const uint8_t a[16], const uint8_t b[16])
{
	for (int i = 0; i < 128; i++)
		if (bit_set(a, i) != bit_set(b, i))
			return i;
	return 128;
}

static bool prefix_equal(const uint8_t a[16], const uint8_t b[16], int len)
{
	return first_diff(a, b) >= len;
}

static int new_node(struct fib6 *f)
{
	if (f->nn == f->capn) {
		f->capn = f->capn ? f->capn * 2 : 16;
		f->n = realloc(f->n, f->capn * sizeof(*f->n));
		if (!f->n)
			abort();
	}
	f->n[f->nn] = (struct fib6_node){ .parent = FIB6_NONE, .left = FIB6_NONE, .right = FIB6_NONE,
				     .subtree = FIB6_NONE, .leaf = FIB6_NONE };
	return (int)f->nn++;
}

static const uint8_t *leaf_key(const struct fib6 *f, int leaf, bool src)
{
	static const uint8_t zero[16];
	if (leaf < 0)
		return zero;            /* the null entry is ::/0 from ::/0 */
	return src ? f->r[leaf].src : f->r[leaf].dst;
}

static void hold(struct fib6 *f, int leaf)
{
	if (leaf == FIB6_NULL_ENTRY)
		f->null_ref++;
	else if (leaf >= 0)
		f->r[leaf].ref++;
}

static void release(struct fib6 *f, int leaf)
{
	if (leaf == FIB6_NULL_ENTRY)
		f->null_ref--;
	else if (leaf >= 0)
		f->r[leaf].ref--;
}

/* fib6_add_1: find or make the node for addr/plen under root. */
static int add_1(struct fib6 *f, int root, const uint8_t addr[16], int plen, bool src)
{
	int fn = root, pn = FIB6_NONE;
	bool dir = false;

	do {
		const uint8_t *key = leaf_key(f, f->n[fn].leaf, src);
		if (plen < f->n[fn].bit || !prefix_equal(key, addr, f->n[fn].bit)) {
			/* split above fn */
			int bit = first_diff(addr, key);
			pn = f->n[fn].parent;
			if (plen > bit) {
				int in = new_node(f), ln = new_node(f);
				f->n[in].bit = bit;
				f->n[in].parent = pn;
				f->n[in].leaf = f->n[fn].leaf;
				hold(f, f->n[in].leaf);
				if (dir)
					f->n[pn].right = in;
				else
					f->n[pn].left = in;
				f->n[ln].bit = plen;
				f->n[ln].parent = in;
				f->n[fn].parent = in;
				if (bit_set(addr, bit)) {
					f->n[in].right = ln;
					f->n[in].left = fn;
				} else {
					f->n[in].left = ln;
					f->n[in].right = fn;
				}
				return ln;
			}
			int ln = new_node(f);
			f->n[ln].bit = plen;
			f->n[ln].parent = pn;
			if (bit_set(key, plen))
				f->n[ln].right = fn;
			else
				f->n[ln].left = fn;
			f->n[fn].parent = ln;
			if (dir)
				f->n[pn].right = ln;
			else
				f->n[pn].left = ln;
			return ln;
		}
		if (plen == f->n[fn].bit) {
			if (!f->n[fn].rtinfo) {
				release(f, f->n[fn].leaf);
				f->n[fn].leaf = FIB6_NONE;
			} else if (f->n[fn].tl_root && f->n[fn].leaf == FIB6_NULL_ENTRY) {
				f->n[fn].leaf = FIB6_NONE;
			}
			return fn;
		}
		dir = bit_set(addr, f->n[fn].bit);
		pn = fn;
		fn = dir ? f->n[fn].right : f->n[fn].left;
	} while (fn != FIB6_NONE);

	int ln = new_node(f);
	f->n[ln].bit = plen;
	f->n[ln].parent = pn;
	if (dir)
		f->n[pn].right = ln;
	else
		f->n[pn].left = ln;
	return ln;
}

/* fib6_add_rt2node without replace: after every route of lower or equal
 * metric. */
static void add_rt2node(struct fib6 *f, int fn, int rt)
{
	int *ins = &f->n[fn].leaf;
	while (*ins >= 0 && f->r[*ins].metric <= f->r[rt].metric)
		ins = &f->r[*ins].next;
	f->r[rt].next = *ins;
	*ins = rt;
	f->r[rt].ref++;
	f->entries++;
	if (!f->n[fn].rtinfo)
		f->route_nodes++;
	f->n[fn].rtinfo = true;
}

/* fib6_add */
static void fib_add(struct fib6 *f, int root, int rt)
{
	struct fib6_rent *e = &f->r[rt];
	int fn = add_1(f, root, e->dst, e->r->dst_len, false);

	if (e->r->src_len) {
		int sn;
		if (f->n[fn].subtree == FIB6_NONE) {
			int sfn = new_node(f);
			f->n[sfn].leaf = FIB6_NULL_ENTRY;
			f->null_ref++;
			f->n[sfn].root = true;
			sn = add_1(f, sfn, e->src, e->r->src_len, true);
			f->n[sfn].parent = fn;
			f->n[fn].subtree = sfn;
		} else {
			sn = add_1(f, f->n[fn].subtree, e->src, e->r->src_len, true);
		}
		if (f->n[fn].leaf == FIB6_NONE) {
			if (f->n[fn].tl_root) {
				f->n[fn].leaf = FIB6_NULL_ENTRY;
			} else {
				f->r[rt].ref++;
				f->n[fn].leaf = rt;
			}
		}
		fn = sn;
	}
	add_rt2node(f, fn, rt);
}

static int table_cmp(const void *pa, const void *pb)
{
	const struct fib6_table *a = pa, *b = pb;
	uint32_t ha = a->id & 255, hb = b->id & 255;
	if (ha != hb)
		return ha < hb ? -1 : 1;
	/* Within a bucket the newest table is first; main and local are
	 * made with the namespace, before any other. */
	bool ba = a->id == RT_TABLE_MAIN || a->id == RT_TABLE_LOCAL;
	bool bb = b->id == RT_TABLE_MAIN || b->id == RT_TABLE_LOCAL;
	if (ba != bb)
		return ba ? 1 : -1;
	return a->first > b->first ? -1 : a->first < b->first;
}

void fib6_build(const struct vn_model *m, struct fib6_tables *out)
{
	struct fib6 f = { .null_ref = 1 };
	size_t nt = 2;
	struct fib6_table *t = calloc(m->nroutes + 2, sizeof(*t));
	f.r = calloc(m->nroutes ? m->nroutes : 1, sizeof(*f.r));
	if (!t || !f.r)
		abort();
	t[0] = (struct fib6_table){ .id = RT_TABLE_MAIN, .first = 0 };
	t[1] = (struct fib6_table){ .id = RT_TABLE_LOCAL, .first = 0 };
	for (size_t i = 0; i < m->nroutes; i++) {
		if (m->routes[i].family != AF_INET6)
			continue;
		size_t k = 0;
		while (k < nt && t[k].id != m->routes[i].table)
			k++;
		if (k == nt)
			t[nt++] = (struct fib6_table){ .id = m->routes[i].table, .first = i };
	}
	for (size_t k = 0; k < nt; k++) {
		int root = new_node(&f);
		f.n[root].leaf = FIB6_NULL_ENTRY;
		f.n[root].rtinfo = f.n[root].root = f.n[root].tl_root = true;
		t[k].root = root;
	}

	/* Insert in the model's order, table by table as they come. */
	for (size_t i = 0; i < m->nroutes; i++) {
		const struct vn_route *r = &m->routes[i];
		if (r->family != AF_INET6)
			continue;
		struct fib6_rent *e = &f.r[i];
		e->r = r;
		fib6_mask_prefix(e->dst, r->dst, r->dst_len);
		fib6_mask_prefix(e->src, r->src, r->src_len);
		e->metric = r->has_priority ? r->priority : 1024;   /* IP6_RT_PRIO_USER */
		e->next = FIB6_NONE;
		if ((r->type == RTN_LOCAL || r->type == RTN_ANYCAST) &&
		    r->protocol == RTPROT_KERNEL)
			e->ref++;       /* ifp->rt / aca_rt */
		size_t k = 0;
		while (t[k].id != r->table)
			k++;
		fib_add(&f, t[k].root, (int)i);
	}

	qsort(t, nt, sizeof(*t), table_cmp);
	/* the table roots are the kernel's fib6_table nodes, not node_alloc'd */
	f.nodes = (unsigned int)(f.nn - nt);
	*out = (struct fib6_tables){ .f = f, .t = t, .nt = nt };
}

void fib6_free(struct fib6_tables *t)
{
	free(t->f.n);
	free(t->f.r);
	free(t->t);
	*t = (struct fib6_tables){ 0 };
}
