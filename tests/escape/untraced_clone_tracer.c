/* Issue 19, class 11: be the tracer yourself (ptrace backend).
 *
 * clone(CLONE_UNTRACED) makes a child that veneer's PTRACE_O_TRACECLONE
 * does not attach. It still carries veneer's filter, whose RET_TRACE stops
 * now go to whoever traces it: the program seizes it with
 * PTRACE_O_TRACESECCOMP and continues every stop, so the child's
 * socket(AF_NETLINK) and uname run natively.
 * HELD: the child's netlink dump shows no host interface and its uname is
 * not the host's node name (the runner gives the model another hostname).
 * Arguments: host_hostname=NAME host_ifaces=... */
#include "escape.h"

#include <sched.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

struct result {
	int sock, dump_err;
	char leak[128];
	char node[65];
};

int main(int argc, char **argv)
{
	const char *host = need(argc, argv, "host_hostname");
	int go[2], res[2];
	if (pipe(go) < 0 || pipe(res) < 0)
		setup_error("pipe: %s", strerror(errno));
	long pid = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, NULL, NULL, 0);
	if (pid < 0)
		setup_error("clone(CLONE_UNTRACED): %s", strerror(errno));
	if (pid == 0) {
		char c;
		if (read(go[0], &c, 1) != 1)
			_exit(3);
		struct result r = { .sock = -1 };
		int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
		r.sock = fd < 0 ? -errno : fd;
		char dump[8192];
		int n = fd < 0 ? 0 : dump_links(fd, dump, sizeof(dump));
		const char *leak = n > 0 ? dump_leak(argc, argv, dump) : NULL;
		r.dump_err = n < 0 ? -n : 0;
		if (leak)
			snprintf(r.leak, sizeof(r.leak), "%s", leak);
		struct utsname u;
		if (uname(&u) == 0)
			snprintf(r.node, sizeof(r.node), "%s", u.nodename);
		if (write(res[1], &r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(3);
		_exit(0);
	}
	if (ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL) < 0) {
		int e = errno;
		kill((pid_t)pid, SIGKILL);
		held("cannot trace the CLONE_UNTRACED child: %s", strerrorname_np(e));
	}
	if (write(go[1], "g", 1) != 1)
		setup_error("pipe write");
	int stops = 0, status;
	double end = now_s() + 10;
	while (now_s() < end) {
		pid_t w = waitpid((pid_t)pid, &status, __WALL);
		if (w < 0)
			break;
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		int sig = 0;
		if (WIFSTOPPED(status)) {
			if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8)))
				stops++;
			else if (WSTOPSIG(status) != SIGTRAP && !(status >> 16))
				sig = WSTOPSIG(status);
		}
		ptrace(PTRACE_CONT, pid, 0, sig);
	}
	struct result r;
	if (!readable(res[0], 1000) || read(res[0], &r, sizeof(r)) != (ssize_t)sizeof(r))
		setup_error("the child reported nothing (%d seccomp stops seen)", stops);
	struct findings f = { .n = 0 };
	if (r.leak[0])
		found(&f, "socket(AF_NETLINK) = %d dumps host interface %s", r.sock, r.leak);
	if (strcmp(r.node, host) == 0)
		found(&f, "uname names the host's node \"%s\"", r.node);
	if (f.n)
		escaped("the program traced its own CLONE_UNTRACED child through %d seccomp stops: %s", stops, f.text);
	held("%d seccomp stops reached the program; child socket %d%s%s, uname \"%s\"", stops, r.sock,
	     r.dump_err ? ", dump: " : "", r.dump_err ? strerror(r.dump_err) : "", r.node);
}
