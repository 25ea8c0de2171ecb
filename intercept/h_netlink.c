/* socket(AF_NETLINK) and the socket calls on the sockets it makes. */
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "handlers.h"
#include "live_socks.h"
#include "loop.h"
#include "netlink/nl_handler.h"
#include "netlink/sock_diag.h"
#include "nlsock.h"
#include "supervisor.h"
#include "vlog.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

#define DEFAULT_SOCKBUF 212992
#define MAX_SEND (1u << 20)

static struct nlsock **socks;
static size_t nsocks;
static int32_t next_port = -4096;

struct nlsock *nlsock_of(struct vcall *c, int fd)
{
	char path[64];
	struct stat st;
	if (fd < VFD_BASE)
		return NULL;
	snprintf(path, sizeof(path), "%d/fd/%d", c->tid, fd);
	if (fstatat(sv.procfd, path, &st, 0) < 0 || !S_ISSOCK(st.st_mode))
		return NULL;
	for (size_t i = 0; i < nsocks; i++)
		if (socks[i]->ino == st.st_ino)
			return socks[i];
	return NULL;
}

const struct nlsock *nlsock_at(size_t i)
{
	return i < nsocks ? socks[i] : NULL;
}

bool nlsock_is_virtual(ino_t ino)
{
	for (size_t i = 0; i < nsocks; i++)
		if (socks[i]->ino == ino)
			return true;
	return false;
}

static void nlsock_free(struct nlsock *s)
{
	for (size_t i = 0; i < nsocks; i++)
		if (socks[i] == s) {
			socks[i] = socks[--nsocks];
			break;
		}
	loop_unwatch(s->peer);
	close(s->peer);
	nl_out_free(&s->out);
	free(s->parked);
	free(s);
}

static void on_peer_event(void *arg, uint32_t events)
{
	if (events & (EPOLLHUP | EPOLLERR))
		nlsock_free(arg);
}

/* Port ids are per protocol (nl_table[protocol]): a route and a diag
 * socket of one process both get its pid. */
static bool port_taken(int protocol, uint32_t port)
{
	for (size_t i = 0; i < nsocks; i++)
		if (socks[i]->bound && socks[i]->protocol == protocol && socks[i]->portid == port)
			return true;
	return false;
}

/* As netlink_autobind: the thread group id first, then negative ids. */
static void autobind(struct nlsock *s)
{
	if (s->bound)
		return;
	uint32_t port = (uint32_t)s->owner;
	while (port_taken(s->protocol, port))
		port = (uint32_t)next_port--;
	s->portid = port;
	s->bound = true;
}

/* The lowest free fd number >= VFD_BASE in the caller's table. */
static int free_high_fd(struct vcall *c)
{
	char path[64];
	struct rlimit rl;
	if (prlimit(vcall_pid(c), RLIMIT_NOFILE, NULL, &rl) < 0)
		return -errno;
	for (int fd = VFD_BASE; (rlim_t)fd < rl.rlim_cur; fd++) {
		struct stat st;
		snprintf(path, sizeof(path), "%d/fd/%d", c->tid, fd);
		if (fstatat(sv.procfd, path, &st, AT_SYMLINK_NOFOLLOW) < 0 && errno == ENOENT)
			return fd;
	}
	return -EMFILE;
}

