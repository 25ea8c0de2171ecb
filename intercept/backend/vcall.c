/* Backend-independent helpers for handlers. */
#include "backend.h"
#include "compat.h"
#include "sandbox_procfs.h"
#include "task_status.h"
#include "vlog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <unistd.h>
#include <sys/syscall.h>

ssize_t vcall_read(struct vcall *c, void *dst, uint64_t addr, size_t len)
{
	if (len == 0)
		return 0;
	if (addr == 0)
		return -EFAULT;
	ssize_t n = c->be->ops->read_mem(c, dst, addr, len);
	if (n >= 0 && (size_t)n != len)
		return -EFAULT;
	return n;
}

ssize_t vcall_write(struct vcall *c, uint64_t addr, const void *src, size_t len)
{
	if (len == 0)
		return 0;
	if (addr == 0)
		return -EFAULT;
	ssize_t n = c->be->ops->write_mem(c, addr, src, len);
	if (n >= 0 && (size_t)n != len)
		return -EFAULT;
	return n;
}

/* Read page by page: a string may end just before an unmapped page. */
ssize_t vcall_read_str(struct vcall *c, char *dst, uint64_t addr, size_t max)
{
	size_t got = 0;
	if (addr == 0)
		return -EFAULT;
	while (got < max) {
		size_t page_left = 4096 - ((addr + got) & 4095);
		size_t want = max - got < page_left ? max - got : page_left;
		ssize_t n = c->be->ops->read_mem(c, dst + got, addr + got, want);
		if (n <= 0)
			return got ? -EFAULT : (n < 0 ? n : -EFAULT);
		char *nul = memchr(dst + got, '\0', (size_t)n);
		if (nul)
			return nul - dst;
		got += (size_t)n;
	}
	return -ENAMETOOLONG;
}

static pid_t tgid_cached(pid_t tid);
static int tgid_watch(pid_t tid);
static void tgid_keep(int slot, pid_t tgid);

pid_t vcall_pid(struct vcall *c)
{
	if (c->pid)
		return c->pid;
	pid_t kept = tgid_cached(c->tid);
	if (kept > 0)
		return c->pid = kept;
	int slot = tgid_watch(c->tid);   /* before the lookup: see tgid_keep */
	c->pid = c->tid;
	/* pidfd_open succeeds only for a thread-group leader: most callers
	 * are one, and then tid is the tgid without reading a file */
	int pfd = (int)syscall(SYS_pidfd_open, c->tid, 0);
	if (pfd >= 0) {
		close(pfd);
	} else {
		struct task_status ts;
		if (task_status_read(c->tid, &ts) == 0 && (ts.have & TS_TGID))
			c->pid = ts.tgid;
	}
	tgid_keep(slot, c->pid);
	return c->pid;
}

static bool fd_free(struct vcall *c, int fd)
{
	char path[64];
	struct stat st;
	snprintf(path, sizeof(path), "%d/fd/%d", c->tid, fd);
	return fstatat(sandbox_procfs(), path, &st, AT_SYMLINK_NOFOLLOW) < 0 && errno == ENOENT;
}

/* Whether the caller's table has a free number below its RLIMIT_NOFILE:
 * where Linux would put a new fd, and without which it says EMFILE. */
static bool fd_room_below(struct vcall *c, rlim_t limit)
{
	for (rlim_t fd = 0; fd < limit; fd++)
		if (fd_free(c, (int)fd))
			return true;
	return false;
}

/* Stand-ins above the numbers a lowered RLIMIT_NOFILE allows: how far
 * past `from` we look (the program can hold no more stand-ins than the
 * supervisor's own fd budget, vfd.c). */
#define FD_ABOVE_LIMIT_SPAN 4096

