/* See mounts.h. */
#include "mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "proc/proc_lines.h"
#include "proc_mounts.h"
#include "sandbox_procfs.h"

/* Undo mountinfo's octal escapes (\040 for a space ...) in place. */
static void unescape(char *s)
{
	char *o = s;
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

int mounts_find(int hostproc, const char *fstype, int (*fn)(void *arg, dev_t dev, const char *mnt),
		void *arg)
{
	int fd = openat(hostproc, "self/mountinfo", O_RDONLY | O_CLOEXEC);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!f)
		return -errno;
	char *line = NULL;
	size_t cap = 0, len = strlen(fstype);
	ssize_t n;
	int found = 0, rc = 0;
	while (rc == 0 && (n = getline(&line, &cap, f)) > 0) {
		struct vn_mountinfo mi;
		if (!vn_mountinfo_parse(line, (size_t)n, &mi) || mi.fslen != len ||
		    memcmp(mi.fstype, fstype, len) != 0)
			continue;
		char mnt[4096];
		snprintf(mnt, sizeof(mnt), "%.*s", (int)mi.mntlen, mi.mnt);
		unescape(mnt);
		rc = fn(arg, makedev(mi.maj, mi.min), mnt);
		found++;
	}
	free(line);
	fclose(f);
	return rc < 0 ? rc : found;
}

static int add_proc(void *arg, dev_t dev, const char *mnt)
{
	(void)arg;
	return proc_mounts_add_host(dev, mnt) < 0 ? -E2BIG : 0;
}

/* Find every procfs mount of the host: the sandbox gets a cover on each. */
int mounts_find_proc(int hostproc)
{
	int rc = mounts_find(hostproc, "proc", add_proc, NULL);
	if (rc < 0)
		return rc;
	return proc_mounts_nhost() ? 0 : -ENOENT;
}

/* A procfs of the sandbox's pid namespace (the supervisor is its init):
 * it holds the sandbox's processes and no host process, and its pids are
 * those the program knows. Mounted nowhere; the supervisor's only view of
 * tasks. */
/* The supervisor's own mount namespace: the host's, but for its /proc,
 * which is the sandbox's procfs (sandbox_procfs.h). What the supervisor itself
 * reads of /proc (its /proc/self, a sanitizer's list of its threads) then
 * agrees with the pids it has in its namespace. */
int mounts_supervisor_ns(void)
{
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -errno;
	return 0;
}

int mounts_proc_on_proc(void)
{
	if (syscall(SYS_move_mount, sandbox_procfs(), "", AT_FDCWD, "/proc", MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return -errno;
	return 0;
}

/* the sandbox's procfs's device: what the program's mount namespace
 * must not have on /proc */
static dev_t sandbox_dev;

int mounts_sandbox_procfs(void)
{
	int fs = (int)syscall(SYS_fsopen, "proc", FSOPEN_CLOEXEC);
	if (fs < 0)
		return -errno;
	int mfd = -1;
	if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0)
		mfd = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
	int e = errno;
	close(fs);
	struct stat st;
	if (mfd < 0 || fstat(mfd, &st) < 0)
		return -e;
	sandbox_procfs_set(mfd);
	sandbox_dev = st.st_dev;
	proc_mounts_add_sandbox(st.st_dev);
	return 0;
}

/* In the child: a mount namespace of its own in which every procfs mount
 * is covered by an empty read-only tmpfs. Nothing the program does natively
 * can reach the host's procfs; the supervisor serves /proc. (It inherits
 * the supervisor's cover of sysfs: sys_cover.c.) */
/* The covers: one tmpfs, mounted read-only over every procfs mount point;
 * its writable mount, attached nowhere, goes to the supervisor (*rw),
 * which makes the links that exec of a /proc magic link needs
 * (handlers/exec.c). */
static int make_covers(int *rw)
{
	int fs = (int)syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0)
		return -errno;
	int m = -1;
	if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "source", "veneer", NULL, 0) == 0 &&
	    syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "mode", "0555", NULL, 0) == 0 &&
	    syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "size", "64k", NULL, 0) == 0 &&
	    syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0)
		m = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC,
				 MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
	int e = errno;
	close(fs);
	if (m < 0)
		return -e;
	struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
	for (int i = 0; i < proc_mounts_nhost(); i++) {
		int c = (int)syscall(SYS_open_tree, m, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
		int rc = c < 0 || syscall(SYS_mount_setattr, c, "", AT_EMPTY_PATH, &ro, sizeof(ro)) < 0 ||
			 syscall(SYS_move_mount, c, "", AT_FDCWD, proc_mounts_host(i), MOVE_MOUNT_F_EMPTY_PATH) < 0
			 ? -errno : 0;
		if (c >= 0)
			close(c);
		if (rc < 0 && rc != -ENOENT) {   /* ENOENT: already under an earlier cover */
			close(m);
			return rc;
		}
	}
	*rw = m;
	return 0;
}

int mounts_cover_proc(int *cover)
{
	if (unshare(CLONE_NEWNS) < 0)
		return -errno;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -errno;
	/* the copy of the supervisor's namespace has the sandbox's procfs
	 * on /proc (mounts_supervisor_ns): off it, as the host had it */
	struct stat st;
	if (stat("/proc", &st) == 0 && st.st_dev == sandbox_dev && umount2("/proc", MNT_DETACH) < 0)
		return -errno;
	return make_covers(cover);
}

