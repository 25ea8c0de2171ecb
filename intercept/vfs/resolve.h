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

#include "backend.h"
#include "proc/proc_tree.h"

struct vnode {
	const struct proc_entry *e;
	char vpath[PATH_MAX];        /* canonical: "/proc/123/net/dev" */
	int pid, tid;                /* the task directory it is under, 0 = none */
	int dev;                     /* the net/ipv{4,6}/conf/<dev> it is under, 0 = none */
};

/* A vnode kept for later (what a served file or directory stands for),
 * its path on the heap. */
struct vnode_ref {
	const struct proc_entry *e;
	char *vpath;
	int pid, tid, dev;
};
void vnode_ref_set(struct vnode_ref *r, const struct vnode *n);
void vnode_ref_get(const struct vnode_ref *r, struct vnode *out);

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
	bool must_be_dir;            /* trailing slash */
};

enum { RSV_FOLLOW = 1, RSV_EMPTY_PATH = 2 };

/* path is the string already read from the caller (read once). */
void resolve_path(struct vcall *c, int dirfd, const char *path, int flags,
		  struct resolution *r);

/* The host path (relative to sv.procfd) behind a PK_HOST/PK_SYSTEM node. */
static inline const char *vnode_hostpath(const struct vnode *n) { return n->vpath + 6; }

/* The virtual node an fd stands for: the procfs root or a cover, a served
 * directory of a task still in the sandbox, a served file. Decided from
 * the inode alone (only the supervisor makes inodes on the stage's
 * device); false if it is none of ours. */
bool vnode_from_fd(int fd, struct vnode *out);

/* Parse a trusted "/proc/..." (one the supervisor made) into a node. */
bool vnode_from_vpath(const char *vpath, struct vnode *out);

#endif
