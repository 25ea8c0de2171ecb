/* RTM_NEWTFILTER / RTM_DELTFILTER / RTM_GETTFILTER (tc_new_tfilter,
 * tc_del_tfilter, tc_get_tfilter): the block the request names, its
 * chain (made and notified as the first filter comes, gone as the last
 * goes), the filter protocol of its priority and protocol, and the node
 * its classifier (tc/cls_*.c) makes, changes or deletes. Filter
 * notifications carry the request's nlmsg_flags, as the kernel's do. */
#include "rtnl_tc.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "../model.h"
#include "../model_link.h"
#include "../tc/tc_filter.h"
#include "../tc/tc_qdisc.h"
#include "rtnl_internal.h"



struct freq {
	struct rtnl_req *r;
	const struct tcmsg *t;
	const struct nlattr *tca[TCA_MAX + 1];
	struct vn_change c;
	struct vn_link *dev;
	struct vn_tc q;          /* the qdisc (a copy) */
	uint32_t parent;         /* tcm_parent, the qdisc's handle when 0 */
	uint32_t block;          /* the block's minor */
	uint32_t chain;
	uint32_t prio, protocol;
	char kind[IFNAMSIZ];
};

static int done(struct freq *f, int err)
{
	rtnl_extack_msg(&f->r->ack, f->c.extack);
	return err;
}

static int fail(struct freq *f, const char *msg, int err)
{
	f->c.extack = msg;
	return done(f, err);
}

/* Parse, then __tcf_qdisc_find, the kind's name, __tcf_qdisc_cl_find,
 * __tcf_block_find and the chain index: 0, or the error to answer. */
static int find_block(struct freq *f, struct rtnl_req *r)
{
	memset(f, 0, sizeof(*f));
	f->r = r;
	int err = rtnl_parse(r, sizeof(struct tcmsg), f->tca, &rtnl_tca_policy, RTNL_PARSE_LIBERAL);
	if (err)
		return err;
	f->t = NLMSG_DATA(r->nlh);
	struct vn_model *m = r->ctx->model;
	f->c = (struct vn_change){ .m = m, .ev = r->ctx->events, .nlflags = r->nlh->nlmsg_flags };
	f->protocol = VN_TC_H_MIN(f->t->tcm_info);
	f->prio = VN_TC_H_MAJ(f->t->tcm_info);
	return 0;
}

static int find_qdisc(struct freq *f)
{
	struct vn_model *m = f->c.m;
	if (f->t->tcm_ifindex == (int)TCM_IFINDEX_MAGIC_BLOCK)
		return fail(f, "Block of given index was not found", -EINVAL);
	f->dev = vn_link_mut(m, f->t->tcm_ifindex);
	if (!f->dev)
		return -ENODEV;
	f->parent = f->t->tcm_parent;
	const struct vn_tc *q;
	if (!f->parent) {
		q = vn_tc_root(m, f->dev->ifindex, VN_TCQ_ROOT, NULL);
		if (!q)
			return fail(f, "Qdisc not classful", -EINVAL);   /* noop */
		f->parent = q->handle;
	} else if (!VN_TC_H_MAJ(f->parent) ||
		   !(q = vn_tc_qdisc(m, f->dev->ifindex, VN_TC_H_MAJ(f->parent), NULL))) {
		return fail(f, "Parent Qdisc doesn't exists", -EINVAL);
	}
	f->q = *q;
	if (!tc_classful(m, &f->q))
		return fail(f, "Qdisc not classful", -EINVAL);
	if (tc_block_of(m, &f->q, 0) < 0 && tc_ops_of(&f->q) && !tc_ops_of(&f->q)->cl->block)
		return fail(f, "Class doesn't support blocks", -EOPNOTSUPP);
	const struct nlattr *kind = f->tca[TCA_KIND];
	if (kind) {
		size_t len = mnl_attr_get_payload_len(kind);
		const char *s = mnl_attr_get_payload(kind);
		size_t n = strnlen(s, len);
		if (n >= IFNAMSIZ)
			return fail(f, "Specified TC filter name too long", -EINVAL);
		memcpy(f->kind, s, n);
	}
	uint32_t minor = VN_TC_H_MIN(f->parent);
	if (minor && !tc_class_find(m, &f->q, f->parent))
		return fail(f, "Specified class doesn't exist", -ENOENT);
	int blk = tc_block_of(m, &f->q, minor);
	if (blk < 0)
		return done(f, -EINVAL);
	f->block = (uint32_t)blk;
	f->chain = f->tca[TCA_CHAIN] ? mnl_attr_get_u32(f->tca[TCA_CHAIN]) : 0;
	if (f->chain > TC_ACT_EXT_VAL_MASK)
		return fail(f, "Specified chain index exceeds upper limit", -EINVAL);
	return 0;
}

