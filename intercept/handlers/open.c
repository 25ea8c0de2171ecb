/* open, openat, openat2, creat of what /proc holds. */
#include <errno.h>
#include <fcntl.h>
#include <linux/limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "async_open.h"
#include "creds.h"
#include "handlers.h"
#include "resolve.h"
#include "sandbox_procfs.h"
#include "served.h"
#include "stage.h"
#include "sysctl_fd.h"
#include "task_files.h"

static bool node_is_dir(const struct vnode *n)
{
	if (n->e->kind == PK_DIR || n->e->kind == PK_TASKS || n->e->kind == PK_DEVS)
		return true;
	if (n->e->kind == PK_HOST || n->e->kind == PK_SYSTEM) {
		struct stat st;
		return fstatat(sandbox_procfs(), vnode_hostpath(n), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		       S_ISDIR(st.st_mode);
	}
	return false;
}

/* seccomp's ADDFD cannot install an O_PATH file (it takes files with
 * fget, which skips them): an O_PATH open of something /proc leads to is
 * answered with a read-only open of it, non-blocking for what is neither
 * a file nor a directory so that the open itself has no effect. It works
 * as a dirfd, with fchdir, fstat and the *at calls; F_GETFL shows
 * O_RDONLY rather than O_PATH (docs/design.md). */
static int installable(int hostfd, int flags)
{
	if (!(flags & O_PATH))
		return flags;
	int keep = flags & (O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW);
	struct stat st;
	if (hostfd >= 0 && fstat(hostfd, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		keep |= O_NONBLOCK | O_NOCTTY;
	return keep | O_RDONLY;
}

/* Open on behalf of the caller, with its credentials. */
static int open_as(struct vcall *c, int dirfd, const char *path, int flags, mode_t mode)
{
	struct task_creds cr;
	int rc = creds_of(c->tid, &cr);
	if (rc < 0)
		return rc;
	rc = creds_enter(&cr);
	if (rc < 0)
		return rc;
	int fd = openat(dirfd, path, flags | O_CLOEXEC, mode);
	rc = fd < 0 ? -errno : fd;
	creds_leave();
	return rc;
}

static void do_open(struct vcall *c, int dirfd, uint64_t path_addr, int flags, mode_t mode,
		    uint64_t resolve_flags)
{
	char path[PATH_MAX];
	struct resolution r;
	if (!path_arg_resolve(c, dirfd, path_addr, (flags & O_NOFOLLOW) ? 0 : RSV_FOLLOW, path, &r))
		return;
	/* Everything below went through /proc: a mount crossing and, for
	 * the links in it, a symlink: openat2's restrictions apply. */
	if (resolve_flags & (RESOLVE_NO_XDEV | RESOLVE_BENEATH | RESOLVE_IN_ROOT)) {
		if (r.hostfd >= 0)
			close(r.hostfd);
		vcall_reply_errno(c, EXDEV);
		return;
	}
	bool cloexec = flags & O_CLOEXEC;
	int acc = flags & O_ACCMODE;
	if (r.kind == RES_HOST && async_open_needed(r.hostfd)) {
		async_open(c, r.hostfd, installable(r.hostfd, flags) & ~O_CLOEXEC, mode, cloexec);
		return;
	}
	if (r.kind == RES_HOST) {
		char self[64];
		snprintf(self, sizeof(self), "self/fd/%d", r.hostfd);
		int fd = open_as(c, sandbox_procfs(), self, installable(r.hostfd, flags) & ~O_CLOEXEC, mode);
		close(r.hostfd);
		if (fd < 0)
			vcall_reply_errno(c, -fd);
		else
			vcall_reply_fd(c, fd, -1, cloexec);
		return;
	}
	const struct vnode *n = &r.node;
	bool path_only = flags & O_PATH;
	flags = installable(-1, flags);
	acc = flags & O_ACCMODE;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
		vcall_reply_errno(c, EEXIST);
		return;
	}
	if (n->e->kind == PK_LINK || (n->e->kind == PK_HOST && !node_is_dir(n) &&
				      (flags & O_NOFOLLOW) && !path_only)) {
		struct stat st;
		if (n->e->kind == PK_LINK ||
		    (fstatat(sandbox_procfs(), vnode_hostpath(n), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		     S_ISLNK(st.st_mode))) {
			vcall_reply_errno(c, ELOOP);
			return;
		}
	}
	int fd;
	if (node_is_dir(n)) {
		if (acc != O_RDONLY || (flags & O_TRUNC)) {
			vcall_reply_errno(c, EISDIR);
			return;
		}
		fd = stage_open_dir(c, n, flags & ~O_CLOEXEC);
	} else if (flags & O_DIRECTORY) {
		fd = -ENOTDIR;
	} else if (n->e->kind == PK_FILE && n->e->put) {
		sysctl_open(c, n, flags);   /* replies: may need a trapped fd */
		return;
	} else if (n->e->kind == PK_FILE) {
		fd = acc != O_RDONLY ? -EACCES : served_open(c, n, flags);
	} else if (acc == O_RDONLY && !(flags & O_PATH) && task_file_filtered(n)) {
		fd = task_file_open(c, n, flags, open_as);
	} else {
		fd = open_as(c, sandbox_procfs(), vnode_hostpath(n), flags & ~(O_CLOEXEC | O_CREAT), mode);
	}
	if (fd < 0)
		vcall_reply_errno(c, -fd);
	else
		vcall_reply_fd(c, fd, -1, cloexec);
}

void h_open(struct vcall *c)
{
	do_open(c, AT_FDCWD, c->args[0], (int)c->args[1], (mode_t)c->args[2], 0);
}

void h_openat(struct vcall *c)
{
	do_open(c, (int)c->args[0], c->args[1], (int)c->args[2], (mode_t)c->args[3], 0);
}

void h_creat(struct vcall *c)
{
	do_open(c, AT_FDCWD, c->args[0], O_CREAT | O_WRONLY | O_TRUNC, (mode_t)c->args[1], 0);
}

/* openat2's struct open_how, read and checked as copy_struct_from_user
 * and build_open_how do before any lookup: a size below VER0 is EINVAL,
 * above a page E2BIG, a non-zero byte past the struct we know E2BIG;
 * unknown flags or resolve bits, a mode without O_CREAT/O_TMPFILE, both
 * RESOLVE_BENEATH and RESOLVE_IN_ROOT: EINVAL. */
static int read_open_how(struct vcall *c, struct open_how *how)
{
	size_t size = c->args[3];
	if (size < 24 /* OPEN_HOW_SIZE_VER0 */)
		return -EINVAL;
	if (size > 4096)
		return -E2BIG;
	if (vcall_read(c, how, c->args[2], size < sizeof(*how) ? size : sizeof(*how)) < 0)
		return -EFAULT;
	if (size > sizeof(*how)) {
		char tail[4096];
		size_t n = size - sizeof(*how);
		if (vcall_read(c, tail, c->args[2] + sizeof(*how), n) < 0)
			return -EFAULT;
		for (size_t i = 0; i < n; i++)
			if (tail[i])
				return -E2BIG;
	}
	const uint64_t resolve_all = RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS |
				     RESOLVE_BENEATH | RESOLVE_IN_ROOT | RESOLVE_CACHED;
	if (how->flags >> 32 || (how->resolve & ~resolve_all) ||
	    (how->resolve & (RESOLVE_BENEATH | RESOLVE_IN_ROOT)) == (RESOLVE_BENEATH | RESOLVE_IN_ROOT))
		return -EINVAL;
	if (how->mode & ~07777ull)
		return -EINVAL;
	if (!(how->flags & (O_CREAT | __O_TMPFILE)) && how->mode)
		return -EINVAL;
	return 0;
}

void h_openat2(struct vcall *c)
{
	struct open_how how = { 0 };
	int rc = read_open_how(c, &how);
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return;
	}
	do_open(c, (int)c->args[0], c->args[1], (int)how.flags, (mode_t)how.mode, how.resolve);
}
