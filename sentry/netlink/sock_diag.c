/* NETLINK_SOCK_DIAG: the receive loop, the family table, and unix_diag.
 *
 * Mirrors net/core/sock_diag.c: SOCK_DIAG_BY_FAMILY and SOCK_DESTROY go to
 * the handler of sdiag_family (ENOENT when the kernel has none, EINVAL
 * past AF_MAX); the legacy TCPDIAG_GETSOCK/DCCPDIAG_GETSOCK to inet_diag's
 * compat entry; any other type is EINVAL. Dumps end with NLMSG_DONE in a
 * datagram of its own (every diag dump returns skb->len, so netlink_dump
 * sends DONE on the next round). Errors, and successes the sender asked
 * an ack for, get NLMSG_ERROR (netlink_rcv_skb).
 *
 * SOCK_DESTROY needs CAP_NET_ADMIN over the socket's namespace; the model
 * never lets the program close sockets this way: EPERM.
 *
 * unix_diag (net/unix/diag.c): a dump lists the sockets whose state is in
 * udiag_states; an exact request finds one by inode (EINVAL for inode 0,
 * ENOENT when absent, ESTALE when the cookie does not match). Attributes
 * follow udiag_show in sk_diag_fill's order; UNIX_DIAG_SHUTDOWN always.
 * netlink_diag is sock_diag_netlink.c. packet_diag dumps are empty: the
 * model holds no packet sockets (see proc/net_netlink.c); its exact
 * requests are EOPNOTSUPP.
 */
#include <errno.h>
#include <netinet/in.h>
#include <linux/packet_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <string.h>
#include <sys/socket.h>

#include "sock_diag.h"

#define SD_MSG_MAX 8192

/* Built one at a time, kept zeroed (see rtnl.c's msg_buf). */
static char msg_buf[SD_MSG_MAX] __attribute__((aligned(8)));

struct nlmsghdr *sd_start(const struct sd_req *r, uint16_t type, bool multi, size_t hdrlen)
{
	struct nlmsghdr *h = (struct nlmsghdr *)msg_buf;
	h->nlmsg_len = NLMSG_LENGTH(hdrlen);
	h->nlmsg_type = type;
	h->nlmsg_flags = multi ? NLM_F_MULTI : 0;
	h->nlmsg_seq = r->nlh->nlmsg_seq;
	h->nlmsg_pid = r->ctx->portid;
	return h;
}

void sd_put(struct nlmsghdr *h, uint16_t type, const void *data, size_t len)
{
	size_t off = NLMSG_ALIGN(h->nlmsg_len);
	if (off + NLA_HDRLEN + len > SD_MSG_MAX)
		return;
	struct nlattr *a = (struct nlattr *)(msg_buf + off);
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	a->nla_type = type;
	memcpy(msg_buf + off + NLA_HDRLEN, data, len);
	h->nlmsg_len = (uint32_t)(off + NLA_ALIGN(NLA_HDRLEN + len));
}

void sd_emit(const struct sd_req *r, struct nlmsghdr *h, bool alone)
{
	nl_out_add(r->out, h, alone);
	memset(h, 0, h->nlmsg_len);
}

/* --- unix_diag ------------------------------------------------------------ */

/* udiag_show bit of each attribute; SHUTDOWN is always sent. */
static bool unix_attr_wanted(uint16_t type, uint32_t show)
{
	static const uint32_t bit[] = {
		[UNIX_DIAG_NAME] = UDIAG_SHOW_NAME, [UNIX_DIAG_VFS] = UDIAG_SHOW_VFS,
		[UNIX_DIAG_PEER] = UDIAG_SHOW_PEER, [UNIX_DIAG_ICONS] = UDIAG_SHOW_ICONS,
		[UNIX_DIAG_RQLEN] = UDIAG_SHOW_RQLEN, [UNIX_DIAG_MEMINFO] = UDIAG_SHOW_MEMINFO,
		[UNIX_DIAG_SHUTDOWN] = 0, [UNIX_DIAG_UID] = UDIAG_SHOW_UID,
	};
	if (type >= sizeof(bit) / sizeof(bit[0]))
		return false;
	return bit[type] == 0 || (show & bit[type]);
}

