/* A link's multicast groups (mcast.h). */
#include "model.h"

#include <net/if_arp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bridge_model.h"
#include "linkinfo.h"
#include "mcast.h"

/* Join addr (len bytes): a group already there gains a user, as
 * __ipv6_dev_mc_inc, ____ip_mc_inc_group and __hw_addr_add count them;
 * a new one goes to the head (head) or the tail. */
static void join(struct vn_mc_list *s, const uint8_t *addr, size_t len, unsigned flags, bool head)
{
	for (size_t i = 0; i < s->n; i++) {
		if (memcmp(s->v[i].addr, addr, len) == 0) {
			s->v[i].users++;
			return;
		}
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 8;
		struct vn_mc_group *v = realloc(s->v, cap * sizeof(*v));
		if (!v)
			abort();
		s->v = v;
		s->cap = cap;
	}
	struct vn_mc_group g = { .users = 1, .flags = flags };
	memcpy(g.addr, addr, len);
	if (head) {
		memmove(s->v + 1, s->v, s->n * sizeof(*s->v));
		s->v[0] = g;
	} else {
		s->v[s->n] = g;
	}
	s->n++;
}

/* ipv6_eth_mc_map, ip_eth_mc_map */
static void map6(struct vn_mc_list *ll, const uint8_t a[16])
{
	uint8_t mac[6] = { 0x33, 0x33, a[12], a[13], a[14], a[15] };
	join(ll, mac, 6, 0, false);
}

static void map4(struct vn_mc_list *ll, const uint8_t a[4])
{
	uint8_t mac[6] = { 0x01, 0x00, 0x5e, (uint8_t)(a[1] & 0x7f), a[2], a[3] };
	join(ll, mac, 6, 0, false);
}

static void solicited(const uint8_t a[16], uint8_t out[16])
{
	static const uint8_t pfx[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff };
	memcpy(out, pfx, 13);
	memcpy(out + 13, a + 13, 3);
}

/* br_multicast_join_snoopers runs when a bridge with snooping opens */
static bool snoops(const struct vn_link *l)
{
	if (!vn_is_bridge(l) || !(l->flags & IFF_UP))
		return false;
	int i = vn_linkinfo_index(vn_linkinfo_table("bridge", 0), 23);   /* IFLA_BR_MCAST_SNOOPING */
	return i >= 0 && l->info[i] != 0;
}

void vn_mc_groups(const struct vn_model *m, const struct vn_link *l, struct vn_mc_groups *g)
{
	memset(g, 0, sizeof(*g));
	static const uint8_t all4[4] = { 224, 0, 0, 1 }, snoop4[4] = { 224, 0, 0, 106 };
	static const uint8_t all6[16] = { 0xff, 0x02, [15] = 1 }, node6[16] = { 0xff, 0x01, [15] = 1 };
	static const uint8_t snoop6[16] = { 0xff, 0x02, [15] = 0x6a };
	bool up = l->flags & IFF_UP, snoop = snoops(l);
	bool dad = up && (l->flags & IFF_LOWER_UP) && l->type != ARPHRD_LOOPBACK &&
		   !(l->flags & IFF_NOARP);
	/* only Ethernet links map groups to link-layer addresses here */
	bool ether = l->type == ARPHRD_ETHER && (l->flags & IFF_MULTICAST);
	bool loaded = up || !l->mc_reloaded;
	struct vn_mc_list *ll = &g->ll;

	/* registration: ff01::1, ff02::1 (the device list gets the latter) */
	join(&g->v6, node6, 16, VN_MAF_NOREPORT, true);
	join(&g->v6, all6, 16, VN_MAF_NOREPORT | (loaded ? VN_MAF_LOADED : 0), true);
	if (ether && loaded && !l->mc_reloaded)
		map6(ll, all6);
	if (snoop) {
		join(&g->v4, snoop4, 4, 0, true);
		join(&g->v6, snoop6, 16, VN_MAF_LOADED, true);
		if (ether) {
			map4(ll, snoop4);
			map6(ll, snoop6);
		}
	}
	if (up) {
		join(&g->v4, all4, 4, 0, true);
		if (ether) {
			map4(ll, all4);
			if (l->mc_reloaded)
				map6(ll, all6);
		}
	}
	if (!dad)
		return;
	/* a link's IPv6 addresses are listed newest first within a scope,
	 * the wider scopes first (ipv6_link_dev_addr): they started DAD
	 * in the reverse order, the link-local one first */
	for (size_t k = m->naddrs; k-- > 0;) {
		const struct vn_addr *a = &m->addrs[k];
		if (a->ifindex != l->ifindex || a->family != AF_INET6)
			continue;
		uint8_t grp[16];
		solicited(a->local, grp);
		join(&g->v6, grp, 16, VN_MAF_LOADED, true);
		if (ether)
			map6(ll, grp);
	}
}

void vn_mc_free(struct vn_mc_groups *g)
{
	free(g->v4.v);
	free(g->v6.v);
	free(g->ll.v);
	memset(g, 0, sizeof(*g));
}