void h_socket(struct vcall *c)
{
	int type = (int)c->args[1];
	int protocol = (int)c->args[2];
	int base = type & ~(SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (base != SOCK_RAW && base != SOCK_DGRAM) {
		vcall_reply_errno(c, ESOCKTNOSUPPORT);
		return;
	}
	/* NETLINK_ROUTE and NETLINK_SOCK_DIAG are modelled; a kernel
	 * without the others says this. */
	if (protocol != NETLINK_ROUTE && protocol != NETLINK_SOCK_DIAG) {
		vcall_reply_errno(c, EPROTONOSUPPORT);
		return;
	}
	int pair[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0) {
		vcall_reply_errno(c, errno);
		return;
	}
	if (type & SOCK_NONBLOCK)
		fcntl(pair[0], F_SETFL, O_NONBLOCK);
	struct stat st;
	fstat(pair[0], &st);
	int newfd = free_high_fd(c);
	if (newfd < 0) {
		close(pair[0]);
		close(pair[1]);
		vcall_reply_errno(c, -newfd);
		return;
	}
	struct nlsock *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->ino = st.st_ino;
	s->peer = pair[1];
	s->protocol = protocol;
	s->type = base;
	s->owner = vcall_pid(c);
	s->rcvbuf = s->sndbuf = DEFAULT_SOCKBUF;
	nl_out_init(&s->out);
	struct nlsock **p = realloc(socks, (nsocks + 1) * sizeof(*socks));
	if (!p)
		abort();
	socks = p;
	socks[nsocks++] = s;
	loop_watch(s->peer, EPOLLHUP | EPOLLERR, on_peer_event, s);
	vcall_reply_fd(c, pair[0], newfd, type & SOCK_CLOEXEC);
}

/* Our own copy of the program's end, to take the token back. */
static int program_end(struct vcall *c, int fd)
{
	int pidfd = (int)syscall(SYS_pidfd_open, c->tid, PIDFD_THREAD);
	if (pidfd < 0)
		pidfd = (int)syscall(SYS_pidfd_open, vcall_pid(c), 0);
	if (pidfd < 0)
		return -errno;
	int dup = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	int e = errno;
	close(pidfd);
	return dup < 0 ? -e : dup;
}

static void token_sync(struct vcall *c, int fd, struct nlsock *s)
{
	bool want = !nl_out_empty(&s->out);
	if (want && !s->token) {
		if (send(s->peer, "", 1, MSG_DONTWAIT) == 1)
			s->token = true;
	} else if (!want && s->token) {
		int dup = program_end(c, fd);
		if (dup >= 0) {
			char b;
			if (recv(dup, &b, 1, MSG_DONTWAIT) >= 0)
				s->token = false;
			close(dup);
		}
	}
}

#define GET_SOCK(c, fd, s)                          \
	struct nlsock *s = nlsock_of((c), (fd));    \
	if (!s) {                                   \
		vcall_reply_continue(c);            \
		return;                             \
	}

static int read_addr(struct vcall *c, uint64_t addr, uint64_t len, struct sockaddr_nl *out)
{
	memset(out, 0, sizeof(*out));
	if (len < sizeof(*out))
		return -EINVAL;
	ssize_t n = vcall_read(c, out, addr, sizeof(*out));
	if (n < 0)
		return (int)n;
	return out->nl_family == AF_NETLINK ? 0 : -EINVAL;
}

void h_nl_bind(struct vcall *c)
{
	GET_SOCK(c, (int)c->args[0], s);
	struct sockaddr_nl a;
	int rc = read_addr(c, c->args[1], c->args[2], &a);
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return;
	}
	if (s->bound && a.nl_pid && a.nl_pid != s->portid) {
		vcall_reply_errno(c, EINVAL);
		return;
	}
	if (!s->bound && a.nl_pid) {
		if (port_taken(s->protocol, a.nl_pid)) {
			vcall_reply_errno(c, EADDRINUSE);
			return;
		}
		s->portid = a.nl_pid;
		s->bound = true;
	}
	autobind(s);
	s->groups = (s->groups & ~0xffffffffull) | a.nl_groups;
	vcall_reply_value(c, 0);
}

void h_nl_connect(struct vcall *c)
{
	GET_SOCK(c, (int)c->args[0], s);
	struct sockaddr_nl a;
	sa_family_t fam = 0;
	if (c->args[2] >= sizeof(fam) && vcall_read(c, &fam, c->args[1], sizeof(fam)) == sizeof(fam) &&
	    fam == AF_UNSPEC) {
		s->dst_portid = s->dst_group = 0;
		vcall_reply_value(c, 0);
		return;
	}
	int rc = read_addr(c, c->args[1], c->args[2], &a);
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return;
	}
	autobind(s);
	s->dst_portid = a.nl_pid;
	s->dst_group = a.nl_groups;
	vcall_reply_value(c, 0);
}

