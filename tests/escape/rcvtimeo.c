/* Issue 10: SO_RCVTIMEO on a netlink socket accepted and ignored.
 *
 * setsockopt(SO_RCVTIMEO, 300 ms) on a NETLINK_ROUTE socket with nothing
 * queued, then a blocking recv: Linux ends it with EAGAIN after 0.3 s.
 * The recv is made in a child given 3 s.
 * HELD: recv returns -1 EAGAIN within 1 s (and not before ~0.3 s).
 * Arguments: none. */
#include "escape.h"

#include <sys/time.h>

int main(void)
{
	int p[2];
	if (pipe(p) < 0)
		setup_error("pipe: %s", strerror(errno));
	pid_t c = fork();
	if (c < 0)
		setup_error("fork: %s", strerror(errno));
	if (c == 0) {
		int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
		struct timeval tv = { 0, 300000 };
		int r[2] = { 0, 0 };
		if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
			r[0] = -2;
			r[1] = errno;
		} else {
			char buf[4096];
			r[0] = (int)recv(fd, buf, sizeof(buf), 0);
			r[1] = errno;
		}
		if (write(p[1], r, sizeof(r)) < 0)
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	double t0 = now_s();
	int r[2];
	bool done = readable(p[0], 3000) && read(p[0], r, sizeof(r)) == (ssize_t)sizeof(r);
	double took = now_s() - t0;
	if (!done) {
		kill(c, SIGKILL);
		waitpid(c, NULL, 0);
		escaped("recv on a netlink socket with SO_RCVTIMEO 300 ms did not return in 3 s");
	}
	waitpid(c, NULL, 0);
	if (r[0] == -2)
		setup_error("socket/setsockopt: %s", strerror(r[1]));
	if (r[0] >= 0)
		escaped("recv with nothing queued returned %d bytes", r[0]);
	if (r[1] != EAGAIN)
		escaped("recv with SO_RCVTIMEO 300 ms failed with %s after %.0f ms (Linux: EAGAIN)", strerrorname_np(r[1]),
			took * 1000);
	if (took > 1.0)
		escaped("recv with SO_RCVTIMEO 300 ms took %.0f ms to say EAGAIN", took * 1000);
	if (took < 0.25)
		escaped("recv with SO_RCVTIMEO 300 ms said EAGAIN after %.0f ms, before the timeout", took * 1000);
	held("recv with SO_RCVTIMEO 300 ms: EAGAIN after %.0f ms", took * 1000);
}
