/* The scenario's "fdb" and "mdb": what `bridge -j -s fdb show` and
 * `bridge -j -d -s mdb show` print (veneer snapshot records both).
 *
 * Of the fdb, only the bridges' entries ("master") are kept, and of those
 * not the local entries the links imply (bridge_model.h derives them):
 * the "self" entries are the links' multicast addresses (mcast.h). */
#include "scenario_load.h"

#include <linux/if_bridge.h>
#include <linux/if_ether.h>
#include <linux/neighbour.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bridge_model.h"
#include "linkinfo.h"

/* iproute2's state_n2a for an fdb entry ("" is reachable) */
static const struct name_num fdb_states[] = {
	{ "permanent", NUD_PERMANENT }, { "static", NUD_NOARP }, { "stale", NUD_STALE },
	{ "", NUD_REACHABLE }, { NULL, 0 }
};

static const struct name_num fdb_flags[] = {
	{ "extern_learn", NTF_EXT_LEARNED }, { "offload", NTF_OFFLOADED }, { "sticky", NTF_STICKY },
	{ "self", NTF_SELF }, { "master", NTF_MASTER }, { "router", NTF_ROUTER }, { NULL, 0 }
};

static const struct name_num mdb_flags[] = {
	{ "offload", MDB_FLAGS_OFFLOAD }, { "fast_leave", MDB_FLAGS_FAST_LEAVE },
	{ "added_by_star_ex", MDB_FLAGS_STAR_EXCL }, { "blocked", MDB_FLAGS_BLOCKED }, { NULL, 0 }
};

/* "flags": names from t, or'ed; "locked" is NDA_FLAGS_EXT's */
static int get_flags(struct ctx *c, json_t *o, const struct name_num *t, unsigned *out,
		     uint32_t *ext)
{
	json_t *a;
	int r = scn_get_array(c, o, "flags", &a);
	if (r <= 0)
		return r;
	size_t i;
	json_t *x;
	json_array_foreach(a, i, x) {
		unsigned long v;
		const char *s = json_string_value(x);
		if (s && ext && strcmp(s, "locked") == 0) {
			*ext |= VN_NTF_EXT_LOCKED;
			continue;
		}
		if (!s || !scn_lookup(t, s, &v))
			return fail(c, "flags", "expected flags as `bridge -j` prints them");
		*out |= (unsigned)v;
	}
	return 1;
}

static int load_fdb(struct ctx *c, json_t *o)
{
	if (!json_is_object(o))
		return fail(c, NULL, "expected an object");
	struct vn_fdb f = { 0 };
	unsigned flags = 0, len = 0, v = 0;
	unsigned long st;
	uint8_t mac[VN_MAX_ADDR_LEN];
	int r;
	if (get_flags(c, o, fdb_flags, &flags, &f.ext_flags) < 0)
		return -1;
	if ((r = scn_get_link(c, o, "master", &f.bridge)) <= 0)
		return r;   /* a link's own entry ("self"): derived */
	if ((r = scn_get_link(c, o, "ifname", &f.port)) < 0)
		return -1;
	if (r == 0)
		return fail(c, NULL, "expected an object with \"ifname\"");
	if ((r = scn_get_lladdr(c, o, "mac", mac, &len)) < 0)
		return -1;
	if (r == 0 || len != 6)
		return fail(c, "mac", "expected a MAC address");
	memcpy(f.mac, mac, 6);
	if (scn_get_uint(c, o, "vlan", 4095, &v) < 0)
		return -1;
	f.vlan = (uint16_t)v;
	if ((r = scn_get_named(c, o, "state", fdb_states, 0xffff, "an fdb state (permanent, static, stale, \"\")", &st)) < 0)
		return -1;
	f.state = r ? (uint16_t)st : NUD_REACHABLE;
	f.flags = (uint8_t)(flags & (NTF_EXT_LEARNED | NTF_OFFLOADED | NTF_STICKY));
	/* ages in seconds (jiffies_to_clock_t / USER_HZ) */
	unsigned used = 0, updated = 0;
	if (scn_get_uint(c, o, "used", UINT32_MAX / 100, &used) < 0 ||
	    scn_get_uint(c, o, "updated", UINT32_MAX / 100, &updated) < 0)
		return -1;
	f.used = used * 100;
	f.updated = updated * 100;
	if (!vn_fdb_is_derived(c->m, &f))
		vn_br_add_fdb(c->m, &f);
	return 0;
}

