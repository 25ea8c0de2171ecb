/* u32 (net/sched/cls_u32.c): hash tables of key nodes. A qdisc's u32
 * protocols share one pool of table ids (tc_u_common: the first table is
 * 800:, the next ones come from a cyclic allocator, 801: on); each
 * protocol starts with a root table of one bucket; key nodes are numbered
 * per table and bucket from 800 and kept in node order in their bucket.
 * A protocol lists its tables newest first, each followed by its nodes. */
#include "tc_filter.h"

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

#define U32_NODES_MAX 4096

static uint32_t get_u32(const struct nlattr *a)
{
	uint32_t v;
	memcpy(&v, a + 1, sizeof(v));
	return v;
}

/* A node's option, read back from its dump; 0 when it has none. */
static uint32_t node_opt(const struct vn_tc *n, uint16_t type)
{
	const struct nlattr *o = tc_attr_find(n->attrs, n->attrs_len, TCA_OPTIONS);
	const struct nlattr *a = o ? tc_attr_find(o + 1, o->nla_len - NLA_HDRLEN, type) : NULL;
	return a && a->nla_len >= NLA_HDRLEN + 4 ? get_u32(a) : 0;
}

static bool is_table(const struct vn_tc *n)
{
	return TC_U32_KEY(n->handle) == 0;
}

/* Every u32 node of the qdisc (its tc_u_common's), each protocol's. */
static size_t common_nodes(const struct vn_model *m, const struct tc_fop *f, size_t *idx)
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
static bool lookup_ht(const struct vn_model *m, const struct tc_fop *f, uint32_t handle, size_t *at)
{
	static size_t idx[U32_NODES_MAX];
	size_t n = common_nodes(m, f, idx);
	for (size_t i = 0; i < n; i++)
		if (is_table(&m->tcs[idx[i]]) && m->tcs[idx[i]].handle == handle) {
			*at = idx[i];
			return true;
		}
	return false;
}

/* The protocol's root table: its oldest (the last of its tables). */
static bool root_ht(const struct vn_model *m, const struct tc_fop *f, size_t *at)
{
	static size_t idx[U32_NODES_MAX];
	size_t n = tc_nodes(m, &f->tp, idx, U32_NODES_MAX);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		if (is_table(&m->tcs[idx[i]])) {
			*at = idx[i];
			found = true;
		}
	return found;
}

