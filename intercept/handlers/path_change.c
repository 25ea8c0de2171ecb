/* Calls that would change what a path names — mkdir, unlink, rename,
 * chmod, chown, utimes, truncate, setxattr and their *at forms — when the
 * path lands in /proc.
 *
 * Natively they would meet the cover (an empty read-only tmpfs): EROFS or
 * ENOENT, where procfs answers EEXIST, EPERM, EACCES, ENOTSUP, or lets a
 * task's owner touch its entries. So the call is aimed at the sandbox's
 * own procfs instead, and made there with the caller's credentials (no
 * capabilities, as the program has none): procfs itself answers, for the
 * node the path stands for, or, for a node only the model has, for one of
 * the same kind (its conf/default twin, or /proc/version, /proc/fs). Every
 * operation procfs allows there changes nothing outside the sandbox (a
 * task's own entries; times and sizes procfs keeps per mount) except two:
 * chmod and chown of procfs's shared entries (/proc/meminfo, the files of /proc/net)
 * change them for the whole host, so those are answered here — success
 * where nothing would change, EPERM otherwise (docs/design.md). A path
 * that leads out of /proc through a magic link (/proc/self/fd/N of a file)
 * is the call made on that object, as Linux makes it. */
#include <errno.h>
#include <fcntl.h>
#include <linux/limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "compat.h"
#include "creds.h"
#include "handlers.h"
#include "resolve.h"
#include "sandbox_procfs.h"
#include "vlog.h"

enum change_op {
	OP_MKDIR, OP_MKNOD, OP_SYMLINK, OP_LINK, OP_RENAME, OP_RMDIR, OP_UNLINK, OP_UNLINKAT,
	OP_CHMOD, OP_CHOWN, OP_UTIME, OP_UTIMES, OP_UTIMENSAT, OP_TRUNCATE, OP_SETXATTR, OP_REMOVEXATTR,
};

/* A row per system call, with its argument layout (-1: none). `at`:
 * the *at form's flags argument; `nofollow`: the call never follows a
 * final symlink (lchown, unlink...). */
struct change_row {
	int nr;
	enum change_op op;
	signed char dirfd, path, dirfd2, path2, flags;
	bool nofollow;
};

static const struct change_row rows[] = {
	{ SYS_mkdir,         OP_MKDIR,       -1, 0, -1, -1, -1, true },
	{ SYS_mkdirat,       OP_MKDIR,        0, 1, -1, -1, -1, true },
	{ SYS_mknod,         OP_MKNOD,       -1, 0, -1, -1, -1, true },
	{ SYS_mknodat,       OP_MKNOD,        0, 1, -1, -1, -1, true },
	{ SYS_symlink,       OP_SYMLINK,     -1, 1, -1, -1, -1, true },
	{ SYS_symlinkat,     OP_SYMLINK,      1, 2, -1, -1, -1, true },
	{ SYS_link,          OP_LINK,        -1, 0, -1, 1, -1, true },
	{ SYS_linkat,        OP_LINK,         0, 1, 2, 3, 4, true },
	{ SYS_rename,        OP_RENAME,      -1, 0, -1, 1, -1, true },
	{ SYS_renameat,      OP_RENAME,       0, 1, 2, 3, -1, true },
	{ SYS_renameat2,     OP_RENAME,       0, 1, 2, 3, -1, true },
	{ SYS_rmdir,         OP_RMDIR,       -1, 0, -1, -1, -1, true },
	{ SYS_unlink,        OP_UNLINK,      -1, 0, -1, -1, -1, true },
	{ SYS_unlinkat,      OP_UNLINKAT,     0, 1, -1, -1, -1, true },
	{ SYS_chmod,         OP_CHMOD,       -1, 0, -1, -1, -1, false },
	{ SYS_fchmodat,      OP_CHMOD,        0, 1, -1, -1, -1, false },
	{ SYS_fchmodat2,     OP_CHMOD,        0, 1, -1, -1, 3, false },
	{ SYS_chown,         OP_CHOWN,       -1, 0, -1, -1, -1, false },
	{ SYS_lchown,        OP_CHOWN,       -1, 0, -1, -1, -1, true },
	{ SYS_fchownat,      OP_CHOWN,        0, 1, -1, -1, 4, false },
	{ SYS_utime,         OP_UTIME,       -1, 0, -1, -1, -1, false },
	{ SYS_utimes,        OP_UTIMES,      -1, 0, -1, -1, -1, false },
	{ SYS_futimesat,     OP_UTIMES,       0, 1, -1, -1, -1, false },
	{ SYS_utimensat,     OP_UTIMENSAT,    0, 1, -1, -1, 3, false },
	{ SYS_truncate,      OP_TRUNCATE,    -1, 0, -1, -1, -1, false },
	{ SYS_setxattr,      OP_SETXATTR,    -1, 0, -1, -1, -1, false },
	{ SYS_lsetxattr,     OP_SETXATTR,    -1, 0, -1, -1, -1, true },
	{ SYS_removexattr,   OP_REMOVEXATTR, -1, 0, -1, -1, -1, false },
	{ SYS_lremovexattr,  OP_REMOVEXATTR, -1, 0, -1, -1, -1, true },
};

