/* /proc/net/arp, as net/ipv4/arp.c renders it (arp_seq_show).
 *
 * The IPv4 neighbours, then the proxy entries (pneigh, NTF_PROXY), one line
 * each: address (%-16s), the device's ARPHRD type and the ATF flags
 * (0x%-10x each), the hardware address (%-17s), the mask column that is
 * always "*", the device name. Flags: ATF_PERM|ATF_COM for a permanent
 * entry, ATF_COM for any other valid state (reachable, stale, delay,
 * probe), 0 otherwise; proxies ATF_PUBL|ATF_PERM with a zero address.
 * The hardware address is as long as the device's (dev->addr_len), from
 * the entry's bytes, zeros where it has none. Entries whose state is
 * NOARP or NONE are skipped (NEIGH_SEQ_SKIP_NOARP).
 *
 * Order: Linux walks its neighbour hash table, salted at random when the
 * table is made, so no order is "the" order; the model's (the order the
 * entries were added or listed in the scenario) stands for it. */
#include "proc_gen.h"

#include <linux/neighbour.h>
#include <stdio.h>
#include <sys/socket.h>

#define ATF_COM  0x02
#define ATF_PERM 0x04
#define ATF_PUBL 0x08

static unsigned int arp_flags(uint16_t state)
{
	if (state & NUD_PERMANENT)
		return ATF_PERM | ATF_COM;
	if (state & (NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE | NUD_DELAY))
		return ATF_COM;
	return 0;
}

static void row(struct buf *out, const struct vn_neigh *n, const struct vn_link *l)
{
	char ip[16], hw[30] = "";
	snprintf(ip, sizeof(ip), "%u.%u.%u.%u", n->dst[0], n->dst[1], n->dst[2], n->dst[3]);
	if (n->flags & NTF_PROXY) {
		buf_printf(out, "%-16s 0x%-10x0x%-10x%s     *        %s\n", ip, l ? l->type : 0,
			   ATF_PUBL | ATF_PERM, "00:00:00:00:00:00", l ? l->name : "*");
		return;
	}
	/* HBUFFERLEN 30: at most nine bytes fit */
	size_t k = 0;
	for (unsigned int j = 0; k < sizeof(hw) - 3 && j < l->addr_len; j++) {
		uint8_t b = j < n->lladdr_len ? n->lladdr[j] : 0;
		k += (size_t)snprintf(hw + k, sizeof(hw) - k, "%02x:", b);
	}
	if (k)
		hw[k - 1] = '\0';
	buf_printf(out, "%-16s 0x%-10x0x%-10x%-17s     *        %s\n", ip, l->type,
		   arp_flags(n->state), hw, l->name);
}

void gen_net_arp(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_puts(out, "IP address       HW type     Flags       HW address            Mask     Device\n");
	for (int proxy = 0; proxy < 2; proxy++) {
		for (size_t i = 0; i < m->nneighs; i++) {
			const struct vn_neigh *n = &m->neighs[i];
			if (n->family != AF_INET || !(n->flags & NTF_PROXY) != !proxy)
				continue;
			const struct vn_link *l = vn_link_by_index(m, n->ifindex);
			if (!proxy && (!l || !(n->state & ~NUD_NOARP)))
				continue;
			row(out, n, l);
		}
	}
}
