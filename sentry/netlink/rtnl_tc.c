/* Traffic control dumps: RTM_GETQDISC (tc_dump_qdisc), RTM_GETTCLASS
 * (tc_dump_tclass), RTM_GETTFILTER (tc_dump_tfilter), RTM_GETCHAIN
 * (tc_dump_chain), from the model's objects (tc/tc_model.h). Each walks
 * what the kernel's walks: devices in order; a device's root qdisc, its
 * hashed qdiscs, its ingress qdisc; one block's chains, protocols and
 * filters. */
#include "rtnl_tc.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "../model.h"
#include "../tc/tc_qdisc.h"
#include "rtnl_internal.h"

void rtnl_fill_tc(struct nlmsghdr *h, const struct vn_tc *t, uint32_t parent)
{
	struct tcmsg *tcm = mnl_nlmsg_put_extra_header(h, sizeof(*tcm));
	tcm->tcm_family = AF_UNSPEC;
	tcm->tcm_ifindex = t->ifindex;
	tcm->tcm_handle = t->handle;
	tcm->tcm_parent = parent;
	tcm->tcm_info = t->info;
	if (t->type != VN_TC_CHAIN || t->kind[0])
		mnl_attr_put_strz(h, TCA_KIND, t->kind);
	if (t->type == VN_TC_CHAIN || t->type == VN_TC_PROTO || t->type == VN_TC_FILTER)
		mnl_attr_put_u32(h, TCA_CHAIN, t->chain);
	if (t->attrs_len && h->nlmsg_len + t->attrs_len <= RTNL_MSG_MAX) {
		memcpy((char *)h + h->nlmsg_len, t->attrs, t->attrs_len);
		h->nlmsg_len += (uint32_t)t->attrs_len;
	}
}

static void emit(struct rtnl_req *r, uint16_t type, const struct vn_tc *t)
{
	struct nlmsghdr *h = rtnl_msg_start(r, type, true);
	rtnl_fill_tc(h, t, t->parent);
	rtnl_msg_emit(r, h, true);
}

/* The request's tcmsg, or NULL when the message is shorter (the dumps
 * then answer nothing). */
static const struct tcmsg *req_tcmsg(const struct rtnl_req *r)
{
	if (r->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct tcmsg)))
		return NULL;
	return NLMSG_DATA(r->nlh);
}

int rtnl_dumpqdisc(struct rtnl_req *r)
{
	const struct nlattr *tb[TCA_MAX + 1];
	int err = rtnl_parse(r, sizeof(struct tcmsg), tb, &rtnl_tca_policy, RTNL_PARSE_LIBERAL);
	if (err)
		return err;
	const struct vn_model *m = r->ctx->model;
	bool invisible = tb[TCA_DUMP_INVISIBLE] != NULL;
	for (size_t li = 0; li < m->nlinks; li++) {
		size_t a, b;
		vn_tc_range(m, m->links[li].ifindex, VN_TC_QDISC, &a, &b);
		for (size_t i = a; i < b; i++)
			if (!m->tcs[i].invisible || invisible)
				emit(r, RTM_NEWQDISC, &m->tcs[i]);
	}
	return 0;
}

/* tc_dump_tclass_qdisc: the classes of q, unless it is hidden, classless
 * or not the parent asked for. A queue's qdisc the kernel made (handle
 * 0 under mq) has no classes of its own. */
static void dump_classes(struct rtnl_req *r, const struct vn_tc *q, uint32_t parent)
{
	const struct vn_model *m = r->ctx->model;
	if (q->invisible || !tc_classful(m, q) || (parent && VN_TC_H_MAJ(parent) != q->handle))
		return;
	if (q->slot == VN_TCQ_HASHED && q->handle == 0)
		return;
	size_t a, b;
	vn_tc_range(m, q->ifindex, VN_TC_CLASS, &a, &b);
	for (size_t i = a; i < b; i++)
		if (m->tcs[i].qdisc == q->handle)
			emit(r, RTM_NEWTCLASS, &m->tcs[i]);
}

int rtnl_dumptclass(struct rtnl_req *r)
{
	const struct tcmsg *tcm = req_tcmsg(r);
	const struct vn_model *m = r->ctx->model;
	if (!tcm || !vn_link_by_index(m, tcm->tcm_ifindex))
		return 0;
	int ifindex = tcm->tcm_ifindex;
	uint32_t parent = tcm->tcm_parent;
	size_t a, b;
	vn_tc_range(m, ifindex, VN_TC_QDISC, &a, &b);
	/* the root, then (all of, or the one asked for) the hashed qdiscs */
	for (size_t i = a; i < b; i++) {
		const struct vn_tc *q = &m->tcs[i];
		if (q->slot == VN_TCQ_ROOT) {
			dump_classes(r, q, parent);
		} else if (q->slot == VN_TCQ_HASHED) {
			if (parent) {
				const struct vn_tc *root = vn_tc_root(m, ifindex, VN_TCQ_ROOT, NULL);
				const struct vn_tc *p = vn_tc_qdisc(m, ifindex, VN_TC_H_MAJ(parent), NULL);
				if (q != p || p == root || p->slot != VN_TCQ_HASHED)
					continue;
			}
			dump_classes(r, q, parent);
		}
	}
	const struct vn_tc *ing = vn_tc_root(m, ifindex, VN_TCQ_INGRESS, NULL);
	if (ing)
		dump_classes(r, ing, parent);
	return 0;
}

