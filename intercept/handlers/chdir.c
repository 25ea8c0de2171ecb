/* chdir into a directory of the model's /proc: `cd /proc/net; cat dev`,
 * `cd /proc/self/fd; ls`.
 *
 * The kernel itself must change the cwd, and natively it walks the cover.
 * So the directory the path leads to for the caller is made in the cover
 * under its canonical name (vfs/cover_dirs.c), and the call goes on
 * natively: the same path now leads there (through the cover's "self" and
 * "net" links, as through procfs's own). A thread that rewrites the path
 * meanwhile lands wherever the kernel's own walk takes it, which is never
 * the host's procfs. A path that leads out of /proc through a magic link
 * (/proc/self/cwd, /dev/fd/N of a directory) is ENOENT: the cover has no
 * place for it (docs/design.md). */
#include <errno.h>
#include <fcntl.h>
#include <linux/limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cover_dirs.h"
#include "creds.h"
#include "handlers.h"
#include "resolve.h"
#include "supervisor.h"

static bool node_is_dir(const struct vnode *n)
{
	if (n->e->kind == PK_DIR || n->e->kind == PK_TASKS || n->e->kind == PK_DEVS)
		return true;
	struct stat st;
	return (n->e->kind == PK_HOST || n->e->kind == PK_SYSTEM) &&
	       fstatat(sv.procfd, vnode_hostpath(n), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

/* Search permission, as procfs checks it: the model's directories are
 * 0555; a task's own (fd/, map_files/ ...) are its owner's, asked of the
 * sandbox's procfs with the caller's credentials. */
static int may_enter(struct vcall *c, const struct vnode *n)
{
	if (n->e->kind != PK_HOST && n->e->kind != PK_SYSTEM)
		return 0;
	struct task_creds cr;
	int rc = creds_of(c->tid, &cr);
	if (rc == 0)
		rc = creds_enter(&cr);
	if (rc < 0)
		return rc;
	rc = faccessat(sv.procfd, vnode_hostpath(n), X_OK, AT_EACCESS) < 0 ? -errno : 0;
	creds_leave();
	return rc;
}

void h_chdir(struct vcall *c)
{
	char path[PATH_MAX];
	struct resolution r;
	if (!path_arg_resolve(c, AT_FDCWD, c->args[0], RSV_FOLLOW, path, &r))
		return;
	if (r.kind == RES_HOST) {
		close(r.hostfd);
		vcall_reply_errno(c, ENOENT);
		return;
	}
	int rc = node_is_dir(&r.node) ? may_enter(c, &r.node) : -ENOTDIR;
	if (rc == 0)
		rc = cover_dir_make(&r.node, vcall_pid(c), c->tid);
	if (rc < 0)
		vcall_reply_errno(c, -rc);
	else
		vcall_reply_continue(c);
}
