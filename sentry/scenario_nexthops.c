/* The scenario's "nexthops" (what `ip -j nexthop` prints) and the paths
 * of its routes: "nhid", and "nexthops" of a multipath route. */
#include "scenario_load.h"

#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "model_nexthop.h"

static int get_flags(struct ctx *c, json_t *o, uint32_t *out)
{
	json_t *flags;
	int r = scn_get_array(c, o, "flags", &flags);
	if (r <= 0)
		return r;
	size_t i;
	json_t *x;
	unsigned long v;
	scn_push_key(c, "flags");
	json_array_foreach(flags, i, x) {
		if (!json_is_string(x) || !scn_lookup(scn_route_flag_names, json_string_value(x), &v)) {
			scn_push_index(c, i);
			fail(c, NULL, "expected a nexthop flag (onlink, linkdown, ...)");
			scn_pop(c);
			scn_pop(c);
			return -1;
		}
		*out |= (uint32_t)v;
	}
	scn_pop(c);
	return 1;
}

/* A group member: {"id": 1} or {"id": 2, "weight": 3}. */
static int load_member(struct ctx *c, json_t *o, struct vn_nh_member *g)
{
	unsigned int id = 0, w = 1;
	if (!json_is_object(o))
		return fail(c, NULL, "expected an object with \"id\"");
	int r = scn_get_uint(c, o, "id", UINT32_MAX, &id);
	if (r < 0)
		return -1;
	if (r == 0 || id == 0)
		return fail(c, NULL, "expected an object with a nonzero \"id\"");
	if (scn_get_uint(c, o, "weight", 65536, &w) < 0)
		return -1;
	if (w == 0)
		return fail(c, "weight", "expected a weight from 1 to 65536");
	*g = (struct vn_nh_member){ .id = id, .weight_m1 = (uint16_t)(w - 1) };
	return 0;
}

static int load_group(struct ctx *c, json_t *grp, struct vn_nexthop *nh)
{
	size_t i;
	json_t *x;
	if (json_array_size(grp) == 0 || json_array_size(grp) > VN_NH_GRP_MAX)
		return fail(c, "group", "expected 1 to %d members", VN_NH_GRP_MAX);
	scn_push_key(c, "group");
	json_array_foreach(grp, i, x) {
		scn_push_index(c, i);
		int r = load_member(c, x, &nh->grp[i]);
		scn_pop(c);
		if (r < 0) {
			scn_pop(c);
			return -1;
		}
	}
	scn_pop(c);
	nh->ngrp = (uint32_t)json_array_size(grp);
	nh->is_group = true;
	return 0;
}

/* One nexthop; groups on the second pass, once their members exist. */
static int load_nexthop(struct ctx *c, json_t *o, bool groups)
{
	struct vn_nexthop nh;
	memset(&nh, 0, sizeof(nh));
	unsigned long v;
	int r, f;
	if (!json_is_object(o))
		return fail(c, NULL, "expected an object");
	json_t *grp = json_object_get(o, "group");
	if (!!grp != groups)
		return 0;
	if ((r = scn_get_uint(c, o, "id", UINT32_MAX, &nh.id)) < 0)
		return -1;
	if (r == 0 || nh.id == 0)
		return fail(c, NULL, "expected an object with a nonzero \"id\"");
	if (vn_nexthop_find(c->m, nh.id))
		return fail(c, "id", "nexthop %u listed twice", nh.id);
	if ((r = scn_get_named(c, o, "protocol", scn_proto_names, 255, "a protocol (boot, static, ...)", &v)) < 0)
		return -1;
	nh.protocol = r > 0 ? (uint8_t)v : 0;
	if (get_flags(c, o, &nh.flags) < 0)
		return -1;
	nh.fdb = json_object_get(o, "fdb") != NULL;
	if (grp) {
		if (!json_is_array(grp))
			return fail(c, "group", "expected an array of {\"id\": N, \"weight\": W}");
		const char *type;
		if ((r = scn_get_str(c, o, "type", &type)) < 0)
			return -1;
		if (r > 0 && strcmp(type, "mpath") != 0)
			return fail(c, "type", "expected \"mpath\" (resilient groups are not modelled)");
		nh.grp_type = NEXTHOP_GRP_TYPE_MPATH;
		if (load_group(c, grp, &nh) < 0)
			return -1;
		for (uint32_t i = 0; i < nh.ngrp; i++)
			if (!vn_nexthop_find(c->m, nh.grp[i].id))
				return fail(c, "group", "nexthop %u is not in \"nexthops\"", nh.grp[i].id);
		vn_model_add_nexthop(c->m, &nh);
		return 0;
	}
	nh.family = AF_INET;
	if ((r = scn_get_named(c, o, "family", scn_family_names, 0, "\"inet\" or \"inet6\"", &v)) < 0)
		return -1;
	if (r > 0)
		nh.family = (uint8_t)v;
	nh.blackhole = json_object_get(o, "blackhole") != NULL;
	if ((r = scn_get_addr(c, o, "gateway", 0, false, nh.gateway, &f, NULL)) < 0)
		return -1;
	if (r > 0) {
		nh.has_gateway = true;
		nh.family = (uint8_t)f;
	}
	if (scn_get_link(c, o, "dev", &nh.oif) < 0)
		return -1;
	/* a device alone: host scope for IPv4 (fib_check_nh_nongw), link for IPv6 */
	const char *scope;
	if ((r = scn_get_str(c, o, "scope", &scope)) < 0)
		return -1;
	if (!nh.has_gateway && r > 0 && strcmp(scope, "link") == 0)
		nh.family = AF_INET6;
	if (nh.blackhole || nh.fdb)
		nh.scope = 0;
	else
		nh.scope = nh.family == AF_INET && !nh.has_gateway ? RT_SCOPE_HOST : RT_SCOPE_LINK;
	if (!nh.blackhole && !nh.fdb && !nh.oif)
		return fail(c, NULL, "expected \"dev\", \"blackhole\" or \"fdb\"");
	vn_model_add_nexthop(c->m, &nh);
	return 0;
}