int vcall_free_fd_from(struct vcall *c, int from)
{
	struct rlimit rl;
	if (prlimit(vcall_pid(c), RLIMIT_NOFILE, NULL, &rl) < 0)
		return -errno;
	if (rl.rlim_cur > (rlim_t)from) {
		for (int fd = from; (rlim_t)fd < rl.rlim_cur; fd++)
			if (fd_free(c, fd))
				return fd;
		return -EMFILE;
	}
	/* The program's limit is below the stand-ins' numbers (ulimit -n 64):
	 * Linux would give it a low number if one is free, so we give it one
	 * at or above `from` — installed with the limit lifted for that one
	 * call (vcall_respond) — and EMFILE when Linux would. */
	if (!fd_room_below(c, rl.rlim_cur))
		return -EMFILE;
	for (int fd = from; fd < from + FD_ABOVE_LIMIT_SPAN; fd++)
		if (fd_free(c, fd))
			return fd;
	return -EMFILE;
}

/* ADDFD and dup3 refuse a number at or past the caller's RLIMIT_NOFILE
 * (EBADF): for a stand-in placed there (vcall_free_fd_from), lift the
 * caller's limit to just above it for the install; *saved is what to put
 * back. False if nothing was lifted. Lifting a hard limit needs
 * CAP_SYS_RESOURCE (a root veneer has it, an unprivileged one does not:
 * the install then fails and the program gets EMFILE). A thread of the
 * program that reads or sets its limit in that window sees or loses the
 * lifted value: documented in docs/design.md. */
static bool nofile_lift(struct vcall *c, struct rlimit *saved)
{
	if (c->reply != VR_FD || c->newfd < 0)
		return false;
	if (prlimit(vcall_pid(c), RLIMIT_NOFILE, NULL, saved) < 0 ||
	    saved->rlim_cur > (rlim_t)c->newfd)
		return false;
	struct rlimit up = *saved;
	up.rlim_cur = (rlim_t)c->newfd + 1;
	if (up.rlim_max < up.rlim_cur)
		up.rlim_max = up.rlim_cur;
	return prlimit(vcall_pid(c), RLIMIT_NOFILE, &up, NULL) == 0;
}

int vcall_respond(struct vcall *c)
{
	vlog_answer(c);   /* the caller still waits: its memory holds the handler's answer */
	struct rlimit saved;
	bool lifted = nofile_lift(c, &saved);
	int rc = c->be->ops->respond(c);
	if (lifted)
		prlimit(vcall_pid(c), RLIMIT_NOFILE, &saved, NULL);
	if (rc == 0 || rc == -ENOENT)
		return rc;
	/* The kernel refused the fd (EMFILE past the caller's RLIMIT_NOFILE,
	 * ...) or the answer: the call still waits, so it gets that errno,
	 * or EIO where the refusal was of an errno itself. A number past the
	 * limit that could not be lifted is the EMFILE Linux would give. */
	int err = c->reply == VR_FD ? (rc == -EBADF && c->newfd >= 0 ? EMFILE : -rc) : EIO;
	vcall_reply_errno(c, err);
	return c->be->ops->respond(c);
}

/* pidfds of the callers seen last, kept: most trapped calls come from
 * the same few threads, and a pidfd_open less per call is a third of the
 * lookup of a virtual fd. A kept pidfd whose task has gone (its tid
 * reused by another) fails with ESRCH and is made afresh: it can never
 * reach another task's table.
 *
 * The slot also keeps the thread's tgid once learnt, trusted only while
 * the kept pidfd is a thread pidfd (PIDFD_THREAD) whose task is alive: a
 * live task keeps its tid and its thread group for life (an exec by a
 * non-leader thread takes the leader's pid and leaves the old tid's pid
 * without a task: ESRCH), and no other task can hold a live task's tid.
 * The check is one pidfd_send_signal of signal 0, against the
 * pidfd_open and close of vcall_pid's own test: a served /proc file needs
 * the tgid for the path through /proc/self. */
