/* /proc/net/{igmp,igmp6,dev_mcast}: the multicast groups each link has
 * joined, as net/ipv4/igmp.c, net/ipv6/mcast.c and net/core/dev_addr_lists.c
 * print them.
 *
 * The groups are those a link joins by itself when it comes up: IPv4
 * all-hosts (224.0.0.1) on every up link; IPv6 all-nodes (ff02::1,
 * ff01::1) and one solicited-node group per IPv6 address. The IPv6 list is
 * newest first (mcast.c links new groups at the head), so the
 * solicited-node groups come before all-nodes, last address first.
 * dev_mcast lists the link-layer addresses those groups map to on
 * Ethernet links, oldest first. mcfilter and mcfilter6 list the source
 * filters of groups joined with one (IGMPv3/MLDv2 source lists): a link
 * joins none by itself, so they are their headers.
 */
#include "proc_gen.h"

#include <net/if_arp.h>
#include <string.h>
#include <sys/socket.h>

static bool link_up(const struct vn_link *l)
{
	return (l->flags & IFF_UP) != 0;
}

/* igmp_mc_seq_show */
void gen_net_igmp(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_puts(out, "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n");
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct vn_link *l = &m->links[i];
		if (!link_up(l))
			continue;
		buf_printf(out, "%d\t%-10s: %5d %7s\n", l->ifindex, l->name, 1, "V3");
		buf_printf(out, "\t\t\t\t%08X %5d %d:%08lX\t\t%d\n", 0x010000E0u, 1, 0, 0ul, 0);
	}
}

struct group6 {
	uint8_t addr[16];
	unsigned flags;           /* MAF_*: 4 loaded, 8 never reported */
};

static void group6_line(struct buf *out, const struct vn_link *l, const struct group6 *g)
{
	buf_printf(out, "%-4d %-15s ", l->ifindex, l->name);
	for (int i = 0; i < 16; i++)
		buf_printf(out, "%02x", g->addr[i]);
	buf_printf(out, " %5d %08X %ld\n", 1, g->flags, 0L);
}

static void solicited(const uint8_t a[16], uint8_t out[16])
{
	static const uint8_t pfx[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff };
	memcpy(out, pfx, 13);
	memcpy(out + 13, a + 13, 3);
}

/* igmp6_mc_seq_show */
void gen_net_igmp6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct vn_link *l = &m->links[i];
		if (!link_up(l))
			continue;
		bool lo = l->type == ARPHRD_LOOPBACK;
		for (size_t k = m->naddrs; k-- > 0;) {
			const struct vn_addr *a = &m->addrs[k];
			if (a->ifindex != l->ifindex || a->family != AF_INET6 || lo)
				continue;
			struct group6 g = { .flags = 4 };
			solicited(a->local, g.addr);
			group6_line(out, l, &g);
		}
		struct group6 all2 = { { 0xff, 0x02, [15] = 1 }, 0x0C };
		struct group6 all1 = { { 0xff, 0x01, [15] = 1 }, 0x08 };
		group6_line(out, l, &all2);
		group6_line(out, l, &all1);
	}
}

/* dev_mc_seq_show: "%-4d %-15s %-5d %-5d %*phN" (users, global users). */
static void mc_line(struct buf *out, const struct vn_link *l, const uint8_t *mac, int users)
{
	buf_printf(out, "%-4d %-15s %-5d %-5d ", l->ifindex, l->name, users, 0);
	for (int i = 0; i < 6; i++)
		buf_printf(out, "%02x", mac[i]);
	buf_puts(out, "\n");
}

void gen_net_dev_mcast(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct vn_link *l = &m->links[i];
		if (!link_up(l) || l->type != ARPHRD_ETHER || !(l->flags & IFF_MULTICAST))
			continue;
		static const uint8_t all6[6] = { 0x33, 0x33, 0, 0, 0, 1 };
		static const uint8_t all4[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
		mc_line(out, l, all6, 1);
		mc_line(out, l, all4, 1);
		for (size_t k = 0; k < m->naddrs; k++) {
			const struct vn_addr *a = &m->addrs[k];
			if (a->ifindex != l->ifindex || a->family != AF_INET6)
				continue;
			uint8_t mac[6] = { 0x33, 0x33, 0xff, a->local[13], a->local[14], a->local[15] };
			mc_line(out, l, mac, 1);
		}
	}
}

/* igmp_mcf_seq_show's header */
void gen_net_mcfilter(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	buf_puts(out, "Idx Device        MCA        SRC    INC    EXC\n");
}

/* igmp6_mcf_seq_show's header */
void gen_net_mcfilter6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	buf_puts(out, "Idx Device                Multicast Address                   Source Address"
		      "    INC    EXC\n");
}
