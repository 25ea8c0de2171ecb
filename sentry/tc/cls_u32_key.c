/* u32's key nodes (net/sched/cls_u32.c: u32_change without a divisor,
 * u32_set_parms, u32_dump of a knode): made in their table's bucket in
 * node order, replaced by a copy when changed, dumped with their
 * selector, table, class, link, flags, mark, device and counters. */
#include "cls_u32.h"

#include <errno.h>
#include <linux/pkt_cls.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>

#include "../model.h"
#include "tc_attrs.h"

/* Is node id `handle` of table ht taken? */
static bool kid_used(const struct vn_model *m, const struct tc_fop *f, uint32_t handle)
{
	static size_t idx[U32_NODES_MAX];
	size_t n = u32_common_nodes(m, f, idx);
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

/* The link an attribute names (nla_strscpy into IFNAMSIZ: the payload
 * up to its first NUL, never past its end). */
static const struct vn_link *dev_named(const struct vn_model *m, const struct nlattr *a)
{
	char name[IFNAMSIZ] = "";
	size_t len = (size_t)(a->nla_len - NLA_HDRLEN);
	const char *s = (const char *)(a + 1);
	size_t n = strnlen(s, len < sizeof(name) - 1 ? len : sizeof(name) - 1);
	memcpy(name, s, n);
	name[n] = '\0';
	return vn_link_by_name(m, name);
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
	k->classid = u32_node_opt(n, TCA_U32_CLASSID);
	k->link = u32_node_opt(n, TCA_U32_LINK);
	k->flags = u32_node_opt(n, TCA_U32_FLAGS);
	const struct nlattr *o = tc_attr_find(n->attrs, n->attrs_len, TCA_OPTIONS);
	if (!o)
		return;
	k->sel = tc_attr_find(o + 1, o->nla_len - NLA_HDRLEN, TCA_U32_SEL);
	const struct nlattr *mk = tc_attr_find(o + 1, o->nla_len - NLA_HDRLEN, TCA_U32_MARK);
	if (mk && mk->nla_len >= NLA_HDRLEN + sizeof(k->mark))
		memcpy(&k->mark, mk + 1, sizeof(k->mark));
	const struct nlattr *dev = tc_attr_find(o + 1, o->nla_len - NLA_HDRLEN, TCA_U32_INDEV);
	const struct vn_link *l = dev ? dev_named(m, dev) : NULL;
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
		const struct vn_link *l = dev_named(m, tb[TCA_U32_INDEV]);
		if (!l) {
			f->c->extack = "Network device not found";
			return -EINVAL;
		}
		ifindex = l->ifindex;
	}
	if (tb[TCA_U32_LINK]) {
		uint32_t h = tc_nla_u32(tb[TCA_U32_LINK]);
		if (TC_U32_KEY(h)) {
			f->c->extack = "cls_u32: u32 Link handle must be a hash table";
			return -EINVAL;
		}
		if (h) {
			size_t at;
			if (!u32_lookup_ht(m, f, h, &at)) {
				f->c->extack = "cls_u32: Link hash table not found";
				return -EINVAL;
			}
			size_t root;
			if (u32_root_ht(m, f, &root) && m->tcs[root].handle == h) {
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

/* A key node replaced by a copy with new parameters (u32_init_knode):
 * its selector, flags and mark stay; its class only if given again. */
int u32_key_replace(struct tc_fop *f, size_t cur, const struct nlattr *const *tb,
		    uint32_t userflags, uint32_t *made)
{
	struct vn_model *m = f->c->m;
	struct vn_tc *n = &m->tcs[cur];
	if (u32_is_table(n)) {
		f->c->extack = "cls_u32: Key node id cannot be zero";
		return -EINVAL;
	}
	struct knode k;
	read_knode(m, n, &k);
	/* a recorded node without a whole selector cannot be copied */
	if (!k.sel || k.sel->nla_len < NLA_HDRLEN + sizeof(struct tc_u32_sel))
		return -EINVAL;
	if ((k.flags ^ userflags) & ~(TCA_CLS_FLAGS_IN_HW | TCA_CLS_FLAGS_NOT_IN_HW)) {
		f->c->extack = "cls_u32: Key node flags do not match passed flags";
		return -EINVAL;
	}
	int err = set_parms(f, tb, &k);
	if (err)
		return err;
	k.classid = tb[TCA_U32_CLASSID] ? tc_nla_u32(tb[TCA_U32_CLASSID]) : 0;
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

/* A new key node (u32_change without a table's divisor): in the table
 * and bucket TCA_U32_HASH names (the root's by default), numbered as
 * gen_new_kid numbers, with its selector, class, link, flags, mark and
 * device. */
int u32_key_new(struct tc_fop *f, uint32_t handle, const struct nlattr *const *tb,
		uint32_t userflags, uint32_t *made)
{
	struct vn_model *m = f->c->m;
	int err;
	size_t ht;
	uint32_t htid;
	if (tb[TCA_U32_HASH]) {
		htid = tc_nla_u32(tb[TCA_U32_HASH]);
		if (TC_U32_HTID(htid) == TC_U32_ROOT) {
			if (!u32_root_ht(m, f, &ht))
				return -EINVAL;
			htid = m->tcs[ht].handle;
		} else if (!u32_lookup_ht(m, f, TC_U32_HTID(htid), &ht)) {
			f->c->extack = "cls_u32: Specified hash table not found";
			return -EINVAL;
		}
	} else {
		if (!u32_root_ht(m, f, &ht))
			return -EINVAL;
		htid = m->tcs[ht].handle;
	}
	if (u32_node_opt(&m->tcs[ht], TCA_U32_DIVISOR) - 1 < TC_U32_HASH(htid)) {
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
	k.classid = tb[TCA_U32_CLASSID] ? tc_nla_u32(tb[TCA_U32_CLASSID]) : 0;
	struct buf b;
	buf_init(&b);
	key_attrs(&b, m, s, sel_size, handle, k.classid, k.link, k.flags | TCA_CLS_FLAGS_NOT_IN_HW,
		  &k.mark, k.ifindex, s->nkeys);
	/* in its table's bucket, in node order */
	uint32_t table = m->tcs[ht].handle;
	static size_t idx[U32_NODES_MAX];
	size_t cnt = u32_common_nodes(m, f, idx), before = SIZE_MAX, i = 0;
	while (i < cnt && m->tcs[idx[i]].handle != table)
		i++;
	for (i++; i < cnt && !u32_is_table(&m->tcs[idx[i]]); i++) {
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
