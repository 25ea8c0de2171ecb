/* chdir, chroot and inotify_add_watch of a path into the model's /proc:
 * `cd /proc/net; cat dev`, `cd /proc/self/fd; ls`, a watch on
 * /proc/meminfo.
 *
 * The kernel itself must change the cwd (or root, or add the watch), and
 * natively it walks the cover. So the node the path leads to for the
 * caller is made in the cover under its canonical name (vfs/cover_dirs.c),
 * and the call goes on natively: the same path now leads there (through
 * the cover's "self" and "net" links, as through procfs's own), and the
 * kernel makes its own checks (chroot's CAP_SYS_CHROOT). A thread that
 * rewrites the path meanwhile lands wherever the kernel's own walk takes
 * it, which is never the host's procfs. A path that leads out of /proc
 * through a magic link (/proc/self/cwd, /dev/fd/N of a directory) is
 * ENOENT: the cover has no place for it (docs/design.md). */
#include <errno.h>
#include <fcntl.h>
#include <linux/limits.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cover_dirs.h"
#include "creds.h"
#include "handlers.h"
#include "resolve.h"
#include "sandbox_procfs.h"

static bool node_is_dir(const struct vnode *n)
{
	if (n->e->kind == PK_DIR || n->e->kind == PK_TASKS || n->e->kind == PK_DEVS)
		return true;
	struct stat st;
	return (n->e->kind == PK_HOST || n->e->kind == PK_SYSTEM) &&
	       fstatat(sandbox_procfs(), vnode_hostpath(n), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       S_ISDIR(st.st_mode);
}

/* Access as procfs checks it: the model's entries are root's, with their
 * table's mode; a task's own (fd/, map_files/ ...) are asked of the
 * sandbox's procfs with the caller's credentials. */
static int may(struct vcall *c, const struct vnode *n, int mask)
{
	struct task_creds cr;
	int rc = creds_of(c->tid, &cr);
	if (rc < 0)
		return rc;
	if (n->e->kind != PK_HOST && n->e->kind != PK_SYSTEM) {
		mode_t bits = n->e->mode & 07777;
		bits = cr.fsuid == 0 ? bits >> 6 : bits;
		bool ok = (!(mask & R_OK) || (bits & 4)) && (!(mask & X_OK) || (bits & 1));
		return ok ? 0 : -EACCES;
	}
	rc = creds_enter(&cr);
	if (rc < 0)
		return rc;
	rc = faccessat(sandbox_procfs(), vnode_hostpath(n), mask, AT_EACCESS) < 0 ? -errno : 0;
	creds_leave();
	return rc;
}

void h_chdir(struct vcall *c)
{
	bool watch = c->nr == SYS_inotify_add_watch;
	uint32_t mask = watch ? (uint32_t)c->args[2] : 0;
	bool follow = !(mask & IN_DONT_FOLLOW);
	bool need_dir = !watch || (mask & IN_ONLYDIR);
	char path[PATH_MAX];
	struct resolution r;
	if (!path_arg_resolve(c, AT_FDCWD, c->args[watch ? 1 : 0], follow ? RSV_FOLLOW : 0, path, &r))
		return;
	if (r.kind == RES_HOST) {
		close(r.hostfd);
		vcall_reply_errno(c, ENOENT);
		return;
	}
	bool dir = node_is_dir(&r.node);
	int rc = need_dir && !dir ? -ENOTDIR : may(c, &r.node, watch ? R_OK : X_OK);
	if (rc == 0)
		rc = cover_dir_make(&r.node, vcall_pid(c), c->tid, !dir);
	if (rc < 0)
		vcall_reply_errno(c, -rc);
	else
		vcall_reply_continue(c);
}