/* The chain's object, or SIZE_MAX. */
static size_t chain_at(const struct freq *f)
{
	const struct vn_model *m = f->c.m;
	size_t a, b;
	vn_tc_range(m, f->dev->ifindex, VN_TC_CHAIN, &a, &b);
	for (size_t i = a; i < b; i++)
		if (m->tcs[i].qdisc == f->q.handle && m->tcs[i].block == f->block &&
		    m->tcs[i].chain == f->chain)
			return i;
	return SIZE_MAX;
}

static void chain_notify(struct freq *f, uint16_t type, const struct vn_tc *ch, uint16_t flags)
{
	vn_change_notify(&f->c, &(struct vn_event){ .type = type, .obj = ch, .nlflags = flags,
						    .by = VN_BY_KERNEL });
}

/* tcf_chain_get(create): made and notified as the kernel does */
static void chain_get(struct freq *f)
{
	if (chain_at(f) != SIZE_MAX)
		return;
	struct vn_tc ch = { .type = VN_TC_CHAIN, .ifindex = f->dev->ifindex, .qdisc = f->q.handle,
			    .block = f->block, .chain = f->chain, .parent = f->q.handle };
	size_t a, b;
	vn_tc_range(f->c.m, ch.ifindex, VN_TC_CHAIN, &a, &b);
	vn_tc_insert(f->c.m, b, &ch);
	chain_notify(f, RTM_NEWCHAIN, &ch, NLM_F_CREATE | NLM_F_EXCL);
}

/* tcf_chain_put: a chain without filter protocols goes, notified */
static void chain_put(struct freq *f)
{
	size_t at = chain_at(f);
	if (at == SIZE_MAX)
		return;
	const struct vn_model *m = f->c.m;
	size_t a, b;
	vn_tc_range(m, f->dev->ifindex, VN_TC_PROTO, &a, &b);
	for (size_t i = a; i < b; i++)
		if (tc_same_chain(&m->tcs[i], &m->tcs[at]))
			return;
	struct vn_tc ch = m->tcs[at];
	vn_tc_remove(f->c.m, at);
	chain_notify(f, RTM_DELCHAIN, &ch, 0);
}

/* tcf_chain_tp_find: the protocol of prio, or where one would go.
 * *at: its index (found) or the index before which it goes; *prev: the
 * protocol at that place (tcf_chain_tp_prev: *chain_info->pprev; SIZE_MAX:
 * none). -EINVAL when prio is taken by another protocol. */
static int tp_find(struct freq *f, bool allocate, size_t *at, size_t *prev)
{
	const struct vn_model *m = f->c.m;
	size_t a, b;
	vn_tc_range(m, f->dev->ifindex, VN_TC_PROTO, &a, &b);
	*prev = SIZE_MAX;
	size_t end = b;
	for (size_t i = a; i < b; i++) {
		const struct vn_tc *tp = &m->tcs[i];
		if (tp->qdisc != f->q.handle || tp->block != f->block || tp->chain != f->chain)
			continue;
		end = i + 1;
		uint32_t p = VN_TC_H_MAJ(tp->info);
		if (p >= f->prio) {
			*at = *prev = i;
			if (p != f->prio)
				return 0;
			if (allocate || (VN_TC_H_MIN(tp->info) != f->protocol && f->protocol))
				return -EINVAL;
			return 1;
		}
	}
	*at = end;
	return 0;
}

/* The request's view of a protocol: the classifier's handle on it. */
static struct tc_fop fop(struct freq *f, const struct vn_tc *tp)
{
	return (struct tc_fop){ .c = &f->c, .link = f->dev, .tp = *tp,
				.base = VN_TC_H_MIN(f->parent) ? f->parent : 0 };
}

/* tfilter_notify: the node (or the protocol) with the request's flags */
static void filter_notify(struct freq *f, uint16_t type, const struct vn_tc *t)
{
	tc_notify(&f->c, type, t, f->parent, f->r->nlh->nlmsg_flags);
}

/* A protocol and all its nodes go. */
static void tp_remove(struct freq *f, size_t at)
{
	struct vn_model *m = f->c.m;
	struct vn_tc tp = m->tcs[at];
	vn_tc_remove(m, at);
	for (size_t i = m->ntcs; i-- > 0;)
		if (m->tcs[i].type == VN_TC_FILTER && tc_same_chain(&m->tcs[i], &tp) &&
		    m->tcs[i].info == tp.info)
			vn_tc_remove(m, i);
}

