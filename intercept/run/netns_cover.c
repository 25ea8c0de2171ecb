/* See netns_cover.h. */
#include "netns_cover.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "proc/task_filters.h"   /* VN_NETNS_SOURCE */

#define NETNS_DIR "/run/netns"

static dev_t cover_dev;
static ino_t *inodes;      /* of m->netns[i]'s file */
static size_t ninodes;

int netns_cover_index(dev_t dev, ino_t ino)
{
	if (!inodes || dev != cover_dev)
		return -1;
	for (size_t i = 0; i < ninodes; i++)
		if (inodes[i] == ino)
			return (int)i;
	return -1;
}

int netns_cover_mount(const struct vn_model *m)
{
	struct stat st;
	if (stat(NETNS_DIR, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0;   /* the host has none to hide, and the program no place for them */
	int fs = (int)syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0)
		return -errno;
	int mnt = -1;
	if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "source", VN_NETNS_SOURCE, NULL, 0) == 0 &&
	    syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "mode", "0755", NULL, 0) == 0 &&
	    syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "size", "64k", NULL, 0) == 0 &&
	    syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0)
		mnt = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC,
				   MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
	int e = errno;
	close(fs);
	if (mnt < 0 || fstat(mnt, &st) < 0)
		return -e;
	cover_dev = st.st_dev;
	inodes = calloc(m->nnetns ? m->nnetns : 1, sizeof(*inodes));
	if (!inodes) {
		close(mnt);
		return -ENOMEM;
	}
	ninodes = m->nnetns;
	/* tmpfs lists the newest entry first (since 6.14; older kernels by
	 * a cursor that also shows the newest first): made in reverse, the
	 * listing is the snapshot's */
	for (size_t i = m->nnetns; i-- > 0;) {
		int fd = openat(mnt, m->netns[i].name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0444);
		if (fd < 0 || fstat(fd, &st) < 0) {
			e = errno;
			if (fd >= 0)
				close(fd);
			close(mnt);
			return -e;
		}
		fchmod(fd, 0444);   /* whatever the umask */
		inodes[i] = st.st_ino;
		close(fd);
	}
	struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
	int rc = syscall(SYS_mount_setattr, mnt, "", AT_EMPTY_PATH, &ro, sizeof(ro)) < 0 ||
			 syscall(SYS_move_mount, mnt, "", AT_FDCWD, NETNS_DIR, MOVE_MOUNT_F_EMPTY_PATH) < 0
		 ? -errno : 0;
	close(mnt);
	return rc;
}
