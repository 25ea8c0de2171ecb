/* The line formats procfs prints that are read back, by a generator that
 * rewrites the host's text (task_filters.c, proc_system.c) or by the
 * supervisor (intercept/host/task_status.c, backend/tracer_hide.c,
 * run/mounts.c): one parser of each.
 *  - "Key:\tvalue" (/proc/<pid>/status), and with the key padded,
 *    "key\t\t: value" (/proc/cpuinfo);
 *  - /proc/<pid>/mountinfo.
 * Pure: text in, pieces of it or rewritten text out. */
#ifndef VENEER_PROC_LINES_H
#define VENEER_PROC_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include "../buf.h"

/* Call fn for each line of text, without its newline. */
void vn_each_line(const char *text, size_t len, void (*fn)(const char *line, size_t n, void *arg),
		  void *arg);

/* A "key: value" line: the key without the blanks before the colon, and
 * the value after the colon and the blanks that follow it (to the line's
 * end). false for a line without a colon. */
struct vn_kv {
	const char *key;
	size_t klen;
	const char *val;
	size_t vlen;
};
bool vn_kv_parse(const char *line, size_t n, struct vn_kv *kv);
/* The value of the first line whose key is key, or NULL; *vlen: its
 * length to the line's end. */
const char *vn_kv_get(const char *text, size_t len, const char *key, size_t *vlen);

/* One rewrite: the value of the lines whose key is key becomes val (the
 * key, colon and blanks as they were); a NULL val keeps the line. */
struct vn_kv_set {
	const char *key;
	const char *val;
};
/* text into out with the rewrites of set (ended by a NULL key); every
 * line of out ends in a newline. */
void vn_kv_rewrite(const char *text, size_t len, const struct vn_kv_set *set, struct buf *out);

/* A mountinfo line: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...]
 * - FSTYPE SOURCE SUPEROPTS", its fields as printed (octal escapes kept). */
struct vn_mountinfo {
	unsigned maj, min;
	const char *mnt;          /* the mount point */
	const char *fstype;
	const char *source;
	size_t mntlen, fslen, srclen;
};
bool vn_mountinfo_parse(const char *line, size_t n, struct vn_mountinfo *mi);

#endif
