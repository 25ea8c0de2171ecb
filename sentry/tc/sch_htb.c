/* htb (net/sched/sch_htb.c): the hierarchy token bucket. The qdisc keeps
 * its defaults (TCA_HTB_INIT), its classes a tree of rates; each leaf
 * class has a pfifo the kernel makes (hashed invisible) or what is
 * grafted, and a filter block of its own. Classes are walked in the
 * order of the qdisc's class hash (qdisc_class_hash: 4 buckets, doubled
 * when more than three quarters full), newest first in a bucket. */
#include "tc_qdisc.h"

#include <errno.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model.h"
#include "../netlink/rtnl_attr.h"
#include "tc_attrs.h"
#include "tc_rate.h"

#define HTB_VER 0x30011

static const struct rtnl_policy htb_rows[TCA_HTB_MAX + 1] = {
	[TCA_HTB_PARMS] = RTNL_POL_MINLEN(sizeof(struct tc_htb_opt)),
	[TCA_HTB_INIT] = RTNL_POL_MINLEN(sizeof(struct tc_htb_glob)),
	[TCA_HTB_CTAB] = RTNL_POL_LEN(RTNL_NLA_BINARY, 1024),
	[TCA_HTB_RTAB] = RTNL_POL_LEN(RTNL_NLA_BINARY, 1024),
	[TCA_HTB_DIRECT_QLEN] = RTNL_POL(RTNL_NLA_U32),
	[TCA_HTB_RATE64] = RTNL_POL(RTNL_NLA_U64),
	[TCA_HTB_CEIL64] = RTNL_POL(RTNL_NLA_U64),
	[TCA_HTB_OFFLOAD] = RTNL_POL(RTNL_NLA_FLAG),
};
static const struct rtnl_policy_set htb_policy = { htb_rows, TCA_HTB_MAX, 0 };

/* ---- the qdisc ---------------------------------------------------------- */

static int htb_init(struct tc_op *op, const struct nlattr *opt)
{
	const struct nlattr *tb[TCA_HTB_MAX + 1];
	if (!opt)
		return -EINVAL;
	int err = rtnl_nla_parse_nested(tb, &htb_policy, opt, RTNL_PARSE_LIBERAL, NULL);
	if (err)
		return err;
	if (!tb[TCA_HTB_INIT])
		return -EINVAL;
	struct tc_htb_glob g;
	memcpy(&g, tb[TCA_HTB_INIT] + 1, sizeof(g));
	if (g.version != HTB_VER >> 16)
		return -EINVAL;
	if (tb[TCA_HTB_OFFLOAD]) {
		/* the model's devices have no hardware to offload to */
		op->c->extack = op->q->parent != TC_H_ROOT
			? "HTB must be the root qdisc to use offload"
			: "hw-tc-offload ethtool feature flag must be on";
		return -EOPNOTSUPP;
	}
	uint32_t direct_qlen = op->link->txqlen;
	if (tb[TCA_HTB_DIRECT_QLEN])
		memcpy(&direct_qlen, tb[TCA_HTB_DIRECT_QLEN] + 1, sizeof(direct_qlen));
	struct tc_htb_glob d = { .version = HTB_VER,
				 .rate2quantum = g.rate2quantum < 1 ? 1 : g.rate2quantum,
				 .defcls = g.defcls };
	size_t n = tc_nest_start(&op->opts, TCA_OPTIONS);
	tc_put(&op->opts, TCA_HTB_INIT, &d, sizeof(d));
	tc_put_u32(&op->opts, TCA_HTB_DIRECT_QLEN, direct_qlen);
	tc_nest_end(&op->opts, n);
	op->q->priv[0] = 4;   /* qdisc_class_hash_init */
	return 0;
}

