/* Sending requests to the model through the netlink stand-ins (nlsock.h),
 * and receiving its answers: recv, recvfrom, recvmsg and read emulated
 * datagram by datagram, blocking readers parked until messages come. */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "copyin.h"
#include "handlers.h"
#include "live_socks.h"
#include "loop.h"
#include "netlink/genl.h"
#include "netlink/nl_handler.h"
#include "netlink/sock_diag.h"
#include "nlsock.h"
#include "sandbox_ctx.h"
#include "sandbox_facts.h"
#include "netns_cover.h"
#include "sandbox_procfs.h"
#include "vlog.h"

#define MAX_SEND (1u << 20)

/* A single buffer's length, as rw_verify_area and import_ubuf bound it. */
static size_t clamp_len(uint64_t len)
{
	return len > VN_MAX_RW_COUNT ? VN_MAX_RW_COUNT : (size_t)len;
}

/* --- sending ------------------------------------------------------------ */

static uint32_t caller_uid(struct vcall *c)
{
	char p[32];
	struct stat st;
	snprintf(p, sizeof(p), "%d", c->tid);
	return fstatat(sandbox_procfs(), p, &st, 0) == 0 ? st.st_uid : 0;
}

static void complete_parked(struct nlsock *s);

/* NETNSA_FD: which of the model's /run/netns names the caller's fd is
 * (netns_cover.h), judged from our own copy of it. */
static int netns_of_fd(void *arg, int fd)
{
	int ours = vcall_fd_copy(arg, fd);
	if (ours < 0)
		return -EBADF;
	struct stat st;
	struct statfs sf;
	int k = -EINVAL;
	if (fstat(ours, &st) == 0) {
		k = netns_cover_index(st.st_dev, st.st_ino);
		if (k < 0 && (fstatfs(ours, &sf) < 0 || sf.f_type != NSFS_MAGIC))
			k = -EINVAL;   /* get_net_ns_by_fd: no namespace */
	}
	close(ours);
	return k;
}

/* A request reached "the kernel": hand it to the protocol. */
static void deliver(struct vcall *c, int fd, struct nlsock *s, const void *data, size_t len)
{
	nlsock_autobind(s);
	struct nl_ctx ctx = {
		.model = &c->sandbox->model,
		.portid = s->portid,
		.uid = caller_uid(c),
		.strict_chk = s->strict_chk,
		.ext_ack = s->ext_ack,
		.cap_ack = s->cap_ack,
		.cap_net_admin = vcall_capable(c, CAP_NET_ADMIN),
		.now_cs = sandbox_uptime_cs(),
		.netns_of_fd = netns_of_fd,
		.netns_arg = c,
	};
	if (s->protocol == NETLINK_SOCK_DIAG) {
		live_socks_refresh(&c->sandbox->model);
		sock_diag_rcv(&ctx, data, len, &s->out);
	} else if (s->protocol == NETLINK_GENERIC) {
		genl_rcv(&ctx, data, len, &s->out);
	} else {
		struct nl_mcast mc;
		nl_mcast_init(&mc, s);
		ctx.mcast = &mc;
		rtnl_rcv(&ctx, data, len, &s->out);
		nl_mcast_flush(s);
	}
	nlsock_token_sync(c, fd, s);
	complete_parked(s);
}

/* The destination must be the kernel (port 0); another socket of the
 * sandbox is not reachable through the model. */
static int check_dest(struct vcall *c, uint64_t addr, uint64_t alen)
{
	if (!addr)
		return 0;
	struct sockaddr_nl a;
	int rc = nlsock_read_addr(c, addr, alen, &a);
	if (rc < 0)
		return rc;
	return a.nl_pid == 0 ? 0 : -ECONNREFUSED;
}

/* One datagram to "the kernel": its length, or -errno. iov and total come
 * from copyin_iovec: the sum is bounded and cannot wrap. */
static int64_t send_one(struct vcall *c, int fd, struct nlsock *s, const struct iovec *iov, size_t niov,
			size_t total, uint64_t addr, uint64_t alen)
{
	int rc = check_dest(c, addr, alen);
	if (rc < 0)
		return rc;
	if (total > (size_t)s->sndbuf - 32 || total > MAX_SEND)
		return -EMSGSIZE;
	char *data = malloc(total ? total : 1);
	if (!data)
		abort();
	size_t off = 0;
	for (size_t i = 0; i < niov && off < total; i++) {
		size_t n = iov[i].iov_len < total - off ? iov[i].iov_len : total - off;
		if (vcall_read(c, data + off, (uint64_t)(uintptr_t)iov[i].iov_base, n) < 0) {
			free(data);
			return -EFAULT;
		}
		off += n;
	}
	vlog_netlink(c, data, total);
	deliver(c, fd, s, data, total);
	free(data);
	return (int64_t)total;
}

