/* The scenario's "routes", "neighbours" and "rules", one element at a time. */
#include "scenario_load.h"

#include <linux/fib_rules.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

/* ---- routes --------------------------------------------------------------- */

static bool has_colon(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) && strchr(json_string_value(v), ':');
}

bool scn_same_route(const struct vn_route *a, const struct vn_route *b)
{
	return a->family == b->family && a->table == b->table && a->dst_len == b->dst_len &&
	       memcmp(a->dst, b->dst, 16) == 0 && a->src_len == b->src_len &&
	       memcmp(a->src, b->src, 16) == 0 && a->tos == b->tos && a->type == b->type &&
	       a->priority == b->priority && a->oif == b->oif &&
	       a->has_gateway == b->has_gateway && memcmp(a->gateway, b->gateway, 16) == 0;
}

uint64_t scn_route_key_hash(const struct vn_route *r)
{
	uint64_t h = 0xcbf29ce484222325ull;
	h = route_hash_bytes(h, &r->family, 1);
	h = route_hash_bytes(h, &r->table, sizeof(r->table));
	h = route_hash_bytes(h, &r->dst_len, 1);
	h = route_hash_bytes(h, r->dst, 16);
	return route_hash_bytes(h, &r->priority, sizeof(r->priority));
}

int scn_load_route(struct ctx *c, json_t *o)
{
	struct vn_route rt;
	memset(&rt, 0, sizeof(rt));
	unsigned long v, fam = 0;
	int r, f, len;
	if (!json_is_object(o))
		return fail(c, NULL, "expected an object");

	/* a multipath route: its first next hop */
	json_t *nh = o, *nhs;
	size_t nh_depth = 0;
	if ((r = scn_get_array(c, o, "nexthops", &nhs)) < 0)
		return -1;
	if (r > 0 && !json_object_get(o, "dev") && json_array_size(nhs) > 0) {
		nh = json_array_get(nhs, 0);
		if (!json_is_object(nh)) {
			scn_push_key(c, "nexthops");
			scn_push_index(c, 0);
			fail(c, NULL, "expected an object");
			scn_pop(c);
			scn_pop(c);
			return -1;
		}
		nh_depth = 2;
	}

	if (scn_get_named(c, o, "family", scn_family_names, 0, "\"inet\" or \"inet6\"", &fam) < 0)
		return -1;
	if (fam && fam != AF_INET && fam != AF_INET6)
		return fail(c, "family", "expected \"inet\" or \"inet6\"");
	if (!fam) {
		/* by dst when it is an address, else by the others */
		json_t *d = json_object_get(o, "dst");
		const char *ds = json_is_string(d) ? json_string_value(d) : "default";
		if (strcmp(ds, "default") != 0 && strcmp(ds, "all") != 0 && strcmp(ds, "any") != 0)
			fam = (unsigned long)scn_family_of(ds);
		else
			fam = has_colon(nh, "gateway") || has_colon(o, "prefsrc") ||
			      json_object_get(o, "pref") ? AF_INET6 : AF_INET;
	}
	rt.family = (uint8_t)fam;

	rt.type = RTN_UNICAST;
	if ((r = scn_get_named(c, o, "type", scn_rtype_names, 255, "a route type (unicast, local, blackhole, ...)", &v)) < 0)
		return -1;
	if (r > 0)
		rt.type = (uint8_t)v;
	if ((r = scn_get_addr(c, o, "dst", (int)fam, true, rt.dst, &f, &len)) < 0)
		return -1;
	if (r > 0)
		rt.dst_len = (uint8_t)len;
	if ((r = scn_get_addr(c, o, "src", (int)fam, true, rt.src, &f, &len)) < 0)
		return -1;
	if (r > 0) {
		rt.src_len = (uint8_t)len;
		if ((r = scn_get_named(c, o, "srclen", NULL, fam == AF_INET ? 32 : 128, "a prefix length", &v)) < 0)
			return -1;
		if (r > 0)
			rt.src_len = (uint8_t)v;
	}

	if (nh_depth) {
		scn_push_key(c, "nexthops");
		scn_push_index(c, 0);
	}
	r = scn_get_addr(c, nh, "gateway", (int)fam, false, rt.gateway, NULL, NULL);
	if (r > 0)
		rt.has_gateway = true;
	if (r >= 0)
		r = scn_get_link(c, nh, "dev", &rt.oif);
	unsigned long fl = 0;
	json_t *flags;
	if (r >= 0 && (r = scn_get_array(c, nh, "flags", &flags)) > 0) {
		size_t i;
		json_t *x;
		scn_push_key(c, "flags");
		json_array_foreach(flags, i, x) {
			if (!json_is_string(x) || !scn_lookup(scn_route_flag_names, json_string_value(x), &v)) {
				scn_push_index(c, i);
				fail(c, NULL, "expected a route flag (onlink, linkdown, ...)");
				scn_pop(c);
				r = -1;
				break;
			}
			fl |= v;
		}
		scn_pop(c);
	}
	if (nh_depth) {
		scn_pop(c);
		scn_pop(c);
	}
	if (r < 0)
		return -1;
	rt.flags = (uint32_t)fl;

	rt.protocol = RTPROT_BOOT;
	if ((r = scn_get_named(c, o, "protocol", scn_proto_names, 255, "a route protocol (kernel, boot, static, ...)", &v)) < 0)
		return -1;
	if (r > 0)
		rt.protocol = (uint8_t)v;
	rt.scope = RT_SCOPE_UNIVERSE;
	if ((r = scn_get_named(c, o, "scope", scn_scope_names, 255, "a scope (global, link, host)", &v)) < 0)
		return -1;
	if (r > 0)
		rt.scope = (uint8_t)v;
	if ((r = scn_get_addr(c, o, "prefsrc", (int)fam, false, rt.prefsrc, NULL, NULL)) < 0)
		return -1;
	rt.has_prefsrc = r > 0;
	if (fam == AF_INET6) {
		rt.priority = 1024;
		rt.has_priority = true;
	}
	if ((r = scn_get_uint(c, o, "metric", UINT32_MAX, &rt.priority)) < 0)
		return -1;
	if (r > 0)
		rt.has_priority = true;
	rt.table = RT_TABLE_MAIN;
	if ((r = scn_get_named(c, o, "table", scn_table_names, UINT32_MAX, "a table (main, local, default)", &v)) < 0)
		return -1;
	if (r > 0)
		rt.table = (uint32_t)v;
	if ((r = scn_get_named(c, o, "pref", scn_pref_names, 255, "medium, low or high", &v)) < 0)
		return -1;
	if (r > 0)
		rt.pref = (uint8_t)v;
	json_t *tos = json_object_get(o, "tos");
	if (tos) {
		if (json_is_integer(tos) && json_integer_value(tos) >= 0 && json_integer_value(tos) <= 255)
			rt.tos = (uint8_t)json_integer_value(tos);
		else if (json_is_string(tos) && scn_parse_ulong(json_string_value(tos), 0, 255, &v))
			rt.tos = (uint8_t)v;
		else
			return fail(c, "tos", "expected a TOS value from 0 to 255");
	}

	/* "metrics": [{"mtu": 1400}] as ip prints them, or {"mtu": 1400} */
	json_t *mx = json_object_get(o, "metrics");
	if (mx) {
		json_t *mo = json_is_array(mx) ? NULL : mx;
		size_t i;
		json_t *e;
		scn_push_key(c, "metrics");
		if (json_is_array(mx)) {
			json_array_foreach(mx, i, e) {
				if (json_is_object(e) && json_object_get(e, "mtu")) {
					mo = e;
					scn_push_index(c, i);
					break;
				}
			}
		}
		if (mo && !json_is_object(mo)) {
			fail(c, NULL, "expected an array of objects");
			r = -1;
		} else if (mo) {
			r = scn_get_uint(c, mo, "mtu", UINT32_MAX, &rt.mtu);
			if (mo != mx)
				scn_pop(c);
		} else
			r = 0;
		scn_pop(c);
		if (r < 0)
			return -1;
	}

	if ((r = scn_load_route_paths(c, o, &rt)) != 0)
		return r < 0 ? -1 : 0;
	if (route_index_find(&c->routes, c->m->routes, &rt) >= 0)
		return 0;
	vn_model_add_route(c->m, &rt);
	route_index_add(&c->routes, c->m->routes, c->m->nroutes - 1);
	return 0;
}