static uint32_t rate2quantum(const struct vn_tc *q)
{
	const struct nlattr *o = tc_options(q);
	const struct nlattr *tb[TCA_HTB_MAX + 1];
	struct tc_htb_glob g = { .rate2quantum = 10 };
	if (o && !rtnl_nla_parse_nested(tb, &htb_policy, o, RTNL_PARSE_LIBERAL, NULL) &&
	    tb[TCA_HTB_INIT])
		memcpy(&g, tb[TCA_HTB_INIT] + 1, sizeof(g));
	return g.rate2quantum ? g.rate2quantum : 1;
}

/* ---- a class's state, read back from what it dumps ------------------------ */

struct htb_class {
	struct tc_htb_opt opt;       /* as dumped: level, quantum, prio, buffers */
	struct tc_ratecfg rate, ceil;
	struct tc_htb_xstats x;
};

static void read_class(const struct vn_tc *cl, struct htb_class *h)
{
	memset(h, 0, sizeof(*h));
	const struct nlattr *o = tc_options(cl);
	const struct nlattr *tb[TCA_HTB_MAX + 1];
	if (o && !rtnl_nla_parse_nested(tb, &htb_policy, o, RTNL_PARSE_LIBERAL, NULL)) {
		if (tb[TCA_HTB_PARMS])
			memcpy(&h->opt, tb[TCA_HTB_PARMS] + 1, sizeof(h->opt));
		tc_ratecfg_precompute(&h->rate, &h->opt.rate,
				      tb[TCA_HTB_RATE64] ? tc_nla_u64(tb[TCA_HTB_RATE64]) : 0);
		tc_ratecfg_precompute(&h->ceil, &h->opt.ceil,
				      tb[TCA_HTB_CEIL64] ? tc_nla_u64(tb[TCA_HTB_CEIL64]) : 0);
	}
	const struct nlattr *x = tc_attr_find(cl->attrs, cl->attrs_len, TCA_XSTATS);
	if (x && x->nla_len >= NLA_HDRLEN + sizeof(h->x))
		memcpy(&h->x, x + 1, sizeof(h->x));
}

/* htb_dump_class's TCA_OPTIONS */
static void class_options(struct buf *b, const struct htb_class *h)
{
	struct tc_htb_opt o = h->opt;
	tc_ratecfg_getrate(&o.rate, &h->rate);
	tc_ratecfg_getrate(&o.ceil, &h->ceil);
	size_t n = tc_nest_start(b, TCA_OPTIONS);
	tc_put(b, TCA_HTB_PARMS, &o, sizeof(o));
	if (h->rate.rate_bytes_ps >= (1ull << 32))
		tc_put_u64(b, TCA_HTB_RATE64, h->rate.rate_bytes_ps);
	if (h->ceil.rate_bytes_ps >= (1ull << 32))
		tc_put_u64(b, TCA_HTB_CEIL64, h->ceil.rate_bytes_ps);
	tc_nest_end(b, n);
}

/* A class's new state written over its attributes (counters kept). */
static void write_class(struct vn_tc *cl, const struct htb_class *h)
{
	struct buf b;
	buf_init(&b);
	class_options(&b, h);
	tc_attrs_replace(cl, TCA_OPTIONS, (const struct nlattr *)b.data, TCA_STATS2);
	tc_attrs_set_xstats(cl, &h->x, sizeof(h->x));
	buf_free(&b);
	cl->info = h->opt.level ? 0 : cl->info;
}

/* ---- the class hash ---------------------------------------------------- */

/* The qdisc's classes: their indices in the model, in walk order. */
static size_t classes(const struct vn_model *m, const struct vn_tc *q, size_t *idx, size_t max)
{
	size_t a, b, n = 0;
	vn_tc_range(m, q->ifindex, VN_TC_CLASS, &a, &b);
	for (size_t i = a; i < b; i++)
		if (m->tcs[i].qdisc == q->handle && n < max)
			idx[n++] = i;
	return n;
}

/* The hash's size: what the qdisc recorded, or for a snapshot's qdisc
 * what that many insertions would have grown it to. */
