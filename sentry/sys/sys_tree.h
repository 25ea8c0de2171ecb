/* /sys as the model shows it: a tree of directories, files and symbolic
 * links, rendered whole from the model by pure functions (sys_net.c,
 * sys_net_kind.c, sys_cpu.c, sys_root.c) and written by the supervisor
 * into the tmpfs that covers the host's sysfs (intercept/run/sys_cover.c).
 *
 * A file carries the bytes a read of it returns on Linux, or the errno a
 * read of it fails with (the carrier of a link that is down: EINVAL), and
 * the permission bits Linux shows. Paths are relative to /sys, without a
 * leading slash ("class/net/lo"); a node's parent always comes before it. */
#ifndef VENEER_SYS_TREE_H
#define VENEER_SYS_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "../buf.h"
#include "../model.h"

enum sys_kind { SYS_DIR, SYS_FILE, SYS_LINK };

struct sys_node {
	char *path;
	enum sys_kind kind;
	unsigned mode;       /* permission bits (0444, 0644, 0200 ...) */
	int err;             /* SYS_FILE: the errno its read fails with on Linux, 0: it reads data */
	char *data;          /* SYS_FILE: the bytes (NUL-terminated too); SYS_LINK: the target */
	size_t len;
};

struct sys_tree {
	struct sys_node *v;
	size_t n, cap;
};

void sys_tree_init(struct sys_tree *t);
void sys_tree_free(struct sys_tree *t);

struct vn_cgroup_use;
/* All of /sys for model m (sys_root.c), into an empty tree; use: what the
 * sandbox's tasks use, for /sys/fs/cgroup (sys_cgroup.h; NULL: nothing). */
void sys_render(const struct vn_model *m, const struct vn_cgroup_use *use, struct sys_tree *t);

/* The node at path, or NULL. */
const struct sys_node *sys_tree_find(const struct sys_tree *t, const char *path);

/* What turns the tree `from` into `to`: fn(arg, node, remove) for each
 * node of `from` that `to` lacks or has differently (remove = true: the
 * deepest first), then for each node of `to` that `from` lacks or has
 * differently (remove = false: parents first). A directory that stays is
 * neither removed nor made again; a file whose bytes change is only made
 * again (the writer replaces it). */
void sys_tree_diff(const struct sys_tree *from, const struct sys_tree *to,
		   void (*fn)(void *arg, const struct sys_node *n, bool remove), void *arg);

/* ---- for the renderers ---- */

void sys_dir(struct sys_tree *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sys_link(struct sys_tree *t, const char *target, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A file holding b's bytes (err 0) or failing with err. */
void sys_file(struct sys_tree *t, unsigned mode, const struct buf *b, int err, const char *fmt,
	      ...) __attribute__((format(printf, 5, 6)));
/* A file dir/name holding one formatted line. */
void sys_printf(struct sys_tree *t, unsigned mode, const char *dir, const char *name,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* One attribute of a table: name, mode, and what a read shows (0) or
 * fails with (-errno). */
struct sys_attr {
	const char *name;
	unsigned mode;
	int (*show)(const void *obj, struct buf *out);
};
/* Each row of attrs as a file of dir (a path below /sys), shown for obj. */
void sys_attrs(struct sys_tree *t, const char *dir, const struct sys_attr *attrs, size_t n,
	       const void *obj);

/* Linux's bitmap formats over nbits bits, of which those in [lo, hi] are
 * set (lo > hi: none): "%*pb" (hex in 32-bit groups, "00000003,ffffffff")
 * and "%*pbl" (ranges, "0-3"). */
void sys_bitmap_hex(struct buf *out, int nbits, int lo, int hi);
void sys_bitmap_list(struct buf *out, int lo, int hi);

#endif
