/* The backend interface: how a trapped system call reaches a handler and how
 * the answer goes back. Two implementations: seccomp user notification
 * (notify.c) and ptrace (ptrace_backend.c). Handlers see only struct vcall and the
 * vcall_* helpers below; they never know which backend runs them. */
#ifndef VENEER_BACKEND_H
#define VENEER_BACKEND_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct backend;
struct sandbox;

/* One trapped call. */
struct vcall {
	pid_t tid;               /* the calling thread (host tid) */
	pid_t pid;               /* its thread group (filled lazily by vcall_pid) */
	int nr;                  /* syscall number, native x86_64 */
	uint64_t args[6];
	uint64_t id;             /* backend cookie */
	struct backend *be;
	struct sandbox *sandbox; /* what it runs against (sandbox_ctx.h), set by serve() */
	/* The answer, set by the handler (vcall_reply_*). */
	enum { VR_NONE, VR_VALUE, VR_CONTINUE, VR_FD, VR_PARKED } reply;
	int64_t value;           /* VR_VALUE: >= 0 result or -errno */
	int fd;                  /* VR_FD: supervisor fd to install */
	int newfd;               /* VR_FD: -1 = lowest free, else that number */
	bool cloexec;            /* VR_FD */
};

struct backend_ops {
	const char *name;
	ssize_t (*read_mem)(struct vcall *c, void *dst, uint64_t addr, size_t len);
	ssize_t (*write_mem)(struct vcall *c, uint64_t addr, const void *src, size_t len);
	/* Is the call still pending (the thread has not been interrupted or died)? */
	bool (*valid)(struct vcall *c);
	/* Deliver the reply recorded in c. Returns 0, or -errno (ENOENT: the
	 * call is gone). */
	int (*respond)(struct vcall *c);
};

struct backend {
	const struct backend_ops *ops;
	void *priv;
};

/* Handlers' helpers. */
static inline void vcall_reply_value(struct vcall *c, int64_t v) { c->reply = VR_VALUE; c->value = v; }
static inline void vcall_reply_errno(struct vcall *c, int err) { c->reply = VR_VALUE; c->value = -(int64_t)err; }
static inline void vcall_reply_continue(struct vcall *c) { c->reply = VR_CONTINUE; }
/* Install fd (the supervisor's; the backend closes it afterwards) in the
 * caller and return its number as the call's result. */
static inline void vcall_reply_fd(struct vcall *c, int fd, int newfd, bool cloexec)
{
	c->reply = VR_FD; c->fd = fd; c->newfd = newfd; c->cloexec = cloexec;
}
/* The handler keeps c and will respond later (a blocking recv). */
static inline void vcall_park(struct vcall *c) { c->reply = VR_PARKED; }

ssize_t vcall_read(struct vcall *c, void *dst, uint64_t addr, size_t len);
ssize_t vcall_write(struct vcall *c, uint64_t addr, const void *src, size_t len);
/* Read a NUL-terminated string of at most max-1 bytes. Returns its length,
 * -EFAULT, or -ENAMETOOLONG. */
ssize_t vcall_read_str(struct vcall *c, char *dst, uint64_t addr, size_t max);
pid_t vcall_pid(struct vcall *c);
/* Deliver the reply exactly once, whatever fails: an fd the kernel will
 * not install becomes the kernel's errno. 0, or -ENOENT if the call is
 * gone (the caller died or was interrupted). */
int vcall_respond(struct vcall *c);
/* Our own copy of the caller's fd (the same open file), or -errno. What
 * it is is then decided from this reference, which the program can no
 * longer swap. */
int vcall_fd_copy(struct vcall *c, int fd);
/* The lowest fd number >= from free in the caller's table, or -EMFILE
 * where Linux would give it: where stand-in fds are installed. Past a
 * lowered RLIMIT_NOFILE, vcall_respond lifts the limit for the install. */
int vcall_free_fd_from(struct vcall *c, int from);

/* An errno from the supervisor's own resources, as the program sees it:
 * every stand-in costs the supervisor an fd, and its table is, to the
 * program, the system's (ENFILE), not the program's own (EMFILE). */
static inline int supervisor_errno(int err) { return err == EMFILE ? ENFILE : err; }

#endif
