/* Adding and removing addresses as inet_rtm_newaddr / inet_rtm_deladdr and
 * their IPv6 counterparts do, with the kernel routes that follow.
 *
 * Order (what a dump shows): IPv4 per link as __inet_insert_ifa links them
 * — a primary after the last primary of no narrower scope, a secondary at
 * the end; IPv6 as ipv6_link_dev_addr — before the first address of the
 * same or a narrower source scope. A primary that goes takes its
 * secondaries with it (net.ipv4.conf.*.promote_secondaries is 0 in a fresh
 * namespace). Routes are re-derived from the link's addresses before and
 * after the change (model_route.c's derivation), so only what the change
 * implies is added or removed. */
#include "devconf.h"
#include "model_change.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

void vn_change_notify(struct vn_change *c, const struct vn_event *e)
{
	if (e->type == RTM_NEWLINK || e->type == RTM_DELLINK)
		c->m->link_changes++;
	if (c->ev && c->ev->fn)
		c->ev->fn(c->ev->arg, c->m, e);
}

void vn_change_emit(struct vn_change *c, uint16_t type, const void *obj)
{
	vn_change_notify(c, &(struct vn_event){ .type = type, .obj = obj });
}

/* An address change as its family reports it: inet_rtm_newaddr passes the
 * request to rtmsg_ifa, addrconf notifies as the kernel (no sender). */
static void emit_addr(struct vn_change *c, uint16_t type, const struct vn_addr *a)
{
	vn_change_notify(c, &(struct vn_event){ .type = type, .obj = a,
			 .by = a->family == AF_INET ? VN_BY_REQ : VN_BY_KERNEL });
}

/* Kernel routes are inserted with NLM_F_EXCL|NLM_F_CREATE (fib_magic, and
 * addrconf for a local route); addrconf's prefix and multicast routes say
 * NLM_F_CREATE only. */
static uint16_t kernel_route_flags(const struct vn_route *r)
{
	return r->family == AF_INET6 && r->type != RTN_LOCAL ? VN_F_CREATE : VN_F_CREATE | VN_F_EXCL;
}

void vn_change_emit_kernel_route(struct vn_change *c, const struct vn_route *r)
{
	vn_change_notify(c, &(struct vn_event){ .type = RTM_NEWROUTE, .obj = r,
			 .nlflags = kernel_route_flags(r) });
}

void vn_model_remove_addr_at(struct vn_model *m, size_t i)
{
	memmove(&m->addrs[i], &m->addrs[i + 1], (m->naddrs - i - 1) * sizeof(*m->addrs));
	m->naddrs--;
}

void vn_model_remove_route_at(struct vn_change *c, size_t i, bool notify)
{
	struct vn_model *m = c->m;
	struct vn_route gone = m->routes[i];
	memmove(&m->routes[i], &m->routes[i + 1], (m->nroutes - i - 1) * sizeof(*m->routes));
	m->nroutes--;
	if (notify)
		vn_change_emit(c, RTM_DELROUTE, &gone);
}

bool vn_is_local_addr(const struct vn_model *m, uint8_t family, const uint8_t *a)
{
	size_t n = family == AF_INET ? 4 : 16;
	for (size_t i = 0; i < m->naddrs; i++)
		if (m->addrs[i].family == family && !memcmp(m->addrs[i].local, a, n))
			return true;
	return false;
}

static bool same_subnet(const struct vn_addr *a, const struct vn_addr *b)
{
	if (a->prefixlen != b->prefixlen)
		return false;
	int full = a->prefixlen / 8, rest = a->prefixlen % 8;
	if (memcmp(a->local, b->local, (size_t)full))
		return false;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return !rest || (a->local[full] & mask) == (b->local[full] & mask);
}

static size_t insert_addr_at(struct vn_model *m, size_t pos, const struct vn_addr *a)
{
	vn_model_add_addr(m, a);   /* grows the array; then move it into place */
	struct vn_addr tmp = m->addrs[m->naddrs - 1];
	memmove(&m->addrs[pos + 1], &m->addrs[pos], (m->naddrs - 1 - pos) * sizeof(*m->addrs));
	m->addrs[pos] = tmp;
	return pos;
}

/* Routes the given address set derives for one link (a scratch model that
 * shares links and addresses). */
