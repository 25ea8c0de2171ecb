/* Issue 10: trapped calls left unanswered forever.
 *   open("/proc/self", O_PATH)      SECCOMP_IOCTL_NOTIF_ADDFD refuses O_PATH
 *                                   files (EBADF) and the notification was
 *                                   never answered
 *   open("/proc/net/dev", O_PATH)   the same for a served file
 *   open("/proc/net/dev") and socket(AF_NETLINK) with RLIMIT_NOFILE
 *                                   exhausted: Linux says EMFILE
 * Each is made in a child of its own, given 3 s.
 * HELD: every call returns (an fd, or EMFILE where the table is full).
 * Arguments: none. */
#include "escape.h"

#include <sys/resource.h>

enum probe { PATH_SELF, PATH_SERVED, FULL_OPEN, FULL_SOCKET };
static const char *const names[] = {
	"open(\"/proc/self\", O_PATH)",
	"open(\"/proc/net/dev\", O_PATH)",
	"open(\"/proc/net/dev\") with no free fd",
	"socket(AF_NETLINK) with no free fd",
};

/* In the child: the call, then its result (fd or -errno) on `out`. */
static int run(enum probe p)
{
	if (p == PATH_SELF)
		return open("/proc/self", O_PATH | O_CLOEXEC);
	if (p == PATH_SERVED)
		return open("/proc/net/dev", O_PATH | O_CLOEXEC);
	struct rlimit rl = { 16, 16 };
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
		return -1000;
	while (dup(0) >= 0)
		;
	if (errno != EMFILE)
		return -1000;
	if (p == FULL_OPEN)
		return open("/proc/net/dev", O_RDONLY | O_CLOEXEC);
	return socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
}

int main(void)
{
	struct findings f = { .n = 0 };
	char seen[512] = "";
	for (int p = PATH_SELF; p <= FULL_SOCKET; p++) {
		int pipefd[2];
		if (pipe(pipefd) < 0)
			setup_error("pipe: %s", strerror(errno));
		pid_t c = fork();
		if (c < 0)
			setup_error("fork: %s", strerror(errno));
		if (c == 0) {
			/* the pipe's write end first, below any limit */
			int w = pipefd[1];
			int fd = run((enum probe)p);
			int r = fd < 0 ? -errno : fd;
			if (fd == -1000)
				r = -1000;
			if (write(w, &r, sizeof(r)) < 0)
				_exit(1);
			_exit(0);
		}
		close(pipefd[1]);
		int r = 0;
		bool done = readable(pipefd[0], 3000) && read(pipefd[0], &r, sizeof(r)) == (ssize_t)sizeof(r);
		close(pipefd[0]);
		if (!done)
			kill(c, SIGKILL);
		waitpid(c, NULL, 0);
		size_t u = strlen(seen);
		if (!done) {
			found(&f, "%s did not return in 3 s", names[p]);
			continue;
		}
		if (r == -1000)
			setup_error("could not fill the fd table");
		snprintf(seen + u, sizeof(seen) - u, "%s%s = %s", u ? "; " : "", names[p],
			 r >= 0 ? "fd" : strerrorname_np(-r));
		if ((p == FULL_OPEN || p == FULL_SOCKET) && r >= 0)
			found(&f, "%s returned fd %d beyond RLIMIT_NOFILE", names[p], r);
		else if ((p == FULL_OPEN || p == FULL_SOCKET) && r != -EMFILE)
			found(&f, "%s failed with %s (Linux: EMFILE)", names[p], strerrorname_np(-r));
		else if (p <= PATH_SERVED && r < 0)
			found(&f, "%s failed with %s (Linux: an fd)", names[p], strerrorname_np(-r));
	}
	if (f.n)
		escaped("%s", f.text);
	held("%s", seen);
}
