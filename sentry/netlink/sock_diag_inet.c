/* inet_diag: TCP, UDP, UDPLITE and RAW sockets of the model over AF_INET
 * and AF_INET6, as net/ipv4/inet_diag.c, tcp_diag.c, udp_diag.c and
 * raw_diag.c answer.
 *
 * A dump lists the sockets of that family and protocol whose state is in
 * idiag_states, whose ports match a non-zero idiag_sport/idiag_dport
 * (listeners are matched on sport only, as inet_diag_dump_icsk does) and
 * that pass the bytecode. A request without NLM_F_DUMP asks for one socket
 * by its id (ENOENT when absent, ESTALE when the cookie differs); the reply
 * is one message, flags 0. The reply type is the request's (the legacy
 * TCPDIAG_GETSOCK gets TCPDIAG_GETSOCK messages).
 *
 * Attributes, in inet_sk_diag_fill's order: SHUTDOWN always; TOS, TCLASS
 * (+ CLASS_ID), MEMINFO, SKMEMINFO, INFO, CONG and the congestion
 * control's own info when idiag_ext asks; SKV6ONLY for IPv6 listeners and
 * closed sockets, CGROUP_ID, SOCKOPT and (raw) PROTOCOL always; MARK only
 * when the requester has CAP_NET_ADMIN. A live socket's values are the
 * host kernel's for that very socket; a scenario socket reports those of
 * a fresh socket (zeros, cubic, the root cgroup).
 */
#include <errno.h>
#include <netinet/in.h>
#include <linux/tcp.h>
#include <linux/sock_diag.h>
#include <string.h>
#include <sys/socket.h>

#include "sock_diag.h"

#define EXT(a) (1u << ((a) - 1))

/* Is the host attribute of this type part of the answer? */
static bool inet_attr_wanted(uint16_t type, uint8_t ext, bool net_admin)
{
	switch (type) {
	case INET_DIAG_MEMINFO: case INET_DIAG_INFO: case INET_DIAG_CONG:
	case INET_DIAG_TOS: case INET_DIAG_TCLASS: case INET_DIAG_SKMEMINFO:
		return ext & EXT(type);
	case INET_DIAG_VEGASINFO: case INET_DIAG_DCTCPINFO: case INET_DIAG_BBRINFO:
		/* congestion-control info is asked for with the VEGASINFO bit */
		return ext & EXT(INET_DIAG_VEGASINFO);
	case INET_DIAG_ULP_INFO: case INET_DIAG_MD5SIG:
		return ext & EXT(INET_DIAG_INFO);
	case INET_DIAG_CLASS_ID:
		return ext & EXT(INET_DIAG_TCLASS);
	case INET_DIAG_MARK:
		return net_admin;
	default:
		return true;   /* SHUTDOWN, SKV6ONLY, CGROUP_ID, SOCKOPT, PROTOCOL */
	}
}

static void synth_attrs(struct nlmsghdr *h, const struct vn_socket *s, uint8_t ext, bool net_admin)
{
	static const uint8_t zeros[64];
	uint8_t u8 = 0;
	uint32_t u32 = 0;
	uint64_t cgroup = 1;
	bool v6 = s->family == AF_INET6;
	bool tcp = s->protocol == IPPROTO_TCP && s->type != SOCK_RAW;
	sd_put(h, INET_DIAG_SHUTDOWN, &s->shutdown, 1);
	if (ext & EXT(INET_DIAG_TOS))
		sd_put(h, INET_DIAG_TOS, &u8, 1);
	if (v6 && (ext & EXT(INET_DIAG_TCLASS)))
		sd_put(h, INET_DIAG_TCLASS, &u8, 1);
	if (v6 && (s->state == VN_TCP_LISTEN || s->state == VN_TCP_CLOSE))
		sd_put(h, INET_DIAG_SKV6ONLY, &u8, 1);
	if (net_admin)
		sd_put(h, INET_DIAG_MARK, &u32, 4);
	if (ext & EXT(INET_DIAG_TCLASS))
		sd_put(h, INET_DIAG_CLASS_ID, &u32, 4);
	sd_put(h, INET_DIAG_CGROUP_ID, &cgroup, 8);
	sd_put(h, INET_DIAG_SOCKOPT, zeros, sizeof(struct inet_diag_sockopt));
	if (ext & EXT(INET_DIAG_MEMINFO))
		sd_put(h, INET_DIAG_MEMINFO, zeros, sizeof(struct inet_diag_meminfo));
	if (ext & EXT(INET_DIAG_SKMEMINFO))
		sd_put(h, INET_DIAG_SKMEMINFO, zeros, SK_MEMINFO_VARS * 4);
	if (s->type == SOCK_RAW)
		sd_put(h, INET_DIAG_PROTOCOL, &s->protocol, 1);
	if (!tcp)
		return;
	if (ext & EXT(INET_DIAG_INFO)) {
		struct tcp_info ti;
		memset(&ti, 0, sizeof(ti));
		ti.tcpi_state = s->state;
		ti.tcpi_snd_cwnd = s->cwnd;
		sd_put(h, INET_DIAG_INFO, &ti, sizeof(ti));
	}
	if (ext & EXT(INET_DIAG_CONG))
		sd_put(h, INET_DIAG_CONG, "cubic", 6);
}

