/* Notifications as rtnl_notify sends them: the object's dump message,
 * with the NLM_F_* bits the kernel's notifier sets (NLM_F_CREATE|EXCL of a
 * new route, ...), addressed from the requesting socket and its seq, or
 * from port 0 with seq 0 for what notifier chains send. Each goes to one
 * group, per message type and family, as the kernel's callers pick it. */
#include "rtnl_notify.h"

#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "rtnl_internal.h"
#include "rtnl_nexthop.h"
#include "rtnl_tc.h"
#include "../tc/tc_model.h"

unsigned rtnl_notify_group(uint16_t type, uint8_t family)
{
	bool v6 = family == AF_INET6;
	switch (type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		return RTNLGRP_LINK;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		return v6 ? RTNLGRP_IPV6_IFADDR : family == AF_INET ? RTNLGRP_IPV4_IFADDR : 0;
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		return v6 ? RTNLGRP_IPV6_ROUTE : family == AF_INET ? RTNLGRP_IPV4_ROUTE : 0;
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		return RTNLGRP_NEIGH;
	case RTM_NEWRULE:
	case RTM_DELRULE:
		return v6 ? RTNLGRP_IPV6_RULE : family == AF_INET ? RTNLGRP_IPV4_RULE : 0;
	case RTM_NEWNETCONF:
	case RTM_DELNETCONF:
		return v6 ? RTNLGRP_IPV6_NETCONF : family == AF_INET ? RTNLGRP_IPV4_NETCONF : 0;
	case RTM_NEWQDISC: case RTM_DELQDISC: case RTM_NEWTCLASS: case RTM_DELTCLASS:
	case RTM_NEWTFILTER: case RTM_DELTFILTER: case RTM_NEWCHAIN: case RTM_DELCHAIN:
		return RTNLGRP_TC;
	case RTM_NEWNEXTHOP: case RTM_DELNEXTHOP:
		return RTNLGRP_NEXTHOP;
	default:
		return 0;
	}
}

static uint8_t event_family(const struct vn_event *e)
{
	switch (e->type) {
	case RTM_NEWADDR:
	case RTM_DELADDR:
		return ((const struct vn_addr *)e->obj)->family;
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		return ((const struct vn_route *)e->obj)->family;
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		return ((const struct vn_neigh *)e->obj)->family;
	case RTM_NEWRULE:
	case RTM_DELRULE:
		return ((const struct vn_rule *)e->obj)->family;
	case RTM_NEWNETCONF:
	case RTM_DELNETCONF:
		return e->family;
	default:
		return AF_UNSPEC;
	}
}

unsigned rtnl_event_group(const struct vn_event *e)
{
	return rtnl_notify_group(e->type, event_family(e));
}

uint32_t rtnl_group_mask(unsigned group)
{
	return group >= 1 && group <= 32 ? 1u << (group - 1) : 0;
}

struct nlmsghdr *rtnl_notify_build(void *buf, const struct vn_model *m, const struct vn_event *e,
				   uint32_t portid, uint32_t seq)
{
	struct nlmsghdr *h = buf;
	*h = (struct nlmsghdr){ .nlmsg_len = NLMSG_HDRLEN, .nlmsg_type = e->type,
				.nlmsg_flags = e->nlflags,
				.nlmsg_seq = e->by == VN_BY_REQ ? seq : 0,
				.nlmsg_pid = e->by == VN_BY_KERNEL ? 0 : portid };
	switch (e->type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		rtnl_fill_link_in(h, m, e->obj, 0);
		((struct ifinfomsg *)NLMSG_DATA(h))->ifi_change = e->change;
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		rtnl_fill_addr(h, m, e->obj);
		break;
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		rtnl_fill_route(h, m, e->obj);
		break;
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		rtnl_fill_neigh(h, m, e->obj);
		break;
	case RTM_NEWRULE:
	case RTM_DELRULE:
		rtnl_fill_rule(h, e->obj);
		break;
	case RTM_NEWNETCONF:
	case RTM_DELNETCONF:
		rtnl_fill_netconf(h, m, e->family, ((const struct vn_link *)e->obj)->ifindex);
		break;
	case RTM_NEWQDISC: case RTM_DELQDISC: case RTM_NEWTCLASS: case RTM_DELTCLASS:
	case RTM_NEWTFILTER: case RTM_DELTFILTER: case RTM_NEWCHAIN: case RTM_DELCHAIN:
		/* the object as it is (or was), tcm_parent as the notifier says */
		rtnl_fill_tc(h, e->obj, ((const struct vn_tc *)e->obj)->parent);
		break;
	case RTM_NEWNEXTHOP: case RTM_DELNEXTHOP:
		rtnl_fill_nexthop(h, e->obj);
		break;
	default:
		return NULL;
	}
	return h;
}
