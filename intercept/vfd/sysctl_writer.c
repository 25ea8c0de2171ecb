/* Sysctl files opened write-only: the program gets one end of an AF_UNIX
 * SOCK_SEQPACKET pair at or above VFD_BASE. A write() there is trapped and
 * answered at once (the value applied, or EINVAL as Linux says). But a
 * shell's `echo 1 > file` writes through a dup at fd 1, which no filter
 * sees: that write lands in the pair as one datagram, and is applied
 * before the supervisor handles any further call (sysctl_sock_drain from
 * dispatch), so whatever the program does next sees the change; only its
 * error, if any, is lost. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "loop.h"
#include "nlsock.h"
#include "sandbox_ctx.h"
#include "sysctl_fd.h"
#include "vfd.h"

struct writer {
	int peer;                /* ours */
	struct sandbox *sb;      /* the model it writes to */
	struct vnode node;
	int64_t pos;             /* the file position a procfs file would have */
};

static struct writer **ws;
static size_t nws;

static int64_t apply(struct writer *w, const char *buf, size_t len, pid_t pid)
{
	/* the model's capability at each write, not only at the open */
	if (!sandbox_capable(w->sb, w->node.e->cap))
		return -EACCES;
	struct proc_ctx ctx = { .pid = pid, .tid = pid, .arg = w->node.e->arg, .dev = w->node.dev,
				.ev = nl_mcast_events() };
	int64_t rc = w->node.e->put(&w->sb->model, &ctx, buf, len, w->pos);
	if (rc >= 0)
		w->pos += rc;
	return rc;
}

/* Apply the writes that went past the trap. When the program has closed
 * every copy of its end (recv says 0), forget w. */
static void drain(struct writer *w)
{
	static char data[65536];
	for (;;) {
		ssize_t n = recv(w->peer, data, sizeof(data), MSG_DONTWAIT);
		if (n < 0)
			return;
		if (n == 0) {
			/* an empty write, or the end: only the end hangs up */
			struct pollfd p = { .fd = w->peer, .events = POLLIN | POLLRDHUP };
			if (poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLRDHUP)))
				break;
		}
		apply(w, data, (size_t)n, 0);
	}
	for (size_t i = 0; i < nws; i++)
		if (ws[i] == w) {
			ws[i] = ws[--nws];
			break;
		}
	vfd_forget(w);
	loop_unwatch(w->peer);
	close(w->peer);
	free(w);
}

static void on_event(void *arg, uint32_t events)
{
	(void)events;
	drain(arg);
}

void sysctl_sock_drain(void)
{
	for (size_t i = nws; i-- > 0;)   /* backwards: drain may remove ws[i] */
		drain(ws[i]);
}

int sysctl_sock_open(struct sandbox *sb, const struct vnode *n, int flags)
{
	int pair[2];
	int nb = (flags & O_NONBLOCK) ? SOCK_NONBLOCK : 0;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | nb, 0, pair) < 0)
		return -supervisor_errno(errno);
	struct writer *w = calloc(1, sizeof(*w));
	if (!w)
		abort();
	int rc = vfd_register(pair[0], VFD_SYSCTL_WRITER, w);
	if (rc < 0) {
		close(pair[0]);
		close(pair[1]);
		free(w);
		return rc;
	}
	w->peer = pair[1];
	w->sb = sb;
	w->node = *n;
	struct writer **p = realloc(ws, (nws + 1) * sizeof(*ws));
	if (!p)
		abort();
	ws = p;
	ws[nws++] = w;
	loop_watch(w->peer, EPOLLIN | EPOLLHUP | EPOLLERR, on_event, w);
	return pair[0];
}

/* --- the operations of a write-only sysctl fd (VFD_SYSCTL_WRITER) ---- */

static char wbuf[SYSCTL_MAX_WRITE];

static void writer_write(struct vcall *c, struct vfd_obj *v, bool vector)
{
	ssize_t len = sysctl_gather(c, vector, wbuf);
	vcall_reply_value(c, len < 0 ? len : apply(v->obj, wbuf, (size_t)len, vcall_pid(c)));
}

static void writer_write1(struct vcall *c, struct vfd_obj *v) { writer_write(c, v, false); }
static void writer_writev(struct vcall *c, struct vfd_obj *v) { writer_write(c, v, true); }

/* Positioned writes: the stand-in is a socket (ESPIPE); pwritev2 at
 * offset -1 writes at the position, as writev. */
static void writer_pwrite(struct vcall *c, struct vfd_obj *v)
{
	(void)v;
	vcall_reply_errno(c, ESPIPE);
}

static void writer_pwritev2(struct vcall *c, struct vfd_obj *v)
{
	if ((int64_t)c->args[3] == -1)
		writer_write(c, v, true);
	else
		vcall_reply_errno(c, ESPIPE);
}

/* Opened write-only: reading is EBADF, as on any such fd. */
static void writer_read(struct vcall *c, struct vfd_obj *v)
{
	(void)v;
	vcall_reply_errno(c, EBADF);
}

/* A file, not a socket, to the program. */
static void writer_not_socket(struct vcall *c, struct vfd_obj *v)
{
	(void)v;
	vcall_reply_errno(c, ENOTSOCK);
}

VFD_OPS(sysctl_writer_vfd_ops, "sysctl writer",
	{ SYS_write, writer_write1 }, { SYS_writev, writer_writev },
	{ SYS_pwrite64, writer_pwrite }, { SYS_pwritev, writer_pwrite }, { SYS_pwritev2, writer_pwritev2 },
	{ SYS_read, writer_read }, { SYS_readv, writer_read },
	{ SYS_bind, writer_not_socket }, { SYS_connect, writer_not_socket },
	{ SYS_getsockname, writer_not_socket }, { SYS_getpeername, writer_not_socket },
	{ SYS_setsockopt, writer_not_socket }, { SYS_getsockopt, writer_not_socket },
	{ SYS_sendto, writer_not_socket }, { SYS_sendmsg, writer_not_socket },
	{ SYS_sendmmsg, writer_not_socket }, { SYS_recvfrom, writer_not_socket },
	{ SYS_recvmsg, writer_not_socket }, { SYS_recvmmsg, writer_not_socket },
	{ SYS_listen, writer_not_socket }, { SYS_accept, writer_not_socket },
	{ SYS_accept4, writer_not_socket }, { SYS_shutdown, writer_not_socket });