static void reply_name(struct vcall *c, const struct sockaddr_nl *a)
{
	uint64_t addr = c->args[1], lenp = c->args[2];
	int len;
	if (vcall_read(c, &len, lenp, sizeof(len)) < 0) {
		vcall_reply_errno(c, EFAULT);
		return;
	}
	if (len < 0) {
		vcall_reply_errno(c, EINVAL);
		return;
	}
	size_t n = (size_t)len < sizeof(*a) ? (size_t)len : sizeof(*a);
	int full = sizeof(*a);
	if (vcall_write(c, addr, a, n) < 0 || vcall_write(c, lenp, &full, sizeof(full)) < 0) {
		vcall_reply_errno(c, EFAULT);
		return;
	}
	vcall_reply_value(c, 0);
}

void h_nl_getsockname(struct vcall *c)
{
	GET_SOCK(c, (int)c->args[0], s);
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = s->bound ? s->portid : 0,
				 .nl_groups = (uint32_t)s->groups };
	reply_name(c, &a);
}

void h_nl_getpeername(struct vcall *c)
{
	GET_SOCK(c, (int)c->args[0], s);
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = s->dst_portid,
				 .nl_groups = s->dst_group };
	reply_name(c, &a);
}

static bool *nl_flag(struct nlsock *s, int opt)
{
	switch (opt) {
	case NETLINK_PKTINFO: return &s->pktinfo;
	case NETLINK_BROADCAST_ERROR: return &s->broadcast_error;
	case NETLINK_NO_ENOBUFS: return &s->no_enobufs;
	case NETLINK_LISTEN_ALL_NSID: return &s->listen_all_nsid;
	case NETLINK_CAP_ACK: return &s->cap_ack;
	case NETLINK_EXT_ACK: return &s->ext_ack;
	case NETLINK_GET_STRICT_CHK: return &s->strict_chk;
	default: return NULL;
	}
}

/* sk_rcvbuf/sk_sndbuf as sock_setsockopt keeps them (and getsockopt and
 * sock_diag show them): twice the size asked, for the kernel's
 * bookkeeping, the size first capped at net.core.[rw]mem_max (not under
 * *BUFFORCE), the result at least SOCK_MIN_RCVBUF/SNDBUF. */
static int sockbuf(int val, const char *max_name, int min)
{
	char path[64];
	long max = DEFAULT_SOCKBUF;
	if (max_name) {
		snprintf(path, sizeof(path), "sys/net/core/%s", max_name);
		int f = openat(sv.procfd, path, O_RDONLY | O_CLOEXEC);
		char b[32] = "";
		if (f >= 0) {
			if (read(f, b, sizeof(b) - 1) > 0)
				max = strtol(b, NULL, 10);
			close(f);
		}
		if ((unsigned)val > (unsigned long)max)   /* min_t(u32, ...) */
			val = (int)max;
	}
	long v = val < 0 ? 0 : 2L * val;
	if (v > 0x7fffffff)
		v = 0x7fffffff;
	return v < min ? min : (int)v;
}

