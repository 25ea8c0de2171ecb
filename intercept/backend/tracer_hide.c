/* See tracer_hide.h. */
#include "tracer_hide.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc/proc_lines.h"
#include "proc_mounts.h"
#include "sandbox_procfs.h"
#include "served.h"
#include "stage.h"

/* A /proc/<n>/status or /proc/<n>/task/<n>/status: the task's file from
 * the sandbox's procfs, or the copy task_files.c made of it (a served
 * file), which still shows the tracing stop the handler could not know
 * of. true, its node in *n and the task in *task. */
static bool is_status(const struct vn_model *m, int fd, struct vnode *n, pid_t *task)
{
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return false;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || (fl & O_PATH) || (fl & O_ACCMODE) != O_RDONLY)
		return false;
	if (stage_holds(st.st_dev)) {
		if (!served_node(st.st_ino, n))
			return false;
	} else if (proc_mounts_is_procfs(st.st_dev)) {
		/* our own fd: its path is the procfs's, "/<pid>/status" */
		char link[64], path[PATH_MAX], vpath[PATH_MAX + 8];
		snprintf(link, sizeof(link), "self/fd/%d", fd);
		ssize_t len = readlinkat(sandbox_procfs(), link, path, sizeof(path) - 1);
		if (len <= 0)
			return false;
		path[len] = '\0';
		snprintf(vpath, sizeof(vpath), "/proc%s", path);
		if (!vnode_from_vpath(m, vpath, n))
			return false;
	} else {
		return false;
	}
	const char *slash = strrchr(n->vpath, '/');
	*task = n->tid;
	return n->pid && slash && strcmp(slash, "/status") == 0;
}

int tracer_hide(const struct vn_model *m, int fd, pid_t caller_tid, pid_t caller_pid,
		const char *(*state_of)(pid_t task))
{
	struct vnode n;
	pid_t task;
	if (!is_status(m, fd, &n, &task))
		return fd;
	static char buf[65536];
	static struct buf out;
	size_t len = 0;
	ssize_t r;
	while (len < sizeof(buf) && (r = pread(fd, buf + len, sizeof(buf) - len, (off_t)len)) > 0)
		len += (size_t)r;
	int flags = fcntl(fd, F_GETFL);
	size_t vlen;
	const char *state = vn_kv_get(buf, len, "State", &vlen);
	static const char stop[] = "t (tracing stop)";
	const char *native = NULL;   /* the state a tracing stop stands for */
	if (state && vlen == sizeof(stop) - 1 && memcmp(state, stop, vlen) == 0)
		native = task == caller_tid || task == caller_pid ? "R (running)" : state_of(task);
	const struct vn_kv_set set[] = { { "TracerPid", "0" }, { "State", native }, { NULL, NULL } };
	buf_reset(&out);
	vn_kv_rewrite(buf, len, set, &out);
	close(fd);   /* fail closed: never the host's file */
	return served_bytes(&n, out.data, out.len, O_RDONLY | (flags & O_NONBLOCK), 0444);
}
