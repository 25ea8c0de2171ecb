/* /proc/net/ipv6_route, as net/ipv6/route.c renders it
 * (ipv6_route_native_seq_show), in the order net/ipv6/ip6_fib.c walks its
 * tables (ipv6_route_seq_* over fib6_walk_continue).
 *
 * Each line: destination as 32 hex digits and its length (%02x), the
 * source prefix likewise, the gateway (zeros without one), then
 * " %08x %08x %08x %08x %8s\n": metric, the fib6_info reference count,
 * use (always 0 since routes lost their use counter), flags, device.
 *
 * Order. Tables come from a 256-bucket hash keyed by id & 255, walked
 * bucket by bucket, newest table first within a bucket: table 100 before
 * main (254) before local (255); main and local exist in every namespace,
 * so each contributes at least its root. Inside a table the kernel keeps a
 * path-compressed binary trie of destinations (with a trie of sources
 * hanging off a node for "from" routes) and walks it in post-order: a
 * node's source subtree, then its 0 branch, then its 1 branch, then its
 * own routes, so more specific prefixes come before the ones that contain
 * them and the table root ::/0 comes last. A root without a ::/0 route
 * holds the shared null entry (::/0, metric ffffffff, reject, "lo"),
 * which is why every table ends with that line. Routes on one node are
 * kept by metric, a new one after those of equal metric.
 *
 * Reference counts follow from building the same trie: veneer inserts the
 * model's routes in the model's order with the kernel's insertion rules
 * (fib6_add / fib6_add_1) and counts what the kernel counts on a fresh,
 * idle namespace: one reference for being in the table, one for each
 * intermediate trie node created while splitting a node (such a node
 * borrows the leaf of the node it split off), one while a destination
 * node holds a "from" route as placeholder, and one more for the local and
 * anycast routes addrconf makes for an address (the address holds them).
 * The null entry has one plus one per source subtree. A live namespace
 * shows higher numbers: every cached dst made by traffic holds its route.
 *
 * Flags (fib6_flags, plus RTF_GATEWAY when the nexthop has a gateway):
 * RTF_UP; unreachable, prohibit, blackhole and throw routes, and unicast
 * routes through the loopback device (ip6_route_info_create turns those
 * into reject routes), are exactly RTF_REJECT|RTF_NONEXTHOP on "lo";
 * local routes RTF_LOCAL, anycast routes nothing, and both gain
 * RTF_NONEXTHOP and (anycast) RTF_ANYCAST when addrconf made them (proto
 * kernel); a kernel prefix route of an address with a finite valid
 * lifetime RTF_EXPIRES; RTA_PREF high/low in the RTF_PREF bits. Router
 * advertisement routes (proto ra) get RTF_ADDRCONF with RTF_DEFAULT (the
 * default route) or RTF_ROUTEINFO, and RTF_EXPIRES, as rt6_add_dflt_router
 * and rt6_add_route_info set them (from the source; not reproduced live).
 * Verified on Linux 6.18: prefix 00000001, expiring prefix 00400001,
 * address local 80200001, user local 80000001, addrconf anycast 00300001,
 * user anycast 00000001, ff00::/8 00000001, reject 00200200, gateway
 * 00000003, pref high 08000003, pref low 18000001.
 */
#include "proc_gen.h"

#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* include/uapi/linux/route.h and ipv6_route.h */
#define K_RTF_UP        0x00000001u
#define K_RTF_GATEWAY   0x00000002u
#define K_RTF_REJECT    0x00000200u
#define K_RTF_ROUTEINFO 0x00008000u
#define K_RTF_DEFAULT   0x00010000u
#define K_RTF_ADDRCONF  0x00040000u
#define K_RTF_ANYCAST   0x00100000u
#define K_RTF_NONEXTHOP 0x00200000u
#define K_RTF_EXPIRES   0x00400000u
#define K_RTF_LOCAL     0x80000000u
#define K_RTF_PREF(p)   ((uint32_t)(p) << 27)

