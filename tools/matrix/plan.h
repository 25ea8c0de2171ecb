/* What `veneer matrix` is asked to run (cli.c fills it): the commands, the
 * scenarios, the backends, how many at a time and how each run is judged. */
#ifndef VENEER_MATRIX_PLAN_H
#define VENEER_MATRIX_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "compose.h"
#include "job.h"
#include "matrix.h"

struct mx_command {
	char *label;         /* as reports show it */
	char **argv;         /* what veneer run runs */
	char *slug;          /* its golden files' name */
};

struct mx_scenario {
	char *name;          /* the file's name without .json */
	char *path;
};

struct mx_plan {
	struct mx_command *cmds;
	size_t ncmds;
	struct mx_scenario *scns;
	size_t nscns;
	char *backends[2];
	size_t nbackends;
	unsigned shard, nshards;
	unsigned jobs;
	unsigned timeout_s;        /* per run; 0: none */
	const char *expect_dir;    /* golden files, or NULL */
	bool update;               /* record them instead */
	char *assert_cmd;          /* sh -c text judging each run, or NULL */
	char **run_args;           /* more options for every veneer run: */
	size_t nrun_args;          /* --overlay, --set, as in comp */
	struct scn_compose comp;   /* what composes every scenario (base: none) */
	char *self;                /* this executable */
	const char *tmpdir;        /* the matrix's scratch directory */
	bool *recorded;            /* --update: golden files of (command, scenario) written */
};

/* scenario_set.c: add the scenarios a spec names (a file, a directory's
 * *.json, a glob, lib:NAME, lib:all). -1 with one line in err. */
int mx_scenarios_add(struct mx_plan *p, const char *spec, char *err, size_t errlen);
/* Each scenario loads (composed with p->comp); names are unique and
 * printable. -1 with err. */
int mx_scenarios_check(const struct mx_plan *p, char *err, size_t errlen);

/* expect.c */
/* The golden files' name for a command label. */
char *mx_slug(const char *label);
/* What an assertion is given: the run's output in files, its environment
 * (VENEER_MATRIX_*), its stdin (the run's stdout). */
struct mx_judge_state {
	char *stdout_path, *stderr_path;
	char **envp;
	int stdin_fd;
};
/* Judge a finished `veneer run` (case index) into res. true when the
 * assertion must run next, with st set up for it. */
bool mx_expect_run(const struct mx_plan *p, const struct mx_report *r, size_t index,
		   const struct mx_job *run, struct mx_result *res, struct mx_judge_state *st);
/* Judge the finished assertion into res. */
void mx_expect_assert_done(const struct mx_plan *p, const struct mx_job *check,
			   const struct mx_judge_state *st, struct mx_result *res);
/* Remove what st holds. */
void mx_expect_cleanup(struct mx_judge_state *st);

/* runner.c: run the plan's cases of its shard; results in r (axes filled
 * by the caller). Returns 0, or 130/143 when interrupted by a signal. */
int mx_run_all(const struct mx_plan *p, struct mx_report *r);

/* progress.c: a line kept up to date on a terminal, a line per case
 * otherwise; both on stderr. */
void mx_progress_begin(size_t total);
void mx_progress_case(const struct mx_report *r, const struct mx_result *res, size_t running);
void mx_progress_end(void);

#endif
