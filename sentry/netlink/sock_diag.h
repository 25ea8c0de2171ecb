/* NETLINK_SOCK_DIAG: the handlers (sock_diag.c: the receive loop and
 * unix/packet diag; sock_diag_inet.c: inet_diag; sock_diag_bc.c: inet_diag
 * bytecode; sock_diag_netlink.c: netlink_diag). */
#ifndef VENEER_SOCK_DIAG_H
#define VENEER_SOCK_DIAG_H

#include <linux/inet_diag.h>

#include "nl_handler.h"

/* Handle every message of one sendmsg payload on a NETLINK_SOCK_DIAG
 * socket, as sock_diag_rcv (netlink_rcv_skb) does. */
void sock_diag_rcv(struct nl_ctx *ctx, const void *payload, size_t len, struct nl_out *out);

/* --- internal ----------------------------------------------------------- */

struct sd_req {
	struct nl_ctx *ctx;
	const struct nlmsghdr *nlh;
	struct nl_out *out;
};

/* One reply message under construction (zeroed buffer; see sd_emit). */
struct nlmsghdr *sd_start(const struct sd_req *r, uint16_t type, bool multi, size_t hdrlen);
void sd_put(struct nlmsghdr *h, uint16_t type, const void *data, size_t len);
void sd_emit(const struct sd_req *r, struct nlmsghdr *h, bool alone);

/* inet_diag for a request whose header (v2, or legacy v1 converted) is
 * given; bc is the INET_DIAG_REQ_BYTECODE attribute or NULL. */
int sd_inet(const struct sd_req *r, const struct inet_diag_req_v2 *req, const struct nlattr *bc,
	    bool dump);

/* netlink_diag (sock_diag_netlink.c). */
int sd_netlink(const struct sd_req *r);

/* What the bytecode sees of a socket (struct inet_diag_entry). */
struct bc_entry {
	const uint8_t *saddr, *daddr;   /* network order, 4 or 16 bytes */
	uint16_t sport, dport;
	uint16_t family;
	bool userlocks_bindport;
	uint32_t ifindex, mark;
	uint64_t cgroup_id;
};
/* 0 or -EINVAL/-EPERM, as inet_diag_bc_audit. */
int sd_bc_audit(const void *bc, int len, bool net_admin);
/* true when the socket passes (inet_diag_bc_run). bc must have passed audit. */
bool sd_bc_run(const void *bc, int len, const struct bc_entry *e);

#endif
