/* See live_socks.h. */
#include "live_socks.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/netlink_diag.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nlsock.h"
#include "resolve.h"
#include "sandbox_procfs.h"
#include "sandbox_tasks.h"

struct inodes {
	uint32_t *v;
	size_t n, cap;
};

static void add_ino(struct inodes *s, uint32_t ino)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		uint32_t *p = realloc(s->v, s->cap * sizeof(*p));
		if (!p)
			abort();
		s->v = p;
	}
	s->v[s->n++] = ino;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static bool has_ino(const struct inodes *s, uint32_t ino)
{
	/* an empty set has no array: bsearch/qsort take no NULL base */
	return s->n && bsearch(&ino, s->v, s->n, sizeof(*s->v), cmp_u32) != NULL;
}

/* The socket inodes in one task's fd table: the host's sockets in `out`,
 * veneer's netlink stand-ins in `nl`. */
static void task_sockets(int pid, struct inodes *out, struct inodes *nl)
{
	char path[64];
	snprintf(path, sizeof(path), "%d/fd", pid);
	int dfd = openat(sandbox_procfs(), path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return;
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		char target[64];
		ssize_t n = readlinkat(dfd, e->d_name, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		unsigned long ino;
		if (sscanf(target, "socket:[%lu]", &ino) == 1)
			add_ino(nlsock_is_virtual((ino_t)ino) ? nl : out, (uint32_t)ino);
	}
	closedir(d);
}

static void sandbox_sockets(struct inodes *out, struct inodes *nl)
{
	struct sandbox_task *t;
	size_t n = sandbox_tasks(&t);
	for (size_t i = 0; i < n; i++)
		task_sockets(t[i].pid, out, nl);
	free(t);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_u32);
	if (nl->n)
		qsort(nl->v, nl->n, sizeof(*nl->v), cmp_u32);
}

/* --- the host's answers -------------------------------------------------- */