#define PREF_HIGH 1       /* ICMPV6_ROUTER_PREF_HIGH */
#define PREF_LOW  3       /* ICMPV6_ROUTER_PREF_LOW */
#define PROT_RA   9       /* RTPROT_RA */

#define NONE  (-1)
#define NULL_ENTRY (-2)

/* One fib6_info: a model route, masked as the kernel stores it. */
struct rent {
	const struct vn_route *r;
	uint8_t dst[16], src[16];
	uint32_t metric;
	int next;                 /* fib6_next on the same node */
	unsigned int ref;
};

/* One fib6_node. */
struct node {
	int bit;
	int parent, left, right, subtree;
	int leaf;                 /* rent index, NULL_ENTRY or NONE */
	bool rtinfo, root, tl_root;
};

struct fib {
	struct rent *r;
	struct node *n;
	size_t nn, capn;
	unsigned int null_ref;
};

struct table {
	uint32_t id;
	size_t first;             /* index of its first route in the model */
	int root;
};

static void mask_prefix(uint8_t out[16], const uint8_t in[16], unsigned int len)
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

static int new_node(struct fib *f)
{
	if (f->nn == f->capn) {
		f->capn = f->capn ? f->capn * 2 : 16;
		f->n = realloc(f->n, f->capn * sizeof(*f->n));
		if (!f->n)
			abort();
	}
	f->n[f->nn] = (struct node){ .parent = NONE, .left = NONE, .right = NONE,
				     .subtree = NONE, .leaf = NONE };
	return (int)f->nn++;
}

static const uint8_t *leaf_key(const struct fib *f, int leaf, bool src)
{
	static const uint8_t zero[16];
	if (leaf < 0)
		return zero;            /* the null entry is ::/0 from ::/0 */
	return src ? f->r[leaf].src : f->r[leaf].dst;
}

static void hold(struct fib *f, int leaf)
{
	if (leaf == NULL_ENTRY)
		f->null_ref++;
	else if (leaf >= 0)
		f->r[leaf].ref++;
}

static void release(struct fib *f, int leaf)
{
	if (leaf == NULL_ENTRY)
		f->null_ref--;
	else if (leaf >= 0)
		f->r[leaf].ref--;
}

/* fib6_add_1: find or make the node for addr/plen under root. */
static int add_1(struct fib *f, int root, const uint8_t addr[16], int plen, bool src)
{
	int fn = root, pn = NONE;
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
				f->n[fn].leaf = NONE;
			} else if (f->n[fn].tl_root && f->n[fn].leaf == NULL_ENTRY) {
				f->n[fn].leaf = NONE;
			}
			return fn;
		}
		dir = bit_set(addr, f->n[fn].bit);
		pn = fn;
		fn = dir ? f->n[fn].right : f->n[fn].left;
	} while (fn != NONE);

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
static void add_rt2node(struct fib *f, int fn, int rt)
{
	int *ins = &f->n[fn].leaf;
	while (*ins >= 0 && f->r[*ins].metric <= f->r[rt].metric)
		ins = &f->r[*ins].next;
	f->r[rt].next = *ins;
	*ins = rt;
	f->r[rt].ref++;
	f->n[fn].rtinfo = true;
}

/* fib6_add */
static void fib_add(struct fib *f, int root, int rt)
{
	struct rent *e = &f->r[rt];
	int fn = add_1(f, root, e->dst, e->r->dst_len, false);

	if (e->r->src_len) {
		int sn;
		if (f->n[fn].subtree == NONE) {
			int sfn = new_node(f);
			f->n[sfn].leaf = NULL_ENTRY;
			f->null_ref++;
			f->n[sfn].root = true;
			sn = add_1(f, sfn, e->src, e->r->src_len, true);
			f->n[sfn].parent = fn;
			f->n[fn].subtree = sfn;
		} else {
			sn = add_1(f, f->n[fn].subtree, e->src, e->r->src_len, true);
		}
		if (f->n[fn].leaf == NONE) {
			if (f->n[fn].tl_root) {
				f->n[fn].leaf = NULL_ENTRY;
			} else {
				f->r[rt].ref++;
				f->n[fn].leaf = rt;
			}
		}
		fn = sn;
	}
	add_rt2node(f, fn, rt);
}

