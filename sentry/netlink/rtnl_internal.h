/* Shared by the NETLINK_ROUTE handlers (rtnl_*.c): one request being
 * answered, and the helpers that build replies. */
#ifndef VENEER_RTNL_INTERNAL_H
#define VENEER_RTNL_INTERNAL_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nl_handler.h"
#include "rtnl_attr.h"
#include "rtnl_compat.h"
#include "rtnl_notify.h"

struct rtnl_req {
	struct nl_ctx *ctx;
	const struct nlmsghdr *nlh;  /* the request */
	struct nl_out *out;
	struct rtnl_extack ack;      /* what NETLINK_EXT_ACK reports */
	uint16_t answer_flags;       /* a dump's cb->answer_flags: on every
				      * message and its NLMSG_DONE */
};

/* A handler answers into r->out and returns 0 or a negative errno. A dump
 * handler emits its messages; the dispatcher closes with NLMSG_DONE. */
typedef int (*rtnl_fn)(struct rtnl_req *r);

int rtnl_getlink(struct rtnl_req *r);
int rtnl_dumplink(struct rtnl_req *r);
int rtnl_dumplink_inet6(struct rtnl_req *r);
int rtnl_dumpaddr(struct rtnl_req *r);
int rtnl_getroute(struct rtnl_req *r);
int rtnl_dumproute(struct rtnl_req *r);
int rtnl_dumpneigh(struct rtnl_req *r);
int rtnl_dumprule(struct rtnl_req *r);
int rtnl_dumpnetconf(struct rtnl_req *r);
int rtnl_dumpnetconf4(struct rtnl_req *r);
int rtnl_dumpnetconf6(struct rtnl_req *r);
int rtnl_getnetconf4(struct rtnl_req *r);
int rtnl_getnetconf6(struct rtnl_req *r);
int rtnl_getnsid(struct rtnl_req *r);
/* Changes (rtnl_change_*.c), with the model's CAP_NET_ADMIN. */
int rtnl_newlink(struct rtnl_req *r);
int rtnl_setlink(struct rtnl_req *r);
int rtnl_dellink(struct rtnl_req *r);
int rtnl_newaddr(struct rtnl_req *r);
int rtnl_deladdr(struct rtnl_req *r);
int rtnl_newroute(struct rtnl_req *r);
int rtnl_delroute(struct rtnl_req *r);
int rtnl_newneigh(struct rtnl_req *r);
int rtnl_delneigh(struct rtnl_req *r);
int rtnl_newrule(struct rtnl_req *r);
int rtnl_delrule(struct rtnl_req *r);

struct vn_link;
/* RTM_NEWLINK body for one link with model m's devconf (NULL: a new
 * link's), in rtnl_link.c; notifications reuse it. */
void rtnl_fill_link_in(struct nlmsghdr *h, const struct vn_model *m, const struct vn_link *l,
		       uint32_t ext_mask);
/* A kind's IFLA_INFO_DATA-style nest of type, in its table's order
 * (linkinfo.h); bridge ports' IFLA_PROTINFO is the same nest. */
struct vn_li_table;
void rtnl_put_info_data(struct nlmsghdr *h, uint16_t type, const struct vn_li_table *t,
			const uint64_t *vals);
/* AF_BRIDGE (rtnl_bridge*.c): `bridge link`, `bridge fdb`, `bridge mdb`. */
int rtnl_bridge_dumplink(struct rtnl_req *r);
int rtnl_bridge_dumpfdb(struct rtnl_req *r);
int rtnl_bridge_dumpmdb(struct rtnl_req *r);
/* The bodies of the other dumps (rtnl_addr.c, rtnl_route.c, ...). */
void rtnl_fill_addr(struct nlmsghdr *h, const struct vn_model *m, const struct vn_addr *a);
void rtnl_fill_route(struct nlmsghdr *h, const struct vn_model *m, const struct vn_route *rt);
void rtnl_fill_neigh(struct nlmsghdr *h, const struct vn_model *m, const struct vn_neigh *n);
void rtnl_fill_rule(struct nlmsghdr *h, const struct vn_rule *ru);
void rtnl_fill_netconf(struct nlmsghdr *h, const struct vn_model *m, uint8_t family, int32_t ifindex);

/* Largest message a handler builds (a link with every attribute ~1.5 KiB). */
#define RTNL_MSG_MAX RTNL_NOTIFY_MAX   /* one size for replies and notifications */

/* Start a reply (in a zeroed buffer of RTNL_MSG_MAX bytes) addressed as the
 * kernel addresses it: the request's seq, the socket's port id. */
struct rtnl_link_stats64;
void rtnl_link_stats64_of(const struct vn_link *l, struct rtnl_link_stats64 *out);
struct nlmsghdr *rtnl_msg_start(const struct rtnl_req *r, uint16_t type, bool dump);
/* Queue it (dump parts are packed, replies stand alone); the buffer is
 * cleared for the next one. */
void rtnl_msg_emit(const struct rtnl_req *r, struct nlmsghdr *nlh, bool dump);

/* The family byte every rtnetlink request starts with (rtgenmsg). */
uint8_t rtnl_req_family(const struct nlmsghdr *nlh);

/* The request's attributes after a fixed header of hdrlen bytes, checked
 * against pol in mode (enum rtnl_parse_mode: each handler uses the mode
 * its kernel counterpart does), into tb[0..pol->maxtype]; failures are
 * reported in r->ack. */
static inline int rtnl_parse(struct rtnl_req *r, size_t hdrlen, const struct nlattr **tb,
			     const struct rtnl_policy_set *pol, unsigned mode)
{
	return rtnl_nlmsg_parse(r->nlh, hdrlen, tb, pol, mode, &r->ack);
}

/* The mode of a GET request's parse: strict (nlmsg_parse_deprecated_strict)
 * when the socket asked NETLINK_GET_STRICT_CHK. */
static inline unsigned rtnl_get_mode(const struct rtnl_req *r)
{
	return r->ctx->strict_chk ? RTNL_PARSE_DEPRECATED_STRICT : RTNL_PARSE_LIBERAL;
}

/* Most rtnetlink nests predate NLA_F_NESTED and the kernel still sends
 * them without it (nla_nest_start_noflag); libmnl always sets it. */
static inline struct nlattr *rtnl_nest_start(struct nlmsghdr *h, uint16_t type)
{
	struct nlattr *n = (struct nlattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));
	n->nla_type = type;
	n->nla_len = NLA_HDRLEN;
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + NLA_HDRLEN;
	return n;
}

static inline void rtnl_nest_end(struct nlmsghdr *h, struct nlattr *n)
{
	n->nla_len = (uint16_t)((char *)h + h->nlmsg_len - (char *)n);
}

static inline size_t rtnl_addr_len(int family)
{
	return family == 2 /* AF_INET */ ? 4 : 16;
}

#endif
