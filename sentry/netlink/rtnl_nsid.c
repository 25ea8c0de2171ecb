/* RTM_GETNSID (rtnl_net_getid): the id this namespace gives a peer
 * namespace. The model assigns none, so any peer named by NETNSA_PID,
 * NETNSA_FD or NETNSA_NSID is "not assigned" (-1), which is what a fresh
 * namespace answers; `ip monitor` asks this for every /run/netns entry. */
#include <errno.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#include "rtnl_internal.h"

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
	struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWNSID, false);
	struct rtgenmsg *g = mnl_nlmsg_put_extra_header(h, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(h, NETNSA_NSID, (uint32_t)NETNSA_NSID_NOT_ASSIGNED);
	rtnl_msg_emit(r, h, false);
	return 0;
}
