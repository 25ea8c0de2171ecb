/* Issue 19, class 4: killing and probing host processes.
 *
 * The program shares the host's pid namespace and runs as uid 0: the
 * canary (a `sleep` the runner started outside veneer, as root) answers
 * kill(pid, 0), getpgid, getsid, pidfd_open and sched_getscheduler, and
 * kill(pid, SIGTERM) kills it. getppid/getsid/getpgrp name host processes
 * (the supervisor, the runner's session).
 * HELD: every probe of the canary fails with ESRCH, SIGTERM does not reach
 * it (the runner checks it is alive afterwards), and getppid, getsid(0),
 * getpgrp() name none of the host's processes the runner knows (veneer's
 * supervisor, the runner, its session and process group).
 * Arguments: canary_pid=N veneer_pid=N host_pids=N,N,... */
#include "escape.h"

#include <sched.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	pid_t pid = (pid_t)atoi(need(argc, argv, "canary_pid"));
	if (pid <= 1)
		setup_error("bad canary_pid");
	struct findings f = { .n = 0 };

	int k = kill(pid, 0);
	if (k == 0 || errno != ESRCH)
		found(&f, "kill(canary, 0) = %s", k == 0 ? "0" : strerrorname_np(errno));
	errno = 0;
	pid_t g = getpgid(pid);
	if (g >= 0 || errno != ESRCH)
		found(&f, "getpgid(canary) = %d", g);
	errno = 0;
	pid_t s = getsid(pid);
	if (s >= 0 || errno != ESRCH)
		found(&f, "getsid(canary) = %d", s);
	errno = 0;
	int sched = sched_getscheduler(pid);
	if (sched >= 0 || errno != ESRCH)
		found(&f, "sched_getscheduler(canary) = %d", sched);
	errno = 0;
	long pfd = syscall(SYS_pidfd_open, pid, 0);
	if (pfd >= 0 || errno != ESRCH)
		found(&f, "pidfd_open(canary) = %ld%s%s", pfd, pfd < 0 ? " " : "", pfd < 0 ? strerrorname_np(errno) : "");

	pid_t pp = getppid(), sid = getsid(0), pg = getpgrp();
	if (host_pid(argc, argv, pp))
		found(&f, "getppid() = %d, a host process", pp);
	if (host_pid(argc, argv, sid))
		found(&f, "getsid(0) = %d, a host process", sid);
	if (host_pid(argc, argv, pg))
		found(&f, "getpgrp() = %d, a host process", pg);

	/* last: the one that does harm */
	if (kill(pid, SIGTERM) == 0) {
		usleep(100000);
		found(&f, "kill(canary, SIGTERM) = 0 (canary %s)",
		      kill(pid, 0) < 0 && errno == ESRCH ? "gone" : "signalled");
	} else if (errno != ESRCH) {
		found(&f, "kill(canary, SIGTERM) = %s", strerrorname_np(errno));
	}
	if (f.n)
		escaped("%s", f.text);
	held("canary pid %d: every probe ESRCH; getppid %d, getsid %d, getpgrp %d not host processes", pid, pp, sid, pg);
}
