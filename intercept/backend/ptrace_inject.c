/* See ptrace_inject.h.
 *
 * The only way into another process's fd table without seccomp's ADDFD is
 * a call the process makes itself. The tracee makes a socketpair (its
 * first end lands on the lowest free number, the one open() would have
 * returned); we take the second end with pidfd_getfd (we are its tracer),
 * send our fd through it with SCM_RIGHTS, and have the tracee recvmsg it
 * and dup3 it onto the first end (or onto newfd), then close the rest.
 * The first call replaces the trapped one at its seccomp stop; the next
 * ones re-run the syscall instruction from the syscall-exit stop, which
 * passes through user mode: every signal is blocked meanwhile
 * (PTRACE_SETSIGMASK), so none is taken in the middle; the tracee queues
 * the unblockable ones (SIGSTOP) back to itself. Its registers and
 * the scratch bytes borrowed below its red zone are restored. */
#include "ptrace_inject.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compat.h"
#include "fdpass.h"


/* The tracee's scratch area, below its stack's red zone. */
struct scratch {
	int pair[2];
	char byte;
	struct iovec iov;
	struct msghdr msg;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cmsg;
	siginfo_t info;
};

struct inj {
	pid_t tid;
	struct user_regs_struct saved;   /* at the seccomp stop */
	bool at_exit;                    /* now at a syscall-exit stop */
	bool gone;
	uint64_t at;                     /* scratch address in the tracee */
	int nheld;
	siginfo_t held[16];
	inject_wait_fn wait_stop;
};

static int mem(pid_t tid, uint64_t addr, void *buf, size_t len, bool write)
{
	struct iovec local = { buf, len }, remote = { (void *)(uintptr_t)addr, len };
	ssize_t n = write ? process_vm_writev(tid, &local, 1, &remote, 1, 0)
			  : process_vm_readv(tid, &local, 1, &remote, 1, 0);
	return n == (ssize_t)len ? 0 : -EFAULT;
}

/* Resume to the next syscall stop, holding back signals on the way. */
static bool next_syscall_stop(struct inj *j)
{
	int sig = 0;
	for (;;) {
		int st;
		if (ptrace(PTRACE_SYSCALL, j->tid, 0, sig) < 0 && errno != ESRCH)
			return !(j->gone = true);
		sig = 0;
		if (j->wait_stop(j->tid, &st) < 0)
			return !(j->gone = true);
		int s = WSTOPSIG(st), ev = st >> 16;
		if (s == (SIGTRAP | 0x80))
			return true;
		if (ev == 0 && j->nheld < (int)(sizeof(j->held) / sizeof(j->held[0])) &&
		    ptrace(PTRACE_GETSIGINFO, j->tid, 0, &j->held[j->nheld]) == 0)
			j->nheld++;
		/* Other event stops (a seccomp stop of an injected call that
		 * the filter traps, a group stop) just go on. */
	}
}

/* Run one system call in the tracee: its result, or -ESRCH if it is gone. */
static long call(struct inj *j, long nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	if (j->gone)
		return -ESRCH;
	struct user_regs_struct r = j->saved;
	r.orig_rax = (uint64_t)nr;
	r.rax = (uint64_t)nr;
	r.rdi = a0;
	r.rsi = a1;
	r.rdx = a2;
	r.r10 = a3;
	if (j->at_exit) {
		/* Back onto the syscall instruction (2 bytes): the next
		 * stop is its entry, then its exit. */
		r.rip = j->saved.rip - 2;
		if (ptrace(PTRACE_SETREGS, j->tid, 0, &r) < 0 || !next_syscall_stop(j))
			return -ESRCH;
	} else if (ptrace(PTRACE_SETREGS, j->tid, 0, &r) < 0) {
		return -ESRCH;
	}
	/* At the seccomp stop the kernel runs the call as we rewrote it. */
	if (!next_syscall_stop(j) || ptrace(PTRACE_GETREGS, j->tid, 0, &r) < 0)
		return -ESRCH;
	j->at_exit = true;
	return (long)r.rax;
}

