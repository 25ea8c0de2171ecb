/* Hostile probes run under veneer by integration.py; each prints one line
 * of facts the test asserts on.
 *   hostile int80        open /proc/net/dev through the i386 entry point
 *   hostile io_uring     set up an io_uring
 *   hostile supervisor   ptrace / process_vm_readv / /proc/<pid>/mem the parent (veneer)
 *   hostile threads S    8 threads for S seconds: /proc/net/dev reads and link dumps */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static long int80(long nr, long a, long b, long c)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return ret;
}

static int probe_int80(void)
{
	/* i386 pointers are 32 bits: the path must live below 4 GiB */
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	strcpy(p, "/proc/net/dev");
	long open_ret = int80(5 /* i386 open */, (long)p, O_RDONLY, 0);
	long pid_ret = int80(20 /* i386 getpid */, 0, 0, 0);
	printf("int80 open %ld getpid_ok %d\n", open_ret, pid_ret == getpid());
	return 0;
}

static int probe_io_uring(void)
{
	char params[120] = { 0 };
	long r = syscall(425 /* io_uring_setup */, 8, params);
	printf("io_uring %ld %s\n", r, r < 0 ? strerrorname_np(errno) : "ok");
	return 0;
}

static int probe_supervisor(void)
{
	pid_t sup = getppid();
	long pt = ptrace(PTRACE_ATTACH, sup, 0, 0);
	int pt_err = errno;
	char buf[16];
	struct iovec l = { buf, sizeof(buf) }, r = { (void *)0x400000, sizeof(buf) };
	ssize_t vm = process_vm_readv(sup, &l, 1, &r, 1, 0);
	int vm_err = errno;
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/mem", sup);
	int fd = open(path, O_RDONLY);
	int mem_err = errno;
	snprintf(path, sizeof(path), "/proc/%d/environ", sup);
	int fd2 = open(path, O_RDONLY);
	int env_err = errno;
	printf("ptrace %ld %s vm_readv %zd %s mem %d %s environ %d %s\n", pt, strerrorname_np(pt_err),
	       vm, strerrorname_np(vm_err), fd, strerrorname_np(mem_err), fd2, strerrorname_np(env_err));
	return 0;
}

static atomic_long good, bad;
static time_t until;

static void *reader(void *arg)
{
	(void)arg;
	char buf[8192];
	while (time(NULL) < until) {
		int fd = open("/proc/net/dev", O_RDONLY);
		ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
		if (fd >= 0)
			close(fd);
		buf[n > 0 ? n : 0] = '\0';
		if (strstr(buf, "eth0:"))
			good++;
		else
			bad++;
	}
	return NULL;
}

/* Count the links a RTM_GETLINK dump returns; the model has lo and eth0. */
static void *dumper(void *arg)
{
	(void)arg;
	char buf[32768];
	while (time(NULL) < until) {
		int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
		struct {
			struct nlmsghdr h;
			struct ifinfomsg i;
		} req = { .h = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETLINK,
				 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 } };
		int links = 0, done = 0;
		if (s >= 0 && send(s, &req, sizeof(req), 0) == sizeof(req)) {
			while (!done) {
				ssize_t n = recv(s, buf, sizeof(buf), 0);
				if (n <= 0)
					break;
				for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
				     h = NLMSG_NEXT(h, n)) {
					if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
						done = 1;
					else if (h->nlmsg_type == RTM_NEWLINK)
						links++;
				}
			}
		}
		if (s >= 0)
			close(s);
		if (done && links == 2)
			good++;
		else
			bad++;
	}
	return NULL;
}

static int probe_threads(int secs)
{
	until = time(NULL) + secs;
	pthread_t t[8];
	for (int i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, i % 2 ? dumper : reader, NULL);
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	printf("threads good %ld bad %ld\n", (long)good, (long)bad);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "int80"))
		return probe_int80();
	if (!strcmp(argv[1], "io_uring"))
		return probe_io_uring();
	if (!strcmp(argv[1], "supervisor"))
		return probe_supervisor();
	if (!strcmp(argv[1], "threads"))
		return probe_threads(argc > 2 ? atoi(argv[2]) : 3);
	return 2;
}
