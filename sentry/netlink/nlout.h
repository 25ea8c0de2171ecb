/* What a netlink handler answers: a sequence of messages, in order.
 *
 * A message is either part of a dump, packed with its neighbours into
 * datagrams as large as the reader allows (as the kernel's netlink_dump
 * fills one skb per recvmsg), or "alone": a single reply, an ack or error,
 * NLMSG_DONE, a notification, each its own datagram as the kernel sends
 * them. The socket layer (intercept/) turns marks into datagrams at recv
 * time; handlers never see datagrams. */
#ifndef VENEER_NLOUT_H
#define VENEER_NLOUT_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stdint.h>

#include "../buf.h"

struct nl_mark {
	uint32_t off, len;
	bool alone;
	uint32_t groups;          /* nl_groups of the sender address (notifications) */
};

struct nl_out {
	struct buf data;          /* messages, each NLMSG_ALIGNed */
	struct nl_mark *marks;
	size_t n, cap;
	size_t head;              /* first mark not yet delivered */
};

void nl_out_init(struct nl_out *o);
void nl_out_free(struct nl_out *o);
/* Drop delivered messages and compact. */
void nl_out_compact(struct nl_out *o);
void nl_out_add(struct nl_out *o, const struct nlmsghdr *nlh, bool alone);
/* A notification's datagram: len bytes of one or more messages. */
void nl_out_add_group(struct nl_out *o, const struct nlmsghdr *nlh, size_t len, uint32_t groups);
/* Convenience for handlers: NLMSG_DONE (int payload), NLMSG_ERROR/ack.
 * alone: NLMSG_DONE travels in a datagram of its own, as it does after
 * dumps whose last call still emitted messages (links, addresses, routes);
 * otherwise it rides in the last datagram when it fits (neighbours, rules). */
void nl_out_done(struct nl_out *o, const struct nlmsghdr *req, uint32_t portid, int err,
		 bool alone);
/* err = 0 is an ack; with cap_ack the request is echoed header only. */
void nl_out_error(struct nl_out *o, const struct nlmsghdr *req, uint32_t portid,
		  int err, bool cap_ack, const char *ext_ack_msg);
/* The same with NETLINK_EXT_ACK's attributes (NLMSGERR_ATTR_*, tlvlen
 * bytes, already laid out) after it, flagged NLM_F_ACK_TLVS; for an ack
 * (err = 0) they are a warning. */
void nl_out_error_tlvs(struct nl_out *o, const struct nlmsghdr *req, uint32_t portid, int err,
		       bool cap_ack, const void *tlvs, size_t tlvlen);
/* NLMSG_DONE carrying them too (netlink_dump_done), and the dump's
 * answer flags (NLM_F_DUMP_FILTERED). */
void nl_out_done_tlvs(struct nl_out *o, const struct nlmsghdr *req, uint32_t portid, int err,
		      bool alone, const void *tlvs, size_t tlvlen, uint16_t flags);
static inline bool nl_out_empty(const struct nl_out *o) { return o->head >= o->n; }

/* The next datagram for a reader whose buffers allow `limit` bytes: one
 * alone message, or as many consecutive dump messages as fit (at least one).
 * Returns false when empty. */
bool nl_out_peek_dgram(const struct nl_out *o, size_t limit, uint32_t *off,
		       uint32_t *len, uint32_t *groups, size_t *nmarks);
void nl_out_pop(struct nl_out *o, size_t nmarks);

/* NLMSG_GOODSIZE on a 4 KiB-page machine: the kernel's first dump skb. */
#define VN_NLMSG_GOODSIZE 3776u

#endif
