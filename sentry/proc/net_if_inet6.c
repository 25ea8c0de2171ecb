/* /proc/net/if_inet6, as net/ipv6/addrconf.c renders it (if6_seq_show).
 *
 * One line per IPv6 address: "%pi6 %02x %02x %02x %02x %8s\n", that is
 * the address as 32 hex digits, ifindex, prefix length, scope, the low
 * eight bits of the IFA_F_* flags, and the device name right-aligned in
 * eight columns. The scope column is not the rtnetlink scope but the
 * kernel's ipv6_addr_scope(): the IPV6_ADDR_* type bits under
 * IPV6_ADDR_SCOPE_MASK, computed from the address itself: 10 for ::1,
 * 20 for fe80::/10, 40 for fec0::/10, 80 for IPv4-compatible ::a.b.c.d,
 * 00 for everything else (global, ULA, v4-mapped).
 *
 * Order: the kernel walks its global address hash table, bucket by
 * bucket, newest first within a bucket; the bucket is a hash of the
 * address mixed with net->hash_mix, which is random per namespace. Two
 * namespaces set up identically on Linux 6.18 print their addresses in
 * different orders, so no order is "the" kernel's and readers cannot rely
 * on one. veneer prints a stable one: by ifindex, and within a link in the
 * model's (the kernel's per-link) order, which is the order `ip -6 addr`
 * shows.
 */
#include "proc_gen.h"

#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* include/net/ipv6.h: IPV6_ADDR_LOOPBACK, _LINKLOCAL, _SITELOCAL, _COMPATv4 */
static unsigned int v6_scope_bits(const uint8_t a[16])
{
	static const uint8_t zero[10];

	if (a[0] == 0xff) {              /* multicast: from the scope nibble */
		switch (a[1] & 0x0f) {
		case 0x1: return 0x10;
		case 0x2: return 0x20;
		case 0x5: return 0x40;
		default:  return 0x00;
		}
	}
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return 0x20;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		return 0x40;
	if (memcmp(a, zero, 8) == 0) {
		if (memcmp(a + 8, zero, 4) == 0) {
			uint32_t last = (uint32_t)a[12] << 24 | (uint32_t)a[13] << 16 |
					(uint32_t)a[14] << 8 | a[15];
			if (last == 0)
				return 0x00;     /* :: */
			if (last == 1)
				return 0x10;     /* ::1 */
			return 0x80;             /* ::a.b.c.d */
		}
	}
	return 0x00;
}

struct ent {
	const struct vn_addr *a;
	size_t idx;
};

static int ent_cmp(const void *pa, const void *pb)
{
	const struct ent *a = pa, *b = pb;
	if (a->a->ifindex != b->a->ifindex)
		return a->a->ifindex < b->a->ifindex ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

void gen_net_if_inet6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	struct ent *v = calloc(m->naddrs ? m->naddrs : 1, sizeof(*v));
	if (!v)
		abort();
	size_t n = 0;
	for (size_t i = 0; i < m->naddrs; i++)
		if (m->addrs[i].family == AF_INET6)
			v[n++] = (struct ent){ .a = &m->addrs[i], .idx = i };
	qsort(v, n, sizeof(*v), ent_cmp);

	for (size_t i = 0; i < n; i++) {
		const struct vn_addr *a = v[i].a;
		const struct vn_link *l = vn_link_by_index(m, a->ifindex);
		if (!l)
			continue;
		for (int k = 0; k < 16; k++)
			buf_printf(out, "%02x", a->local[k]);
		buf_printf(out, " %02x %02x %02x %02x %8s\n", (unsigned int)a->ifindex,
			   a->prefixlen, v6_scope_bits(a->local), a->flags & 0xffu, l->name);
	}
	free(v);
}

/* /proc/net/anycast6 (ac6_seq_show: "%-4d %-15s %pi6 %5d"): the anycast
 * addresses links joined, which are the subnet-router anycast addresses
 * of a forwarding link's prefixes (addrconf_join_anycast), each with an
 * anycast route in table local. Links in ifindex order, each newest
 * first (ipv6_dev_ac_inc adds at the head); users: the link's addresses
 * shorter than /127 in that prefix. */
static unsigned int anycast_users(const struct vn_model *m, const struct vn_route *r)
{
	unsigned int users = 0;
	for (size_t i = 0; i < m->naddrs; i++) {
		const struct vn_addr *a = &m->addrs[i];
		uint8_t p[16];
		if (a->family != AF_INET6 || a->ifindex != r->oif || a->prefixlen != r->dst_len ||
		    a->prefixlen >= 127)
			continue;
		memcpy(p, a->local, 16);
		for (int bit = a->prefixlen; bit < 128; bit++)
			p[bit / 8] &= (uint8_t)~(0x80 >> (bit % 8));
		users += memcmp(p, r->dst, 16) == 0;
	}
	return users ? users : 1;
}

void gen_net_anycast6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	for (size_t k = 0; k < m->nlinks; k++) {
		const struct vn_link *l = &m->links[k];
		uint32_t below = UINT32_MAX;   /* print by seq, highest first */
		for (;;) {
			const struct vn_route *next = NULL;
			for (size_t i = 0; i < m->nroutes; i++) {
				const struct vn_route *r = &m->routes[i];
				if (r->family == AF_INET6 && r->type == RTN_ANYCAST &&
				    r->protocol == RTPROT_KERNEL && r->oif == l->ifindex &&
				    r->seq < below && (!next || r->seq > next->seq))
					next = r;
			}
			if (!next)
				break;
			below = next->seq;
			buf_printf(out, "%-4d %-15s ", l->ifindex, l->name);
			for (int b = 0; b < 16; b++)
				buf_printf(out, "%02x", next->dst[b]);
			buf_printf(out, " %5u\n", anycast_users(m, next));
		}
	}
}
