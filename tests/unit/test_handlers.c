/* intercept/'s handlers themselves, run through dispatch() with a fake
 * backend (fake_backend.h): the caller is this process, its memory an
 * arena with guard pages. Each test checks what the call was answered
 * (value, errno, fd and the bytes behind it) against what Linux answers or
 * what the model holds, and that no call was answered twice.
 *
 * Needs root (the stage is a detached tmpfs: CAP_SYS_ADMIN); skipped (77)
 * without it, and under valgrind 3.19, which does not know fsopen. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "fake_backend.h"
#include "loop.h"
#include "netlink/nl_handler.h"
#include "proc/proc_gen.h"
#include "sandbox_ctx.h"
#include "scenario.h"

/* The fds the filter traps socket calls on start here (intercept/vfd.h);
 * a program's own fd dup'ed up there reaches the handlers too. */
#define TRAPPED_FD 950

/* SO_RCVTIMEO as x86_64 defines it either way: two 64-bit fields */
struct timeo {
	int64_t sec, usec;
};

/* --- the arena: a bump allocator over the caller's memory ------------- */

static size_t used;

static void *arena(size_t n)
{
	size_t off = (used + 15) & ~(size_t)15;
	ck_assert_uint_le(off + n, fake_mem_size());
	used = off + n;
	return fake_mem() + off;
}

static void *arena_copy(const void *src, size_t n)
{
	void *p = arena(n);
	memcpy(p, src, n);
	return p;
}

static uint64_t A(const void *p) { return fake_addr(p); }

static uint64_t str(const char *s) { return A(arena_copy(s, strlen(s) + 1)); }

/* --- calls ------------------------------------------------------------- */

static const struct fake_record *call(int nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
				      uint64_t a4, uint64_t a5)
{
	struct vcall c;
	fake_vcall(&c, nr, a0, a1, a2, a3, a4, a5);
	const struct fake_record *r = fake_serve(&c);
	ck_assert_ptr_nonnull(r);
	return r;
}

/* Macros, so that a failure names the line of the call. */
#define assert_value(r, v) assert_value_at((r), (v), __LINE__)
#define assert_errno(r, err) assert_value_at((r), -(int64_t)(err), __LINE__)

static void assert_value_at(const struct fake_record *r, int64_t v, int line)
{
	ck_assert_msg(r->state == FAKE_ANSWERED && r->answers == 1, "line %d: state %d, %d answers", line,
		      r->state, r->answers);
	ck_assert_msg(r->reply == VR_VALUE && r->value == v, "line %d: reply %d value %lld, want %lld", line,
		      r->reply, (long long)r->value, (long long)v);
}

static int assert_fd(const struct fake_record *r)
{
	ck_assert_int_eq(r->state, FAKE_ANSWERED);
	ck_assert_int_eq(r->answers, 1);
	ck_assert_int_eq(r->reply, VR_FD);
	ck_assert_int_ge(r->fd, 0);
	ck_assert_int_eq(r->value, r->fd);
	return r->fd;
}

static int nl_socket(int protocol)
{
	const struct fake_record *r = call(SYS_socket, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, (uint64_t)protocol, 0, 0, 0);
	int fd = assert_fd(r);
	ck_assert(r->cloexec);
	struct stat st;
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert(S_ISSOCK(st.st_mode));
	return fd;
}

/* The caller closes an fd it got; the stand-in's state goes when the loop
 * sees our end hang up. */
static void caller_close(int fd)
{
	fake_forget_fd(fd);
	close(fd);
	fake_settle();
}

/* An open file's bytes, from the start. */
static size_t slurp(int fd, char *out, size_t cap)
{
	size_t n = 0;
	ssize_t k;
	while (n < cap && (k = pread(fd, out + n, cap - n, (off_t)n)) > 0)
		n += (size_t)k;
	return n;
}

/* Open path for reading through the handler, read it, close it. */
static size_t read_served(const char *path, char *out, size_t cap)
{
	int fd = assert_fd(call(SYS_openat, (uint64_t)AT_FDCWD, str(path), O_RDONLY | O_CLOEXEC, 0, 0, 0));
	size_t n = slurp(fd, out, cap);
	caller_close(fd);
	return n;
}

/* --- fixture ----------------------------------------------------------- */

static unsigned violations_before;
static uint8_t *rbuf;   /* one receive buffer per test: the arena is 64 KiB */

static void setup(void)
{
	vn_model_free(&fake_sandbox()->model);
	vn_model_init(&fake_sandbox()->model);
	vn_model_load_default(&fake_sandbox()->model);
	fake_sandbox()->caps = 0;
	fake_reset();
	used = 0;
	rbuf = NULL;
	violations_before = fake_violations();
}

static void teardown(void)
{
	fake_reset();
	fake_settle();
	/* no call of the test was answered twice, after it went away, or
	 * with an errno the kernel has not */
	ck_assert_uint_eq(fake_violations(), violations_before);
}

/* --- netlink ----------------------------------------------------------- */

struct getlink {
	struct nlmsghdr h;
	struct ifinfomsg i;
};

static struct getlink *getlink_dump(uint32_t seq)
{
	struct getlink *req = arena(sizeof(*req));
	req->h = (struct nlmsghdr){ .nlmsg_len = sizeof(*req), .nlmsg_type = RTM_GETLINK,
				    .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = seq };
	return req;
}

static uint32_t port_of(int fd)
{
	struct sockaddr_nl *a = arena(sizeof(*a));
	socklen_t *len = arena(sizeof(*len));
	*len = sizeof(*a);
	assert_value(call(SYS_getsockname, (uint64_t)fd, A(a), A(len), 0, 0, 0), 0);
	ck_assert_uint_eq(*len, sizeof(*a));
	ck_assert_int_eq(a->nl_family, AF_NETLINK);
	return a->nl_pid;
}

/* One recvmsg into a fresh 32 KiB buffer; returns the datagram's length
 * (or the reply's -errno) and where its bytes are. */
