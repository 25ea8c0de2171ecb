/* The sandbox's processes: the supervisor's descendants (it is their
 * subreaper, so none escapes the tree), each with its /proc/<pid>/stat.
 * What listing /proc, the system files and the socket table start from. */
#ifndef VENEER_SANDBOX_TASKS_H
#define VENEER_SANDBOX_TASKS_H

#include <stddef.h>

#include "procstat.h"

struct sandbox_task {
	int pid;
	struct procstat st;
};

/* The sandbox's processes sorted by pid (as /proc lists them); *out is
 * to be freed. Returns how many. */
size_t sandbox_tasks(struct sandbox_task **out);

#endif
