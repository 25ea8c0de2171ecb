/* Opening, writing and reading the sysctl files of the model. See
 * sysctl_fd.h. */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "copyin.h"
#include "creds.h"
#include "handlers.h"
#include "nlsock.h"
#include "served.h"
#include "supervisor.h"
#include "sysctl_fd.h"

/* A write is parsed from at most this much; sysctl values are short. */
#define MAX_WRITE 65536

static struct buf scratch;

/* test_perm (fs/proc/proc_sysctl.c): root uses the owner bits, the root
 * group the group bits. net_ctl_permissions gives a holder of
 * CAP_NET_ADMIN the owner's bits whatever its uid. */
static bool permitted(const struct task_creds *cr, const struct proc_entry *e, unsigned want)
{
	unsigned mode = e->mode;
	if (e->cap == CAP_NET_ADMIN && sv_has_cap(CAP_NET_ADMIN))
		mode = ((mode >> 6) & 7) * 0111;
	bool root_group = cr->egid == 0;
	for (int i = 0; i < cr->ngroups; i++)
		root_group |= cr->groups[i] == 0;
	unsigned bits = cr->euid == 0 ? mode >> 6 : root_group ? mode >> 3 : mode;
	return (want & ~bits & 7) == 0;
}

void sysctl_open(struct vcall *c, const struct vnode *n, int flags)
{
	int acc = flags & O_ACCMODE;
	bool wr = acc == O_WRONLY || acc == O_RDWR;
	struct task_creds cr;
	int rc = creds_of(c->tid, &cr);
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return;
	}
	if (!(flags & O_PATH) &&
	    (!permitted(&cr, n->e, (acc != O_WRONLY ? 4 : 0) | (wr ? 2 : 0)) ||
	     (wr && !sv_has_cap(n->e->cap)))) {
		vcall_reply_errno(c, EACCES);
		return;
	}
	if (acc == O_WRONLY && !(flags & O_PATH)) {
		int fd = sysctl_sock_open(n, flags);
		int newfd = fd < 0 ? fd : vcall_free_fd_from(c, VFD_BASE);
		if (newfd < 0) {
			if (fd >= 0)
				close(fd);
			vcall_reply_errno(c, -newfd);
		} else {
			vcall_reply_fd(c, fd, newfd, flags & O_CLOEXEC);
		}
		return;
	}
	buf_reset(&scratch);
	int err = served_render(c, n, &scratch);
	/* Opened with the caller's access mode; the supervisor's
	 * CAP_DAC_OVERRIDE lets it do so whatever the file's mode. */
	int fd = served_bytes(n, err ? NULL : scratch.data, err ? 0 : scratch.len,
			      acc | (flags & (O_NONBLOCK | O_NOATIME)), n->e->mode);
	rc = fd < 0 ? fd : 0;
	int newfd = -1;
	if (rc == 0 && (wr || err) && !(flags & O_PATH))
		rc = newfd = vcall_free_fd_from(c, VFD_BASE);
	if (rc < 0) {
		if (fd >= 0)
			close(fd);
		vcall_reply_errno(c, -rc);
		return;
	}
	vcall_reply_fd(c, fd, newfd, flags & O_CLOEXEC);
}

/* The sysctl node the caller's open file f (our copy) stands for, if it
 * is one: a served file the supervisor made for a sysctl with a put. */
static bool sysctl_of(int f, struct vnode *n)
{
	struct stat st;
	return fstat(f, &st) == 0 && st.st_dev == sv.stage_dev && S_ISREG(st.st_mode) &&
	       served_node(st.st_ino, n) && n->e->kind == PK_FILE && n->e->put;
}

/* Render n again into the open file, as a later read would see it. */
static int refresh(struct vcall *c, const struct vnode *n, int f)
{
	buf_reset(&scratch);
	int err = served_render(c, n, &scratch);
	if (ftruncate(f, 0) == 0 && !err && scratch.len &&
	    pwrite(f, scratch.data, scratch.len, 0) != (ssize_t)scratch.len)
		err = EIO;
	return err;
}

