/* socket(AF_NETLINK) and the calls that set up the sockets it makes: bind,
 * connect, their names and options. Sending and receiving: netlink_io.c. */
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "handlers.h"
#include "loop.h"
#include "nlsock.h"
#include "sandbox_ctx.h"
#include "sandbox_procfs.h"

#define DEFAULT_SOCKBUF 212992

static struct nlsock **socks;
static size_t nsocks;
static int32_t next_port = -4096;

struct nlsock *nlsock_at(size_t i)
{
	return i < nsocks ? socks[i] : NULL;
}

bool nlsock_is_virtual(ino_t ino)
{
	return vfd_by_ino(ino, VFD_NETLINK) != NULL;
}

static void nlsock_free(struct nlsock *s)
{
	for (size_t i = 0; i < nsocks; i++)
		if (socks[i] == s) {
			socks[i] = socks[--nsocks];
			break;
		}
	vfd_forget(s);
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
void nlsock_autobind(struct nlsock *s)
{
	if (s->bound)
		return;
	uint32_t port = (uint32_t)s->owner;
	while (port_taken(s->protocol, port))
		port = (uint32_t)next_port--;
	s->portid = port;
	s->bound = true;
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
	/* NETLINK_ROUTE, NETLINK_SOCK_DIAG and NETLINK_GENERIC are
	 * modelled; a kernel without the others says this. */
	if (protocol != NETLINK_ROUTE && protocol != NETLINK_SOCK_DIAG && protocol != NETLINK_GENERIC) {
		vcall_reply_errno(c, EPROTONOSUPPORT);
		return;
	}
	int pair[2], rc;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0) {
		vcall_reply_errno(c, supervisor_errno(errno));
		return;
	}
	if (type & SOCK_NONBLOCK)
		fcntl(pair[0], F_SETFL, O_NONBLOCK);
	struct stat st;
	fstat(pair[0], &st);
	int newfd = vcall_free_fd_from(c, vfd_base());
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
	if ((rc = vfd_register(pair[0], VFD_NETLINK, s)) < 0) {
		close(pair[0]);
		close(pair[1]);
		nl_out_free(&s->out);
		free(s);
		vcall_reply_errno(c, -rc);
		return;
	}
	struct nlsock **p = realloc(socks, (nsocks + 1) * sizeof(*socks));
	if (!p)
		abort();
	socks = p;
	socks[nsocks++] = s;
	loop_watch(s->peer, EPOLLHUP | EPOLLERR, on_peer_event, s);
	vcall_reply_fd(c, pair[0], newfd, type & SOCK_CLOEXEC);
}

void nlsock_token_sync(struct vcall *c, int fd, struct nlsock *s)
{
	bool want = !nl_out_empty(&s->out);
	if (want && !s->token) {
		if (send(s->peer, "", 1, MSG_DONTWAIT) == 1)
			s->token = true;
	} else if (!want && s->token) {
		int dup = vcall_fd_copy(c, fd);
		if (dup >= 0) {
			char b;
			if (recv(dup, &b, 1, MSG_DONTWAIT) >= 0)
				s->token = false;
			close(dup);
		}
	}
}

int nlsock_read_addr(struct vcall *c, uint64_t addr, uint64_t len, struct sockaddr_nl *out)
{
	memset(out, 0, sizeof(*out));
	if (len < sizeof(*out))
		return -EINVAL;
	ssize_t n = vcall_read(c, out, addr, sizeof(*out));
	if (n < 0)
		return (int)n;
	return out->nl_family == AF_NETLINK ? 0 : -EINVAL;
}

static void nl_bind(struct vcall *c, struct vfd_obj *v)
{
	struct nlsock *s = v->obj;
	struct sockaddr_nl a;
	int rc = nlsock_read_addr(c, c->args[1], c->args[2], &a);
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
	nlsock_autobind(s);
	s->groups = (s->groups & ~0xffffffffull) | a.nl_groups;
	vcall_reply_value(c, 0);
}

static void nl_connect(struct vcall *c, struct vfd_obj *v)
{
	struct nlsock *s = v->obj;
	struct sockaddr_nl a;
	sa_family_t fam = 0;
	if (c->args[2] >= sizeof(fam) && vcall_read(c, &fam, c->args[1], sizeof(fam)) == sizeof(fam) &&
	    fam == AF_UNSPEC) {
		s->dst_portid = s->dst_group = 0;
		vcall_reply_value(c, 0);
		return;
	}
	int rc = nlsock_read_addr(c, c->args[1], c->args[2], &a);
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return;
	}
	nlsock_autobind(s);
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

static void nl_getsockname(struct vcall *c, struct vfd_obj *v)
{
	struct nlsock *s = v->obj;
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_pid = s->bound ? s->portid : 0,
				 .nl_groups = (uint32_t)s->groups };
	reply_name(c, &a);
}

