/* Rewrites of a task's own /proc files that would show veneer itself
 * (task_filters.c). Pure: host text in, text out. */
#ifndef VENEER_TASK_FILTERS_H
#define VENEER_TASK_FILTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../buf.h"

/* How the covers over procfs mounts appear (intercept/run/run.c mounts them:
 * source "veneer", type tmpfs). */
#define VN_COVER_SOURCE "veneer"
#define VN_COVER_TAIL " - tmpfs " VN_COVER_SOURCE " "
/* The tmpfs that covers every sysfs mount with the model's /sys
 * (intercept/run/sys_cover.c); every mount of it is veneer's. */
#define VN_SYS_SOURCE "veneer-sys"
/* The tmpfs of the model's /run/netns names (intercept/run/netns_cover.c). */
#define VN_NETNS_SOURCE "veneer-netns"

/* status: TracerPid, Seccomp, Seccomp_filters 0; CapPrm/CapEff/CapBnd = caps,
 * CapInh/CapAmb 0. self: the reader reads its own status, which the host
 * shows stopped in the trapped call: it is "R (running)", as natively.
 * (Other tasks' states stay: a ptrace backend knows what a tracing stop
 * stands for, intercept/backend/tracer_hide.c.) */
void filter_status(const char *host, size_t len, uint64_t caps, bool self, struct buf *out);
/* mountinfo / mounts of the task without the lines of the covers of
 * /proc, and with each cover of /sys as the cgroup2 mount at its
 * fs/cgroup, without the host's mounts it hides. */
void filter_mountinfo(const char *task, size_t len, struct buf *out);
void filter_mounts(const char *task, size_t len, struct buf *out);
/* cgroup: the unified hierarchy's line ("0::/..."), without those of the
 * host's v1 hierarchies. */
void filter_cgroup(const char *task, size_t len, struct buf *out);

#endif