static const struct change_row *row_of(int nr)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (rows[i].nr == nr)
			return &rows[i];
	return NULL;
}

/* The call's arguments, read once, bounded as the kernel bounds them. */
struct change_args {
	char target[PATH_MAX];                 /* symlink's target */
	char name[XATTR_NAME_MAX + 1];         /* xattr name */
	void *value;                           /* setxattr's value (heap) */
	size_t size;
	struct timespec ts[2];
	const struct timespec *times;          /* NULL: now */
};

static int read_args(struct vcall *c, const struct change_row *row, struct change_args *a)
{
	uint64_t *g = c->args;
	switch (row->op) {
	case OP_SYMLINK: {
		ssize_t n = vcall_read_str(c, a->target, g[0], sizeof(a->target));
		return n < 0 ? (int)n : 0;
	}
	case OP_SETXATTR:
	case OP_REMOVEXATTR: {
		ssize_t n = vcall_read_str(c, a->name, g[1], sizeof(a->name));
		if (n == -ENAMETOOLONG || n == 0)
			return -ERANGE;
		if (n < 0 || row->op == OP_REMOVEXATTR)
			return n < 0 ? (int)n : 0;
		a->size = g[3];
		if (a->size > XATTR_SIZE_MAX)
			return -E2BIG;
		if (a->size) {
			a->value = malloc(a->size);
			if (!a->value)
				return -ENOMEM;
			if (vcall_read(c, a->value, g[2], a->size) < 0)
				return -EFAULT;
		}
		return 0;
	}
	case OP_UTIME: {
		struct { int64_t actime, modtime; } ub;
		if (!g[1])
			return 0;
		if (vcall_read(c, &ub, g[1], sizeof(ub)) < 0)
			return -EFAULT;
		a->ts[0] = (struct timespec){ ub.actime, 0 };
		a->ts[1] = (struct timespec){ ub.modtime, 0 };
		a->times = a->ts;
		return 0;
	}
	case OP_UTIMES: {
		struct timeval tv[2];
		uint64_t at = g[row->path + 1];
		if (!at)
			return 0;
		if (vcall_read(c, tv, at, sizeof(tv)) < 0)
			return -EFAULT;
		for (int i = 0; i < 2; i++) {
			if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
				return -EINVAL;
			a->ts[i] = (struct timespec){ tv[i].tv_sec, tv[i].tv_usec * 1000 };
		}
		a->times = a->ts;
		return 0;
	}
	case OP_UTIMENSAT:
		if (!g[2])
			return 0;
		if (vcall_read(c, a->ts, g[2], sizeof(a->ts)) < 0)
			return -EFAULT;
		a->times = a->ts;
		return 0;
	default:
		return 0;
	}
}

/* Whether the call follows a final symlink. */
static bool follows(const struct vcall *c, const struct change_row *row)
{
	if (row->nofollow && row->op != OP_LINK)
		return false;
	if (row->flags < 0)
		return !row->nofollow;
	uint64_t f = c->args[row->flags];
	if (row->op == OP_LINK)
		return f & AT_SYMLINK_FOLLOW;
	return !(f & AT_SYMLINK_NOFOLLOW);
}

/* procfs's shared entries: not under a task's directory (whose net/ is
 * shared too), not a sysctl. chmod and chown there change the host. */
