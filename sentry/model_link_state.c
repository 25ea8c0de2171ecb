/* What follows from a link's state, as the kernel's notifier chains make
 * it follow after rtnl_setlink / rtnl_newlink / rtnl_dellink changed it
 * (model_link.c):
 *  - carrier: a veth has carrier when it and its peer are up, a bridge when
 *    a port is up with carrier, lo and dummy when up; a tun keeps what the
 *    scenario said (its carrier is a process attached to it);
 *  - operstate as default_operstate: UP with carrier, LOWERLAYERDOWN when
 *    the link it sits on (a veth's peer) is down, else DOWN; UNKNOWN for
 *    devices without operstate (lo, dummy, tun) when up; IFF_RUNNING and
 *    IFF_LOWER_UP as dev_get_flags reports them;
 *  - a link going down loses its IPv4 routes except host-scope ones
 *    (fib_disable_ip; the `local` routes stay), and its IPv6 addresses and
 *    routes (keep_addr_on_down is 0 in a fresh namespace); coming up, it
 *    gets the kernel routes of its IPv4 addresses again, but not the
 *    routes users had added;
 *  - losing carrier marks its routes `linkdown` (not host-scope IPv4 routes,
 *    not IPv6 local ones); gaining it clears the mark and, for IPv6, makes
 *    the EUI-64 link-local address (addrconf_dev_config) and the routes of
 *    the link's addresses;
 *  - disable_ipv6 set takes its IPv6 routes and addresses as going down
 *    does; cleared, a link that is ready gets its link-local address (::1
 *    for lo) and their routes again (dev_disable_change); while it is set,
 *    the link gets no IPv6 address. */
#include "model_link.h"
#include "tc/tc_qdisc.h"

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if_arp.h>
#include <stdlib.h>
#include <string.h>

#include "devconf.h"
#include "linkinfo.h"
#include "model_nexthop.h"

struct vn_link *vn_link_mut(struct vn_model *m, int ifindex)
{
	const struct vn_link *l = vn_link_by_index(m, ifindex);
	return l ? &m->links[l - m->links] : NULL;
}

static bool no_operstate(const struct vn_link *l)
{
	return l->type == ARPHRD_LOOPBACK || vn_link_is_kind(l, "dummy") || vn_link_is_kind(l, "tun");
}

static bool want_carrier(const struct vn_model *m, const struct vn_link *l)
{
	if (!(l->flags & IFF_UP))
		return false;
	if (vn_link_is_kind(l, "veth") && l->link_netnsid < 0 && l->link) {
		const struct vn_link *peer = vn_link_by_index(m, l->link);
		return peer && (peer->flags & IFF_UP);
	}
	if (vn_link_is_kind(l, "bridge")) {
		/* br_port_state_selection: carrier while a port forwards (the
		 * kernel shows the loss up to a second late: linkwatch) */
		for (size_t i = 0; i < m->nlinks; i++) {
			const struct vn_link *p = &m->links[i];
			if (p->master == l->ifindex && (p->flags & IFF_UP) && (p->flags & IFF_LOWER_UP))
				return true;
		}
		return false;
	}
	if (vn_link_is_kind(l, "tun"))
		return (l->flags & IFF_LOWER_UP) != 0;
	return true;
}

static uint8_t operstate_of(const struct vn_model *m, const struct vn_link *l, bool carrier)
{
	if (!(l->flags & IFF_UP))
		return IF_OPER_DOWN;
	if (carrier)
		return no_operstate(l) ? IF_OPER_UNKNOWN : IF_OPER_UP;
	if (l->link && l->link != l->ifindex && l->link_netnsid < 0) {
		const struct vn_link *lower = vn_link_by_index(m, l->link);
		if (lower && !(lower->flags & IFF_UP))
			return IF_OPER_LOWERLAYERDOWN;
	}
	return IF_OPER_DOWN;
}

static void mark_linkdown(struct vn_model *m, int ifindex, bool down)
{
	for (size_t i = 0; i < m->nroutes; i++) {
		struct vn_route *r = &m->routes[i];
		if (r->oif != ifindex)
			continue;
		if (r->family == AF_INET ? r->scope == RT_SCOPE_HOST : r->type == RTN_LOCAL)
			continue;
		r->flags = down ? r->flags | RTNH_F_LINKDOWN : r->flags & ~(uint32_t)RTNH_F_LINKDOWN;
	}
	vn_mpath_mark(m, ifindex, RTNH_F_LINKDOWN, down);
}

/* addrconf_dev_config / init_loopback: the address a link gets when it
 * becomes ready, unless it has one. */
