/* Per-task files that are the task's own (read from the host for that task)
 * but carry traces of veneer itself, rewritten to what the task would see
 * without veneer:
 *  - status: no tracer, no seccomp filter, the capabilities the model grants
 *    (a program checking TracerPid or Seccomp to detect a sandbox or a
 *    debugger sees neither);
 *  - mountinfo, mounts: the empty tmpfs that covers each procfs mount in the
 *    sandbox's mount namespace is left out: the procfs below is listed. */
#include "task_filters.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Call fn for each line (without its newline). */
static void each_line(const char *text, size_t len, void (*fn)(const char *line, size_t n, void *arg),
		      void *arg)
{
	size_t off = 0;
	while (off < len) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) : len - off;
		fn(text + off, n, arg);
		off += n + (nl ? 1 : 0);
	}
}

static bool starts(const char *line, size_t n, const char *key)
{
	size_t k = strlen(key);
	return n >= k && memcmp(line, key, k) == 0;
}

struct status_arg {
	struct buf *out;
	uint64_t caps;
	bool self;
};

static void status_line(const char *line, size_t n, void *p)
{
	struct status_arg *a = p;
	if (starts(line, n, "State:") && a->self)
		buf_puts(a->out, "State:\tR (running)\n");
	else if (starts(line, n, "TracerPid:"))
		buf_puts(a->out, "TracerPid:\t0\n");
	else if (starts(line, n, "Seccomp:"))
		buf_puts(a->out, "Seccomp:\t0\n");
	else if (starts(line, n, "Seccomp_filters:"))
		buf_puts(a->out, "Seccomp_filters:\t0\n");
	else if (starts(line, n, "CapInh:") || starts(line, n, "CapAmb:"))
		buf_printf(a->out, "%.7s\t%016" PRIx64 "\n", line, (uint64_t)0);
	else if (starts(line, n, "CapPrm:") || starts(line, n, "CapEff:") || starts(line, n, "CapBnd:"))
		buf_printf(a->out, "%.7s\t%016" PRIx64 "\n", line, a->caps);
	else {
		buf_append(a->out, line, n);
		buf_puts(a->out, "\n");
	}
}

void filter_status(const char *host, size_t len, uint64_t caps, bool self, struct buf *out)
{
	struct status_arg a = { out, caps, self };
	each_line(host, len, status_line, &a);
}

/* Fields of a mountinfo line: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS
 * [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS"; the mount point and the tail. */
static bool parse_mi(const char *line, size_t n, const char **mnt, size_t *mntlen, const char **tail)
{
	const char *sep = NULL;
	for (size_t i = 0; i + 3 <= n; i++)
		if (memcmp(line + i, " - ", 3) == 0) {
			sep = line + i;
			break;
		}
	if (!sep)
		return false;
	const char *p = line;
	for (int i = 0; i < 4; i++) {
		const char *sp = memchr(p, ' ', (size_t)(sep - p));
		if (!sp)
			return false;
		p = sp + 1;
	}
	const char *sp = memchr(p, ' ', (size_t)(sep - p));
	*mnt = p;
	*mntlen = sp ? (size_t)(sp - p) : (size_t)(sep - p);
	*tail = sep;
	return true;
}

/* /proc/<pid>/mounts: "SOURCE MOUNTPOINT FSTYPE OPTS 0 0" */
static bool parse_mounts(const char *line, size_t n, const char **mnt, size_t *mntlen, const char **type)
{
	const char *sp = memchr(line, ' ', n);
	if (!sp)
		return false;
	*mnt = sp + 1;
	const char *sp2 = memchr(*mnt, ' ', n - (size_t)(*mnt - line));
	if (!sp2)
		return false;
	*mntlen = (size_t)(sp2 - *mnt);
	*type = sp2 + 1;
	return true;
}

struct mount_arg {
	struct buf *out;
	bool mountinfo;
	const char *text;         /* the whole file, to look for the procfs below */
	size_t len;
	const char *mnt;          /* find_proc: the mount point looked for */
	size_t mntlen;
	bool found;
};

/* A bind of the model's CPU ranges: dropped whatever lies below. */
static bool is_cpus(const char *line, size_t n, bool mountinfo)
{
	static const char tail[] = " - tmpfs " VN_CPUS_SOURCE " ";
	static const char src[] = VN_CPUS_SOURCE " ";
	if (!mountinfo)
		return starts(line, n, src);
	for (size_t i = 0; i + sizeof(tail) - 1 <= n; i++)
		if (memcmp(line + i, tail, sizeof(tail) - 1) == 0)
			return true;
	return false;
}

static bool is_cover(const char *line, size_t n, struct mount_arg *a, const char **mnt, size_t *mntlen)
{
	const char *tail;
	if (a->mountinfo)
		return parse_mi(line, n, mnt, mntlen, &tail) &&
		       (size_t)(line + n - tail) > strlen(VN_COVER_TAIL) &&
		       memcmp(tail, VN_COVER_TAIL, strlen(VN_COVER_TAIL)) == 0;
	static const char src[] = VN_COVER_SOURCE " ";
	const char *type;
	return starts(line, n, src) && parse_mounts(line, n, mnt, mntlen, &type) &&
	       (size_t)(line + n - type) > 6 && memcmp(type, "tmpfs ", 6) == 0;
}

static void find_proc(const char *line, size_t n, void *p)
{
	struct mount_arg *a = p;
	const char *mnt, *tail;
	size_t mntlen;
	bool proc;
	if (a->mountinfo)
		proc = parse_mi(line, n, &mnt, &mntlen, &tail) && (size_t)(line + n - tail) > 8 &&
		       memcmp(tail, " - proc ", 8) == 0;
	else
		proc = parse_mounts(line, n, &mnt, &mntlen, &tail) && (size_t)(line + n - tail) > 5 &&
		       memcmp(tail, "proc ", 5) == 0;
	if (proc && mntlen == a->mntlen && memcmp(mnt, a->mnt, mntlen) == 0)
		a->found = true;
}

/* The covers sit on the procfs mounts they hide, whose own lines are in
 * the same file: dropping a cover's line leaves the file as it is without
 * veneer. */
static void mount_line(const char *line, size_t n, void *p)
{
	struct mount_arg *a = p;
	const char *mnt;
	size_t mntlen;
	if (is_cpus(line, n, a->mountinfo))
		return;
	if (is_cover(line, n, a, &mnt, &mntlen)) {
		struct mount_arg f = *a;
		f.mnt = mnt;
		f.mntlen = mntlen;
		f.found = false;
		each_line(a->text, a->len, find_proc, &f);
		if (f.found)
			return;
	}
	buf_append(a->out, line, n);
	buf_puts(a->out, "\n");
}

void filter_mountinfo(const char *task, size_t len, struct buf *out)
{
	struct mount_arg a = { .out = out, .mountinfo = true, .text = task, .len = len };
	each_line(task, len, mount_line, &a);
}

void filter_mounts(const char *task, size_t len, struct buf *out)
{
	struct mount_arg a = { .out = out, .mountinfo = false, .text = task, .len = len };
	each_line(task, len, mount_line, &a);
}