static long transfer(struct inj *j, int fd, int newfd, bool cloexec)
{
	struct scratch s = { 0 };
	uint64_t at = j->at;
	long rc = call(j, SYS_socketpair, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, at + offsetof(struct scratch, pair));
	if (rc < 0 || mem(j->tid, at, &s, sizeof(s), false) < 0)
		return rc < 0 ? rc : -EFAULT;
	int a = s.pair[0], b = s.pair[1];

	int pidfd = (int)syscall(SYS_pidfd_open, j->tid, PIDFD_THREAD);
	int ours = pidfd < 0 ? -1 : (int)syscall(SYS_pidfd_getfd, pidfd, b, 0);
	rc = ours < 0 ? -errno : 0;
	if (pidfd >= 0)
		close(pidfd);
	if (rc == 0) {
		rc = fd_send(ours, fd, MSG_DONTWAIT);
		close(ours);
	}
	int x = -1;
	if (rc == 0) {
		s.iov = (struct iovec){ (void *)(uintptr_t)(at + offsetof(struct scratch, byte)), 1 };
		s.msg = (struct msghdr){
			.msg_iov = (void *)(uintptr_t)(at + offsetof(struct scratch, iov)),
			.msg_iovlen = 1,
			.msg_control = (void *)(uintptr_t)(at + offsetof(struct scratch, cmsg)),
			.msg_controllen = sizeof(s.cmsg.buf),
		};
		rc = mem(j->tid, at, &s, sizeof(s), true);
		if (rc == 0)
			rc = call(j, SYS_recvmsg, (uint64_t)a, at + offsetof(struct scratch, msg), MSG_CMSG_CLOEXEC, 0);
		if (rc >= 0)
			rc = mem(j->tid, at, &s, sizeof(s), false);
		struct cmsghdr *cm = &s.cmsg.align;
		if (rc >= 0 && s.msg.msg_controllen >= CMSG_LEN(sizeof(int)) &&
		    cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
			memcpy(&x, CMSG_DATA(cm), sizeof(int));
		else if (rc >= 0)
			rc = -EIO;
	}
	/* The first end's number is where open() would have put it. */
	int target = newfd >= 0 ? newfd : a;
	if (rc >= 0)
		rc = call(j, SYS_dup3, (uint64_t)x, (uint64_t)target, cloexec ? O_CLOEXEC : 0, 0);
	/* A stand-in's number past a limit that could not be lifted
	 * (vcall_respond): Linux would have said EMFILE, as ADDFD's refusal
	 * becomes on the other backend. */
	if (rc == -EBADF && newfd >= 0)
		rc = -EMFILE;
	if (x == b + 1) {
		call(j, SYS_close_range, (uint64_t)b, (uint64_t)x, 0, 0);
	} else {
		if (x >= 0)
			call(j, SYS_close, (uint64_t)x, 0, 0, 0);
		call(j, SYS_close, (uint64_t)b, 0, 0, 0);
	}
	if (rc < 0 || target != a)
		call(j, SYS_close, (uint64_t)a, 0, 0, 0);
	return rc < 0 ? rc : target;
}

long inject_fd(pid_t tid, const struct user_regs_struct *regs, int fd, int newfd, bool cloexec,
	       inject_wait_fn wait_stop)
{
	static struct inj j;   /* large (held siginfo): not on the stack */
	memset(&j, 0, sizeof(j));
	j.tid = tid;
	j.saved = *regs;
	j.wait_stop = wait_stop;
	j.at = (regs->rsp - 128 - sizeof(struct scratch)) & ~(uint64_t)15;
	struct scratch orig;
	uint64_t all = ~(uint64_t)0, old;
	long rc = mem(tid, j.at, &orig, sizeof(orig), false);
	if (rc < 0) {
		rc = -ENOMEM;   /* no stack to borrow: as if the kernel had none */
		goto out;
	}
	if (ptrace(PTRACE_GETSIGMASK, tid, sizeof(old), &old) < 0 ||
	    ptrace(PTRACE_SETSIGMASK, tid, sizeof(all), &all) < 0) {
		j.gone = true;
		goto out;
	}
	rc = transfer(&j, fd, newfd, cloexec);
	/* Only the tracee itself may queue a signal with its siginfo as
	 * it was. */
	long tgid = j.nheld ? call(&j, SYS_getpid, 0, 0, 0, 0) : 0;
	for (int i = 0; i < j.nheld && !j.gone; i++) {
		if (mem(tid, j.at + offsetof(struct scratch, info), &j.held[i], sizeof(siginfo_t), true) < 0)
			break;
		call(&j, SYS_rt_tgsigqueueinfo, (uint64_t)tgid, (uint64_t)tid, (uint64_t)j.held[i].si_signo,
		     j.at + offsetof(struct scratch, info));
	}
	if (!j.gone && ptrace(PTRACE_SETSIGMASK, tid, sizeof(old), &old) < 0)
		j.gone = true;
out:
	if (j.gone)
		return -ESRCH;
	mem(tid, j.at, &orig, sizeof(orig), true);
	struct user_regs_struct r = *regs;
	r.rax = (uint64_t)rc;
	if (!j.at_exit)
		r.orig_rax = (uint64_t)-1;   /* still at the seccomp stop: skip the call */
	if (ptrace(PTRACE_SETREGS, tid, 0, &r) < 0 || ptrace(PTRACE_CONT, tid, 0, 0) < 0)
		return -ESRCH;
	return rc;
}
