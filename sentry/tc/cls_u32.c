/* u32 (net/sched/cls_u32.c): hash tables of key nodes. A qdisc's u32
 * protocols share one pool of table ids (tc_u_common: the first table is
 * 800:, the next ones come from a cyclic allocator, 801: on); each
 * protocol starts with a root table of one bucket; key nodes are numbered
 * per table and bucket from 800 and kept in node order in their bucket.
 * A protocol lists its tables newest first, each followed by its nodes. */
#include "cls_u32.h"

#include <errno.h>
#include <linux/pkt_cls.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "../model.h"
#include "../netlink/rtnl_attr.h"
#include "tc_attrs.h"
#include "tc_kinds.h"

static const struct rtnl_policy u32_rows[TCA_U32_MAX + 1] = {
	[TCA_U32_CLASSID] = RTNL_POL(RTNL_NLA_U32),
	[TCA_U32_HASH] = RTNL_POL(RTNL_NLA_U32),
	[TCA_U32_LINK] = RTNL_POL(RTNL_NLA_U32),
	[TCA_U32_DIVISOR] = RTNL_POL(RTNL_NLA_U32),
	[TCA_U32_SEL] = RTNL_POL_MINLEN(sizeof(struct tc_u32_sel)),
	[TCA_U32_INDEV] = RTNL_POL_LEN(RTNL_NLA_STRING, IFNAMSIZ),
	[TCA_U32_MARK] = RTNL_POL_MINLEN(sizeof(struct tc_u32_mark)),
	[TCA_U32_FLAGS] = RTNL_POL(RTNL_NLA_U32),
};
static const struct rtnl_policy_set u32_policy = { u32_rows, TCA_U32_MAX, 0 };

/* A node's option, read back from its dump; 0 when it has none. */
uint32_t u32_node_opt(const struct vn_tc *n, uint16_t type)
{
	const struct nlattr *o = tc_attr_find(n->attrs, n->attrs_len, TCA_OPTIONS);
	const struct nlattr *a = o ? tc_attr_find(o + 1, o->nla_len - NLA_HDRLEN, type) : NULL;
	return a && a->nla_len >= NLA_HDRLEN + 4 ? tc_nla_u32(a) : 0;
}

bool u32_is_table(const struct vn_tc *n)
{
	return TC_U32_KEY(n->handle) == 0;
}

/* Every u32 node of the qdisc (its tc_u_common's), each protocol's. */
size_t u32_common_nodes(const struct vn_model *m, const struct tc_fop *f, size_t *idx)
{
	size_t a, b, n = 0;
	vn_tc_range(m, f->tp.ifindex, VN_TC_FILTER, &a, &b);
	for (size_t i = a; i < b; i++)
		if (m->tcs[i].qdisc == f->tp.qdisc && strcmp(m->tcs[i].kind, "u32") == 0 &&
		    n < U32_NODES_MAX)
			idx[n++] = i;
	return n;
}

/* u32_lookup_ht among the qdisc's tables */
bool u32_lookup_ht(const struct vn_model *m, const struct tc_fop *f, uint32_t handle, size_t *at)
{
	static size_t idx[U32_NODES_MAX];
	size_t n = u32_common_nodes(m, f, idx);
	for (size_t i = 0; i < n; i++)
		if (u32_is_table(&m->tcs[idx[i]]) && m->tcs[idx[i]].handle == handle) {
			*at = idx[i];
			return true;
		}
	return false;
}

/* The protocol's root table: its oldest (the last of its tables). */
bool u32_root_ht(const struct vn_model *m, const struct tc_fop *f, size_t *at)
{
	static size_t idx[U32_NODES_MAX];
	size_t n = tc_nodes(m, &f->tp, idx, U32_NODES_MAX);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		if (u32_is_table(&m->tcs[idx[i]])) {
			*at = idx[i];
			found = true;
		}
	return found;
}

static bool u32_get(struct tc_fop *f, uint32_t handle, size_t *at)
{
	struct vn_model *m = f->c->m;
	size_t ht;
	if (!(TC_U32_HTID(handle) == TC_U32_ROOT ? u32_root_ht(m, f, &ht)
						  : u32_lookup_ht(m, f, TC_U32_HTID(handle), &ht)))
		return false;
	if (TC_U32_KEY(handle) == 0) {
		*at = ht;
		return true;
	}
	uint32_t key = TC_U32_HTID(m->tcs[ht].handle) | TC_U32_KEY(handle);
	if (TC_U32_HASH(handle) > u32_node_opt(&m->tcs[ht], TCA_U32_DIVISOR) - 1)
		return false;
	static size_t idx[U32_NODES_MAX];
	size_t n = u32_common_nodes(m, f, idx);
	for (size_t i = 0; i < n; i++)
		if (m->tcs[idx[i]].handle == key) {
			*at = idx[i];
			return true;
		}
	return false;
}

