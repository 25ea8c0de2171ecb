/* See task_files.h. */
#include "task_files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc/task_filters.h"
#include "sandbox_ctx.h"
#include "sandbox_procfs.h"
#include "served.h"

enum which { TF_NONE, TF_STATUS, TF_MOUNTINFO, TF_MOUNTS, TF_CGROUP };

/* "/proc/<pid>/NAME" or "/proc/<pid>/task/<tid>/NAME" */
static enum which which_of(const struct vnode *n)
{
	const char *slash = strrchr(n->vpath, '/');
	if (!slash || n->pid <= 0)
		return TF_NONE;
	char want[96];
	const char *name = slash + 1;
	size_t dirlen = (size_t)(slash - n->vpath);
	int a = snprintf(want, sizeof(want), "/proc/%d", n->pid);
	bool task_dir = dirlen == (size_t)a && strncmp(n->vpath, want, dirlen) == 0;
	int b = snprintf(want, sizeof(want), "/proc/%d/task/%d", n->pid, n->tid);
	task_dir = task_dir || (dirlen == (size_t)b && strncmp(n->vpath, want, dirlen) == 0);
	if (!task_dir)
		return TF_NONE;
	if (strcmp(name, "status") == 0)
		return TF_STATUS;
	if (strcmp(name, "mountinfo") == 0)
		return TF_MOUNTINFO;
	if (strcmp(name, "mounts") == 0)
		return TF_MOUNTS;
	if (strcmp(name, "cgroup") == 0)
		return TF_CGROUP;
	return TF_NONE;
}

bool task_file_filtered(const struct vnode *n)
{
	return which_of(n) != TF_NONE;
}

static int slurp(int fd, struct buf *b)
{
	for (;;) {
		char *p = buf_reserve(b, 65536);
		ssize_t n = read(fd, p, 65536);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return 0;
		b->len += (size_t)n;
	}
}

int task_file_open(struct vcall *c, const struct vnode *n, int flags,
		   int (*open_as)(struct vcall *c, int dirfd, const char *path, int flags, mode_t mode))
{
	enum which w = which_of(n);
	/* status, mountinfo and mounts are 0444 and Linux checks no ptrace
	 * access for them: any task may read them, its own thread group's
	 * always, so those are opened without taking on the caller's
	 * credentials (which cost a read of its status file: issue #16).
	 * The caller waits in the trapped call: its tgid is its own. */
	int hfd;
	if (n->pid == vcall_pid(c)) {
		hfd = openat(sandbox_procfs(), vnode_hostpath(n), O_RDONLY | O_CLOEXEC);
		if (hfd < 0)
			hfd = -errno;
	} else {
		hfd = open_as(c, sandbox_procfs(), vnode_hostpath(n), O_RDONLY, 0);
	}
	if (hfd < 0)
		return hfd;
	struct buf host, out;
	buf_init(&host);
	buf_init(&out);
	int rc = slurp(hfd, &host);
	close(hfd);
	if (rc == 0) {
		if (w == TF_STATUS)
			/* the caller reading its own status is running, not
			 * waiting for us */
			filter_status(host.data, host.len, c->sandbox->caps, n->tid == c->tid, &out);
		else if (w == TF_MOUNTINFO)
			filter_mountinfo(host.data, host.len, &out);
		else if (w == TF_CGROUP)
			filter_cgroup(host.data, host.len, &out);
		else
			filter_mounts(host.data, host.len, &out);
		rc = served_bytes(n, out.data, out.len, flags, 0444);
	}
	buf_free(&host);
	buf_free(&out);
	return rc;
}
