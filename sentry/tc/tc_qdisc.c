/* Qdiscs made and destroyed (tc_qdisc.h). */
#include "tc_qdisc.h"

#include <errno.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <net/if_arp.h>
#include <stdlib.h>
#include <string.h>

#include "../linkinfo.h"
#include "../model.h"
#include "tc_attrs.h"

unsigned tc_psched_mtu(const struct vn_link *l)
{
	/* dev->mtu + dev->hard_header_len */
	bool eth = l->type == ARPHRD_ETHER || l->type == ARPHRD_LOOPBACK;
	return l->mtu + (eth ? 14 : 0);
}

unsigned tc_real_tx_queues(const struct vn_link *l)
{
	if (strcmp(l->kind, "tun") == 0)
		return 1;
	return l->num_tx_queues ? l->num_tx_queues : 1;
}

const struct nlattr *tc_options(const struct vn_tc *t)
{
	return tc_attr_find(t->attrs, t->attrs_len, TCA_OPTIONS);
}

void tc_render_qdisc(struct buf *out, const struct tc_op *op)
{
	if (op->opts.len)
		buf_append(out, op->opts.data, op->opts.len);
	tc_put_u8(out, TCA_HW_OFFLOAD, 0);
	tc_put_stats(out, TC_STATS_APP_FIRST, op->xstats, op->xlen);
}

void tc_render_class(struct buf *out, const void *opts, size_t len, bool stats,
		     const void *xstats, size_t xlen)
{
	if (len)
		buf_append(out, opts, len);
	tc_put_stats(out, stats ? TC_STATS_APP_LAST : TC_STATS_NONE, xstats, xlen);
}

const struct tc_qdisc_ops *tc_ops_of(const struct vn_tc *q)
{
	return tc_qdisc_ops(NULL, q->kind);
}

bool tc_classful(const struct vn_model *m, const struct vn_tc *q)
{
	(void)m;
	const struct tc_qdisc_ops *ops = tc_ops_of(q);
	return !ops || ops->cl;
}

/* A recorded object of q of type whose block (or class) is minor. */
static bool recorded(const struct vn_model *m, const struct vn_tc *q, uint8_t type, uint32_t minor)
{
	size_t a, b;
	vn_tc_range(m, q->ifindex, type, &a, &b);
	for (size_t i = a; i < b; i++) {
		const struct vn_tc *t = &m->tcs[i];
		if (t->qdisc == q->handle &&
		    (type == VN_TC_CLASS ? VN_TC_H_MIN(t->handle) : t->block) == minor)
			return true;
	}
	return false;
}

bool tc_class_find(const struct vn_model *m, const struct vn_tc *q, uint32_t classid)
{
	const struct tc_qdisc_ops *ops = tc_ops_of(q);
	if (ops)
		return ops->cl && ops->cl->find(m, q, classid);
	return recorded(m, q, VN_TC_CLASS, VN_TC_H_MIN(classid)) ||
	       recorded(m, q, VN_TC_CHAIN, VN_TC_H_MIN(classid));
}

int tc_block_of(const struct vn_model *m, const struct vn_tc *q, uint32_t minor)
{
	const struct tc_qdisc_ops *ops = tc_ops_of(q);
	if (ops)
		return ops->cl && ops->cl->block ? ops->cl->block(q, minor) : -1;
	return !minor || tc_class_find(m, q, minor) ? (int)minor : -1;
}

