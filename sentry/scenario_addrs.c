/* A link's "addr_info" in the scenario: one address each, as `ip -j
 * address` prints it, with the scope and flags the kernel gives an
 * address not told otherwise. */
#include "scenario_load.h"

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

static int default_scope(int family, const uint8_t a[16])
{
	if (family == AF_INET)
		return a[0] == 127 ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
	static const uint8_t lo6[16] = { [15] = 1 };
	if (memcmp(a, lo6, 16) == 0)
		return RT_SCOPE_HOST;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return RT_SCOPE_LINK;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		return RT_SCOPE_SITE;
	return RT_SCOPE_UNIVERSE;
}

static const struct name_num ifa_flag_keys[] = {
	{ "secondary", IFA_F_SECONDARY }, { "temporary", IFA_F_TEMPORARY },
	{ "nodad", IFA_F_NODAD }, { "optimistic", IFA_F_OPTIMISTIC },
	{ "dadfailed", IFA_F_DADFAILED }, { "home", IFA_F_HOMEADDRESS },
	{ "deprecated", IFA_F_DEPRECATED }, { "tentative", IFA_F_TENTATIVE },
	{ "mngtmpaddr", IFA_F_MANAGETEMPADDR }, { "noprefixroute", IFA_F_NOPREFIXROUTE },
	{ "autojoin", IFA_F_MCAUTOJOIN }, { "stable-privacy", IFA_F_STABLE_PRIVACY },
	{ NULL, 0 }
};

int scn_load_addr(struct ctx *c, json_t *o, const struct vn_link *l)
{
	struct vn_addr a = { .ifindex = l->ifindex, .valid_lft = VN_INFINITY_LIFE,
			     .preferred_lft = VN_INFINITY_LIFE, .flags = IFA_F_PERMANENT };
	unsigned long fam = 0, v;
	int r, f = 0;
	if (!json_is_object(o))
		return fail(c, NULL, "expected an object");
	if (scn_get_named(c, o, "family", scn_family_names, 0, "\"inet\" or \"inet6\"", &fam) < 0)
		return -1;
	if (fam && fam != AF_INET && fam != AF_INET6)
		return fail(c, "family", "expected \"inet\" or \"inet6\"");
	if ((r = scn_get_addr(c, o, "local", (int)fam, false, a.local, &f, NULL)) < 0)
		return -1;
	if (r == 0) {
		/* an IPv6 address without IFA_LOCAL prints only "address" */
		if ((r = scn_get_addr(c, o, "address", (int)fam, false, a.local, &f, NULL)) < 0)
			return -1;
		if (r == 0)
			return fail(c, NULL, "expected an object with \"local\"");
		memcpy(a.peer, a.local, 16);
	} else {
		if ((r = scn_get_addr(c, o, "address", f, false, a.peer, NULL, NULL)) < 0)
			return -1;
		a.has_peer = r > 0 && memcmp(a.peer, a.local, 16) != 0;
		if (!a.has_peer)
			memcpy(a.peer, a.local, 16);
	}
	a.family = (uint8_t)f;
	a.prefixlen = f == AF_INET ? 32 : 128;
	if ((r = scn_get_named(c, o, "prefixlen", NULL, f == AF_INET ? 32 : 128, "a prefix length", &v)) < 0)
		return -1;
	if (r > 0)
		a.prefixlen = (uint8_t)v;
	uint8_t brd[16];
	if ((r = scn_get_addr(c, o, "broadcast", AF_INET, false, brd, NULL, NULL)) < 0)
		return -1;
	if (r > 0) {
		a.has_broadcast = true;
		memcpy(a.broadcast, brd, 4);
	}
	a.scope = (uint8_t)default_scope(f, a.local);
	if ((r = scn_get_named(c, o, "scope", scn_scope_names, 255, "a scope name", &v)) < 0)
		return -1;
	if (r > 0)
		a.scope = (uint8_t)v;
	if (scn_get_strbuf(c, o, "label", a.label, sizeof(a.label)) < 0)
		return -1;
	if (strcmp(a.label, l->name) == 0 || f != AF_INET)
		a.label[0] = '\0';
	if (scn_get_uint(c, o, "valid_life_time", UINT32_MAX, &a.valid_lft) < 0 ||
	    scn_get_uint(c, o, "preferred_life_time", UINT32_MAX, &a.preferred_lft) < 0)
		return -1;
	if ((r = scn_get_named(c, o, "protocol", scn_addr_proto_names, 255, "an address protocol", &v)) < 0)
		return -1;
	if (r > 0)
		a.proto = (uint8_t)v;
	bool b;
	for (const struct name_num *t = ifa_flag_keys; t->name; t++) {
		b = false;
		if (scn_get_flag(c, o, t->name, &b) < 0)
			return -1;
		if (b)
			a.flags |= (uint32_t)t->val;
	}
	b = false;
	if (scn_get_flag(c, o, "dynamic", &b) < 0)
		return -1;
	if (b)
		a.flags &= ~(uint32_t)IFA_F_PERMANENT;
	b = false;
	if (scn_get_flag(c, o, "permanent", &b) < 0)
		return -1;
	if (b)
		a.flags |= IFA_F_PERMANENT;
	vn_model_add_addr(c->m, &a);
	return 0;
}
