/* Issue 19, class 6: inherited fds.
 *
 * The runner starts veneer with two fds left open (as a CI runner or
 * Python's pass_fds would): a NETLINK_ROUTE socket of the host (nl_fd) and
 * an O_RDONLY|O_DIRECTORY fd of the real /proc (proc_fd). A socket below 900
 * is never trapped and getdents64 on a directory fd is native.
 * HELD: each fd is closed, or no longer the host's: a link dump through
 * nl_fd shows no host interface, and proc_fd's listing has no canary pid
 * (veneer refusing to start, with a `veneer:` line, is accepted too).
 * Arguments: nl_fd=N proc_fd=N canary_pid=N host_ifaces=... */
#include "escape.h"

#include <dirent.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	int nl = atoi(need(argc, argv, "nl_fd"));
	int pfd = atoi(need(argc, argv, "proc_fd"));
	const char *canary = need(argc, argv, "canary_pid");
	struct findings f = { .n = 0 };
	char dump[8192], nlstate[256], pstate[128];

	if (fcntl(nl, F_GETFD) < 0) {
		snprintf(nlstate, sizeof(nlstate), "fd %d closed", nl);
	} else {
		int n = dump_links(nl, dump, sizeof(dump));
		const char *leak = n > 0 ? dump_leak(argc, argv, dump) : NULL;
		if (leak)
			found(&f, "inherited netlink fd %d dumps host interface %s", nl, leak);
		snprintf(nlstate, sizeof(nlstate), "fd %d open, dump %.200s", nl, n < 0 ? strerror(-n) : dump);
	}

	if (fcntl(pfd, F_GETFD) < 0) {
		snprintf(pstate, sizeof(pstate), "fd %d closed", pfd);
	} else {
		char buf[16384];
		long n;
		int entries = 0;
		bool hit = false;
		while ((n = syscall(SYS_getdents64, pfd, buf, sizeof(buf))) > 0)
			for (long off = 0; off < n; entries++) {
				struct dirent64 *d = (struct dirent64 *)(buf + off);
				off += d->d_reclen;
				hit = hit || strcmp(d->d_name, canary) == 0;
			}
		if (hit)
			found(&f, "inherited /proc fd %d lists host pid %s", pfd, canary);
		snprintf(pstate, sizeof(pstate), "fd %d open, %d entries", pfd, entries);
	}
	if (f.n)
		escaped("%s", f.text);
	held("netlink %s; /proc %s", nlstate, pstate);
}
