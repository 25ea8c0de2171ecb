/* One reader of a task's /proc/<tid>/status, for every field the
 * supervisor takes from it: its thread group, credentials, groups and
 * signals. (Its stat is procstat.h's.) */
#ifndef VENEER_TASK_STATUS_H
#define VENEER_TASK_STATUS_H

#include <stdint.h>
#include <sys/types.h>

struct task_status {
	pid_t tgid;
	uid_t uid[4];            /* real, effective, saved, file system */
	gid_t gid[4];
	int ngroups;
	gid_t groups[64];        /* the first 64 supplementary groups */
	uint64_t sigpnd, shdpnd, sigblk;
	unsigned have;           /* TS_* read */
};

enum { TS_TGID = 1, TS_UID = 2, TS_GID = 4, TS_GROUPS = 8, TS_SIGNALS = 16 };

/* 0, or -errno if the task is gone or its status unreadable. */
int task_status_read(pid_t tid, struct task_status *out);

#endif
