/* NETLINK_SOCK_DIAG messages in the log, as strace 6.1 decodes them
 * (netlink_sock_diag.c, netlink_inet_diag.c, netlink_unix_diag.c,
 * netlink_netlink_diag.c): a request or a reply by its first byte, the
 * family, and its attributes through a table per message, a row per type.
 * A family strace has no decoder for here (packet, smc) prints as strace's
 * decode_family: {family=AF_..., data="..."}. */
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/netlink_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "vnlattr.h"

FIELDS(f_meminfo, struct inet_diag_meminfo, FIELD(struct inet_diag_meminfo, idiag_rmem),
       FIELD(struct inet_diag_meminfo, idiag_wmem), FIELD(struct inet_diag_meminfo, idiag_fmem),
       FIELD(struct inet_diag_meminfo, idiag_tmem));
FIELDS(f_vegas, struct tcpvegas_info, FIELD(struct tcpvegas_info, tcpv_enabled),
       FIELD(struct tcpvegas_info, tcpv_rttcnt), FIELD(struct tcpvegas_info, tcpv_rtt),
       FIELD(struct tcpvegas_info, tcpv_minrtt));
FIELDS(f_dctcp, struct tcp_dctcp_info, FIELD(struct tcp_dctcp_info, dctcp_enabled),
       FIELD(struct tcp_dctcp_info, dctcp_ce_state), FIELD(struct tcp_dctcp_info, dctcp_alpha),
       FIELD(struct tcp_dctcp_info, dctcp_ab_ecn), FIELD(struct tcp_dctcp_info, dctcp_ab_tot));
FIELDS(f_bbr, struct tcp_bbr_info, FIELD_X(struct tcp_bbr_info, bbr_bw_lo),
       FIELD_X(struct tcp_bbr_info, bbr_bw_hi), FIELD(struct tcp_bbr_info, bbr_min_rtt),
       FIELD(struct tcp_bbr_info, bbr_pacing_gain), FIELD(struct tcp_bbr_info, bbr_cwnd_gain));
FIELDS(f_unix_vfs, struct unix_diag_vfs, FIELD_DEV(struct unix_diag_vfs, udiag_vfs_dev),
       FIELD(struct unix_diag_vfs, udiag_vfs_ino));
FIELDS(f_rqlen, struct unix_diag_rqlen, FIELD(struct unix_diag_rqlen, udiag_rqueue),
       FIELD(struct unix_diag_rqlen, udiag_wqueue));
FIELDS(f_ring, struct netlink_diag_ring, FIELD(struct netlink_diag_ring, ndr_block_size),
       FIELD(struct netlink_diag_ring, ndr_block_nr), FIELD(struct netlink_diag_ring, ndr_frame_size),
       FIELD(struct netlink_diag_ring, ndr_frame_nr));

/* strace's inet_diag_req_nla_decoders (the bytecode as bytes) */
static const struct nla_row inet_req[] = {
	NLA(INET_DIAG_REQ_NONE, NK_HEX), NLA(INET_DIAG_REQ_BYTECODE, NK_HEX),
	NLA(INET_DIAG_REQ_SK_BPF_STORAGES, NK_HEX),
	NLA_X(INET_DIAG_REQ_PROTOCOL, NK_XLAT, xl_ip_protocols),
};

/* strace's inet_diag_msg_nla_decoders; INET_DIAG_INFO (struct tcp_info),
 * the address lists, MD5 keys, ULP and BPF storage print as bytes here */
