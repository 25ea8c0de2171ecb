/* rtnetlink notifications: a change to the model as the message the kernel
 * multicasts for it (rtnl_notify), and the group it goes to. */
#ifndef VENEER_RTNL_NOTIFY_H
#define VENEER_RTNL_NOTIFY_H

#include <linux/netlink.h>
#include <stdint.h>

#include "../model_change.h"

/* The RTNLGRP_* a message type of a family is multicast to; 0: none. */
unsigned rtnl_notify_group(uint16_t type, uint8_t family);
/* The group an event goes to (the family read from its object). */
unsigned rtnl_event_group(const struct vn_event *e);
/* sockaddr_nl.nl_groups of a message sent to group: its bit for groups
 * 1-32, 0 above (netlink_group_mask). */
uint32_t rtnl_group_mask(unsigned group);
/* The size of one notification's buffer (rtnl_internal.h's RTNL_MSG_MAX). */
#define RTNL_NOTIFY_MAX 8192

/* The notification for e, built in buf (RTNL_NOTIFY_MAX bytes, zeroed), from
 * portid/seq of the request when the kernel names them (e->by). */
struct nlmsghdr *rtnl_notify_build(void *buf, const struct vn_model *m, const struct vn_event *e,
				   uint32_t portid, uint32_t seq);

#endif
