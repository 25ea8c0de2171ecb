/* The supervisor's state: one per veneer process. */
#ifndef VENEER_SUPERVISOR_H
#define VENEER_SUPERVISOR_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct supervisor {
	int stagefd;         /* detached tmpfs: served directories and files (stage.h) */
	int stage_ro;        /* the same, mounted read-only: what the program is handed */
	int coverfd;         /* the covers' tmpfs, writable (mounts.c), or -1 */
	dev_t stage_dev;
	/* Every procfs mounted on the host: the sandbox's mount namespace has
	 * an empty tmpfs (a cover) over each mount point. */
	dev_t proc_devs[16];
	char *proc_mounts[16];
	int nproc;           /* the host's procfs mounts */
	int ndevs;           /* ... and the sandbox's procfs: proc_devs[nproc] */
	pid_t child;         /* the program veneer runs */
};

extern struct supervisor sv;

/* An errno from the supervisor's own resources, as the program sees it:
 * every stand-in costs the supervisor an fd, and its table is, to the
 * program, the system's (ENFILE), not the program's own (EMFILE). */
static inline int sv_errno(int err) { return err == EMFILE ? ENFILE : err; }

static inline bool sv_is_procfs(dev_t dev)
{
	for (int i = 0; i < sv.ndevs; i++)
		if (sv.proc_devs[i] == dev)
			return true;
	return false;
}

/* The root directory of a procfs mount (procfs numbers its root 1). */
static inline bool sv_is_proc_root(dev_t dev, ino_t ino)
{
	return ino == 1 && sv_is_procfs(dev);
}

#endif