void h_nl_setsockopt(struct vcall *c)
{
	GET_SOCK(c, (int)c->args[0], s);
	int level = (int)c->args[1], opt = (int)c->args[2];
	uint64_t optlen = (uint32_t)c->args[4];
	int val = 0;
	if (optlen >= sizeof(int) && vcall_read(c, &val, c->args[3], sizeof(val)) < 0) {
		vcall_reply_errno(c, EFAULT);
		return;
	}
	if (level == SOL_SOCKET) {
		if (optlen < sizeof(int)) {
			vcall_reply_errno(c, EINVAL);
			return;
		}
		bool force = opt == SO_RCVBUFFORCE || opt == SO_SNDBUFFORCE;
		if (force && !sv_has_cap(CAP_NET_ADMIN)) {
			vcall_reply_errno(c, EPERM);
			return;
		}
		if (opt == SO_RCVBUF || opt == SO_RCVBUFFORCE)
			s->rcvbuf = sockbuf(val, force ? 0 : "rmem_max", 2304);
		else if (opt == SO_SNDBUF || opt == SO_SNDBUFFORCE)
			s->sndbuf = sockbuf(val, force ? 0 : "wmem_max", 4608);
		vcall_reply_value(c, 0);
		return;
	}
	if (level != SOL_NETLINK) {
		vcall_reply_errno(c, ENOPROTOOPT);
		return;
	}
	if (optlen < sizeof(int)) {
		vcall_reply_errno(c, EINVAL);
		return;
	}
	if (opt == NETLINK_ADD_MEMBERSHIP || opt == NETLINK_DROP_MEMBERSHIP) {
		/* nlk->ngroups: RTNLGRP_MAX of a 6.18 kernel for rtnetlink
		 * (RTNLGRP_IPV6_ACADDR), at least 32 for every protocol */
		int ngroups = s->protocol == NETLINK_ROUTE ? 39 : 32;
		if (val <= 0 || val > ngroups) {
			vcall_reply_errno(c, EINVAL);
			return;
		}
		uint64_t bit = 1ull << (val - 1);
		s->groups = opt == NETLINK_ADD_MEMBERSHIP ? s->groups | bit : s->groups & ~bit;
		autobind(s);
		vcall_reply_value(c, 0);
		return;
	}
	bool *f = nl_flag(s, opt);
	if (!f) {
		vcall_reply_errno(c, ENOPROTOOPT);
		return;
	}
	*f = val != 0;
	vcall_reply_value(c, 0);
}

void h_nl_getsockopt(struct vcall *c)
{
	GET_SOCK(c, (int)c->args[0], s);
	int level = (int)c->args[1], opt = (int)c->args[2];
	int len;
	if (vcall_read(c, &len, c->args[4], sizeof(len)) < 0) {
		vcall_reply_errno(c, EFAULT);
		return;
	}
	if (len < 0) {
		vcall_reply_errno(c, EINVAL);
		return;
	}
	int val;
	if (level == SOL_SOCKET) {
		switch (opt) {
		case SO_TYPE: val = s->type; break;
		case SO_DOMAIN: val = AF_NETLINK; break;
		case SO_PROTOCOL: val = s->protocol; break;
		case SO_RCVBUF: val = s->rcvbuf; break;
		case SO_SNDBUF: val = s->sndbuf; break;
		case SO_ERROR: val = 0; break;
		default:
			vcall_reply_errno(c, ENOPROTOOPT);
			return;
		}
	} else if (level == SOL_NETLINK) {
		if (opt == NETLINK_LIST_MEMBERSHIPS) {
			uint32_t g[2] = { (uint32_t)s->groups, (uint32_t)(s->groups >> 32) };
			size_t n = (size_t)len < sizeof(g) ? (size_t)len & ~3u : sizeof(g);
			int full = sizeof(g);
			if (vcall_write(c, c->args[3], g, n) < 0 ||
			    vcall_write(c, c->args[4], &full, sizeof(full)) < 0)
				vcall_reply_errno(c, EFAULT);
			else
				vcall_reply_value(c, 0);
			return;
		}
		bool *f = nl_flag(s, opt);
		if (!f) {
			vcall_reply_errno(c, ENOPROTOOPT);
			return;
		}
		if (len < (int)sizeof(int)) {
			vcall_reply_errno(c, EINVAL);
			return;
		}
		val = *f;
	} else {
		vcall_reply_errno(c, ENOPROTOOPT);
		return;
	}
	int n = len < (int)sizeof(val) ? len : (int)sizeof(val);
	if (vcall_write(c, c->args[3], &val, (size_t)n) < 0 ||
	    vcall_write(c, c->args[4], &n, sizeof(n)) < 0)
		vcall_reply_errno(c, EFAULT);
	else
		vcall_reply_value(c, 0);
}

