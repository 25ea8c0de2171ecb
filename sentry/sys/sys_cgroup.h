/* /sys/fs/cgroup: the sandbox's own cgroup as the root of its cgroup
 * namespace, as a container sees it (sys_cgroup.c). */
#ifndef VENEER_SYS_CGROUP_H
#define VENEER_SYS_CGROUP_H

#include <stddef.h>
#include <stdint.h>

#include "../sandbox.h"
#include "sys_tree.h"

/* What the sandbox's tasks use now, gathered by the supervisor when a
 * program opens one of the files that show it (sys_cgroup_live). */
struct vn_cgroup_use {
	const struct vn_sandbox *sb;   /* memory and CPU time; NULL: none yet */
	const int *procs;              /* cgroup.procs: processes, ascending */
	size_t nprocs;
	const int *threads;            /* cgroup.threads: every thread, ascending */
	size_t nthreads;
	uint64_t peak_kb;              /* memory.peak: the most rss_kb seen */
	size_t peak_threads;           /* pids.peak */
};

/* Every file of /sys/fs/cgroup for m (use NULL: nothing runs yet). */
void sys_render_cgroup(const struct vn_model *m, const struct vn_cgroup_use *use,
		       struct sys_tree *t);
/* Only the files whose bytes follow use (cgroup.procs, memory.current,
 * cpu.stat ...), as sys_render_cgroup makes them. */
void sys_render_cgroup_live(const struct vn_model *m, const struct vn_cgroup_use *use,
			    struct sys_tree *t);

/* The directory, relative to /sys. */
#define SYS_CGROUP_DIR "fs/cgroup"

#endif