static void unix_fill(const struct sd_req *r, const struct vn_socket *s, uint32_t show, bool multi)
{
	struct nlmsghdr *h = sd_start(r, SOCK_DIAG_BY_FAMILY, multi, sizeof(struct unix_diag_msg));
	struct unix_diag_msg *m = NLMSG_DATA(h);
	m->udiag_family = AF_UNIX;
	m->udiag_type = s->type;
	m->udiag_state = s->state;
	m->udiag_ino = s->ino;
	m->udiag_cookie[0] = s->cookie[0];
	m->udiag_cookie[1] = s->cookie[1];
	if (s->attrs) {
		/* a live socket: the host's attributes, in the host's order */
		for (uint32_t off = 0; off + NLA_HDRLEN <= s->attrs_len;) {
			const struct nlattr *a = (const void *)(s->attrs + off);
			if (a->nla_len < NLA_HDRLEN || off + a->nla_len > s->attrs_len)
				break;
			if (unix_attr_wanted(a->nla_type, show))
				sd_put(h, a->nla_type, (const char *)a + NLA_HDRLEN, a->nla_len - NLA_HDRLEN);
			off += NLA_ALIGN(a->nla_len);
		}
	} else {
		if ((show & UDIAG_SHOW_NAME) && s->path_len)
			sd_put(h, UNIX_DIAG_NAME, s->path, s->path_len);
		if ((show & UDIAG_SHOW_PEER) && s->peer_ino)
			sd_put(h, UNIX_DIAG_PEER, &s->peer_ino, 4);
		if (show & UDIAG_SHOW_RQLEN) {
			struct unix_diag_rqlen q = { s->rqueue, s->wqueue };
			sd_put(h, UNIX_DIAG_RQLEN, &q, sizeof(q));
		}
		sd_put(h, UNIX_DIAG_SHUTDOWN, &s->shutdown, 1);
		if (show & UDIAG_SHOW_UID)
			sd_put(h, UNIX_DIAG_UID, &s->uid, 4);
	}
	sd_emit(r, h, !multi);
}

static int unix_diag(const struct sd_req *r)
{
	const struct nlmsghdr *nlh = r->nlh;
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct unix_diag_req)))
		return -EINVAL;
	struct unix_diag_req req;
	memcpy(&req, NLMSG_DATA(nlh), sizeof(req));
	const struct vn_model *m = r->ctx->model;
	if (nlh->nlmsg_flags & NLM_F_DUMP) {
		for (size_t i = 0; i < m->nsocks; i++) {
			const struct vn_socket *s = &m->socks[i];
			if (s->family == AF_UNIX && s->state < 32 && (req.udiag_states & (1u << s->state)))
				unix_fill(r, s, req.udiag_show, true);
		}
		nl_out_done(r->out, nlh, r->ctx->portid, 0, true);
		return 1;
	}
	if (req.udiag_ino == 0)
		return -EINVAL;
	for (size_t i = 0; i < m->nsocks; i++) {
		const struct vn_socket *s = &m->socks[i];
		if (s->family != AF_UNIX || s->ino != req.udiag_ino)
			continue;
		bool nocookie = req.udiag_cookie[0] == INET_DIAG_NOCOOKIE &&
				req.udiag_cookie[1] == INET_DIAG_NOCOOKIE;
		if (!nocookie && (req.udiag_cookie[0] != s->cookie[0] || req.udiag_cookie[1] != s->cookie[1]))
			return -ESTALE;
		unix_fill(r, s, req.udiag_show, false);
		return 0;
	}
	return -ENOENT;
}

/* --- packet_diag: the model has no packet sockets -------------------------- */

static int empty_diag(const struct sd_req *r, size_t reqlen)
{
	if (r->nlh->nlmsg_len < NLMSG_LENGTH(reqlen))
		return -EINVAL;
	if (!(r->nlh->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	nl_out_done(r->out, r->nlh, r->ctx->portid, 0, true);
	return 1;
}

/* --- dispatch ------------------------------------------------------------ */

static int inet_v2(const struct sd_req *r)
{
	const struct nlmsghdr *nlh = r->nlh;
	size_t hdr = sizeof(struct inet_diag_req_v2);
	if (nlh->nlmsg_len < NLMSG_LENGTH(hdr))
		return -EINVAL;
	struct inet_diag_req_v2 req;
	memcpy(&req, NLMSG_DATA(nlh), sizeof(req));
	const struct nlattr *bc = NULL;
	for (size_t off = NLMSG_LENGTH(NLMSG_ALIGN(hdr)); off + NLA_HDRLEN <= nlh->nlmsg_len;) {
		const struct nlattr *a = (const void *)((const char *)nlh + off);
		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > nlh->nlmsg_len)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == INET_DIAG_REQ_BYTECODE)
			bc = a;
		else if ((a->nla_type & NLA_TYPE_MASK) == INET_DIAG_REQ_PROTOCOL &&
			 a->nla_len >= NLA_HDRLEN + 4) {
			uint32_t p;
			memcpy(&p, (const char *)a + NLA_HDRLEN, 4);
			if (p > 255)
				return -ENOENT;   /* MPTCP and the like: not modelled */
			req.sdiag_protocol = (uint8_t)p;
		}
		off += NLA_ALIGN(a->nla_len);
	}
	bool dump = (nlh->nlmsg_flags & NLM_F_DUMP) != 0;
	return sd_inet(r, &req, bc, dump);
}

