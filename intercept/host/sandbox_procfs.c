/* See sandbox_procfs.h. */
#include "sandbox_procfs.h"

static int procfd = -1;

void sandbox_procfs_set(int fd) { procfd = fd; }

int sandbox_procfs(void) { return procfd; }
