/* /proc/net/{igmp,igmp6,dev_mcast}: the multicast groups each link has
 * joined, as net/ipv4/igmp.c, net/ipv6/mcast.c and net/core/dev_addr_lists.c
 * print them.
 *
 * The groups are those a link joins by itself, in the kernel's orders
 * (sentry/mcast.h): all-nodes on every link, up or down, all-hosts on up
 * links, a bridge's snooping groups, a solicited-node group per IPv6
 * address. dev_mcast lists the link-layer addresses those groups map to on
 * Ethernet links, oldest first. mcfilter and mcfilter6 list the source
 * filters of groups joined with one (IGMPv3/MLDv2 source lists): a link
 * joins none by itself, so they are their headers.
 */
#include "proc_gen.h"

#include <string.h>

#include "mcast.h"

/* igmp_mc_seq_show: a device with groups, its count and querier version
 * (no querier heard: V3), then each group with its users. */
void gen_net_igmp(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_puts(out, "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n");
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct vn_link *l = &m->links[i];
		struct vn_mc_groups g;
		vn_mc_groups(m, l, &g);
		if (g.v4.n)
			buf_printf(out, "%d\t%-10s: %5zu %7s\n", l->ifindex, l->name, g.v4.n, "V3");
		for (size_t k = 0; k < g.v4.n; k++) {
			uint32_t a;   /* printed as the kernel holds it: network order */
			memcpy(&a, g.v4.v[k].addr, 4);
			buf_printf(out, "\t\t\t\t%08X %5u %d:%08lX\t\t%d\n", a, g.v4.v[k].users, 0, 0ul, 0);
		}
		vn_mc_free(&g);
	}
}

/* igmp6_mc_seq_show */
void gen_net_igmp6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct vn_link *l = &m->links[i];
		struct vn_mc_groups g;
		vn_mc_groups(m, l, &g);
		for (size_t k = 0; k < g.v6.n; k++) {
			buf_printf(out, "%-4d %-15s ", l->ifindex, l->name);
			for (int b = 0; b < 16; b++)
				buf_printf(out, "%02x", g.v6.v[k].addr[b]);
			buf_printf(out, " %5u %08X %ld\n", g.v6.v[k].users, g.v6.v[k].flags, 0L);
		}
		vn_mc_free(&g);
	}
}

/* dev_mc_seq_show: "%-4d %-15s %-5d %-5d %*phN" (users, global users). */
void gen_net_dev_mcast(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct vn_link *l = &m->links[i];
		struct vn_mc_groups g;
		vn_mc_groups(m, l, &g);
		for (size_t k = 0; k < g.ll.n; k++) {
			buf_printf(out, "%-4d %-15s %-5u %-5d ", l->ifindex, l->name, g.ll.v[k].users, 0);
			for (int b = 0; b < 6; b++)
				buf_printf(out, "%02x", g.ll.v[k].addr[b]);
			buf_puts(out, "\n");
		}
		vn_mc_free(&g);
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
