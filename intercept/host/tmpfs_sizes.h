/* The host's tmpfs mounts that have the kernel's default size (half of the
 * RAM: /dev/shm, a tmpfs /tmp or /run), which on the machine the model
 * describes would be half of *its* memory (`df /dev/shm`). Found once, in
 * the supervisor's mount namespace, which is the sandbox's but for the
 * covers. */
#ifndef VENEER_TMPFS_SIZES_H
#define VENEER_TMPFS_SIZES_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/statfs.h>
#include <sys/types.h>

/* If dev is such a tmpfs: its statfs now, and true. */
bool tmpfs_default_statfs(dev_t dev, struct statfs *sf);
/* sf (a statfs of such a tmpfs) as a machine with memory_kb would show
 * it: its size and inode count half of that memory, what is used kept. */
void tmpfs_fit(struct statfs *sf, uint64_t memory_kb);

#endif
