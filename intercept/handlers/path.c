/* Path system calls that read what /proc holds: the common prologue
 * (read the path once, resolve it, log it), readlink, lseek's rewind, the
 * extended attributes. A path that resolves outside /proc continues
 * natively; one that lands in the model's /proc is answered here
 * (resolve.h says why that is safe). open.c and stat.c do the rest. */
#include <errno.h>
#include <fcntl.h>
#include <linux/limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/xattr.h>

#include "creds.h"
#include "handlers.h"
#include "resolve.h"
#include "sandbox_ctx.h"
#include "sandbox_procfs.h"
#include "served.h"
#include "sys_cover.h"
#include "vlog.h"

/* Read the path argument once: everything after works on this copy. */
int path_arg_read(struct vcall *c, uint64_t addr, char *out)
{
	ssize_t n = vcall_read_str(c, out, addr, PATH_MAX);
	return n < 0 ? (int)n : 0;
}

bool path_arg_resolve(struct vcall *c, int dirfd, uint64_t addr, int rflags, char *path,
		      struct resolution *r)
{
	int rc = path_arg_read(c, addr, path);
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return false;
	}
	resolve_path(c, dirfd, path, rflags, r);
	vlog_path(c, path, r);
	if (r->kind == RES_NATIVE) {
		/* a file of /sys/fs/cgroup that shows the sandbox's use is
		 * written anew before the caller's own call reads it */
		sys_cover_opening(&c->sandbox->model, r->dev, r->ino);
		vcall_reply_continue(c);
		return false;
	}
	if (r->kind == RES_ERR) {
		vcall_reply_errno(c, r->err);
		return false;
	}
	return true;
}

/* --- readlink --------------------------------------------------------- */

/* What readlink shows for a link into a served file or directory: the /proc
 * path, not the stage file or directory behind it. */
static void translate_target(const struct vn_model *m, const char *hostpath, char *target,
			     size_t cap)
{
	int fd = openat(sandbox_procfs(), hostpath, O_PATH | O_CLOEXEC);
	struct vnode n;
	if (fd >= 0 && vnode_from_fd(m, fd, &n))
		snprintf(target, cap, "%s", n.vpath);
	if (fd >= 0)
		close(fd);
}

static void do_readlink(struct vcall *c, int dirfd, uint64_t path_addr, uint64_t buf, int64_t size)
{
	char path[PATH_MAX], target[PATH_MAX];
	int rc = path_arg_read(c, path_addr, path);
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return;
	}
	if (size <= 0) {
		vcall_reply_errno(c, EINVAL);
		return;
	}
	struct resolution r;
	resolve_path(c, dirfd, path, RSV_EMPTY_PATH, &r);
	vlog_path(c, path, &r);
	ssize_t n = -EINVAL;
	switch (r.kind) {
	case RES_NATIVE:
		vcall_reply_continue(c);
		return;
	case RES_ERR:
		vcall_reply_errno(c, r.err);
		return;
	case RES_HOST:
		n = readlinkat(r.hostfd, "", target, sizeof(target) - 1);
		n = n < 0 ? (errno == ENOENT ? -EINVAL : -errno) : n;
		close(r.hostfd);
		break;
	case RES_VIRT:
		if (r.node.e->kind == PK_LINK) {
			proc_link_target(r.node.e, vcall_pid(c), c->tid, target, sizeof(target));
			n = (ssize_t)strlen(target);
		} else if (r.node.e->kind == PK_HOST) {
			n = readlinkat(sandbox_procfs(), vnode_hostpath(&r.node), target, sizeof(target) - 1);
			if (n < 0) {
				n = -errno;
			} else {
				target[n] = '\0';
				translate_target(&c->sandbox->model, vnode_hostpath(&r.node), target,
						 sizeof(target));
				n = (ssize_t)strlen(target);
			}
		}
		break;
	}
	if (n < 0) {
		vcall_reply_errno(c, (int)-n);
		return;
	}
	size_t len = (size_t)n < (size_t)size ? (size_t)n : (size_t)size;
	ssize_t w = vcall_write(c, buf, target, len);
	if (w < 0)
		vcall_reply_errno(c, (int)-w);
	else
		vcall_reply_value(c, (int64_t)len);
}

void h_readlink(struct vcall *c)
{
	do_readlink(c, AT_FDCWD, c->args[0], c->args[1], (int64_t)c->args[2]);
}

void h_readlinkat(struct vcall *c)
{
	do_readlink(c, (int)c->args[0], c->args[1], c->args[2], (int64_t)c->args[3]);
}

/* lseek(fd, 0, SEEK_SET) only (the filter traps nothing else): a rewind
 * of a served file renders it afresh; the seek itself runs natively. */
void h_lseek(struct vcall *c)
{
	served_rewind(c, (int)c->args[0]);
	vcall_reply_continue(c);
}

void h_enosys(struct vcall *c)
{
	vcall_reply_errno(c, ENOSYS);
}

/* --- extended attributes ------------------------------------------------ */

/* procfs has no xattr handlers: getxattr says EOPNOTSUPP and listxattr an
 * empty list. A host object reached through a magic link answers for
 * itself. */
static void do_xattr(struct vcall *c, bool follow, bool list)
{
	char path[PATH_MAX];
	struct resolution r;
	if (!path_arg_resolve(c, AT_FDCWD, c->args[0], follow ? RSV_FOLLOW : 0, path, &r))
		return;
	if (r.kind == RES_VIRT) {
		vcall_reply_value(c, list ? 0 : -EOPNOTSUPP);
		return;
	}
	/* RES_HOST: ask the object itself, through the path of our O_PATH fd,
	 * with the caller's credentials: trusted.* and files it may not read
	 * are refused as they would be to it. */
	char name[XATTR_NAME_MAX + 1] = "";
	if (!list && vcall_read_str(c, name, c->args[1], sizeof(name)) < 0) {
		close(r.hostfd);
		vcall_reply_errno(c, EFAULT);
		return;
	}
	size_t size = list ? c->args[2] : c->args[3];
	if (size > XATTR_SIZE_MAX)
		size = XATTR_SIZE_MAX;
	char *val = size ? malloc(size) : NULL;
	char self[64];
	snprintf(self, sizeof(self), "/proc/self/fd/%d", r.hostfd);
	struct task_creds cr;
	ssize_t n = creds_of(c->tid, &cr);
	if (n == 0)
		n = creds_enter(&cr);
	if (n == 0) {
		n = list ? listxattr(self, val, size) : getxattr(self, name, val, size);
		if (n < 0)
			n = -errno;
		creds_leave();
	}
	if (n > 0 && size && vcall_write(c, list ? c->args[1] : c->args[2], val, (size_t)n) < 0)
		n = -EFAULT;
	close(r.hostfd);
	free(val);
	vcall_reply_value(c, n);
}

void h_getxattr(struct vcall *c) { do_xattr(c, true, false); }
void h_lgetxattr(struct vcall *c) { do_xattr(c, false, false); }
void h_listxattr(struct vcall *c) { do_xattr(c, true, true); }
void h_llistxattr(struct vcall *c) { do_xattr(c, false, true); }
