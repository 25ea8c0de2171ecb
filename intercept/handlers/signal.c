/* pidfd_send_signal on an fd of /proc/<pid>: Linux accepts a /proc/<pid>
 * directory fd as a pidfd (killall, pkill and systemd signal that way, so
 * that a pid reused meanwhile is never hit). The program's fd is a served
 * directory of the stage, which the kernel does not take: the supervisor
 * signals the task for it, if the task is still the one the directory was
 * opened for and kill(2)'s permission rule lets the caller signal it. The
 * receiver sees the supervisor (pid 1, uid 0) as the sender in si_pid and
 * si_uid (docs/design.md). Any other fd is the kernel's to judge. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "creds.h"
#include "handlers.h"
#include "sandbox_ctx.h"
#include "stage.h"
#include "vnode.h"

/* kill_ok_by_cred: a caller without CAP_KILL (the program has none) may
 * signal a task whose real or saved uid is its real or effective uid. */
static bool may_signal(pid_t caller, pid_t target)
{
	struct task_creds a, b;
	if (creds_of(caller, &a) < 0 || creds_of(target, &b) < 0)
		return false;
	return a.euid == b.suid || a.euid == b.uid || a.uid == b.suid || a.uid == b.uid;
}

void h_pidfd_send_signal(struct vcall *c)
{
	int f = vcall_fd_copy(c, (int)c->args[0]);
	if (f < 0) {
		vcall_reply_continue(c);   /* EBADF, as the kernel says */
		return;
	}
	struct vnode n;
	struct stat st;
	bool dir = fstat(f, &st) == 0 && stage_holds(st.st_dev) && S_ISDIR(st.st_mode);
	bool ours = dir && vnode_from_fd(&c->sandbox->model, f, &n);
	close(f);
	if (!dir) {
		vcall_reply_continue(c);
		return;
	}
	/* a task directory ("/proc/<pid>", "/proc/<pid>/task/<tid>") whose
	 * task is still in the sandbox; else the task is gone (ESRCH), or
	 * the directory is no task's (EBADF: not a pidfd) */
	char want[64];
	snprintf(want, sizeof(want), "/proc/%d", n.pid);
	if (!ours) {
		vcall_reply_errno(c, ESRCH);
		return;
	}
	if (!n.pid || strcmp(n.vpath, want) != 0) {
		vcall_reply_errno(c, EBADF);
		return;
	}
	int sig = (int)c->args[1];
	if (sig < 0 || sig > 64 || (c->args[3] & ~0x7ull)) {   /* PIDFD_SIGNAL_* flags */
		vcall_reply_errno(c, EINVAL);
		return;
	}
	if (!may_signal(c->tid, n.pid)) {
		vcall_reply_errno(c, EPERM);
		return;
	}
	siginfo_t info, *pinfo = NULL;
	if (c->args[2]) {
		if (vcall_read(c, &info, c->args[2], sizeof(info)) < 0) {
			vcall_reply_errno(c, EFAULT);
			return;
		}
		pinfo = &info;
	}
	int pidfd = (int)syscall(SYS_pidfd_open, n.pid, 0);
	if (pidfd < 0) {
		vcall_reply_errno(c, ESRCH);
		return;
	}
	long rc = syscall(SYS_pidfd_send_signal, pidfd, sig, pinfo, (unsigned)c->args[3]);
	int e = errno;
	close(pidfd);
	vcall_reply_value(c, rc < 0 ? -e : 0);
}
