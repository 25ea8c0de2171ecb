/* See sys_cover.h.
 *
 * One tmpfs (source "veneer-sys", which filter_mountinfo leaves out of the
 * program's mount table). Its writable mount, attached nowhere, is the
 * supervisor's; read-only clones of it go over the host's sysfs mount
 * points in the supervisor's mount namespace, and the program's namespace
 * is copied from that one.
 *
 * A file whose read fails on Linux (EINVAL: the carrier of a link that is
 * down) cannot fail on read in a tmpfs: it is there, empty, with mode 0000,
 * so that an open fails (EACCES: the program has no CAP_DAC_OVERRIDE).
 * Files the model changes are rewritten in place: a reader that keeps its
 * fd and reads again from 0 sees the new value, as with sysfs, and the name
 * keeps its place in the listing.
 *
 * /sys/fs/cgroup shows what the sandbox's tasks use (cgroup.procs,
 * memory.current ...): those files are rewritten when a program's open or
 * stat of one of them is trapped (sys_cover_opening), before the call goes
 * on natively. */
#include "sys_cover.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mounts.h"
#include "proc/task_filters.h"   /* VN_SYS_SOURCE */
#include "sandbox_facts.h"
#include "sandbox_tasks.h"
#include "sys/sys_cgroup.h"
#include "sys/sys_tree.h"

#define MAX_SYSFS 16
/* Every file takes a page: about 90 a link. A program with the model's
 * CAP_NET_ADMIN makes links at will; past this, /sys shows fewer files
 * (never the host's). */
#define COVER_SIZE "256m"

static char *points[MAX_SYSFS];   /* the host's sysfs mount points */
static int npoints;
static int rw = -1;               /* the cover's writable mount */
static dev_t cover_dev;
static struct sys_tree shown;     /* what the tmpfs holds */
static uint64_t shown_changes;
static int errors;                /* nodes the last write could not make */

/* What the cgroup files last showed of the sandbox's use, and where they
 * are: the inodes of the files that follow it, and of everything in
 * fs/cgroup (statfs says cgroup2 there). */
static struct vn_sandbox use_sb;
static int *use_procs, *use_threads;
static struct vn_cgroup_use use = { .sb = NULL };
#define MAX_CG_NODES 128
static ino_t live_inos[MAX_CG_NODES], cg_inos[MAX_CG_NODES];
static size_t nlive, ncg;

/* one cover per mount point (ip netns exec stacks a second sysfs on /sys) */
static int add_point(void *arg, dev_t dev, const char *mnt)
{
	(void)arg;
	(void)dev;
	for (int i = 0; i < npoints; i++)
		if (strcmp(points[i], mnt) == 0)
			return 0;
	if (npoints == MAX_SYSFS)
		return -E2BIG;
	points[npoints] = strdup(mnt);
	return points[npoints++] ? 0 : -ENOMEM;
}

int sys_cover_find(int hostproc)
{
	int n = mounts_find(hostproc, "sysfs", add_point, NULL);
	return n < 0 ? n : 0;
}

/* ---- writing the tree ---- */

/* The directory last opened for a node (nodes come a directory at a
 * time), and whether the tmpfs is being filled for the first time: then
 * nothing is there yet and the umask is 0 (no thread of the supervisor
 * runs yet), so each file is one create and one write. */
static char parent_path[PATH_MAX];
static int parent_fd = -1;
static bool fresh;

static void forget_parent(void)
{
	if (parent_fd >= 0)
		close(parent_fd);
	parent_fd = -1;
}

/* The directory that holds path, opened beneath the cover's root without
 * following a link (the names are the model's: links are never walked
 * through), and the last component. -1 when path is not a plain relative
 * path. */
static int parent_of(const char *path, const char **last)
{
	const char *slash = strrchr(path, '/');
	*last = slash ? slash + 1 : path;
	if (!**last || !strcmp(*last, ".") || !strcmp(*last, "..") || path[0] == '/')
		return -1;
	size_t n = slash ? (size_t)(slash - path) : 0;
	if (n >= sizeof(parent_path))
		return -1;
	if (parent_fd >= 0 && strlen(parent_path) == n && memcmp(parent_path, path, n) == 0)
		return parent_fd;
	forget_parent();
	memcpy(parent_path, path, n);
	parent_path[n] = '\0';
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
	};
	parent_fd = (int)syscall(SYS_openat2, rw, n ? parent_path : ".", &how, sizeof(how));
	return parent_fd;
}

