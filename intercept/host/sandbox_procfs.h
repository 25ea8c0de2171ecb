/* The procfs of the sandbox's pid namespace, attached nowhere
 * (run/mounts.c mounts it): its pids are those the program knows, and it
 * holds the sandbox's tasks and no host process. Every fact the
 * supervisor reads of a task (host/), and every host object a /proc path
 * of the program leads to (vfs/), is found relative to it. */
#ifndef VENEER_SANDBOX_PROCFS_H
#define VENEER_SANDBOX_PROCFS_H

/* Set once, before the program starts. */
void sandbox_procfs_set(int fd);
/* The fd, for *at() calls; -1 before it is set. */
int sandbox_procfs(void);

#endif