static unsigned hash_size(const struct vn_tc *q, size_t n)
{
	if (q->priv[0])
		return q->priv[0];
	unsigned size = 4;
	for (size_t k = 1; k <= n; k++)
		if (k * 4 > size * 3)
			size *= 2;
	return size;
}

#define HTB_CLASSES_MAX 4096

/* qdisc_class_hash_insert of the class at index at (placed at the end of
 * its group), then qdisc_class_hash_grow: the walk order rewritten into
 * the slots the qdisc's classes hold. */
static void hash_insert(struct vn_model *m, struct vn_tc *q, uint32_t classid)
{
	static size_t idx[HTB_CLASSES_MAX];
	static struct vn_tc order[HTB_CLASSES_MAX], grown[HTB_CLASSES_MAX];
	size_t n = classes(m, q, idx, HTB_CLASSES_MAX);
	unsigned size = hash_size(q, n - 1);
	/* the new one (last) to the head of its bucket */
	size_t k = 0, nk = 0;
	unsigned bucket = vn_tc_class_bucket(classid, size - 1);
	for (; k < n - 1 && vn_tc_class_bucket(m->tcs[idx[k]].handle, size - 1) < bucket; k++)
		order[nk++] = m->tcs[idx[k]];
	order[nk++] = m->tcs[idx[n - 1]];
	for (; k < n - 1; k++)
		order[nk++] = m->tcs[idx[k]];
	if (n * 4 > size * 3) {
		/* rehash: each old chain walked in order, put at the head of
		 * its new one */
		unsigned nsize = size * 2;
		size_t g = 0;
		for (unsigned j = 0; j < nsize; j++)
			for (size_t i = n; i-- > 0;)
				if (vn_tc_class_bucket(order[i].handle, nsize - 1) == j)
					grown[g++] = order[i];
		memcpy(order, grown, n * sizeof(order[0]));
		size = nsize;
	}
	for (size_t i = 0; i < n; i++)
		m->tcs[idx[i]] = order[i];
	q->priv[0] = size;
}

/* ---- class operations ---------------------------------------------------- */

static bool htb_find(const struct vn_model *m, const struct vn_tc *q, uint32_t classid)
{
	return vn_tc_class(m, q->ifindex, q->handle, classid, NULL) != NULL;
}

static int htb_block(const struct vn_tc *q, uint32_t minor)
{
	(void)q;
	return (int)minor;   /* htb_tcf_block: the class's own, or the qdisc's */
}

static int htb_graft(struct tc_op *op, uint32_t classid, uint32_t leaf, bool new)
{
	struct vn_tc *cl = vn_tc_class(op->c->m, op->q->ifindex, op->q->handle, classid, NULL);
	struct htb_class h;
	read_class(cl, &h);
	if (h.opt.level)
		return -EINVAL;
	/* without a new leaf htb makes a pfifo of its own, which it does
	 * not hash: none the dumps show */
	cl->info = new ? leaf : 0;
	return 0;
}

/* The leaf pfifo of a class the kernel makes (qdisc_create_dflt), hashed
 * invisible. */
static void make_leaf(struct tc_op *op, uint32_t classid)
{
	size_t at;
	if (tc_qdisc_make(op->c, op->link, &tc_pfifo_ops, 0, classid, VN_TCQ_HASHED, 1, NULL,
			  &at) == 0)
		op->c->m->tcs[at].invisible = true;
}