void nl_sendto(struct vcall *c, struct vfd_obj *v)
{
	struct iovec iov = { (void *)(uintptr_t)c->args[1], clamp_len(c->args[2]) };
	vcall_reply_value(c, send_one(c, (int)c->args[0], v->obj, &iov, 1, iov.iov_len, c->args[4], c->args[5]));
}

void nl_write(struct vcall *c, struct vfd_obj *v)
{
	struct iovec iov = { (void *)(uintptr_t)c->args[1], clamp_len(c->args[2]) };
	vcall_reply_value(c, send_one(c, (int)c->args[0], v->obj, &iov, 1, iov.iov_len, 0, 0));
}

void nl_writev(struct vcall *c, struct vfd_obj *v)
{
	struct iovec *iov;
	size_t total;
	int rc = copyin_iovec(c, c->args[1], c->args[2], &iov, &total);
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return;
	}
	vcall_reply_value(c, send_one(c, (int)c->args[0], v->obj, iov, c->args[2], total, 0, 0));
	free(iov);
}

/* One msghdr at addr: its result. */
static int64_t send_msghdr(struct vcall *c, struct nlsock *s, uint64_t addr)
{
	struct msghdr m;
	struct iovec *iov;
	size_t total;
	int rc = copyin_msghdr(c, addr, &m, &iov, &total);
	if (rc < 0)
		return rc;
	int64_t n = send_one(c, (int)c->args[0], s, iov, m.msg_iovlen, total,
			     (uint64_t)(uintptr_t)m.msg_name, m.msg_namelen);
	free(iov);
	return n;
}

void nl_sendmsg(struct vcall *c, struct vfd_obj *v)
{
	vcall_reply_value(c, send_msghdr(c, v->obj, c->args[1]));
}

/* __sys_sendmmsg: vlen capped at UIO_MAXIOV; each message's msg_len is
 * written; the count sent, or the first message's error. */
void nl_sendmmsg(struct vcall *c, struct vfd_obj *v)
{
	uint64_t vlen = c->args[2] > UIO_MAXIOV ? UIO_MAXIOV : c->args[2];
	int64_t sent = 0, rc = 0;
	for (uint64_t i = 0; i < vlen; i++) {
		uint64_t at = c->args[1] + i * sizeof(struct mmsghdr);
		rc = send_msghdr(c, v->obj, at);
		if (rc < 0)
			break;
		unsigned len = (unsigned)rc;
		if (vcall_write(c, at + offsetof(struct mmsghdr, msg_len), &len, sizeof(len)) < 0) {
			rc = -EFAULT;
			break;
		}
		sent++;
	}
	vcall_reply_value(c, sent ? sent : rc);
}

/* --- receiving ---------------------------------------------------------- */

enum recv_kind { RECV_READ, RECV_READV, RECV_FROM, RECV_MSG, RECV_MMSG };

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
	/* the open file's own flags, through our copy of it */
	int f = vcall_fd_copy(c, fd);
	if (f < 0)
		return false;
	int fl = fcntl(f, F_GETFL);
	close(f);
	return fl >= 0 && (fl & O_NONBLOCK);
}

#define RECV_WAIT INT64_MIN   /* nothing queued, and the call may block */

/* One datagram into iov (cap bytes in all): its length (the full length
 * under MSG_TRUNC), -errno, or RECV_WAIT. *from and *out_flags for the
 * caller to report. */
static int64_t recv_one(struct vcall *c, int fd, struct nlsock *s, const struct iovec *iov, size_t niov,
			size_t cap, int flags, bool nonblock, struct sockaddr_nl *from, int *out_flags)
{
	uint32_t off, len, groups;
	if (s->overrun && !(flags & MSG_PEEK)) {
		/* netlink_recvmsg reports a lost notification once */
		s->overrun = false;
		return -ENOBUFS;
	}
	if (!head_dgram(s, &off, &len, &groups))
		return nonblock || is_nonblocking(c, fd, flags) ? -EAGAIN : RECV_WAIT;
	if (s->max_recvmsg_len < cap)
		s->max_recvmsg_len = cap;
	const char *data = s->out.data.data + off;
	size_t done = 0;
	for (size_t i = 0; i < niov && done < len; i++) {
		size_t n = iov[i].iov_len < len - done ? iov[i].iov_len : len - done;
		if (vcall_write(c, (uint64_t)(uintptr_t)iov[i].iov_base, data + done, n) < 0)
			return -EFAULT;
		done += n;
	}
	*from = (struct sockaddr_nl){ .nl_family = AF_NETLINK, .nl_groups = groups };
	*out_flags = len > cap ? MSG_TRUNC : 0;
	if (!(flags & MSG_PEEK)) {
		nl_out_pop(&s->out, s->head_marks);
		s->head_marks = 0;
		nlsock_token_sync(c, fd, s);
	}
	return (flags & MSG_TRUNC) ? (int64_t)len : (int64_t)(len < cap ? len : cap);
}