static int64_t recv_dgram(int fd, int flags, const uint8_t **data)
{
	size_t cap = 32768;
	if (!rbuf)
		rbuf = arena(cap);
	uint8_t *buf = rbuf;
	struct iovec *iov = arena(sizeof(*iov));
	struct sockaddr_nl *from = arena(sizeof(*from));
	struct msghdr *m = arena(sizeof(*m));
	*iov = (struct iovec){ buf, cap };
	*m = (struct msghdr){ .msg_name = from, .msg_namelen = sizeof(*from), .msg_iov = iov, .msg_iovlen = 1,
			      .msg_flags = -1 };
	const struct fake_record *r = call(SYS_recvmsg, (uint64_t)fd, A(m), (uint64_t)flags, 0, 0, 0);
	ck_assert_int_eq(r->answers, 1);
	ck_assert_int_eq(r->reply, VR_VALUE);
	if (r->value >= 0) {
		/* the sender is the kernel; nothing was cut */
		ck_assert_uint_eq(m->msg_namelen, sizeof(struct sockaddr_nl));
		ck_assert_int_eq(from->nl_family, AF_NETLINK);
		ck_assert_uint_eq(from->nl_pid, 0);
		ck_assert_int_eq(m->msg_flags, 0);
		ck_assert_uint_eq(m->msg_controllen, 0);
	}
	*data = buf;
	return r->value;
}

/* Read a whole RTM_GETLINK dump off fd and compare it, message by
 * message and byte by byte, with what the model answers the same request
 * (rtnl_rcv), then check its shape: one RTM_NEWLINK per link in ifindex
 * order, NLMSG_DONE alone in the last datagram, nothing after it. */
static void expect_link_dump(int fd, const struct getlink *req)
{
	uint32_t port = port_of(fd);
	ck_assert_uint_eq(port, (uint32_t)getpid());   /* autobound to the tgid */
	struct nl_out want;
	nl_out_init(&want);
	struct nl_ctx ctx = { .model = &fake_sandbox()->model, .portid = port };
	struct getlink copy = *req;
	rtnl_rcv(&ctx, &copy, sizeof(copy), &want);
	ck_assert_uint_eq(want.n, fake_sandbox()->model.nlinks + 1);

	size_t k = 0;   /* the next expected message */
	bool done = false;
	while (!done) {
		const uint8_t *d;
		int64_t n = recv_dgram(fd, MSG_DONTWAIT, &d);
		ck_assert_int_gt(n, 0);
		size_t first = k;
		for (const struct nlmsghdr *h = (const void *)d; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n)) {
			ck_assert_uint_lt(k, want.n);
			const struct nl_mark *mk = &want.marks[k];
			ck_assert_uint_eq(h->nlmsg_len, mk->len);
			ck_assert_mem_eq(h, want.data.data + mk->off, mk->len);
			ck_assert_uint_eq(h->nlmsg_seq, req->h.nlmsg_seq);
			ck_assert_uint_eq(h->nlmsg_pid, port);
			if (k < fake_sandbox()->model.nlinks) {
				ck_assert_int_eq(h->nlmsg_type, RTM_NEWLINK);
				ck_assert(h->nlmsg_flags & NLM_F_MULTI);
				const struct ifinfomsg *ifi = NLMSG_DATA(h);
				ck_assert_int_eq(ifi->ifi_index, fake_sandbox()->model.links[k].ifindex);
			} else {
				ck_assert_int_eq(h->nlmsg_type, NLMSG_DONE);
				ck_assert_uint_eq(k, first);   /* alone, as after a link dump */
				int err;
				memcpy(&err, NLMSG_DATA(h), sizeof(err));
				ck_assert_int_eq(err, 0);
				done = true;
			}
			k++;
		}
		ck_assert_int_eq(n, 0);   /* whole messages only */
	}
	ck_assert_uint_eq(k, want.n);
	nl_out_free(&want);
	/* drained: a non-blocking read finds nothing, as Linux's */
	const uint8_t *d;
	ck_assert_int_eq(recv_dgram(fd, MSG_DONTWAIT, &d), -EAGAIN);
}

START_TEST(netlink_link_dump_sendto_sendmsg)
{
	int fd = nl_socket(NETLINK_ROUTE);
	ck_assert_uint_eq(port_of(fd), 0);   /* not bound before its first use */

	const struct getlink *req = getlink_dump(42);
	assert_value(call(SYS_sendto, (uint64_t)fd, A(req), sizeof(*req), 0, 0, 0), sizeof(*req));
	expect_link_dump(fd, req);

	/* the same request through sendmsg, in two pieces, to the kernel */
	const struct getlink *req2 = getlink_dump(43);
	struct iovec *iov = arena(2 * sizeof(*iov));
	iov[0] = (struct iovec){ (void *)(uintptr_t)&req2->h, sizeof(req2->h) };
	iov[1] = (struct iovec){ (void *)(uintptr_t)&req2->i, sizeof(req2->i) };
	struct sockaddr_nl *kernel = arena(sizeof(*kernel));
	*kernel = (struct sockaddr_nl){ .nl_family = AF_NETLINK };
	struct msghdr *m = arena(sizeof(*m));
	*m = (struct msghdr){ .msg_name = kernel, .msg_namelen = sizeof(*kernel), .msg_iov = iov, .msg_iovlen = 2 };
	assert_value(call(SYS_sendmsg, (uint64_t)fd, A(m), 0, 0, 0, 0), sizeof(*req2));
	expect_link_dump(fd, req2);

	/* another socket of the sandbox is not the kernel: ECONNREFUSED */
	kernel->nl_pid = 4242;
	assert_errno(call(SYS_sendmsg, (uint64_t)fd, A(m), 0, 0, 0, 0), ECONNREFUSED);
	caller_close(fd);
}
END_TEST

