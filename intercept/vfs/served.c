/* See served.h. */
#include "served.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox_ctx.h"
#include "sandbox_facts.h"
#include "live_socks.h"
#include "sandbox_procfs.h"
#include "stage.h"

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
		live_socks_refresh(&c->sandbox->model);
	n->e->gen(&c->sandbox->model, &ctx, out);
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

/* What each served file stands for, by inode. tmpfs numbers its inodes in
 * sequence, so a table indexed by the low bits keeps the newest 64 Ki
 * files; an older one still open is then no longer recognised, and a
 * path through it (/proc/self/fd/N) reaches the file itself, the same
 * bytes without the /proc name. */
#define SERVED_SLOTS (1u << 16)

struct served_rec {
	ino_t ino;
	struct vnode_ref ref;
};

static struct served_rec *recs;

static void remember(ino_t ino, const struct vnode *n)
{
	if (!recs && !(recs = calloc(SERVED_SLOTS, sizeof(*recs))))
		abort();
	struct served_rec *r = &recs[ino & (SERVED_SLOTS - 1)];
	vnode_ref_set(&r->ref, n);
	r->ino = ino;
}

bool served_node(ino_t ino, struct vnode *out)
{
	const struct served_rec *r = recs ? &recs[ino & (SERVED_SLOTS - 1)] : NULL;
	if (!r || r->ino != ino || !r->ref.e)
		return false;
	vnode_ref_get(&r->ref, out);
	return true;
}

/* Reopen our own fd of a stage file through our own /proc/self: the
 * program cannot touch our fd table, so nothing is re-looked-up by a
 * name it controls. */
static int reopen(int fd, int flags)
{
	char self[64];
	snprintf(self, sizeof(self), "self/fd/%d", fd);
	int r = openat(sandbox_procfs(), self, flags | O_CLOEXEC);
	return r < 0 ? -errno : r;
}

int served_bytes(const struct vnode *n, const char *data, size_t len, int flags, mode_t mode)
{
	int wfd = stage_tmpfile(mode);
	if (wfd < 0)
		return wfd;
	struct stat st;
	int rc = write_all(wfd, data ? data : "", len);
	if (rc == 0 && fstat(wfd, &st) < 0)
		rc = -errno;
	int fd = rc;
	if (rc == 0)
		fd = reopen(wfd, (flags & O_ACCMODE) == O_RDWR ? O_RDWR : O_RDONLY |
			     (flags & (O_NONBLOCK | O_NOATIME)));
	close(wfd);
	if (fd >= 0)
		remember(st.st_ino, n);
	return fd;
}

int served_open(struct vcall *c, const struct vnode *n, int flags)
{
	buf_reset(&scratch);
	served_render(c, n, &scratch);
	return served_bytes(n, scratch.data, scratch.len, flags, 0444);
}

void served_rewind(struct vcall *c, int fd)
{
	int f = vcall_fd_copy(c, fd);
	if (f < 0)
		return;
	struct stat st;
	struct vnode n;
	bool ours = fstat(f, &st) == 0 && stage_holds(st.st_dev) && S_ISREG(st.st_mode) &&
		    served_node(st.st_ino, &n) && n.e->kind == PK_FILE;
	int wfd = ours ? reopen(f, O_RDWR) : -1;
	close(f);
	if (wfd < 0)
		return;
	buf_reset(&scratch);
	served_render(c, &n, &scratch);
	if (ftruncate(wfd, 0) == 0)
		write_all(wfd, scratch.data ? scratch.data : "", scratch.len);
	close(wfd);
}