static bool v6_loopback_type(const uint8_t a[16])
{
	static const uint8_t one[16] = { [15] = 1 };
	return memcmp(a, one, 16) == 0 || (a[0] == 0xff && (a[1] & 0x0f) == 0x1);
}

static bool is_reject(const struct vn_model *m, const struct vn_route *r)
{
	if (r->type == RTN_BLACKHOLE || r->type == RTN_UNREACHABLE ||
	    r->type == RTN_PROHIBIT || r->type == RTN_THROW)
		return true;
	if (r->type == RTN_LOCAL || r->type == RTN_ANYCAST)
		return false;
	const struct vn_link *l = r->oif ? vn_link_by_index(m, r->oif) : NULL;
	return l && (l->flags & IFF_LOOPBACK) && !v6_loopback_type(r->dst);
}

/* A kernel prefix route whose address has a finite valid lifetime expires
 * with it (addrconf_prefix_route with RTF_EXPIRES). */
static bool prefix_route_expires(const struct vn_model *m, const struct vn_route *r)
{
	if (r->protocol != RTPROT_KERNEL || r->type != RTN_UNICAST || r->has_gateway)
		return false;
	for (size_t i = 0; i < m->naddrs; i++) {
		const struct vn_addr *a = &m->addrs[i];
		uint8_t p[16];
		if (a->family != AF_INET6 || a->ifindex != r->oif || a->prefixlen != r->dst_len)
			continue;
		mask_prefix(p, a->local, a->prefixlen);
		if (memcmp(p, r->dst, 16) == 0 && a->valid_lft != VN_INFINITY_LIFE)
			return true;
	}
	return false;
}

static const char *loopback_name(const struct vn_model *m)
{
	for (size_t i = 0; i < m->nlinks; i++)
		if (m->links[i].flags & IFF_LOOPBACK)
			return m->links[i].name;
	return "lo";
}

static void put_hex(struct buf *out, const uint8_t a[16])
{
	static const char hx[] = "0123456789abcdef";
	char *p = buf_reserve(out, 32);
	for (int i = 0; i < 16; i++) {
		p[2 * i] = hx[a[i] >> 4];
		p[2 * i + 1] = hx[a[i] & 15];
	}
	out->len += 32;
	out->data[out->len] = '\0';
}

static void route_line(const struct vn_model *m, const struct rent *e, struct buf *out)
{
	static const uint8_t zero[16];
	const struct vn_route *r = e->r;
	uint32_t flags;
	const char *dev;
	bool gw = false;

	if (is_reject(m, r)) {
		flags = K_RTF_REJECT | K_RTF_NONEXTHOP;
		dev = loopback_name(m);
	} else {
		const struct vn_link *l = r->oif ? vn_link_by_index(m, r->oif) : NULL;
		dev = l ? l->name : loopback_name(m);
		flags = K_RTF_UP;
		gw = r->has_gateway;
		if (gw)
			flags |= K_RTF_GATEWAY;
		if (r->type == RTN_LOCAL)
			flags |= K_RTF_LOCAL;
		if ((r->type == RTN_LOCAL || r->type == RTN_ANYCAST) &&
		    r->protocol == RTPROT_KERNEL)
			flags |= K_RTF_NONEXTHOP;
		if (r->type == RTN_ANYCAST && r->protocol == RTPROT_KERNEL)
			flags |= K_RTF_ANYCAST;
		if (r->protocol == PROT_RA)
			flags |= K_RTF_ADDRCONF | K_RTF_EXPIRES |
				 (r->dst_len == 0 ? K_RTF_DEFAULT : K_RTF_ROUTEINFO);
		if (prefix_route_expires(m, r))
			flags |= K_RTF_EXPIRES;
		if (r->pref == PREF_HIGH || r->pref == PREF_LOW)
			flags |= K_RTF_PREF(r->pref);
	}

	put_hex(out, e->dst);
	buf_printf(out, " %02x ", r->dst_len);
	put_hex(out, e->src);
	buf_printf(out, " %02x ", r->src_len);
	put_hex(out, gw ? r->gateway : zero);
	buf_printf(out, " %08x %08x %08x %08x %8s\n", e->metric, e->ref, 0u, flags, dev);
}

