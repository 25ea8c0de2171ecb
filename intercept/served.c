/* See served.h. */
#include "served.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox_facts.h"
#include "live_socks.h"
#include "supervisor.h"

static struct buf scratch;   /* reused: no allocation per call */

int served_render(struct vcall *c, const struct vnode *n, struct buf *out)
{
	struct vn_sandbox sb;
	int err = 0;
	struct proc_ctx ctx = {
		.pid = n->pid ? n->pid : vcall_pid(c),
		.tid = n->tid ? n->tid : c->tid,
		.arg = n->e->arg,
		.dev = n->dev,
		.err = &err,
	};
	if (n->e->live) {
		sandbox_facts(&sb);
		ctx.sb = &sb;
	}
	if (proc_gen_uses_sockets(n->e->gen))
		live_socks_refresh(&sv.model);
	n->e->gen(&sv.model, &ctx, out);
	return err;
}

static int write_all(int fd, const char *p, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t w = pwrite(fd, p + off, len - off, (off_t)off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		off += (size_t)w;
	}
	return 0;
}

int served_bytes(const char *vpath, const char *data, size_t len, int flags)
{
	char name[PATH_MAX + 16];
	snprintf(name, sizeof(name), "veneer:%s", vpath);
	int mfd = memfd_create(name, MFD_CLOEXEC);
	if (mfd < 0)
		return -errno;
	int rc = write_all(mfd, data ? data : "", len);
	if (rc == 0 && fchmod(mfd, 0444) < 0)
		rc = -errno;
	if (rc < 0) {
		close(mfd);
		return rc;
	}
	/* Reopen read-only: the program gets what procfs gives, a file it
	 * can read but not write. */
	char self[64];
	snprintf(self, sizeof(self), "self/fd/%d", mfd);
	int keep = flags & (O_NONBLOCK | O_NOATIME | O_PATH);
	int fd = openat(sv.procfd, self, O_RDONLY | O_CLOEXEC | keep);
	rc = -errno;
	close(mfd);
	return fd < 0 ? rc : fd;
}

int served_open(struct vcall *c, const struct vnode *n, int flags)
{
	buf_reset(&scratch);
	served_render(c, n, &scratch);
	return served_bytes(n->vpath, scratch.data, scratch.len, flags);
}

void served_rewind(struct vcall *c, int fd)
{
	char path[64];
	struct vnode n;
	snprintf(path, sizeof(path), "%d/fd/%d", c->tid, fd);
	int wfd = openat(sv.procfd, path, O_PATH | O_CLOEXEC);
	if (wfd < 0)
		return;
	bool ours = vnode_from_fd(wfd, path, &n) && n.e->kind == PK_FILE;
	close(wfd);
	if (!ours)
		return;
	wfd = openat(sv.procfd, path, O_RDWR | O_CLOEXEC);
	if (wfd < 0)
		return;
	buf_reset(&scratch);
	served_render(c, &n, &scratch);
	if (ftruncate(wfd, 0) == 0)
		write_all(wfd, scratch.data ? scratch.data : "", scratch.len);
	close(wfd);
}
