#ifndef VENEER_RUN_H
#define VENEER_RUN_H
#include <stdbool.h>
#include <stdint.h>

#include "vlog.h"

struct run_opts {
	const char *scenario;    /* NULL: the embedded model */
	const char *scenario_text;  /* or the scenario itself (composed: --set, --overlay) */
	const char *backend;     /* "notify" (default) or "ptrace" */
	const char *log;         /* NULL: no log; "-": stderr */
	struct vlog_opts log_opts;
	uint64_t caps;           /* capabilities the model grants */
	bool net_host;           /* --net host: the host's network namespace */
	char **argv;             /* the program and its arguments */
};

/* Run the program under veneer. Returns veneer's exit status: the
 * program's, 128+N if killed by signal N, 127/126 if it could not be
 * found/executed, 2 on veneer's own errors (after one "veneer:" line). */
int veneer_run(const struct run_opts *o);
#endif