START_TEST(netlink_socket_kinds)
{
	int diag = nl_socket(NETLINK_SOCK_DIAG);
	caller_close(diag);
	int genl = nl_socket(NETLINK_GENERIC);
	caller_close(genl);
	/* what a kernel without the other protocols says */
	assert_errno(call(SYS_socket, AF_NETLINK, SOCK_RAW, NETLINK_XFRM, 0, 0, 0), EPROTONOSUPPORT);
	assert_errno(call(SYS_socket, AF_NETLINK, SOCK_STREAM, NETLINK_ROUTE, 0, 0, 0), ESOCKTNOSUPPORT);
}
END_TEST

/* Lengths the program chooses, bounded as import_iovec bounds them. */
START_TEST(netlink_sendmsg_huge_iovec)
{
	int fd = nl_socket(NETLINK_ROUTE);
	uint8_t *data = arena(64);
	struct iovec *iov = arena(3 * sizeof(*iov));
	struct msghdr *m = arena(sizeof(*m));
	*m = (struct msghdr){ .msg_iov = iov, .msg_iovlen = 3 };

	/* 2^63-1, 2^63-1, 12: their sum wraps to 10 in 64 bits (the heap
	 * overflow of issue 10). Linux fails it: EFAULT from access_ok,
	 * which no user range that long passes. The supervisor must refuse
	 * it too, whatever its errno, and copy nothing. */
	iov[0] = (struct iovec){ data, INT64_MAX };
	iov[1] = (struct iovec){ data, INT64_MAX };
	iov[2] = (struct iovec){ data, 12 };
	const struct fake_record *r = call(SYS_sendmsg, (uint64_t)fd, A(m), 0, 0, 0, 0);
	ck_assert_int_eq(r->reply, VR_VALUE);
	ck_assert_int_eq(r->answers, 1);
	ck_assert_msg(r->value == -EFAULT || r->value == -EMSGSIZE, "value %lld", (long long)r->value);
	const uint8_t *d;
	ck_assert_int_eq(recv_dgram(fd, MSG_DONTWAIT, &d), -EAGAIN);   /* nothing reached the model */

	/* lengths the address space allows but the socket does not: the
	 * total is capped at MAX_RW_COUNT, over SO_SNDBUF: EMSGSIZE */
	iov[0].iov_len = iov[1].iov_len = 1ull << 40;
	assert_errno(call(SYS_sendmsg, (uint64_t)fd, A(m), 0, 0, 0, 0), EMSGSIZE);

	/* a length with the sign bit set: EINVAL */
	iov[0].iov_len = (size_t)1 << 63;
	assert_errno(call(SYS_sendmsg, (uint64_t)fd, A(m), 0, 0, 0, 0), EINVAL);

	/* more than UIO_MAXIOV entries: EMSGSIZE, before the array is read */
	m->msg_iovlen = UIO_MAXIOV + 1;
	assert_errno(call(SYS_sendmsg, (uint64_t)fd, A(m), 0, 0, 0, 0), EMSGSIZE);
	m->msg_iovlen = (size_t)1 << 62;
	assert_errno(call(SYS_sendmsg, (uint64_t)fd, A(m), 0, 0, 0, 0), EMSGSIZE);

	/* the same on the receiving side */
	m->msg_iovlen = UIO_MAXIOV + 1;
	assert_errno(call(SYS_recvmsg, (uint64_t)fd, A(m), MSG_DONTWAIT, 0, 0, 0), EMSGSIZE);
	caller_close(fd);
}
END_TEST

/* Pointers the caller does not have mapped: EFAULT, never a read of the
 * supervisor's own memory at that address. */
START_TEST(netlink_bad_pointers)
{
	int fd = nl_socket(NETLINK_ROUTE);
	const struct getlink *req = getlink_dump(7);
	struct iovec *iov = arena(sizeof(*iov));
	struct msghdr *m = arena(sizeof(*m));
	*iov = (struct iovec){ (void *)(uintptr_t)req, sizeof(*req) };
	*m = (struct msghdr){ .msg_iov = iov, .msg_iovlen = 1 };

	/* the msghdr: in a guard page, in this process's own stack (mapped
	 * here, not in the caller), NULL */
	struct msghdr local = *m;
	assert_errno(call(SYS_sendmsg, (uint64_t)fd, fake_guard_below(), 0, 0, 0, 0), EFAULT);
	assert_errno(call(SYS_sendmsg, (uint64_t)fd, fake_guard_above(), 0, 0, 0, 0), EFAULT);
	assert_errno(call(SYS_sendmsg, (uint64_t)fd, (uint64_t)(uintptr_t)&local, 0, 0, 0, 0), EFAULT);
	assert_errno(call(SYS_sendmsg, (uint64_t)fd, 0, 0, 0, 0, 0), EFAULT);
	/* a msghdr that runs into the guard page */
	uint64_t tail = fake_guard_above() - sizeof(*m) / 2;
	assert_errno(call(SYS_sendmsg, (uint64_t)fd, tail, 0, 0, 0, 0), EFAULT);

	/* the iovec array, then the data it points to */
	m->msg_iov = (struct iovec *)(uintptr_t)fake_guard_below();
	assert_errno(call(SYS_sendmsg, (uint64_t)fd, A(m), 0, 0, 0, 0), EFAULT);
	m->msg_iov = iov;
	iov->iov_base = (void *)(uintptr_t)(fake_guard_above() - 8);   /* 8 readable bytes of 32 */
	assert_errno(call(SYS_sendmsg, (uint64_t)fd, A(m), 0, 0, 0, 0), EFAULT);
	assert_errno(call(SYS_sendto, (uint64_t)fd, fake_guard_above() - 8, sizeof(*req), 0, 0, 0), EFAULT);
	/* nothing reached the model: nothing to read */
	const uint8_t *d;
	ck_assert_int_eq(recv_dgram(fd, MSG_DONTWAIT, &d), -EAGAIN);

	/* a reply into read-only memory: EFAULT */
	assert_value(call(SYS_sendto, (uint64_t)fd, A(req), sizeof(*req), 0, 0, 0), sizeof(*req));
	iov->iov_base = (void *)(uintptr_t)fake_ro_page();
	iov->iov_len = FAKE_PAGE;
	assert_errno(call(SYS_recvmsg, (uint64_t)fd, A(m), MSG_DONTWAIT, 0, 0, 0), EFAULT);
	caller_close(fd);
}
END_TEST