/* What recvmsg reports in the caller's msghdr at ha. */
static void put_msghdr(struct vcall *c, uint64_t ha, const struct msghdr *m, const struct sockaddr_nl *from,
		       int out_flags)
{
	if (m->msg_name) {
		size_t n = m->msg_namelen < sizeof(*from) ? m->msg_namelen : sizeof(*from);
		vcall_write(c, (uint64_t)(uintptr_t)m->msg_name, from, n);
		socklen_t nl = sizeof(*from);
		vcall_write(c, ha + offsetof(struct msghdr, msg_namelen), &nl, sizeof(nl));
	}
	size_t zero = 0;
	vcall_write(c, ha + offsetof(struct msghdr, msg_controllen), &zero, sizeof(zero));
	vcall_write(c, ha + offsetof(struct msghdr, msg_flags), &out_flags, sizeof(out_flags));
}

/* recvmmsg: the datagrams queued, up to vlen (capped at UIO_MAXIOV), each
 * msghdr filled and its msg_len written; it waits for the first only, as
 * under MSG_WAITFORONE (Linux without it waits for vlen or the timeout:
 * docs/design.md). */
static int64_t recv_mmsg(struct vcall *c, int fd, struct nlsock *s)
{
	uint64_t vlen = c->args[2] > UIO_MAXIOV ? UIO_MAXIOV : c->args[2];
	int flags = (int)c->args[3];
	int64_t got = 0, rc = 0;
	for (uint64_t i = 0; i < vlen; i++) {
		uint64_t at = c->args[1] + i * sizeof(struct mmsghdr);
		struct msghdr m;
		struct iovec *iov;
		size_t cap;
		rc = copyin_msghdr(c, at, &m, &iov, &cap);
		if (rc < 0)
			break;
		struct sockaddr_nl from;
		int out_flags;
		rc = recv_one(c, fd, s, iov, m.msg_iovlen, cap, flags, got > 0, &from, &out_flags);
		free(iov);
		if (rc < 0)
			break;
		put_msghdr(c, at, &m, &from, out_flags);
		unsigned len = (unsigned)rc;
		if (vcall_write(c, at + offsetof(struct mmsghdr, msg_len), &len, sizeof(len)) < 0) {
			rc = -EFAULT;
			break;
		}
		got++;
	}
	return got ? got : rc;
}

/* Returns true when answered, false when the caller must wait. */
static bool do_recv(struct vcall *c, enum recv_kind kind, int fd, struct nlsock *s)
{
	int flags = kind == RECV_FROM ? (int)c->args[3] : kind == RECV_MSG ? (int)c->args[2] : 0;
	struct msghdr m = { 0 };
	struct iovec one, *iov = &one;
	size_t niov = 1, cap = 0;
	int64_t rc = 0;
	if (kind == RECV_MMSG) {
		rc = recv_mmsg(c, fd, s);
		if (rc == RECV_WAIT)
			return false;
		vcall_reply_value(c, rc);
		return true;
	}
	if (kind == RECV_MSG) {
		rc = copyin_msghdr(c, c->args[1], &m, &iov, &cap);
		niov = m.msg_iovlen;
	} else if (kind == RECV_READV) {
		rc = copyin_iovec(c, c->args[1], c->args[2], &iov, &cap);
		niov = c->args[2];
	} else {
		one.iov_base = (void *)(uintptr_t)c->args[1];
		one.iov_len = clamp_len(c->args[2]);
		cap = one.iov_len;
	}
	if (rc < 0) {
		vcall_reply_errno(c, (int)-rc);
		return true;
	}
	struct sockaddr_nl from;
	int out_flags = 0;
	rc = recv_one(c, fd, s, iov, niov, cap, flags, false, &from, &out_flags);
	if (iov != &one)
		free(iov);
	if (rc == RECV_WAIT)
		return false;
	if (rc >= 0 && kind == RECV_MSG) {
		put_msghdr(c, c->args[1], &m, &from, out_flags);
	} else if (rc >= 0 && kind == RECV_FROM && c->args[4] && c->args[5]) {
		socklen_t alen;
		if (vcall_read(c, &alen, c->args[5], sizeof(alen)) == sizeof(alen)) {
			size_t n = alen < sizeof(from) ? alen : sizeof(from);
			vcall_write(c, c->args[4], &from, n);
			alen = sizeof(from);
			vcall_write(c, c->args[5], &alen, sizeof(alen));
		}
	}
	vcall_reply_value(c, rc);
	return true;
}