static void nl_getpeername(struct vcall *c, struct vfd_obj *v)
{
	struct nlsock *s = v->obj;
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
		int f = openat(sandbox_procfs(), path, O_RDONLY | O_CLOEXEC);
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

static bool is_timeo(int opt)
{
	return opt == SO_RCVTIMEO_OLD || opt == SO_RCVTIMEO_NEW || opt == SO_SNDTIMEO_OLD ||
	       opt == SO_SNDTIMEO_NEW;
}

/* sock_set_timeout: a struct timeval (both forms are two 64-bit fields on
 * x86_64); usec out of range is EDOM, a negative time none, zero none. */
static int set_timeout(struct vcall *c, uint64_t optlen, uint64_t *us)
{
	struct { int64_t sec, usec; } tv;
	if (optlen < sizeof(tv))
		return -EINVAL;
	if (vcall_read(c, &tv, c->args[3], sizeof(tv)) < 0)
		return -EFAULT;
	if (tv.usec < 0 || tv.usec >= 1000000)
		return -EDOM;
	if (tv.sec < 0 || (tv.sec == 0 && tv.usec == 0) || tv.sec > (int64_t)(UINT64_MAX / 2000000))
		*us = 0;
	else
		*us = (uint64_t)tv.sec * 1000000u + (uint64_t)tv.usec;
	return 0;
}

static void get_timeout(struct vcall *c, uint64_t us)
{
	struct { int64_t sec, usec; } tv = { (int64_t)(us / 1000000u), (int64_t)(us % 1000000u) };
	int len;
	if (vcall_read(c, &len, c->args[4], sizeof(len)) < 0) {
		vcall_reply_errno(c, EFAULT);
		return;
	}
	if (len < 0) {
		vcall_reply_errno(c, EINVAL);
		return;
	}
	int n = len < (int)sizeof(tv) ? len : (int)sizeof(tv);
	if (vcall_write(c, c->args[3], &tv, (size_t)n) < 0 || vcall_write(c, c->args[4], &n, sizeof(n)) < 0)
		vcall_reply_errno(c, EFAULT);
	else
		vcall_reply_value(c, 0);
}

static void nl_setsockopt(struct vcall *c, struct vfd_obj *v)
{
	struct nlsock *s = v->obj;
	int level = (int)c->args[1], opt = (int)c->args[2];
	uint64_t optlen = (uint32_t)c->args[4];
	int val = 0;
	if (optlen >= sizeof(int) && vcall_read(c, &val, c->args[3], sizeof(val)) < 0) {
		vcall_reply_errno(c, EFAULT);
		return;
	}
	if (level == SOL_SOCKET && is_timeo(opt)) {
		int rc = set_timeout(c, optlen, opt == SO_RCVTIMEO_OLD || opt == SO_RCVTIMEO_NEW ? &s->rcvtimeo_us
												 : &s->sndtimeo_us);
		if (rc < 0)
			vcall_reply_errno(c, -rc);
		else
			vcall_reply_value(c, 0);
		return;
	}
	if (level == SOL_SOCKET) {
		if (optlen < sizeof(int)) {
			vcall_reply_errno(c, EINVAL);
			return;
		}
		bool force = opt == SO_RCVBUFFORCE || opt == SO_SNDBUFFORCE;
		if (force && !vcall_capable(c, CAP_NET_ADMIN)) {
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
		nlsock_autobind(s);
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

static void nl_getsockopt(struct vcall *c, struct vfd_obj *v)
{
	struct nlsock *s = v->obj;
	int level = (int)c->args[1], opt = (int)c->args[2];
	if (level == SOL_SOCKET && is_timeo(opt)) {
		get_timeout(c, opt == SO_RCVTIMEO_OLD || opt == SO_RCVTIMEO_NEW ? s->rcvtimeo_us : s->sndtimeo_us);
		return;
	}
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

/* What Linux's netlink_ops leave to sock_no_*: EOPNOTSUPP. */
static void nl_unsupported(struct vcall *c, struct vfd_obj *v)
{
	(void)v;
	vcall_reply_errno(c, EOPNOTSUPP);
}

VFD_OPS(nlsock_vfd_ops, "netlink",
	{ SYS_bind, nl_bind }, { SYS_connect, nl_connect },
	{ SYS_getsockname, nl_getsockname }, { SYS_getpeername, nl_getpeername },
	{ SYS_setsockopt, nl_setsockopt }, { SYS_getsockopt, nl_getsockopt },
	{ SYS_sendto, nl_sendto }, { SYS_sendmsg, nl_sendmsg }, { SYS_sendmmsg, nl_sendmmsg },
	{ SYS_write, nl_write }, { SYS_writev, nl_writev },
	{ SYS_recvfrom, nl_recvfrom }, { SYS_recvmsg, nl_recvmsg }, { SYS_recvmmsg, nl_recvmmsg },
	{ SYS_read, nl_read }, { SYS_readv, nl_readv },
	{ SYS_listen, nl_unsupported }, { SYS_accept, nl_unsupported }, { SYS_accept4, nl_unsupported },
	{ SYS_shutdown, nl_unsupported });