/* ---- neighbours ------------------------------------------------------------ */

int scn_load_neigh(struct ctx *c, json_t *o)
{
	struct vn_neigh n;
	memset(&n, 0, sizeof(n));
	int r, f;
	unsigned long v;
	if (!json_is_object(o))
		return fail(c, NULL, "expected an object");
	if ((r = scn_get_addr(c, o, "dst", 0, false, n.dst, &f, NULL)) < 0)
		return -1;
	if (r == 0)
		return fail(c, NULL, "expected an object with \"dst\"");
	n.family = (uint8_t)f;
	if ((r = scn_get_link(c, o, "dev", &n.ifindex)) < 0)
		return -1;
	if (r == 0)
		return fail(c, NULL, "expected an object with \"dev\"");
	if (scn_get_lladdr(c, o, "lladdr", n.lladdr, &n.lladdr_len) < 0)
		return -1;
	n.state = NUD_REACHABLE;
	json_t *st;
	if ((r = scn_get_array(c, o, "state", &st)) < 0)
		return -1;
	if (r > 0) {
		size_t i;
		json_t *x;
		n.state = 0;
		scn_push_key(c, "state");
		json_array_foreach(st, i, x) {
			if (!json_is_string(x) || !scn_lookup(scn_nud_names, json_string_value(x), &v)) {
				scn_push_index(c, i);
				fail(c, NULL, "expected a neighbour state (REACHABLE, STALE, PERMANENT, ...)");
				scn_pop(c);
				scn_pop(c);
				return -1;
			}
			n.state |= (uint16_t)v;
		}
		scn_pop(c);
	}
	bool b = false;
	if (scn_get_flag(c, o, "router", &n.router) < 0)
		return -1;
	if (n.router)
		n.flags |= NTF_ROUTER;
	if (scn_get_flag(c, o, "proxy", &b) < 0)
		return -1;
	if (b)
		n.flags |= NTF_PROXY;
	b = false;
	if (scn_get_flag(c, o, "extern_learn", &b) < 0)
		return -1;
	if (b)
		n.flags |= NTF_EXT_LEARNED;
	if (scn_get_uint(c, o, "probes", UINT32_MAX, &n.probes) < 0)
		return -1;
	/* `ip -j -s neigh`'s ages, in seconds when the snapshot was taken:
	 * the entry was used, confirmed, updated that long before the start */
	static const char *const ages[] = { "used", "confirmed", "updated" };
	int64_t *at[] = { &n.used_at, &n.confirmed_at, &n.updated_at };
	for (int k = 0; k < 3; k++) {
		unsigned int secs = 0;
		if (scn_get_uint(c, o, ages[k], UINT32_MAX / 100, &secs) < 0)
			return -1;
		*at[k] = -(int64_t)secs * 100;
	}
	/* arp_constructor, ndisc_constructor: the type of the address */
	bool mcast = n.family == AF_INET ? (n.dst[0] & 0xf0) == 0xe0 : n.dst[0] == 0xff;
	n.type = mcast ? RTN_MULTICAST : RTN_UNICAST;
	vn_model_add_neigh(c->m, &n);
	return 0;
}

