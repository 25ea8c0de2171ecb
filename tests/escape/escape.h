/* What the escape programs share: their verdict line, their arguments, and
 * the few probes several of them make (a link dump over a netlink socket, a
 * timed served open in another process, host facts to compare with).
 *
 * Every program prints exactly one verdict line and exits with its code:
 *   HELD <why>            0   the attack was refused or served from the model
 *   ESCAPED <what it got> 1   host data, a host process or file reached, a hang
 *   SETUP <why>           2   the attack could not even be set up
 *   SKIP <why>            77  this kernel lacks what the attack needs
 * Arguments are key=value words the runner gives (run_escapes.py): the
 * canary pid, files and directory, the host's hostname, interfaces and
 * addresses. Host data is recognised only by comparison with those. */
#ifndef VENEER_ESCAPE_H
#define VENEER_ESCAPE_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define EXIT_HELD 0
#define EXIT_ESCAPED 1
#define EXIT_SETUP 2
#define EXIT_SKIP 77

__attribute__((format(printf, 3, 0), noreturn))
static inline void verdict_v(const char *word, int code, const char *fmt, va_list ap)
{
	char line[4096];
	vsnprintf(line, sizeof(line), fmt, ap);
	for (char *p = line; *p; p++)   /* one line, whatever was read */
		if ((unsigned char)*p < ' ')
			*p = ' ';
	fflush(stdout);
	printf("%s %s\n", word, line);
	fflush(stdout);
	_exit(code);
}

__attribute__((format(printf, 1, 2), noreturn))
static inline void held(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verdict_v("HELD", EXIT_HELD, fmt, ap);
}

__attribute__((format(printf, 1, 2), noreturn))
static inline void escaped(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verdict_v("ESCAPED", EXIT_ESCAPED, fmt, ap);
}

__attribute__((format(printf, 1, 2), noreturn))
static inline void setup_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verdict_v("SETUP", EXIT_SETUP, fmt, ap);
}

__attribute__((format(printf, 1, 2), noreturn))
static inline void skip(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verdict_v("SKIP", EXIT_SKIP, fmt, ap);
}

/* key=value arguments */
static inline const char *opt(int argc, char **argv, const char *key)
{
	size_t kl = strlen(key);
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], key, kl) == 0 && argv[i][kl] == '=')
			return argv[i] + kl + 1;
	return NULL;
}

static inline const char *need(int argc, char **argv, const char *key)
{
	const char *v = opt(argc, argv, key);
	if (!v)
		setup_error("missing argument %s=", key);
	return v;
}

static inline double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Findings of a program that tries several things: one line at the end. */
struct findings {
	char text[2048];
	int n;
};

__attribute__((format(printf, 2, 3)))
static inline void found(struct findings *f, const char *fmt, ...)
{
	char one[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(one, sizeof(one), fmt, ap);
	va_end(ap);
	if (strstr(f->text, one))
		return;   /* said once is enough */
	size_t len = strlen(f->text);
	snprintf(f->text + len, sizeof(f->text) - len, "%s%s", f->n++ ? "; " : "", one);
}

/* Does `what` (an interface name or a MAC "aa:bb:..") name one of the host's
 * interfaces? host_ifaces is "name@mac,name@mac,..." without lo. Returns
 * the host entry matched, in a static buffer, or NULL. */
static inline const char *host_iface(int argc, char **argv, const char *name, const char *mac)
{
	static char hit[128];
	const char *list = need(argc, argv, "host_ifaces");
	char copy[4096];
	snprintf(copy, sizeof(copy), "%s", list);
	for (char *save = NULL, *e = strtok_r(copy, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
		char *at = strchr(e, '@');
		const char *hmac = at ? at + 1 : "";
		if (at)
			*at = '\0';
		bool zero = strcmp(hmac, "00:00:00:00:00:00") == 0 || !*hmac;
		if ((name && *name && strcmp(name, e) == 0) || (mac && !zero && strcasecmp(mac, hmac) == 0)) {
			snprintf(hit, sizeof(hit), "%s@%s", e, hmac);
			return hit;
		}
	}
	return NULL;
}

/* Is this address (text form) one of the host's (host_addrs, without
 * loopback)? */
static inline bool host_addr(int argc, char **argv, const char *addr)
{
	char copy[4096];
	snprintf(copy, sizeof(copy), "%s", need(argc, argv, "host_addrs"));
	for (char *save = NULL, *e = strtok_r(copy, ",", &save); e; e = strtok_r(NULL, ",", &save))
		if (strcmp(e, addr) == 0)
			return true;
	return false;
}

/* One of the host's processes the runner named (host_pids: itself, its
 * session and group; veneer_pid: veneer's supervisor): numbers of the
 * host's pid namespace. */
static inline bool host_pid(int argc, char **argv, int p)
{
	char list[512];
	snprintf(list, sizeof(list), "%s,%s", need(argc, argv, "host_pids"), need(argc, argv, "veneer_pid"));
	for (char *save = NULL, *e = strtok_r(list, ",", &save); e; e = strtok_r(NULL, ",", &save))
		if (p > 0 && atoi(e) == p)
			return true;
	return false;
}

/* Wait until fd is readable, at most ms. */
static inline bool readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	return poll(&p, 1, ms) > 0;
}

/* RTM_GETLINK dump over a NETLINK_ROUTE socket (the model's stand-in or a
 * real one): "name@mac name@mac ..." into out. Returns the number of links,
 * or -errno. Never waits more than 3 s for a datagram. */
static inline int dump_links(int fd, char *out, size_t cap)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
	} req = { .h = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETLINK,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 7 } };
	out[0] = '\0';
	if (send(fd, &req, sizeof(req), 0) < 0)
		return -errno;
	static char buf[65536];
	int links = 0;
	size_t used = 0;
	for (;;) {
		if (!readable(fd, 3000))
			return -ETIMEDOUT;
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EPIPE;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return links;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);
				return e->error ? e->error : -EPROTO;
			}
			if (h->nlmsg_type != RTM_NEWLINK)
				continue;
			char name[IFNAMSIZ + 1] = "", mac[40] = "";
			struct ifinfomsg *ifi = NLMSG_DATA(h);   /* the macros cast away const */
			int alen = (int)IFLA_PAYLOAD(h);
			for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
				const unsigned char *d = RTA_DATA(a);
				if (a->rta_type == IFLA_IFNAME)
					snprintf(name, sizeof(name), "%.*s", (int)RTA_PAYLOAD(a), (const char *)d);
				else if (a->rta_type == IFLA_ADDRESS && RTA_PAYLOAD(a) == 6)
					snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
						 d[0], d[1], d[2], d[3], d[4], d[5]);
			}
			int w = snprintf(out + used, cap - used, "%s%s@%s", links ? " " : "", name, mac);
			if (w > 0 && used + (size_t)w < cap)
				used += (size_t)w;
			links++;
		}
	}
}