static const struct nla_row inet_msg[] = {
	NLA(INET_DIAG_NONE, NK_HEX), NLA_S(INET_DIAG_MEMINFO, f_meminfo), NLA(INET_DIAG_INFO, NK_HEX),
	NLA_S(INET_DIAG_VEGASINFO, f_vegas), NLA(INET_DIAG_CONG, NK_STR), NLA(INET_DIAG_TOS, NK_U8),
	NLA(INET_DIAG_TCLASS, NK_U8), NLA(INET_DIAG_SKMEMINFO, NK_MEMINFO),
	[INET_DIAG_SHUTDOWN] = { INET_DIAG_SHUTDOWN, "INET_DIAG_SHUTDOWN", NK_FLAGS, &xl_shutdown,
				 NULL, 0, 1, NULL, true },
	NLA_S(INET_DIAG_DCTCPINFO, f_dctcp), NLA_X(INET_DIAG_PROTOCOL, NK_XLAT, xl_ip_protocols),
	NLA(INET_DIAG_SKV6ONLY, NK_U8), NLA(INET_DIAG_LOCALS, NK_HEX), NLA(INET_DIAG_PEERS, NK_HEX),
	NLA(INET_DIAG_PAD, NK_HEX), NLA(INET_DIAG_MARK, NK_U32), NLA_S(INET_DIAG_BBRINFO, f_bbr),
	NLA(INET_DIAG_CLASS_ID, NK_U32), NLA(INET_DIAG_MD5SIG, NK_HEX),
	NLA(INET_DIAG_ULP_INFO, NK_NESTED), NLA(INET_DIAG_SK_BPF_STORAGES, NK_NESTED),
	NLA(INET_DIAG_CGROUP_ID, NK_U64), NLA(INET_DIAG_SOCKOPT, NK_SOCKOPT),
};

static const struct nla_row unix_msg[] = {
	NLA(UNIX_DIAG_NAME, NK_STR), NLA_S(UNIX_DIAG_VFS, f_unix_vfs), NLA(UNIX_DIAG_PEER, NK_U32),
	NLA(UNIX_DIAG_ICONS, NK_U32_ARRAY), NLA_S(UNIX_DIAG_RQLEN, f_rqlen),
	NLA(UNIX_DIAG_MEMINFO, NK_MEMINFO), NLA(UNIX_DIAG_SHUTDOWN, NK_U8), NLA(UNIX_DIAG_UID, NK_UID),
};

static const struct nla_row netlink_msg[] = {
	NLA(NETLINK_DIAG_MEMINFO, NK_MEMINFO), NLA(NETLINK_DIAG_GROUPS, NK_XLONG_ARRAY),
	NLA_S(NETLINK_DIAG_RX_RING, f_ring), NLA_S(NETLINK_DIAG_TX_RING, f_ring),
	NLA_X(NETLINK_DIAG_FLAGS, NK_FLAGS, xl_netlink_socket_flags),
};

static const struct nla_table t_inet_req = NLA_TABLE(inet_req, "INET_DIAG_REQ_???"),
	t_inet_msg = NLA_TABLE(inet_msg, "INET_DIAG_???"), t_unix_msg = NLA_TABLE(unix_msg, "UNIX_DIAG_???"),
	t_netlink_msg = NLA_TABLE(netlink_msg, "NETLINK_DIAG_???");

/* A port in network order: htons(80) (strace's PRINT_FIELD_NET_PORT). */
static void net_port(struct vout *o, const char *key, const unsigned char *p)
{
	char text[32];
	struct buf raw;
	buf_init(&raw);
	vout_hexstr(&raw, p, 2);
	snprintf(text, sizeof(text), "htons(%u)", (unsigned)p[0] << 8 | p[1]);
	vout_xval(o, key, raw.data, text, json_integer((unsigned)p[0] << 8 | p[1]));
	buf_free(&raw);
}

static void cookie(struct vout *o, const char *key, const uint32_t c[2])
{
	vout_array(o, key);
	vout_uint(o, NULL, c[0]);
	vout_uint(o, NULL, c[1]);
	vout_end(o);
}

/* strace's PRINT_FIELD_INET_ADDR of a __be32[4]: the raw form is the
 * whole field, also for an IPv4 address in its first word */