/* handle2id: a table handle's place in the id pool */
static uint32_t handle2id(uint32_t h)
{
	return (h & 0x80000000u) ? (h >> 20) & 0x7FF : h;
}

/* Is id taken in the qdisc's pool of table ids? */
static bool id_used(const struct vn_model *m, const struct tc_fop *f, uint32_t id)
{
	static size_t idx[U32_NODES_MAX];
	size_t n = u32_common_nodes(m, f, idx);
	for (size_t i = 0; i < n; i++)
		if (u32_is_table(&m->tcs[idx[i]]) && handle2id(m->tcs[idx[i]].handle) == id &&
		    m->tcs[idx[i]].handle != 0x80000000u)
			return true;
	return false;
}

/* gen_new_htid: idr_alloc_cyclic(1, 0x7FF) from where it left off (the
 * qdisc's priv[1]; for a snapshot's qdisc, after its highest table) */
static uint32_t new_htid(struct tc_fop *f)
{
	struct vn_model *m = f->c->m;
	struct vn_tc *q = vn_tc_qdisc(m, f->tp.ifindex, f->tp.qdisc, NULL);
	uint32_t next = q ? q->priv[1] : 0;
	if (!next) {
		static size_t idx[U32_NODES_MAX];
		size_t n = u32_common_nodes(m, f, idx);
		for (size_t i = 0; i < n; i++)
			if (u32_is_table(&m->tcs[idx[i]]) && handle2id(m->tcs[idx[i]].handle) + 1 > next)
				next = handle2id(m->tcs[idx[i]].handle) + 1;
	}
	if (next < 1 || next >= 0x7FF)
		next = 1;
	for (uint32_t k = 0; k < 0x7FE; k++) {
		uint32_t id = next + k >= 0x7FF ? next + k - 0x7FE : next + k;
		if (!id_used(m, f, id)) {
			if (q)
				q->priv[1] = id + 1;
			return (id | 0x800u) << 20;
		}
	}
	return 0;
}

static int u32_init(struct tc_fop *f)
{
	struct vn_model *m = f->c->m;
	/* a new tc_u_common's root is 800:, after that the pool gives */
	static size_t idx[U32_NODES_MAX];
	uint32_t h = u32_common_nodes(m, f, idx) ? new_htid(f) : 0x80000000u;
	if (!h)
		return -ENOMEM;
	if (h == 0x80000000u) {
		struct vn_tc *q = vn_tc_qdisc(m, f->tp.ifindex, f->tp.qdisc, NULL);
		if (q)
			q->priv[1] = 1;
	}
	struct buf b;
	buf_init(&b);
	size_t n = tc_nest_start(&b, TCA_OPTIONS);
	tc_put_u32(&b, TCA_U32_DIVISOR, 1);
	tc_nest_end(&b, n);
	tc_node_insert(f, h, &b, SIZE_MAX);
	buf_free(&b);
	return 0;
}

/* tc_flags_valid */
static bool flags_valid(uint32_t fl)
{
	uint32_t both = TCA_CLS_FLAGS_SKIP_HW | TCA_CLS_FLAGS_SKIP_SW;
	return !(fl & ~(both | TCA_CLS_FLAGS_VERBOSE)) && (fl & both) != both;
}