#define PIDFD_SLOTS 16
static struct { pid_t tid; int pidfd; bool thread; pid_t tgid; } pidfds[PIDFD_SLOTS];
static unsigned pidfd_next;
static bool no_thread_pidfds;   /* the kernel has no PIDFD_THREAD: no tgid kept */

static unsigned pidfd_slot(pid_t tid)
{
	unsigned i;
	for (i = 0; i < PIDFD_SLOTS; i++)
		if (pidfds[i].tid == tid && pidfds[i].pidfd > 0)
			break;
	return i;
}

/* A fresh pidfd for c's thread in slot i (any kept one closed), or -errno;
 * where the kernel has no thread pidfds, of its thread group if group. */
static int pidfd_make(struct vcall *c, unsigned i, bool group)
{
	if (pidfds[i].pidfd > 0)
		close(pidfds[i].pidfd);
	pidfds[i].tid = 0;
	pidfds[i].pidfd = 0;
	pidfds[i].tgid = 0;
	/* PIDFD_THREAD (6.9): the calling thread's table even if it
	 * unshared it; older kernels take the thread group's. */
	bool thread = !no_thread_pidfds;
	int pidfd = thread ? (int)syscall(SYS_pidfd_open, c->tid, PIDFD_THREAD) : -1;
	if (pidfd < 0 && thread && errno == EINVAL)
		no_thread_pidfds = true;   /* before 6.9: not again */
	if (pidfd < 0 && group) {
		thread = false;
		pidfd = (int)syscall(SYS_pidfd_open, vcall_pid(c), 0);
	}
	if (pidfd < 0)
		return -errno;
	pidfds[i].tid = c->tid;
	pidfds[i].pidfd = pidfd;
	pidfds[i].thread = thread;
	return pidfd;
}

static int pidfd_of(struct vcall *c, bool fresh)
{
	unsigned i = pidfd_slot(c->tid);
	if (i < PIDFD_SLOTS && !fresh)
		return pidfds[i].pidfd;
	if (i == PIDFD_SLOTS)
		i = pidfd_next++ % PIDFD_SLOTS;
	return pidfd_make(c, i, true);
}

static pid_t tgid_cached(pid_t tid)
{
	unsigned i = pidfd_slot(tid);
	if (i == PIDFD_SLOTS || !pidfds[i].thread || pidfds[i].tgid <= 0)
		return 0;
	if (syscall(SYS_pidfd_send_signal, pidfds[i].pidfd, 0, NULL, 0) < 0) {
		pidfds[i].tgid = 0;   /* gone: the next vcall_fd_copy makes it afresh */
		return 0;
	}
	return pidfds[i].tgid;
}

/* A slot with a fresh thread pidfd of tid, made before its tgid is
 * looked up, or -1. */
static int tgid_watch(pid_t tid)
{
	if (no_thread_pidfds)
		return -1;
	unsigned i = pidfd_slot(tid);
	if (i == PIDFD_SLOTS)
		i = pidfd_next++ % PIDFD_SLOTS;
	struct vcall tmp = { .tid = tid };
	if (pidfd_make(&tmp, i, false) < 0 || !pidfds[i].thread)
		return -1;
	return (int)i;
}

/* tgid was looked up after the slot's thread pidfd was made: if that
 * task is still alive now, it was the one the lookup saw (a task that
 * died does not come back), so the tgid is its own. */
static void tgid_keep(int slot, pid_t tgid)
{
	if (slot >= 0 && syscall(SYS_pidfd_send_signal, pidfds[slot].pidfd, 0, NULL, 0) == 0)
		pidfds[slot].tgid = tgid;
}

int vcall_fd_copy(struct vcall *c, int fd)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		int pidfd = pidfd_of(c, attempt > 0);
		if (pidfd < 0)
			return pidfd;
		int dup = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
		if (dup >= 0)
			return dup;
		if (errno != ESRCH)
			return -errno;
	}
	return -ESRCH;
}
