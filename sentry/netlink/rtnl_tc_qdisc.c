/* RTM_NEWQDISC (tc_modify_qdisc) and RTM_DELQDISC / RTM_GETQDISC
 * (tc_get_qdisc), read as net/sched/sch_api.c reads them: which qdisc the
 * request's parent and handle name, whether it is a change or a new qdisc
 * grafted in its place, with the kernel's checks in its order and its
 * extended-ack messages. The qdiscs are the model's (tc/tc_qdisc.h). */
#include "rtnl_tc.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <string.h>

#include "../model.h"
#include "../model_link.h"
#include "../tc/tc_qdisc.h"
#include "rtnl_internal.h"

/* A request's tcmsg and attributes, and the device it names. */
struct tc_req {
	struct rtnl_req *r;
	const struct tcmsg *tcm;
	const struct nlattr *tca[TCA_MAX + 1];
	struct vn_link *dev;
	struct vn_change c;
};

static int tc_req_init(struct tc_req *q, struct rtnl_req *r)
{
	memset(q, 0, sizeof(*q));
	q->r = r;
	int err = rtnl_parse(r, sizeof(struct tcmsg), q->tca, &rtnl_tca_policy, RTNL_PARSE_LIBERAL);
	if (err)
		return err;
	q->tcm = NLMSG_DATA(r->nlh);
	q->dev = vn_link_mut(r->ctx->model, q->tcm->tcm_ifindex);
	if (!q->dev)
		return -ENODEV;
	q->c = (struct vn_change){ .m = r->ctx->model, .ev = r->ctx->events,
				   .nlflags = r->nlh->nlmsg_flags };
	return 0;
}

static int tc_req_done(struct tc_req *q, int err)
{
	rtnl_extack_msg(&q->r->ack, q->c.extack);
	return err;
}

static int fail(struct tc_req *q, const char *msg, int err)
{
	q->c.extack = msg;
	return tc_req_done(q, err);
}

/* nla_strcmp(TCA_KIND, id) != 0 */
static bool kind_differs(const struct nlattr *kind, const char *id)
{
	size_t len = mnl_attr_get_payload_len(kind), n = strlen(id);
	const char *s = mnl_attr_get_payload(kind);
	if (len && !s[len - 1])
		len--;
	return len != n || memcmp(s, id, n) != 0;
}

/* qdisc_lookup: by handle, never a handle 0 (a default one) */
static struct vn_tc *lookup(struct tc_req *q, uint32_t handle, size_t *at)
{
	return handle ? vn_tc_qdisc(q->c.m, q->dev->ifindex, handle, at) : NULL;
}

/* The leaf of p's class clid (qdisc_leaf); *err set when there is none to
 * ask (classless parent, no such class). */
static struct vn_tc *leaf(struct tc_req *q, const struct vn_tc *p, uint32_t clid, size_t *at,
			  int *err)
{
	*err = 0;
	if (!tc_classful(q->c.m, p)) {
		q->c.extack = "Parent qdisc is not classful";
		*err = -EOPNOTSUPP;
		return NULL;
	}
	if (!tc_class_find(q->c.m, p, clid)) {
		q->c.extack = "Specified class not found";
		*err = -ENOENT;
		return NULL;
	}
	return tc_leaf(q->c.m, p, clid, at);
}

/* The qdisc p of a class clid (copied to *pq) and its leaf. *err: 0, or
 * the answer when p is not there (missing: the kernel's words) or may
 * have no children (an ingress qdisc, when creating). */
static struct vn_tc *parent_leaf(struct tc_req *q, uint32_t clid, const char *missing,
				 bool creating, struct vn_tc *pq, size_t *at, int *err)
{
	const struct vn_tc *p = lookup(q, VN_TC_H_MAJ(clid), NULL);
	if (!p) {
		*err = -ENOENT;
		q->c.extack = missing;
		return NULL;
	}
	if (creating && tc_ops_of(p) && (tc_ops_of(p)->flags & TC_QF_INGRESS)) {
		*err = -EOPNOTSUPP;
		q->c.extack = "Cannot add children to ingress/clsact qdisc";
		return NULL;
	}
	*pq = *p;
	return leaf(q, pq, clid, at, err);
}

