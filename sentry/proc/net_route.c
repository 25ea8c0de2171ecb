/* /proc/net/route, as net/ipv4/fib_trie.c renders it (fib_route_seq_show
 * and fib_flag_trans).
 *
 * A header padded to 127 columns, then one line per IPv4 route of table
 * main only (the file predates policy routing and never looked further),
 * each padded with spaces to 127 columns. broadcast and multicast routes
 * are left out; local, blackhole, unreachable, prohibit and throw routes
 * are shown.
 *
 * Columns: device ("*" for a route without one), destination, gateway and
 * mask printed with %08X from the __be32, which on the little-endian
 * machines veneer models reads the address bytes backwards (10.0.2.0 ->
 * 0002000A); flags RTF_UP, RTF_GATEWAY when the first nexthop has an IPv4
 * gateway, RTF_HOST for a /32, RTF_REJECT for unreachable and prohibit
 * (not blackhole, not throw); RefCnt and Use are always 0; Metric is the
 * priority. The MTU column is fib_advmss + 40, not the mtu metric, so a
 * route with "mtu 1400" still shows 0; veneer keeps no advmss, window or
 * rtt, so MTU, Window and IRTT are 0.
 *
 * Order: the trie is walked leaf by leaf in ascending key order (the
 * destination as a host-order number). One leaf holds every prefix length
 * of that key, its aliases sorted longest prefix first, then by TOS
 * descending, then by priority ascending; routes equal in all of these
 * keep the order they were added in (the model's order). Checked on
 * Linux 6.18 with default routes, /1, /8, /16 with TOS and metrics, /24,
 * host routes and blackhole/unreachable/prohibit/throw in one table.
 */
#include "proc_gen.h"

#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <sys/socket.h>

/* include/uapi/linux/route.h */
#define K_RTF_UP      0x0001
#define K_RTF_GATEWAY 0x0002
#define K_RTF_HOST    0x0004
#define K_RTF_REJECT  0x0200

#define ROUTE_LINE_WIDTH 127

/* The host-order trie key of an IPv4 destination. */
static uint32_t v4_key(const uint8_t a[16], unsigned int len)
{
	uint32_t k = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
		     (uint32_t)a[2] << 8 | a[3];
	if (len == 0)
		return 0;
	if (len < 32)
		k &= ~(uint32_t)0 << (32 - len);
	return k;
}

/* What %08X prints for a __be32 holding host-order value v on a
 * little-endian kernel. */
static unsigned int be32_as_le(uint32_t v)
{
	return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
}

struct ent {
	const struct vn_route *r;
	uint32_t key;
	size_t idx;
};

static int ent_cmp(const void *pa, const void *pb)
{
	const struct ent *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->r->dst_len != b->r->dst_len)
		return a->r->dst_len > b->r->dst_len ? -1 : 1;
	if (a->r->tos != b->r->tos)
		return a->r->tos > b->r->tos ? -1 : 1;
	uint32_t pa_ = a->r->has_priority ? a->r->priority : 0;
	uint32_t pb_ = b->r->has_priority ? b->r->priority : 0;
	if (pa_ != pb_)
		return pa_ < pb_ ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void route_line(const struct vn_model *m, const struct ent *e, struct buf *out)
{
	const struct vn_route *r = e->r;
	uint32_t gw = 0;
	unsigned int flags = K_RTF_UP;

	if (r->has_gateway)
		gw = v4_key(r->gateway, 32);
	if (r->type == RTN_UNREACHABLE || r->type == RTN_PROHIBIT)
		flags |= K_RTF_REJECT;
	if (gw)
		flags |= K_RTF_GATEWAY;
	if (r->dst_len >= 32)
		flags |= K_RTF_HOST;

	const struct vn_link *l = r->oif ? vn_link_by_index(m, r->oif) : NULL;
	uint32_t mask = r->dst_len ? ~(uint32_t)0 << (32 - (r->dst_len > 32 ? 32 : r->dst_len)) : 0;
	size_t start = out->len;
	buf_printf(out, "%s\t%08X\t%08X\t%04X\t%d\t%u\t%u\t%08X\t%d\t%u\t%u",
		   l ? l->name : "*", be32_as_le(e->key), be32_as_le(gw), flags, 0, 0u,
		   r->has_priority ? r->priority : 0u, be32_as_le(mask), 0, 0u, 0u);
	buf_pad_line(out, start, ROUTE_LINE_WIDTH);
}

void gen_net_route(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	size_t start = out->len;
	buf_puts(out, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU"
		      "\tWindow\tIRTT");
	buf_pad_line(out, start, ROUTE_LINE_WIDTH);

	struct ent *v = calloc(m->nroutes ? m->nroutes : 1, sizeof(*v));
	if (!v)
		abort();
	size_t n = 0;
	for (size_t i = 0; i < m->nroutes; i++) {
		const struct vn_route *r = &m->routes[i];
		if (r->family != AF_INET || r->table != RT_TABLE_MAIN)
			continue;
		if (r->type == RTN_BROADCAST || r->type == RTN_MULTICAST)
			continue;
		v[n++] = (struct ent){ .r = r, .key = v4_key(r->dst, r->dst_len), .idx = i };
	}
	qsort(v, n, sizeof(*v), ent_cmp);
	for (size_t i = 0; i < n; i++)
		route_line(m, &v[i], out);
	free(v);
}
