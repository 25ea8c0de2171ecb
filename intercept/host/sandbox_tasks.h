/* The sandbox's processes: every process of its pid namespace but the
 * supervisor (its init, pid 1), each with its /proc/<pid>/stat. What
 * listing /proc, the system files and the socket table start from. */
#ifndef VENEER_SANDBOX_TASKS_H
#define VENEER_SANDBOX_TASKS_H

#include <stdbool.h>
#include <stddef.h>

#include "procstat.h"

struct sandbox_task {
	int pid;
	struct procstat st;
};

/* The sandbox's processes sorted by pid (as /proc lists them); *out is
 * to be freed. Returns how many. */
size_t sandbox_tasks(struct sandbox_task **out);

/* The threads of the n processes t (sandbox_tasks), ascending; *out is
 * to be freed. Returns how many. */
size_t sandbox_threads(const struct sandbox_task *t, size_t n, int **out);

/* Is id a process or thread of the sandbox (not the supervisor's)? */
bool sandbox_has_task(int id);

#endif