static void addr_field(struct nl_ctx *n, const char *key, const uint32_t a[4])
{
	char s[INET_ADDRSTRLEN];
	if (n->family != AF_INET || !inet_ntop(AF_INET, a, s, sizeof(s))) {
		nl_addr(n, key, (const unsigned char *)a, 16);
		return;
	}
	struct buf raw;
	buf_init(&raw);
	vout_hexstr(&raw, a, 16);
	vout_call(n->o, key, raw.data, "inet_addr", s);
	buf_free(&raw);
}

static void sockid(struct nl_ctx *n, const struct inet_diag_sockid *id)
{
	struct vout *o = n->o;
	vout_struct(o, "id");
	net_port(o, "idiag_sport", (const unsigned char *)&id->idiag_sport);
	net_port(o, "idiag_dport", (const unsigned char *)&id->idiag_dport);
	addr_field(n, "idiag_src", id->idiag_src);
	addr_field(n, "idiag_dst", id->idiag_dst);
	nl_ifindex(n, "idiag_if", id->idiag_if);
	cookie(o, "idiag_cookie", id->idiag_cookie);
	vout_end(o);
}

/* The message's own structure then its attributes, if it is whole. */
static bool head(struct vout *o, const char *fam, const unsigned char *p, size_t len, size_t size)
{
	vout_struct(o, NULL);
	vout_xlat(o, fam, &xl_address_families, p[0]);
	if (len >= size)
		return true;
	vout_more(o);
	vout_end(o);
	return false;
}

static void tail(struct nl_ctx *n, const struct nla_table *t, const unsigned char *p, size_t len,
		 size_t size)
{
	vout_end(n->o);
	size_t off = NLMSG_ALIGN(size);
	if (len > off)
		nl_attrs(n, t, p + off, len - off);
}

static void inet_req_v2(struct nl_ctx *n, const unsigned char *p, size_t len)
{
	struct vout *o = n->o;
	struct inet_diag_req_v2 r;
	if (!head(o, "sdiag_family", p, len, sizeof(r)))
		return;
	memcpy(&r, p, sizeof(r));
	vout_xlat(o, "sdiag_protocol", &xl_ip_protocols, r.sdiag_protocol);
	vout_flags(o, "idiag_ext", &xl_inet_diag_ext, r.idiag_ext, NULL);
	vout_flags(o, "idiag_states", &xl_tcp_state_flags, r.idiag_states, NULL);
	sockid(n, &r.id);
	tail(n, &t_inet_req, p, len, sizeof(r));
}

static void inet_msg_body(struct nl_ctx *n, const unsigned char *p, size_t len)
{
	struct vout *o = n->o;
	struct inet_diag_msg m;
	if (!head(o, "idiag_family", p, len, sizeof(m)))
		return;
	memcpy(&m, p, sizeof(m));
	vout_xlat(o, "idiag_state", &xl_tcp_states, m.idiag_state);
	vout_uint(o, "idiag_timer", m.idiag_timer);
	vout_uint(o, "idiag_retrans", m.idiag_retrans);
	sockid(n, &m.id);
	vout_uint(o, "idiag_expires", m.idiag_expires);
	vout_uint(o, "idiag_rqueue", m.idiag_rqueue);
	vout_uint(o, "idiag_wqueue", m.idiag_wqueue);
	vout_uint(o, "idiag_uid", m.idiag_uid);
	vout_uint(o, "idiag_inode", m.idiag_inode);
	tail(n, &t_inet_msg, p, len, sizeof(m));
}

static void unix_req(struct nl_ctx *n, const unsigned char *p, size_t len)
{
	struct vout *o = n->o;
	struct unix_diag_req r;
	if (!head(o, "sdiag_family", p, len, sizeof(r)))
		return;
	memcpy(&r, p, sizeof(r));
	vout_uint(o, "sdiag_protocol", r.sdiag_protocol);
	vout_flags(o, "udiag_states", &xl_tcp_state_flags, r.udiag_states, NULL);
	vout_uint(o, "udiag_ino", r.udiag_ino);
	vout_flags(o, "udiag_show", &xl_unix_diag_show, r.udiag_show, NULL);
	cookie(o, "udiag_cookie", r.udiag_cookie);
	vout_end(o);   /* a request has no attributes strace decodes */
}