/* qdisc_create, then qdisc_graft in place of the qdisc at index old */
static int create_graft(struct tc_req *q, const struct vn_tc *p, uint32_t clid)
{
	const struct nlattr *kind = q->tca[TCA_KIND];
	const struct tc_qdisc_ops *ops = NULL;
	if (kind) {
		char id[16];
		size_t len = mnl_attr_get_payload_len(kind);
		if (len < sizeof(id)) {
			memcpy(id, mnl_attr_get_payload(kind), len);
			id[len] = '\0';
			ops = tc_qdisc_ops(q->c.m, id);
		}
	}
	if (!ops)
		return fail(q, "Specified qdisc kind is unknown", -ENOENT);
	uint32_t handle = clid == TC_H_INGRESS ? TC_H_INGRESS : q->tcm->tcm_handle;
	if (q->tca[TCA_INGRESS_BLOCK] || q->tca[TCA_EGRESS_BLOCK]) {
		/* qdisc_block_indexes_set: shared blocks are not the model's */
		const struct nlattr *b = q->tca[TCA_INGRESS_BLOCK];
		if (b && !mnl_attr_get_u32(b))
			return fail(q, "Ingress block index cannot be 0", -EINVAL);
		if (b)
			return fail(q, "Ingress block sharing is not supported", -EOPNOTSUPP);
		if (!mnl_attr_get_u32(q->tca[TCA_EGRESS_BLOCK]))
			return fail(q, "Egress block index cannot be 0", -EINVAL);
		return fail(q, "Egress block sharing is not supported", -EOPNOTSUPP);
	}
	struct vn_model s;
	int err = tc_qdisc_create(&q->c, &s, q->dev, ops, q->tcm->tcm_parent, &handle,
				  q->tca[TCA_OPTIONS]);
	if (err)
		return tc_req_done(q, err);
	err = tc_graft(&q->c, q->dev, p, clid, &s, handle, SIZE_MAX);
	tc_scratch_free(&s);
	return tc_req_done(q, err);
}

static bool req_create_or_replace(uint16_t f)
{
	return (f & NLM_F_CREATE) && (f & NLM_F_REPLACE);
}

static bool req_create_exclusive(uint16_t f)
{
	return (f & NLM_F_CREATE) && (f & NLM_F_EXCL);
}

static bool req_change(uint16_t f)
{
	return !(f & (NLM_F_CREATE | NLM_F_REPLACE | NLM_F_EXCL));
}

/* __tc_modify_qdisc */
int rtnl_newqdisc(struct rtnl_req *r)
{
	struct tc_req rq;
	int err = tc_req_init(&rq, r);
	if (err)
		return err;
	struct tc_req *q = &rq;
	struct vn_model *m = q->c.m;
	uint16_t f = r->nlh->nlmsg_flags;
	uint32_t clid = q->tcm->tcm_parent, handle = q->tcm->tcm_handle;
	struct vn_tc pcopy, *p = NULL, *cur = NULL;
	size_t at = SIZE_MAX;
	if (clid) {
		if (clid != TC_H_ROOT) {
			if (clid != TC_H_INGRESS) {
				cur = parent_leaf(q, clid, "Failed to find specified qdisc", true,
						  &pcopy, &at, &err);
				if (err)
					return tc_req_done(q, err);
				p = &pcopy;
			} else {
				cur = vn_tc_root(m, q->dev->ifindex, VN_TCQ_INGRESS, &at);
			}
		} else {
			cur = vn_tc_root(m, q->dev->ifindex, VN_TCQ_ROOT, &at);
		}
		/* a default qdisc (handle 0) is none */
		if (cur && cur->handle == 0)
			cur = NULL;
		if (!cur || !handle || cur->handle != handle) {
			if (handle) {
				if (cur && !(f & NLM_F_REPLACE))
					return fail(q, "NLM_F_REPLACE needed to override", -EEXIST);
				if (VN_TC_H_MIN(handle))
					return fail(q, "Invalid minor handle", -EINVAL);
				cur = lookup(q, handle, &at);
				if (!cur)
					goto create_n_graft;
				if (cur->parent != clid)
					return fail(q, "Cannot move an existing qdisc to a different parent",
						    -EINVAL);
				if (f & NLM_F_EXCL)
					return fail(q, "Exclusivity flag on, cannot override", -EEXIST);
				if (q->tca[TCA_KIND] && kind_differs(q->tca[TCA_KIND], cur->kind))
					return fail(q, "Invalid qdisc name: must match existing qdisc",
						    -EINVAL);
				if (cur->slot == VN_TCQ_INGRESS)
					return fail(q, "Cannot regraft ingress or clsact Qdiscs", -EINVAL);
				if (p && cur->handle == p->handle)
					return fail(q, "Qdisc parent/child loop detected", -ELOOP);
				if (clid == TC_H_INGRESS)
					return fail(q, "Ingress cannot graft directly", -EINVAL);
				/* it is where it is asked to be: the change of a graft in place */
				return tc_req_done(q, 0);
			}
			if (!cur)
				goto create_n_graft;
			if (q->tca[TCA_KIND] && kind_differs(q->tca[TCA_KIND], cur->kind)) {
				if (req_create_or_replace(f) || req_create_exclusive(f))
					goto create_n_graft;
				if (req_change(f))
					return create_graft(q, p, clid);
			}
		}
	} else {
		if (!handle)
			return fail(q, "Handle cannot be zero", -EINVAL);
		cur = lookup(q, handle, &at);
	}
	/* change the qdisc's parameters */
	if (!cur)
		return fail(q, "Specified qdisc not found", -ENOENT);
	if (f & NLM_F_EXCL)
		return fail(q, "Exclusivity flag on, cannot modify", -EEXIST);
	if (q->tca[TCA_KIND] && kind_differs(q->tca[TCA_KIND], cur->kind))
		return fail(q, "Invalid qdisc name: must match existing qdisc", -EINVAL);
	if (q->tca[TCA_OPTIONS] && (q->tca[TCA_INGRESS_BLOCK] || q->tca[TCA_EGRESS_BLOCK]) &&
	    tc_ops_of(cur) && tc_ops_of(cur)->change)
		return fail(q, "Change of blocks is not supported", -EOPNOTSUPP);
	return tc_req_done(q, tc_qdisc_change(&q->c, q->dev, at, q->tca[TCA_OPTIONS], clid));

create_n_graft:
	if (!(f & NLM_F_CREATE))
		return fail(q, "Qdisc not found. To create specify NLM_F_CREATE flag", -ENOENT);
	return create_graft(q, p, clid);
}