/* block->classid: what the block's filters show as their parent */
static void set_block_classid(struct freq *f)
{
	struct vn_model *m = f->c.m;
	for (size_t i = 0; i < m->ntcs; i++) {
		struct vn_tc *t = &m->tcs[i];
		if ((t->type == VN_TC_PROTO || t->type == VN_TC_FILTER) &&
		    t->ifindex == f->dev->ifindex && t->qdisc == f->q.handle && t->block == f->block)
			t->parent = f->parent;
	}
}

int rtnl_newtfilter(struct rtnl_req *r)
{
	struct freq fr, *f = &fr;
	int err = find_block(f, r);
	if (err)
		return err;
	bool allocate = false;
	if (f->prio == 0) {
		if (!(f->c.nlflags & NLM_F_CREATE))
			return fail(f, "Invalid filter command with priority of zero", -ENOENT);
		f->prio = 0x80000000u;
		allocate = true;
	}
	if ((err = find_qdisc(f)))
		return err;
	struct vn_model *m = f->c.m;
	set_block_classid(f);
	chain_get(f);
	size_t at, prev;
	int found = tp_find(f, allocate, &at, &prev);
	bool created = false;
	const struct tc_cls_ops *ops = NULL;
	if (found < 0) {
		err = fail(f, "Filter with specified priority/protocol not found", found);
		goto out;
	}
	if (!found) {
		if (!f->tca[TCA_KIND] || !f->protocol) {
			err = fail(f, "Filter kind and protocol must be specified", -EINVAL);
			goto out;
		}
		if (!(f->c.nlflags & NLM_F_CREATE)) {
			err = fail(f, "Need both RTM_NEWTFILTER and NLM_F_CREATE to create a new filter",
				   -ENOENT);
			goto out;
		}
		if (allocate)
			/* tcf_auto_prio: below the protocol where it goes, or 0xC000 */
			f->prio = VN_TC_H_MAJ(prev != SIZE_MAX ? VN_TC_H_MAJ(m->tcs[prev].info) - 1
						     : 0xC0000000u);
		ops = tc_cls_ops(m, f->kind);
		if (!ops) {
			err = fail(f, "TC classifier not found", -ENOENT);
			goto out;
		}
		struct vn_tc tp = { .type = VN_TC_PROTO, .ifindex = f->dev->ifindex, .qdisc = f->q.handle,
				    .block = f->block, .chain = f->chain, .parent = f->parent,
				    .info = f->prio | f->protocol };
		strcpy(tp.kind, ops->kind);
		vn_tc_insert(m, at, &tp);
		struct tc_fop fo = fop(f, &tp);
		if ((err = ops->init(&fo))) {
			tp_find(f, false, &at, &prev);
			tp_remove(f, at);
			goto out;
		}
		created = true;
		tp_find(f, false, &at, &prev);
	}
	struct vn_tc tp = m->tcs[at];
	if (!ops)
		ops = tc_cls_ops(NULL, tp.kind);
	if (f->tca[TCA_KIND] && strcmp(f->kind, tp.kind) != 0) {
		err = fail(f, "Specified filter kind does not match existing one", -EINVAL);
		goto undo;
	}
	if (!ops) {
		err = done(f, -EOPNOTSUPP);   /* a recorded kind the model cannot change */
		goto undo;
	}
	struct tc_fop fo = fop(f, &tp);
	size_t node = SIZE_MAX;
	bool has = ops->get(&fo, f->t->tcm_handle, &node);
	if (!has && !(f->c.nlflags & NLM_F_CREATE)) {
		err = fail(f, "Need both RTM_NEWTFILTER and NLM_F_CREATE to create a new filter",
			   -ENOENT);
		goto undo;
	}
	if (has && (f->c.nlflags & NLM_F_EXCL)) {
		err = fail(f, "Filter already exists", -EEXIST);
		goto undo;
	}
	uint32_t made = 0;
	err = ops->change(&fo, f->t->tcm_handle, f->tca, has ? node : SIZE_MAX, &made);
	if (!err) {
		size_t n;
		if (made && ops->get(&fo, made, &n))
			filter_notify(f, RTM_NEWTFILTER, &m->tcs[n]);
		else
			filter_notify(f, RTM_NEWTFILTER, &tp);
		err = done(f, 0);
		goto out;
	}
	err = done(f, err);
undo:
	/* a protocol this request made goes again */
	if (created && tp_find(f, false, &at, &prev) > 0)
		tp_remove(f, at);
out:
	chain_put(f);
	return err;
}

/* The protocol a delete or get names, of its kind: 0 and its index, or
 * the answer. */