int tc_qdisc_make(struct vn_change *c, const struct vn_link *l, const struct tc_qdisc_ops *ops,
		  uint32_t handle, uint32_t parent, uint8_t slot, uint32_t refcnt,
		  const struct nlattr *opt, size_t *at)
{
	struct vn_tc q = { .type = VN_TC_QDISC, .slot = slot, .ifindex = l->ifindex,
			   .handle = handle, .parent = parent, .info = refcnt };
	strncpy(q.kind, ops->id, sizeof(q.kind) - 1);
	struct tc_op op = { .c = c, .link = l, .q = &q };
	buf_init(&op.opts);
	int err = ops->init(&op, opt);
	if (err) {
		buf_free(&op.opts);
		return err;
	}
	struct buf attrs;
	buf_init(&attrs);
	tc_render_qdisc(&attrs, &op);
	buf_free(&op.opts);
	vn_tc_set_attrs(&q, attrs.data, attrs.len);
	buf_free(&attrs);
	size_t a, b, i;
	vn_tc_range(c->m, l->ifindex, VN_TC_QDISC, &a, &b);
	i = slot == VN_TCQ_ROOT ? a : slot == VN_TCQ_INGRESS ? b
		: vn_tc_hashed_pos(c->m, l->ifindex, handle);
	vn_tc_insert(c->m, i, &q);
	if (ops->cl && ops->cl->populate) {
		/* the qdisc as made (it may move as its children come) */
		struct vn_tc made = q;
		made.attrs = NULL;
		made.attrs_len = 0;
		op.q = &made;
		ops->cl->populate(&op);
		vn_tc_qdisc(c->m, l->ifindex, handle, &i);
		if (slot != VN_TCQ_HASHED)
			vn_tc_root(c->m, l->ifindex, slot, &i);
	}
	if (at)
		*at = i;
	return 0;
}

/* Is t under the qdisc with handle h (its parent's major is h)? The root
 * and the ingress qdisc hang from the device, not from a qdisc. */
static bool under(const struct vn_tc *t, int ifindex, uint32_t h)
{
	if (t->ifindex != ifindex)
		return false;
	if (t->type == VN_TC_QDISC)
		return t->slot == VN_TCQ_HASHED && VN_TC_H_MAJ(t->parent) == VN_TC_H_MAJ(h);
	return t->qdisc == h;
}

void tc_qdisc_destroy(struct vn_model *m, size_t i)
{
	struct vn_tc q = m->tcs[i];
	vn_tc_remove(m, i);
	/* a qdisc the kernel made under a class (handle 0: mq's queues) has
	 * nothing under it */
	if (q.slot == VN_TCQ_HASHED && q.handle == 0)
		return;
	for (;;) {
		size_t k = 0;
		while (k < m->ntcs && !under(&m->tcs[k], q.ifindex, q.handle))
			k++;
		if (k == m->ntcs)
			return;
		if (m->tcs[k].type == VN_TC_QDISC)
			tc_qdisc_destroy(m, k);
		else
			vn_tc_remove(m, k);
	}
}

static void notify(struct vn_change *c, uint16_t type, const struct vn_tc *t, uint32_t parent,
		   uint16_t flags, bool more)
{
	struct vn_tc n = *t;
	n.parent = parent;
	struct buf b;
	buf_init(&b);
	if (c->extack) {
		if (t->attrs_len)
			buf_append(&b, t->attrs, t->attrs_len);
		tc_put_str(&b, TCA_EXT_WARN_MSG, c->extack);
		n.attrs = (uint8_t *)b.data;
		n.attrs_len = b.len;
	}
	vn_change_notify(c, &(struct vn_event){ .type = type, .obj = &n, .nlflags = flags,
						.by = VN_BY_REQ, .more = more });
	buf_free(&b);
}

void tc_notify(struct vn_change *c, uint16_t type, const struct vn_tc *t, uint32_t parent,
	       uint16_t flags)
{
	notify(c, type, t, parent, flags, false);
}

void tc_notify_more(struct vn_change *c, uint16_t type, const struct vn_tc *t, uint32_t parent,
		    uint16_t flags)
{
	notify(c, type, t, parent, flags, true);
}