static bool u32_get(struct tc_fop *f, uint32_t handle, size_t *at)
{
	struct vn_model *m = f->c->m;
	size_t ht;
	if (!(TC_U32_HTID(handle) == TC_U32_ROOT ? root_ht(m, f, &ht)
						  : lookup_ht(m, f, TC_U32_HTID(handle), &ht)))
		return false;
	if (TC_U32_KEY(handle) == 0) {
		*at = ht;
		return true;
	}
	uint32_t key = TC_U32_HTID(m->tcs[ht].handle) | TC_U32_KEY(handle);
	if (TC_U32_HASH(handle) > node_opt(&m->tcs[ht], TCA_U32_DIVISOR) - 1)
		return false;
	static size_t idx[U32_NODES_MAX];
	size_t n = common_nodes(m, f, idx);
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
	size_t n = common_nodes(m, f, idx);
	for (size_t i = 0; i < n; i++)
		if (is_table(&m->tcs[idx[i]]) && handle2id(m->tcs[idx[i]].handle) == id &&
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
		size_t n = common_nodes(m, f, idx);
		for (size_t i = 0; i < n; i++)
			if (is_table(&m->tcs[idx[i]]) && handle2id(m->tcs[idx[i]].handle) + 1 > next)
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

/* Is node id `handle` of table ht taken? */
static bool kid_used(const struct vn_model *m, const struct tc_fop *f, uint32_t handle)
{
	static size_t idx[U32_NODES_MAX];
	size_t n = common_nodes(m, f, idx);
	for (size_t i = 0; i < n; i++)
		if (m->tcs[idx[i]].handle == handle)
			return true;
	return false;
}

/* gen_new_kid: the lowest free node from 800 in the bucket, else from 1 */
static uint32_t new_kid(const struct vn_model *m, const struct tc_fop *f, uint32_t htid)
{
	for (uint32_t k = htid | 0x800; k <= (htid | 0xFFF); k++)
		if (!kid_used(m, f, k))
			return k;
	for (uint32_t k = htid + 1; k <= (htid | 0xFFF); k++)
		if (!kid_used(m, f, k))
			return k;
	return 0;
}

static int u32_init(struct tc_fop *f)
{
	struct vn_model *m = f->c->m;
	/* a new tc_u_common's root is 800:, after that the pool gives */
	static size_t idx[U32_NODES_MAX];
	uint32_t h = common_nodes(m, f, idx) ? new_htid(f) : 0x80000000u;
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

/* tcf_exts_validate_ex: the model has no actions, as a kernel without
 * their modules */
static int no_actions(struct tc_fop *f, const struct nlattr *const *tb, const struct nlattr *act)
{
	(void)tb;
	if (!act)
		return 0;
	const struct nlattr *first = (const struct nlattr *)(act + 1);
	if (act->nla_len < NLA_HDRLEN * 2 || first->nla_len < NLA_HDRLEN)
		return 0;
	const struct nlattr *kind = tc_attr_find(first + 1, first->nla_len - NLA_HDRLEN, TCA_ACT_KIND);
	f->c->extack = kind ? "Failed to load TC action module" : "TC action kind must be specified";
	return kind ? -ENOENT : -EINVAL;
}

/* A key node's dump (u32_dump): its selector, table, class, link,
 * flags, mark, device, counters */
static void key_attrs(struct buf *b, const struct vn_model *m, const void *sel, size_t sel_len,
		      uint32_t handle, uint32_t classid, uint32_t link, uint32_t flags,
		      const struct tc_u32_mark *mark, int ifindex, unsigned nkeys)
{
	size_t n = tc_nest_start(b, TCA_OPTIONS);
	tc_put(b, TCA_U32_SEL, sel, sel_len);
	tc_put_u32(b, TCA_U32_HASH, handle & 0xFFFFF000u);
	if (classid)
		tc_put_u32(b, TCA_U32_CLASSID, classid);
	if (link)
		tc_put_u32(b, TCA_U32_LINK, link);
	if (flags)
		tc_put_u32(b, TCA_U32_FLAGS, flags);
	if ((m->kconfig & VN_K_CLS_U32_MARK) && mark && (mark->val || mark->mask)) {
		struct tc_u32_mark mk = { .val = mark->val, .mask = mark->mask };
		tc_put(b, TCA_U32_MARK, &mk, sizeof(mk));
	}
	const struct vn_link *dev = ifindex ? vn_link_by_index(m, ifindex) : NULL;
	if (dev)
		tc_put_str(b, TCA_U32_INDEV, dev->name);
	if (m->kconfig & VN_K_CLS_U32_PERF) {
		/* struct tc_u32_pcnt: rcnt, rhit, a count per key */
		uint64_t pcnt[2 + 128] = { 0 };
		tc_put(b, TCA_U32_PCNT, pcnt, (2 + (nkeys < 128 ? nkeys : 128)) * sizeof(uint64_t));
	}
	tc_nest_end(b, n);
}

/* The settings of an existing key node, read back. */
struct knode {
	uint32_t classid, link, flags;
	int ifindex;
	struct tc_u32_mark mark;
	const struct nlattr *sel;
};

static void read_knode(const struct vn_model *m, const struct vn_tc *n, struct knode *k)
{
	memset(k, 0, sizeof(*k));
	k->classid = node_opt(n, TCA_U32_CLASSID);
	k->link = node_opt(n, TCA_U32_LINK);
	k->flags = node_opt(n, TCA_U32_FLAGS);
	const struct nlattr *o = tc_attr_find(n->attrs, n->attrs_len, TCA_OPTIONS);
	if (!o)
		return;
	k->sel = tc_attr_find(o + 1, o->nla_len - NLA_HDRLEN, TCA_U32_SEL);
	const struct nlattr *mk = tc_attr_find(o + 1, o->nla_len - NLA_HDRLEN, TCA_U32_MARK);
	if (mk && mk->nla_len >= NLA_HDRLEN + sizeof(k->mark))
		memcpy(&k->mark, mk + 1, sizeof(k->mark));
	const struct nlattr *dev = tc_attr_find(o + 1, o->nla_len - NLA_HDRLEN, TCA_U32_INDEV);
	const struct vn_link *l = dev ? vn_link_by_name(m, (const char *)(dev + 1)) : NULL;
	k->ifindex = l ? l->ifindex : 0;
}

/* u32_set_parms: actions, the device, the link to a table */
static int set_parms(struct tc_fop *f, const struct nlattr *const *tb, struct knode *k)
{
	struct vn_model *m = f->c->m;
	int err = no_actions(f, tb, tb[TCA_U32_ACT] ? tb[TCA_U32_ACT] : tb[TCA_U32_POLICE]);
	if (err)
		return err;
	int ifindex = -1;
	if (tb[TCA_U32_INDEV]) {
		const struct vn_link *l = vn_link_by_name(m, (const char *)(tb[TCA_U32_INDEV] + 1));
		if (!l) {
			f->c->extack = "Network device not found";
			return -EINVAL;
		}
		ifindex = l->ifindex;
	}
	if (tb[TCA_U32_LINK]) {
		uint32_t h = get_u32(tb[TCA_U32_LINK]);
		if (TC_U32_KEY(h)) {
			f->c->extack = "cls_u32: u32 Link handle must be a hash table";
			return -EINVAL;
		}
		if (h) {
			size_t at;
			if (!lookup_ht(m, f, h, &at)) {
				f->c->extack = "cls_u32: Link hash table not found";
				return -EINVAL;
			}
			size_t root;
			if (root_ht(m, f, &root) && m->tcs[root].handle == h) {
				f->c->extack = "cls_u32: Not linking to root node";
				return -EINVAL;
			}
		}
		k->link = h;
	}
	if (ifindex >= 0)
		k->ifindex = ifindex;
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
	uint32_t divisor = get_u32(tb[TCA_U32_DIVISOR]);
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
	struct vn_model *m = f->c->m;
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
		userflags = get_u32(tb[TCA_U32_FLAGS]);
		if (!flags_valid(userflags)) {
			f->c->extack = "cls_u32: Invalid filter flags";
			return -EINVAL;
		}
	}
	if (cur != SIZE_MAX) {
		/* a key node replaced by a copy with new parameters: its
		 * selector, flags and mark stay; its class only if given */
		struct vn_tc *n = &m->tcs[cur];
		if (is_table(n)) {
			f->c->extack = "cls_u32: Key node id cannot be zero";
			return -EINVAL;
		}
		struct knode k;
		read_knode(m, n, &k);
		if ((k.flags ^ userflags) & ~(TCA_CLS_FLAGS_IN_HW | TCA_CLS_FLAGS_NOT_IN_HW)) {
			f->c->extack = "cls_u32: Key node flags do not match passed flags";
			return -EINVAL;
		}
		err = set_parms(f, tb, &k);
		if (err)
			return err;
		k.classid = tb[TCA_U32_CLASSID] ? get_u32(tb[TCA_U32_CLASSID]) : 0;
		const struct tc_u32_sel *s = (const struct tc_u32_sel *)(k.sel + 1);
		struct buf b, keep;
		buf_init(&b);
		buf_init(&keep);
		buf_append(&keep, k.sel + 1, k.sel->nla_len - NLA_HDRLEN);
		key_attrs(&b, m, keep.data, keep.len, n->handle, k.classid, k.link,
			  k.flags | TCA_CLS_FLAGS_NOT_IN_HW, &k.mark, k.ifindex, s->nkeys);
		n = &m->tcs[cur];
		tc_attrs_replace(n, TCA_OPTIONS, (const struct nlattr *)b.data, 0xffff);
		buf_free(&b);
		buf_free(&keep);
		*made = n->handle;
		return 0;
	}
	if (tb[TCA_U32_DIVISOR])
		return new_table(f, handle, tb, made);
	size_t ht;
	uint32_t htid;
	if (tb[TCA_U32_HASH]) {
		htid = get_u32(tb[TCA_U32_HASH]);
		if (TC_U32_HTID(htid) == TC_U32_ROOT) {
			if (!root_ht(m, f, &ht))
				return -EINVAL;
			htid = m->tcs[ht].handle;
		} else if (!lookup_ht(m, f, TC_U32_HTID(htid), &ht)) {
			f->c->extack = "cls_u32: Specified hash table not found";
			return -EINVAL;
		}
	} else {
		if (!root_ht(m, f, &ht))
			return -EINVAL;
		htid = m->tcs[ht].handle;
	}
	if (node_opt(&m->tcs[ht], TCA_U32_DIVISOR) - 1 < TC_U32_HASH(htid)) {
		f->c->extack = "cls_u32: Specified hash table buckets exceed configured value";
		return -EINVAL;
	}
	if (handle) {
		if (TC_U32_HTID(handle) && TC_U32_HTID(handle ^ htid)) {
			f->c->extack = "cls_u32: Handle specified hash table address mismatch";
			return -EINVAL;
		}
		if (!TC_U32_NODE(handle)) {
			handle = new_kid(m, f, htid);
		} else {
			handle = htid | TC_U32_NODE(handle);
			if (kid_used(m, f, handle))
				return -ENOSPC;
		}
	} else {
		handle = new_kid(m, f, htid);
	}
	if (!handle) {
		f->c->extack = "cls_u32: Hash table node ID pool exhausted";
		return -ENOSPC;
	}
	if (!tb[TCA_U32_SEL]) {
		f->c->extack = "cls_u32: Selector not specified";
		return -EINVAL;
	}
	const struct tc_u32_sel *s = (const struct tc_u32_sel *)(tb[TCA_U32_SEL] + 1);
	size_t sel_size = sizeof(*s) + s->nkeys * sizeof(struct tc_u32_key);
	if ((size_t)(tb[TCA_U32_SEL]->nla_len - NLA_HDRLEN) < sel_size)
		return -EINVAL;
	if (s->offshift >= 16) {
		f->c->extack = "cls_u32: offshift must be less than 16";
		return -EINVAL;
	}
	struct knode k = { .flags = userflags };
	if (tb[TCA_U32_MARK])
		memcpy(&k.mark, tb[TCA_U32_MARK] + 1, sizeof(k.mark));
	err = set_parms(f, tb, &k);
	if (err)
		return err;
	if (userflags & TCA_CLS_FLAGS_SKIP_SW)
		return -EINVAL;   /* nothing to offload to */
	k.classid = tb[TCA_U32_CLASSID] ? get_u32(tb[TCA_U32_CLASSID]) : 0;
	struct buf b;
	buf_init(&b);
	key_attrs(&b, m, s, sel_size, handle, k.classid, k.link, k.flags | TCA_CLS_FLAGS_NOT_IN_HW,
		  &k.mark, k.ifindex, s->nkeys);
	/* in its table's bucket, in node order */
	uint32_t table = m->tcs[ht].handle;
	static size_t idx[U32_NODES_MAX];
	size_t cnt = common_nodes(m, f, idx), before = SIZE_MAX, i = 0;
	while (i < cnt && m->tcs[idx[i]].handle != table)
		i++;
	for (i++; i < cnt && !is_table(&m->tcs[idx[i]]); i++) {
		uint32_t h = m->tcs[idx[i]].handle;
		if (TC_U32_HASH(h) > TC_U32_HASH(handle) ||
		    (TC_U32_HASH(h) == TC_U32_HASH(handle) && TC_U32_NODE(h) > TC_U32_NODE(handle)))
			break;
	}
	before = i < cnt ? idx[i] : (cnt ? idx[cnt - 1] + 1 : SIZE_MAX);
	/* the node joins the protocol of its table */
	struct tc_fop tf = *f;
	tf.tp.info = m->tcs[ht].info;
	tf.tp.block = m->tcs[ht].block;
	tf.tp.chain = m->tcs[ht].chain;
	tc_node_insert(&tf, handle, &b, before);
	buf_free(&b);
	*made = handle;
	return 0;
}

static int u32_del(struct tc_fop *f, size_t at, bool *last)
{
	struct vn_model *m = f->c->m;
	struct vn_tc n = m->tcs[at];
	if (is_table(&n)) {
		/* the root of its own protocol (is_root), whichever asked */
		struct tc_fop own = *f;
		own.tp.info = n.info;
		own.tp.block = n.block;
		own.tp.chain = n.chain;
		size_t root = SIZE_MAX;
		if (root_ht(m, &own, &root) && root == at) {
			f->c->extack = "cls_u32: Not allowed to delete root node";
			return -EINVAL;
		}
		static size_t idx[U32_NODES_MAX];
		size_t cnt = common_nodes(m, f, idx);
		for (size_t i = 0; i < cnt; i++)
			if (node_opt(&m->tcs[idx[i]], TCA_U32_LINK) == n.handle) {
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
	size_t cnt = common_nodes(m, f, idx), keys = 0, tps = 0;
	for (size_t i = 0; i < cnt; i++)
		keys += !is_table(&m->tcs[idx[i]]);
	size_t a, b;
	vn_tc_range(m, f->tp.ifindex, VN_TC_PROTO, &a, &b);
	for (size_t i = a; i < b; i++)
		tps += m->tcs[i].qdisc == f->tp.qdisc && strcmp(m->tcs[i].kind, "u32") == 0;
	*last = tps == 1 && keys == 0;
	return 0;
}

const struct tc_cls_ops tc_u32_ops = { .kind = "u32", .init = u32_init, .get = u32_get,
				       .change = u32_change, .del = u32_del };