START_TEST(netlink_rcvtimeo_round_trip)
{
	int fd = nl_socket(NETLINK_ROUTE);
	struct timeo *tv = arena(sizeof(*tv));
	socklen_t *len = arena(sizeof(*len));

	/* unset: zero */
	*len = sizeof(*tv);
	assert_value(call(SYS_getsockopt, (uint64_t)fd, SOL_SOCKET, SO_RCVTIMEO_OLD, A(tv), A(len), 0), 0);
	ck_assert_int_eq(tv->sec, 0);
	ck_assert_int_eq(tv->usec, 0);

	/* 2.5 s: a whole number of jiffies at any HZ, so Linux gives it back
	 * unchanged too (it keeps timeouts in jiffies) */
	*tv = (struct timeo){ 2, 500000 };
	assert_value(call(SYS_setsockopt, (uint64_t)fd, SOL_SOCKET, SO_RCVTIMEO_OLD, A(tv), sizeof(*tv), 0), 0);
	*tv = (struct timeo){ 0, 0 };
	*len = sizeof(*tv);
	assert_value(call(SYS_getsockopt, (uint64_t)fd, SOL_SOCKET, SO_RCVTIMEO_OLD, A(tv), A(len), 0), 0);
	ck_assert_int_eq(tv->sec, 2);
	ck_assert_int_eq(tv->usec, 500000);
	ck_assert_uint_eq(*len, sizeof(*tv));
	/* the new name is the same option on x86_64 */
	*tv = (struct timeo){ 0, 0 };
	assert_value(call(SYS_getsockopt, (uint64_t)fd, SOL_SOCKET, SO_RCVTIMEO_NEW, A(tv), A(len), 0), 0);
	ck_assert_int_eq(tv->sec, 2);
	ck_assert_int_eq(tv->usec, 500000);
	/* a shorter buffer gets the start (Linux: len 8, the seconds) */
	*tv = (struct timeo){ 0, 0 };
	*len = 8;
	assert_value(call(SYS_getsockopt, (uint64_t)fd, SOL_SOCKET, SO_RCVTIMEO_OLD, A(tv), A(len), 0), 0);
	ck_assert_uint_eq(*len, 8);
	ck_assert_int_eq(tv->sec, 2);
	ck_assert_int_eq(tv->usec, 0);
	/* SO_SNDTIMEO is another value */
	*len = sizeof(*tv);
	assert_value(call(SYS_getsockopt, (uint64_t)fd, SOL_SOCKET, SO_SNDTIMEO_OLD, A(tv), A(len), 0), 0);
	ck_assert_int_eq(tv->sec, 0);
	ck_assert_int_eq(tv->usec, 0);
	/* microseconds out of range: EDOM, as sock_set_timeout */
	*tv = (struct timeo){ 1, 1000000 };
	assert_errno(call(SYS_setsockopt, (uint64_t)fd, SOL_SOCKET, SO_RCVTIMEO_OLD, A(tv), sizeof(*tv), 0), EDOM);
	caller_close(fd);
}
END_TEST

/* A blocking recv waits (parked, unanswered) and ends with EAGAIN when
 * SO_RCVTIMEO runs out, from the event loop. */
START_TEST(netlink_rcvtimeo_expires)
{
	int fd = nl_socket(NETLINK_ROUTE);
	struct timeo *tv = arena(sizeof(*tv));
	*tv = (struct timeo){ 0, 40000 };
	assert_value(call(SYS_setsockopt, (uint64_t)fd, SOL_SOCKET, SO_RCVTIMEO_OLD, A(tv), sizeof(*tv), 0), 0);
	uint8_t *buf = arena(4096);
	struct vcall c;
	fake_vcall(&c, SYS_recvfrom, (uint64_t)fd, A(buf), 4096, 0, 0, 0);
	const struct fake_record *r = fake_serve(&c);
	ck_assert_int_eq(r->state, FAKE_PENDING);
	for (int i = 0; i < 100 && r->state == FAKE_PENDING; i++)
		loop_run_once(20);
	assert_errno(r, EAGAIN);
	caller_close(fd);
}
END_TEST

/* Short options: what Linux says for each level. */
START_TEST(netlink_setsockopt_short)
{
	int fd = nl_socket(NETLINK_ROUTE);
	int *val = arena(sizeof(*val));
	*val = 1 << 20;
	/* sock_setsockopt: an int option needs an int */
	assert_errno(call(SYS_setsockopt, (uint64_t)fd, SOL_SOCKET, SO_RCVBUF, A(val), 2, 0), EINVAL);
	assert_errno(call(SYS_setsockopt, (uint64_t)fd, SOL_SOCKET, SO_SNDBUF, A(val), 0, 0), EINVAL);
	/* sock_set_timeout: a whole struct timeval */
	struct timeo *tv = arena(sizeof(*tv));
	*tv = (struct timeo){ 1, 0 };
	assert_errno(call(SYS_setsockopt, (uint64_t)fd, SOL_SOCKET, SO_RCVTIMEO_OLD, A(tv), 8, 0), EINVAL);
	/* netlink_setsockopt: a short value reads as 0, no group 0 */
	*val = 1;
	assert_errno(call(SYS_setsockopt, (uint64_t)fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, A(val), 2, 0), EINVAL);
	/* the value in a guard page: EFAULT */
	assert_errno(call(SYS_setsockopt, (uint64_t)fd, SOL_SOCKET, SO_RCVBUF, fake_guard_above(), 4, 0), EFAULT);
	/* and a full-length one works */
	assert_value(call(SYS_setsockopt, (uint64_t)fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, A(val), 4, 0), 0);
	caller_close(fd);
}
END_TEST