struct vn_tc *tc_leaf(const struct vn_model *m, const struct vn_tc *p, uint32_t classid,
		      size_t *at)
{
	const struct tc_qdisc_ops *ops = tc_ops_of(p);
	bool one = ops && ops->cl && ops->cl->one_leaf;
	size_t a, b;
	vn_tc_range(m, p->ifindex, VN_TC_QDISC, &a, &b);
	for (size_t i = a; i < b; i++) {
		const struct vn_tc *q = &m->tcs[i];
		if (q->slot != VN_TCQ_HASHED)
			continue;
		if (one ? VN_TC_H_MAJ(q->parent) == p->handle : q->parent == classid) {
			if (at)
				*at = i;
			return &m->tcs[i];
		}
	}
	return NULL;
}

uint32_t tc_alloc_handle(struct vn_model *m, int ifindex)
{
	uint32_t h = m->tc_autohandle ? m->tc_autohandle : 0x80000000u;
	for (int i = 0x8000; i > 0; i--) {
		h += 0x10000u;
		if (h == 0xffff0000u)
			h = 0x80000000u;
		if (!vn_tc_qdisc(m, ifindex, h, NULL)) {
			m->tc_autohandle = h;
			return h;
		}
	}
	m->tc_autohandle = h;
	return 0;
}

/* How deep q hangs: 0 at the device, one more under each qdisc. */
static int depth(const struct vn_model *m, const struct vn_tc *q)
{
	int d = 0;
	while (q && q->slot == VN_TCQ_HASHED && d < 16) {
		q = vn_tc_qdisc(m, q->ifindex, VN_TC_H_MAJ(q->parent), NULL);
		d++;
	}
	return d;
}

/* Move what a scratch model made (tc_qdisc_create) into m: classes and
 * the rest at their groups' ends, hashed qdiscs at the heads of their
 * buckets (the last made first, so the scratch's order holds), the root
 * and ingress ones in their slots. */
static void merge(struct vn_model *m, struct vn_model *s)
{
	for (size_t k = s->ntcs; k-- > 0;) {
		struct vn_tc *t = &s->tcs[k];
		if (t->type != VN_TC_QDISC)
			continue;
		size_t a, b;
		vn_tc_range(m, t->ifindex, VN_TC_QDISC, &a, &b);
		size_t i = t->slot == VN_TCQ_ROOT ? a : t->slot == VN_TCQ_INGRESS ? b
			: vn_tc_hashed_pos(m, t->ifindex, t->handle);
		vn_tc_insert(m, i, t);
	}
	for (size_t k = 0; k < s->ntcs; k++) {
		struct vn_tc *t = &s->tcs[k];
		if (t->type == VN_TC_QDISC)
			continue;
		size_t a, b;
		vn_tc_range(m, t->ifindex, t->type, &a, &b);
		vn_tc_insert(m, b, t);
	}
	free(s->tcs);
	s->tcs = NULL;
	s->ntcs = 0;
}

/* The made qdisc of a scratch model: its only root, ingress, or the
 * hashed qdisc not under another one of it. */
static struct vn_tc *made(struct vn_model *s, uint32_t handle)
{
	for (size_t i = 0; i < s->ntcs; i++)
		if (s->tcs[i].type == VN_TC_QDISC && s->tcs[i].handle == handle &&
		    !s->tcs[i].invisible)
			return &s->tcs[i];
	return NULL;
}