static void fill(const struct sd_req *r, const struct vn_socket *s, uint8_t ext, bool multi)
{
	struct nlmsghdr *h = sd_start(r, r->nlh->nlmsg_type, multi, sizeof(struct inet_diag_msg));
	struct inet_diag_msg *m = NLMSG_DATA(h);
	m->idiag_family = s->family;
	m->idiag_state = s->state;
	m->idiag_timer = s->timer;
	m->idiag_retrans = s->retrans;
	m->id.idiag_sport = htons(s->sport);
	m->id.idiag_dport = htons(s->dport);
	size_t alen = s->family == AF_INET ? 4 : 16;
	memcpy(m->id.idiag_src, s->src, alen);
	memcpy(m->id.idiag_dst, s->dst, alen);
	m->id.idiag_if = s->ifindex;
	m->id.idiag_cookie[0] = s->cookie[0];
	m->id.idiag_cookie[1] = s->cookie[1];
	m->idiag_expires = s->expires;
	m->idiag_rqueue = s->rqueue;
	m->idiag_wqueue = s->wqueue;
	m->idiag_uid = s->uid;
	m->idiag_inode = s->ino;
	bool net_admin = r->ctx->cap_net_admin;
	if (!s->attrs) {
		synth_attrs(h, s, ext, net_admin);
	} else {
		for (uint32_t off = 0; off + NLA_HDRLEN <= s->attrs_len;) {
			const struct nlattr *a = (const void *)(s->attrs + off);
			if (a->nla_len < NLA_HDRLEN || off + a->nla_len > s->attrs_len)
				break;
			if (inet_attr_wanted(a->nla_type & NLA_TYPE_MASK, ext, net_admin))
				sd_put(h, a->nla_type, (const char *)a + NLA_HDRLEN, a->nla_len - NLA_HDRLEN);
			off += NLA_ALIGN(a->nla_len);
		}
	}
	sd_emit(r, h, !multi);
}

/* A value of the host's attributes (mark, cgroup) for the bytecode. */
static uint64_t host_attr(const struct vn_socket *s, uint16_t type, uint64_t dflt)
{
	for (uint32_t off = 0; s->attrs && off + NLA_HDRLEN <= s->attrs_len;) {
		const struct nlattr *a = (const void *)(s->attrs + off);
		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > s->attrs_len)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == type) {
			uint64_t v = 0;
			size_t n = a->nla_len - NLA_HDRLEN;
			memcpy(&v, (const char *)a + NLA_HDRLEN, n < 8 ? n : 8);
			return v;
		}
		off += NLA_ALIGN(a->nla_len);
	}
	return dflt;
}

static bool proto_match(const struct inet_diag_req_v2 *req, const struct vn_socket *s)
{
	if (s->family != req->sdiag_family)
		return false;
	if (req->sdiag_protocol == IPPROTO_RAW) {
		/* raw_diag: sdiag_raw_protocol (the pad byte) picks one protocol */
		uint8_t want = req->pad;
		return s->type == SOCK_RAW && (want == 0 || want == IPPROTO_RAW || want == s->protocol);
	}
	return s->type != SOCK_RAW && s->protocol == req->sdiag_protocol;
}

