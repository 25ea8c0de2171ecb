/* Backend: seccomp user notification. The kernel stops the caller and hands
 * us a notification; we answer with a value, an errno, "continue natively",
 * or an fd installed with SECCOMP_IOCTL_NOTIF_ADDFD (ADDFD_FLAG_SEND makes
 * installing and answering one atomic step, so the caller cannot see the fd
 * before the call returns). */
#include "notify.h"

#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>


struct notify_priv {
	int fd;
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
};

static ssize_t notify_read_mem(struct vcall *c, void *dst, uint64_t addr, size_t len)
{
	struct iovec local = { dst, len }, remote = { (void *)(uintptr_t)addr, len };
	ssize_t n = process_vm_readv(c->tid, &local, 1, &remote, 1, 0);
	return n < 0 ? -errno : n;
}

static ssize_t notify_write_mem(struct vcall *c, uint64_t addr, const void *src, size_t len)
{
	struct iovec local = { (void *)(uintptr_t)src, len }, remote = { (void *)(uintptr_t)addr, len };
	ssize_t n = process_vm_writev(c->tid, &local, 1, &remote, 1, 0);
	return n < 0 ? -errno : n;
}

static bool notify_valid(struct vcall *c)
{
	struct notify_priv *p = c->be->priv;
	return ioctl(p->fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &c->id) == 0;
}

static int notify_respond(struct vcall *c)
{
	struct notify_priv *p = c->be->priv;
	int rc;

	if (c->reply == VR_FD) {
		struct seccomp_notif_addfd add = {
			.id = c->id,
			.flags = SECCOMP_ADDFD_FLAG_SEND |
				 (c->newfd >= 0 ? SECCOMP_ADDFD_FLAG_SETFD : 0),
			.srcfd = (uint32_t)c->fd,
			.newfd = c->newfd >= 0 ? (uint32_t)c->newfd : 0,
			.newfd_flags = c->cloexec ? O_CLOEXEC : 0,
		};
		rc = ioctl(p->fd, SECCOMP_IOCTL_NOTIF_ADDFD, &add);
		int err = errno;
		close(c->fd);
		if (rc < 0)
			return -err;
		c->value = rc;   /* the number the program got, for the log */
		return 0;
	}
	struct seccomp_notif_resp *r = p->resp;
	memset(r, 0, sizeof(*r));
	r->id = c->id;
	if (c->reply == VR_CONTINUE) {
		r->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	} else if (c->value < 0) {
		r->error = (int32_t)c->value;
	} else {
		r->val = c->value;
	}
	rc = ioctl(p->fd, SECCOMP_IOCTL_NOTIF_SEND, r);
	return rc < 0 ? -errno : 0;
}

static const struct backend_ops notify_ops = {
	.name = "notify",
	.read_mem = notify_read_mem,
	.write_mem = notify_write_mem,
	.valid = notify_valid,
	.respond = notify_respond,
};

int notify_backend_init(struct backend *be, int listener)
{
	struct seccomp_notif_sizes sizes;
	struct notify_priv *p = calloc(1, sizeof(*p));
	if (!p)
		abort();
	if (syscall(__NR_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0) {
		int e = errno;
		free(p);
		return -e;
	}
	p->fd = listener;
	p->req = calloc(1, sizes.seccomp_notif > sizeof(*p->req) ? sizes.seccomp_notif : sizeof(*p->req));
	p->resp = calloc(1, sizes.seccomp_notif_resp > sizeof(*p->resp) ? sizes.seccomp_notif_resp : sizeof(*p->resp));
	if (!p->req || !p->resp)
		abort();
	/* Wake the caller on the CPU we run on: halves the round trip
	 * (../shared/reference/limits.md). Older kernels lack it: fine. */
	(void)ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, 0);
	be->ops = &notify_ops;
	be->priv = p;
	return 0;
}

int notify_receive(struct backend *be, struct vcall *c)
{
	struct notify_priv *p = be->priv;
	memset(p->req, 0, sizeof(*p->req));
	if (ioctl(p->fd, SECCOMP_IOCTL_NOTIF_RECV, p->req) < 0)
		return -errno;
	memset(c, 0, sizeof(*c));
	c->be = be;
	c->id = p->req->id;
	c->tid = (pid_t)p->req->pid;
	c->nr = p->req->data.nr;
	for (int i = 0; i < 6; i++)
		c->args[i] = p->req->data.args[i];
	return 0;
}
