/* "tc": the scenario's traffic control objects, as `veneer snapshot`
 * records them (docs/scenario.md): per qdisc, class, chain and filter its
 * device, kind, tcmsg fields and the attributes the kernel dumped after
 * TCA_KIND (and TCA_CHAIN) as hex. Each list is in the order the kernel
 * dumped it, which is the order the model keeps (tc/tc_model.h). */
#include "scenario_load.h"

#include <linux/pkt_sched.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "netlink/rtnl_internal.h"
#include "tc/tc_qdisc.h"

/* The longest attributes of one object: what fits one message. */
#define ATTRS_MAX (RTNL_MSG_MAX - 64)

/* A handle: "root", "MAJ:MIN" in hex with either part left out for 0
 * ("1:", ":3", "1:10"), or a number. 0 absent, 1 read, -1 error. */
static int get_handle(struct ctx *c, json_t *o, const char *key, uint32_t *out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (json_is_integer(v)) {
		long long x = json_integer_value(v);
		if (x < 0 || x > 0xffffffffLL)
			return fail(c, key, "expected a 32-bit handle");
		*out = (uint32_t)x;
		return 1;
	}
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	if (!s)
		return fail(c, key, "expected a handle (\"root\", \"1:\", \"1:10\" or a number)");
	if (strcmp(s, "root") == 0) {
		*out = TC_H_ROOT;
		return 1;
	}
	const char *colon = strchr(s, ':');
	uint32_t part[2] = { 0, 0 };
	size_t n[2] = { 0, 0 };
	for (const char *p = s; *p; p++) {
		int k = p > colon;
		if (p == colon)
			continue;
		int d = vn_hex_to_bin(*p);
		if (d < 0 || ++n[k] > 4)
			colon = NULL;
		part[k] = part[k] << 4 | (uint32_t)(d < 0 ? 0 : d);
		if (!colon)
			break;
	}
	if (!colon)
		return fail(c, key, "expected a handle (\"root\", \"1:\", \"1:10\" or a number)");
	*out = part[0] << 16 | part[1];
	return 1;
}