static void autoconf_v6(struct vn_change *c, const struct vn_link *l)
{
	if (devconf_get(c->m, AF_INET6, l->ifindex, DC6_disable_ipv6))
		return;   /* addrconf_notify: nothing for a disabled link */
	struct vn_addr a;
	memset(&a, 0, sizeof(a));
	a.ifindex = l->ifindex;
	a.family = AF_INET6;
	a.valid_lft = a.preferred_lft = VN_INFINITY_LIFE;
	if (l->type == ARPHRD_LOOPBACK) {
		a.local[15] = 1;
		a.prefixlen = 128;
	} else if (l->type == ARPHRD_ETHER && l->addr_len == 6 && l->addr_gen_mode == 0) {
		/* EUI-64: fe80::(mac0^2)mac1:mac2ff:fe<mac3>:mac4mac5 */
		static const uint8_t ll[8] = { 0xfe, 0x80 };
		memcpy(a.local, ll, 8);
		a.local[8] = l->addr[0] ^ 2;
		a.local[9] = l->addr[1];
		a.local[10] = l->addr[2];
		a.local[11] = 0xff;
		a.local[12] = 0xfe;
		memcpy(&a.local[13], &l->addr[3], 3);
		a.prefixlen = 64;
	} else {
		return;
	}
	for (size_t i = 0; i < c->m->naddrs; i++) {
		const struct vn_addr *o = &c->m->addrs[i];
		if (o->family == AF_INET6 && o->ifindex == l->ifindex &&
		    (o->scope == RT_SCOPE_LINK || !memcmp(o->local, a.local, 16)))
			return;
	}
	struct vn_change sub = *c;
	sub.nlflags = VN_F_CREATE | VN_F_EXCL;
	vn_addr_add(&sub, &a);
}

/* The kernel routes of every address of the link, where missing. */
static void derive_link(struct vn_change *c, int ifindex, uint8_t family)
{
	struct vn_model *m = c->m;
	size_t n0 = m->nroutes;
	for (size_t i = 0; i < m->naddrs; i++)
		if (m->addrs[i].ifindex == ifindex && m->addrs[i].family == family)
			vn_model_derive_addr(m, &m->addrs[i]);
	for (size_t i = n0; i < m->nroutes; i++)
		vn_change_emit_kernel_route(c, &m->routes[i]);
	vn_model_sort_routes(m);
}

void vn_link_emit(struct vn_change *c, const struct vn_link *l, uint32_t change)
{
	vn_change_notify(c, &(struct vn_event){ .type = RTM_NEWLINK, .obj = l, .change = change });
}

/* netif_carrier_on/off: the carrier bit, its counters and the routes'
 * linkdown mark follow at once; operstate waits for linkwatch. */
static void carrier_now(struct vn_model *m, struct vn_link *l)
{
	bool had = l->flags & IFF_LOWER_UP, want = want_carrier(m, l);
	if (had == want)
		return;
	l->carrier_changes++;
	if (want)
		l->carrier_up_count++;
	else
		l->carrier_down_count++;
	l->flags ^= IFF_LOWER_UP;
	mark_linkdown(m, l->ifindex, !want);
}

/* linkwatch for one link: operstate and IFF_RUNNING. Returns whether the
 * link changed and whether it became ready (addrconf_dev_config). */
static bool sync_one(struct vn_model *m, struct vn_link *l, bool *ready)
{
	carrier_now(m, l);
	bool want = l->flags & IFF_LOWER_UP;
	uint8_t op = operstate_of(m, l, want);
	unsigned flags = l->flags & ~(unsigned)IFF_RUNNING;
	if ((l->flags & IFF_UP) && (op == IF_OPER_UP || op == IF_OPER_UNKNOWN))
		flags |= IFF_RUNNING;
	*ready = (flags & IFF_RUNNING) && !(l->flags & IFF_RUNNING) && want;
	if (flags == l->flags && op == l->operstate)
		return false;
	l->flags = flags;
	l->operstate = op;
	return true;
}

/* first: the link the request changed, whose event linkwatch sees first
 * (0: none). Links that are down are not reported (linkwatch_do_dev calls
 * netdev_state_change only for running devices); a link that became
 * ready gets its IPv6 link-local address after the others are reported. */
