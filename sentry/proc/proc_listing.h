/* A directory listing of the model's /proc, in the order Linux lists it.
 *
 * getdents order is what `ls -f`, `find` and every readdir loop see, and
 * find's fts holds a different number of fds while it walks when the order
 * differs (so it lists a different /proc/self/fd). Each directory row of
 * proc_tree.c names the rule of its kind of directory (proc_entry.order):
 *
 *  PO_AS_GIVEN  the task's own directories, passed through from the host
 *               kernel (fd/, ns/, attr/, task/): as it lists them
 *  PO_PDE       a generic procfs directory (fs/proc/generic.c: /proc/net,
 *               /proc/pressure, ...): an rbtree by name length, then
 *               memcmp (proc_match)
 *  PO_ROOT      /proc: its generic entries as PO_PDE (proc_root_readdir),
 *               then "self", "thread-self" and the pids ascending
 *               (proc_pid_readdir)
 *  PO_SYSCTL    a /proc/sys directory (fs/proc/proc_sysctl.c: an rbtree
 *               of every table's entries by namecmp, memcmp then the
 *               shorter first, which is strcmp's order)
 *  PO_TGID      /proc/<pid>: fs/proc/base.c's tgid_base_stuff order
 *  PO_TID       /proc/<pid>/task/<tid>: tid_base_stuff order
 */
#ifndef VENEER_PROC_LISTING_H
#define VENEER_PROC_LISTING_H

#include <limits.h>
#include <stddef.h>

#include "../model.h"
#include "proc_tree.h"

struct proc_dirent {
	char name[NAME_MAX + 1];
	unsigned char type;       /* DT_* */
};

struct proc_listing {
	struct proc_dirent *e;
	size_t n, cap;
};

/* Add name unless it is listed already. */
void proc_listing_add(struct proc_listing *l, const char *name, unsigned char type);
void proc_listing_free(struct proc_listing *l);

/* The d_type of an entry of kind k. */
unsigned char proc_kind_dtype(enum proc_kind k);

/* What the tables list in dir: its rows, or for a PK_DEVS directory the
 * links of m (after "all" and "default" where dir->arg says so). Not the
 * task directories (the supervisor adds the sandbox's tasks) nor what a
 * PK_HOST directory holds. */
void proc_listing_rows(struct proc_listing *l, const struct proc_entry *dir,
		       const struct vn_model *m);

/* Put l in the order Linux lists a directory of that rule. */
void proc_listing_sort(struct proc_listing *l, enum proc_order order);

#endif