/* The first host interface (name or MAC) a dump_links() text shows. */
static inline const char *dump_leak(int argc, char **argv, const char *dump)
{
	char copy[8192];
	snprintf(copy, sizeof(copy), "%s", dump);
	for (char *save = NULL, *e = strtok_r(copy, " ", &save); e; e = strtok_r(NULL, " ", &save)) {
		char *at = strchr(e, '@');
		const char *mac = at ? at + 1 : "";
		if (at)
			*at = '\0';
		const char *hit = host_iface(argc, argv, e, mac);
		if (hit)
			return hit;
	}
	return NULL;
}

/* Does this text (e.g. /proc/net/dev) name a host interface? Looks for
 * "name:" as /proc/net/dev prints it. */
static inline const char *text_leak(int argc, char **argv, const char *text)
{
	static char hit[128];
	char copy[4096];
	snprintf(copy, sizeof(copy), "%s", need(argc, argv, "host_ifaces"));
	for (char *save = NULL, *e = strtok_r(copy, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
		char *at = strchr(e, '@');
		if (at)
			*at = '\0';
		char pat[64];
		snprintf(pat, sizeof(pat), " %s:", e);
		if (strstr(text, pat)) {
			snprintf(hit, sizeof(hit), "%s", e);
			return hit;
		}
	}
	return NULL;
}

/* Read a whole (small) file through a trapped open; -errno on failure. */
static inline ssize_t read_file(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t used = 0;
	ssize_t n;
	while (used + 1 < cap && (n = read(fd, buf + used, cap - 1 - used)) > 0)
		used += (size_t)n;
	buf[used] = '\0';
	close(fd);
	return (ssize_t)used;
}

/* A served open in another process of the sandbox, timed: fork a child that
 * opens and reads `path` (a file veneer serves from the model); wait at
 * most timeout_ms for it. Returns the milliseconds it took, or -1 if it did
 * not finish in time (the child is killed), or -2 if the open or read
 * failed (*err = errno), or -3 if the content shows a host interface
 * (leak names it). */
static inline int timed_served_open(int argc, char **argv, const char *path, int timeout_ms,
				    int *err, const char **leak)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		setup_error("pipe: %s", strerror(errno));
	double t0 = now_s();
	pid_t pid = fork();
	if (pid < 0)
		setup_error("fork: %s", strerror(errno));
	if (pid == 0) {
		char buf[4096];
		int r[2] = { 0, 0 };
		ssize_t n = read_file(path, buf, sizeof(buf));
		if (n < 0)
			r[0] = (int)-n;
		else if (n == 0)
			r[0] = ENODATA;
		else if (text_leak(argc, argv, buf))
			r[1] = 1;
		if (write(p[1], r, sizeof(r)) < 0)
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	int r[2] = { 0, 0 };
	int rc;
	if (!readable(p[0], timeout_ms)) {
		kill(pid, SIGKILL);
		rc = -1;
	} else if (read(p[0], r, sizeof(r)) != (ssize_t)sizeof(r)) {
		r[0] = EIO;
		rc = -2;
	} else {
		rc = (int)((now_s() - t0) * 1000);
	}
	close(p[0]);
	waitpid(pid, NULL, 0);
	if (rc >= 0 && r[0]) {
		*err = r[0];
		rc = -2;
	}
	if (rc >= 0 && r[1]) {
		char buf[4096];
		if (read_file(path, buf, sizeof(buf)) > 0)
			*leak = text_leak(argc, argv, buf);
		rc = -3;
	}
	return rc;
}

/* One line saying what timed_served_open() found, for a verdict. */
static inline const char *served_open_verdict(int rc, int err, const char *leak, char *out, size_t cap)
{
	if (rc == -1)
		snprintf(out, cap, "another process's served open did not complete");
	else if (rc == -2)
		snprintf(out, cap, "another process's served open failed: %s", strerror(err));
	else if (rc == -3)
		snprintf(out, cap, "another process's served open showed host interface %s", leak ? leak : "?");
	else
		snprintf(out, cap, "another process's served open took %d ms", rc);
	return out;
}

#endif