/* What a read of the file shows; Linux's mode, or 0 when the read fails
 * (a write-only file fails with EACCES already). */
static unsigned file_mode(const struct sys_node *n)
{
	return n->err && n->err != EACCES ? 0 : n->mode;
}

/* A file, new or rewritten in place (a reader's fd then sees the new
 * bytes from 0, and the name keeps its place in the listing). */
static bool put_file(int dir, const char *name, const struct sys_node *n)
{
	size_t len = n->err ? 0 : n->len;
	int fd = openat(dir, name, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (fresh ? O_EXCL : 0),
			fresh ? file_mode(n) : 0);
	if (fd < 0)
		return false;
	bool ok = len == 0 || pwrite(fd, n->data, len, 0) == (ssize_t)len;
	if (!fresh)
		ok = ok && ftruncate(fd, (off_t)len) == 0 && fchmod(fd, file_mode(n)) == 0;
	close(fd);
	return ok;
}

static void make(const struct sys_node *n)
{
	const char *name;
	int dir = parent_of(n->path, &name);
	struct stat st;
	bool there = !fresh && dir >= 0 && fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
	bool ok = dir >= 0;
	if (ok && n->kind == SYS_DIR)
		ok = (there || mkdirat(dir, name, n->mode) == 0) &&
		     (fresh || fchmodat(dir, name, n->mode, 0) == 0);
	else if (ok && n->kind == SYS_LINK)
		ok = (!there || unlinkat(dir, name, 0) == 0) && symlinkat(n->data, dir, name) == 0;
	else if (ok)
		ok = put_file(dir, name, n);
	if (!ok)
		errors++;
}

static void remove_node(const struct sys_node *n)
{
	const char *name;
	int dir = parent_of(n->path, &name);
	if (dir < 0 || unlinkat(dir, name, n->kind == SYS_DIR ? AT_REMOVEDIR : 0) < 0)
		errors++;
	if (n->kind == SYS_DIR)
		forget_parent();   /* it may have been the one open */
}

static void apply(void *arg, const struct sys_node *n, bool remove)
{
	(void)arg;
	if (remove)
		remove_node(n);
	else
		make(n);
}

/* The first write into the empty tmpfs: the directories of `shown`
 * (dirs), or its files and links. The umask is 0 meanwhile (the
 * supervisor has no other thread yet). 0 or -EIO. */
static int fill(bool dirs)
{
	errors = 0;
	fresh = true;
	mode_t mask = umask(0);
	for (size_t i = 0; i < shown.n; i++)
		if ((shown.v[i].kind == SYS_DIR) == dirs)
			make(&shown.v[i]);
	forget_parent();
	umask(mask);
	fresh = false;
	return errors ? -EIO : 0;
}

/* ---- /sys/fs/cgroup ---- */

/* The inodes of the cgroup directory's nodes as `shown` has them. */
static void record_cgroup(void)
{
	nlive = ncg = 0;
	struct sys_tree live;
	sys_tree_init(&live);
	sys_render_cgroup_live(&(struct vn_model){ .cpus = 1 }, NULL, &live);
	size_t plen = strlen(SYS_CGROUP_DIR);
	for (size_t i = 0; i < shown.n && ncg < MAX_CG_NODES; i++) {
		const char *p = shown.v[i].path;
		struct stat st;
		if (strncmp(p, SYS_CGROUP_DIR, plen) != 0 || (p[plen] && p[plen] != '/') ||
		    fstatat(rw, p, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		cg_inos[ncg++] = st.st_ino;
		if (sys_tree_find(&live, p) && nlive < MAX_CG_NODES)
			live_inos[nlive++] = st.st_ino;
	}
	sys_tree_free(&live);
}

static bool among(const ino_t *v, size_t n, ino_t ino)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == ino)
			return true;
	return false;
}

/* What the sandbox's tasks use now, into `use`. */
static void gather_use(void)
{
	sandbox_facts(&use_sb);
	struct sandbox_task *t;
	size_t n = sandbox_tasks(&t);
	free(use_procs);
	free(use_threads);
	use_procs = malloc((n ? n : 1) * sizeof(*use_procs));
	if (!use_procs)
		abort();
	for (size_t i = 0; i < n; i++)
		use_procs[i] = t[i].pid;
	size_t nthreads = sandbox_threads(t, n, &use_threads);
	free(t);
	use.sb = &use_sb;
	use.procs = use_procs;
	use.nprocs = n;
	use.threads = use_threads;
	use.nthreads = nthreads;
	if (use_sb.rss_kb > use.peak_kb)
		use.peak_kb = use_sb.rss_kb;
	if (nthreads > use.peak_threads)
		use.peak_threads = nthreads;
}

