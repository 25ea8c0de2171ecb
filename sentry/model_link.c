/* Link changes as rtnl_setlink / rtnl_newlink / rtnl_dellink make them,
 * and what follows from a link's state as the kernel's notifier chains
 * make it follow:
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
 *    the link's addresses. */
#include "model_change.h"

#include <errno.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linkinfo.h"

/* RFC 2863 operstates (linux/if.h, which clashes with <net/if.h>) */
enum { IF_OPER_UNKNOWN = 0, IF_OPER_DOWN = 2, IF_OPER_LOWERLAYERDOWN = 3, IF_OPER_UP = 6 };

static struct vn_link *link_mut(struct vn_model *m, int ifindex)
{
	const struct vn_link *l = vn_link_by_index(m, ifindex);
	return l ? &m->links[l - m->links] : NULL;
}

static bool is_kind(const struct vn_link *l, const char *k)
{
	return strcmp(l->kind, k) == 0;
}

static bool no_operstate(const struct vn_link *l)
{
	return l->type == ARPHRD_LOOPBACK || is_kind(l, "dummy") || is_kind(l, "tun");
}

static bool want_carrier(const struct vn_model *m, const struct vn_link *l)
{
	if (!(l->flags & IFF_UP))
		return false;
	if (is_kind(l, "veth") && l->link_netnsid < 0 && l->link) {
		const struct vn_link *peer = vn_link_by_index(m, l->link);
		return peer && (peer->flags & IFF_UP);
	}
	if (is_kind(l, "bridge")) {
		/* br_port_state_selection: carrier while a port forwards (the
		 * kernel shows the loss up to a second late: linkwatch) */
		for (size_t i = 0; i < m->nlinks; i++) {
			const struct vn_link *p = &m->links[i];
			if (p->master == l->ifindex && (p->flags & IFF_UP) && (p->flags & IFF_LOWER_UP))
				return true;
		}
		return false;
	}
	if (is_kind(l, "tun"))
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
}

/* addrconf_dev_config / init_loopback: the address a link gets when it
 * becomes ready, unless it has one. */
