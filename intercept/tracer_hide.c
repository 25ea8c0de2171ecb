/* See tracer_hide.h. */
#include "tracer_hide.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "supervisor.h"

/* ".../<n>/status" or ".../<n>/task/<n>/status" under a procfs mount:
 * true, and n in *task. */
static bool is_status(int fd, char *path, size_t len, pid_t *task)
{
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return false;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || (fl & O_PATH) || (fl & O_ACCMODE) != O_RDONLY)
		return false;
	char link[64];
	snprintf(link, sizeof(link), "self/fd/%d", fd);
	ssize_t n = readlinkat(sv.procfd, link, path, len - 1);
	if (n <= 0)
		return false;
	path[n] = '\0';
	if (!sv_is_procfs(st.st_dev)) {
		/* or the status copy the handler made (task_files.c), which
		 * still shows the tracing stop the handler could not know of */
		static const char ours[] = "/memfd:veneer:";
		if (strncmp(path, ours, sizeof(ours) - 1) != 0)
			return false;
		char *del = strstr(path, " (deleted)");
		if (del)
			*del = '\0';
		memmove(path, path + sizeof(ours) - 1, strlen(path + sizeof(ours) - 1) + 1);
	}
	char *slash = strrchr(path, '/');
	if (!slash || strcmp(slash, "/status") != 0 || slash == path)
		return false;
	char *d = slash;   /* the component before must be a number */
	while (d > path && d[-1] >= '0' && d[-1] <= '9')
		d--;
	*task = atoi(d);
	return d < slash && d > path && d[-1] == '/';
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

int tracer_hide(int fd, pid_t caller_tid, pid_t caller_pid, const char *(*state_of)(pid_t task))
{
	char path[4096];
	pid_t task;
	if (!is_status(fd, path, sizeof(path), &task))
		return fd;
	static char buf[65536];
	size_t len = 0;
	ssize_t n;
	while (len < sizeof(buf) && (n = pread(fd, buf + len, sizeof(buf) - len, (off_t)len)) > 0)
		len += (size_t)n;
	int flags = fcntl(fd, F_GETFL);
	len = set_field(buf, len, sizeof(buf), "\nTracerPid:\t", "0");
	const char *st = task == caller_tid || task == caller_pid ? "R (running)" : state_of(task);
	char *t = memmem(buf, len, "\nState:\tt (tracing stop)\n", 25);
	if (t && st)
		len = set_field(buf, len, sizeof(buf), "\nState:\t", st);
	char name[4200];
	snprintf(name, sizeof(name), "veneer:%s", path);
	int mfd = memfd_create(name, MFD_CLOEXEC);
	int rc = 0;
	if (mfd < 0 || pwrite(mfd, buf, len, 0) != (ssize_t)len || fchmod(mfd, 0444) < 0)
		rc = -(errno ? errno : EIO);
	close(fd);   /* fail closed: never the host's file */
	if (rc < 0) {
		if (mfd >= 0)
			close(mfd);
		return rc;
	}
	/* Read-only, like the file it stands for. */
	char self[64];
	snprintf(self, sizeof(self), "self/fd/%d", mfd);
	int ro = openat(sv.procfd, self, O_RDONLY | O_CLOEXEC | (flags & O_NONBLOCK));
	rc = -errno;
	close(mfd);
	return ro < 0 ? rc : ro;
}
