/* Per-task files that are the task's own (read from the host for that task)
 * but carry traces of veneer itself, rewritten to what the task would see
 * without veneer:
 *  - status: no tracer, no seccomp filter, the capabilities the model grants
 *    (a program checking TracerPid or Seccomp to detect a sandbox or a
 *    debugger sees neither);
 *  - mountinfo, mounts: the empty tmpfs that covers each procfs mount in the
 *    sandbox's mount namespace is left out: the procfs below is listed; so
 *    is the tmpfs that serves /sys over each sysfs mount. */
#include "task_filters.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "proc_lines.h"

void filter_status(const char *host, size_t len, uint64_t caps, bool self, struct buf *out)
{
	char zero[17], granted[17];
	snprintf(zero, sizeof(zero), "%016" PRIx64, (uint64_t)0);
	snprintf(granted, sizeof(granted), "%016" PRIx64, caps);
	const struct vn_kv_set set[] = {
		{ "State", self ? "R (running)" : NULL },
		{ "TracerPid", "0" },
		{ "Seccomp", "0" },
		{ "Seccomp_filters", "0" },
		{ "CapInh", zero }, { "CapAmb", zero },
		{ "CapPrm", granted }, { "CapEff", granted }, { "CapBnd", granted },
		{ NULL, NULL },
	};
	vn_kv_rewrite(host, len, set, out);
}

/* The fields of a mount's line the filters look at, in either file. */
struct mount {
	const char *mnt, *fstype, *source;
	size_t mntlen, fslen, srclen;
};

/* /proc/<pid>/mounts: "SOURCE MOUNTPOINT FSTYPE OPTS 0 0" */
static bool parse_mounts(const char *line, size_t n, struct mount *m)
{
	const char *f[3], *end = line + n;
	size_t fl[3];
	for (int i = 0; i < 3; i++) {
		const char *sp = memchr(line, ' ', (size_t)(end - line));
		if (!sp)
			return false;   /* OPTS follow */
		f[i] = line;
		fl[i] = (size_t)(sp - line);
		line = sp + 1;
	}
	*m = (struct mount){ f[1], f[2], f[0], fl[1], fl[2], fl[0] };
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

static bool parse_mount(const struct mount_arg *a, const char *line, size_t n, struct mount *m)
{
	struct vn_mountinfo mi;
	if (!a->mountinfo)
		return parse_mounts(line, n, m);
	if (!vn_mountinfo_parse(line, n, &mi))
		return false;
	*m = (struct mount){ mi.mnt, mi.fstype, mi.source, mi.mntlen, mi.fslen, mi.srclen };
	return true;
}

static bool is(const char *s, size_t n, const char *what)
{
	return n == strlen(what) && memcmp(s, what, n) == 0;
}

/* The cover of /sys, and of /run/netns: dropped, whatever lies below
 * (the sysfs or the names it hides, whose own line stays, or nothing). */
static bool is_sys_cover(const struct mount *m)
{
	return is(m->fstype, m->fslen, "tmpfs") &&
	       (is(m->source, m->srclen, VN_SYS_SOURCE) || is(m->source, m->srclen, VN_NETNS_SOURCE));
}

static bool is_cover(const struct mount *m)
{
	return is(m->fstype, m->fslen, "tmpfs") && is(m->source, m->srclen, VN_COVER_SOURCE);
}

static void find_proc(const char *line, size_t n, void *p)
{
	struct mount_arg *a = p;
	struct mount m;
	if (parse_mount(a, line, n, &m) && is(m.fstype, m.fslen, "proc") && m.mntlen == a->mntlen &&
	    memcmp(m.mnt, a->mnt, m.mntlen) == 0)
		a->found = true;
}

/* The covers sit on the procfs mounts they hide, whose own lines are in
 * the same file: dropping a cover's line leaves the file as it is without
 * veneer. */
static void mount_line(const char *line, size_t n, void *p)
{
	struct mount_arg *a = p;
	struct mount m;
	bool parsed = parse_mount(a, line, n, &m);
	if (parsed && is_sys_cover(&m))
		return;
	if (parsed && is_cover(&m)) {
		struct mount_arg f = *a;
		f.mnt = m.mnt;
		f.mntlen = m.mntlen;
		f.found = false;
		vn_each_line(a->text, a->len, find_proc, &f);
		if (f.found)
			return;
	}
	buf_append(a->out, line, n);
	buf_puts(a->out, "\n");
}

void filter_mountinfo(const char *task, size_t len, struct buf *out)
{
	struct mount_arg a = { .out = out, .mountinfo = true, .text = task, .len = len };
	vn_each_line(task, len, mount_line, &a);
}

void filter_mounts(const char *task, size_t len, struct buf *out)
{
	struct mount_arg a = { .out = out, .mountinfo = false, .text = task, .len = len };
	vn_each_line(task, len, mount_line, &a);
}
