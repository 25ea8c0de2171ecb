/* RTM_NEWTCLASS / RTM_DELTCLASS / RTM_GETTCLASS (tc_ctl_tclass): the
 * qdisc the request's parent and handle name (net/sched/sch_api.c's
 * "Step 1"), then its kind makes, changes, deletes or reports the class
 * (tc/sch_*.c), notified as tclass_notify does. */
#include "rtnl_tc.h"

#include <errno.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "../model.h"
#include "../model_link.h"
#include "../tc/tc_qdisc.h"
#include "rtnl_internal.h"

static int done(struct rtnl_req *r, struct vn_change *c, int err)
{
	rtnl_extack_msg(&r->ack, c->extack);
	return err;
}

static int ctl(struct rtnl_req *r)
{
	const struct nlattr *tca[TCA_MAX + 1];
	int err = rtnl_parse(r, sizeof(struct tcmsg), tca, &rtnl_tca_policy, RTNL_PARSE_LIBERAL);
	if (err)
		return err;
	const struct tcmsg *tcm = NLMSG_DATA(r->nlh);
	struct vn_model *m = r->ctx->model;
	struct vn_link *dev = vn_link_mut(m, tcm->tcm_ifindex);
	if (!dev)
		return -ENODEV;
	struct vn_change c = { .m = m, .ev = r->ctx->events, .nlflags = r->nlh->nlmsg_flags };
	uint16_t type = r->nlh->nlmsg_type;
	/* the qdisc X:0, from the parent and the class */
	uint32_t portid = tcm->tcm_parent, clid = tcm->tcm_handle, qid = VN_TC_H_MAJ(clid);
	const struct vn_tc *root = vn_tc_root(m, dev->ifindex, VN_TCQ_ROOT, NULL);
	uint32_t root_handle = root ? root->handle : 0;
	if (portid != TC_H_ROOT) {
		uint32_t qid1 = VN_TC_H_MAJ(portid);
		if (qid && qid1) {
			if (qid != qid1)
				return -EINVAL;
		} else if (qid1) {
			qid = qid1;
		} else if (qid == 0) {
			qid = root_handle;
		}
		if (portid)
			portid = VN_TC_H_MAKE(qid, portid);
	} else if (qid == 0) {
		qid = root_handle;
	}
	/* qdisc_lookup: never a default qdisc (handle 0) */
	const struct vn_tc *q = qid ? vn_tc_qdisc(m, dev->ifindex, qid, NULL) : NULL;
	if (!q)
		return -ENOENT;
	struct vn_tc qc = *q;
	const struct tc_qdisc_ops *ops = tc_ops_of(&qc);
	if (!ops || !ops->cl)
		return ops ? -EINVAL : -EOPNOTSUPP;
	const struct tc_class_ops *cops = ops->cl;
	if (clid == 0) {
		if (portid == TC_H_ROOT)
			clid = qid;
	} else {
		clid = VN_TC_H_MAKE(qid, clid);
	}
	bool found = clid && cops->find(m, &qc, clid);
	struct tc_op op = { .c = &c, .link = dev, .q = &qc };
	if (!found) {
		if (type != RTM_NEWTCLASS || !(c.nlflags & NLM_F_CREATE))
			return -ENOENT;
	} else {
		struct vn_tc *cl = vn_tc_class(m, dev->ifindex, qid, clid, NULL);
		switch (type) {
		case RTM_NEWTCLASS:
			if (c.nlflags & NLM_F_EXCL)
				return -EEXIST;
			break;
		case RTM_DELTCLASS: {
			if (!cops->del)
				return -EOPNOTSUPP;
			struct vn_tc gone = cl ? *cl : qc;
			struct buf keep;
			buf_init(&keep);
			if (gone.attrs_len)
				buf_append(&keep, gone.attrs, gone.attrs_len);
			gone.attrs = (uint8_t *)keep.data;
			err = cops->del(&op, clid);
			if (!err)
				tc_notify(&c, RTM_DELTCLASS, &gone, gone.parent, 0);
			buf_free(&keep);
			return done(r, &c, err);
		}
		case RTM_GETTCLASS:
			/* tclass_get_notify: to the group, to the requester if it asked */
			if (cl)
				tc_notify(&c, RTM_NEWTCLASS, cl, cl->parent, 0);
			return done(r, &c, 0);
		default:
			return -EINVAL;
		}
	}
	if (tca[TCA_INGRESS_BLOCK] || tca[TCA_EGRESS_BLOCK]) {
		c.extack = "Shared blocks are not supported for classes";
		return done(r, &c, -EOPNOTSUPP);
	}
	if (clid == TC_H_ROOT) {
		c.extack = "Cannot create traffic class with classid TC_H_ROOT";
		return done(r, &c, -EINVAL);
	}
	if (!cops->change)
		return done(r, &c, -EOPNOTSUPP);
	struct vn_tc *cur = found ? vn_tc_class(m, dev->ifindex, qid, clid, NULL) : NULL;
	err = cops->change(&op, clid, portid, tca, cur);
	if (!err) {
		const struct vn_tc *cl = vn_tc_class(m, dev->ifindex, qid, clid, NULL);
		if (cl)
			tc_notify(&c, RTM_NEWTCLASS, cl, cl->parent, 0);
	}
	return done(r, &c, err);
}

int rtnl_newtclass(struct rtnl_req *r)
{
	return ctl(r);
}

int rtnl_deltclass(struct rtnl_req *r)
{
	return ctl(r);
}

int rtnl_gettclass(struct rtnl_req *r)
{
	return ctl(r);
}
