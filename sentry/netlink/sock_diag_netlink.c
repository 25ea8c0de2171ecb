/* netlink_diag (net/netlink/diag.c) over the model's netlink sockets.
 *
 * A dump walks one protocol, or all of them (NDIAG_PROTO_ALL) in order;
 * per protocol, first every hashed (bound) socket, then the sockets on
 * the protocol's multicast list that are "not hashed" — which, since
 * netlink sockets live in an rhashtable and never in sk_node, is every
 * socket subscribed to a group: Linux lists those twice (newest
 * subscriber first on the second pass). A protocol past MAX_LINKS ends
 * the dump with -ENOENT in NLMSG_DONE; exact requests are EOPNOTSUPP.
 *
 * Attributes follow ndiag_show in sk_diag_fill's order: GROUPS (only for
 * a socket that has a group bitmap), MEMINFO, FLAGS. Memory as Linux
 * shows it while it answers: the kernel's NETLINK_SOCK_DIAG socket holds
 * the request's skb, and the asking socket already owns the skb being
 * filled (netlink_dump charges it before calling the dump).
 */
#include <errno.h>
#include <linux/netlink_diag.h>
#include <linux/sock_diag.h>
#include <string.h>
#include <sys/socket.h>

#include "sock_diag.h"

static uint32_t rmem_now(const struct sd_req *r, const struct vn_socket *s)
{
	uint32_t rmem = s->rmem;
	if (s->protocol != NETLINK_SOCK_DIAG)
		return rmem;
	if (s->portid == 0)
		rmem += vn_skb_truesize(r->nlh->nlmsg_len);
	else if (s->portid == r->ctx->portid)
		rmem += vn_skb_truesize(s->dump_alloc ? s->dump_alloc : VN_NLMSG_GOODSIZE);
	return rmem;
}

static void nl_fill(const struct sd_req *r, const struct vn_socket *s,
		    const struct netlink_diag_req *req)
{
	struct nlmsghdr *h = sd_start(r, SOCK_DIAG_BY_FAMILY, true, sizeof(struct netlink_diag_msg));
	struct netlink_diag_msg *m = NLMSG_DATA(h);
	m->ndiag_family = AF_NETLINK;
	m->ndiag_type = s->type;
	m->ndiag_protocol = s->protocol;
	m->ndiag_state = s->state;
	m->ndiag_portid = s->portid;
	m->ndiag_dst_portid = s->dst_portid;
	m->ndiag_dst_group = s->dst_group;
	m->ndiag_ino = s->ino;
	m->ndiag_cookie[0] = s->cookie[0];
	m->ndiag_cookie[1] = s->cookie[1];
	if ((req->ndiag_show & NDIAG_SHOW_GROUPS) && s->groups_len) {
		uint8_t g[16] = { 0 };
		memcpy(g, &s->groups, sizeof(s->groups));
		sd_put(h, NETLINK_DIAG_GROUPS, g, s->groups_len <= sizeof(g) ? s->groups_len : sizeof(g));
	}
	if (req->ndiag_show & NDIAG_SHOW_MEMINFO) {
		uint32_t mem[SK_MEMINFO_VARS] = { 0 };
		mem[SK_MEMINFO_RMEM_ALLOC] = rmem_now(r, s);
		mem[SK_MEMINFO_RCVBUF] = s->rcvbuf;
		mem[SK_MEMINFO_SNDBUF] = s->sndbuf;
		sd_put(h, NETLINK_DIAG_MEMINFO, mem, sizeof(mem));
	}
	if (req->ndiag_show & NDIAG_SHOW_FLAGS)
		sd_put(h, NETLINK_DIAG_FLAGS, &s->nl_flags, 4);
	sd_emit(r, h, false);
}

static void dump_protocol(const struct sd_req *r, const struct netlink_diag_req *req, int proto)
{
	const struct vn_model *m = r->ctx->model;
	for (size_t i = 0; i < m->nsocks; i++) {
		const struct vn_socket *s = &m->socks[i];
		if (s->family == AF_NETLINK && s->protocol == proto)
			nl_fill(r, s, req);
	}
	for (size_t i = m->nsocks; i-- > 0;) {
		const struct vn_socket *s = &m->socks[i];
		if (s->family == AF_NETLINK && s->protocol == proto && s->groups)
			nl_fill(r, s, req);
	}
}

int sd_netlink(const struct sd_req *r)
{
	const struct nlmsghdr *nlh = r->nlh;
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct netlink_diag_req)))
		return -EINVAL;
	if (!(nlh->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	struct netlink_diag_req req;
	memcpy(&req, NLMSG_DATA(nlh), sizeof(req));
	int err = 0;
	if (req.sdiag_protocol == NDIAG_PROTO_ALL) {
		for (int p = 0; p < MAX_LINKS; p++)
			dump_protocol(r, &req, p);
	} else if (req.sdiag_protocol >= MAX_LINKS) {
		err = -ENOENT;
	} else {
		dump_protocol(r, &req, req.sdiag_protocol);
	}
	nl_out_done(r->out, nlh, r->ctx->portid, err, true);
	return 1;
}