static struct vn_model derived_set(const struct vn_model *m, const struct vn_addr *addrs,
				   size_t n, int ifindex)
{
	struct vn_model s;
	memset(&s, 0, sizeof(s));
	s.links = m->links;
	s.nlinks = m->nlinks;
	s.addrs = (struct vn_addr *)(uintptr_t)addrs;   /* only read: derivation adds routes */
	s.naddrs = n;
	for (size_t i = 0; i < n; i++)
		if (addrs[i].ifindex == ifindex)
			vn_model_derive_addr(&s, &addrs[i]);
	return s;
}

static bool in_set(const struct vn_model *s, const struct vn_route *r)
{
	for (size_t i = 0; i < s->nroutes; i++)
		if (vn_route_same(&s->routes[i], r))
			return true;
	return false;
}

/* fib_del_ifaddr removes (and reports) the prefix route, the broadcasts,
 * then the local route: derivation order with local routes last. */
static void remove_gone(struct vn_change *c, const struct vn_model *old, const struct vn_model *now,
			int ifindex)
{
	struct vn_model *m = c->m;
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < old->nroutes; k++) {
			const struct vn_route *r = &old->routes[k];
			if ((r->type == RTN_LOCAL) != (pass == 1) || in_set(now, r))
				continue;
			for (size_t i = 0; i < m->nroutes; i++)
				if (m->routes[i].oif == ifindex && vn_route_same(&m->routes[i], r)) {
					vn_model_remove_route_at(c, i, true);
					break;
				}
		}
}

/* locals: also add the local routes (addrconf adds an IPv6 address's
 * prefix route at once, its local route when it is reported). */
static void rederive(struct vn_change *c, int ifindex, const struct vn_addr *before, size_t nbefore,
		     bool locals)
{
	struct vn_model *m = c->m;
	struct vn_model old = derived_set(m, before, nbefore, ifindex);
	struct vn_model now = derived_set(m, m->addrs, m->naddrs, ifindex);
	remove_gone(c, &old, &now, ifindex);
	for (size_t i = 0; i < now.nroutes; i++) {
		bool have = !locals && now.routes[i].type == RTN_LOCAL;
		for (size_t j = 0; j < m->nroutes && !have; j++)
			have = vn_route_same(&m->routes[j], &now.routes[i]);
		if (!have)
			vn_change_emit_kernel_route(c, vn_model_add_route(m, &now.routes[i]));
	}
	vn_model_sort_routes(m);
	free(old.routes);
	free(now.routes);
}

void vn_addr_rederive(struct vn_change *c, int ifindex, const struct vn_addr *before, size_t nbefore)
{
	rederive(c, ifindex, before, nbefore, true);
}

static struct vn_addr *snapshot_addrs(const struct vn_model *m)
{
	struct vn_addr *copy = malloc((m->naddrs + 1) * sizeof(*copy));
	if (!copy)
		abort();
	memcpy(copy, m->addrs, m->naddrs * sizeof(*copy));
	return copy;
}

/* After inserting: notify, derive, notify the routes (rtmsg_ifa before the
 * NETDEV_UP chain that runs fib_add_ifaddr). IPv6: inet6_addr_add adds the
 * prefix route before the address is reported (the model has no DAD). */
static void added(struct vn_change *c, size_t idx, const struct vn_addr *before, size_t nbefore)
{
	if (c->m->addrs[idx].family == AF_INET6)
		rederive(c, c->m->addrs[idx].ifindex, before, nbefore, false);
	emit_addr(c, RTM_NEWADDR, &c->m->addrs[idx]);
	vn_addr_rederive(c, c->m->addrs[idx].ifindex, before, nbefore);
}

