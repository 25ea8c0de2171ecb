/* /sys from the model: a tmpfs over every sysfs mount of the host, filled
 * from sentry/sys/ and kept in step with the model's changes. The program
 * reads it natively: nothing to trap, nothing to serve per call.
 *
 * Made in the supervisor's own mount namespace before the program's is
 * copied from it, so both see the same /sys: the supervisor's resolution
 * of a path through /sys (resolve.c) finds what the program's kernel will. */
#ifndef VENEER_SYS_COVER_H
#define VENEER_SYS_COVER_H

#include <stdbool.h>
#include <sys/statfs.h>
#include <sys/types.h>

#include "model.h"

/* The host's sysfs mount points, from the mountinfo of hostproc (before
 * the supervisor's mount namespace is made). 0 or -errno. */
int sys_cover_find(int hostproc);
/* In the supervisor's mount namespace, before the program's process is
 * forked: the tmpfs with the directories of m's /sys, mounted read-only
 * over each sysfs mount point found. 0 or -errno. */
int sys_cover_mount(const struct vn_model *m);
/* Once the program's process is forked (so that it keeps its umask, and
 * gets ready meanwhile): the files and links. The program makes no call
 * before the supervisor serves. 0 or -errno. */
int sys_cover_fill(void);
/* After a trapped call: if m changed since the tmpfs was last written,
 * write what changed in /sys. */
void sys_cover_sync(const struct vn_model *m);

/* Before a trapped open or stat of (dev, ino) goes on natively: if it is
 * a file of /sys/fs/cgroup that shows the sandbox's use, write it anew. */
void sys_cover_opening(const struct vn_model *m, dev_t dev, ino_t ino);

/* Whether dev is the cover's tmpfs, and what statfs says of its file ino:
 * sysfs, or cgroup2 in /sys/fs/cgroup, as on Linux (the flags are the
 * cover's own: read-only). */
bool sys_cover_is(dev_t dev);
int sys_cover_statfs(ino_t ino, struct statfs *sf);

#endif