/* --- sending ------------------------------------------------------------ */

static uint32_t caller_uid(struct vcall *c)
{
	char p[32];
	struct stat st;
	snprintf(p, sizeof(p), "%d", c->tid);
	return fstatat(sv.procfd, p, &st, 0) == 0 ? st.st_uid : 0;
}

static void complete_parked(struct nlsock *s);

/* A request reached "the kernel": hand it to the protocol. */
static void deliver(struct vcall *c, int fd, struct nlsock *s, const void *data, size_t len)
{
	autobind(s);
	struct nl_ctx ctx = {
		.model = &sv.model,
		.portid = s->portid,
		.uid = caller_uid(c),
		.strict_chk = s->strict_chk,
		.ext_ack = s->ext_ack,
		.cap_ack = s->cap_ack,
		.cap_net_admin = sv_has_cap(CAP_NET_ADMIN),
	};
	if (s->protocol == NETLINK_SOCK_DIAG) {
		live_socks_refresh(&sv.model);
		sock_diag_rcv(&ctx, data, len, &s->out);
	} else {
		struct nl_mcast mc;
		nl_mcast_init(&mc, s);
		ctx.mcast = &mc;
		rtnl_rcv(&ctx, data, len, &s->out);
		nl_mcast_flush(s);
	}
	token_sync(c, fd, s);
	complete_parked(s);
}

/* The destination must be the kernel (port 0); another socket of the
 * sandbox is not reachable through the model. */
static int check_dest(struct vcall *c, uint64_t addr, uint64_t alen)
{
	if (!addr)
		return 0;
	struct sockaddr_nl a;
	int rc = read_addr(c, addr, alen, &a);
	if (rc < 0)
		return rc;
	return a.nl_pid == 0 ? 0 : -ECONNREFUSED;
}

static void do_send(struct vcall *c, int fd, struct nlsock *s, const struct iovec *iov, size_t niov,
		    uint64_t addr, uint64_t alen)
{
	int rc = check_dest(c, addr, alen);
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return;
	}
	size_t total = 0;
	for (size_t i = 0; i < niov; i++)
		total += iov[i].iov_len;
	if (total > (size_t)s->sndbuf - 32 || total > MAX_SEND) {
		vcall_reply_errno(c, EMSGSIZE);
		return;
	}
	char *data = malloc(total ? total : 1);
	if (!data)
		abort();
	size_t off = 0;
	for (size_t i = 0; i < niov; i++) {
		ssize_t n = vcall_read(c, data + off, (uint64_t)(uintptr_t)iov[i].iov_base, iov[i].iov_len);
		if (n < 0) {
			free(data);
			vcall_reply_errno(c, EFAULT);
			return;
		}
		off += iov[i].iov_len;
	}
	vlog_netlink(c, data, total);
	deliver(c, fd, s, data, total);
	free(data);
	vcall_reply_value(c, (int64_t)total);
}

void h_nl_sendto(struct vcall *c)
{
	int fd = (int)c->args[0];
	GET_SOCK(c, fd, s);
	struct iovec iov = { (void *)(uintptr_t)c->args[1], c->args[2] };
	do_send(c, fd, s, &iov, 1, c->args[4], c->args[5]);
}

void h_nl_write(struct vcall *c)
{
	int fd = (int)c->args[0];
	GET_SOCK(c, fd, s);
	struct iovec iov = { (void *)(uintptr_t)c->args[1], c->args[2] };
	do_send(c, fd, s, &iov, 1, 0, 0);
}

