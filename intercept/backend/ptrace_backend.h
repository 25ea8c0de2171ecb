/* Backend: ptrace, for kernels (or sandboxes) without seccomp user
 * notification. The same filter returns SECCOMP_RET_TRACE; the supervisor
 * is the tracer of every task of the program and handles one
 * PTRACE_EVENT_SECCOMP stop per trapped call. */
#ifndef VENEER_PTRACE_BACKEND_H
#define VENEER_PTRACE_BACKEND_H
#include <sys/types.h>

#include "backend.h"

/* The SECCOMP_RET_TRACE data the filter uses (PTRACE_GETEVENTMSG). */
#define PTRACE_FILTER_MSG 0x7e5e

/* Attach to the freshly forked child, before it installs the filter: a
 * RET_TRACE with no tracer would fail the call with ENOSYS. */
int ptrace_seize_child(pid_t pid);

/* serve(c): dispatch the call and respond unless parked. on_exit: a task
 * of the program is gone (waitpid status). Needs loop_init() done. */
int ptrace_backend_init(struct backend *be, void (*serve)(struct vcall *c),
			void (*on_exit)(pid_t pid, int status));

/* Handle every stop and exit waitpid has to report (on SIGCHLD). */
void ptrace_reap(struct backend *be);

#endif
