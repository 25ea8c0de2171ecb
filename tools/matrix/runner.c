/* The matrix's cases run side by side, at most -j at a time: each its own
 * `veneer run` (its own pid namespace and, unless the run is told
 * otherwise, its own network namespace with only lo), then its assertion
 * if there is one. One thread and poll(2): every run's output, exit
 * (pidfds), deadline and the matrix's own signals are events of one loop. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "plan.h"

enum phase { IDLE, RUNNING, CHECKING };

struct slot {
	enum phase phase;
	size_t k;                 /* the case: todo[k], results[k] */
	struct mx_job job;
	struct mx_job check;
	struct mx_judge_state st;
};

static char **run_argv(const struct mx_plan *p, const struct mx_report *r, size_t index)
{
	const struct mx_command *c = &p->cmds[mx_cmd_of(r, index)];
	size_t nargs = 0;
	while (c->argv[nargs])
		nargs++;
	char **argv = mx_alloc(sizeof(char *) * (nargs + p->nrun_args + 8));
	size_t n = 0;
	argv[n++] = p->self;
	argv[n++] = "run";
	argv[n++] = "--backend";
	argv[n++] = p->backends[mx_be_of(r, index)];
	argv[n++] = "--scenario";
	argv[n++] = p->scns[mx_scn_of(r, index)].path;
	for (size_t i = 0; i < p->nrun_args; i++)
		argv[n++] = p->run_args[i];
	argv[n++] = "--";
	for (size_t i = 0; i < nargs; i++)
		argv[n++] = c->argv[i];
	argv[n] = NULL;
	return argv;
}

static void cannot_start(struct mx_result *res, const char *what)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "cannot start %s: %s", what, strerror(errno));
	res->status = MX_ERROR;
	res->message = mx_buf_take(&b);
}

/* Start case k in slot s; false if it finished at once (could not start). */
static bool start(const struct mx_plan *p, const struct mx_report *r, struct slot *s, size_t k,
		  size_t index)
{
	s->k = k;
	char **argv = run_argv(p, r, index);
	int rc = mx_job_start(&s->job, argv, NULL, -1, p->timeout_s);
	free(argv);
	if (rc < 0) {
		r->results[k].index = index;
		cannot_start(&r->results[k], "veneer run");
		return false;
	}
	s->phase = RUNNING;
	return true;
}

/* The slot's job is done: judge it, maybe start its assertion. Returns
 * whether the case is finished. */
static bool advance(const struct mx_plan *p, const struct mx_report *r, struct slot *s,
		    size_t index)
{
	struct mx_result *res = &r->results[s->k];
	if (s->phase == RUNNING) {
		bool more = mx_expect_run(p, r, index, &s->job, res, &s->st);
		mx_job_free(&s->job);
		if (!more)
			return true;
		char *argv[] = { "/bin/sh", "-c", p->assert_cmd, NULL };
		if (mx_job_start(&s->check, argv, s->st.envp, s->st.stdin_fd, p->timeout_s) < 0) {
			free(res->message);
			cannot_start(res, "the assertion");
			mx_expect_cleanup(&s->st);
			return true;
		}
		s->phase = CHECKING;
		return false;
	}
	mx_expect_assert_done(p, &s->check, &s->st, res);
	mx_expect_cleanup(&s->st);
	mx_job_free(&s->check);
	return true;
}

int mx_run_all(const struct mx_plan *p, struct mx_report *r)
{
	size_t total = mx_total(r), n = 0;
	size_t *todo = mx_alloc(sizeof(size_t) * (total + 1));
	for (size_t i = 0; i < total; i++)
		if (mx_in_shard(i, p->shard, p->nshards))
			todo[n++] = i;
	r->results = mx_alloc(sizeof(struct mx_result) * (n + 1));
	bool *finished = mx_alloc(n + 1);

	/* Ctrl-C, SIGTERM, SIGHUP: an event like the others, so that every
	 * run is killed (each is in a process group of its own, out of reach
	 * of the terminal's signals) and the report says how far it got */
	sigset_t sigs, old;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	sigprocmask(SIG_BLOCK, &sigs, &old);
	int sfd = signalfd(-1, &sigs, SFD_CLOEXEC);
	int interrupted = 0;

	size_t jobs = p->jobs ? p->jobs : 1, next = 0, done = 0, running = 0;
	struct slot *slot = mx_alloc(sizeof(struct slot) * jobs);
	for (size_t j = 0; j < jobs; j++) {
		mx_job_init(&slot[j].job);
		mx_job_init(&slot[j].check);
	}
	struct pollfd *pfd = mx_alloc(sizeof(struct pollfd) * (3 * jobs + 1));
	mx_progress_begin(n);
	while (done < n && !interrupted) {
		/* fill the idle slots; a case that cannot start is done */
		for (size_t j = 0; j < jobs; j++) {
			while (slot[j].phase == IDLE && next < n) {
				size_t k = next++;
				if (start(p, r, &slot[j], k, todo[k])) {
					running++;
				} else {
					finished[k] = true;
					done++;
					mx_progress_case(r, &r->results[k], running);
				}
			}
		}
		if (done == n)
			break;
		size_t np = 0;
		if (sfd >= 0)
			pfd[np++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		uint64_t now = mx_now_ms();
		int wait = -1;
		for (size_t j = 0; j < jobs; j++) {
			if (slot[j].phase == IDLE)
				continue;
			struct mx_job *job = slot[j].phase == RUNNING ? &slot[j].job : &slot[j].check;
			np += mx_job_pollfds(job, pfd + np);
			int w = mx_job_wait_ms(job, now);
			if (w >= 0 && (wait < 0 || w < wait))
				wait = w;
		}
		if (poll(pfd, np, wait) < 0 && errno != EINTR)
			break;
		now = mx_now_ms();
		if (sfd >= 0 && pfd[0].revents) {
			struct signalfd_siginfo si;
			if (read(sfd, &si, sizeof(si)) == sizeof(si))
				interrupted = (int)si.ssi_signo;
		}
		for (size_t j = 0; j < jobs; j++) {
			struct slot *s = &slot[j];
			if (s->phase == IDLE)
				continue;
			struct mx_job *job = s->phase == RUNNING ? &s->job : &s->check;
			mx_job_service(job, pfd, np, now);
			if (!mx_job_done(job) || !advance(p, r, s, todo[s->k]))
				continue;
			s->phase = IDLE;
			finished[s->k] = true;
			running--;
			done++;
			mx_progress_case(r, &r->results[s->k], running);
		}
	}
	mx_progress_end();
	for (size_t j = 0; j < jobs; j++) {
		if (slot[j].phase == IDLE)
			continue;
		mx_job_kill(&slot[j].job);
		mx_job_kill(&slot[j].check);
		mx_job_free(&slot[j].job);
		mx_job_free(&slot[j].check);
		if (slot[j].phase == CHECKING)
			mx_expect_cleanup(&slot[j].st);
	}
	/* keep the finished cases, in index order */
	size_t kept = 0;
	for (size_t k = 0; k < n; k++) {
		if (finished[k])
			r->results[kept++] = r->results[k];
		else {
			free(r->results[k].message);
			free(r->results[k].detail);
		}
	}
	r->nresults = kept;
	if (sfd >= 0)
		close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(pfd);
	free(slot);
	free(finished);
	free(todo);
	return interrupted ? 128 + interrupted : 0;
}