/* The block a filter or chain request names: the device's, then its root
 * qdisc or the one of tcm_parent's major, then that qdisc's class (minor)
 * and its block. Its qdisc's handle and block minor; false when there is
 * none (the dump is empty). */
static bool find_block(const struct vn_model *m, const struct tcmsg *tcm, uint32_t *qh,
		       uint32_t *bminor)
{
	if (tcm->tcm_ifindex == (int)TCM_IFINDEX_MAGIC_BLOCK)
		return false;   /* shared blocks: the model has none */
	if (!vn_link_by_index(m, tcm->tcm_ifindex))
		return false;
	/* qdisc_lookup never finds a handle 0 */
	const struct vn_tc *q = !tcm->tcm_parent ? vn_tc_root(m, tcm->tcm_ifindex, VN_TCQ_ROOT, NULL)
		: VN_TC_H_MAJ(tcm->tcm_parent)
		? vn_tc_qdisc(m, tcm->tcm_ifindex, VN_TC_H_MAJ(tcm->tcm_parent), NULL) : NULL;
	if (!q || !tc_classful(m, q))
		return false;
	uint32_t minor = VN_TC_H_MIN(tcm->tcm_parent);
	if (minor && !tc_class_find(m, q, tcm->tcm_parent))
		return false;
	int blk = tc_block_of(m, q, minor);
	if (blk < 0)
		return false;
	*qh = q->handle;
	*bminor = (uint32_t)blk;
	return true;
}

static bool in_block(const struct vn_tc *t, int ifindex, uint32_t qh, uint32_t bminor)
{
	return t->ifindex == ifindex && t->qdisc == qh && t->block == bminor;
}

/* A filter or chain dump request: its tcmsg and attributes (parsed with
 * pol) and the block it names. 1 with the block, 0 when there is nothing
 * to dump, or a negative errno. */
struct block_req {
	const struct tcmsg *tcm;
	const struct nlattr *tb[TCA_MAX + 1];
	uint32_t qh, bminor;
};

static int block_req(struct rtnl_req *r, const struct rtnl_policy_set *pol, struct block_req *b)
{
	b->tcm = req_tcmsg(r);
	if (!b->tcm)
		return 0;
	int err = rtnl_parse(r, sizeof(*b->tcm), b->tb, pol, RTNL_PARSE_LIBERAL);
	if (err)
		return err;
	return find_block(r->ctx->model, b->tcm, &b->qh, &b->bminor);
}

int rtnl_dumptfilter(struct rtnl_req *r)
{
	struct block_req br;
	int found = block_req(r, &rtnl_tfilter_dump_policy, &br);
	if (found <= 0)
		return found;
	const struct vn_model *m = r->ctx->model;
	const struct tcmsg *tcm = br.tcm;
	const struct nlattr *const *tb = br.tb;
	uint32_t qh = br.qh, bminor = br.bminor;
	int ifindex = tcm->tcm_ifindex;
	uint32_t prio = VN_TC_H_MAJ(tcm->tcm_info), proto = VN_TC_H_MIN(tcm->tcm_info);
	size_t ca, cb, pa, pb, fa, fb;
	vn_tc_range(m, ifindex, VN_TC_CHAIN, &ca, &cb);
	vn_tc_range(m, ifindex, VN_TC_PROTO, &pa, &pb);
	vn_tc_range(m, ifindex, VN_TC_FILTER, &fa, &fb);
	for (size_t c = ca; c < cb; c++) {
		const struct vn_tc *ch = &m->tcs[c];
		if (!in_block(ch, ifindex, qh, bminor))
			continue;
		if (tb[TCA_CHAIN] && mnl_attr_get_u32(tb[TCA_CHAIN]) != ch->chain)
			continue;
		/* tcf_chain_dump: each protocol's header, then its filters */
		for (size_t p = pa; p < pb; p++) {
			const struct vn_tc *tp = &m->tcs[p];
			if (!in_block(tp, ifindex, qh, bminor) || tp->chain != ch->chain)
				continue;
			if ((prio && VN_TC_H_MAJ(tp->info) != prio) ||
			    (proto && VN_TC_H_MIN(tp->info) != proto))
				continue;
			emit(r, RTM_NEWTFILTER, tp);
			for (size_t f = fa; f < fb; f++) {
				const struct vn_tc *fl = &m->tcs[f];
				if (in_block(fl, ifindex, qh, bminor) && fl->chain == tp->chain &&
				    fl->info == tp->info)
					emit(r, RTM_NEWTFILTER, fl);
			}
		}
	}
	return 0;
}

int rtnl_dumpchain(struct rtnl_req *r)
{
	struct block_req br;
	int found = block_req(r, &rtnl_tca_policy, &br);
	if (found <= 0)
		return found;
	const struct vn_model *m = r->ctx->model;
	size_t a, b;
	vn_tc_range(m, br.tcm->tcm_ifindex, VN_TC_CHAIN, &a, &b);
	for (size_t i = a; i < b; i++) {
		const struct vn_tc *ch = &m->tcs[i];
		if (in_block(ch, br.tcm->tcm_ifindex, br.qh, br.bminor) &&
		    (!br.tb[TCA_CHAIN] || mnl_attr_get_u32(br.tb[TCA_CHAIN]) == ch->chain))
			emit(r, RTM_NEWCHAIN, ch);
	}
	return 0;
}