START_TEST(netlink_recv_nothing_queued)
{
	int fd = nl_socket(NETLINK_ROUTE);
	const uint8_t *d;
	ck_assert_int_eq(recv_dgram(fd, MSG_DONTWAIT, &d), -EAGAIN);
	uint8_t *buf = arena(64);
	assert_errno(call(SYS_recvfrom, (uint64_t)fd, A(buf), 64, MSG_DONTWAIT, 0, 0), EAGAIN);
	assert_errno(call(SYS_recvfrom, (uint64_t)fd, A(buf), 64, MSG_DONTWAIT | MSG_PEEK, 0, 0), EAGAIN);

	/* without MSG_DONTWAIT it waits: parked, not answered ... */
	struct vcall c;
	fake_vcall(&c, SYS_recvfrom, (uint64_t)fd, A(buf), 64, 0, 0, 0);
	const struct fake_record *r = fake_serve(&c);
	ck_assert_int_eq(r->state, FAKE_PENDING);
	ck_assert_int_eq(r->answers, 0);
	/* ... until a reply is queued: then it gets the first 64 bytes of
	 * the first datagram (the datagram's size under MSG_TRUNC) */
	const struct getlink *req = getlink_dump(9);
	assert_value(call(SYS_sendto, (uint64_t)fd, A(req), sizeof(*req), 0, 0, 0), sizeof(*req));
	assert_value(r, 64);
	const struct nlmsghdr *h = (const void *)buf;
	ck_assert_int_eq(h->nlmsg_type, RTM_NEWLINK);
	ck_assert_uint_eq(h->nlmsg_seq, 9);
	caller_close(fd);
}
END_TEST

/* A parked reader whose caller went away (a signal, an exit) is dropped,
 * not answered; the data stays for the next reader. */
START_TEST(netlink_gone_caller_not_answered)
{
	int fd = nl_socket(NETLINK_ROUTE);
	uint8_t *buf = arena(4096);
	struct vcall c;
	fake_vcall(&c, SYS_recvfrom, (uint64_t)fd, A(buf), 4096, 0, 0, 0);
	const struct fake_record *parked = fake_serve(&c);
	ck_assert_int_eq(parked->state, FAKE_PENDING);
	fake_gone(&c);

	const struct getlink *req = getlink_dump(11);
	const struct fake_record *sent = call(SYS_sendto, (uint64_t)fd, A(req), sizeof(*req), 0, 0, 0);
	assert_value(sent, sizeof(*req));
	ck_assert_int_eq(parked->state, FAKE_GONE);
	ck_assert_int_eq(parked->answers, 0);
	ck_assert_int_eq(parked->late, 0);   /* not even tried */
	const uint8_t *d;
	ck_assert_int_gt(recv_dgram(fd, MSG_DONTWAIT, &d), 0);
	ck_assert_int_eq(((const struct nlmsghdr *)(const void *)d)->nlmsg_type, RTM_NEWLINK);
	caller_close(fd);
}
END_TEST

/* --- paths -------------------------------------------------------------- */

START_TEST(path_bad_pointers)
{
	uint64_t flags = O_RDONLY | O_CLOEXEC;
	assert_errno(call(SYS_openat, (uint64_t)AT_FDCWD, 0, flags, 0, 0, 0), EFAULT);
	assert_errno(call(SYS_openat, (uint64_t)AT_FDCWD, fake_guard_below(), flags, 0, 0, 0), EFAULT);
	assert_errno(call(SYS_openat, (uint64_t)AT_FDCWD, fake_guard_above(), flags, 0, 0, 0), EFAULT);
	const char *local = "/proc/net/dev";   /* ours, not the caller's */
	assert_errno(call(SYS_openat, (uint64_t)AT_FDCWD, (uint64_t)(uintptr_t)local, flags, 0, 0, 0), EFAULT);
	assert_errno(call(SYS_stat, (uint64_t)(uintptr_t)local, A(arena(sizeof(struct stat))), 0, 0, 0, 0), EFAULT);

	/* a path that runs into the guard page before its NUL: EFAULT; one
	 * that ends right before it: read (the read-only page is readable) */
	char page[FAKE_PAGE];
	memset(page, 'a', sizeof(page));
	fake_fill_ro(page, sizeof(page));
	uint64_t end = fake_guard_above();
	assert_errno(call(SYS_openat, (uint64_t)AT_FDCWD, end - 3, flags, 0, 0, 0), EFAULT);
	assert_errno(call(SYS_openat, (uint64_t)AT_FDCWD, end - 100, flags, 0, 0, 0), EFAULT);
	const char *net_dev = "/proc/net/dev";
	memcpy(page + sizeof(page) - strlen(net_dev) - 1, net_dev, strlen(net_dev) + 1);
	fake_fill_ro(page, sizeof(page));
	int fd = assert_fd(call(SYS_openat, (uint64_t)AT_FDCWD, end - strlen(net_dev) - 1, flags, 0, 0, 0));
	caller_close(fd);

	/* a stat buffer the caller cannot write: EFAULT */
	assert_errno(call(SYS_stat, str("/proc/net/dev"), fake_ro_page(), 0, 0, 0, 0), EFAULT);
	assert_errno(call(SYS_uname, fake_ro_page(), 0, 0, 0, 0, 0), EFAULT);
}
END_TEST