static int add_v4(struct vn_change *c, struct vn_addr a)
{
	struct vn_model *m = c->m;
	if (a.prefixlen > 32)
		return -EINVAL;
	a.flags &= ~(uint32_t)(IFA_F_SECONDARY | IFA_F_PERMANENT);
	if (a.valid_lft == VN_INFINITY_LIFE)
		a.flags |= IFA_F_PERMANENT;   /* set_ifa_lifetime */
	size_t last_primary = SIZE_MAX, first = SIZE_MAX, last = SIZE_MAX;
	for (size_t i = 0; i < m->naddrs; i++) {
		struct vn_addr *o = &m->addrs[i];
		if (o->family != AF_INET || o->ifindex != a.ifindex)
			continue;
		if (first == SIZE_MAX)
			first = i;
		last = i;
		if (!(o->flags & IFA_F_SECONDARY) && a.scope <= o->scope)
			last_primary = i;
		if (!same_subnet(o, &a))
			continue;
		if (!memcmp(o->local, a.local, 4)) {
			if ((c->nlflags & VN_F_EXCL) || !(c->nlflags & VN_F_REPLACE)) {
				c->extack = "ipv4: Address already assigned";
				return -EEXIST;
			}
			o->valid_lft = a.valid_lft;
			o->preferred_lft = a.preferred_lft;
			o->proto = a.proto;
			emit_addr(c, RTM_NEWADDR, o);
			return 0;
		}
		if (o->scope != a.scope) {
			c->extack = "ipv4: Invalid scope value";
			return -EINVAL;
		}
		a.flags |= IFA_F_SECONDARY;
	}
	size_t pos;
	if (a.flags & IFA_F_SECONDARY)
		pos = last + 1;
	else if (last_primary != SIZE_MAX)
		pos = last_primary + 1;
	else
		pos = first != SIZE_MAX ? first : m->naddrs;
	struct vn_addr *before = snapshot_addrs(m);
	size_t nbefore = m->naddrs;
	added(c, insert_addr_at(m, pos, &a), before, nbefore);
	free(before);
	return 0;
}

/* ipv6_addr_src_scope, ordered as the kernel compares them. */
static int v6_src_scope(const uint8_t *a)
{
	static const uint8_t loop[16] = { [15] = 1 };
	if (!memcmp(a, loop, 16))
		return 1;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return 2;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		return 5;
	return 14;
}

static uint8_t v6_scope(const uint8_t *a)
{
	switch (v6_src_scope(a)) {
	case 1: return RT_SCOPE_HOST;
	case 2: return RT_SCOPE_LINK;
	case 5: return RT_SCOPE_SITE;
	default: return RT_SCOPE_UNIVERSE;
	}
}

static int add_v6(struct vn_change *c, struct vn_addr a)
{
	struct vn_model *m = c->m;
	if (a.prefixlen > 128)
		return -EINVAL;
	a.scope = v6_scope(a.local);
	a.flags &= IFA_F_NODAD | IFA_F_HOMEADDRESS | IFA_F_MANAGETEMPADDR |
		   IFA_F_NOPREFIXROUTE | IFA_F_MCAUTOJOIN | IFA_F_OPTIMISTIC;
	if (a.valid_lft == VN_INFINITY_LIFE)
		a.flags |= IFA_F_PERMANENT;
	size_t pos = SIZE_MAX, last = SIZE_MAX;
	int scope = v6_src_scope(a.local);
	for (size_t i = 0; i < m->naddrs; i++) {
		struct vn_addr *o = &m->addrs[i];
		if (o->family != AF_INET6 || o->ifindex != a.ifindex)
			continue;
		if (!memcmp(o->local, a.local, 16)) {
			if ((c->nlflags & VN_F_EXCL) || !(c->nlflags & VN_F_REPLACE)) {
				c->extack = "ipv6: address already assigned";
				return -EEXIST;
			}
			o->valid_lft = a.valid_lft;
			o->preferred_lft = a.preferred_lft;
			emit_addr(c, RTM_NEWADDR, o);
			return 0;
		}
		last = i;
		if (pos == SIZE_MAX && scope >= v6_src_scope(o->local))
			pos = i;
	}
	if (pos == SIZE_MAX)
		pos = last != SIZE_MAX ? last + 1 : m->naddrs;
	struct vn_addr *before = snapshot_addrs(m);
	size_t nbefore = m->naddrs;
	added(c, insert_addr_at(m, pos, &a), before, nbefore);
	free(before);
	return 0;
}

