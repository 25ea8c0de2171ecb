/* Path system calls: open, stat, access, readlink. A path that resolves
 * outside /proc continues natively; one that lands in the model's /proc is
 * answered here (resolve.h says why that is safe). */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/stat.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <stdlib.h>
#include <sys/xattr.h>
#include <linux/limits.h>
#include <unistd.h>

#include "async_open.h"
#include "creds.h"
#include "handlers.h"
#include "resolve.h"
#include "served.h"
#include "sysctl_fd.h"
#include "task_files.h"
#include "stage.h"
#include "supervisor.h"
#include "vlog.h"

/* Read the path argument once: everything after works on this copy. */
static int read_path(struct vcall *c, uint64_t addr, char *out)
{
	ssize_t n = vcall_read_str(c, out, addr, PATH_MAX);
	return n < 0 ? (int)n : 0;
}

bool path_arg_resolve(struct vcall *c, int dirfd, uint64_t addr, int rflags, char *path,
		      struct resolution *r)
{
	int rc = read_path(c, addr, path);
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return false;
	}
	resolve_path(c, dirfd, path, rflags, r);
	vlog_path(c, path, r);
	if (r->kind == RES_NATIVE) {
		vcall_reply_continue(c);
		return false;
	}
	if (r->kind == RES_ERR) {
		vcall_reply_errno(c, r->err);
		return false;
	}
	return true;
}

