/* stat, lstat, newfstatat, statx and the access calls on what /proc holds:
 * a host object answers for itself, a node of the model as procfs would. */
#include <errno.h>
#include <fcntl.h>
#include <linux/limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/stat.h>
#include <sys/sysmacros.h>
#include <time.h>

#include "creds.h"
#include "handlers.h"
#include "resolve.h"
#include "sandbox_procfs.h"
#include "vlog.h"

/* --- stat ------------------------------------------------------------- */

static dev_t proc_dev(void)
{
	static dev_t dev;
	if (!dev) {
		struct stat st;
		if (fstat(sandbox_procfs(), &st) == 0)
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
		return fstatat(sandbox_procfs(), vnode_hostpath(n), st, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
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
		if (fstatat(sandbox_procfs(), p, &ts, 0) == 0) {
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
	int rc = path_arg_read(c, path_addr, path);
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