/* __tc_get_qdisc: the qdisc the request names, deleted or notified */
static int get_or_del(struct rtnl_req *r, bool del)
{
	struct tc_req rq;
	int err = tc_req_init(&rq, r);
	if (err)
		return err;
	struct tc_req *q = &rq;
	struct vn_model *m = q->c.m;
	uint32_t clid = q->tcm->tcm_parent, handle = q->tcm->tcm_handle;
	struct vn_tc pcopy, *p = NULL, *cur = NULL;
	size_t at = SIZE_MAX;
	if (clid) {
		if (clid != TC_H_ROOT) {
			if (VN_TC_H_MAJ(clid) != VN_TC_H_MAJ(TC_H_INGRESS)) {
				cur = parent_leaf(q, clid, "Failed to find qdisc with specified classid",
						  false, &pcopy, &at, &err);
				if (err)
					return tc_req_done(q, err);
				p = &pcopy;
			} else {
				cur = vn_tc_root(m, q->dev->ifindex, VN_TCQ_INGRESS, &at);
			}
		} else {
			cur = vn_tc_root(m, q->dev->ifindex, VN_TCQ_ROOT, &at);
		}
		if (!cur)
			return fail(q, "Cannot find specified qdisc on specified device", -ENOENT);
		if (handle && cur->handle != handle)
			return fail(q, "Invalid handle", -EINVAL);
	} else {
		cur = lookup(q, handle, &at);
		if (!cur)
			return fail(q, "Failed to find qdisc with specified handle", -ENOENT);
	}
	if (q->tca[TCA_KIND] && kind_differs(q->tca[TCA_KIND], cur->kind))
		return fail(q, "Invalid qdisc name: must match existing qdisc", -EINVAL);
	if (!del) {
		/* qdisc_get_notify: to the group, and to the requester if it asked */
		if (!cur->invisible)
			tc_notify(&q->c, RTM_NEWQDISC, cur, clid, 0);
		return tc_req_done(q, 0);
	}
	if (!clid)
		return fail(q, "Classid cannot be zero", -EINVAL);
	if (cur->handle == 0)
		return fail(q, "Cannot delete qdisc with handle of zero", -ENOENT);
	return tc_req_done(q, tc_graft(&q->c, q->dev, p, clid, NULL, 0, at));
}

int rtnl_delqdisc(struct rtnl_req *r)
{
	return get_or_del(r, true);
}

int rtnl_getqdisc(struct rtnl_req *r)
{
	return get_or_del(r, false);
}
