/* Directories handed out for the model's /proc directories.
 *
 * A served directory is a real directory in a private tmpfs that is mounted
 * nowhere (the stage): it holds one empty entry per name the model lists,
 * of the right type, so getdents64, fstat and fchdir on it run natively. A
 * lookup relative to it is trapped like any path call, and the stage
 * directory's inode tells which /proc directory it stands for. */
#ifndef VENEER_STAGE_H
#define VENEER_STAGE_H

#include <stdbool.h>
#include <sys/types.h>

#include "resolve.h"

int stage_init(void);
/* Is dev the stage's device? Only the supervisor makes inodes there. */
bool stage_holds(dev_t dev);
/* A new anonymous file on the stage, read-write, with mode: an fd, or
 * -errno as the program would see it. */
int stage_tmpfile(mode_t mode);
/* Sync the stage directory for node n with the model's listing and return a
 * new fd on it opened with `flags` (O_DIRECTORY added). -errno on failure. */
int stage_open_dir(struct vcall *c, const struct vnode *n, int flags);
/* The /proc directory a stage directory's inode stands for: false if the
 * inode is no served directory. (The caller checks that the task it is
 * under still belongs to the sandbox.) */
bool stage_node(ino_t ino, struct vnode *out);

#endif