static int htb_change(struct tc_op *op, uint32_t classid, uint32_t parentid,
		      const struct nlattr *const *tca, struct vn_tc *cur)
{
	struct vn_model *m = op->c->m;
	const struct nlattr *tb[TCA_HTB_MAX + 1];
	const struct nlattr *opt = tca[TCA_OPTIONS];
	if (!opt)
		return -EINVAL;
	struct rtnl_extack ack = { 0 };
	int err = rtnl_nla_parse_nested(tb, &htb_policy, opt, RTNL_PARSE_LIBERAL, &ack);
	if (err) {
		op->c->extack = ack.msg;
		return err;
	}
	if (!tb[TCA_HTB_PARMS])
		return -EINVAL;
	struct tc_htb_opt hopt;
	memcpy(&hopt, tb[TCA_HTB_PARMS] + 1, sizeof(hopt));
	if (!hopt.rate.rate || !hopt.ceil.rate)
		return -EINVAL;
	struct vn_tc *parent = parentid == TC_H_ROOT
		? NULL : vn_tc_class(m, op->q->ifindex, op->q->handle, parentid, NULL);
	struct htb_class h, ph;
	if (parent)
		read_class(parent, &ph);
	uint32_t pclassid = parent ? parent->handle : 0;
	if (!cur) {
		if (!classid || VN_TC_H_MAJ(classid ^ op->q->handle) ||
		    vn_tc_class(m, op->q->ifindex, op->q->handle, classid, NULL))
			return -EINVAL;
		if (parent && parent->parent != TC_H_ROOT) {
			struct vn_tc *gp = vn_tc_class(m, op->q->ifindex, op->q->handle, parent->parent,
						       NULL);
			struct htb_class gh;
			if (gp)
				read_class(gp, &gh);
			if (gp && gh.opt.level < 2) {
				op->c->extack = "sch_htb: tree is too deep";
				return -EINVAL;
			}
		}
		if (parent && !ph.opt.level) {
			/* the parent leaf becomes an inner node: its leaf goes */
			size_t at;
			if (tc_leaf(m, parent, pclassid, &at))
				tc_qdisc_destroy(m, at);
			parent = vn_tc_class(m, op->q->ifindex, op->q->handle, pclassid, NULL);
			const struct vn_tc *gp = parent->parent == TC_H_ROOT ? NULL
				: vn_tc_class(m, op->q->ifindex, op->q->handle, parent->parent, NULL);
			struct htb_class gh;
			if (gp)
				read_class(gp, &gh);
			ph.opt.level = (gp ? gh.opt.level : TC_HTB_MAXDEPTH) - 1;
			parent->info = 0;
			write_class(parent, &ph);
		}
		memset(&h, 0, sizeof(h));
		h.x.tokens = hopt.buffer > INT32_MAX ? INT32_MAX : (int32_t)hopt.buffer;
		h.x.ctokens = hopt.cbuffer > INT32_MAX ? INT32_MAX : (int32_t)hopt.cbuffer;
	} else {
		read_class(cur, &h);
	}
	tc_ratecfg_precompute(&h.rate, &hopt.rate, tb[TCA_HTB_RATE64] ? tc_nla_u64(tb[TCA_HTB_RATE64]) : 0);
	tc_ratecfg_precompute(&h.ceil, &hopt.ceil, tb[TCA_HTB_CEIL64] ? tc_nla_u64(tb[TCA_HTB_CEIL64]) : 0);
	int warn = 0;
	if (!h.opt.level) {
		uint64_t quantum = h.rate.rate_bytes_ps / rate2quantum(op->q);
		h.opt.quantum = quantum > 0x7fffffff ? 0x7fffffff : (uint32_t)quantum;
		if (!hopt.quantum && h.opt.quantum < 1000) {
			warn = -1;
			h.opt.quantum = 1000;
		}
		if (!hopt.quantum && h.opt.quantum > 200000) {
			warn = 1;
			h.opt.quantum = 200000;
		}
		if (hopt.quantum)
			h.opt.quantum = hopt.quantum;
		h.opt.prio = hopt.prio >= TC_HTB_NUMPRIO ? TC_HTB_NUMPRIO - 1 : hopt.prio;
	}
	h.opt.buffer = hopt.buffer;
	h.opt.cbuffer = hopt.cbuffer;
	if (warn) {
		static char msg[80];
		snprintf(msg, sizeof(msg), "sch_htb: quantum of class %X is %s. Consider r2q change.",
			 classid, warn == -1 ? "small" : "big");
		op->c->extack = msg;
	}
	if (cur) {
		write_class(cur, &h);
	} else {
		struct vn_tc cl = { .type = VN_TC_CLASS, .ifindex = op->q->ifindex,
				    .qdisc = op->q->handle, .handle = classid,
				    .parent = pclassid ? pclassid : TC_H_ROOT };
		strcpy(cl.kind, "htb");
		struct buf o, attrs;
		buf_init(&o);
		buf_init(&attrs);
		class_options(&o, &h);
		tc_render_class(&attrs, o.data, o.len, true, &h.x, sizeof(h.x));
		vn_tc_set_attrs(&cl, attrs.data, attrs.len);
		buf_free(&o);
		buf_free(&attrs);
		make_leaf(op, classid);
		size_t a, b;
		vn_tc_range(m, op->q->ifindex, VN_TC_CLASS, &a, &b);
		vn_tc_insert(m, b, &cl);
	}
	struct vn_tc *q = vn_tc_qdisc(m, op->q->ifindex, op->q->handle, NULL);
	if (!cur && q)
		hash_insert(m, q, classid);
	return 0;
}