static int read_msghdr(struct vcall *c, uint64_t addr, struct msghdr *m, struct iovec **iov)
{
	if (vcall_read(c, m, addr, sizeof(*m)) < 0)
		return -EFAULT;
	if (m->msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	*iov = calloc(m->msg_iovlen ? m->msg_iovlen : 1, sizeof(**iov));
	if (!*iov)
		abort();
	if (vcall_read(c, *iov, (uint64_t)(uintptr_t)m->msg_iov, m->msg_iovlen * sizeof(**iov)) < 0) {
		free(*iov);
		return -EFAULT;
	}
	return 0;
}

void h_nl_sendmsg(struct vcall *c)
{
	int fd = (int)c->args[0];
	GET_SOCK(c, fd, s);
	struct msghdr m;
	struct iovec *iov;
	int rc = read_msghdr(c, c->args[1], &m, &iov);
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return;
	}
	do_send(c, fd, s, iov, m.msg_iovlen, (uint64_t)(uintptr_t)m.msg_name, m.msg_namelen);
	free(iov);
}

/* --- receiving ---------------------------------------------------------- */

enum recv_kind { RECV_READ, RECV_FROM, RECV_MSG };

/* The datagram at the head of the queue, packed as the kernel would have
 * packed it when it was made (see nlout.h); once a reader has seen it, its
 * size is fixed. */
static bool head_dgram(struct nlsock *s, uint32_t *off, uint32_t *len, uint32_t *groups)
{
	if (nl_out_empty(&s->out))
		return false;
	if (!s->head_marks) {
		size_t limit = s->max_recvmsg_len;
		if (limit > 32768 - 320)
			limit = 32768 - 320;
		if (limit < VN_NLMSG_GOODSIZE)
			limit = VN_NLMSG_GOODSIZE;
		if (!nl_out_peek_dgram(&s->out, limit, off, len, groups, &s->head_marks))
			return false;
		return true;
	}
	const struct nl_mark *first = &s->out.marks[s->out.head];
	const struct nl_mark *last = first + s->head_marks - 1;
	*off = first->off;
	*len = last->off + last->len - first->off;
	*groups = first->groups;
	return true;
}

