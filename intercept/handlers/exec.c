/* execve and execveat of a path through /proc: `exec /proc/self/exe`
 * (Go's and moby's re-exec, Python's subprocess of sys.executable's
 * link), /proc/<pid>/exe, /dev/fd/N.
 *
 * The kernel itself must exec, and natively it would meet the cover. The
 * magic link is resolved for the caller (resolve.c, with its
 * credentials); what it leads to is a file with a path in the program's
 * mount namespace. The supervisor makes a symbolic link to that path in
 * the covers' tmpfs, which the program sees at /proc (mounts.c), and
 * writes the link's name over the path argument in the caller's memory
 * (it is no longer than the argument), then lets the call continue: the
 * kernel execs through the link. A thread that rewrites the argument
 * again changes nothing the cover does not already refuse. What does not
 * fit (a path argument shorter than the link's name, a read-only string,
 * a target without a path: a deleted file, a memfd) is ENOENT, as before.
 * A path into the model's own /proc is EACCES (no procfs file is
 * executable). */
#include <errno.h>
#include <fcntl.h>
#include <linux/limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "handlers.h"
#include "proc_mounts.h"
#include "resolve.h"
#include "sandbox_procfs.h"
#include "vlog.h"

static void do_exec(struct vcall *c, int dirfd, uint64_t path_addr, int atflags)
{
	char path[PATH_MAX];
	int rc = path_arg_read(c, path_addr, path);
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return;
	}
	if (!path[0] && (atflags & AT_EMPTY_PATH)) {
		vcall_reply_continue(c);   /* fexecve: the fd itself, no path */
		return;
	}
	struct resolution r;
	resolve_path(c, dirfd, path, (atflags & AT_SYMLINK_NOFOLLOW) ? 0 : RSV_FOLLOW, &r);
	vlog_path(c, path, &r);
	if (r.kind == RES_NATIVE) {
		vcall_reply_continue(c);
		return;
	}
	if (r.kind == RES_ERR) {
		vcall_reply_errno(c, r.err);
		return;
	}
	if (r.kind == RES_VIRT) {
		vcall_reply_errno(c, EACCES);
		return;
	}
	/* RES_HOST: the path of what the link leads to, as our fd shows it
	 * (the program's mount namespace is a copy of ours, but /proc) */
	char self[64], target[PATH_MAX], name[PATH_MAX];
	snprintf(self, sizeof(self), "self/fd/%d", r.hostfd);
	ssize_t n = readlinkat(sandbox_procfs(), self, target, sizeof(target) - 1);
	close(r.hostfd);
	if (n <= 0 || target[0] != '/') {
		vcall_reply_errno(c, ENOENT);
		return;
	}
	target[n] = '\0';
	static const char deleted[] = " (deleted)";
	if ((size_t)n > sizeof(deleted) - 1 && strcmp(target + n - (sizeof(deleted) - 1), deleted) == 0) {
		vcall_reply_errno(c, ENOENT);   /* no path leads to it any more */
		return;
	}
	int len = proc_covers_link(target, name, sizeof(name));
	if (len < 0 || (size_t)len > strlen(path) ||
	    vcall_write(c, path_addr, name, (size_t)len + 1) < 0) {
		vcall_reply_errno(c, ENOENT);
		return;
	}
	vcall_reply_continue(c);
}

void h_execve(struct vcall *c)
{
	do_exec(c, AT_FDCWD, c->args[0], 0);
}

void h_execveat(struct vcall *c)
{
	do_exec(c, (int)c->args[0], c->args[1], (int)c->args[4]);
}