static bool shared_entry(const struct vnode *n)
{
	if (strncmp(n->vpath, "/proc/sys", 9) == 0 && (!n->vpath[9] || n->vpath[9] == '/'))
		return false;
	if (!n->pid)
		return true;
	const char *net = strstr(n->vpath, "/net/");
	return net != NULL;
}

/* An entry of the caller's own fd/ or fdinfo/: procfs lets a task do
 * anything there that the entry's own operations allow, and asks others
 * for permission. Asked of the supervisor's own, which it is to us. */
static bool own_fd_entry(struct vcall *c, const struct vnode *n, char *out, size_t cap)
{
	char head[64];
	const char *rest;
	if (n->pid != vcall_pid(c))
		return false;
	snprintf(head, sizeof(head), "/proc/%d/task/%d/", n->pid, n->tid);
	if (strncmp(n->vpath, head, strlen(head)) != 0)
		snprintf(head, sizeof(head), "/proc/%d/", n->pid);
	if (strncmp(n->vpath, head, strlen(head)) != 0)
		return false;
	rest = n->vpath + strlen(head);
	for (const char *const *d = (const char *const[]){ "fd", "fdinfo", NULL }; *d; d++) {
		size_t len = strlen(*d);
		if (strncmp(rest, *d, len) != 0 || (rest[len] && rest[len] != '/'))
			continue;
		if (rest[len])
			snprintf(out, cap, "self/%s/%d", *d, sandbox_procfs());
		else
			snprintf(out, cap, "self/%s", *d);
		return true;
	}
	return false;
}

/* Where in the sandbox's procfs to ask: the node itself, or one of its
 * kind (relative to sandbox_procfs()). */
