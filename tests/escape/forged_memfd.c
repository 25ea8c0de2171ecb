/* Issue 19, class 2, and issue 10's "forged served fd": served files are
 * recognised by their memfd name, which the program chooses too.
 *   1. memfd_create("veneer:/proc/<canary>/cmdline"), then open
 *      /proc/self/fd/N: the supervisor takes it for the canary's own file
 *      (a host process) and opens that.
 *   2. memfd_create("veneer:/proc/<canary>/fd"), open /proc/self/fd/N/0:
 *      the canary's fd 0 is a file the runner deleted after the canary
 *      opened it (no path reaches it); the supervisor follows the canary's
 *      magic link with its own privilege (a host process's open files:
 *      deleted files, memfds, pipes).
 *   3. memfd_create("veneer:/proc/sys/net/ipv4/ip_forward") dup'd to 950 and
 *      written "1" without --cap CAP_NET_ADMIN: the model's ip_forward must
 *      not change (read back through /proc afterwards).
 * HELD: each open is refused or gives the memfd's own (empty) content, and
 * ip_forward reads the same before and after.
 * Arguments: canary_pid=N secret_content=TEXT */
#include "escape.h"

#include <sys/mman.h>

/* Open /proc/self/fd/<memfd named name><rest> and read it. */
static ssize_t through_forged(const char *name, const char *rest, char *buf, size_t cap)
{
	int mfd = memfd_create(name, 0);
	if (mfd < 0)
		setup_error("memfd_create: %s", strerror(errno));
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d%s", mfd, rest);
	ssize_t n = read_file(path, buf, cap);
	close(mfd);
	return n;
}

int main(int argc, char **argv)
{
	const char *canary = need(argc, argv, "canary_pid");
	const char *secret = need(argc, argv, "secret_content");
	struct findings f = { .n = 0 };
	char name[128], buf[4096];

	snprintf(name, sizeof(name), "veneer:/proc/%s/cmdline", canary);
	ssize_t n = through_forged(name, "", buf, sizeof(buf));
	if (n > 0) {
		for (ssize_t i = 0; i + 1 < n; i++)
			if (!buf[i])
				buf[i] = ' ';
		found(&f, "host pid %s's cmdline through a memfd named %s: \"%s\"", canary, name, buf);
	}

	snprintf(name, sizeof(name), "veneer:/proc/%s/fd", canary);
	n = through_forged(name, "/0", buf, sizeof(buf));
	if (n > 0 && strstr(buf, secret))
		found(&f, "host pid %s's fd 0 (a deleted file) through a memfd named %s: \"%.40s\"", canary, name, buf);
	else if (n > 0)
		found(&f, "something of host pid %s through a memfd named %s: \"%.40s\"", canary, name, buf);

	const char *fwd = "/proc/sys/net/ipv4/ip_forward";
	char before[64], after[64];
	if (read_file(fwd, before, sizeof(before)) <= 0)
		setup_error("cannot read %s", fwd);
	int mfd = memfd_create("veneer:/proc/sys/net/ipv4/ip_forward", 0);
	if (mfd < 0 || dup2(mfd, 950) != 950)
		setup_error("memfd at 950: %s", strerror(errno));
	const char *val = before[0] == '1' ? "0\n" : "1\n";
	ssize_t w = write(950, val, 2);
	int werr = errno;
	if (read_file(fwd, after, sizeof(after)) <= 0)
		setup_error("cannot read %s again", fwd);
	if (strcmp(before, after) != 0)
		found(&f, "the model's ip_forward changed from %c to %c without CAP_NET_ADMIN (write to a forged fd 950: %zd)",
		      before[0], after[0], w);
	if (f.n)
		escaped("%s", f.text);
	held("forged memfds gave no host file; ip_forward stayed %c (write to fd 950: %s)", before[0],
	     w < 0 ? strerror(werr) : "accepted by the memfd");
}
