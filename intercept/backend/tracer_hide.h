/* Under the ptrace backend the supervisor is every task's tracer, and the
 * host's /proc/<pid>/status, passed through, would say so ("TracerPid:"
 * with our pid): a program must not learn it runs under a supervisor. */
#ifndef VENEER_TRACER_HIDE_H
#define VENEER_TRACER_HIDE_H

#include <sys/types.h>

#include "model.h"

/* If fd (ours) is a task's status file in the host's procfs, close it and
 * return a read-only copy of its bytes with "TracerPid:\t0" (or -errno);
 * else return fd. The copy is a snapshot taken while the caller is
 * stopped: a "t (tracing stop)" state reads as a native read would have
 * read it: R for the caller itself, else state_of(that task). A rewind
 * does not refresh it. m: the model of the caller's sandbox. */
int tracer_hide(const struct vn_model *m, int fd, pid_t caller_tid, pid_t caller_pid,
		const char *(*state_of)(pid_t task));

#endif
