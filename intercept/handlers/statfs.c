/* statfs/fstatfs of what the model serves: the filesystem is procfs or
 * sysfs, as on Linux, not the covers' or the stage's tmpfs. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "handlers.h"
#include "resolve.h"
#include "sandbox_ctx.h"
#include "sandbox_procfs.h"
#include "sys_cover.h"
#include "tmpfs_sizes.h"
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

/* A tmpfs of the kernel's default size (/dev/shm): as big as on the
 * model's machine. False if dev is no such tmpfs: the kernel answers. */
static bool reply_tmpfs(struct vcall *c, dev_t dev, uint64_t buf)
{
	struct statfs sf;
	if (!dev || !tmpfs_default_statfs(dev, &sf))
		return false;
	tmpfs_fit(&sf, c->sandbox->model.memory_kb);
	ssize_t w = vcall_write(c, buf, &sf, sizeof(sf));
	if (w < 0)
		vcall_reply_errno(c, (int)-w);
	else
		vcall_reply_value(c, 0);
	return true;
}

/* A file of the cover of /sys: what Linux says of a sysfs file. */
static void reply_sysfs(struct vcall *c, ino_t ino, uint64_t buf)
{
	struct statfs sf;
	int rc = sys_cover_statfs(ino, &sf);
	ssize_t w = rc < 0 ? rc : vcall_write(c, buf, &sf, sizeof(sf));
	if (w < 0)
		vcall_reply_errno(c, (int)-w);
	else
		vcall_reply_value(c, 0);
}

void h_statfs(struct vcall *c)
{
	char path[PATH_MAX];
	struct resolution r;
	int rc = path_arg_read(c, c->args[0], path);
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return;
	}
	resolve_path(c, AT_FDCWD, path, RSV_FOLLOW, &r);
	vlog_path(c, path, &r);
	if (r.kind == RES_NATIVE && sys_cover_is(r.dev)) {
		reply_sysfs(c, r.ino, c->args[1]);
	} else if (r.kind == RES_NATIVE) {
		if (!reply_tmpfs(c, r.dev, c->args[1]))
			vcall_reply_continue(c);
	} else if (r.kind == RES_ERR) {
		vcall_reply_errno(c, r.err);
	} else if (r.kind == RES_HOST) {
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
	struct stat st;
	bool ours = fd >= 0 && vnode_from_fd(&c->sandbox->model, fd, &node);
	bool have = !ours && fd >= 0 && fstat(fd, &st) == 0;
	bool sys = have && sys_cover_is(st.st_dev);
	if (fd >= 0)
		close(fd);
	if (ours)
		reply_statfs(c, sandbox_procfs(), c->args[1]);
	else if (sys)
		reply_sysfs(c, st.st_ino, c->args[1]);
	else if (!have || !reply_tmpfs(c, st.st_dev, c->args[1]))
		vcall_reply_continue(c);   /* the kernel answers, EBADF included */
}
