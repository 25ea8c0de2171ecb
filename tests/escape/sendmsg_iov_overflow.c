/* Issue 10: a heap overflow in the root supervisor, controlled by the
 * program. sendmsg on a netlink socket with iovec lengths 2^63-1, 2^63-1,
 * 12: a sum that wraps to 10 sizes the supervisor's buffer, then the first
 * iovec is copied into it. recvmsg with the same lengths (its sum wraps the
 * same way) follows.
 * HELD: sendmsg fails (Linux: EFAULT), recvmsg fails (Linux: EFAULT) or
 * returns whole netlink messages, and the supervisor still serves a sound
 * link dump afterwards. The runner fails the case if veneer crashed (status >= 128
 * or a sanitizer report).
 * Arguments: host_ifaces=... */
#include "escape.h"

#include <stdint.h>
#include <sys/syscall.h>
#include <sys/uio.h>

int main(int argc, char **argv)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		setup_error("socket(AF_NETLINK): %s", strerror(errno));
	static char a[65536], b[65536], c[64];
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
	} req = { .h = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETLINK,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 } };
	memcpy(a, &req, sizeof(req));
	struct iovec iov[3] = { { a, INT64_MAX }, { b, INT64_MAX }, { c, 12 } };
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = 3 };
	struct findings f = { .n = 0 };

	/* raw calls: a sanitizer's sendmsg() would check the iovecs itself */
	ssize_t s = syscall(SYS_sendmsg, fd, &m, 0);
	int serr = errno;
	if (s >= 0)
		found(&f, "sendmsg with iovec lengths 2^63-1, 2^63-1, 12 returned %zd (Linux: an error)", s);

	/* something to receive, then the same iovecs for recvmsg */
	if (send(fd, &req, sizeof(req), 0) < 0)
		found(&f, "a plain send after it failed: %s", strerror(errno));
	ssize_t r = -1;
	int rerr = 0;
	if (readable(fd, 3000)) {
		r = syscall(SYS_recvmsg, fd, &m, MSG_DONTWAIT);
		rerr = errno;
		/* Linux: EFAULT; data, if any, must be whole netlink messages */
		ssize_t left = r > (ssize_t)sizeof(a) ? 0 : r;
		const struct nlmsghdr *h = (const struct nlmsghdr *)a;
		while (left >= (ssize_t)sizeof(*h) && h->nlmsg_len >= sizeof(*h) && (ssize_t)h->nlmsg_len <= left) {
			left -= NLMSG_ALIGN(h->nlmsg_len);
			h = (const struct nlmsghdr *)((const char *)h + NLMSG_ALIGN(h->nlmsg_len));
		}
		if (r > (ssize_t)sizeof(a) || (r >= 0 && left > 0) || r == 0)
			found(&f, "recvmsg with the same iovecs returned %zd bytes, not whole messages (Linux: EFAULT)", r);
	}
	close(fd);

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	char dump[8192];
	int n = fd < 0 ? -errno : dump_links(fd, dump, sizeof(dump));
	if (n <= 0)
		found(&f, "a link dump afterwards fails: %s", n < 0 ? strerror(-n) : "no links");
	else if (dump_leak(argc, argv, dump))
		found(&f, "a link dump afterwards shows host interface %s", dump_leak(argc, argv, dump));
	else if (dump[0] == '@' || strstr(dump, " @"))
		found(&f, "a link dump afterwards has links without a name: [%s]", dump);
	if (f.n)
		escaped("%s", f.text);
	held("sendmsg: %s; recvmsg: %zd %s; a dump afterwards gives %s", strerrorname_np(serr), r,
	     r < 0 ? strerrorname_np(rerr) : "bytes", dump);
}