START_TEST(path_too_long)
{
	/* PATH_MAX bytes and no NUL: ENAMETOOLONG (strncpy_from_user
	 * stops there), also when they end right at a guard page */
	char *p = arena(PATH_MAX + 16);
	memset(p, 'a', PATH_MAX + 16);
	p[0] = '/';
	assert_errno(call(SYS_openat, (uint64_t)AT_FDCWD, A(p), O_RDONLY, 0, 0, 0), ENAMETOOLONG);
	assert_errno(call(SYS_stat, A(p), A(arena(sizeof(struct stat))), 0, 0, 0, 0), ENAMETOOLONG);
	char page[FAKE_PAGE];
	memset(page, 'a', sizeof(page));
	fake_fill_ro(page, sizeof(page));
	assert_errno(call(SYS_openat, (uint64_t)AT_FDCWD, fake_ro_page(), O_RDONLY, 0, 0, 0), ENAMETOOLONG);
	/* one byte less to read before the guard: EFAULT instead */
	assert_errno(call(SYS_openat, (uint64_t)AT_FDCWD, fake_ro_page() + 1, O_RDONLY, 0, 0, 0), EFAULT);
	/* PATH_MAX - 1 bytes and the NUL are a path (here one that the
	 * kernel resolves: the caller's own native call) */
	p[PATH_MAX - 1] = '\0';
	const struct fake_record *r = call(SYS_openat, (uint64_t)AT_FDCWD, A(p), O_RDONLY, 0, 0, 0);
	ck_assert_int_eq(r->answers, 1);
	ck_assert_msg(r->reply == VR_CONTINUE || (r->reply == VR_VALUE && r->value == -ENAMETOOLONG),
		      "reply %d value %lld", r->reply, (long long)r->value);
}
END_TEST

START_TEST(path_proc_net_dev_is_the_model)
{
	char got[65536];
	size_t n = read_served("/proc/net/dev", got, sizeof(got));
	struct buf want;
	buf_init(&want);
	struct proc_ctx ctx = { .pid = getpid(), .tid = (int)gettid() };
	gen_net_dev(&fake_sandbox()->model, &ctx, &want);
	ck_assert_uint_gt(want.len, 0);
	ck_assert_uint_eq(n, want.len);
	ck_assert_mem_eq(got, want.data, n);
	/* eth0 is the model's, whatever the host has */
	ck_assert_ptr_nonnull(memmem(got, n, "  eth0:", 7));
	buf_free(&want);

	/* the same through /proc/self/net and /proc/<pid>/net, and the fd
	 * is a read-only file */
	char again[65536], path[64];
	ck_assert_uint_eq(read_served("/proc/self/net/dev", again, sizeof(again)), n);
	ck_assert_mem_eq(again, got, n);
	snprintf(path, sizeof(path), "/proc/%d/net/dev", getpid());
	ck_assert_uint_eq(read_served(path, again, sizeof(again)), n);
	ck_assert_mem_eq(again, got, n);
	int fd = assert_fd(call(SYS_open, str("/proc/net/dev"), O_RDONLY, 0, 0, 0, 0));
	ck_assert_int_eq(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
	ck_assert_int_eq(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);   /* not asked for */
	ck_assert_int_lt(write(fd, "x", 1), 0);
	caller_close(fd);
	/* a name the model's /proc/net lacks is absent, never the host's */
	assert_errno(call(SYS_openat, (uint64_t)AT_FDCWD, str("/proc/net/nf_conntrack"), O_RDONLY, 0, 0, 0),
		     ENOENT);
}
END_TEST

/* --- sysctl: decided by what the supervisor made, not by a name -------- */

static void expect_ip_forward(const char *want)
{
	char got[16];
	size_t n = read_served("/proc/sys/net/ipv4/ip_forward", got, sizeof(got));
	ck_assert_uint_eq(n, strlen(want));
	ck_assert_mem_eq(got, want, n);
}

/* A memfd the program made and named like a served file, at a trapped
 * number: writing "1" to it changed the model without CAP_NET_ADMIN
 * (issue 10). Whatever the name says, the model stays as it was, with or
 * without the capability; the write is the program's own. */
START_TEST(sysctl_forged_memfd_changes_nothing)
{
	expect_ip_forward("0\n");
	int mfd = memfd_create("veneer:/proc/sys/net/ipv4/ip_forward", 0);
	ck_assert_int_ge(mfd, 0);
	ck_assert_int_eq(write(mfd, "0\n", 2), 2);
	ck_assert_int_eq(lseek(mfd, 0, SEEK_SET), 0);
	int fd = fcntl(mfd, F_DUPFD_CLOEXEC, TRAPPED_FD);
	ck_assert_int_ge(fd, TRAPPED_FD);
	close(mfd);
	uint64_t one = str("1\n");
	struct iovec *iov = arena(sizeof(*iov));
	*iov = (struct iovec){ (void *)(uintptr_t)one, 2 };
	for (int caps = 0; caps < 2; caps++) {
		fake_sandbox()->caps = caps ? 1ull << CAP_NET_ADMIN : 0;
		/* not a file the supervisor made: the kernel writes it */
		const struct fake_record *r = call(SYS_write, (uint64_t)fd, one, 2, 0, 0, 0);
		ck_assert_int_eq(r->answers, 1);
		ck_assert_int_eq(r->reply, VR_CONTINUE);
		r = call(SYS_writev, (uint64_t)fd, A(iov), 1, 0, 0, 0);
		ck_assert_int_eq(r->reply, VR_CONTINUE);
		r = call(SYS_pwrite64, (uint64_t)fd, one, 2, 0, 0, 0);
		ck_assert_int_eq(r->reply, VR_CONTINUE);
		ck_assert_ptr_null(fake_sandbox()->model.sysctl);   /* nothing written, ever */
		expect_ip_forward("0\n");
	}
	/* nor did the supervisor write the program's file */
	char b[4];
	ck_assert_int_eq(pread(fd, b, sizeof(b), 0), 2);
	ck_assert_mem_eq(b, "0\n", 2);
	close(fd);
}
END_TEST

/* The control: the file the supervisor hands out for writing does change
 * the model, with the model's CAP_NET_ADMIN and not without. */
START_TEST(sysctl_write_needs_the_capability)
{
	uint64_t path = str("/proc/sys/net/ipv4/ip_forward");
	assert_errno(call(SYS_openat, (uint64_t)AT_FDCWD, path, O_WRONLY, 0, 0, 0), EACCES);
	assert_errno(call(SYS_openat, (uint64_t)AT_FDCWD, path, O_RDWR, 0, 0, 0), EACCES);
	expect_ip_forward("0\n");

	fake_sandbox()->caps = 1ull << CAP_NET_ADMIN;
	int fd = assert_fd(call(SYS_openat, (uint64_t)AT_FDCWD, path, O_WRONLY | O_CLOEXEC, 0, 0, 0));
	assert_value(call(SYS_write, (uint64_t)fd, str("1\n"), 2, 0, 0, 0), 2);
	expect_ip_forward("1\n");
	/* past position 0 a write is ignored (sysctl_writes_strict), even
	 * one proc_dointvec would refuse: Linux says 2 too */
	assert_value(call(SYS_write, (uint64_t)fd, str("x\n"), 2, 0, 0, 0), 2);
	caller_close(fd);
	expect_ip_forward("1\n");
	/* at position 0, not a number: EINVAL, nothing changes */
	fd = assert_fd(call(SYS_openat, (uint64_t)AT_FDCWD, path, O_WRONLY | O_CLOEXEC, 0, 0, 0));
	assert_errno(call(SYS_write, (uint64_t)fd, str("x\n"), 2, 0, 0, 0), EINVAL);
	caller_close(fd);
	expect_ip_forward("1\n");

	/* read-write: the file whose writes are trapped */
	fd = assert_fd(call(SYS_openat, (uint64_t)AT_FDCWD, path, O_RDWR | O_CLOEXEC, 0, 0, 0));
	assert_value(call(SYS_pwrite64, (uint64_t)fd, str("0\n"), 2, 0, 0, 0), 2);
	char b[4];
	ck_assert_int_eq(pread(fd, b, sizeof(b), 0), 2);   /* rendered again */
	ck_assert_mem_eq(b, "0\n", 2);
	caller_close(fd);
	expect_ip_forward("0\n");
}
END_TEST

/* --- the answer itself: ADDFD's refusals become the call's errno ------- */

START_TEST(respond_fd_refused_answered_once)
{
	/* a stand-in's number past a lowered RLIMIT_NOFILE (ulimit -Sn 64):
	 * replace_fd would say EBADF, so the limit is lifted for the install
	 * and put back; the supervisor's copy is closed */
	struct rlimit rl;
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	struct rlimit low64 = { 64, rl.rlim_max };
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low64), 0);
	struct vcall c;
	fake_vcall(&c, SYS_socket, 0, 0, 0, 0, 0, 0);
	int mine = dup(0);
	ck_assert_int_ge(mine, 0);
	int at = vcall_free_fd_from(&c, 900);
	ck_assert_int_ge(at, 900);
	vcall_reply_fd(&c, mine, at, true);
	vcall_respond(&c);
	const struct fake_record *r = fake_record_of(c.id);
	ck_assert_int_eq(assert_fd(r), at);
	ck_assert_int_ge(fcntl(at, F_GETFD), 0);
	close(at);
	ck_assert_int_lt(fcntl(mine, F_GETFD), 0);
	struct rlimit now;
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &now), 0);
	ck_assert_int_eq(now.rlim_cur, 64);
	ck_assert_int_eq(now.rlim_max, rl.rlim_max);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);

	/* no free number below the limit: EMFILE, as receive_fd says */
	struct rlimit low = { 64, rl.rlim_max };
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
	int fill[64], nfill = 0;
	while (nfill < 64 && (fill[nfill] = dup(0)) >= 0)
		nfill++;
	ck_assert_int_gt(nfill, 0);
	fake_vcall(&c, SYS_openat, 0, 0, 0, 0, 0, 0);
	vcall_reply_fd(&c, fill[--nfill], -1, false);   /* the supervisor's copy: the last free slot */
	vcall_respond(&c);
	r = fake_record_of(c.id);
	for (int i = 0; i < nfill; i++)
		close(fill[i]);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
	assert_errno(r, EMFILE);
}
END_TEST

