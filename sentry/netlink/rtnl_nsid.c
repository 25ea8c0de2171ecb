/* RTM_GETNSID (rtnl_net_getid, rtnl_net_dumpid): the id this namespace
 * gives a peer namespace. The model knows the namespaces the snapshot saw
 * in /run/netns (model->netns) and the ids it had given them; a peer
 * named by an fd of one of them (the sandbox's /run/netns holds those
 * names: intercept/run/netns_cover.c) has its id, so `ip link` prints
 * "link-netns NAME" for a veth whose peer is there. Any other peer (by
 * pid, or an fd of another namespace) is "not assigned" (-1), as in a
 * fresh namespace; `ip monitor` asks this for every /run/netns entry. */
#include <errno.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <stdint.h>

#include "rtnl_internal.h"
#include "rtnl_stats.h"

/* rtnl_net_valid_getid_req: strict, only the attributes that name a
 * namespace. */
static int valid_getid_req(struct rtnl_req *r, const struct nlattr **tb)
{
	int err = rtnl_parse(r, sizeof(struct rtgenmsg), tb, &rtnl_net_policy, rtnl_get_mode(r));
	if (err || !r->ctx->strict_chk)
		return err;
	for (int i = 0; i <= VN_NETNSA_MAX; i++) {
		if (!tb[i] || i == NETNSA_PID || i == NETNSA_FD || i == NETNSA_NSID ||
		    i == NETNSA_TARGET_NSID)
			continue;
		r->ack.msg = "Unsupported attribute in peer netns getid request";
		return -EINVAL;
	}
	return 0;
}

int rtnl_getnsid(struct rtnl_req *r)
{
	const struct nlattr *tb[VN_NETNSA_MAX + 1];
	int err = valid_getid_req(r, tb);
	if (err)
		return err;
	if (!tb[NETNSA_PID] && !tb[NETNSA_FD] && !tb[NETNSA_NSID]) {
		r->ack.msg = "Peer netns reference is missing";
		return -EINVAL;
	}
	const struct vn_model *m = r->ctx->model;
	int32_t id = NETNSA_NSID_NOT_ASSIGNED;
	if (tb[NETNSA_PID]) {
		/* a process's namespace: none the model knows */
	} else if (tb[NETNSA_FD]) {
		int k = r->ctx->netns_of_fd
			? r->ctx->netns_of_fd(r->ctx->netns_arg, (int)mnl_attr_get_u32(tb[NETNSA_FD])) : -1;
		if (k < -1) {
			r->ack = (struct rtnl_extack){ .msg = "Peer netns reference is invalid",
						       .bad_attr = tb[NETNSA_FD] };
			return k;
		}
		if (k >= 0 && (size_t)k < m->nnetns)
			id = m->netns[k].nsid;
	} else {
		int32_t want = (int32_t)mnl_attr_get_u32(tb[NETNSA_NSID]);
		bool found = false;
		for (size_t i = 0; i < m->nnetns && !found; i++)
			found = want >= 0 && m->netns[i].nsid == want;
		if (!found) {
			r->ack = (struct rtnl_extack){ .msg = "Peer netns reference is invalid",
						       .bad_attr = tb[NETNSA_NSID] };
			return -ENOENT;
		}
		id = want;
	}
	struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWNSID, false);
	struct rtgenmsg *g = mnl_nlmsg_put_extra_header(h, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(h, NETNSA_NSID, (uint32_t)id);
	rtnl_msg_emit(r, h, false);
	return 0;
}

/* rtnl_net_dumpid: the ids given, ascending (the namespace's idr). */
int rtnl_dumpnsid(struct rtnl_req *r)
{
	const struct vn_model *m = r->ctx->model;
	int32_t last = -1;
	for (;;) {
		int32_t next = INT32_MAX;
		bool any = false;
		for (size_t i = 0; i < m->nnetns; i++)
			if (m->netns[i].nsid > last && m->netns[i].nsid <= next) {
				next = m->netns[i].nsid;
				any = true;
			}
		if (!any)
			return 0;
		struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWNSID, true);
		struct rtgenmsg *g = mnl_nlmsg_put_extra_header(h, sizeof(*g));
		g->rtgen_family = AF_UNSPEC;
		mnl_attr_put_u32(h, NETNSA_NSID, (uint32_t)next);
		rtnl_msg_emit(r, h, true);
		last = next;
	}
}