int scn_load_nexthops(struct ctx *c, json_t *arr)
{
	free(c->m->nexthops);
	c->m->nexthops = NULL;
	c->m->nnexthops = 0;
	scn_push_key(c, "nexthops");
	for (int pass = 0; pass < 2; pass++) {
		size_t i;
		json_t *o;
		json_array_foreach(arr, i, o) {
			scn_push_index(c, i);
			int r = load_nexthop(c, o, pass == 1);
			scn_pop(c);
			if (r < 0) {
				scn_pop(c);
				return -1;
			}
		}
	}
	scn_pop(c);
	return 0;
}

/* One path of a multipath route: "gateway", "dev", "weight", "flags". */
static int load_path(struct ctx *c, json_t *o, uint8_t family, struct vn_nh *nh)
{
	memset(nh, 0, sizeof(*nh));
	int r, f;
	unsigned int w = 1;
	uint32_t fl = 0;
	if (!json_is_object(o))
		return fail(c, NULL, "expected an object");
	if ((r = scn_get_addr(c, o, "gateway", 0, false, nh->gateway, &f, NULL)) < 0)
		return -1;
	if (r > 0)
		nh->gw_family = (uint8_t)f;
	if (r > 0 && f != family && family == AF_INET6)
		return fail(c, "gateway", "expected an IPv6 gateway");
	if (scn_get_link(c, o, "dev", &nh->oif) < 0 || scn_get_uint(c, o, "weight", 256, &w) < 0 ||
	    get_flags(c, o, &fl) < 0)
		return -1;
	if (w == 0)
		return fail(c, "weight", "expected a weight from 1 to 256");
	nh->hops = (uint16_t)(w - 1);
	nh->flags = (uint8_t)fl;
	return 0;
}

static void add_route(struct ctx *c, const struct vn_route *rt)
{
	if (route_index_find(&c->routes, c->m->routes, rt) >= 0)
		return;
	vn_model_add_route(c->m, rt);
	route_index_add(&c->routes, c->m->routes, c->m->nroutes - 1);
}

int scn_load_route_paths(struct ctx *c, json_t *o, struct vn_route *rt)
{
	int r = scn_get_uint(c, o, "nhid", UINT32_MAX, &rt->nhid);
	if (r < 0)
		return -1;
	if (r > 0) {
		if (!vn_nexthop_find(c->m, rt->nhid))
			return fail(c, "nhid", "nexthop %u is not in \"nexthops\"", rt->nhid);
		vn_route_take_first_path(c->m, rt);
		return 0;
	}
	json_t *nhs = json_object_get(o, "nexthops");
	if (!json_is_array(nhs) || json_array_size(nhs) == 0)
		return 0;
	size_t n = json_array_size(nhs);
	struct vn_nh *hops = calloc(n, sizeof(*hops));
	if (!hops)
		abort();
	scn_push_key(c, "nexthops");
	for (size_t i = 0; i < n; i++) {
		scn_push_index(c, i);
		r = load_path(c, json_array_get(nhs, i), rt->family, &hops[i]);
		scn_pop(c);
		if (r < 0) {
			scn_pop(c);
			free(hops);
			return -1;
		}
	}
	scn_pop(c);
	if (rt->family == AF_INET) {
		rt->mp_off = vn_mpath_add(c->m, hops, n);
		rt->mp_n = (uint32_t)n;
		vn_route_take_first_path(c->m, rt);
		free(hops);
		return 0;
	}
	/* IPv6: a route per path, siblings in the order listed */
	for (size_t i = 0; i < n; i++) {
		struct vn_route s = *rt;
		s.oif = hops[i].oif;
		s.has_gateway = hops[i].gw_family != 0;
		memcpy(s.gateway, hops[i].gateway, 16);
		s.hops = (uint8_t)hops[i].hops;
		s.flags = (s.flags & ~(uint32_t)0xff) | hops[i].flags;
		add_route(c, &s);
	}
	free(hops);
	return 1;
}