static void unix_msg_body(struct nl_ctx *n, const unsigned char *p, size_t len)
{
	struct vout *o = n->o;
	struct unix_diag_msg m;
	if (!head(o, "udiag_family", p, len, sizeof(m)))
		return;
	memcpy(&m, p, sizeof(m));
	vout_xlat(o, "udiag_type", &xl_socket_types, m.udiag_type);
	vout_xlat(o, "udiag_state", &xl_tcp_states, m.udiag_state);
	vout_uint(o, "udiag_ino", m.udiag_ino);
	cookie(o, "udiag_cookie", m.udiag_cookie);
	tail(n, &t_unix_msg, p, len, sizeof(m));
}

static void netlink_req(struct nl_ctx *n, const unsigned char *p, size_t len)
{
	struct vout *o = n->o;
	struct netlink_diag_req r;
	if (!head(o, "sdiag_family", p, len, sizeof(r)))
		return;
	memcpy(&r, p, sizeof(r));
	if (r.sdiag_protocol == NDIAG_PROTO_ALL)
		vout_xval(o, "sdiag_protocol", "0xff", "NDIAG_PROTO_ALL", NULL);
	else
		vout_xlat(o, "sdiag_protocol", &xl_netlink_protocols, r.sdiag_protocol);
	vout_uint(o, "ndiag_ino", r.ndiag_ino);
	vout_flags(o, "ndiag_show", &xl_netlink_diag_show, r.ndiag_show, NULL);
	cookie(o, "ndiag_cookie", r.ndiag_cookie);
	vout_end(o);
}

static void netlink_msg_body(struct nl_ctx *n, const unsigned char *p, size_t len)
{
	struct vout *o = n->o;
	struct netlink_diag_msg m;
	if (!head(o, "ndiag_family", p, len, sizeof(m)))
		return;
	memcpy(&m, p, sizeof(m));
	vout_xlat(o, "ndiag_type", &xl_socket_types, m.ndiag_type);
	vout_xlat(o, "ndiag_protocol", &xl_netlink_protocols, m.ndiag_protocol);
	vout_xlat(o, "ndiag_state", &xl_netlink_states, m.ndiag_state);
	vout_uint(o, "ndiag_portid", m.ndiag_portid);
	vout_uint(o, "ndiag_dst_portid", m.ndiag_dst_portid);
	vout_uint(o, "ndiag_dst_group", m.ndiag_dst_group);
	vout_uint(o, "ndiag_ino", m.ndiag_ino);
	cookie(o, "ndiag_cookie", m.ndiag_cookie);
	tail(n, &t_netlink_msg, p, len, sizeof(m));
}

typedef void (*diag_fn)(struct nl_ctx *, const unsigned char *, size_t);

/* strace's diag_decoders: a row per family, its request and its reply */
static const struct { diag_fn request, reply; } by_family[] = {
	[AF_UNIX] = { unix_req, unix_msg_body },
	[AF_INET] = { inet_req_v2, inet_msg_body },
	[AF_INET6] = { inet_req_v2, inet_msg_body },
	[AF_NETLINK] = { netlink_req, netlink_msg_body },
};

void vsockdiag_body(struct nl_ctx *n, uint16_t flags, const unsigned char *p, size_t len)
{
	uint8_t family = p[0];
	n->family = family;
	diag_fn fn = NULL;
	if (family < sizeof(by_family) / sizeof(by_family[0]) && len > 1)
		fn = flags & NLM_F_REQUEST ? by_family[family].request : by_family[family].reply;
	if (fn) {
		fn(n, p, len);
		return;
	}
	vout_struct(n->o, NULL);
	vout_xlat(n->o, "family", &xl_address_families, family);
	if (len > 1)
		vout_str(n->o, "data", p + 1, len - 1, false, true);
	vout_end(n->o);
}