/* --- path changes in /proc: procfs answers (path_change.c) ------------ */

static void assert_continues(const struct fake_record *r)
{
	ck_assert_int_eq(r->state, FAKE_ANSWERED);
	ck_assert_int_eq(r->answers, 1);
	ck_assert_int_eq(r->reply, VR_CONTINUE);
}

START_TEST(path_change_answers_as_procfs)
{
	/* existing names: EEXIST before anything else; missing: ENOENT */
	assert_errno(call(SYS_mkdir, str("/proc/meminfo"), 0755, 0, 0, 0, 0), EEXIST);
	assert_errno(call(SYS_mkdir, str("/proc/vt-none"), 0755, 0, 0, 0, 0), ENOENT);
	assert_errno(call(SYS_symlinkat, str("x"), (uint64_t)AT_FDCWD, str("/proc/self/status"), 0, 0, 0),
		     EEXIST);
	/* procfs itself, asked with the caller's credentials (no capabilities) */
	assert_errno(call(SYS_unlink, str("/proc/self/status"), 0, 0, 0, 0, 0), EPERM);
	assert_errno(call(SYS_rmdir, str("/proc"), 0, 0, 0, 0, 0), EBUSY);
	assert_errno(call(SYS_unlinkat, (uint64_t)AT_FDCWD, str("/proc/self/status"), 0x1000, 0, 0, 0), EINVAL);
	/* across the mount, and within it */
	assert_errno(call(SYS_rename, str("/proc/meminfo"), str("/tmp/vt-x"), 0, 0, 0, 0), EXDEV);
	assert_errno(call(SYS_rename, str("/proc/meminfo"), str("/proc/cpuinfo"), 0, 0, 0, 0), EPERM);
	assert_errno(call(SYS_link, str("/proc/meminfo"), str("/tmp/vt-x"), 0, 0, 0, 0), EXDEV);
	/* outside /proc: the kernel does it */
	assert_continues(call(SYS_unlink, str("/tmp/vt-none-at-all"), 0, 0, 0, 0, 0));
	assert_continues(call(SYS_utimensat, 3, 0, 0, 0, 0, 0));   /* futimens: no path */
}
END_TEST

