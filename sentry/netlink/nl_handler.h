/* The interface between the netlink socket layer and the protocol handlers. */
#ifndef VENEER_NL_HANDLER_H
#define VENEER_NL_HANDLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model.h"
#include "nlout.h"

struct vn_events;

/* Where notifications go: the socket layer delivers msg (len bytes: one
 * message, or several the kernel sends in one skb) as one datagram to every
 * socket of the sandbox in group (RTNLGRP_*); report (NLM_F_ECHO on a
 * request the kernel names as sender): the requester gets it alone,
 * unicast, instead. */
struct nl_mcast {
	void (*send)(void *arg, const struct nlmsghdr *msg, size_t len, unsigned group,
		     bool report);
	void *arg;
};

/* What a handler knows about the socket a request came in on. */
struct nl_ctx {
	struct vn_model *model;
	uint32_t portid;          /* the socket's port id: replies carry it in nlmsg_pid */
	uint32_t uid;             /* the requester's uid (RTA_UID of route get) */
	bool strict_chk;          /* NETLINK_GET_STRICT_CHK */
	bool ext_ack;             /* NETLINK_EXT_ACK */
	bool cap_ack;             /* NETLINK_CAP_ACK */
	bool cap_net_admin;       /* the model grants CAP_NET_ADMIN */
	struct vn_events *events; /* told of every change to the model, or NULL */
	struct nl_mcast *mcast;   /* NETLINK_ROUTE: changes are multicast here, or NULL */
	uint64_t now_cs;          /* hundredths of a second since the sandbox started (0: as at
				   its start) */
	/* NETNSA_FD of RTM_GETNSID: which of the model's /run/netns names the
	 * caller's fd is (an index of model->netns), -1 another namespace,
	 * or -errno (EBADF, EINVAL: no namespace); NULL: none is known */
	int (*netns_of_fd)(void *arg, int fd);
	void *netns_arg;
};

/* Handle every message of one sendmsg payload (as the kernel's
 * netlink_rcv_skb does: stop at a header that does not fit). The payload
 * is 4-byte aligned, as an skb's data is. */
void rtnl_rcv(struct nl_ctx *ctx, const void *payload, size_t len, struct nl_out *out);

#endif