/* "xx:xx:xx:xx:xx:xx" (an IPv6 group can have as many colons) */
static bool is_mac(const char *s)
{
	for (int i = 0; i < 17; i++) {
		bool colon = i % 3 == 2;
		if (colon ? s[i] != ':' : !strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
			return false;
	}
	return s[17] == '\0';
}

static int parse_group(struct ctx *c, json_t *o, struct vn_mdb *e)
{
	const char *s;
	int r = scn_get_str(c, o, "grp", &s);
	if (r <= 0)
		return r < 0 ? -1 : fail(c, NULL, "expected an object with \"grp\"");
	if (is_mac(s)) {
		unsigned len;
		uint8_t mac[VN_MAX_ADDR_LEN];
		if (scn_get_lladdr(c, o, "grp", mac, &len) < 0)
			return -1;
		memcpy(e->grp, mac, 6);
		e->proto = 0;
		return 1;
	}
	int fam = 0;
	if (scn_get_addr(c, o, "grp", 0, false, e->grp, &fam, NULL) < 0)
		return -1;
	e->proto = fam == AF_INET ? ETH_P_IP : ETH_P_IPV6;
	if ((r = scn_get_addr(c, o, "src", fam, false, e->src, NULL, NULL)) < 0)
		return -1;
	e->has_src = r > 0;
	return 1;
}

static int load_mdb_entry(struct ctx *c, json_t *o)
{
	if (!json_is_object(o))
		return fail(c, NULL, "expected an object");
	struct vn_mdb e = { 0 };
	int r;
	unsigned v = 0, flags = 0;
	unsigned long x;
	if ((r = scn_get_link(c, o, "dev", &e.bridge)) < 0 || (r == 0 && fail(c, NULL, "expected \"dev\"")))
		return -1;
	if ((r = scn_get_link(c, o, "port", &e.port)) < 0 || (r == 0 && fail(c, NULL, "expected \"port\"")))
		return -1;
	if (parse_group(c, o, &e) < 0)
		return -1;
	if (scn_get_uint(c, o, "vid", 4095, &v) < 0)
		return -1;
	e.vid = (uint16_t)v;
	static const struct name_num states[] = { { "temp", MDB_TEMPORARY },
						  { "permanent", MDB_PERMANENT }, { NULL, 0 } };
	if ((r = scn_get_named(c, o, "state", states, 255, "temp or permanent", &x)) < 0)
		return -1;
	e.state = (uint8_t)(r ? x : MDB_TEMPORARY);
	if (get_flags(c, o, mdb_flags, &flags, NULL) < 0)
		return -1;
	e.flags = (uint8_t)flags;
	/* a port's group without a protocol was snooped */
	if ((r = scn_get_named(c, o, "protocol", scn_proto_names, 255, "a protocol (kernel, static, ...)", &x)) < 0)
		return -1;
	e.rtprot = (uint8_t)(r ? x : 2 /* RTPROT_KERNEL */);
	/* "timer": seconds with two decimals, as a string */
	json_t *t = json_object_get(o, "timer");
	const char *ts = json_string_value(t);
	double secs = ts ? strtod(ts, NULL) : json_is_number(t) ? json_number_value(t) : 0;
	if (secs > 0 && secs < 4e7)
		e.timer = (uint32_t)(secs * 100 + 0.5);
	vn_br_add_mdb(c->m, &e);
	return 0;
}

static int each(struct ctx *c, json_t *arr, int (*fn)(struct ctx *, json_t *))
{
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		scn_push_index(c, i);
		int r = fn(c, o);
		scn_pop(c);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* `bridge -j mdb` prints one object per bridge: {"mdb": [...], "router": {...}} */
static int load_mdb_bridge(struct ctx *c, json_t *o)
{
	json_t *a;
	int r = json_is_object(o) ? scn_get_array(c, o, "mdb", &a) : fail(c, NULL, "expected an object");
	if (r <= 0)
		return r;
	scn_push_key(c, "mdb");
	r = each(c, a, load_mdb_entry);
	scn_pop(c);
	return r;
}

/* What the bridges count of these tables: IFLA_BRPORT_MCAST_N_GROUPS, a
 * port's memberships (iproute2's JSON has no key for it). */
static void count_groups(struct vn_model *m)
{
	const struct vn_li_table *t = vn_linkinfo_table("bridge", 1);
	int row = vn_linkinfo_index(t, 41);
	for (size_t i = 0; row >= 0 && i < m->nlinks; i++) {
		struct vn_link *l = &m->links[i];
		if (!vn_is_bridge_port(m, l))
			continue;
		uint64_t n = 0;
		for (size_t k = 0; m->br && k < m->br->nmdbs; k++)
			n += m->br->mdbs[k].port == l->ifindex;
		l->slave_info[row] = n;
	}
}

int scn_load_bridge(struct ctx *c, json_t *root, bool links)
{
	json_t *fdb = NULL, *mdb = NULL;
	if (scn_get_array(c, root, "fdb", &fdb) < 0 || scn_get_array(c, root, "mdb", &mdb) < 0)
		return -1;
	if (links || fdb || mdb)
		vn_br_free(c->m);   /* they name the links replaced */
	int r = 0;
	if (fdb) {
		scn_push_key(c, "fdb");
		r = each(c, fdb, load_fdb);
		scn_pop(c);
	}
	if (r == 0 && mdb) {
		scn_push_key(c, "mdb");
		r = each(c, mdb, load_mdb_bridge);
		scn_pop(c);
		if (r == 0)
			count_groups(c->m);
	}
	return r;
}
