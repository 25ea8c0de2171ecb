/* statfs/fstatfs of what the model serves: the filesystem is procfs, as on
 * Linux, not the cover's or the stage's tmpfs. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "handlers.h"
#include "resolve.h"
#include "sandbox_ctx.h"
#include "sandbox_procfs.h"

static void reply_statfs(struct vcall *c, int fd, uint64_t buf)
{
	struct statfs sf;
	if (fstatfs(fd, &sf) < 0) {
		vcall_reply_errno(c, errno);
		return;
	}
	ssize_t w = vcall_write(c, buf, &sf, sizeof(sf));
	if (w < 0)
		vcall_reply_errno(c, (int)-w);
	else
		vcall_reply_value(c, 0);
}

void h_statfs(struct vcall *c)
{
	char path[PATH_MAX];
	struct resolution r;
	if (!path_arg_resolve(c, AT_FDCWD, c->args[0], RSV_FOLLOW, path, &r))
		return;
	if (r.kind == RES_HOST) {
		reply_statfs(c, r.hostfd, c->args[1]);
		close(r.hostfd);
	} else {
		reply_statfs(c, sandbox_procfs(), c->args[1]);   /* RES_VIRT */
	}
}

void h_fstatfs(struct vcall *c)
{
	char path[64];
	snprintf(path, sizeof(path), "%d/fd/%d", c->tid, (int)c->args[0]);
	int fd = openat(sandbox_procfs(), path, O_PATH | O_CLOEXEC);
	struct vnode node;
	bool ours = fd >= 0 && vnode_from_fd(&c->sandbox->model, fd, &node);
	if (fd >= 0)
		close(fd);
	if (ours)
		reply_statfs(c, sandbox_procfs(), c->args[1]);
	else
		vcall_reply_continue(c);   /* the kernel answers, EBADF included */
}