static bool is_nonblocking(struct vcall *c, int fd, int flags)
{
	if (flags & MSG_DONTWAIT)
		return true;
	char path[64];
	snprintf(path, sizeof(path), "%d/fdinfo/%d", c->tid, fd);
	int f = openat(sv.procfd, path, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return false;
	char buf[256];
	ssize_t n = read(f, buf, sizeof(buf) - 1);
	close(f);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	char *p = strstr(buf, "flags:");
	return p && (strtoul(p + 6, NULL, 8) & O_NONBLOCK);
}

/* Returns true when answered, false when the caller must wait. */
static bool do_recv(struct vcall *c, enum recv_kind kind, int fd, struct nlsock *s)
{
	int flags = kind == RECV_READ ? 0 : (int)c->args[kind == RECV_FROM ? 3 : 2];
	struct msghdr m = { 0 };
	struct iovec one, *iov = &one;
	size_t niov = 1;
	if (kind == RECV_MSG) {
		int rc = read_msghdr(c, c->args[1], &m, &iov);
		if (rc < 0) {
			vcall_reply_errno(c, -rc);
			return true;
		}
		niov = m.msg_iovlen;
	} else {
		one.iov_base = (void *)(uintptr_t)c->args[1];
		one.iov_len = c->args[2];
	}
	size_t cap = 0;
	for (size_t i = 0; i < niov; i++)
		cap += iov[i].iov_len;

	uint32_t off, len, groups;
	if (s->overrun && !(flags & MSG_PEEK)) {
		/* netlink_recvmsg reports a lost notification once */
		s->overrun = false;
		if (iov != &one)
			free(iov);
		vcall_reply_errno(c, ENOBUFS);
		return true;
	}
	if (!head_dgram(s, &off, &len, &groups)) {
		if (iov != &one)
			free(iov);
		if (is_nonblocking(c, fd, flags)) {
			vcall_reply_errno(c, EAGAIN);
			return true;
		}
		return false;
	}
	if (s->max_recvmsg_len < cap)
		s->max_recvmsg_len = cap;

	const char *data = s->out.data.data + off;
	size_t done = 0;
	int err = 0;
	for (size_t i = 0; i < niov && done < len; i++) {
		size_t n = iov[i].iov_len < len - done ? iov[i].iov_len : len - done;
		if (vcall_write(c, (uint64_t)(uintptr_t)iov[i].iov_base, data + done, n) < 0) {
			err = EFAULT;
			break;
		}
		done += n;
	}
	if (iov != &one)
		free(iov);
	if (err) {
		vcall_reply_errno(c, err);
		return true;
	}
	struct sockaddr_nl from = { .nl_family = AF_NETLINK, .nl_groups = groups };
	int out_flags = len > cap ? MSG_TRUNC : 0;
	if (kind == RECV_MSG) {
		uint64_t ha = c->args[1];
		if (m.msg_name) {
			size_t n = m.msg_namelen < sizeof(from) ? m.msg_namelen : sizeof(from);
			vcall_write(c, (uint64_t)(uintptr_t)m.msg_name, &from, n);
			socklen_t nl = sizeof(from);
			vcall_write(c, ha + offsetof(struct msghdr, msg_namelen), &nl, sizeof(nl));
		}
		size_t zero = 0;
		vcall_write(c, ha + offsetof(struct msghdr, msg_controllen), &zero, sizeof(zero));
		vcall_write(c, ha + offsetof(struct msghdr, msg_flags), &out_flags, sizeof(out_flags));
	} else if (kind == RECV_FROM && c->args[4] && c->args[5]) {
		socklen_t alen;
		if (vcall_read(c, &alen, c->args[5], sizeof(alen)) == sizeof(alen)) {
			size_t n = alen < sizeof(from) ? alen : sizeof(from);
			vcall_write(c, c->args[4], &from, n);
			alen = sizeof(from);
			vcall_write(c, c->args[5], &alen, sizeof(alen));
		}
	}
	if (!(flags & MSG_PEEK)) {
		nl_out_pop(&s->out, s->head_marks);
		s->head_marks = 0;
		token_sync(c, fd, s);
	}
	vcall_reply_value(c, (flags & MSG_TRUNC) ? (int64_t)len : (int64_t)(len < cap ? len : cap));
	return true;
}

static void recv_or_park(struct vcall *c, enum recv_kind kind)
{
	int fd = (int)c->args[0];
	GET_SOCK(c, fd, s);
	if (do_recv(c, kind, fd, s))
		return;
	struct vcall *p = realloc(s->parked, (s->nparked + 1) * sizeof(*p));
	if (!p)
		abort();
	s->parked = p;
	s->parked[s->nparked++] = *c;
	vcall_park(c);
}

void h_nl_recvfrom(struct vcall *c) { recv_or_park(c, RECV_FROM); }
void h_nl_recvmsg(struct vcall *c) { recv_or_park(c, RECV_MSG); }
void h_nl_read(struct vcall *c) { recv_or_park(c, RECV_READ); }

static enum recv_kind kind_of(const struct vcall *c)
{
	switch (c->nr) {
	case SYS_recvfrom: return RECV_FROM;
	case SYS_recvmsg: return RECV_MSG;
	default: return RECV_READ;
	}
}

void nlsock_wake(struct nlsock *s)
{
	if (!nl_out_empty(&s->out) && !s->token && send(s->peer, "", 1, MSG_DONTWAIT) == 1)
		s->token = true;
	complete_parked(s);
}

/* New messages: wake blocked readers, oldest first. A reader that went
 * away (signal, exit) is dropped. */
static void complete_parked(struct nlsock *s)
{
	while (s->nparked && !nl_out_empty(&s->out)) {
		struct vcall c = s->parked[0];
		memmove(s->parked, s->parked + 1, (s->nparked - 1) * sizeof(*s->parked));
		s->nparked--;
		if (!c.be->ops->valid(&c))
			continue;
		if (do_recv(&c, kind_of(&c), (int)c.args[0], s))
			c.be->ops->respond(&c);
	}
}