int vn_addr_add(struct vn_change *c, const struct vn_addr *a)
{
	if (!vn_link_by_index(c->m, a->ifindex))
		return -ENODEV;
	if (a->family == AF_INET)
		return add_v4(c, *a);
	if (a->family == AF_INET6 && devconf_get(c->m, AF_INET6, a->ifindex, DC6_disable_ipv6)) {
		/* addrconf_add_dev refuses, inet6_addr_add says why */
		c->extack = "ipv6: IPv6 is disabled on this device";
		return -EACCES;
	}
	if (a->family == AF_INET6)
		return add_v6(c, *a);
	return -EAFNOSUPPORT;
}

static bool del_match(const struct vn_addr *o, const struct vn_addr *a, bool has_local, bool has_prefix)
{
	if (o->family != a->family || o->ifindex != a->ifindex)
		return false;
	size_t n = a->family == AF_INET ? 4 : 16;
	if (a->family == AF_INET6)
		return !memcmp(o->local, a->local, n) && o->prefixlen == a->prefixlen;
	if (has_local && memcmp(o->local, a->local, n))
		return false;
	if (a->label[0] && strcmp(o->label, a->label))
		return false;
	if (has_prefix && (o->prefixlen != a->prefixlen || !same_subnet(o, a)))
		return false;
	return true;
}

/* Remove address i, report it, then the kernel routes it took along. */
static void remove_one(struct vn_change *c, size_t i)
{
	struct vn_model *m = c->m;
	struct vn_addr *before = snapshot_addrs(m);
	size_t nbefore = m->naddrs;
	struct vn_addr gone = m->addrs[i];
	vn_model_remove_addr_at(m, i);
	emit_addr(c, RTM_DELADDR, &gone);
	vn_addr_rederive(c, gone.ifindex, before, nbefore);
	free(before);
}

static bool has_v4(const struct vn_model *m, int ifindex)
{
	for (size_t i = 0; i < m->naddrs; i++)
		if (m->addrs[i].family == AF_INET && m->addrs[i].ifindex == ifindex)
			return true;
	return false;
}

/* fib_inetaddr_event: the last IPv4 address of a link gone, fib_disable_ip
 * flushes every IPv4 route through it (any table, any scope; fib_flush
 * sends no notification) and arp_ifdown its neighbours, permanent too. */
static void disable_ip(struct vn_change *c, int ifindex)
{
	struct vn_model *m = c->m;
	for (size_t i = m->nroutes; i-- > 0;)
		if (m->routes[i].family == AF_INET && m->routes[i].oif == ifindex)
			vn_model_remove_route_at(c, i, false);
	for (size_t i = m->nneighs; i-- > 0;) {
		if (m->neighs[i].family != AF_INET || m->neighs[i].ifindex != ifindex)
			continue;
		struct vn_neigh gone = m->neighs[i];
		memmove(&m->neighs[i], &m->neighs[i + 1], (m->nneighs - i - 1) * sizeof(*m->neighs));
		m->nneighs--;
		vn_change_emit(c, RTM_DELNEIGH, &gone);
	}
}

int vn_addr_del(struct vn_change *c, const struct vn_addr *a, bool has_local, bool has_prefix)
{
	struct vn_model *m = c->m;
	if (!vn_link_by_index(m, a->ifindex))
		return -ENODEV;
	size_t i = 0;
	while (i < m->naddrs && !del_match(&m->addrs[i], a, has_local, has_prefix))
		i++;
	if (i == m->naddrs) {
		c->extack = a->family == AF_INET ? "ipv4: Address not found" : "ipv6: address not found";
		return -EADDRNOTAVAIL;
	}
	struct vn_addr gone = m->addrs[i];
	if (gone.family == AF_INET && !(gone.flags & IFA_F_SECONDARY)) {
		/* __inet_del_ifa: each secondary of the subnet goes first,
		 * reported with its routes */
		for (size_t j = 0; j < m->naddrs;) {
			struct vn_addr s = m->addrs[j];
			if (s.family == AF_INET && s.ifindex == gone.ifindex &&
			    (s.flags & IFA_F_SECONDARY) && same_subnet(&s, &gone))
				remove_one(c, j);
			else
				j++;
		}
		for (i = 0; memcmp(&m->addrs[i], &gone, sizeof(gone)); i++)
			;
	}
	remove_one(c, i);
	if (gone.family == AF_INET && !has_v4(m, gone.ifindex))
		disable_ip(c, gone.ifindex);
	return 0;
}