static int htb_del(struct tc_op *op, uint32_t classid)
{
	struct vn_model *m = op->c->m;
	int ifindex = op->q->ifindex;
	size_t at;
	struct vn_tc *cl = vn_tc_class(m, ifindex, op->q->handle, classid, &at);
	size_t a, b;
	vn_tc_range(m, ifindex, VN_TC_CLASS, &a, &b);
	size_t siblings = 0, children = 0;
	for (size_t i = a; i < b; i++) {
		const struct vn_tc *t = &m->tcs[i];
		if (t->qdisc != op->q->handle)
			continue;
		children += t->parent == classid;
		siblings += t->parent == cl->parent;
	}
	if (children || tc_class_bound(m, op->q, classid)) {
		op->c->extack = "HTB class in use";
		return -EBUSY;
	}
	struct htb_class h;
	read_class(cl, &h);
	uint32_t parent = cl->parent;
	/* the class goes with its leaf and its block's filters */
	vn_tc_remove(m, at);
	if (!h.opt.level) {
		size_t lat;
		struct vn_tc self = { .ifindex = ifindex, .handle = op->q->handle };
		if (tc_leaf(m, &self, classid, &lat))
			tc_qdisc_destroy(m, lat);
	}
	tc_block_flush(m, ifindex, op->q->handle, VN_TC_H_MIN(classid));
	/* the last child of a class: it is a leaf again, with a pfifo htb
	 * does not hash, and full buckets (htb_parent_to_leaf) */
	if (!h.opt.level && parent != TC_H_ROOT && siblings == 1) {
		struct vn_tc *p = vn_tc_class(m, ifindex, op->q->handle, parent, NULL);
		if (p) {
			struct htb_class ph;
			read_class(p, &ph);
			ph.opt.level = 0;
			ph.x.tokens = ph.opt.buffer > INT32_MAX ? INT32_MAX : (int32_t)ph.opt.buffer;
			ph.x.ctokens = ph.opt.cbuffer > INT32_MAX ? INT32_MAX : (int32_t)ph.opt.cbuffer;
			p->info = 0;
			write_class(p, &ph);
		}
	}
	return 0;
}

static const struct tc_class_ops htb_class_ops = {
	.find = htb_find,
	.block = htb_block,
	.graft = htb_graft,
	.change = htb_change,
	.del = htb_del,
};

/* htb_attach: as a root it grafts itself onto each queue */
const struct tc_qdisc_ops tc_htb_ops = { .id = "htb", .flags = TC_QF_ATTACH, .init = htb_init,
					 .cl = &htb_class_ops };