/* ---- rules ----------------------------------------------------------------- */

/* "fwmark"/"fwmask" as `ip -j rule` prints them ("0xca6c"), or a number;
 * 0 absent, 1 read, -1 error. */
static int get_mark(struct ctx *c, json_t *o, const char *key, uint32_t *out)
{
	json_t *v = json_object_get(o, key);
	unsigned long x;
	if (!v)
		return 0;
	if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= UINT32_MAX)
		x = (unsigned long)json_integer_value(v);
	else if (!json_is_string(v) || !scn_parse_ulong(json_string_value(v), 0, UINT32_MAX, &x))
		return fail(c, key, "expected a mark (0x... or a number up to 4294967295)");
	*out = (uint32_t)x;
	return 1;
}

int scn_load_rule(struct ctx *c, json_t *o, int *cur_family, long long *prev_prio)
{
	struct vn_rule ru;
	memset(&ru, 0, sizeof(ru));
	ru.suppress_prefixlen = 0xffffffffu;
	unsigned long v, fam = 0;
	int r, f = 0, len;
	long long prio = 0;
	if (!json_is_object(o))
		return fail(c, NULL, "expected an object");
	if ((r = scn_get_int(c, o, "priority", 0, UINT32_MAX, &prio)) < 0)
		return -1;
	if (scn_get_named(c, o, "family", scn_family_names, 0, "\"inet\" or \"inet6\"", &fam) < 0)
		return -1;
	if (fam && fam != AF_INET && fam != AF_INET6)
		return fail(c, "family", "expected \"inet\" or \"inet6\"");
	if (!fam) {
		json_t *s = json_object_get(o, "src"), *d = json_object_get(o, "dst");
		const char *ss = json_is_string(s) ? json_string_value(s) : "all";
		const char *ds = json_is_string(d) ? json_string_value(d) : "all";
		if (strcmp(ss, "all") != 0)
			fam = (unsigned long)scn_family_of(ss);
		else if (strcmp(ds, "all") != 0)
			fam = (unsigned long)scn_family_of(ds);
		else if (prio < *prev_prio)
			fam = AF_INET6;   /* the IPv6 list starts over */
		else
			fam = (unsigned long)*cur_family;
	}
	*cur_family = (int)fam;
	*prev_prio = prio;
	ru.family = (uint8_t)fam;
	ru.priority = (uint32_t)prio;

	const char *keys[2][2] = { { "src", "srclen" }, { "dst", "dstlen" } };
	for (int i = 0; i < 2; i++) {
		uint8_t *a = i ? ru.dst : ru.src;
		uint8_t *alen = i ? &ru.dst_len : &ru.src_len;
		if ((r = scn_get_addr(c, o, keys[i][0], (int)fam, true, a, &f, &len)) < 0)
			return -1;
		if (r == 0)
			continue;
		const char *s = json_string_value(json_object_get(o, keys[i][0]));
		*alen = strcmp(s, "all") == 0 ? 0 : strchr(s, '/') ? (uint8_t)len
			: fam == AF_INET ? 32 : 128;
		if ((r = scn_get_named(c, o, keys[i][1], NULL, fam == AF_INET ? 32 : 128, "a prefix length", &v)) < 0)
			return -1;
		if (r > 0)
			*alen = (uint8_t)v;
	}

	ru.action = FR_ACT_TO_TBL;
	if ((r = scn_get_named(c, o, "action", scn_rule_action_names, 255, "a rule action (unreachable, prohibit, blackhole, ...)", &v)) < 0)
		return -1;
	if (r > 0)
		ru.action = (uint8_t)v;
	if (json_object_get(o, "nop"))
		ru.action = FR_ACT_NOP;
	if (json_object_get(o, "goto") && r == 0)
		ru.action = FR_ACT_GOTO;
	ru.table = ru.action == FR_ACT_TO_TBL ? RT_TABLE_MAIN : RT_TABLE_UNSPEC;
	if ((r = scn_get_named(c, o, "table", scn_table_names, UINT32_MAX, "a table (main, local, default)", &v)) < 0)
		return -1;
	if (r > 0)
		ru.table = (uint32_t)v;
	bool dflt = ru.src_len == 0 && ru.dst_len == 0 && ru.action == FR_ACT_TO_TBL &&
		    ((prio == 0 && ru.table == RT_TABLE_LOCAL) ||
		     (prio == 32766 && ru.table == RT_TABLE_MAIN) ||
		     (prio == 32767 && ru.table == RT_TABLE_DEFAULT));
	ru.protocol = dflt ? RTPROT_KERNEL : RTPROT_UNSPEC;
	if ((r = scn_get_named(c, o, "protocol", scn_proto_names, 255, "a protocol (kernel, boot, static, ...)", &v)) < 0)
		return -1;
	if (r > 0)
		ru.protocol = (uint8_t)v;
	if ((r = scn_get_uint(c, o, "suppress_prefixlen", UINT32_MAX, &ru.suppress_prefixlen)) < 0 ||
	    (r == 0 && scn_get_uint(c, o, "suppress_prefixlength", UINT32_MAX, &ru.suppress_prefixlen) < 0))
		return -1;
	/* "fwmark" alone matches the whole mark (fib_nl2rule); "not" (which
	 * ip prints as null) inverts the match */
	if ((r = get_mark(c, o, "fwmark", &ru.fwmark)) < 0)
		return -1;
	ru.fwmask = ru.fwmark ? 0xffffffffu : 0;
	if (get_mark(c, o, "fwmask", &ru.fwmask) < 0)
		return -1;
	if (json_object_get(o, "not"))
		ru.flags |= FIB_RULE_INVERT;
	vn_model_add_rule(c->m, &ru);
	return 0;
}