/* --- SO_RCVTIMEO: a blocked reader gets EAGAIN when its time is up ---- */

static int timeouts = -1;   /* timerfd, armed for the earliest deadline */

static uint64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void on_timeouts(void *arg, uint32_t events);

static void arm_timeouts(void)
{
	if (timeouts < 0) {
		timeouts = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
		if (timeouts >= 0 && loop_watch(timeouts, EPOLLIN, on_timeouts, NULL) < 0) {
			close(timeouts);
			timeouts = -1;
		}
		if (timeouts < 0)
			return;   /* no fd left: reads wait without their timeout */
	}
	uint64_t first = 0;
	const struct nlsock *s;
	for (size_t i = 0; (s = nlsock_at(i)); i++)
		for (size_t k = 0; k < s->nparked; k++)
			if (s->parked[k].deadline_ns && (!first || s->parked[k].deadline_ns < first))
				first = s->parked[k].deadline_ns;
	struct itimerspec t = { { 0, 0 }, { 0, 0 } };
	if (first) {
		t.it_value.tv_sec = (time_t)(first / 1000000000u);
		t.it_value.tv_nsec = (long)(first % 1000000000u);
	}
	timerfd_settime(timeouts, TFD_TIMER_ABSTIME, &t, NULL);
}

static void on_timeouts(void *arg, uint32_t events)
{
	(void)arg;
	(void)events;
	uint64_t n, now = now_ns();
	if (read(timeouts, &n, sizeof(n)) < 0) {
		/* not expired */
	}
	struct nlsock *s;
	for (size_t i = 0; (s = nlsock_at(i)); i++)
		for (size_t k = 0; k < s->nparked;) {
			struct nl_parked *p = &s->parked[k];
			if (!p->deadline_ns || p->deadline_ns > now) {
				k++;
				continue;
			}
			struct vcall c = p->c;
			memmove(p, p + 1, (s->nparked - k - 1) * sizeof(*p));
			s->nparked--;
			if (c.be->ops->valid(&c)) {
				vcall_reply_errno(&c, EAGAIN);
				vcall_respond(&c);
			}
		}
	arm_timeouts();
}

static void recv_or_park(struct vcall *c, struct nlsock *s, enum recv_kind kind)
{
	int fd = (int)c->args[0];
	if (do_recv(c, kind, fd, s))
		return;
	struct nl_parked *p = realloc(s->parked, (s->nparked + 1) * sizeof(*p));
	if (!p)
		abort();
	s->parked = p;
	s->parked[s->nparked++] = (struct nl_parked){
		*c, s->rcvtimeo_us ? now_ns() + s->rcvtimeo_us * 1000 : 0
	};
	if (s->rcvtimeo_us)
		arm_timeouts();
	vcall_park(c);
}

void nl_recvfrom(struct vcall *c, struct vfd_obj *v) { recv_or_park(c, v->obj, RECV_FROM); }
void nl_recvmsg(struct vcall *c, struct vfd_obj *v) { recv_or_park(c, v->obj, RECV_MSG); }
void nl_recvmmsg(struct vcall *c, struct vfd_obj *v) { recv_or_park(c, v->obj, RECV_MMSG); }
void nl_read(struct vcall *c, struct vfd_obj *v) { recv_or_park(c, v->obj, RECV_READ); }
void nl_readv(struct vcall *c, struct vfd_obj *v) { recv_or_park(c, v->obj, RECV_READV); }

static enum recv_kind kind_of(const struct vcall *c)
{
	switch (c->nr) {
	case SYS_recvfrom: return RECV_FROM;
	case SYS_recvmsg: return RECV_MSG;
	case SYS_recvmmsg: return RECV_MMSG;
	case SYS_readv: return RECV_READV;
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
		struct vcall c = s->parked[0].c;
		memmove(s->parked, s->parked + 1, (s->nparked - 1) * sizeof(*s->parked));
		s->nparked--;
		if (!c.be->ops->valid(&c))
			continue;
		if (do_recv(&c, kind_of(&c), (int)c.args[0], s))
			vcall_respond(&c);
	}
}