int tc_graft(struct vn_change *c, struct vn_link *l, const struct vn_tc *p, uint32_t clid,
	     struct vn_model *s, uint32_t new_handle, size_t old)
{
	struct vn_model *m = c->m;
	const struct vn_tc *nq = s ? made(s, new_handle) : NULL;
	const struct tc_qdisc_ops *nops = nq ? tc_ops_of(nq) : NULL;
	bool attach = !p && nops && (nops->flags & TC_QF_ATTACH) && !(nops->flags & TC_QF_INGRESS);
	if (p) {
		const struct tc_qdisc_ops *pops = tc_ops_of(p);
		if (!pops || !pops->cl || !pops->cl->graft)
			return -EOPNOTSUPP;
		if (!pops->cl->find(m, p, clid)) {
			c->extack = "Specified class not found";
			return -ENOENT;
		}
		if (nops == &tc_noqueue_ops) {
			c->extack = "Cannot assign noqueue to a class";
			return -EINVAL;
		}
		if (nq && depth(m, p) >= 7) {
			c->extack = "Qdisc hierarchy is too deep";
			return -E2BIG;
		}
		struct vn_tc pq = *p;
		struct tc_op op = { .c = c, .link = l, .q = &pq };
		int err = pops->cl->graft(&op, clid, nq ? nq->handle : 0, nq != NULL);
		if (err)
			return err;
		if (old == SIZE_MAX)
			tc_leaf(m, &pq, clid, &old);
	} else if ((nops && (nops->flags & TC_QF_INGRESS)) ||
		   (old != SIZE_MAX && m->tcs[old].slot == VN_TCQ_INGRESS)) {
		vn_tc_root(m, l->ifindex, VN_TCQ_INGRESS, &old);
	} else {
		vn_tc_root(m, l->ifindex, VN_TCQ_ROOT, &old);
	}
	/* qdisc_notify: the old one (unless hidden) deleted, the new one
	 * added, replacing */
	if (old != SIZE_MAX) {
		/* by then the transmit queues let go of an old root (one
		 * reference left, the device's), unless the new one attaches
		 * itself later; an old ingress qdisc was let go of before
		 * (qdisc_refcount_dec_if_one) */
		struct vn_tc gone = m->tcs[old];
		if (!p && gone.slot == VN_TCQ_INGRESS)
			gone.info = 0;
		else if (!p && !attach)
			gone.info = 1;
		if (!gone.invisible)
			notify(c, RTM_DELQDISC, &gone, clid, 0, s != NULL);
		tc_qdisc_destroy(m, old);
	}
	if (s)
		merge(m, s);
	size_t at;
	const struct vn_tc *q = s ? vn_tc_qdisc(m, l->ifindex, new_handle, &at) : NULL;
	if (q) {
		/* a root that attaches itself to the queues (->attach) is told
		 * before it does */
		struct vn_tc told = *q;
		if (attach)
			told.info = 1;
		tc_notify(c, RTM_NEWQDISC, &told, clid, NLM_F_REPLACE);
	}
	/* dev_activate: a device up without a root gets its default */
	if (!p && (l->flags & IFF_UP))
		tc_attach_default(c, l);
	const struct vn_tc *root = vn_tc_root(m, l->ifindex, VN_TCQ_ROOT, NULL);
	strcpy(l->qdisc, root ? root->kind : "noop");
	return 0;
}

int tc_qdisc_change(struct vn_change *c, struct vn_link *l, size_t at, const struct nlattr *opt,
		    uint32_t clid)
{
	struct vn_model *m = c->m;
	struct vn_tc q = m->tcs[at];
	const struct tc_qdisc_ops *ops = tc_ops_of(&q);
	if (opt) {
		if (!ops || !ops->change) {
			c->extack = "Change operation not supported by specified qdisc";
			return -EINVAL;
		}
		struct tc_op op = { .c = c, .link = l, .q = &q };
		buf_init(&op.opts);
		int err = ops->change(&op, opt);
		if (err) {
			buf_free(&op.opts);
			return err;
		}
		/* the change may have made qdiscs (tbf's leaf): find it again */
		vn_tc_qdisc(m, l->ifindex, q.handle, &at);
		const struct nlattr *o = tc_attr_find(op.opts.data, op.opts.len, TCA_OPTIONS);
		if (o)
			tc_attrs_replace(&m->tcs[at], TCA_OPTIONS, o, TCA_HW_OFFLOAD);
		if (op.xlen)
			tc_attrs_set_xstats(&m->tcs[at], op.xstats, op.xlen);
		buf_free(&op.opts);
	}
	tc_notify(c, RTM_NEWQDISC, &m->tcs[at], clid, 0);
	return 0;
}