static void autoconf_v6(struct vn_change *c, const struct vn_link *l)
{
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

static void emit_link(struct vn_change *c, const struct vn_link *l, uint32_t change)
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
				l = first ? link_mut(m, first) : NULL;
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
				emit_link(c, l, 0);
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

/* dev_close: the device reports itself down (its carrier gone with it),
 * then addrconf_ifdown drops its IPv6 routes and addresses in list order;
 * fib_flush drops IPv4 routes without a word. */
static void link_down(struct vn_change *c, struct vn_link *l, uint32_t change)
{
	struct vn_model *m = c->m;
	int ifindex = l->ifindex;
	l->flags &= ~(unsigned)IFF_UP;
	bool ready;
	sync_one(m, l, &ready);
	emit_link(c, l, change);
	for (size_t i = 0; i < m->nroutes;) {
		const struct vn_route *r = &m->routes[i];
		if (r->oif != ifindex || (r->family == AF_INET && r->scope == RT_SCOPE_HOST)) {
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
static void link_up(struct vn_change *c, struct vn_link *l, uint32_t change)
{
	int ifindex = l->ifindex;
	l->flags |= IFF_UP;
	if (strcmp(l->qdisc, "noop") == 0) {
		/* the qdisc a device gets when it first opens (dev_activate) */
		struct vn_link d = *l;
		vn_link_defaults(&d, c->m->cpus, NULL);
		strcpy(l->qdisc, d.qdisc);
	}
	carrier_now(c->m, l);
	emit_link(c, l, change);
	derive_link(c, ifindex, AF_INET);
	sync_links(c, ifindex);
}

static bool valid_name(const char *s)
{
	size_t n = strlen(s);
	if (!n || n >= IFNAMSIZ || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || *s == ' ' || *s == '\t' || *s == '\n')
			return false;
	return true;
}

/* dev_get_valid_name: "%d" in a name takes the lowest free number. */
static int pick_name(const struct vn_model *m, const char *want, char out[IFNAMSIZ])
{
	if (!valid_name(want))
		return -EINVAL;
	const char *pct = strstr(want, "%d");
	if (!pct) {
		snprintf(out, IFNAMSIZ, "%s", want);
		return vn_link_by_name(m, out) ? -EEXIST : 0;
	}
	for (int i = 0; i < 32768; i++) {
		char buf[64];
		snprintf(buf, sizeof(buf), "%.*s%d%s", (int)(pct - want), want, i, pct + 2);
		if (strlen(buf) < IFNAMSIZ && !vn_link_by_name(m, buf)) {
			strcpy(out, buf);
			return 0;
		}
	}
	return -ENFILE;
}

static void release_port(struct vn_link *p)
{
	p->master = 0;
	p->slave_kind[0] = '\0';
	memset(p->slave_info, 0, sizeof(p->slave_info));
	if (p->promiscuity)
		p->promiscuity--;
}

/* br_stp_recalculate_bridge_id: a bridge whose address was not set takes
 * the lowest of its ports' (zero without ports), and its id follows. */
static void bridge_addr(struct vn_model *m, int br_index)
{
	struct vn_link *br = link_mut(m, br_index);
	if (!br || !is_kind(br, "bridge"))
		return;
	const uint8_t *low = NULL;
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct vn_link *p = &m->links[i];
		if (p->master == br_index && p->addr_len == 6 && (!low || memcmp(p->addr, low, 6) < 0))
			low = p->addr;
	}
	static const uint8_t zero[6];
	memcpy(br->addr, low ? low : zero, 6);
	const struct vn_li_table *t = vn_linkinfo_table("bridge", 0);
	int prio = vn_linkinfo_index(t, IFLA_BR_PRIORITY);
	int bid = vn_linkinfo_index(t, IFLA_BR_BRIDGE_ID), rid = vn_linkinfo_index(t, IFLA_BR_ROOT_ID);
	if (prio < 0 || bid < 0 || rid < 0)
		return;
	uint64_t id = vn_linkinfo_brid((uint16_t)br->info[prio], br->addr);
	br->info[bid] = br->info[rid] = id;
}

static int set_master(struct vn_change *c, struct vn_link *l, int master)
{
	struct vn_model *m = c->m;
	if (master == l->master)
		return 0;
	int old = l->master;
	if (old) {
		release_port(l);
		bridge_addr(m, old);
	}
	if (!master)
		return 0;
	const struct vn_link *br = vn_link_by_index(m, master);
	if (!br)
		return -EINVAL;
	if (!is_kind(br, "bridge") || master == l->ifindex) {
		c->extack = "Device does not allow enslaving to an upper device";
		return -EOPNOTSUPP;
	}
	/* port numbers: the lowest free from 1 (find_portno) */
	unsigned port_no = 1;
	const struct vn_li_table *t = vn_linkinfo_table("bridge", 1);
	int row = t ? vn_linkinfo_index(t, IFLA_BRPORT_NO) : -1;
	for (bool taken = true; taken && row >= 0; port_no += taken) {
		taken = false;
		for (size_t i = 0; i < m->nlinks; i++)
			if (m->links[i].master == master && m->links[i].slave_info[row] == port_no)
				taken = true;
	}
	l->master = master;
	strcpy(l->slave_kind, "bridge");
	vn_linkinfo_port_defaults(l, br, port_no);
	l->promiscuity++;
	bridge_addr(m, master);
	return 0;
}

int vn_link_change(struct vn_change *c, int ifindex, const struct vn_link_req *q)
{
	struct vn_model *m = c->m;
	struct vn_link *l = link_mut(m, ifindex);
	if (!l)
		return -ENODEV;
	/* validate everything before changing anything (do_setlink checks
	 * as it goes, but each check precedes its own change) */
	char name[IFNAMSIZ] = "";
	if (q->name && strcmp(q->name, l->name)) {
		int err = pick_name(m, q->name, name);
		if (err)
			return err;
	}
	if (q->has_mtu) {
		if (q->mtu < l->min_mtu) {
			c->extack = "mtu less than device minimum";
			return -EINVAL;
		}
		if (l->max_mtu && q->mtu > l->max_mtu) {
			c->extack = "mtu greater than device maximum";
			return -EINVAL;
		}
	}
	if (q->addr_len && q->addr_len != l->addr_len)
		return -EINVAL;
	if (q->addr_len && l->type == ARPHRD_ETHER &&
	    ((q->addr[0] & 1) || !memcmp(q->addr, "\0\0\0\0\0\0", 6)))
		return -EADDRNOTAVAIL;
	if (q->has_master) {
		int err = set_master(c, l, q->master);
		if (err)
			return err;
	}
	if (name[0]) {
		for (size_t i = 0; i < m->naddrs; i++)
			if (m->addrs[i].ifindex == ifindex && !strcmp(m->addrs[i].label, name))
				m->addrs[i].label[0] = '\0';
		strcpy(l->name, name);
	}
	if (q->has_mtu)
		l->mtu = q->mtu;
	if (q->has_txqlen)
		l->txqlen = q->txqlen;
	if (q->has_group)
		l->group = q->group;
	if (q->addr_len)
		memcpy(l->addr, q->addr, q->addr_len);
	/* rtnl_dev_combine_flags: ifi_change selects, 0 means all; both 0
	 * leaves the flags alone. dev_change_flags takes only the flags a
	 * user may set, and IFF_UP through open/close. */
	unsigned mask = !q->flags && !q->change ? 0 : q->change ? q->change : 0xffffffffu;
	unsigned settable = IFF_DEBUG | IFF_NOTRAILERS | IFF_NOARP | IFF_DYNAMIC |
			    IFF_MULTICAST | IFF_PORTSEL | IFF_AUTOMEDIA | IFF_PROMISC | IFF_ALLMULTI;
	unsigned old = l->flags;
	l->flags = (l->flags & ~(mask & settable)) | (q->flags & mask & settable);
	uint32_t change = (old ^ l->flags) & settable;
	bool up = q->flags & IFF_UP, was = l->flags & IFF_UP;
	/* one RTM_NEWLINK for the request, ifi_change naming the flags it
	 * changed (__dev_notify_flags) */
	if ((mask & IFF_UP) && up != was) {
		if (up)
			link_up(c, l, change | IFF_UP);
		else
			link_down(c, l, change | IFF_UP);
	} else {
		emit_link(c, l, change);
	}
	vn_link_sync(c);
	return 0;
}

/* A locally administered unicast address (eth_hw_addr_random), from a
 * generator of the model's own so that runs are repeatable. */
static void random_mac(const struct vn_model *m, int salt, uint8_t mac[6])
{
	uint64_t x = 0x9e3779b97f4a7c15ull * (uint64_t)(salt + 1) ^ (uint64_t)m->nlinks << 32;
	for (int i = 0; i < 6; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		mac[i] = (uint8_t)(x >> 24);
	}
	mac[0] = (uint8_t)((mac[0] & 0xfe) | 0x02);
}

static int next_ifindex(const struct vn_model *m)
{
	return m->nlinks ? m->links[m->nlinks - 1].ifindex + 1 : 1;
}

static struct vn_link new_link(const struct vn_model *m, const char *kind, const char *name, int ifindex)
{
	struct vn_link l;
	memset(&l, 0, sizeof(l));
	l.ifindex = ifindex;
	snprintf(l.name, sizeof(l.name), "%s", name);
	snprintf(l.kind, sizeof(l.kind), "%s", kind);
	l.type = ARPHRD_ETHER;
	l.addr_len = 6;
	random_mac(m, ifindex, l.addr);
	memset(l.broadcast, 0xff, 6);
	vn_link_defaults(&l, m->cpus, NULL);
	strcpy(l.qdisc, "noop");   /* until it first goes up */
	l.flags = is_kind(&l, "dummy") ? IFF_BROADCAST | IFF_NOARP : IFF_BROADCAST | IFF_MULTICAST;
	l.operstate = IF_OPER_DOWN;
	l.link_netnsid = -1;
	if (is_kind(&l, "bridge"))
		l.tso_max_size = 524280;   /* BR's own limit until ports lower it */
	vn_linkinfo_defaults(&l);
	return l;
}

static int apply_req(struct vn_change *c, int ifindex, const struct vn_link_req *q)
{
	struct vn_link_req r = *q;
	r.name = NULL;
	return vn_link_change(c, ifindex, &r);
}

/* register_netdevice: the device's netconf (inetdev_init, then
 * ipv6_add_dev), then the device with every flag "changed". */
static void registered(struct vn_change *c, const struct vn_link *l)
{
	vn_change_notify(c, &(struct vn_event){ .type = RTM_NEWNETCONF, .obj = l, .family = AF_INET });
	vn_change_notify(c, &(struct vn_event){ .type = RTM_NEWNETCONF, .obj = l, .family = AF_INET6 });
	emit_link(c, l, 0xffffffffu);
}

int vn_link_create(struct vn_change *c, const char *kind, const char *name,
		   const struct vn_link_req *q, const char *peer_name, const struct vn_link_req *pq)
{
	struct vn_model *m = c->m;
	if (strcmp(kind, "veth") && strcmp(kind, "bridge") && strcmp(kind, "dummy")) {
		c->extack = "Unknown device type";
		return -EOPNOTSUPP;
	}
	char nm[IFNAMSIZ], pnm[IFNAMSIZ] = "";
	char pattern[IFNAMSIZ + 2];
	snprintf(pattern, sizeof(pattern), "%s%%d", kind);
	int err = pick_name(m, name && name[0] ? name : pattern, nm);
	if (err)
		return err;
	bool veth = strcmp(kind, "veth") == 0;
	if (veth) {
		err = pick_name(m, peer_name && peer_name[0] ? peer_name : "veth%d", pnm);
		if (!err && !strcmp(pnm, nm))
			err = -EEXIST;
		if (err)
			return err;
	}
	int idx = next_ifindex(m);
	if (veth) {
		/* veth_newlink registers the peer first */
		struct vn_link p = new_link(m, kind, pnm, idx), d = new_link(m, kind, nm, idx + 1);
		p.link = d.ifindex;
		d.link = p.ifindex;
		registered(c, vn_model_add_link(m, &p));
		registered(c, vn_model_add_link(m, &d));
		if (pq && (err = apply_req(c, p.ifindex, pq)) != 0)
			return err;
		idx = d.ifindex;
	} else {
		struct vn_link d = new_link(m, kind, nm, idx);
		registered(c, vn_model_add_link(m, &d));
	}
	return q ? apply_req(c, idx, q) : 0;
}

static void remove_link(struct vn_change *c, int ifindex)
{
	struct vn_model *m = c->m;
	struct vn_link *l = link_mut(m, ifindex);
	if (!l)
		return;
	if (l->flags & IFF_UP)
		link_down(c, l, IFF_UP);
	for (size_t i = m->naddrs; i-- > 0;) {
		if (m->addrs[i].ifindex != ifindex)
			continue;
		struct vn_addr gone = m->addrs[i];
		vn_model_remove_addr_at(m, i);
		vn_change_emit(c, RTM_DELADDR, &gone);
	}
	for (size_t i = m->nroutes; i-- > 0;)
		if (m->routes[i].oif == ifindex)
			vn_model_remove_route_at(c, i, false);
	for (size_t i = m->nneighs; i-- > 0;)
		if (m->neighs[i].ifindex == ifindex) {
			memmove(&m->neighs[i], &m->neighs[i + 1], (m->nneighs - i - 1) * sizeof(*m->neighs));
			m->nneighs--;
		}
	for (size_t i = 0; i < m->nlinks; i++)
		if (m->links[i].master == ifindex)
			release_port(&m->links[i]);
	l = link_mut(m, ifindex);
	struct vn_link gone = *l;
	size_t at = (size_t)(l - m->links);
	memmove(&m->links[at], &m->links[at + 1], (m->nlinks - at - 1) * sizeof(*m->links));
	m->nlinks--;
	/* unregister_netdevice_many_notify: every flag "changed", from the
	 * request */
	vn_change_notify(c, &(struct vn_event){ .type = RTM_DELLINK, .obj = &gone,
			 .change = 0xffffffffu, .by = VN_BY_REQ });
	if (gone.master)
		bridge_addr(m, gone.master);
}

int vn_link_delete(struct vn_change *c, int ifindex)
{
	const struct vn_link *l = vn_link_by_index(c->m, ifindex);
	if (!l)
		return -ENODEV;
	/* only devices made through rtnl_link_ops can be deleted */
	if (!is_kind(l, "veth") && !is_kind(l, "bridge") && !is_kind(l, "dummy") && !is_kind(l, "tun"))
		return -EOPNOTSUPP;
	int peer = is_kind(l, "veth") && l->link_netnsid < 0 ? l->link : 0;
	remove_link(c, ifindex);
	if (peer)
		remove_link(c, peer);
	vn_link_sync(c);
	return 0;
}
