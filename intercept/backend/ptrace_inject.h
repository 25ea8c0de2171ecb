/* Running system calls inside a tracee stopped at a seccomp stop, to give
 * it one of the supervisor's fds: ptrace has no SECCOMP_IOCTL_NOTIF_ADDFD.
 * x86_64 only. */
#ifndef VENEER_PTRACE_INJECT_H
#define VENEER_PTRACE_INJECT_H

#include <stdbool.h>
#include <sys/types.h>
#include <sys/user.h>

/* Wait for tid's next stop: 0 and its status, or -1 if it is gone. The
 * backend keeps what other tracees report meanwhile. */
typedef int (*inject_wait_fn)(pid_t tid, int *status);

/* The tracee tid is at a seccomp stop with registers regs. Install fd (ours,
 * left open) in its fd table at newfd (-1: the lowest free number), with
 * O_CLOEXEC if cloexec, and resume it with that number, or a -errno, as the
 * call's result and every other register as it was. Returns the result,
 * or -ESRCH if the tracee is gone. */
long inject_fd(pid_t tid, const struct user_regs_struct *regs, int fd, int newfd, bool cloexec,
	       inject_wait_fn wait_stop);

#endif