static void sync_links(struct vn_change *c, int first)
{
	struct vn_model *m = c->m;
	int *ready = calloc(m->nlinks + 1, sizeof(*ready));
	size_t nready = 0;
	if (!ready)
		abort();
	/* a bridge's carrier depends on its ports': repeat until stable */
	for (size_t round = 0; round <= m->nlinks; round++) {
		bool changed = false;
		for (size_t k = 0; k <= m->nlinks; k++) {
			struct vn_link *l;
			if (k == 0) {
				l = first ? vn_link_mut(m, first) : NULL;
			} else {
				l = &m->links[k - 1];
				if (first && l->ifindex == first)
					continue;
			}
			bool up_now;
			if (!l || !sync_one(m, l, &up_now))
				continue;
			changed = true;
			if (up_now && nready < m->nlinks)
				ready[nready++] = l->ifindex;
			if (l->flags & IFF_UP)
				vn_link_emit(c, l, 0);
		}
		if (!changed)
			break;
	}
	for (size_t i = 0; i < nready; i++) {
		const struct vn_link *l = vn_link_by_index(m, ready[i]);
		if (!l)
			continue;
		autoconf_v6(c, l);   /* changes addresses and routes, not links */
		derive_link(c, ready[i], AF_INET6);
	}
	free(ready);
}

void vn_link_sync(struct vn_change *c)
{
	sync_links(c, 0);
}

static void ifdown(struct vn_change *c, int ifindex, bool v6_only);

/* dev_close: the device reports itself down (its carrier gone with it),
 * then addrconf_ifdown drops its IPv6 routes and addresses in list order;
 * fib_flush drops IPv4 routes without a word. */
void vn_link_down(struct vn_change *c, struct vn_link *l, uint32_t change)
{
	struct vn_model *m = c->m;
	int ifindex = l->ifindex;
	l->flags &= ~(unsigned)IFF_UP;
	l->mc_reloaded = true;   /* ipv6_mc_down, ip_mc_down: groups unloaded */
	bool ready;
	sync_one(m, l, &ready);
	vn_link_emit(c, l, change);
	/* nexthop objects through it go (nexthop_flush_dev), and the paths of
	 * multipath routes through it die */
	vn_nexthop_flush_dev(c, ifindex);
	vn_mpath_mark(m, ifindex, RTNH_F_DEAD | RTNH_F_LINKDOWN, true);
	ifdown(c, ifindex, false);
}

/* The routes of the link (IPv4 ones but host-scope, unless v6_only; not
 * those by nexthop id or with a path left elsewhere) and its IPv6
 * addresses, removed and reported as addrconf_ifdown does. */
static void ifdown(struct vn_change *c, int ifindex, bool v6_only)
{
	struct vn_model *m = c->m;
	for (size_t i = 0; i < m->nroutes;) {
		struct vn_route *r = &m->routes[i];
		if (r->oif != ifindex || (r->family == AF_INET && (v6_only || r->scope == RT_SCOPE_HOST)) ||
		    r->nhid || vn_mpath_survives(m, r, ifindex)) {
			i++;
			continue;
		}
		/* reported without the linkdown mark losing the carrier
		 * just set: the kernel flushes them on NETDEV_DOWN first */
		struct vn_route gone = *r;
		gone.flags &= ~(uint32_t)RTNH_F_LINKDOWN;
		bool v6 = r->family == AF_INET6;
		vn_model_remove_route_at(c, i, false);
		if (v6)
			vn_change_emit(c, RTM_DELROUTE, &gone);
	}
	for (size_t i = 0; i < m->naddrs;) {
		if (m->addrs[i].family != AF_INET6 || m->addrs[i].ifindex != ifindex) {
			i++;
			continue;
		}
		struct vn_addr gone = m->addrs[i];
		vn_model_remove_addr_at(m, i);
		vn_change_emit(c, RTM_DELADDR, &gone);
	}
}

/* dev_open: reported up with the carrier it has at once (veth_open), then
 * NETDEV_UP derives its IPv4 routes; linkwatch and addrconf follow. */
void vn_link_up(struct vn_change *c, struct vn_link *l, uint32_t change)
{
	int ifindex = l->ifindex;
	l->flags |= IFF_UP;
	/* the qdisc a device gets when it first opens (dev_activate) */
	tc_attach_default(c, l);
	carrier_now(c->m, l);
	vn_mpath_mark(c->m, ifindex, RTNH_F_DEAD, false);   /* fib_sync_up, fib6_ifup */
	vn_link_emit(c, l, change);
	derive_link(c, ifindex, AF_INET);
	sync_links(c, ifindex);
}

void vn_link_ipv6_disabled(struct vn_change *c, struct vn_link *l, bool disabled)
{
	if (disabled) {
		ifdown(c, l->ifindex, true);
		return;
	}
	/* NETDEV_UP: addrconf_link_ready, then init_loopback or
	 * addrconf_dev_config */
	if (!(l->flags & IFF_UP) || !(l->flags & IFF_RUNNING))
		return;
	autoconf_v6(c, l);
	derive_link(c, l->ifindex, AF_INET6);
}
