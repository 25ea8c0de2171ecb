/* Issue 19, class 10: resource exhaustion through netlink stand-ins.
 *
 * Each netlink socket of the sandbox costs the supervisor an fd of its own.
 * `procs` processes each open `socks` NETLINK_ROUTE sockets (the runner
 * starts veneer with RLIMIT_NOFILE 4096, below their total) and hold them
 * while another process of the sandbox opens /proc/net/dev; then they let
 * go and the same open and a link dump are tried again.
 * HELD: the sockets made are the model's (a dump through the first and last
 * of each process shows no host interface), those refused get an errno
 * Linux gives at its limits (EMFILE, ENFILE, ENOBUFS, ENOMEM), and the
 * other process's served open completes within 3 s, while the sockets are
 * held and after, as does a fresh link dump.
 * Arguments: procs=N socks=N host_ifaces=... */
#include "escape.h"

#include <sys/resource.h>

struct report {
	int ok, refused, err, dump_err;
	char leak[128];
};

static void child(int argc, char **argv, int socks, int out, int release)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	struct report r = { .ok = 0 };
	int first = -1, last = -1;
	for (int i = 0; i < socks; i++) {
		int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
		if (fd < 0) {
			r.refused++;
			if (!r.err || (errno != EMFILE && errno != ENFILE && errno != ENOBUFS && errno != ENOMEM))
				r.err = errno;
			continue;
		}
		r.ok++;
		if (first < 0)
			first = fd;
		last = fd;
	}
	char dump[8192];
	int ends[2] = { first, last };
	for (int i = 0; i < 2 && ends[i] >= 0; i++) {
		int n = dump_links(ends[i], dump, sizeof(dump));
		const char *leak = n > 0 ? dump_leak(argc, argv, dump) : NULL;
		if (n < 0)
			r.dump_err = -n;
		if (leak)
			snprintf(r.leak, sizeof(r.leak), "%s", leak);
	}
	if (write(out, &r, sizeof(r)) != (ssize_t)sizeof(r))
		_exit(3);
	char c;
	while (read(release, &c, 1) < 0 && errno == EINTR)
		;
	_exit(0);
}

int main(int argc, char **argv)
{
	int procs = atoi(need(argc, argv, "procs"));
	int socks = atoi(need(argc, argv, "socks"));
	int rep[2], rel[2];
	if (pipe(rep) < 0 || pipe(rel) < 0)
		setup_error("pipe: %s", strerror(errno));
	pid_t *kids = calloc((size_t)procs, sizeof(pid_t));
	for (int i = 0; i < procs; i++) {
		kids[i] = fork();
		if (kids[i] < 0)
			setup_error("fork: %s", strerror(errno));
		if (kids[i] == 0) {
			close(rep[0]);
			close(rel[1]);
			child(argc, argv, socks, rep[1], rel[0]);
		}
	}
	close(rep[1]);
	close(rel[0]);

	struct findings f = { .n = 0 };
	int ok = 0, refused = 0, reports = 0;
	double end = now_s() + 60;
	while (reports < procs && now_s() < end) {
		struct report r;
		if (!readable(rep[0], 1000))
			continue;
		if (read(rep[0], &r, sizeof(r)) != (ssize_t)sizeof(r))
			break;
		reports++;
		ok += r.ok;
		refused += r.refused;
		if (r.leak[0])
			found(&f, "a stand-in dumps host interface %s", r.leak);
		if (r.err && r.err != EMFILE && r.err != ENFILE && r.err != ENOBUFS && r.err != ENOMEM)
			found(&f, "socket() refused with %s", strerrorname_np(r.err));
		if (r.dump_err)
			found(&f, "a link dump through a stand-in failed: %s", strerrorname_np(r.dump_err));
	}
	if (reports < procs)
		found(&f, "only %d of %d processes finished opening their sockets in 60 s", reports, procs);

	char why[160];
	int err = 0;
	const char *leak = NULL;
	int held_ms = timed_served_open(argc, argv, "/proc/net/dev", 3000, &err, &leak);
	if (held_ms < 0)
		found(&f, "while %d stand-ins are held: %s", ok, served_open_verdict(held_ms, err, leak, why, sizeof(why)));

	close(rel[1]);
	for (int i = 0; i < procs; i++)
		waitpid(kids[i], NULL, 0);
	int after_ms = timed_served_open(argc, argv, "/proc/net/dev", 3000, &err, &leak);
	if (after_ms < 0)
		found(&f, "after they are closed: %s", served_open_verdict(after_ms, err, leak, why, sizeof(why)));
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	char dump[8192];
	int n = fd < 0 ? -errno : dump_links(fd, dump, sizeof(dump));
	if (n < 0)
		found(&f, "after they are closed, a link dump fails: %s", strerror(-n));
	else if ((leak = dump_leak(argc, argv, dump)))
		found(&f, "after they are closed, a link dump shows host interface %s", leak);
	if (f.n)
		escaped("%d sockets made, %d refused: %s", ok, refused, f.text);
	held("%d sockets made, %d refused; served open %d ms while held, %d ms after; dump %s", ok, refused,
	     held_ms, after_ms, dump);
}
