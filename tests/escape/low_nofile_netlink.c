/* Issue 10: resource limits. Stand-in fds numbered from 900 fail under a
 * low RLIMIT_NOFILE: with `ulimit -n 64`, `ip addr` said "Cannot open
 * netlink socket: Too many open files". Linux gives the lowest free fd.
 * HELD: with RLIMIT_NOFILE 64, socket(AF_NETLINK) succeeds and an
 * RTM_GETLINK dump through it gives the model's links (no host interface);
 * the fd is below 64, or at the stand-ins' base past the limit (veneer
 * lifts the limit for that install where it may, docs/design.md "Netlink
 * sockets"); or, where the hard limit cannot be lifted (no
 * CAP_SYS_RESOURCE), EMFILE: the documented departure. Never a host
 * socket, never a hang.
 * Arguments: host_ifaces=... */
#include "escape.h"

#include <sys/resource.h>

int main(int argc, char **argv)
{
	struct rlimit rl = { 64, 64 };
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
		setup_error("setrlimit: %s", strerror(errno));
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0 && errno == EMFILE)
		held("with RLIMIT_NOFILE 64, socket(AF_NETLINK) is EMFILE (the documented departure)");
	if (fd < 0)
		escaped("with RLIMIT_NOFILE 64, socket(AF_NETLINK) failed: %s (Linux: an fd)", strerror(errno));
	struct rlimit now;
	if (getrlimit(RLIMIT_NOFILE, &now) < 0 || now.rlim_cur != 64 || now.rlim_max != 64)
		escaped("after socket(AF_NETLINK) RLIMIT_NOFILE is %llu/%llu, not 64/64",
			(unsigned long long)now.rlim_cur, (unsigned long long)now.rlim_max);
	char dump[8192];
	int n = dump_links(fd, dump, sizeof(dump));
	if (n <= 0)
		escaped("with RLIMIT_NOFILE 64, a link dump on fd %d failed: %s", fd, n < 0 ? strerror(-n) : "no links");
	const char *leak = dump_leak(argc, argv, dump);
	if (leak)
		escaped("with RLIMIT_NOFILE 64, a link dump on fd %d shows host interface %s", fd, leak);
	held("with RLIMIT_NOFILE 64: socket fd %d, dump %s", fd, dump);
}
