/* Netlink messages in the log, to the depth strace 6.1 decodes them:
 * nlmsghdr, the rtnetlink family headers (ifinfomsg, ifaddrmsg, rtmsg,
 * ndmsg), their attributes through per-family tables, nlmsgerr. */
#ifndef VENEER_VNETLINK_H
#define VENEER_VNETLINK_H

#include <stddef.h>

#include "vout.h"

struct vn_model;

/* The bytes of one send or receive on a socket of `protocol`; ifindex
 * names come from model (the interfaces the program sees), or NULL. */
void vnetlink_decode(struct vout *o, int protocol, const struct vn_model *model, const void *data,
		     size_t len);

#endif
