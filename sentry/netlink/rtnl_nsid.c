/* RTM_GETNSID (rtnl_net_getid): the id this namespace gives a peer
 * namespace. The model assigns none, so any peer named by NETNSA_PID,
 * NETNSA_FD or NETNSA_NSID is "not assigned" (-1), which is what a fresh
 * namespace answers; `ip monitor` asks this for every /run/netns entry. */
#include <errno.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#include "rtnl_internal.h"

int rtnl_getnsid(struct rtnl_req *r)
{
	const struct nlattr *tb[NETNSA_MAX + 1];
	if (rtnl_parse(r, sizeof(struct rtgenmsg), tb, NETNSA_MAX) < 0)
		return -EINVAL;
	if (!tb[NETNSA_PID] && !tb[NETNSA_FD] && !tb[NETNSA_NSID]) {
		r->extack = "Peer netns reference is missing";
		return -EINVAL;
	}
	struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWNSID, false);
	struct rtgenmsg *g = mnl_nlmsg_put_extra_header(h, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(h, NETNSA_NSID, (uint32_t)NETNSA_NSID_NOT_ASSIGNED);
	rtnl_msg_emit(r, h, false);
	return 0;
}
