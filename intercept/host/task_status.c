/* See task_status.h. */
#include "task_status.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc/proc_lines.h"
#include "sandbox_procfs.h"

/* The value of key's line (proc_lines.h), or NULL: buf is NUL-terminated,
 * the value is read up to a character that cannot continue it. */
static const char *field(const char *buf, size_t len, const char *key)
{
	size_t vlen;
	return vn_kv_get(buf, len, key, &vlen);
}

static void ids(const char *v, unsigned *out)
{
	for (int i = 0; i < 4 && v; i++) {
		char *end;
		unsigned long x = strtoul(v, &end, 10);
		if (end == v)
			return;
		out[i] = (unsigned)x;
		v = end;
	}
}

int task_status_read(pid_t tid, struct task_status *out)
{
	char path[64], buf[4096];
	memset(out, 0, sizeof(*out));
	snprintf(path, sizeof(path), "%d/status", tid);
	int fd = openat(sandbox_procfs(), path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	int e = errno;
	close(fd);
	if (n <= 0)
		return n < 0 ? -e : -ESRCH;
	buf[n] = '\0';
	const char *v;
	if ((v = field(buf, (size_t)n, "Tgid"))) {
		out->tgid = (pid_t)strtol(v, NULL, 10);
		out->have |= TS_TGID;
	}
	if ((v = field(buf, (size_t)n, "Uid"))) {
		ids(v, (unsigned *)out->uid);
		out->have |= TS_UID;
	}
	if ((v = field(buf, (size_t)n, "Gid"))) {
		ids(v, (unsigned *)out->gid);
		out->have |= TS_GID;
	}
	if ((v = field(buf, (size_t)n, "Groups"))) {
		char *end;
		while (out->ngroups < 64) {
			unsigned long g = strtoul(v, &end, 10);
			if (end == v || *v == '\n')
				break;
			out->groups[out->ngroups++] = (gid_t)g;
			v = end;
		}
		out->have |= TS_GROUPS;
	}
	size_t len = (size_t)n;
	const char *p = field(buf, len, "SigPnd"), *s = field(buf, len, "ShdPnd"),
		   *b = field(buf, len, "SigBlk");
	if (p && s && b) {
		out->sigpnd = strtoull(p, NULL, 16);
		out->shdpnd = strtoull(s, NULL, 16);
		out->sigblk = strtoull(b, NULL, 16);
		out->have |= TS_SIGNALS;
	}
	return 0;
}
