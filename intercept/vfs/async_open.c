/* See async_open.h. */
#include "async_open.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "creds.h"
#include "loop.h"
#include "sandbox_procfs.h"
#include "vfd.h"
#include "vlog.h"

#define CANCEL_SIGNAL (SIGRTMIN + 1)

struct job {
	struct vcall c;
	int hostfd;
	int flags;
	mode_t mode;
	bool cloexec;
	struct task_creds cr;
	pthread_t thread;
	bool cancelled;
	int result;              /* fd or -errno, set by the thread */
	struct job *next;
};

static struct job *jobs;     /* in flight */
static unsigned njobs;
/* Each open in flight is a thread of the supervisor's: a program that
 * blocks more at once is told ENFILE, as by a full system table. */
#define MAX_JOBS 128
static int done_pipe[2] = { -1, -1 };
static int check_timer = -1;

static void *run(void *arg)
{
	struct job *j = arg;
	char self[64];
	snprintf(self, sizeof(self), "self/fd/%d", j->hostfd);
	int rc = creds_enter(&j->cr);
	if (rc == 0) {
		int fd = openat(sandbox_procfs(), self, j->flags | O_CLOEXEC, j->mode);
		rc = fd < 0 ? -errno : fd;
		creds_leave();
	}
	j->result = rc;
	/* the job's address: a pipe write of this size is atomic */
	if (write(done_pipe[1], &j, sizeof(j)) != (ssize_t)sizeof(j))
		abort();
	return NULL;
}

static void unlink_job(struct job *j)
{
	for (struct job **p = &jobs; *p; p = &(*p)->next)
		if (*p == j) {
			*p = j->next;
			return;
		}
}

static void arm(bool on)
{
	struct itimerspec t = { { 0, 0 }, { 0, 0 } };
	if (on)
		t.it_interval.tv_nsec = t.it_value.tv_nsec = 100 * 1000 * 1000;
	timerfd_settime(check_timer, 0, &t, NULL);
}

static void on_done(void *arg, uint32_t events)
{
	(void)arg;
	(void)events;
	struct job *j;
	while (read(done_pipe[0], &j, sizeof(j)) == (ssize_t)sizeof(j)) {
		pthread_join(j->thread, NULL);
		unlink_job(j);
		njobs--;
		vfd_budget_give();
		close(j->hostfd);
		if (j->c.be->ops->valid(&j->c)) {
			if (j->result < 0)
				vcall_reply_errno(&j->c, -j->result);
			else
				vcall_reply_fd(&j->c, j->result, -1, j->cloexec);
			vcall_respond(&j->c);
			vlog_call(&j->c);
		} else if (j->result >= 0) {
			close(j->result);
		}
		free(j);
	}
	if (!jobs)
		arm(false);
}

/* A caller that went away: end its open (EINTR). */
static void on_check(void *arg, uint32_t events)
{
	(void)arg;
	(void)events;
	uint64_t n;
	if (read(check_timer, &n, sizeof(n)) < 0) {
		/* not expired */
	}
	for (struct job *j = jobs; j; j = j->next)
		if (!j->cancelled && !j->c.be->ops->valid(&j->c)) {
			j->cancelled = true;
			pthread_kill(j->thread, CANCEL_SIGNAL);
		}
}

static void interrupt(int sig)
{
	(void)sig;   /* only to end the open with EINTR */
}

static int init(void)
{
	if (done_pipe[0] >= 0)
		return 0;
	struct sigaction sa = { .sa_handler = interrupt };   /* no SA_RESTART */
	sigemptyset(&sa.sa_mask);
	if (sigaction(CANCEL_SIGNAL, &sa, NULL) < 0 || pipe2(done_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	check_timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (check_timer < 0)
		return -errno;
	int rc = loop_watch(done_pipe[0], EPOLLIN, on_done, NULL);
	return rc < 0 ? rc : loop_watch(check_timer, EPOLLIN, on_check, NULL);
}

bool async_open_needed(int hostfd)
{
	struct stat st;
	return fstat(hostfd, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) &&
	       !S_ISLNK(st.st_mode);
}

void async_open(struct vcall *c, int hostfd, int flags, mode_t mode, bool cloexec)
{
	struct job *j = calloc(1, sizeof(*j));
	int rc = j ? init() : -ENOMEM;
	bool held = false;
	if (rc == 0 && njobs >= MAX_JOBS)
		rc = -ENFILE;
	if (rc == 0 && (rc = vfd_budget_take()) == 0)
		held = true;
	if (rc == 0)
		rc = creds_of(c->tid, &j->cr);
	if (rc == 0) {
		j->c = *c;
		j->hostfd = hostfd;
		j->flags = flags;
		j->mode = mode;
		j->cloexec = cloexec;
		/* the thread runs with the supervisor's signals blocked, but
		 * for the one that interrupts it */
		sigset_t all, old;
		sigfillset(&all);
		sigdelset(&all, CANCEL_SIGNAL);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		rc = -pthread_create(&j->thread, NULL, run, j);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	if (rc < 0) {
		if (held)
			vfd_budget_give();
		free(j);
		close(hostfd);
		vcall_reply_errno(c, -rc);
		return;
	}
	j->next = jobs;
	jobs = j;
	njobs++;
	arm(true);
	vcall_park(c);
}