static const struct nlattr *find_attr(const uint8_t *attrs, uint32_t len, uint16_t type)
{
	for (uint32_t off = 0; off + NLA_HDRLEN <= len;) {
		const struct nlattr *a = (const void *)(attrs + off);
		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > len)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		off += NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

static size_t attr_copy(const struct nlattr *a, void *dst, size_t max)
{
	if (!a)
		return 0;
	size_t n = a->nla_len - NLA_HDRLEN;
	if (n > max)
		n = max;
	memcpy(dst, (const char *)a + NLA_HDRLEN, n);
	return n;
}

/* /proc/net/tcp's trailing columns, from tcp_info (microseconds -> the
 * clock ticks of USER_HZ 100). A listener's tcp_info stops before them:
 * its RTO is the initial one, its ssthresh column the fastopen queue. */
static void tcp_extras(struct vn_socket *s)
{
	struct tcp_info ti;
	memset(&ti, 0, sizeof(ti));
	attr_copy(find_attr(s->attrs, s->attrs_len, INET_DIAG_INFO), &ti, sizeof(ti));
	s->cwnd = ti.tcpi_snd_cwnd;
	if (s->state == VN_TCP_LISTEN) {
		s->rto = 100;
		s->ssthresh = 0;
		return;
	}
	s->rto = ti.tcpi_rto / 10000;
	s->ato = ti.tcpi_ato / 10000;
	s->probes = ti.tcpi_probes;
	s->ssthresh = ti.tcpi_snd_ssthresh >= 0x7fffffffu ? -1 : (int32_t)ti.tcpi_snd_ssthresh;
}

static void add_inet(struct vn_model *m, const struct inet_diag_msg *d, uint8_t protocol,
		     const uint8_t *attrs, uint32_t alen)
{
	struct vn_socket s = {
		.family = d->idiag_family, .protocol = protocol, .state = d->idiag_state,
		.timer = d->idiag_timer, .retrans = d->idiag_retrans, .expires = d->idiag_expires,
		.rqueue = d->idiag_rqueue, .wqueue = d->idiag_wqueue, .uid = d->idiag_uid,
		.ino = d->idiag_inode, .sport = ntohs(d->id.idiag_sport),
		.dport = ntohs(d->id.idiag_dport), .ifindex = d->id.idiag_if,
		.attrs = (uint8_t *)(uintptr_t)attrs, .attrs_len = alen,
	};
	s.cookie[0] = d->id.idiag_cookie[0];
	s.cookie[1] = d->id.idiag_cookie[1];
	size_t n = d->idiag_family == AF_INET ? 4 : 16;
	memcpy(s.src, d->id.idiag_src, n);
	memcpy(s.dst, d->id.idiag_dst, n);
	s.type = protocol == IPPROTO_TCP ? SOCK_STREAM : protocol == IPPROTO_RAW ? SOCK_RAW : SOCK_DGRAM;
	if (s.type == SOCK_RAW)
		attr_copy(find_attr(attrs, alen, INET_DIAG_PROTOCOL), &s.protocol, 1);
	if (protocol == IPPROTO_TCP) {
		tcp_extras(&s);
	} else {
		uint32_t mem[SK_MEMINFO_VARS] = { 0 };
		attr_copy(find_attr(attrs, alen, INET_DIAG_SKMEMINFO), mem, sizeof(mem));
		s.drops = mem[SK_MEMINFO_DROPS];
	}
	vn_model_add_socket(m, &s);
}

static void add_unix(struct vn_model *m, const struct unix_diag_msg *d, const uint8_t *attrs,
		     uint32_t alen)
{
	struct vn_socket s = {
		.family = AF_UNIX, .type = d->udiag_type, .state = d->udiag_state,
		.ino = d->udiag_ino, .attrs = (uint8_t *)(uintptr_t)attrs, .attrs_len = alen,
	};
	s.cookie[0] = d->udiag_cookie[0];
	s.cookie[1] = d->udiag_cookie[1];
	s.path_len = (uint8_t)attr_copy(find_attr(attrs, alen, UNIX_DIAG_NAME), s.path, sizeof(s.path));
	attr_copy(find_attr(attrs, alen, UNIX_DIAG_PEER), &s.peer_ino, 4);
	struct unix_diag_rqlen q = { 0, 0 };
	attr_copy(find_attr(attrs, alen, UNIX_DIAG_RQLEN), &q, sizeof(q));
	s.rqueue = q.udiag_rqueue;
	s.wqueue = q.udiag_wqueue;
	attr_copy(find_attr(attrs, alen, UNIX_DIAG_UID), &s.uid, 4);
	attr_copy(find_attr(attrs, alen, UNIX_DIAG_SHUTDOWN), &s.shutdown, 1);
	vn_model_add_socket(m, &s);
}

/* The kernel's own netlink sockets of the namespace (port 0): one per
 * protocol the kernel serves there, part of what /proc/net/netlink and
 * netlink_diag show. Their memory figures are the host's, but not what
 * they hold at this moment (our own request): sock_diag_netlink.c puts in
 * what the program's request would hold. */
static void add_kernel_netlink(struct vn_model *m, const struct netlink_diag_msg *d,
			       const uint8_t *attrs, uint32_t alen)
{
	if (d->ndiag_portid != 0)
		return;   /* a process's socket: never the sandbox's (see add_standins) */
	struct vn_socket s = {
		.family = AF_NETLINK, .type = d->ndiag_type, .protocol = d->ndiag_protocol,
		.state = d->ndiag_state, .ino = d->ndiag_ino, .dst_portid = d->ndiag_dst_portid,
		.dst_group = d->ndiag_dst_group,
	};
	s.cookie[0] = d->ndiag_cookie[0];
	s.cookie[1] = d->ndiag_cookie[1];
	uint32_t mem[SK_MEMINFO_VARS] = { 0 };
	attr_copy(find_attr(attrs, alen, NETLINK_DIAG_MEMINFO), mem, sizeof(mem));
	s.rcvbuf = mem[SK_MEMINFO_RCVBUF];
	s.sndbuf = mem[SK_MEMINFO_SNDBUF];
	s.groups_len = (uint8_t)attr_copy(find_attr(attrs, alen, NETLINK_DIAG_GROUPS), &s.groups,
					  sizeof(s.groups));
	attr_copy(find_attr(attrs, alen, NETLINK_DIAG_FLAGS), &s.nl_flags, 4);
	vn_model_add_socket(m, &s);
}

/* veneer's stand-ins that a sandbox task holds, as the netlink sockets
 * they stand for: the inode is the program's end (what fstat shows it),
 * unbound ones are not hashed and Linux lists them nowhere. */
static void add_standins(struct vn_model *m, const struct inodes *held)
{
	const struct nlsock *n;
	for (size_t i = 0; (n = nlsock_at(i)); i++) {
		if (!n->bound || !has_ino(held, (uint32_t)n->ino))
			continue;
		struct vn_socket s = {
			.family = AF_NETLINK, .type = (uint8_t)n->type, .protocol = (uint8_t)n->protocol,
			.state = n->dst_portid || n->dst_group, .ino = (uint32_t)n->ino,
			.portid = n->portid, .dst_portid = n->dst_portid, .dst_group = n->dst_group,
			.groups = n->groups, .groups_len = n->groups ? 8 : 0,
			.rcvbuf = (uint32_t)n->rcvbuf, .sndbuf = (uint32_t)n->sndbuf,
		};
		/* NDIAG_FLAG_*: what the program set with setsockopt */
		s.nl_flags = (n->pktinfo ? NDIAG_FLAG_PKTINFO : 0) |
			     (n->broadcast_error ? NDIAG_FLAG_BROADCAST_ERROR : 0) |
			     (n->no_enobufs ? NDIAG_FLAG_NO_ENOBUFS : 0) |
			     (n->listen_all_nsid ? NDIAG_FLAG_LISTEN_ALL_NSID : 0) |
			     (n->cap_ack ? NDIAG_FLAG_CAP_ACK : 0);
		/* what is queued, as one skb (Linux: one per datagram) */
		if (!nl_out_empty(&n->out))
			s.rmem = vn_skb_truesize((uint32_t)(n->out.data.len - n->out.marks[n->out.head].off));
		/* netlink_dump's skb: NLMSG_GOODSIZE until the reader has shown a
		 * larger buffer, at most SKB_WITH_OVERHEAD(32768) */
		size_t alloc = n->max_recvmsg_len < 32768 - 320 ? n->max_recvmsg_len : 32768 - 320;
		s.dump_alloc = alloc > VN_NLMSG_GOODSIZE ? (uint32_t)alloc : VN_NLMSG_GOODSIZE;
		/* a cookie no other socket has: that of our end of the pair */
		uint64_t cookie = 0;
		socklen_t cl = sizeof(cookie);
		if (getsockopt(n->peer, SOL_SOCKET, SO_COOKIE, &cookie, &cl) == 0) {
			s.cookie[0] = (uint32_t)cookie;
			s.cookie[1] = (uint32_t)(cookie >> 32);
		}
		vn_model_add_socket(m, &s);
	}
}

struct query {
	uint8_t family, protocol;    /* protocol 0 with AF_UNIX, NDIAG_PROTO_ALL with AF_NETLINK */
};

static const struct query queries[] = {
	{ AF_INET, IPPROTO_TCP }, { AF_INET6, IPPROTO_TCP },
	{ AF_INET, IPPROTO_UDP }, { AF_INET6, IPPROTO_UDP },
	{ AF_INET, IPPROTO_UDPLITE }, { AF_INET6, IPPROTO_UDPLITE },
	{ AF_INET, IPPROTO_RAW }, { AF_INET6, IPPROTO_RAW },
	{ AF_UNIX, 0 }, { AF_NETLINK, NDIAG_PROTO_ALL },
};

static int send_query(int fd, const struct query *q)
{
	struct {
		struct nlmsghdr h;
		union {
			struct inet_diag_req_v2 inet;
			struct unix_diag_req unx;
			struct netlink_diag_req nl;
		};
	} req;
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	if (q->family == AF_NETLINK) {
		req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.nl));
		req.nl.sdiag_family = AF_NETLINK;
		req.nl.sdiag_protocol = NDIAG_PROTO_ALL;
		req.nl.ndiag_show = NDIAG_SHOW_MEMINFO | NDIAG_SHOW_GROUPS | NDIAG_SHOW_FLAGS;
	} else if (q->family == AF_UNIX) {
		req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.unx));
		req.unx.sdiag_family = AF_UNIX;
		req.unx.udiag_states = ~0u;
		req.unx.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_VFS | UDIAG_SHOW_PEER |
				     UDIAG_SHOW_ICONS | UDIAG_SHOW_RQLEN | UDIAG_SHOW_MEMINFO |
				     UDIAG_SHOW_UID;
	} else {
		req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.inet));
		req.inet.sdiag_family = q->family;
		req.inet.sdiag_protocol = q->protocol;
		req.inet.idiag_ext = 0xff;   /* every extension: replayed per request */
		req.inet.idiag_states = ~0u;
		if (q->protocol == IPPROTO_RAW)
			req.inet.pad = IPPROTO_RAW;   /* sdiag_raw_protocol: any */
	}
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	return sendto(fd, &req, req.h.nlmsg_len, 0, (struct sockaddr *)&k, sizeof(k)) < 0 ? -errno : 0;
}

