/* Qdiscs made and destroyed (tc_qdisc.h). */
#include "tc_qdisc.h"

#include <errno.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <net/if_arp.h>
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