static int existing_tp(struct freq *f, size_t *at)
{
	size_t prev;
	int found = tp_find(f, false, at, &prev);
	if (found <= 0)
		return fail(f, "Filter with specified priority/protocol not found",
			    found < 0 ? found : -ENOENT);
	if (f->tca[TCA_KIND] && strcmp(f->kind, f->c.m->tcs[*at].kind) != 0)
		return fail(f, "Specified filter kind does not match existing one", -EINVAL);
	return 0;
}

/* Its node of the request's handle: 0 and its index, or the answer. */
static int existing_node(struct freq *f, struct tc_fop *fo, const struct tc_cls_ops **ops,
			 size_t *node)
{
	*ops = tc_cls_ops(NULL, fo->tp.kind);
	if (!*ops || !(*ops)->get(fo, f->t->tcm_handle, node))
		return fail(f, "Specified filter handle not found", -ENOENT);
	return 0;
}

int rtnl_deltfilter(struct rtnl_req *r)
{
	struct freq fr, *f = &fr;
	int err = find_block(f, r);
	if (err)
		return err;
	if (f->prio == 0 && (f->protocol || f->t->tcm_handle || f->tca[TCA_KIND]))
		return fail(f, "Cannot flush filters with protocol, handle or kind set", -ENOENT);
	if ((err = find_qdisc(f)))
		return err;
	struct vn_model *m = f->c.m;
	if (chain_at(f) == SIZE_MAX) {
		if (f->prio == 0)
			return done(f, 0);
		return fail(f, "Cannot find specified filter chain", -ENOENT);
	}
	size_t at, prev;
	if (f->prio == 0) {
		/* flush: each protocol notified, all go, then the chain */
		size_t a, b;
		vn_tc_range(m, f->dev->ifindex, VN_TC_PROTO, &a, &b);
		for (size_t i = a; i < b; i++)
			if (m->tcs[i].qdisc == f->q.handle && m->tcs[i].block == f->block &&
			    m->tcs[i].chain == f->chain)
				filter_notify(f, RTM_DELTFILTER, &m->tcs[i]);
		for (size_t i = b; i-- > a;)
			if (m->tcs[i].qdisc == f->q.handle && m->tcs[i].block == f->block &&
			    m->tcs[i].chain == f->chain)
				tp_remove(f, i);
		chain_put(f);
		return done(f, 0);
	}
	if ((err = existing_tp(f, &at)))
		return err;
	struct vn_tc tp = m->tcs[at];
	if (f->t->tcm_handle == 0) {
		tp_remove(f, at);
		filter_notify(f, RTM_DELTFILTER, &tp);
		chain_put(f);
		return done(f, 0);
	}
	const struct tc_cls_ops *ops;
	struct tc_fop fo = fop(f, &tp);
	size_t node;
	if ((err = existing_node(f, &fo, &ops, &node)))
		return err;
	/* the message is made before the node goes, sent after */
	struct vn_tc gone = m->tcs[node];
	struct buf keep;
	buf_init(&keep);
	if (gone.attrs_len)
		buf_append(&keep, gone.attrs, gone.attrs_len);
	gone.attrs = (uint8_t *)keep.data;
	bool last = false;
	err = ops->del(&fo, node, &last);
	if (!err) {
		filter_notify(f, RTM_DELTFILTER, &gone);
		if (last && tp_find(f, false, &at, &prev) > 0)
			tp_remove(f, at);
		chain_put(f);
	}
	buf_free(&keep);
	return done(f, err);
}

int rtnl_gettfilter(struct rtnl_req *r)
{
	struct freq fr, *f = &fr;
	int err = find_block(f, r);
	if (err)
		return err;
	if (f->prio == 0)
		return fail(f, "Invalid filter command with priority of zero", -ENOENT);
	if ((err = find_qdisc(f)))
		return err;
	struct vn_model *m = f->c.m;
	if (chain_at(f) == SIZE_MAX)
		return fail(f, "Cannot find specified filter chain", -EINVAL);
	size_t at;
	if ((err = existing_tp(f, &at)))
		return err;
	struct vn_tc tp = m->tcs[at];
	const struct tc_cls_ops *ops;
	struct tc_fop fo = fop(f, &tp);
	size_t node;
	if ((err = existing_node(f, &fo, &ops, &node)))
		return err;
	/* tfilter_notify(unicast): to the requester alone, with its flags */
	struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWTFILTER, false);
	h->nlmsg_flags = r->nlh->nlmsg_flags;
	rtnl_fill_tc(h, &m->tcs[node], f->parent);
	rtnl_msg_emit(r, h, false);
	return done(f, 0);
}
