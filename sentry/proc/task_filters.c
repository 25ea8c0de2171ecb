/* Per-task files that are the task's own (read from the host for that task)
 * but carry traces of veneer itself, rewritten to what the task would see
 * without veneer:
 *  - status: no tracer, no seccomp filter, the capabilities the model grants
 *    (a program checking TracerPid or Seccomp to detect a sandbox or a
 *    debugger sees neither);
 *  - mountinfo, mounts: the empty tmpfs that covers each procfs mount in the
 *    sandbox's mount namespace is left out: the procfs below is listed. The
 *    tmpfs that serves /sys over each sysfs mount is listed as what it
 *    serves at fs/cgroup, a cgroup2 mount of the sandbox's cgroup namespace
 *    (Go, the JVM and .NET find their cgroup through this line), and the
 *    host's mounts it hides below (the host's cgroup hierarchies, debugfs
 *    ...) are left out;
 *  - cgroup: the unified hierarchy's line alone ("0::/"), as on a host
 *    without cgroup v1 hierarchies, which /sys/fs/cgroup is. */
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
	const char *mnt;          /* find_proc, find_sys_cover: the mount point looked for */
	size_t mntlen;
	const char *after;        /* find_sys_cover: only lines from here */
	bool below;               /* find_sys_cover: a cover of a parent of mnt, or of mnt */
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

/* a cover of /sys after a->after whose mount point is a->mnt (below
 * false) or a parent of it (below true) */
static void find_sys_cover(const char *line, size_t n, void *p)
{
	struct mount_arg *a = p;
	struct mount m;
	if (line < a->after || !parse_mount(a, line, n, &m) || !is_sys_cover(&m))
		return;
	if (a->below ? m.mntlen < a->mntlen && a->mnt[m.mntlen] == '/' &&
			       memcmp(m.mnt, a->mnt, m.mntlen) == 0
		     : m.mntlen == a->mntlen && memcmp(m.mnt, a->mnt, m.mntlen) == 0)
		a->found = true;
}

static bool sys_cover_after(const struct mount_arg *a, const char *line, size_t n,
			    const struct mount *m, bool below)
{
	struct mount_arg f = *a;
	f.mnt = m->mnt;
	f.mntlen = m->mntlen;
	f.after = line + n;
	f.below = below;
	f.found = false;
	vn_each_line(a->text, a->len, find_sys_cover, &f);
	return f.found;
}

#define CGROUP2_OPTS "nsdelegate,memory_recursiveprot"

/* The cover of /sys as the cgroup2 mount at its fs/cgroup: its own mount
 * ids, device (a stat of /sys/fs/cgroup shows the cover's) and per-mount
 * options (read-only, as a container's /sys/fs/cgroup). */
static void cgroup2_line(struct buf *out, bool mountinfo, const char *line, size_t n,
			 const struct mount *m)
{
	const char *end = line + n, *mnt_end = m->mnt + m->mntlen;
	if (!mountinfo) {
		buf_printf(out, "cgroup2 %.*s/fs/cgroup cgroup2 ro,nosuid,nodev,noexec,relatime,"
			   CGROUP2_OPTS " 0 0\n", (int)m->mntlen, m->mnt);
		return;
	}
	/* "ID PARENT MAJ:MIN ROOT MNT OPTS [OPTIONAL...] - TYPE SOURCE SUPER" */
	const char *root = line;
	for (int i = 0; i < 3 && root; i++) {
		root = memchr(root, ' ', (size_t)(end - root));
		root = root ? root + 1 : NULL;
	}
	const char *sep = memmem(mnt_end, (size_t)(end - mnt_end), " - ", 3);
	if (!root || !sep)
		return;
	buf_printf(out, "%.*s/ %.*s/fs/cgroup%.*s - cgroup2 cgroup2 rw," CGROUP2_OPTS "\n",
		   (int)(root - line), line, (int)m->mntlen, m->mnt, (int)(sep - mnt_end), mnt_end);
}

/* The covers sit on the procfs mounts they hide, whose own lines are in
 * the same file: dropping a cover's line leaves the file as it is without
 * veneer. */
static void mount_line(const char *line, size_t n, void *p)
{
	struct mount_arg *a = p;
	struct mount m;
	bool parsed = parse_mount(a, line, n, &m);
	if (parsed && is_sys_cover(&m)) {
		/* stacked covers (a sysfs on another): the top one; the cover
		 * of /run/netns stands for nothing */
		if (!sys_cover_after(a, line, n, &m, false) && is(m.source, m.srclen, VN_SYS_SOURCE))
			cgroup2_line(a->out, a->mountinfo, line, n, &m);
		return;
	}
	if (parsed && sys_cover_after(a, line, n, &m, true))
		return;   /* hidden below a cover of /sys */
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

void filter_cgroup(const char *task, size_t len, struct buf *out)
{
	for (const char *p = task, *end = task + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl + 1 : end;
		if (stop - p >= 3 && memcmp(p, "0::", 3) == 0) {
			buf_append(out, p, (size_t)(stop - p));
			return;
		}
		p = stop;
	}
	buf_puts(out, "0::/\n");   /* a kernel without the unified hierarchy mounted */
}
