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
#include "sandbox_ctx.h"
#include "served.h"
#include "sysctl_fd.h"
#include "vfd.h"


static struct buf scratch;

/* test_perm (fs/proc/proc_sysctl.c): root uses the owner bits, the root
 * group the group bits. net_ctl_permissions gives a holder of
 * CAP_NET_ADMIN the owner's bits whatever its uid. */
static bool permitted(const struct sandbox *sb, const struct task_creds *cr, const struct proc_entry *e,
		      unsigned want)
{
	unsigned mode = e->mode;
	if (e->cap == CAP_NET_ADMIN && sandbox_capable(sb, CAP_NET_ADMIN))
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
	    (!permitted(c->sandbox, &cr, n->e, (acc != O_WRONLY ? 4 : 0) | (wr ? 2 : 0)) ||
	     (wr && !vcall_capable(c, n->e->cap)))) {
		vcall_reply_errno(c, EACCES);
		return;
	}
	if (acc == O_WRONLY && !(flags & O_PATH)) {
		int fd = sysctl_sock_open(c->sandbox, n, flags);
		int newfd = fd < 0 ? fd : vcall_free_fd_from(c, vfd_base());
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
		rc = newfd = vcall_free_fd_from(c, vfd_base());
	if (rc < 0) {
		if (fd >= 0)
			close(fd);
		vcall_reply_errno(c, -rc);
		return;
	}
	vcall_reply_fd(c, fd, newfd, flags & O_CLOEXEC);
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

ssize_t sysctl_gather(struct vcall *c, bool vector, char *out)
{
	if (!vector) {
		size_t len = c->args[2] < SYSCTL_MAX_WRITE ? c->args[2] : SYSCTL_MAX_WRITE;
		return len ? vcall_read(c, out, c->args[1], len) : 0;
	}
	struct iovec *iov;
	size_t total, len = 0;
	int rc = copyin_iovec(c, c->args[1], c->args[2], &iov, &total);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < c->args[2] && len < SYSCTL_MAX_WRITE; i++) {
		size_t k = iov[i].iov_len < SYSCTL_MAX_WRITE - len ? iov[i].iov_len : SYSCTL_MAX_WRITE - len;
		if (k && vcall_read(c, out + len, (uint64_t)(uintptr_t)iov[i].iov_base, k) < 0) {
			free(iov);
			return -EFAULT;
		}
		len += k;
	}
	free(iov);
	return (ssize_t)len;
}

static char data[SYSCTL_MAX_WRITE];

/* One write call on a sysctl file opened read-write (VFD_SYSCTL_FILE):
 * parsed and applied at the open file's position, then rendered again
 * into it, so reads through it see the change. */
static void file_write(struct vcall *c, struct vfd_obj *v, bool vector, bool positional)
{
	const struct vnode *n = &v->node;
	int f = v->file;
	int64_t rc;
	int fl = fcntl(f, F_GETFL);
	int64_t pos = positional ? (int64_t)c->args[3] : lseek(f, 0, SEEK_CUR);
	ssize_t len;
	if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY)
		rc = -EBADF;
	else if (pos < 0)
		rc = -EINVAL;
	else if ((len = sysctl_gather(c, vector, data)) < 0)
		rc = len;
	else {
		/* the model's capability at the moment of the write, not only
		 * at the open */
		struct proc_ctx ctx = { .pid = vcall_pid(c), .tid = c->tid, .arg = n->e->arg, .dev = n->dev,
					.ev = nl_mcast_events() };
		rc = vcall_capable(c, n->e->cap)
			     ? n->e->put(&c->sandbox->model, &ctx, data, (size_t)len, pos) : -EACCES;
	}
	if (rc >= 0) {
		if (!positional)
			lseek(f, pos + rc, SEEK_SET);
		refresh(c, n, f);
	}
	vcall_reply_value(c, rc);
}

static void file_write1(struct vcall *c, struct vfd_obj *v) { file_write(c, v, false, false); }
static void file_pwrite64(struct vcall *c, struct vfd_obj *v) { file_write(c, v, false, true); }
static void file_writev(struct vcall *c, struct vfd_obj *v) { file_write(c, v, true, false); }
static void file_pwritev(struct vcall *c, struct vfd_obj *v) { file_write(c, v, true, true); }

/* pwritev2 with offset -1 writes at the file position */
static void file_pwritev2(struct vcall *c, struct vfd_obj *v)
{
	file_write(c, v, true, (int64_t)c->args[3] != -1);
}

/* A read from the start renders afresh (a failing file fails); the read
 * itself runs natively on the file. */
static void file_read(struct vcall *c, struct vfd_obj *v)
{
	int err = 0;
	if (lseek(v->file, 0, SEEK_CUR) == 0)
		err = refresh(c, &v->node, v->file);
	if (err)
		vcall_reply_errno(c, err);
	else
		vcall_reply_continue(c);
}

VFD_OPS(sysctl_file_vfd_ops, "sysctl file",
	{ SYS_write, file_write1 }, { SYS_pwrite64, file_pwrite64 }, { SYS_writev, file_writev },
	{ SYS_pwritev, file_pwritev }, { SYS_pwritev2, file_pwritev2 },
	{ SYS_read, file_read }, { SYS_readv, file_read });