static void null_line(const struct vn_model *m, unsigned int ref, struct buf *out)
{
	buf_puts(out, "00000000000000000000000000000000 00 "
		      "00000000000000000000000000000000 00 "
		      "00000000000000000000000000000000 ffffffff ");
	buf_printf(out, "%08x %08x %08x %8s\n", ref, 0u, K_RTF_REJECT | K_RTF_NONEXTHOP,
		   loopback_name(m));
}

/* fib6_walk_continue: subtree, 0 branch, 1 branch, then the node. */
static void walk(const struct vn_model *m, const struct fib *f, int fn, struct buf *out)
{
	const struct node *n = &f->n[fn];
	if (n->subtree != NONE)
		walk(m, f, n->subtree, out);
	if (n->left != NONE)
		walk(m, f, n->left, out);
	if (n->right != NONE)
		walk(m, f, n->right, out);
	if (!n->rtinfo)
		return;
	if (n->leaf == NULL_ENTRY) {
		null_line(m, f->null_ref, out);
		return;
	}
	for (int e = n->leaf; e >= 0; e = f->r[e].next)
		route_line(m, &f->r[e], out);
}

static int table_cmp(const void *pa, const void *pb)
{
	const struct table *a = pa, *b = pb;
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

void gen_net_ipv6_route(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	struct fib f = { .null_ref = 1 };
	size_t nt = 2;
	struct table *t = calloc(m->nroutes + 2, sizeof(*t));
	f.r = calloc(m->nroutes ? m->nroutes : 1, sizeof(*f.r));
	if (!t || !f.r)
		abort();
	t[0] = (struct table){ .id = RT_TABLE_MAIN, .first = 0 };
	t[1] = (struct table){ .id = RT_TABLE_LOCAL, .first = 0 };
	for (size_t i = 0; i < m->nroutes; i++) {
		if (m->routes[i].family != AF_INET6)
			continue;
		size_t k = 0;
		while (k < nt && t[k].id != m->routes[i].table)
			k++;
		if (k == nt)
			t[nt++] = (struct table){ .id = m->routes[i].table, .first = i };
	}
	for (size_t k = 0; k < nt; k++) {
		int root = new_node(&f);
		f.n[root].leaf = NULL_ENTRY;
		f.n[root].rtinfo = f.n[root].root = f.n[root].tl_root = true;
		t[k].root = root;
	}

	/* Insert in the model's order, table by table as they come. */
	for (size_t i = 0; i < m->nroutes; i++) {
		const struct vn_route *r = &m->routes[i];
		if (r->family != AF_INET6)
			continue;
		struct rent *e = &f.r[i];
		e->r = r;
		mask_prefix(e->dst, r->dst, r->dst_len);
		mask_prefix(e->src, r->src, r->src_len);
		e->metric = r->has_priority ? r->priority : 1024;   /* IP6_RT_PRIO_USER */
		e->next = NONE;
		if ((r->type == RTN_LOCAL || r->type == RTN_ANYCAST) &&
		    r->protocol == RTPROT_KERNEL)
			e->ref++;       /* ifp->rt / aca_rt */
		size_t k = 0;
		while (t[k].id != r->table)
			k++;
		fib_add(&f, t[k].root, (int)i);
	}

	qsort(t, nt, sizeof(*t), table_cmp);
	for (size_t k = 0; k < nt; k++)
		walk(m, &f, t[k].root, out);

	free(f.n);
	free(f.r);
	free(t);
}
