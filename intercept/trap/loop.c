/* See loop.h. Watches are kept in a table indexed by fd. */
#include "loop.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

struct watch {
	loop_cb cb;
	void *arg;
};

static int epfd = -1;
static struct watch *watches;
static size_t nwatches;

int loop_init(void)
{
	epfd = epoll_create1(EPOLL_CLOEXEC);
	return epfd < 0 ? -errno : 0;
}

int loop_watch(int fd, uint32_t events, loop_cb cb, void *arg)
{
	if (fd < 0)
		return -EBADF;
	if ((size_t)fd >= nwatches) {
		size_t n = (size_t)fd * 2 + 16;
		struct watch *w = realloc(watches, n * sizeof(*w));
		if (!w)
			abort();
		memset(w + nwatches, 0, (n - nwatches) * sizeof(*w));
		watches = w;
		nwatches = n;
	}
	watches[fd].cb = cb;
	watches[fd].arg = arg;
	struct epoll_event ev = { .events = events, .data.fd = fd };
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		watches[fd].cb = NULL;
		return -errno;
	}
	return 0;
}

void loop_unwatch(int fd)
{
	if (fd >= 0 && (size_t)fd < nwatches)
		watches[fd].cb = NULL;
	epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
}

int loop_run_once(int timeout_ms)
{
	struct epoll_event evs[16];
	int n = epoll_wait(epfd, evs, 16, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (int i = 0; i < n; i++) {
		int fd = evs[i].data.fd;
		if ((size_t)fd < nwatches && watches[fd].cb)
			watches[fd].cb(watches[fd].arg, evs[i].events);
	}
	return 0;
}
