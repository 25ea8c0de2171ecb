/* callbench: time one kind of system call work in a loop and print
 * "<ns per operation> <operations timed> <items per operation>".
 *
 *   callbench [-t SECONDS] [-H] [-S] [-B] MODE [ARG]
 *
 * MODE: getppid | pread FILE (4 KiB at offset 0) | sendmsg (UDP, 64 bytes
 * to a socket of our own) | proc PATH (open + read to EOF + close) |
 * stat PATH (a trapped call the supervisor lets continue natively) |
 * linkdump | linkdump-fresh (RTM_GETLINK dump, socket kept / socket per
 * dump) | routedump (RTM_GETROUTE dump of IPv4, socket kept).
 * -S: first install a seccomp filter that allows everything (the floor any
 * seccomp-based supervisor pays on calls it does not trap).
 * -B: first start two children that block for the whole run, one in an
 * open of a FIFO through /proc/self/cwd, one in a recv on a netlink
 * socket: the timed calls must not wait for them (issue #10).
 *
 * The batch size doubles until one batch takes at least SECONDS (default
 * 0.1), so slow peers (strace, proot) and fast native runs both get a batch
 * of about the same duration; the last batch is reported. -H: after
 * printing, wait for EOF on stdin (the runner reads the supervisor's VmHWM
 * meanwhile). Built by bench/meson.build; run by bench/run. */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "callbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static const char *arg;
static int fd = -1, fd2 = -1;
static struct sockaddr_in dst;
static char buf[1 << 16];
static unsigned seq;
static long items;   /* messages of the last dump, bytes of the last file */

static void op_getppid(void)
{
	syscall(SYS_getppid);
}

static void op_pread(void)
{
	if (pread(fd, buf, 4096, 0) != 4096)
		die("pread");
}

static void op_sendmsg(void)
{
	struct iovec iov = { buf, 64 };
	struct msghdr m = { .msg_name = &dst, .msg_namelen = sizeof(dst), .msg_iov = &iov, .msg_iovlen = 1 };
	if (sendmsg(fd, &m, 0) != 64)
		die("sendmsg");
}

static void op_proc(void)
{
	int f = open(arg, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		die(arg);
	ssize_t n;
	long total = 0;
	while ((n = read(f, buf, sizeof(buf))) > 0)
		total += n;
	if (n < 0)
		die("read");
	close(f);
	items = total;
}

static void op_stat(void)
{
	struct stat st;
	if (stat(arg, &st) < 0)
		die(arg);
}

static int nl_open(void)
{
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (s < 0)
		die("socket(AF_NETLINK)");
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind");
	return s;
}

/* One dump request and its replies up to NLMSG_DONE. */
static void nl_dump(int s, int type, int family)
{
	struct {
		struct nlmsghdr h;
		struct rtmsg r;   /* as large as ifinfomsg; family first in both */
	} req = {
		.h = { .nlmsg_len = sizeof(req), .nlmsg_type = (uint16_t)type,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = ++seq },
		.r = { .rtm_family = (unsigned char)family },
	};
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };
	if (sendto(s, &req, sizeof(req), 0, (struct sockaddr *)&k, sizeof(k)) < 0)
		die("sendto");
	long msgs = 0;
	for (;;) {
		ssize_t n = recv(s, buf, sizeof(buf), 0);
		if (n < 0)
			die("recv");
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE) {
				items = msgs;
				return;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				errno = -((struct nlmsgerr *)NLMSG_DATA(h))->error;
				die("dump");
			}
			msgs++;
		}
	}
}

static void op_linkdump(void)
{
	nl_dump(fd, RTM_GETLINK, AF_UNSPEC);
}

static void op_linkdump_fresh(void)
{
	int s = nl_open();
	nl_dump(s, RTM_GETLINK, AF_UNSPEC);
	close(s);
}

static void op_routedump(void)
{
	nl_dump(fd, RTM_GETROUTE, AF_INET);
}

