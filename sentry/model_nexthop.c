/* Nexthop objects and multipath paths: the model's store and the paths a
 * route leaves by (model_nexthop.h). */
#include "model_nexthop.h"

#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static size_t nh_index(const struct vn_model *m, uint32_t id, bool *found)
{
	size_t lo = 0, hi = m->nnexthops;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->nexthops[mid].id == id) {
			*found = true;
			return mid;
		}
		if (m->nexthops[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

const struct vn_nexthop *vn_nexthop_find(const struct vn_model *m, uint32_t id)
{
	bool found;
	size_t i = nh_index(m, id, &found);
	return found ? &m->nexthops[i] : NULL;
}

struct vn_nexthop *vn_model_add_nexthop(struct vn_model *m, const struct vn_nexthop *nh)
{
	bool found;
	size_t i = nh_index(m, nh->id, &found);
	if (!found) {
		struct vn_nexthop *p = realloc(m->nexthops, (m->nnexthops + 1) * sizeof(*p));
		if (!p)
			abort();
		m->nexthops = p;
		memmove(&p[i + 1], &p[i], (m->nnexthops - i) * sizeof(*p));
		m->nnexthops++;
	}
	m->nexthops[i] = *nh;
	return &m->nexthops[i];
}

uint32_t vn_mpath_add(struct vn_model *m, const struct vn_nh *hops, size_t n)
{
	struct vn_nh *p = realloc(m->mp_hops, (m->nmp_hops + n + 1) * sizeof(*p));
	if (!p)
		abort();
	m->mp_hops = p;
	memcpy(&p[m->nmp_hops], hops, n * sizeof(*p));
	uint32_t off = (uint32_t)m->nmp_hops;
	m->nmp_hops += n;
	return off;
}

static size_t single_path(const struct vn_nexthop *nh, uint16_t hops, struct vn_nh *out)
{
	if (nh->blackhole || nh->fdb)
		return 0;
	*out = (struct vn_nh){ .oif = nh->oif, .hops = hops, .flags = (uint8_t)nh->flags,
			       .gw_family = nh->has_gateway ? nh->family : 0 };
	memcpy(out->gateway, nh->gateway, 16);
	return 1;
}

size_t vn_route_paths(const struct vn_model *m, const struct vn_route *r, struct vn_nh *out,
		      size_t max)
{
	if (!max)
		return 0;
	if (r->nhid) {
		const struct vn_nexthop *nh = vn_nexthop_find(m, r->nhid);
		if (!nh)
			return 0;
		if (!nh->is_group)
			return single_path(nh, 0, out);
		size_t n = 0;
		for (uint32_t i = 0; i < nh->ngrp && n < max; i++) {
			const struct vn_nexthop *x = vn_nexthop_find(m, nh->grp[i].id);
			if (x)
				n += single_path(x, nh->grp[i].weight_m1, &out[n]);
		}
		return n;
	}
	if (r->mp_n) {
		size_t n = r->mp_n < max ? r->mp_n : max;
		if (r->mp_off + n > m->nmp_hops)
			return 0;
		memcpy(out, &m->mp_hops[r->mp_off], n * sizeof(*out));
		return n;
	}
	if (!r->oif && !r->has_gateway)
		return 0;
	*out = (struct vn_nh){ .oif = r->oif, .hops = r->hops,
			       .gw_family = r->has_gateway ? r->family : 0,
			       .flags = (uint8_t)(r->flags & (RTNH_F_ONLINK | RTNH_F_LINKDOWN |
							      RTNH_F_DEAD)) };
	memcpy(out->gateway, r->gateway, 16);
	return 1;
}

void vn_route_take_first_path(const struct vn_model *m, struct vn_route *r)
{
	struct vn_nh nh;
	if (!r->nhid && !r->mp_n)
		return;
	if (vn_route_paths(m, r, &nh, 1) == 0) {
		r->oif = 0;
		r->has_gateway = false;
		memset(r->gateway, 0, 16);
		/* a blackhole nexthop leaves by the loopback device */
		const struct vn_nexthop *x = r->nhid ? vn_nexthop_find(m, r->nhid) : NULL;
		if (x && x->blackhole)
			for (size_t i = 0; i < m->nlinks; i++)
				if (m->links[i].flags & IFF_LOOPBACK)
					r->oif = m->links[i].ifindex;
		return;
	}
	r->oif = nh.oif;
	r->has_gateway = nh.gw_family != 0;
	memcpy(r->gateway, nh.gateway, 16);
}

bool vn_route_qualifies_for_ecmp(const struct vn_route *r)
{
	return r->family == AF_INET6 && r->has_gateway && !r->nhid && r->type == RTN_UNICAST &&
	       r->protocol != RTPROT_KERNEL && r->protocol != RTPROT_RA;
}

bool vn_route_siblings(const struct vn_route *a, const struct vn_route *b)
{
	return vn_route_qualifies_for_ecmp(a) && vn_route_qualifies_for_ecmp(b) &&
	       a->table == b->table && a->dst_len == b->dst_len && a->src_len == b->src_len &&
	       a->priority == b->priority && !memcmp(a->dst, b->dst, 16) &&
	       !memcmp(a->src, b->src, 16);
}
