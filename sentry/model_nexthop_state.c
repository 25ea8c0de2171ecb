/* Multipath routes when a device on one of their paths goes down, loses
 * its carrier or comes back (fib_sync_down_dev / fib_sync_up for IPv4,
 * fib6_ifdown / fib6_ifup for IPv6 siblings): the path is marked
 * (RTNH_F_DEAD, RTNH_F_LINKDOWN) and the route stays while another path
 * lives; `ip route` then shows "dead linkdown" on that path. */
#include "model_nexthop.h"

#include <linux/rtnetlink.h>
#include <sys/socket.h>

static void mark(uint8_t *flags, uint8_t bits, bool set)
{
	*flags = set ? (uint8_t)(*flags | bits) : (uint8_t)(*flags & ~bits);
}

void vn_mpath_mark(struct vn_model *m, int ifindex, uint8_t bits, bool set)
{
	for (size_t i = 0; i < m->nroutes; i++) {
		struct vn_route *r = &m->routes[i];
		if (r->mp_n && r->mp_off + r->mp_n <= m->nmp_hops) {
			for (uint32_t k = 0; k < r->mp_n; k++)
				if (m->mp_hops[r->mp_off + k].oif == ifindex)
					mark(&m->mp_hops[r->mp_off + k].flags, bits, set);
		} else if (r->oif == ifindex && !set && (bits & RTNH_F_DEAD)) {
			r->flags &= ~(uint32_t)RTNH_F_DEAD;
		}
	}
}

static bool path_alive(const struct vn_nh *nh, int ifindex)
{
	return nh->oif != ifindex && !(nh->flags & RTNH_F_DEAD);
}

bool vn_mpath_survives(struct vn_model *m, struct vn_route *r, int ifindex)
{
	if (r->mp_n && r->mp_off + r->mp_n <= m->nmp_hops) {
		for (uint32_t k = 0; k < r->mp_n; k++)
			if (path_alive(&m->mp_hops[r->mp_off + k], ifindex))
				return true;
		return false;
	}
	if (!vn_route_qualifies_for_ecmp(r))
		return false;
	for (size_t i = 0; i < m->nroutes; i++) {
		const struct vn_route *s = &m->routes[i];
		if (s == r || !vn_route_siblings(s, r) || s->oif == ifindex ||
		    (s->flags & RTNH_F_DEAD))
			continue;
		r->flags |= RTNH_F_DEAD | RTNH_F_LINKDOWN;
		return true;
	}
	return false;
}

bool vn_route_uses_dev(const struct vn_model *m, const struct vn_route *r, int ifindex)
{
	if (r->oif == ifindex)
		return true;
	for (uint32_t k = 0; r->mp_n && k < r->mp_n && r->mp_off + k < m->nmp_hops; k++)
		if (m->mp_hops[r->mp_off + k].oif == ifindex)
			return true;
	return false;
}
