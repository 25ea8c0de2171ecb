/* The /proc tree veneer serves, as a table (like fs/proc/base.c): one row per
 * entry: name, kind, mode, and the generator, children or link target.
 *
 * Kinds:
 *  PK_FILE   a file rendered from the model by `gen`
 *  PK_DIR    a directory whose entries are `children`
 *  PK_LINK   a symlink whose target is `link` with %p -> reader's pid,
 *            %t -> reader's tid
 *  PK_TASKS  the numeric directories of the sandbox's tasks (<pid> under
 *            /proc, <tid> under /proc/<pid>/task); entries per task: proc_task
 *  PK_HOST   the task's own entry of that name in the host's /proc (a task
 *            may read its own data: maps, status, fd/, exe ...) until the
 *            model serves it; under a PK_HOST directory everything is host.
 *  PK_SYSTEM a system file passed through from the host until the model
 *            serves it; no row is one now (every system file is the
 *            model's), the kind stays for the supervisor's checks
 *  PK_DEVS   one entry per link of the model (the resolver checks the name),
 *            each `children[0]`: net/ipv{4,6}/conf (arg PROC_DEVS_CONF, with
 *            "all" and "default" first), net/dev_snmp6 (PROC_DEVS_LINKS)
 * A name that is in no table does not exist (ENOENT), whatever the host has.
 * A directory row names the order Linux lists it in (proc_listing.h). */
#ifndef VENEER_PROC_TREE_H
#define VENEER_PROC_TREE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "../model.h"
#include "proc_gen.h"

enum proc_kind { PK_FILE, PK_DIR, PK_LINK, PK_TASKS, PK_HOST, PK_SYSTEM, PK_DEVS };

/* The listing rules, one per kind of directory: see proc_listing.h. */
enum proc_order { PO_AS_GIVEN, PO_PDE, PO_ROOT, PO_SYSCTL, PO_TGID, PO_TID };

/* PK_DEVS's arg */
enum { PROC_DEVS_CONF, PROC_DEVS_LINKS };

struct proc_entry {
	const char *name;
	enum proc_kind kind;
	mode_t mode;
	proc_gen_fn gen;
	const struct proc_entry *children;
	const char *link;
	bool live;        /* PK_FILE rendered with the sandbox's live figures (proc_ctx.sb) */
	int arg;          /* PK_FILE: passed to gen/put as proc_ctx.arg; PK_DEVS: PROC_DEVS_* */
	proc_put_fn put;  /* PK_FILE: writable (a sysctl), with the model's capability `cap` */
	int cap;
	enum proc_order order;   /* a directory: how Linux orders its listing */
	uint32_t needs;          /* VN_K_* build options the row exists with (0: always) */
};

extern const struct proc_entry proc_root_entry;   /* "/proc" itself */
extern const struct proc_entry proc_task_entry;   /* a /proc/<pid> directory */
extern const struct proc_entry proc_tid_entry;    /* a /proc/<pid>/task/<tid> directory */

/* The row named `name` among dir's children (a PK_DIR or a task entry),
 * or NULL. Task directories fall back to PK_HOST for names not in the table. */
const struct proc_entry *proc_lookup(const struct proc_entry *dir, const char *name);

/* Whether e is a task's directory (/proc/<pid> or task/<tid>). */
static inline bool proc_is_task_dir(const struct proc_entry *e)
{
	return e == &proc_task_entry || e == &proc_tid_entry;
}

/* The link a PK_DEVS directory's entry `name` stands for (its ifindex, or
 * DEVCONF_ALL / DEVCONF_DEFAULT where dir lists those), 0 if none. */
int proc_devs_dev(const struct proc_entry *dir, const struct vn_model *m, const char *name);

/* Whether the served kernel has row e (its build options: e->needs). */
bool proc_row_present(const struct proc_entry *e);

/* Fit the tree to a kernel built with kconfig (VN_K_*, model.h): the rows
 * it compiles in (proc_entry.needs), and the net.ipv6.conf rows as
 * devconf6_in says. The tree is one
 * per process, like a kernel's sysctl tables, fixed when it is built, and
 * proc_lookup and the listings take no model; so the scenario loader calls
 * this for every model it loads (the supervisor loads one). */
void proc_tree_set_kconfig(uint32_t kconfig);

/* Expand a PK_LINK target for the reader. */
void proc_link_target(const struct proc_entry *e, int pid, int tid, char *out, size_t outlen);

#endif