static int new_table(struct tc_fop *f, uint32_t handle, const struct nlattr *const *tb,
		     uint32_t *made)
{
	struct vn_model *m = f->c->m;
	uint32_t divisor = tc_nla_u32(tb[TCA_U32_DIVISOR]);
	if (!divisor || (divisor & (divisor - 1))) {
		f->c->extack = "cls_u32: Divisor is not a power of 2";
		return -EINVAL;
	}
	if (divisor > 0x100) {
		f->c->extack = "cls_u32: Exceeded maximum 256 hash buckets";
		return -EINVAL;
	}
	if (TC_U32_KEY(handle)) {
		f->c->extack = "cls_u32: Divisor can only be used on a hash table";
		return -EINVAL;
	}
	if (!handle) {
		if (!(handle = new_htid(f)))
			return -ENOMEM;
	} else if (id_used(m, f, handle2id(handle)) || handle == 0x80000000u) {
		return -ENOSPC;
	}
	struct buf b;
	buf_init(&b);
	size_t n = tc_nest_start(&b, TCA_OPTIONS);
	tc_put_u32(&b, TCA_U32_DIVISOR, divisor);
	tc_nest_end(&b, n);
	/* at the head of the tables: the protocol's first */
	static size_t idx[U32_NODES_MAX];
	size_t cnt = tc_nodes(m, &f->tp, idx, U32_NODES_MAX);
	tc_node_insert(f, handle, &b, cnt ? idx[0] : SIZE_MAX);
	buf_free(&b);
	*made = handle;
	return 0;
}

static int u32_change(struct tc_fop *f, uint32_t handle, const struct nlattr *const *tca,
		      size_t cur, uint32_t *made)
{
	const struct nlattr *opt = tca[TCA_OPTIONS];
	*made = 0;
	if (!opt) {
		if (handle) {
			f->c->extack = "cls_u32: Filter handle requires options";
			return -EINVAL;
		}
		return 0;
	}
	const struct nlattr *tb[TCA_U32_MAX + 1];
	struct rtnl_extack ack = { 0 };
	int err = rtnl_nla_parse_nested(tb, &u32_policy, opt, RTNL_PARSE_LIBERAL, &ack);
	if (err) {
		f->c->extack = ack.msg;
		return err;
	}
	uint32_t userflags = 0;
	if (tb[TCA_U32_FLAGS]) {
		userflags = tc_nla_u32(tb[TCA_U32_FLAGS]);
		if (!flags_valid(userflags)) {
			f->c->extack = "cls_u32: Invalid filter flags";
			return -EINVAL;
		}
	}
	if (cur != SIZE_MAX)
		return u32_key_replace(f, cur, tb, userflags, made);
	if (tb[TCA_U32_DIVISOR])
		return new_table(f, handle, tb, made);
	return u32_key_new(f, handle, tb, userflags, made);
}

static int u32_del(struct tc_fop *f, size_t at, bool *last)
{
	struct vn_model *m = f->c->m;
	struct vn_tc n = m->tcs[at];
	if (u32_is_table(&n)) {
		/* the root of its own protocol (is_root), whichever asked */
		struct tc_fop own = *f;
		own.tp.info = n.info;
		own.tp.block = n.block;
		own.tp.chain = n.chain;
		size_t root = SIZE_MAX;
		if (u32_root_ht(m, &own, &root) && root == at) {
			f->c->extack = "cls_u32: Not allowed to delete root node";
			return -EINVAL;
		}
		static size_t idx[U32_NODES_MAX];
		size_t cnt = u32_common_nodes(m, f, idx);
		for (size_t i = 0; i < cnt; i++)
			if (u32_node_opt(&m->tcs[idx[i]], TCA_U32_LINK) == n.handle) {
				f->c->extack = "cls_u32: Can not delete in-use filter";
				return -EBUSY;
			}
		/* u32_destroy_hnode: the table with its nodes */
		for (size_t i = m->ntcs; i-- > 0;) {
			const struct vn_tc *t = &m->tcs[i];
			if (t->type == VN_TC_FILTER && t->ifindex == n.ifindex && t->qdisc == n.qdisc &&
			    strcmp(t->kind, "u32") == 0 && TC_U32_HTID(t->handle) == n.handle)
				vn_tc_remove(m, i);
		}
	} else {
		vn_tc_remove(m, at);
	}
	/* last: the qdisc's only u32 protocol, without key nodes */
	static size_t idx[U32_NODES_MAX];
	size_t cnt = u32_common_nodes(m, f, idx), keys = 0, tps = 0;
	for (size_t i = 0; i < cnt; i++)
		keys += !u32_is_table(&m->tcs[idx[i]]);
	size_t a, b;
	vn_tc_range(m, f->tp.ifindex, VN_TC_PROTO, &a, &b);
	for (size_t i = a; i < b; i++)
		tps += m->tcs[i].qdisc == f->tp.qdisc && strcmp(m->tcs[i].kind, "u32") == 0;
	*last = tps == 1 && keys == 0;
	return 0;
}

const struct tc_cls_ops tc_u32_ops = { .kind = "u32", .init = u32_init, .get = u32_get,
				       .change = u32_change, .del = u32_del };
