/* Directories of the model's /proc made in the covers' tmpfs, so that a
 * program can chdir below /proc.
 *
 * The kernel itself must change a task's cwd, and natively it walks the
 * cover (mounts.c), an empty tmpfs where /proc was. So chdir into a
 * directory of the model (handlers/chdir.c) first makes that directory in
 * the cover under its canonical name ("/proc/123/fd" is "123/fd" there),
 * with procfs's links beside it ("self" -> the caller's pid, "thread-self",
 * "net" -> "self/net"), and lets the call go on: the kernel lands in the
 * cover's directory, getcwd() says "/proc/123/fd" as on Linux, and a
 * lookup relative to that cwd is trapped like any other and served from
 * the directory it stands for, found here by its inode (vnode.c).
 *
 * chroot and inotify_add_watch take the same way (handlers/chdir.c): the
 * kernel then checks CAP_SYS_CHROOT itself, and a watch on the cover's
 * copy sees no events, as a watch on procfs sees none.
 *
 * Only the supervisor makes entries in the cover (the program's mount of
 * it is read-only), so an inode found here was made here. "self" is one
 * link for the whole sandbox: two processes that chdir through it at the
 * same moment may each land in the other's directory (docs/design.md). */
#ifndef VENEER_COVER_DIRS_H
#define VENEER_COVER_DIRS_H

#include <stdbool.h>
#include <sys/types.h>

#include "vnode.h"

/* Make n's directory (and those above it) in the cover and point "self"
 * and "thread-self" at pid and tid: 0 or -errno. as_file: n is made an
 * empty file (inotify_add_watch's place), its directories as above. */
int cover_dir_make(const struct vnode *n, int pid, int tid, bool as_file);
/* The directory of m's /proc a cover directory stands for. */
bool cover_dir_node(const struct vn_model *m, dev_t dev, ino_t ino, struct vnode *out);

#endif
