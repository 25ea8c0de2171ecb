/* The procfs mounts of a run, told to vfs/ once by run/ before the
 * program starts: every procfs mount of the host (in the program's mount
 * namespace each is under a cover, run/mounts.c) and the sandbox's own
 * procfs, mounted nowhere (sandbox_procfs.h). From them vfs/ tells
 * whether an inode is a procfs's or stands for /proc's root, and makes
 * in the covers the links an exec through a /proc magic link needs
 * (handlers/exec.c). */
#ifndef VENEER_PROC_MOUNTS_H
#define VENEER_PROC_MOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* A procfs the host has mounted at path (copied). 0, or -E2BIG when
 * there are too many. */
int proc_mounts_add_host(dev_t dev, const char *path);
/* The host's procfs mounts so far, and the mount point of each. */
int proc_mounts_nhost(void);
const char *proc_mounts_host(int i);
/* The device of the sandbox's procfs. */
void proc_mounts_add_sandbox(dev_t dev);

/* Is dev a procfs's: one of the host's or the sandbox's? */
bool proc_mounts_is_procfs(dev_t dev);
/* The root of a procfs, or of a cover that stands for one. */
bool proc_mounts_is_root(dev_t dev, ino_t ino);

/* The covers' writable mount (-1: none; an earlier one is closed), in
 * the mount namespace of process program, whose roots the program reaches
 * natively. */
void proc_covers_set(int rw, pid_t program);
/* The covers' writable mount, or -1: for what vfs/ makes in them (the
 * links below, cover_dirs.c's directories). */
int proc_covers_rw(void);
/* A symbolic link to target in the covers (one per target, reused), by
 * its name under the first procfs mount point, as the program sees it:
 * the name's length, or -errno. */
int proc_covers_link(const char *target, char *name, size_t cap);

#endif
