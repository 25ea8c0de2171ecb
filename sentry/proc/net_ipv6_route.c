/* /proc/net/ipv6_route, as net/ipv6/route.c renders it
 * (ipv6_route_native_seq_show), in the order net/ipv6/ip6_fib.c walks its
 * tables (ipv6_route_seq_* over fib6_walk_continue), and /proc/net/
 * rt6_stats, from the FIB fib6_tree.c builds.
 *
 * Each line: destination as 32 hex digits and its length (%02x), the
 * source prefix likewise, the gateway (zeros without one), then
 * " %08x %08x %08x %08x %8s\n": metric, the fib6_info reference count,
 * use (always 0 since routes lost their use counter), flags, device.
 *
 * Order. Inside a table the trie is walked in post-order: a node's source
 * subtree, then its 0 branch, then its 1 branch, then its own routes, so
 * more specific prefixes come before the ones that contain them and the
 * table root ::/0 comes last; a root without a ::/0 route holds the null
 * entry, which is why every table ends with that line. Routes on one node
 * are kept by metric, a new one after those of equal metric. A live
 * namespace shows higher reference counts: every cached dst made by
 * traffic holds its route.
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
#include <string.h>
#include <sys/socket.h>

#include "fib6_tree.h"

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
		fib6_mask_prefix(p, a->local, a->prefixlen);
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

static void route_line(const struct vn_model *m, const struct fib6_rent *e, struct buf *out)
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
static void walk(const struct vn_model *m, const struct fib6 *f, int fn, struct buf *out)
{
	const struct fib6_node *n = &f->n[fn];
	if (n->subtree != FIB6_NONE)
		walk(m, f, n->subtree, out);
	if (n->left != FIB6_NONE)
		walk(m, f, n->left, out);
	if (n->right != FIB6_NONE)
		walk(m, f, n->right, out);
	if (!n->rtinfo)
		return;
	if (n->leaf == FIB6_NULL_ENTRY) {
		null_line(m, f->null_ref, out);
		return;
	}
	for (int e = n->leaf; e >= 0; e = f->r[e].next)
		route_line(m, &f->r[e], out);
}

void gen_net_ipv6_route(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	struct fib6_tables t;
	fib6_build(m, &t);
	for (size_t k = 0; k < t.nt; k++)
		walk(m, &t.f, t.t[k].root, out);
	fib6_free(&t);
}

/* rt6_stats_seq_show: nodes, route nodes, fib_rt_alloc, route entries,
 * cached routes, dst entries, discarded routes. The allocations, caches
 * and dsts are made by traffic, and the model has none. */
void gen_net_rt6_stats(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	struct fib6_tables t;
	fib6_build(m, &t);
	buf_printf(out, "%04x %04x %04x %04x %04x %04x %04x\n", t.f.nodes, t.f.route_nodes, 0u,
		   t.f.entries, 0u, 0u, 0u);
	fib6_free(&t);
}