START_TEST(path_change_shared_entries_keep_their_mode)
{
	struct stat before, after;
	ck_assert_int_eq(stat("/proc/meminfo", &before), 0);
	/* chmod to the mode it has, chown to its owner: nothing changes, 0 */
	assert_value(call(SYS_chmod, str("/proc/meminfo"), before.st_mode & 07777, 0, 0, 0, 0), 0);
	assert_value(call(SYS_chown, str("/proc/meminfo"), before.st_uid, before.st_gid, 0, 0, 0), 0);
	/* anything else would change it for the whole host: EPERM */
	assert_errno(call(SYS_chmod, str("/proc/meminfo"), 0600, 0, 0, 0, 0), EPERM);
	assert_errno(call(SYS_fchownat, (uint64_t)AT_FDCWD, str("/proc/meminfo"), 1, 1, 0, 0), EPERM);
	ck_assert_int_eq(stat("/proc/meminfo", &after), 0);
	ck_assert_int_eq(after.st_mode, before.st_mode);
	ck_assert_int_eq(after.st_uid, before.st_uid);
}
END_TEST

START_TEST(path_change_through_a_magic_link)
{
	/* /proc/self/fd/N of a file: made on the file, as Linux makes it */
	char tmpl[] = "/tmp/vt-pc-XXXXXX";
	int fd = mkstemp(tmpl);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "abcdef", 6), 6);
	char magic[64];
	snprintf(magic, sizeof(magic), "/proc/self/fd/%d", fd);
	assert_value(call(SYS_chmod, str(magic), 0640, 0, 0, 0, 0), 0);
	assert_value(call(SYS_truncate, str(magic), 2, 0, 0, 0, 0), 0);
	struct stat st;
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0640);
	ck_assert_int_eq(st.st_size, 2);
	/* the link itself, not followed: procfs's answer for one's own fd/ */
	assert_errno(call(SYS_rmdir, str(magic), 0, 0, 0, 0, 0), ENOTDIR);
	close(fd);
	unlink(tmpl);
}
END_TEST

START_TEST(path_change_bounds)
{
	/* xattr: a value past XATTR_SIZE_MAX, an empty or overlong name, an
	 * unreadable value: the kernel's errnos, before anything is done */
	assert_errno(call(SYS_setxattr, str("/proc/meminfo"), str("user.x"), A(arena(8)), 65537, 0, 0), E2BIG);
	assert_errno(call(SYS_setxattr, str("/proc/meminfo"), str(""), A(arena(8)), 1, 0, 0), ERANGE);
	char longname[300];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_errno(call(SYS_removexattr, str("/proc/meminfo"), str(longname), 0, 0, 0, 0), ERANGE);
	assert_errno(call(SYS_setxattr, str("/proc/meminfo"), str("user.x"), fake_guard_above(), 4, 0, 0),
		     EFAULT);
	assert_errno(call(SYS_utimensat, (uint64_t)AT_FDCWD, str("/proc/meminfo"), fake_guard_below(), 0, 0, 0),
		     EFAULT);
	assert_errno(call(SYS_mkdir, fake_guard_below(), 0755, 0, 0, 0, 0), EFAULT);
}
END_TEST

START_TEST(chdir_into_proc)
{
	assert_errno(call(SYS_chdir, str("/proc/meminfo"), 0, 0, 0, 0, 0), ENOTDIR);
	assert_errno(call(SYS_chdir, str("/proc/vt-none"), 0, 0, 0, 0, 0), ENOENT);
	assert_continues(call(SYS_chdir, str("/tmp"), 0, 0, 0, 0, 0));
	/* IN_ONLYDIR on a file */
	assert_errno(call(SYS_inotify_add_watch, 3, str("/proc/meminfo"), 0x01000000 | 2, 0, 0, 0), ENOTDIR);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("handlers");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, netlink_link_dump_sendto_sendmsg);
	tcase_add_test(tc, netlink_socket_kinds);
	tcase_add_test(tc, netlink_sendmsg_huge_iovec);
	tcase_add_test(tc, netlink_bad_pointers);
	tcase_add_test(tc, netlink_rcvtimeo_round_trip);
	tcase_add_test(tc, netlink_rcvtimeo_expires);
	tcase_add_test(tc, netlink_setsockopt_short);
	tcase_add_test(tc, netlink_recv_nothing_queued);
	tcase_add_test(tc, netlink_gone_caller_not_answered);
	tcase_add_test(tc, path_bad_pointers);
	tcase_add_test(tc, path_too_long);
	tcase_add_test(tc, path_proc_net_dev_is_the_model);
	tcase_add_test(tc, sysctl_forged_memfd_changes_nothing);
	tcase_add_test(tc, sysctl_write_needs_the_capability);
	tcase_add_test(tc, respond_fd_refused_answered_once);
	tcase_add_test(tc, path_change_answers_as_procfs);
	tcase_add_test(tc, path_change_shared_entries_keep_their_mode);
	tcase_add_test(tc, path_change_through_a_magic_link);
	tcase_add_test(tc, path_change_bounds);
	tcase_add_test(tc, chdir_into_proc);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	int rc = fake_supervisor_init();
	if (rc == -EPERM || rc == -ENOSYS) {
		/* meson counts 77 as skipped */
		printf("skipped: the stage tmpfs needs root and fsopen (%s)\n", strerror(-rc));
		return 77;
	}
	if (rc < 0) {
		printf("cannot set up the supervisor: %s\n", strerror(-rc));
		return EXIT_FAILURE;
	}
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