/* The files that follow the use, rewritten in place, and `shown` with them. */
static void refresh_live(const struct vn_model *m)
{
	gather_use();
	struct sys_tree live;
	sys_tree_init(&live);
	sys_render_cgroup_live(m, &use, &live);
	for (size_t i = 0; i < live.n; i++) {
		struct sys_node *old = NULL;
		for (size_t j = 0; j < shown.n && !old; j++)
			if (strcmp(shown.v[j].path, live.v[i].path) == 0)
				old = &shown.v[j];
		if (!old)
			continue;
		make(&live.v[i]);
		free(old->data);
		old->data = live.v[i].data;
		old->len = live.v[i].len;
		live.v[i].data = NULL;
	}
	forget_parent();
	sys_tree_free(&live);
}

void sys_cover_opening(const struct vn_model *m, dev_t dev, ino_t ino)
{
	if (rw >= 0 && dev == cover_dev && among(live_inos, nlive, ino))
		refresh_live(m);
}

/* Render m and write the difference from what the tmpfs holds. */
static void write_model(const struct vn_model *m)
{
	struct sys_tree now;
	sys_tree_init(&now);
	sys_render(m, &use, &now);
	sys_tree_diff(&shown, &now, apply, NULL);
	forget_parent();
	sys_tree_free(&shown);
	shown = now;
	shown_changes = m->link_changes;
	record_cgroup();
}

int sys_cover_mount(const struct vn_model *m)
{
	if (npoints == 0)
		return 0;   /* no sysfs: nothing of the host to hide */
	int fs = (int)syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0)
		return -errno;
	int mnt = -1;
	if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "source", VN_SYS_SOURCE, NULL, 0) == 0 &&
	    syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "mode", "0755", NULL, 0) == 0 &&
	    syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "size", COVER_SIZE, NULL, 0) == 0 &&
	    syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0)
		mnt = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC,
				   MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
	int e = errno;
	close(fs);
	struct stat st;
	if (mnt < 0 || fstat(mnt, &st) < 0)
		return -e;
	rw = mnt;
	cover_dev = st.st_dev;
	/* the directories now (a working directory in /sys moves to the
	 * same path under the cover: clean_start.c), the rest in
	 * sys_cover_fill while the program's process gets ready */
	sys_tree_init(&shown);
	sys_render(m, &use, &shown);
	shown_changes = m->link_changes;
	if (fill(true) < 0)
		return -EIO;
	struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
	for (int i = 0; i < npoints; i++) {
		int c = (int)syscall(SYS_open_tree, rw, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
		int rc = c < 0 || syscall(SYS_mount_setattr, c, "", AT_EMPTY_PATH, &ro, sizeof(ro)) < 0 ||
				 syscall(SYS_move_mount, c, "", AT_FDCWD, points[i], MOVE_MOUNT_F_EMPTY_PATH) < 0
			 ? -errno : 0;
		if (c >= 0)
			close(c);
		if (rc < 0 && rc != -ENOENT)   /* ENOENT: below an earlier cover */
			return rc;
	}
	return 0;
}

int sys_cover_fill(void)
{
	static bool filled;   /* a second program (the ptrace fallback) finds it full */
	if (rw < 0 || filled)
		return 0;
	filled = true;
	int rc = fill(false);
	record_cgroup();
	return rc;
}

void sys_cover_sync(const struct vn_model *m)
{
	if (rw >= 0 && m->link_changes != shown_changes)
		write_model(m);
}

bool sys_cover_is(dev_t dev)
{
	return rw >= 0 && dev == cover_dev;
}

int sys_cover_statfs(ino_t ino, struct statfs *sf)
{
	if (fstatfs(rw, sf) < 0)
		return -errno;
	/* simple_statfs of kernfs (sysfs, cgroup2): no blocks, no inode counts */
	long flags = sf->f_flags | ST_RDONLY;
	fsid_t fsid = sf->f_fsid;
	memset(sf, 0, sizeof(*sf));
	sf->f_type = among(cg_inos, ncg, ino) ? CGROUP2_SUPER_MAGIC : SYSFS_MAGIC;
	sf->f_bsize = sf->f_frsize = 4096;
	sf->f_namelen = 255;
	sf->f_fsid = fsid;
	sf->f_flags = flags;
	return 0;
}
