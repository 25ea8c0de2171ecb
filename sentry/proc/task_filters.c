/* Per-task files that are the task's own (read from the host for that task)
 * but carry traces of veneer itself, rewritten to what the task would see
 * without veneer:
 *  - status: no tracer, no seccomp filter, the capabilities the model grants
 *    (a program checking TracerPid or Seccomp to detect a sandbox or a
 *    debugger sees neither);
 *  - mountinfo, mounts: the empty tmpfs that covers each procfs mount in the
 *    sandbox's mount namespace is shown as the procfs it stands for. */
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
};

static void status_line(const char *line, size_t n, void *p)
{
	struct status_arg *a = p;
	if (starts(line, n, "TracerPid:"))
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

void filter_status(const char *host, size_t len, uint64_t caps, struct buf *out)
{
	struct status_arg a = { out, caps };
	each_line(host, len, status_line, &a);
}

/* Fields of a mountinfo line: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS
 * [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS". */
struct mi {
	const char *f[6];
	size_t fl[6];
	const char *tail;         /* from " - " */
	size_t taillen;
};

static bool parse_mi(const char *line, size_t n, struct mi *m)
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
	for (int i = 0; i < 6; i++) {
		const char *sp = memchr(p, ' ', (size_t)(sep - p));
		if (!sp && i < 5)
			return false;
		m->f[i] = p;
		m->fl[i] = sp ? (size_t)(sp - p) : (size_t)(sep - p);
		p = sp ? sp + 1 : sep;
	}
	m->tail = sep;
	m->taillen = n - (size_t)(sep - line);
	return true;
}

struct mi_arg {
	struct buf *out;
	const char *host;         /* the supervisor's mountinfo */
	size_t hostlen;
};

struct find_arg {
	const char *mnt;
	size_t mntlen;
	struct mi found;
	bool ok;
};

static void find_proc(const char *line, size_t n, void *p)
{
	struct find_arg *a = p;
	struct mi m;
	if (a->ok || !parse_mi(line, n, &m))
		return;
	if (m.fl[4] == a->mntlen && memcmp(m.f[4], a->mnt, a->mntlen) == 0 &&
	    m.taillen > 8 && memcmp(m.tail, " - proc ", 8) == 0) {
		a->found = m;
		a->ok = true;
	}
}

static void mountinfo_line(const char *line, size_t n, void *p)
{
	struct mi_arg *a = p;
	struct mi m;
	if (parse_mi(line, n, &m) && m.taillen > strlen(VN_COVER_TAIL) &&
	    memcmp(m.tail, VN_COVER_TAIL, strlen(VN_COVER_TAIL)) == 0) {
		struct find_arg f = { .mnt = m.f[4], .mntlen = m.fl[4] };
		each_line(a->host, a->hostlen, find_proc, &f);
		if (f.ok) {
			/* the cover's ids, the procfs's root, options and tail */
			buf_printf(a->out, "%.*s %.*s %.*s %.*s %.*s %.*s\n",
				   (int)m.fl[0], m.f[0], (int)m.fl[1], m.f[1], (int)f.found.fl[2], f.found.f[2],
				   (int)f.found.fl[3], f.found.f[3], (int)m.fl[4], m.f[4],
				   (int)((f.found.tail + f.found.taillen) - f.found.f[5]), f.found.f[5]);
			return;
		}
	}
	buf_append(a->out, line, n);
	buf_puts(a->out, "\n");
}

void filter_mountinfo(const char *task, size_t len, const char *host, size_t hostlen, struct buf *out)
{
	struct mi_arg a = { out, host, hostlen };
	each_line(task, len, mountinfo_line, &a);
}

/* /proc/<pid>/mounts: "SOURCE MOUNTPOINT FSTYPE OPTS 0 0". */
struct mounts_arg {
	struct buf *out;
	const char *host;
	size_t hostlen;
};

static void mounts_line(const char *line, size_t n, void *p)
{
	struct mounts_arg *a = p;
	static const char cover[] = VN_COVER_SOURCE " ";
	if (starts(line, n, cover)) {
		const char *mp = line + strlen(cover);
		const char *sp = memchr(mp, ' ', n - strlen(cover));
		if (sp && (size_t)(line + n - sp) > 7 && memcmp(sp, " tmpfs ", 7) == 0) {
			struct find_arg f = { .mnt = mp, .mntlen = (size_t)(sp - mp) };
			each_line(a->host, a->hostlen, find_proc, &f);
			if (f.ok) {
				/* proc's per-mount options (field 6 of mountinfo) */
				buf_printf(a->out, "proc %.*s proc %.*s 0 0\n", (int)f.mntlen, f.mnt,
					   (int)f.found.fl[5], f.found.f[5]);
				return;
			}
		}
	}
	buf_append(a->out, line, n);
	buf_puts(a->out, "\n");
}

void filter_mounts(const char *task, size_t len, const char *host, size_t hostlen, struct buf *out)
{
	struct mounts_arg a = { out, host, hostlen };
	each_line(task, len, mounts_line, &a);
}
