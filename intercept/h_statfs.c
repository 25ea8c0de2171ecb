/* statfs/fstatfs of what the model serves: the filesystem is procfs, as on
 * Linux, not the cover's tmpfs or a served file's memfd. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "handlers.h"
#include "resolve.h"
#include "supervisor.h"
#include "vlog.h"

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
	ssize_t n = vcall_read_str(c, path, c->args[0], sizeof(path));
	if (n < 0) {
		vcall_reply_errno(c, (int)-n);
		return;
	}
	struct resolution r;
	resolve_path(c, AT_FDCWD, path, RSV_FOLLOW, &r);
	vlog_path(c, path, &r);
	switch (r.kind) {
	case RES_NATIVE:
		vcall_reply_continue(c);
		return;
	case RES_ERR:
		vcall_reply_errno(c, r.err);
		return;
	case RES_HOST:
		reply_statfs(c, r.hostfd, c->args[1]);
		close(r.hostfd);
		return;
	case RES_VIRT:
		reply_statfs(c, sv.procfd, c->args[1]);
		return;
	}
	vcall_reply_errno(c, EIO);
}

void h_fstatfs(struct vcall *c)
{
	char path[64];
	snprintf(path, sizeof(path), "%d/fd/%d", c->tid, (int)c->args[0]);
	int fd = openat(sv.procfd, path, O_PATH | O_CLOEXEC);
	struct vnode node;
	bool ours = fd >= 0 && vnode_from_fd(fd, path, &node);
	if (fd >= 0)
		close(fd);
	if (ours)
		reply_statfs(c, sv.procfd, c->args[1]);
	else
		vcall_reply_continue(c);   /* the kernel answers, EBADF included */
}