/* The bytes of a write call, at most MAX_WRITE of them. */
static ssize_t gather(struct vcall *c, bool vector, char *out)
{
	if (!vector) {
		size_t len = c->args[2] < MAX_WRITE ? c->args[2] : MAX_WRITE;
		return len ? vcall_read(c, out, c->args[1], len) : 0;
	}
	struct iovec *iov;
	size_t total, len = 0;
	int rc = copyin_iovec(c, c->args[1], c->args[2], &iov, &total);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < c->args[2] && len < MAX_WRITE; i++) {
		size_t k = iov[i].iov_len < MAX_WRITE - len ? iov[i].iov_len : MAX_WRITE - len;
		if (k && vcall_read(c, out + len, (uint64_t)(uintptr_t)iov[i].iov_base, k) < 0) {
			free(iov);
			return -EFAULT;
		}
		len += k;
	}
	free(iov);
	return (ssize_t)len;
}

static char data[MAX_WRITE];

/* A write call on a write-only sysctl fd (a socket of sysctl_sock.c) */
static bool sock_write(struct vcall *c, bool vector, bool positional)
{
	struct writer *w = sysctl_sock_of(c, (int)c->args[0]);
	if (!w)
		return false;
	ssize_t len = positional ? -ESPIPE : gather(c, vector, data);
	vcall_reply_value(c, len < 0 ? len : sysctl_sock_write(c, w, data, (size_t)len));
	return true;
}

/* One write call on a sysctl fd: false if fd is not one. */
static bool sysctl_write(struct vcall *c, bool vector, bool positional)
{
	struct vnode n;
	int fd = (int)c->args[0];
	if (sock_write(c, vector, positional))
		return true;
	if (fd < VFD_BASE)
		return false;
	int f = vcall_fd_copy(c, fd);
	if (f < 0)
		return false;
	if (!sysctl_of(f, &n)) {
		close(f);
		return false;
	}
	int64_t rc;
	int fl = fcntl(f, F_GETFL);
	int64_t pos = positional ? (int64_t)c->args[3] : lseek(f, 0, SEEK_CUR);
	ssize_t len;
	if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY)
		rc = -EBADF;
	else if (pos < 0)
		rc = -EINVAL;
	else if ((len = gather(c, vector, data)) < 0)
		rc = len;
	else {
		/* the model's capability at the moment of the write, not only
		 * at the open */
		struct proc_ctx ctx = { .pid = vcall_pid(c), .tid = c->tid, .arg = n.e->arg, .dev = n.dev };
		rc = sv_has_cap(n.e->cap) ? n.e->put(&sv.model, &ctx, data, (size_t)len, pos) : -EACCES;
	}
	if (rc >= 0) {
		if (!positional)
			lseek(f, pos + rc, SEEK_SET);
		refresh(c, &n, f);
	}
	close(f);
	vcall_reply_value(c, rc);
	return true;
}

void h_vfd_write(struct vcall *c)
{
	if (!sysctl_write(c, false, false))
		h_nl_write(c);
}

void h_vfd_pwrite64(struct vcall *c)
{
	if (!sysctl_write(c, false, true))
		vcall_reply_continue(c);
}

void h_vfd_writev(struct vcall *c)
{
	if (!sysctl_write(c, true, false))
		vcall_reply_continue(c);
}

void h_vfd_pwritev(struct vcall *c)
{
	if (!sysctl_write(c, true, true))
		vcall_reply_continue(c);
}

/* pwritev2 with offset -1 writes at the file position */
void h_vfd_pwritev2(struct vcall *c)
{
	if (!sysctl_write(c, true, (int64_t)c->args[3] != -1))
		vcall_reply_continue(c);
}

/* A read from the start renders afresh (a failing file fails); the read
 * itself runs natively on the memfd. */
void h_vfd_read(struct vcall *c)
{
	struct vnode n;
	int fd = (int)c->args[0];
	int f = fd >= VFD_BASE ? vcall_fd_copy(c, fd) : -1;
	if (f < 0 || !sysctl_of(f, &n)) {
		if (f >= 0)
			close(f);
		h_nl_read(c);
		return;
	}
	int err = 0;
	if (lseek(f, 0, SEEK_CUR) == 0)
		err = refresh(c, &n, f);
	close(f);
	if (err)
		vcall_reply_errno(c, err);
	else
		vcall_reply_continue(c);
}