/* "attrs": hex of whole netlink attributes */
static int get_attrs(struct ctx *c, json_t *o, struct vn_tc *t)
{
	const char *s;
	int r = scn_get_str(c, o, "attrs", &s);
	if (r <= 0)
		return r;
	size_t len = strlen(s);
	if (len % 2 || len / 2 > ATTRS_MAX)
		return fail(c, "attrs", "expected hex of at most %d bytes", ATTRS_MAX);
	uint8_t *b = len ? malloc(len / 2) : NULL;
	if (len && !b)
		abort();
	for (size_t i = 0; i < len / 2; i++) {
		int hi = vn_hex_to_bin(s[2 * i]), lo = vn_hex_to_bin(s[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(b);
			return fail(c, "attrs", "expected hex digits");
		}
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	/* whole attributes, each padded, as the kernel lays them out */
	for (size_t off = 0; off < len / 2;) {
		const struct nlattr *a = (const struct nlattr *)(b + off);
		if (len / 2 - off < (size_t)NLA_HDRLEN || a->nla_len < NLA_HDRLEN ||
		    (size_t)NLA_ALIGN(a->nla_len) > len / 2 - off) {
			free(b);
			return fail(c, "attrs", "expected netlink attributes");
		}
		off += NLA_ALIGN(a->nla_len);
	}
	t->attrs = b;
	t->attrs_len = len / 2;
	return 1;
}

/* What every record has: its device, kind, handle, parent, info. */
static int get_common(struct ctx *c, json_t *o, struct vn_tc *t, bool kind_needed)
{
	const char *dev;
	int r = scn_get_str(c, o, "dev", &dev);
	if (r <= 0)
		return r < 0 ? -1 : fail(c, "dev", "expected the name of a link");
	const struct vn_link *l = vn_link_by_name(c->m, dev);
	if (!l)
		return fail(c, "dev", "no link named \"%s\"", dev);
	t->ifindex = l->ifindex;
	r = scn_get_strbuf(c, o, "kind", t->kind, sizeof(t->kind));
	if (r < 0 || (r == 0 && kind_needed))
		return r < 0 ? -1 : fail(c, "kind", "expected a kind");
	unsigned info = 0;
	if (get_handle(c, o, "handle", &t->handle) < 0 || get_handle(c, o, "parent", &t->parent) < 0 ||
	    scn_get_uint(c, o, "info", 0xffffffffUL, &info) < 0)
		return -1;
	t->info = info;
	return 0;
}

/* The block a chain or filter is in: "block" names it as a filter request
 * does (the qdisc's handle, a class, clsact's ffff:fff2/fff3). */
static int get_block(struct ctx *c, json_t *o, struct vn_tc *t)
{
	uint32_t b = 0;
	if (get_handle(c, o, "block", &b) < 0)
		return -1;
	unsigned chain = 0;
	if (scn_get_uint(c, o, "chain", 0xffffffffUL, &chain) < 0)
		return -1;
	t->chain = chain;
	const struct vn_tc *q = b ? vn_tc_qdisc(c->m, t->ifindex, VN_TC_H_MAJ(b), NULL)
				  : vn_tc_root(c->m, t->ifindex, VN_TCQ_ROOT, NULL);
	if (!q)
		return fail(c, "block", "no qdisc of this block on the link");
	t->qdisc = q->handle;
	int minor = tc_block_of(c->m, q, VN_TC_H_MIN(b));
	t->block = minor < 0 ? VN_TC_H_MIN(b) : (uint32_t)minor;
	return 0;
}

static int load_one(struct ctx *c, json_t *o, uint8_t type)
{
	if (!json_is_object(o))
		return fail(c, NULL, "expected an object");
	struct vn_tc t = { .type = type };
	if (get_common(c, o, &t, type != VN_TC_CHAIN) < 0)
		return -1;
	if (type == VN_TC_QDISC) {
		bool inv = false;
		if (scn_get_flag(c, o, "invisible", &inv) < 0)
			return -1;
		t.invisible = inv;
		t.slot = t.parent == TC_H_ROOT ? VN_TCQ_ROOT
			 : t.parent == TC_H_INGRESS ? VN_TCQ_INGRESS : VN_TCQ_HASHED;
	} else if (type == VN_TC_CLASS) {
		t.qdisc = VN_TC_H_MAJ(t.handle);
	} else if (get_block(c, o, &t) < 0) {
		return -1;
	}
	if (get_attrs(c, o, &t) < 0)
		return -1;
	/* a filter protocol's own message has no handle and no attributes */
	if (type == VN_TC_FILTER && t.handle == 0 && t.attrs_len == 0)
		t.type = VN_TC_PROTO;
	size_t a, b;
	vn_tc_range(c->m, t.ifindex, t.type, &a, &b);
	vn_tc_insert(c->m, b, &t);
	return 0;
}

static const struct {
	const char *key;
	uint8_t type;
} parts[] = {
	{ "qdiscs", VN_TC_QDISC },
	{ "classes", VN_TC_CLASS },
	{ "chains", VN_TC_CHAIN },
	{ "filters", VN_TC_FILTER },
};

int scn_load_tc(struct ctx *c, json_t *tc)
{
	vn_tc_free(c->m);
	scn_push_key(c, "tc");
	for (size_t p = 0; p < sizeof(parts) / sizeof(parts[0]); p++) {
		json_t *arr;
		int r = scn_get_array(c, tc, parts[p].key, &arr);
		if (r < 0)
			goto fail;
		if (r == 0)
			continue;
		scn_push_key(c, parts[p].key);
		size_t i;
		json_t *o;
		json_array_foreach(arr, i, o) {
			scn_push_index(c, i);
			r = load_one(c, o, parts[p].type);
			scn_pop(c);
			if (r < 0) {
				scn_pop(c);
				goto fail;
			}
		}
		scn_pop(c);
	}
	scn_pop(c);
	return 0;
fail:
	scn_pop(c);
	return -1;
}

/* kernel.tc_kinds: {"htb": true, "fq_codel": false, ...}, the kinds the
 * kernel was built with or without; one left out keeps the default's. */
int scn_load_tc_kinds(struct ctx *c, json_t *kernel)
{
	json_t *kinds;
	int r = scn_get_object(c, kernel, "tc_kinds", &kinds);
	if (r <= 0)
		return r;
	scn_push_key(c, "tc_kinds");
	const char *name;
	json_t *v;
	json_object_foreach(kinds, name, v) {
		int bit = tc_module_bit(name);
		if (!json_is_boolean(v) || bit < 0) {
			r = fail(c, name, bit < 0 ? "not a kind a kernel may lack" : "expected a boolean");
			break;
		}
		if (json_is_true(v))
			c->m->tc_absent &= ~(1ull << bit);
		else
			c->m->tc_absent |= 1ull << bit;
	}
	scn_pop(c);
	return r < 0 ? -1 : 0;
}
