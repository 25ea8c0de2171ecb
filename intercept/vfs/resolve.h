/* Resolving a caller's (dirfd, path) as the kernel would for that task, and
 * finding whether it lands in the model's /proc.
 *
 * The sandbox runs in a mount namespace where /proc is an empty read-only
 * tmpfs (the cover): whatever the caller does natively can never reach the
 * host's procfs, even if it rewrites the path after we looked at it. So a
 * path that resolves outside /proc is answered "continue natively", and only
 * paths into /proc are served here. */
#ifndef VENEER_RESOLVE_H
#define VENEER_RESOLVE_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "backend.h"
#include "vnode.h"

enum res_kind {
	RES_NATIVE,                  /* outside /proc: let the kernel do it */
	RES_HOST,                    /* a host object reached through /proc (a magic link) */
	RES_VIRT,                    /* a node of the model's /proc */
	RES_ERR,
};

struct resolution {
	enum res_kind kind;
	int err;
	int hostfd;                  /* RES_HOST: O_PATH fd, caller closes */
	struct vnode node;           /* RES_VIRT */
	dev_t dev;                   /* RES_NATIVE found by the first lookup: its device, else 0 */
	ino_t ino;                   /* and its inode */
	bool must_be_dir;            /* trailing slash */
};

enum { RSV_FOLLOW = 1, RSV_EMPTY_PATH = 2 };

/* path is the string already read from the caller (read once). */
void resolve_path(struct vcall *c, int dirfd, const char *path, int flags,
		  struct resolution *r);

#endif