static bool bc_pass(const struct nlattr *bc, const struct vn_socket *s)
{
	if (!bc)
		return true;
	/* a port the socket chose itself (no bind) is "auto": an ephemeral
	 * port of a connecting socket */
	bool ephemeral = s->state != VN_TCP_LISTEN && s->sport >= 32768 && s->sport < 61000 &&
			 s->dport != 0;
	struct bc_entry e = {
		.saddr = s->src, .daddr = s->dst, .sport = s->sport, .dport = s->dport,
		.family = s->family, .userlocks_bindport = !ephemeral, .ifindex = s->ifindex,
		.mark = (uint32_t)host_attr(s, INET_DIAG_MARK, 0),
		.cgroup_id = host_attr(s, INET_DIAG_CGROUP_ID, 1),
	};
	return sd_bc_run((const char *)bc + NLA_HDRLEN, bc->nla_len - NLA_HDRLEN, &e);
}

static bool handled(uint8_t protocol)
{
	return protocol == IPPROTO_TCP || protocol == IPPROTO_UDP || protocol == IPPROTO_UDPLITE ||
	       protocol == IPPROTO_RAW;
}

/* The id lookup of inet_diag_find_one_icsk / udp_dump_one: the exact
 * 4-tuple, or (TCP) a listener on that local port and address. */
static const struct vn_socket *find_one(const struct vn_model *m, const struct inet_diag_req_v2 *req)
{
	size_t alen = req->sdiag_family == AF_INET ? 4 : 16;
	const struct vn_socket *listener = NULL;
	for (size_t i = 0; i < m->nsocks; i++) {
		const struct vn_socket *s = &m->socks[i];
		if (!proto_match(req, s) || htons(s->sport) != req->id.idiag_sport)
			continue;
		if (htons(s->dport) == req->id.idiag_dport && memcmp(s->src, req->id.idiag_src, alen) == 0 &&
		    memcmp(s->dst, req->id.idiag_dst, alen) == 0)
			return s;
		static const uint8_t any[16];
		if (s->state == VN_TCP_LISTEN && !listener &&
		    (memcmp(s->src, any, alen) == 0 || memcmp(s->src, req->id.idiag_src, alen) == 0))
			listener = s;
	}
	return req->sdiag_protocol == IPPROTO_TCP ? listener : NULL;
}

int sd_inet(const struct sd_req *r, const struct inet_diag_req_v2 *req, const struct nlattr *bc,
	    bool dump)
{
	if (!handled(req->sdiag_protocol))
		return -ENOENT;
	const struct vn_model *m = r->ctx->model;
	if (!dump) {
		const struct vn_socket *s = find_one(m, req);
		if (!s)
			return -ENOENT;
		bool nocookie = req->id.idiag_cookie[0] == INET_DIAG_NOCOOKIE &&
				req->id.idiag_cookie[1] == INET_DIAG_NOCOOKIE;
		if (!nocookie && (req->id.idiag_cookie[0] != s->cookie[0] ||
				  req->id.idiag_cookie[1] != s->cookie[1]))
			return -ESTALE;
		fill(r, s, req->idiag_ext, false);
		return 0;
	}
	if (bc) {
		int err = sd_bc_audit((const char *)bc + NLA_HDRLEN, bc->nla_len - NLA_HDRLEN,
				      r->ctx->cap_net_admin);
		if (err)
			return err;
	}
	for (size_t i = 0; i < m->nsocks; i++) {
		const struct vn_socket *s = &m->socks[i];
		if (!proto_match(req, s) || s->state >= 32 || !(req->idiag_states & (1u << s->state)))
			continue;
		if (req->id.idiag_sport && req->id.idiag_sport != htons(s->sport))
			continue;
		if (req->id.idiag_dport && s->state != VN_TCP_LISTEN &&
		    req->id.idiag_dport != htons(s->dport))
			continue;
		if (!bc_pass(bc, s))
			continue;
		fill(r, s, req->idiag_ext, true);
	}
	nl_out_done(r->out, r->nlh, r->ctx->portid, 0, true);
	return 1;
}