int tc_graft_leaf(struct tc_op *op, uint32_t classid, uint32_t leaf, bool new)
{
	struct vn_model *m = op->c->m;
	const struct tc_qdisc_ops *ops = tc_ops_of(op->q);
	if (ops && ops->cl && ops->cl->one_leaf)
		classid = VN_TC_H_MAKE(op->q->handle, 1);
	struct vn_tc *cl = vn_tc_class(m, op->q->ifindex, op->q->handle,
				       VN_TC_H_MAKE(op->q->handle, classid), NULL);
	if (cl)
		cl->info = new ? leaf : 0;
	return 0;
}

int tc_qdisc_create(struct vn_change *c, struct vn_model *s, const struct vn_link *l,
		    const struct tc_qdisc_ops *ops, uint32_t parent, uint32_t *handle,
		    const struct nlattr *opt)
{
	struct vn_model *m = c->m;
	memset(s, 0, sizeof(*s));
	s->links = m->links;   /* borrowed: the kinds read links, never change them */
	s->nlinks = m->nlinks;
	s->cpus = m->cpus;
	memcpy(s->default_qdisc, m->default_qdisc, sizeof(s->default_qdisc));
	uint32_t h = *handle;
	uint8_t slot = parent == TC_H_ROOT ? VN_TCQ_ROOT
		       : parent == TC_H_INGRESS ? VN_TCQ_INGRESS : VN_TCQ_HASHED;
	if (h == TC_H_INGRESS) {
		if (!(ops->flags & TC_QF_INGRESS)) {
			c->extack = "Specified parent ID is reserved for ingress and clsact Qdiscs";
			return -EINVAL;
		}
		h = VN_TC_H_MAKE(TC_H_INGRESS, 0);
	} else if (h == 0 && !(h = tc_alloc_handle(m, l->ifindex))) {
		c->extack = "Maximum number of qdisc handles was exceeded";
		return -ENOSPC;
	}
	/* qdisc_graft: a root is held by each transmit queue and the device,
	 * but one that attaches itself (mq) */
	uint32_t refcnt = slot == VN_TCQ_ROOT && ops != &tc_mq_ops ? l->num_tx_queues + 1 : 1;
	struct vn_change sc = { .m = s, .nlflags = c->nlflags };
	int err = tc_qdisc_make(&sc, l, ops, h, parent, slot, refcnt, opt, NULL);
	if (sc.extack)
		c->extack = sc.extack;
	if (err) {
		tc_scratch_free(s);
		return err;
	}
	*handle = h;
	return 0;
}

void tc_scratch_free(struct vn_model *s)
{
	vn_tc_free(s);
}

bool tc_class_bound(const struct vn_model *m, const struct vn_tc *q, uint32_t classid)
{
	size_t a, b;
	vn_tc_range(m, q->ifindex, VN_TC_FILTER, &a, &b);
	for (size_t i = a; i < b; i++) {
		const struct vn_tc *f = &m->tcs[i];
		if (f->qdisc != q->handle)
			continue;
		/* the classifiers' TCA_*_CLASSID (u32, matchall, flower, basic,
		 * fw, route) is their attribute 1 */
		const struct nlattr *o = tc_options(f);
		const struct nlattr *id = o ? tc_attr_find(o + 1, o->nla_len - NLA_HDRLEN, 1) : NULL;
		uint32_t v;
		if (id && id->nla_len == NLA_HDRLEN + 4) {
			memcpy(&v, id + 1, 4);
			if (v == classid)
				return true;
		}
	}
	return false;
}

void tc_block_flush(struct vn_model *m, int ifindex, uint32_t q, uint32_t bminor)
{
	for (size_t i = m->ntcs; i-- > 0;) {
		const struct vn_tc *t = &m->tcs[i];
		if (t->ifindex == ifindex && t->type >= VN_TC_CHAIN && t->qdisc == q && t->block == bminor)
			vn_tc_remove(m, i);
	}
}
