/* The mounts of a run: the host's procfs mounts (each gets a cover in the
 * program's mount namespace), the supervisor's procfs of the sandbox's pid
 * namespace, and the covers themselves. */
#ifndef VENEER_MOUNTS_H
#define VENEER_MOUNTS_H

#include <sys/types.h>

/* fn(arg, device, mount point) for each mount of type fstype in the
 * mountinfo of hostproc (an O_PATH fd of a procfs), until fn returns
 * -errno. How many, or that -errno, or -errno of reading. */
int mounts_find(int hostproc, const char *fstype, int (*fn)(void *arg, dev_t dev, const char *mnt),
		void *arg);
/* Every procfs mount of the host, from its mountinfo, told to vfs/
 * (proc_mounts.h). 0, -ENOENT (none), -E2BIG (too many), -errno. */
int mounts_find_proc(int hostproc);
/* A procfs of the supervisor's pid namespace, the sandbox's
 * (sandbox_procfs.h). 0 or -errno. */
int mounts_sandbox_procfs(void);
/* The supervisor's own mount namespace (a copy of the host's: the mounts
 * it makes are then its own, and as an ordinary user it may make them in
 * its user namespace), and the sandbox's procfs on its /proc (after
 * mounts_sandbox_procfs). 0 or -errno. */
int mounts_supervisor_ns(void);
int mounts_proc_on_proc(void);
/* In the program's process before exec: a mount namespace of its own in
 * which every procfs mount is covered by an empty read-only tmpfs. *cover:
 * a writable mount of the covers' tmpfs, for the supervisor. 0 or -errno. */
int mounts_cover_proc(int *cover);

#endif