/* Read one dump; keep the messages of sockets in `mine`. Returns 0 at
 * NLMSG_DONE (or a family the host lacks), -1 on failure. */
static int read_dump(int fd, const struct query *q, const struct inodes *mine, struct vn_model *m)
{
	static char buf[65536] __attribute__((aligned(8)));
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		for (struct nlmsghdr *h = (void *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR)
				return 0;   /* no such protocol on the host: nothing to show */
			size_t hdr = q->family == AF_UNIX      ? sizeof(struct unix_diag_msg)
				     : q->family == AF_NETLINK ? sizeof(struct netlink_diag_msg)
							       : sizeof(struct inet_diag_msg);
			if (h->nlmsg_len < NLMSG_LENGTH(hdr))
				continue;
			const uint8_t *attrs = (const uint8_t *)NLMSG_DATA(h) + NLMSG_ALIGN(hdr);
			uint32_t alen = h->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(hdr));
			if (q->family == AF_NETLINK) {
				add_kernel_netlink(m, NLMSG_DATA(h), attrs, alen);
			} else if (q->family == AF_UNIX) {
				const struct unix_diag_msg *d = NLMSG_DATA(h);
				if (has_ino(mine, d->udiag_ino))
					add_unix(m, d, attrs, alen);
			} else {
				const struct inet_diag_msg *d = NLMSG_DATA(h);
				if (d->idiag_inode && has_ino(mine, d->idiag_inode))
					add_inet(m, d, q->protocol, attrs, alen);
			}
		}
	}
}

void live_socks_refresh(struct vn_model *m)
{
	vn_model_clear_live_sockets(m);
	struct inodes mine = { 0 }, nl = { 0 };
	sandbox_sockets(&mine, &nl);
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd >= 0) {
		struct timeval tv = { .tv_sec = 2 };
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
			/* the kernel's netlink sockets are there even when the
			 * sandbox holds no socket of the host */
			if (queries[i].family != AF_NETLINK && mine.n == 0)
				continue;
			if (send_query(fd, &queries[i]) < 0 || read_dump(fd, &queries[i], &mine, m) < 0) {
				/* half an answer is no answer */
				vn_model_clear_live_sockets(m);
				break;
			}
		}
		close(fd);
	}
	add_standins(m, &nl);
	free(mine.v);
	free(nl.v);
}
