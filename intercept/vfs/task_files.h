/* A sandbox task's own /proc files that would show veneer itself (status,
 * mountinfo, mounts): read from the host with the caller's rights and
 * handed over rewritten (sentry/proc/task_filters.c). */
#ifndef VENEER_TASK_FILES_H
#define VENEER_TASK_FILES_H

#include <stdbool.h>

#include "backend.h"
#include "resolve.h"

/* Is n one of them? */
bool task_file_filtered(const struct vnode *n);
/* Open it for reading as the caller: an fd or -errno. open_as opens a path
 * under the host's procfs with the caller's credentials. */
int task_file_open(struct vcall *c, const struct vnode *n, int flags,
		   int (*open_as)(struct vcall *c, int dirfd, const char *path, int flags, mode_t mode));

#endif