static void ask_where(struct vcall *c, const struct vnode *n, char *out, size_t cap)
{
	struct stat st;
	const char *hp = n->vpath[5] ? n->vpath + 6 : ".";
	if (own_fd_entry(c, n, out, cap))
		return;
	if (fstatat(sandbox_procfs(), hp, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		snprintf(out, cap, "%s", hp);
		return;
	}
	bool dir = n->e->kind == PK_DIR || n->e->kind == PK_TASKS || n->e->kind == PK_DEVS;
	const char *conf = strstr(hp, "/conf/");
	if (n->dev && conf) {
		/* net/ipv4/conf/<model link>/x: as conf/default/x */
		const char *rest = strchr(conf + 6, '/');
		snprintf(out, cap, "%.*s/conf/default%s", (int)(conf - hp), hp, rest ? rest : "");
	} else if (strncmp(hp, "sys/", 4) == 0) {
		snprintf(out, cap, "%s", dir ? "sys/net/core" : "sys/net/core/somaxconn");
	} else {
		snprintf(out, cap, "%s", dir ? "fs" : "version");
	}
}

/* chmod and chown of a shared entry: what Linux would do when nothing
 * changes (the owner asking for what is there), EPERM otherwise. */
static int shared_attr(struct vcall *c, const struct change_row *row, const struct vnode *n,
		       const char *where)
{
	struct stat st;
	struct task_creds cr;
	if (fstatat(sandbox_procfs(), where, &st, 0) < 0)
		return -errno;
	if (creds_of(c->tid, &cr) < 0 || cr.fsuid != st.st_uid)
		return -EPERM;
	(void)n;
	if (row->op == OP_CHMOD)
		return ((mode_t)c->args[row->path + 1] & 07777) == (st.st_mode & 07777) ? 0 : -EPERM;
	uid_t u = (uid_t)c->args[row->path + 1];
	gid_t g = (gid_t)c->args[row->path + 2];
	return (u == (uid_t)-1 || u == st.st_uid) && (g == (gid_t)-1 || g == st.st_gid) ? 0 : -EPERM;
}

/* Make the call at (dirfd, path) as the caller; path "" is the object
 * dirfd itself (followed). What has no *at form goes through
 * "/proc/self/fd/<dirfd>/<path>": a task may always walk its own fd/. */
static int act(struct vcall *c, const struct change_row *row, const struct change_args *a, int dirfd,
	       const char *path, bool follow)
{
	struct task_creds cr;
	int rc = creds_of(c->tid, &cr);
	if (rc == 0)
		rc = creds_enter(&cr);
	if (rc < 0)
		return rc;
	char via[PATH_MAX + 64];
	snprintf(via, sizeof(via), path[0] ? "/proc/self/fd/%d/%s" : "/proc/self/fd/%d%s", dirfd, path);
	if (!path[0]) {
		dirfd = AT_FDCWD;
		path = via;
	}
	uint64_t *g = c->args;
	int nf = follow ? 0 : AT_SYMLINK_NOFOLLOW;
	switch (row->op) {
	case OP_MKDIR:
		rc = mkdirat(dirfd, path, (mode_t)g[row->path + 1]);
		break;
	case OP_MKNOD:
		rc = mknodat(dirfd, path, (mode_t)g[row->path + 1], (dev_t)g[row->path + 2]);
		break;
	case OP_SYMLINK:
		rc = symlinkat(a->target, dirfd, path);
		break;
	case OP_RMDIR:
		rc = unlinkat(dirfd, path, AT_REMOVEDIR);
		break;
	case OP_UNLINK:
		rc = unlinkat(dirfd, path, 0);
		break;
	case OP_UNLINKAT:
		rc = (g[2] & ~(uint64_t)AT_REMOVEDIR) ? (errno = EINVAL, -1)
						       : unlinkat(dirfd, path, (int)(g[2] & AT_REMOVEDIR));
		break;
	case OP_CHMOD:
		rc = follow ? fchmodat(dirfd, path, (mode_t)g[row->path + 1], 0)
			    : (int)syscall(SYS_fchmodat2, dirfd, path, (mode_t)g[row->path + 1], nf);
		break;
	case OP_CHOWN:
		rc = fchownat(dirfd, path, (uid_t)g[row->path + 1], (gid_t)g[row->path + 2], nf);
		break;
	case OP_UTIME:
	case OP_UTIMES:
	case OP_UTIMENSAT:
		rc = utimensat(dirfd, path, a->times, nf);
		break;
	case OP_TRUNCATE:
		rc = truncate(via, (off_t)g[1]);
		break;
	case OP_SETXATTR:
		rc = follow ? setxattr(via, a->name, a->value, a->size, (int)g[4])
			    : lsetxattr(via, a->name, a->value, a->size, (int)g[4]);
		break;
	case OP_REMOVEXATTR:
		rc = follow ? removexattr(via, a->name) : lremovexattr(via, a->name);
		break;
	default:
		rc = -1;
		errno = EXDEV;
	}
	rc = rc < 0 ? -errno : 0;
	creds_leave();
	return rc;
}

static bool creates(enum change_op op)
{
	return op == OP_MKDIR || op == OP_MKNOD || op == OP_SYMLINK;
}

/* The call on a name whose directory a magic link leads to: resolved
 * there, made there. Anything else keeps `otherwise` (the answer for the
 * whole path). */
static int in_parent(struct vcall *c, const struct change_row *row, const struct change_args *a,
		     const char *path, int otherwise)
{
	char dir[PATH_MAX], base[NAME_MAX + 1];
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	size_t cut = len;
	while (cut > 0 && path[cut - 1] != '/')
		cut--;
	if (len - cut == 0 || len - cut > NAME_MAX)
		return otherwise ? otherwise : -ENAMETOOLONG;
	memcpy(base, path + cut, len - cut);
	base[len - cut] = '\0';
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return otherwise ? otherwise : -EINVAL;
	snprintf(dir, sizeof(dir), "%.*s", cut ? (int)cut : 1, cut ? path : ".");
	struct resolution pr;
	int dirfd = row->dirfd < 0 ? AT_FDCWD : (int)c->args[row->dirfd];
	resolve_path(c, dirfd, dir, RSV_FOLLOW, &pr);
	int rc = otherwise ? otherwise : -ENOENT;
	if (pr.kind == RES_HOST) {
		rc = act(c, row, a, pr.hostfd, base, false);
		close(pr.hostfd);
	}
	return rc;
}

/* One path of the call, resolved: 1 in /proc (r set), 0 native, or an
 * answer already given (-1). */
static int one_path(struct vcall *c, int dirfd_i, int path_i, bool follow, char *path,
		    struct resolution *r)
{
	int dirfd = dirfd_i < 0 ? AT_FDCWD : (int)c->args[dirfd_i];
	int rc = path_arg_read(c, c->args[path_i], path);
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return -1;
	}
	resolve_path(c, dirfd, path, follow ? RSV_FOLLOW : 0, r);
	vlog_path(c, path, r);
	return r->kind == RES_NATIVE ? 0 : 1;
}