/* inet_diag_rcv_compat: struct inet_diag_req, protocol from the type. */
static int inet_compat(const struct sd_req *r)
{
	const struct nlmsghdr *nlh = r->nlh;
	size_t hdr = sizeof(struct inet_diag_req);
	if (nlh->nlmsg_len < NLMSG_LENGTH(hdr))
		return -EINVAL;
	struct inet_diag_req old;
	memcpy(&old, NLMSG_DATA(nlh), sizeof(old));
	if (nlh->nlmsg_type != TCPDIAG_GETSOCK)
		return -ENOENT;   /* DCCP left the kernel in 6.16 */
	struct inet_diag_req_v2 req = {
		.sdiag_family = old.idiag_family,
		.sdiag_protocol = IPPROTO_TCP,
		.idiag_ext = old.idiag_ext,
		.idiag_states = old.idiag_states,
		.id = old.id,
	};
	const struct nlattr *bc = NULL;
	size_t off = NLMSG_LENGTH(NLMSG_ALIGN(hdr));
	if (off + NLA_HDRLEN <= nlh->nlmsg_len) {
		const struct nlattr *a = (const void *)((const char *)nlh + off);
		if (a->nla_len >= NLA_HDRLEN && off + a->nla_len <= nlh->nlmsg_len &&
		    a->nla_type == INET_DIAG_REQ_BYTECODE)
			bc = a;
	}
	return sd_inet(r, &req, bc, (nlh->nlmsg_flags & NLM_F_DUMP) != 0);
}

/* Returns <0 errno, 0 done (ack if asked), 1 a dump was answered (no ack). */
static int dispatch(const struct sd_req *r)
{
	const struct nlmsghdr *nlh = r->nlh;
	switch (nlh->nlmsg_type) {
	case TCPDIAG_GETSOCK:
	case DCCPDIAG_GETSOCK:
		return inet_compat(r);
	case SOCK_DIAG_BY_FAMILY:
	case SOCK_DESTROY:
		break;
	default:
		return -EINVAL;
	}
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct sock_diag_req)))
		return -EINVAL;
	uint8_t family = *(const uint8_t *)NLMSG_DATA(nlh);
	if (family >= AF_MAX)
		return -EINVAL;
	bool known = family == AF_INET || family == AF_INET6 || family == AF_UNIX ||
		     family == AF_NETLINK || family == AF_PACKET;
	if (!known)
		return -ENOENT;
	if (nlh->nlmsg_type == SOCK_DESTROY)
		return family == AF_INET || family == AF_INET6 ? -EPERM : -EOPNOTSUPP;
	switch (family) {
	case AF_UNIX: return unix_diag(r);
	case AF_NETLINK: return sd_netlink(r);
	case AF_PACKET: return empty_diag(r, sizeof(struct packet_diag_req));
	default: return inet_v2(r);
	}
}

void sock_diag_rcv(struct nl_ctx *ctx, const void *payload, size_t len, struct nl_out *out)
{
	const char *p = payload;
	while (len >= NLMSG_HDRLEN) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)p;
		if (nlh->nlmsg_len < NLMSG_HDRLEN || len < nlh->nlmsg_len)
			return;
		struct sd_req r = { .ctx = ctx, .nlh = nlh, .out = out };
		int err = 0;
		if ((nlh->nlmsg_flags & NLM_F_REQUEST) && nlh->nlmsg_type >= NLMSG_MIN_TYPE)
			err = dispatch(&r);
		if (err < 0 || (err == 0 && (nlh->nlmsg_flags & NLM_F_ACK)))
			nl_out_error(out, nlh, ctx->portid, err < 0 ? err : 0, ctx->cap_ack, NULL);
		size_t msglen = NLMSG_ALIGN(nlh->nlmsg_len);
		if (msglen > len)
			msglen = len;
		p += msglen;
		len -= msglen;
	}
}
