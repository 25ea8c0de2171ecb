/* See stage.h. */
#include "stage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "proc/proc_listing.h"
#include "sandbox_ctx.h"
#include "sandbox_procfs.h"
#include "sandbox_tasks.h"

struct stage_dir {
	struct vnode_ref node;   /* the /proc directory it stands for */
	ino_t ino;
	char name[24];
};

static int stagefd = -1;   /* the supervisor's mount, writable */
static int stage_ro = -1;  /* the program's, read-only */
static dev_t stage_dev;

static struct stage_dir *dirs;
static size_t ndirs;

/* The stage is one tmpfs with two mounts, both attached nowhere: the
 * supervisor's, writable, where it makes entries and served files, and
 * the program's, read-only, through which every directory it is handed
 * is opened. From a served directory the program can go ".." to the
 * stage's root natively, but it can change nothing there: no rename, no
 * chmod, no symlink swapped in (EROFS), whatever its uid. */
int stage_init(void)
{
	int fs = (int)syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0)
		return -errno;
	if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "mode", "0555", NULL, 0) < 0 ||
	    syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
		int e = errno;
		close(fs);
		return -e;
	}
	int mfd = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
	int e = errno;
	close(fs);
	if (mfd < 0)
		return -e;
	int ro = (int)syscall(SYS_open_tree, mfd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
	struct stat st;
	if (ro < 0 || syscall(SYS_mount_setattr, ro, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0 ||
	    fstat(mfd, &st) < 0) {
		e = errno;
		if (ro >= 0)
			close(ro);
		close(mfd);
		return -e;
	}
	stagefd = mfd;
	stage_ro = ro;
	stage_dev = st.st_dev;
	return 0;
}

bool stage_holds(dev_t dev)
{
	return stagefd >= 0 && dev == stage_dev;
}

int stage_tmpfile(mode_t mode)
{
	int fd = openat(stagefd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, mode);
	return fd < 0 ? -supervisor_errno(errno) : fd;
}

bool stage_node(ino_t ino, struct vnode *out)
{
	for (size_t i = 0; i < ndirs; i++)
		if (dirs[i].ino == ino) {
			vnode_ref_get(&dirs[i].node, out);
			return true;
		}
	return false;
}

/* Entries of a host /proc directory (relative to procfd), filtered. */
static void list_host(struct proc_listing *l, const char *hostpath, const struct proc_entry *dir_for_filter)
{
	int fd = openat(sandbox_procfs(), hostpath, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (dir_for_filter) {
			const struct proc_entry *e = proc_lookup(dir_for_filter, de->d_name);
			if (!e)
				continue;
			if (e->kind != PK_HOST && e->kind != PK_SYSTEM) {
				proc_listing_add(l, de->d_name, proc_kind_dtype(e->kind));
				continue;
			}
		}
		proc_listing_add(l, de->d_name, de->d_type);
	}
	closedir(d);
}

/* The names of n in the order Linux lists them (proc_listing.h). */
static void node_listing(const struct vn_model *m, const struct vnode *n, struct proc_listing *l)
{
	const struct proc_entry *e = n->e;
	if (e->kind == PK_HOST) {
		list_host(l, vnode_hostpath(n), NULL);
		return;
	}
	/* a task's directory: the host's first, whose order places a name
	 * base.c's tables (proc_listing.c) do not know yet */
	if (proc_is_task_dir(e))
		list_host(l, vnode_hostpath(n), e);
	proc_listing_rows(l, e, m);
	for (const struct proc_entry *r = e->children; e->kind != PK_DEVS && r && r->name; r++) {
		if (r->kind == PK_SYSTEM) {
			char hp[PATH_MAX];
			struct stat st;
			snprintf(hp, sizeof(hp), "%s/%s", vnode_hostpath(n), r->name);
			if (fstatat(sandbox_procfs(), hp[0] == '/' ? hp + 1 : hp, &st, 0) == 0)
				proc_listing_add(l, r->name, DT_REG);
		}
	}
	if (e == &proc_root_entry) {
		struct sandbox_task *t;
		size_t nt = sandbox_tasks(&t);
		for (size_t i = 0; i < nt; i++) {
			char name[16];
			snprintf(name, sizeof(name), "%d", t[i].pid);
			proc_listing_add(l, name, DT_DIR);
		}
		free(t);
	} else if (e->kind == PK_TASKS) {
		list_host(l, vnode_hostpath(n), NULL);
	}
	proc_listing_sort(l, e->order);
}

static struct stage_dir *stage_find(const struct vnode *n)
{
	for (size_t i = 0; i < ndirs; i++)
		if (strcmp(dirs[i].node.vpath, n->vpath) == 0)
			return &dirs[i];
	struct stage_dir *p = realloc(dirs, (ndirs + 1) * sizeof(*dirs));
	if (!p)
		abort();
	dirs = p;
	struct stage_dir *d = &dirs[ndirs];
	snprintf(d->name, sizeof(d->name), "d%zu", ndirs);
	if (mkdirat(stagefd, d->name, 0555) < 0)
		return NULL;
	struct stat st;
	if (fstatat(stagefd, d->name, &st, 0) < 0)
		return NULL;
	d->ino = st.st_ino;
	d->node = (struct vnode_ref){ 0 };
	vnode_ref_set(&d->node, n);
	ndirs++;
	return d;
}

/* Whether this kernel's tmpfs lists the newest entry first (6.14+ iterate
 * the dentry's children, newest at the head) or in creation order. Probed
 * once, so that a listing reads back in the model's order. */
static int newest_first = -1;

static void probe_order(void)
{
	mkdirat(stagefd, "order-probe", 0700);
	int dfd = openat(stagefd, "order-probe", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	newest_first = 0;
	if (dfd < 0)
		return;
	mkdirat(dfd, "a", 0700);
	mkdirat(dfd, "b", 0700);
	int rfd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = rfd >= 0 ? fdopendir(rfd) : NULL;
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (strcmp(de->d_name, "a") == 0)
			break;
		if (strcmp(de->d_name, "b") == 0) {
			newest_first = 1;
			break;
		}
	}
	if (d)
		closedir(d);
	unlinkat(dfd, "a", AT_REMOVEDIR);
	unlinkat(dfd, "b", AT_REMOVEDIR);
	close(dfd);
	unlinkat(stagefd, "order-probe", AT_REMOVEDIR);
}

static void make_entry(int dfd, const char *name, unsigned char type)
{
	switch (type) {
	case DT_DIR:
		mkdirat(dfd, name, 0555);
		break;
	case DT_LNK:
		if (symlinkat(".", dfd, name) < 0) {
			/* the entry is missing from the listing: as procfs would
			 * list a link that went away meanwhile */
		}
		break;
	default: {
		int f = openat(dfd, name, O_CREAT | O_WRONLY | O_CLOEXEC, 0444);
		if (f >= 0)
			close(f);
	}
	}
}

/* Make the directory hold exactly `want`, listed in want's order (the order
 * Linux lists: /proc's own entries, then pids ascending). When it already
 * does, nothing is touched; otherwise it is rebuilt, since entries can only
 * be appended at one end. */
static void stage_sync(int dfd, const struct proc_listing *want)
{
	if (newest_first < 0)
		probe_order();
	int rfd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = rfd >= 0 ? fdopendir(rfd) : NULL;
	struct dirent *de;
	struct proc_listing have = { 0 };
	while (d && (de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		proc_listing_add(&have, de->d_name, de->d_type);
	}
	if (d)
		closedir(d);
	bool same = have.n == want->n;
	for (size_t i = 0; same && i < want->n; i++)
		same = strcmp(have.e[i].name, want->e[i].name) == 0 && have.e[i].type == want->e[i].type;
	if (!same) {
		for (size_t i = 0; i < have.n; i++)
			unlinkat(dfd, have.e[i].name, have.e[i].type == DT_DIR ? AT_REMOVEDIR : 0);
		for (size_t k = 0; k < want->n; k++) {
			size_t i = newest_first ? want->n - 1 - k : k;
			make_entry(dfd, want->e[i].name, want->e[i].type);
		}
	}
	proc_listing_free(&have);
}

/* Linux lists /proc/<pid>/fd when it is read, so a process listing its own
 * fds sees the fd it reads the listing through (ls -la /proc/self/fd).
 * The listing here is made before that fd exists: add the number it will
 * get, the caller's lowest free one (where it is installed). */
static void own_fd(struct vcall *c, const struct vnode *n, struct proc_listing *l)
{
	const char *slash = strrchr(n->vpath, '/');
	if (n->e->kind != PK_HOST || !slash || n->pid != vcall_pid(c) ||
	    (strcmp(slash, "/fd") != 0 && strcmp(slash, "/fdinfo") != 0))
		return;
	int fd = vcall_free_fd_from(c, 0);
	if (fd < 0)
		return;
	char name[16];
	snprintf(name, sizeof(name), "%d", fd);
	proc_listing_add(l, name, strcmp(slash, "/fd") == 0 ? DT_LNK : DT_REG);
	/* in number order, as procfs lists them */
	for (size_t i = l->n - 1; i > 0 && atoi(l->e[i - 1].name) > fd; i--) {
		__typeof__(*l->e) t = l->e[i];
		l->e[i] = l->e[i - 1];
		l->e[i - 1] = t;
	}
}

int stage_open_dir(struct vcall *c, const struct vnode *n, int flags)
{
	struct stage_dir *d = stage_find(n);
	if (!d)
		return -EIO;
	int dfd = openat(stagefd, d->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	/* The stage is ours to write even though its modes say read-only:
	 * the supervisor runs with CAP_DAC_OVERRIDE. */
	struct proc_listing l = { 0 };
	node_listing(&c->sandbox->model, n, &l);
	own_fd(c, n, &l);
	stage_sync(dfd, &l);
	proc_listing_free(&l);
	close(dfd);
	int fd = openat(stage_ro, d->name, (flags & ~(O_CREAT | O_TRUNC | O_WRONLY | O_RDWR)) | O_DIRECTORY);
	return fd < 0 ? -errno : fd;
}