static const struct mode {
	const char *name;
	void (*op)(void);
	int needs_arg;
} modes[] = {
	{ "getppid", op_getppid, 0 },
	{ "pread", op_pread, 1 },
	{ "sendmsg", op_sendmsg, 0 },
	{ "proc", op_proc, 1 },
	{ "stat", op_stat, 1 },
	{ "linkdump", op_linkdump, 0 },
	{ "linkdump-fresh", op_linkdump_fresh, 0 },
	{ "routedump", op_routedump, 0 },
};

/* Two tasks that block until we exit: a FIFO open with no writer,
 * reached through /proc (the supervisor opens it for the caller), and a
 * recv on a netlink socket with nothing to read. */
static void blockers(void)
{
	char dir[] = "/tmp/callbench-XXXXXX";
	if (!mkdtemp(dir))
		die("mkdtemp");
	char fifo[64];
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	if (mkfifo(fifo, 0600) < 0)
		die("mkfifo");
	for (int k = 0; k < 2; k++) {
		pid_t p = fork();
		if (p < 0)
			die("fork");
		if (p > 0)
			continue;
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (k == 0) {
			if (chdir(dir) < 0)
				_exit(1);
			open("/proc/self/cwd/fifo", O_RDONLY);
		} else {
			int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
			if (s >= 0)
				recv(s, buf, sizeof(buf), 0);
		}
		_exit(0);
	}
	usleep(100 * 1000);   /* both are blocked by now */
	unlink(fifo);
	rmdir(dir);
}

static void allow_all_filter(void)
{
	struct sock_filter f[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	struct sock_fprog prog = { .len = 1, .filter = f };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		die("seccomp");
}

int main(int argc, char **argv)
{
	double target = 0.1;
	int hold = 0, filter = 0, block = 0, opt;
	while ((opt = getopt(argc, argv, "t:HSB")) != -1) {
		if (opt == 't')
			target = atof(optarg);
		else if (opt == 'H')
			hold = 1;
		else if (opt == 'S')
			filter = 1;
		else if (opt == 'B')
			block = 1;
		else
			return 2;
	}
	const struct mode *m = NULL;
	if (optind < argc)
		for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
			if (strcmp(argv[optind], modes[i].name) == 0)
				m = &modes[i];
	if (!m || (m->needs_arg && optind + 1 >= argc)) {
		fprintf(stderr, "usage: callbench [-t SECONDS] [-H] [-S] getppid|pread FILE|sendmsg|proc PATH|stat PATH|"
				"linkdump|linkdump-fresh|routedump\n");
		return 2;
	}
	arg = m->needs_arg ? argv[optind + 1] : NULL;
	if (filter)
		allow_all_filter();
	if (block)
		blockers();

	if (m->op == op_pread && (fd = open(arg, O_RDONLY | O_CLOEXEC)) < 0)
		die(arg);
	if (m->op == op_sendmsg) {
		/* A receiver of our own that is never read: once its buffer
		 * is full the datagrams are dropped, on both sides alike. */
		fd2 = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		dst = (struct sockaddr_in){ .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		socklen_t len = sizeof(dst);
		if (fd2 < 0 || bind(fd2, (struct sockaddr *)&dst, sizeof(dst)) < 0 ||
		    getsockname(fd2, (struct sockaddr *)&dst, &len) < 0)
			die("receiver");
		if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
			die("socket");
	}
	if (m->op == op_linkdump || m->op == op_routedump)
		fd = nl_open();

	uint64_t target_ns = (uint64_t)(target * 1e9);
	m->op();   /* warm up: page faults, first-call costs */
	for (long n = 1;; n *= 2) {
		uint64_t t0 = now_ns();
		for (long i = 0; i < n; i++)
			m->op();
		uint64_t dt = now_ns() - t0;
		if (dt >= target_ns || n >= (1L << 40)) {
			printf("%.1f %ld %ld\n", (double)dt / (double)n, n, items);
			break;
		}
	}
	fflush(stdout);
	if (hold)
		while (read(0, buf, sizeof(buf)) > 0)
			;
	return 0;
}
