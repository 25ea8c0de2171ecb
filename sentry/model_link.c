/* Link changes as rtnl_setlink / rtnl_newlink / rtnl_dellink make them:
 * checked before anything changes, names (dev_get_valid_name), bridge
 * ports, new devices (veth pairs, bridges, dummies) and their removal.
 * What follows from a link going up or down, or gaining or losing its
 * carrier, is model_link_state.c's. */
#include "model_link.h"
#include "tc/tc_model.h"

#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linkinfo.h"
#include "model_nexthop.h"

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
	struct vn_link *br = vn_link_mut(m, br_index);
	if (!br || !vn_link_is_kind(br, "bridge"))
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
	if (!vn_link_is_kind(br, "bridge") || master == l->ifindex) {
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
	struct vn_link *l = vn_link_mut(m, ifindex);
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
			vn_link_up(c, l, change | IFF_UP);
		else
			vn_link_down(c, l, change | IFF_UP);
	} else {
		vn_link_emit(c, l, change);
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
	l.flags = vn_link_is_kind(&l, "dummy") ? IFF_BROADCAST | IFF_NOARP : IFF_BROADCAST | IFF_MULTICAST;
	l.operstate = IF_OPER_DOWN;
	l.link_netnsid = -1;
	if (vn_link_is_kind(&l, "bridge"))
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
	vn_link_emit(c, l, 0xffffffffu);
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
	struct vn_link *l = vn_link_mut(m, ifindex);
	if (!l)
		return;
	if (l->flags & IFF_UP)
		vn_link_down(c, l, IFF_UP);
	for (size_t i = m->naddrs; i-- > 0;) {
		if (m->addrs[i].ifindex != ifindex)
			continue;
		struct vn_addr gone = m->addrs[i];
		vn_model_remove_addr_at(m, i);
		vn_change_emit(c, RTM_DELADDR, &gone);
	}
	vn_nexthop_flush_dev(c, ifindex);
	for (size_t i = m->nroutes; i-- > 0;)
		if (vn_route_uses_dev(m, &m->routes[i], ifindex))
			vn_model_remove_route_at(c, i, false);
	for (size_t i = m->nneighs; i-- > 0;)
		if (m->neighs[i].ifindex == ifindex) {
			memmove(&m->neighs[i], &m->neighs[i + 1], (m->nneighs - i - 1) * sizeof(*m->neighs));
			m->nneighs--;
		}
	vn_tc_remove_link(m, ifindex);
	for (size_t i = 0; i < m->nlinks; i++)
		if (m->links[i].master == ifindex)
			release_port(&m->links[i]);
	l = vn_link_mut(m, ifindex);
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
	if (!vn_link_is_kind(l, "veth") && !vn_link_is_kind(l, "bridge") &&
	    !vn_link_is_kind(l, "dummy") && !vn_link_is_kind(l, "tun"))
		return -EOPNOTSUPP;
	int peer = vn_link_is_kind(l, "veth") && l->link_netnsid < 0 ? l->link : 0;
	remove_link(c, ifindex);
	if (peer)
		remove_link(c, peer);
	vn_link_sync(c);
	return 0;
}