static bool node_is_dir(const struct vnode *n)
{
	if (n->e->kind == PK_DIR || n->e->kind == PK_TASKS || n->e->kind == PK_DEVS)
		return true;
	if (n->e->kind == PK_HOST || n->e->kind == PK_SYSTEM) {
		struct stat st;
		return fstatat(sv.procfd, vnode_hostpath(n), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
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
		int fd = open_as(c, sv.procfd, self, installable(r.hostfd, flags) & ~O_CLOEXEC, mode);
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
		    (fstatat(sv.procfd, vnode_hostpath(n), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
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
		fd = open_as(c, sv.procfd, vnode_hostpath(n), flags & ~(O_CLOEXEC | O_CREAT), mode);
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

void h_openat2(struct vcall *c)
{
	struct open_how how = { 0 };
	size_t size = c->args[3];
	if (size < 24 /* OPEN_HOW_SIZE_VER0 */) {
		vcall_reply_errno(c, EINVAL);
		return;
	}
	ssize_t n = vcall_read(c, &how, c->args[2], size < sizeof(how) ? size : sizeof(how));
	if (n < 0) {
		vcall_reply_errno(c, (int)-n);
		return;
	}
	do_open(c, (int)c->args[0], c->args[1], (int)how.flags, (mode_t)how.mode, how.resolve);
}

/* --- stat ------------------------------------------------------------- */

static dev_t proc_dev(void)
{
	static dev_t dev;
	if (!dev) {
		struct stat st;
		if (fstat(sv.procfd, &st) == 0)
			dev = st.st_dev;
	}
	return dev;
}

/* procfs numbers its inodes itself; any stable number per path will do. */
static ino_t vpath_ino(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (ino_t)(h & 0xffffffffu) | 0x100000000ull;
}

static int stat_node(struct vcall *c, const struct vnode *n, struct stat *st)
{
	(void)c;
	if (n->e->kind == PK_HOST || n->e->kind == PK_SYSTEM)
		return fstatat(sv.procfd, vnode_hostpath(n), st, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
	memset(st, 0, sizeof(*st));
	st->st_dev = proc_dev();
	st->st_ino = vpath_ino(n->vpath);
	st->st_blksize = 1024;
	st->st_nlink = 1;
	switch (n->e->kind) {
	case PK_DIR:
	case PK_TASKS:
	case PK_DEVS:
		st->st_mode = S_IFDIR | n->e->mode;
		st->st_nlink = 2;
		break;
	case PK_LINK:
		st->st_mode = S_IFLNK | 0777;
		break;
	default:
		st->st_mode = S_IFREG | n->e->mode;
	}
	if (n->pid) {
		/* Files of a task belong to the task's owner, as in procfs. */
		char p[32];
		struct stat ts;
		snprintf(p, sizeof(p), "%d", n->pid);
		if (fstatat(sv.procfd, p, &ts, 0) == 0) {
			st->st_uid = ts.st_uid;
			st->st_gid = ts.st_gid;
			st->st_atim = st->st_mtim = st->st_ctim = ts.st_ctim;
		}
	} else {
		clock_gettime(CLOCK_REALTIME, &st->st_mtim);
		st->st_atim = st->st_ctim = st->st_mtim;
	}
	return 0;
}

/* Resolve and stat; 1 = continue natively, 0 = st filled, <0 = -errno. */
static int stat_path(struct vcall *c, int dirfd, uint64_t path_addr, int atflags, struct stat *st)
{
	char path[PATH_MAX];
	int rc = read_path(c, path_addr, path);
	if (rc < 0)
		return rc;
	struct resolution r;
	int rf = ((atflags & AT_SYMLINK_NOFOLLOW) ? 0 : RSV_FOLLOW) |
		 ((atflags & AT_EMPTY_PATH) ? RSV_EMPTY_PATH : 0);
	resolve_path(c, dirfd, path, rf, &r);
	vlog_path(c, path, &r);
	switch (r.kind) {
	case RES_NATIVE:
		return 1;
	case RES_ERR:
		return -r.err;
	case RES_HOST:
		rc = fstat(r.hostfd, st) < 0 ? -errno : 0;
		close(r.hostfd);
		return rc;
	case RES_VIRT:
		return stat_node(c, &r.node, st);
	}
	return -EIO;
}

static void reply_stat(struct vcall *c, int rc, uint64_t buf_addr, const struct stat *st)
{
	if (rc == 1) {
		vcall_reply_continue(c);
		return;
	}
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return;
	}
	ssize_t w = vcall_write(c, buf_addr, st, sizeof(*st));
	if (w < 0)
		vcall_reply_errno(c, (int)-w);
	else
		vcall_reply_value(c, 0);
}

void h_stat(struct vcall *c)
{
	struct stat st;
	reply_stat(c, stat_path(c, AT_FDCWD, c->args[0], 0, &st), c->args[1], &st);
}

void h_lstat(struct vcall *c)
{
	struct stat st;
	reply_stat(c, stat_path(c, AT_FDCWD, c->args[0], AT_SYMLINK_NOFOLLOW, &st), c->args[1], &st);
}

void h_newfstatat(struct vcall *c)
{
	struct stat st;
	reply_stat(c, stat_path(c, (int)c->args[0], c->args[1], (int)c->args[3], &st), c->args[2], &st);
}

void h_statx(struct vcall *c)
{
	struct stat st;
	int rc = stat_path(c, (int)c->args[0], c->args[1], (int)c->args[2], &st);
	if (rc != 0) {
		reply_stat(c, rc, 0, NULL);
		return;
	}
	struct statx sx = { 0 };
	sx.stx_mask = STATX_BASIC_STATS & (unsigned)c->args[3] ? STATX_BASIC_STATS : STATX_BASIC_STATS;
	sx.stx_blksize = (uint32_t)st.st_blksize;
	sx.stx_nlink = (uint32_t)st.st_nlink;
	sx.stx_uid = st.st_uid;
	sx.stx_gid = st.st_gid;
	sx.stx_mode = (uint16_t)st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = (uint64_t)st.st_size;
	sx.stx_blocks = (uint64_t)st.st_blocks;
	sx.stx_atime.tv_sec = st.st_atim.tv_sec;
	sx.stx_atime.tv_nsec = (uint32_t)st.st_atim.tv_nsec;
	sx.stx_mtime.tv_sec = st.st_mtim.tv_sec;
	sx.stx_mtime.tv_nsec = (uint32_t)st.st_mtim.tv_nsec;
	sx.stx_ctime.tv_sec = st.st_ctim.tv_sec;
	sx.stx_ctime.tv_nsec = (uint32_t)st.st_ctim.tv_nsec;
	sx.stx_dev_major = major(st.st_dev);
	sx.stx_dev_minor = minor(st.st_dev);
	ssize_t w = vcall_write(c, c->args[4], &sx, sizeof(sx));
	if (w < 0)
		vcall_reply_errno(c, (int)-w);
	else
		vcall_reply_value(c, 0);
}

/* --- access ----------------------------------------------------------- */

static void do_access(struct vcall *c, int dirfd, uint64_t path_addr, int mode, int atflags)
{
	struct stat st;
	int rc = stat_path(c, dirfd, path_addr, atflags & AT_SYMLINK_NOFOLLOW, &st);
	if (rc != 0) {
		reply_stat(c, rc, 0, NULL);
		return;
	}
	if (mode & ~(R_OK | W_OK | X_OK)) {
		vcall_reply_errno(c, EINVAL);
		return;
	}
	/* The program holds no capabilities: only the mode bits decide. */
	struct task_creds cr;
	if (creds_of(c->tid, &cr) < 0) {
		vcall_reply_errno(c, ESRCH);
		return;
	}
	uid_t uid = (atflags & AT_EACCESS) ? cr.euid : cr.uid;
	gid_t gid = (atflags & AT_EACCESS) ? cr.egid : cr.gid;
	unsigned bits = st.st_mode & 7;
	if (st.st_uid == uid)
		bits = (st.st_mode >> 6) & 7;
	else if (st.st_gid == gid)
		bits = (st.st_mode >> 3) & 7;
	unsigned want = (mode & R_OK ? 4 : 0) | (mode & W_OK ? 2 : 0) | (mode & X_OK ? 1 : 0);
	vcall_reply_value(c, (bits & want) == want ? 0 : -EACCES);
}

void h_access(struct vcall *c)
{
	do_access(c, AT_FDCWD, c->args[0], (int)c->args[1], 0);
}

void h_faccessat(struct vcall *c)
{
	do_access(c, (int)c->args[0], c->args[1], (int)c->args[2], 0);
}

void h_faccessat2(struct vcall *c)
{
	do_access(c, (int)c->args[0], c->args[1], (int)c->args[2], (int)c->args[3]);
}

/* --- readlink --------------------------------------------------------- */

/* What readlink shows for a link into a served file or directory: the /proc
 * path, not the memfd or stage directory behind it. */
static void translate_target(const char *hostpath, char *target, size_t cap)
{
	int fd = openat(sv.procfd, hostpath, O_PATH | O_CLOEXEC);
	struct vnode n;
	if (fd >= 0 && vnode_from_fd(fd, &n))
		snprintf(target, cap, "%s", n.vpath);
	if (fd >= 0)
		close(fd);
}

static void do_readlink(struct vcall *c, int dirfd, uint64_t path_addr, uint64_t buf, int64_t size)
{
	char path[PATH_MAX], target[PATH_MAX];
	int rc = read_path(c, path_addr, path);
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
			n = readlinkat(sv.procfd, vnode_hostpath(&r.node), target, sizeof(target) - 1);
			if (n < 0) {
				n = -errno;
			} else {
				target[n] = '\0';
				translate_target(vnode_hostpath(&r.node), target, sizeof(target));
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
