/* See vnode.h. */
#include "vnode.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cover_dirs.h"
#include "proc_mounts.h"
#include "sandbox_procfs.h"
#include "sandbox_tasks.h"
#include "served.h"
#include "stage.h"

bool vnode_task_in_group(int pid, int tid)
{
	char path[64];
	struct stat st;
	snprintf(path, sizeof(path), "%d/task/%d", pid, tid);
	return fstatat(sandbox_procfs(), path, &st, 0) == 0;
}

static void node_set(struct vnode *n, const struct proc_entry *e, const char *vpath, int pid, int tid)
{
	n->e = e;
	snprintf(n->vpath, sizeof(n->vpath), "%s", vpath);
	n->pid = pid;
	n->tid = tid;
	n->dev = 0;
}

void vnode_root(struct vnode *n)
{
	node_set(n, &proc_root_entry, "/proc", 0, 0);
}

/* Step into child `name` of n: 0 or -errno. The one parser of /proc
 * paths, for the program's walk (check: a task must be in the sandbox, a
 * host entry must exist; self, the caller's pid if already known, needs
 * no ancestry walk) and for a path the supervisor made (no check). */
static int step(const struct vn_model *m, struct vnode *n, const char *name, int self, bool check)
{
	if (n->e->kind == PK_FILE || n->e->kind == PK_SYSTEM)
		return -ENOTDIR;
	const struct proc_entry *e = proc_lookup(n->e, name);
	if (!e)
		return -ENOENT;
	char vpath[PATH_MAX];
	if (snprintf(vpath, sizeof(vpath), "%s/%s", n->vpath, name) >= (int)sizeof(vpath))
		return -ENAMETOOLONG;
	int pid = n->pid, tid = n->tid, dev = n->dev;
	if (n->e->kind == PK_DEVS && !(dev = proc_devs_dev(n->e, m, name)))
		return -ENOENT;
	if (proc_is_task_dir(e)) {
		int id = atoi(name);
		if (n->e == &proc_root_entry) {
			if (check && id != self && !sandbox_has_task(id))
				return -ENOENT;
			pid = id;     /* /proc/<tid> works for any thread, like Linux */
			tid = id;
		} else {
			if (check && !vnode_task_in_group(n->pid, id))
				return -ENOENT;
			tid = id;
		}
	} else if (check && (e->kind == PK_HOST || e->kind == PK_SYSTEM)) {
		struct stat st;
		if (fstatat(sandbox_procfs(), vpath + 6, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return -errno;
	}
	node_set(n, e, vpath, pid, tid);
	n->dev = dev;
	return 0;
}

int vnode_child(const struct vn_model *m, struct vnode *n, const char *name, int self)
{
	return step(m, n, name, self, true);
}

void vnode_parent(const struct vn_model *m, struct vnode *n)
{
	char vpath[PATH_MAX];
	snprintf(vpath, sizeof(vpath), "%s", n->vpath);
	char *slash = strrchr(vpath, '/');
	*slash = '\0';
	vnode_from_vpath(m, vpath, n);
}

bool vnode_from_vpath(const struct vn_model *m, const char *vpath, struct vnode *out)
{
	if (strncmp(vpath, "/proc", 5) != 0 || (vpath[5] && vpath[5] != '/'))
		return false;
	struct vnode n;
	vnode_root(&n);
	char buf[PATH_MAX];
	snprintf(buf, sizeof(buf), "%s", vpath + 5);
	for (char *save = NULL, *comp = strtok_r(buf, "/", &save); comp;
	     comp = strtok_r(NULL, "/", &save))
		if (step(m, &n, comp, 0, false) < 0)
			return false;
	*out = n;
	return true;
}

void vnode_ref_set(struct vnode_ref *r, const struct vnode *n)
{
	free(r->vpath);
	r->vpath = strdup(n->vpath);
	if (!r->vpath)
		abort();
	r->e = n->e;
	r->pid = n->pid;
	r->tid = n->tid;
	r->dev = n->dev;
}

void vnode_ref_get(const struct vnode_ref *r, struct vnode *out)
{
	node_set(out, r->e, r->vpath, r->pid, r->tid);
	out->dev = r->dev;
}

/* A node under a task directory is valid while that task is in the
 * sandbox: a directory fd kept after the task exited must not lead to
 * whatever process gets its pid next. */
static bool node_alive(const struct vnode *n)
{
	if (!n->pid)
		return true;
	if (!sandbox_has_task(n->pid))
		return false;
	return n->tid == n->pid || vnode_task_in_group(n->pid, n->tid);
}

int vnode_of_fd(const struct vn_model *m, int fd, struct vnode *out)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return 0;
	if (proc_mounts_is_root(st.st_dev, st.st_ino)) {
		vnode_root(out);
		return 1;
	}
	if (S_ISDIR(st.st_mode) && cover_dir_node(m, st.st_dev, st.st_ino, out))
		return node_alive(out) ? 1 : -ESRCH;
	if (!stage_holds(st.st_dev))
		return 0;
	bool known = S_ISDIR(st.st_mode) ? stage_node(st.st_ino, out)
		   : S_ISREG(st.st_mode) && served_node(st.st_ino, out);
	if (!known)
		return 0;
	return node_alive(out) ? 1 : -ESRCH;
}

bool vnode_from_fd(const struct vn_model *m, int fd, struct vnode *out)
{
	return vnode_of_fd(m, fd, out) > 0;
}

