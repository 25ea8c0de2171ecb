/* Issue 19, class 14: stalling the supervisor through memory.
 *
 * A path argument on a userfaultfd-registered page: when the supervisor
 * reads the path (process_vm_readv) it faults and waits for the program to
 * resolve the fault, which it does not do. Meanwhile another process of the
 * sandbox opens /proc/net/dev.
 * HELD: the other process's served open completes within 2 s (or the
 * supervisor never waits on the page). The fault is resolved afterwards
 * either way, so veneer can finish. (Nothing here may take a signal while
 * the supervisor may be stuck: under ptrace a signal stop waits for it.)
 * HELD too: the program cannot get a userfaultfd where the host gives one
 * (host_uffd=1: /dev/userfaultfd exists on the host).
 * SKIP: the host has no /dev/userfaultfd and userfaultfd(2) is refused.
 * Arguments: host_uffd=0|1 */
#include "escape.h"

#include <linux/userfaultfd.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#ifndef USERFAULTFD_IOC_NEW
#define USERFAULTFD_IOC_NEW _IO(0xAA, 0x00)
#endif

static char *page;
static volatile int open_result = -2;
static volatile int open_errno;

static void *opener(void *arg)
{
	(void)arg;
	/* raw: a sanitizer's open() would read the path first, itself */
	int fd = (int)syscall(SYS_openat, AT_FDCWD, page, O_RDONLY | O_CLOEXEC);
	open_errno = errno;
	open_result = fd;
	return NULL;
}

int main(int argc, char **argv)
{
	/* The other process, forked before any registration: at a byte on
	 * `go` it opens a served file and reports; it exits only when `go`
	 * closes (its SIGCHLD must come after the supervisor is free). */
	int go[2], res[2];
	if (pipe(go) < 0 || pipe(res) < 0)
		setup_error("pipe: %s", strerror(errno));
	pid_t other = fork();
	if (other < 0)
		setup_error("fork: %s", strerror(errno));
	if (other == 0) {
		char c, buf[4096];
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(0);
		ssize_t n = read_file("/proc/net/dev", buf, sizeof(buf));
		int r = n > 0 ? 0 : n < 0 ? (int)-n : ENODATA;
		if (write(res[1], &r, sizeof(r)) < 0)
			_exit(1);
		while (read(go[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(go[0]);

	int dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
	int uffd = dev >= 0 ? ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC | O_NONBLOCK) : -1;
	if (uffd < 0)
		uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (uffd < 0) {
		int e = errno;
		close(go[1]);
		waitpid(other, NULL, 0);
		const char *host = opt(argc, argv, "host_uffd");
		if (host && strcmp(host, "1") == 0)
			held("no userfaultfd for the program (the host has /dev/userfaultfd): %s%s", dev < 0 ? "open: " : "",
			     strerror(e));
		skip("no userfaultfd: %s", strerror(e));
	}
	struct uffdio_api api = { .api = UFFD_API };
	if (ioctl(uffd, UFFDIO_API, &api) < 0)
		setup_error("UFFDIO_API: %s", strerror(errno));
	long psz = sysconf(_SC_PAGESIZE);
	page = mmap(NULL, (size_t)psz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *src = mmap(NULL, (size_t)psz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct uffdio_register reg = { .range = { (unsigned long)page, (unsigned long)psz },
				       .mode = UFFDIO_REGISTER_MODE_MISSING };
	if (page == MAP_FAILED || src == MAP_FAILED || ioctl(uffd, UFFDIO_REGISTER, &reg) < 0)
		setup_error("UFFDIO_REGISTER: %s", strerror(errno));
	snprintf(src, (size_t)psz, "/proc/net/dev");

	pthread_t t;
	if (pthread_create(&t, NULL, opener, NULL) != 0)
		setup_error("pthread_create");
	/* Who touches the page? The supervisor reading the path. */
	bool faulted = false;
	struct uffd_msg msg;
	if (readable(uffd, 3000) && read(uffd, &msg, sizeof(msg)) == (ssize_t)sizeof(msg) &&
	    msg.event == UFFD_EVENT_PAGEFAULT)
		faulted = true;

	int err = 0;
	double t0 = now_s(), took = -1;
	if (faulted) {
		if (write(go[1], "g", 1) != 1)
			setup_error("pipe write");
		if (readable(res[0], 2000) && read(res[0], &err, sizeof(err)) == (ssize_t)sizeof(err))
			took = now_s() - t0;
	}
	/* let the supervisor go on: the page holds a served path */
	struct uffdio_copy cp = { .dst = (unsigned long)page, .src = (unsigned long)src, .len = (unsigned long)psz };
	ioctl(uffd, UFFDIO_COPY, &cp);
	pthread_join(t, NULL);
	if (faulted && took < 0 && readable(res[0], 5000) && read(res[0], &err, sizeof(err)) == (ssize_t)sizeof(err))
		err = -1;   /* it completed only once the fault was resolved */
	close(go[1]);
	waitpid(other, NULL, 0);

	if (!faulted)
		held("the supervisor never waited on the registered page (open: %s)",
		     open_result >= 0 ? "served" : strerror(open_errno));
	if (took < 0)
		escaped("with the supervisor faulting on a userfaultfd page, another process's served open did not "
			"complete in 2 s%s", err == -1 ? " (it did once the fault was resolved)" : "");
	if (err)
		escaped("with the supervisor faulting on a userfaultfd page, another process's served open failed: %s",
			strerror(err));
	held("with the supervisor faulting on a userfaultfd page, another process's served open took %.0f ms",
	     took * 1000);
}