/* rename and link: one side in /proc and one outside are two mounts. */
static void two_paths(struct vcall *c, const struct change_row *row)
{
	char p1[PATH_MAX], p2[PATH_MAX];
	struct resolution r1, r2;
	int in1 = one_path(c, row->dirfd, row->path, row->op == OP_LINK && follows(c, row), p1, &r1);
	if (in1 < 0)
		return;
	int in2 = one_path(c, row->dirfd2, row->path2, false, p2, &r2);
	if (in2 < 0) {
		if (r1.kind == RES_HOST)
			close(r1.hostfd);
		return;
	}
	bool root1 = r1.kind == RES_VIRT && !r1.node.vpath[5];
	bool root2 = r2.kind == RES_VIRT && !r2.node.vpath[5];
	int err = 0;
	if (!in1 && !in2)
		vcall_reply_continue(c);
	else if (r1.kind == RES_ERR)
		err = r1.err;                      /* the old name must exist */
	else if (row->op == OP_LINK)
		err = in2 && r2.kind != RES_ERR ? EEXIST : in2 ? r2.err : EXDEV;
	else if (root2)
		err = EISDIR;                      /* over a directory, and busy */
	else if (root1)
		err = EBUSY;                       /* a mount point */
	else if (in1 != in2)
		err = EXDEV;                       /* two mounts, before any lookup */
	else if (r2.kind == RES_ERR)
		err = r2.err;
	else
		err = r1.kind == RES_HOST || r2.kind == RES_HOST ? EXDEV : EPERM;   /* procfs renames nothing */
	if (r1.kind == RES_HOST)
		close(r1.hostfd);
	if (r2.kind == RES_HOST)
		close(r2.hostfd);
	if (in1 || in2)
		vcall_reply_errno(c, err);
}

void h_path_change(struct vcall *c)
{
	const struct change_row *row = row_of(c->nr);
	if (!row) {
		vcall_reply_errno(c, ENOSYS);
		return;
	}
	if (row->op == OP_RENAME || row->op == OP_LINK) {
		two_paths(c, row);
		return;
	}
	if (row->op == OP_UTIMENSAT && !c->args[1]) {
		vcall_reply_continue(c);           /* futimens: the fd itself */
		return;
	}
	char path[PATH_MAX];
	struct resolution r;
	bool follow = follows(c, row);
	if (one_path(c, row->dirfd, row->path, follow, path, &r) <= 0) {
		if (r.kind == RES_NATIVE)
			vcall_reply_continue(c);
		return;
	}
	if (r.kind == RES_ERR && !(r.err == ENOENT && creates(row->op))) {
		vcall_reply_errno(c, r.err);
		return;
	}
	struct change_args a = { 0 };
	int rc = read_args(c, row, &a);
	if (rc == 0 && r.kind != RES_ERR && creates(row->op)) {
		rc = -EEXIST;
	} else if (rc == 0 && (r.kind == RES_ERR || (r.kind == RES_HOST && !follow))) {
		/* a name in a directory reached through a magic link
		 * (/proc/self/cwd/x): made or removed there, as Linux does */
		rc = in_parent(c, row, &a, path, r.kind == RES_ERR ? -r.err : 0);
	} else if (rc == 0 && r.kind == RES_HOST) {
		/* out of /proc through a magic link: the object itself */
		rc = act(c, row, &a, r.hostfd, "", true);
	} else if (rc == 0) {
		char where[PATH_MAX];
		ask_where(c, &r.node, where, sizeof(where));
		if (!r.node.vpath[5] && row->op == OP_RMDIR)
			rc = -EBUSY;               /* /proc itself: a mount point */
		else if ((row->op == OP_CHMOD || row->op == OP_CHOWN) && shared_entry(&r.node))
			rc = shared_attr(c, row, &r.node, where);
		else
			rc = act(c, row, &a, sandbox_procfs(), where, follow);
	}
	if (r.kind == RES_HOST)
		close(r.hostfd);
	free(a.value);
	vcall_reply_value(c, rc);
}
