/* The nodes of the model's /proc: where a walk is, what a served file or
 * directory stands for. One parser of /proc paths: the walk (resolve.c)
 * steps through nodes with vnode_child, which checks each task against
 * the sandbox; vnode_from_vpath takes the same steps, unchecked, through
 * a path the supervisor made. */
#ifndef VENEER_VNODE_H
#define VENEER_VNODE_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "model.h"
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

void vnode_root(struct vnode *n);
/* Step into child `name` of n: 0 or -errno (ENOENT for a task not in the
 * sandbox, or a net/ipv{4,6}/conf/<dev> not a link of m). self: the
 * caller's pid if known (0 if not). */
int vnode_child(const struct vn_model *m, struct vnode *n, const char *name, int self);
/* Step to n's parent (n is not the root). */
void vnode_parent(const struct vn_model *m, struct vnode *n);
/* Is tid a thread of pid? */
bool vnode_task_in_group(int pid, int tid);

/* The virtual node an fd stands for: the procfs root or a cover, a served
 * directory of a task still in the sandbox, a served file. Decided from
 * the inode alone (only the supervisor makes inodes on the stage's
 * device); false if it is none of ours. m: the caller's model. */
bool vnode_from_fd(const struct vn_model *m, int fd, struct vnode *out);
/* The same, telling apart a served object whose task has gone: 1 (ours,
 * *out set), 0 (not ours), -ESRCH (ours, its task gone: what procfs
 * answers for a lookup in the directory of a dead task). */
int vnode_of_fd(const struct vn_model *m, int fd, struct vnode *out);

/* Parse a trusted "/proc/..." (one the supervisor made) into a node. */
bool vnode_from_vpath(const struct vn_model *m, const char *vpath, struct vnode *out);

/* The host path (relative to sandbox_procfs()) behind a PK_HOST/PK_SYSTEM node. */
static inline const char *vnode_hostpath(const struct vnode *n) { return n->vpath + 6; }

#endif
