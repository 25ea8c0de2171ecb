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

#include "sandbox_procfs.h"
#include "proc_mounts.h"
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

/* Replace the value of "\n<key>" (up to its newline) with val. */
static size_t set_field(char *buf, size_t len, size_t cap, const char *key, const char *val)
{
	char *t = memmem(buf, len, key, strlen(key));
	if (!t)
		return len;
	char *v = t + strlen(key), *end = memchr(v, '\n', len - (size_t)(v - buf));
	size_t vl = strlen(val);
	if (!end || len - (size_t)(end - v) + vl > cap)
		return len;
	memmove(v + vl, end, len - (size_t)(end - buf));
	memcpy(v, val, vl);
	return len - (size_t)(end - v) + vl;
}

int tracer_hide(const struct vn_model *m, int fd, pid_t caller_tid, pid_t caller_pid, const char *(*state_of)(pid_t task))
{
	struct vnode n;
	pid_t task;
	if (!is_status(m, fd, &n, &task))
		return fd;
	static char buf[65536];
	size_t len = 0;
	ssize_t r;
	while (len < sizeof(buf) && (r = pread(fd, buf + len, sizeof(buf) - len, (off_t)len)) > 0)
		len += (size_t)r;
	int flags = fcntl(fd, F_GETFL);
	len = set_field(buf, len, sizeof(buf), "\nTracerPid:\t", "0");
	const char *st = task == caller_tid || task == caller_pid ? "R (running)" : state_of(task);
	char *t = memmem(buf, len, "\nState:\tt (tracing stop)\n", 25);
	if (t && st)
		len = set_field(buf, len, sizeof(buf), "\nState:\t", st);
	close(fd);   /* fail closed: never the host's file */
	return served_bytes(&n, buf, len, O_RDONLY | (flags & O_NONBLOCK), 0444);
}
