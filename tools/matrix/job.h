/* A process veneer matrix runs (a `veneer run`, an assertion): started in a
 * process group of its own with its output captured, watched through a
 * pidfd, killed as a group when its time is up. */
#ifndef VENEER_MATRIX_JOB_H
#define VENEER_MATRIX_JOB_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"

/* Output kept per stream; the rest is read and dropped. */
#define MX_OUTPUT_MAX (16u << 20)

struct mx_job {
	pid_t pid;
	int pidfd;           /* -1 once reaped */
	int fd[2];           /* stdout, stderr; -1 once at EOF */
	struct buf out[2];
	bool truncated[2];
	bool exited, timed_out;
	int status;          /* wait status, once exited */
	uint64_t deadline;   /* mx_now_ms() after which it is killed; 0: never */
	uint64_t started, ended;
};

/* No process yet (what mx_job_free leaves). */
void mx_job_init(struct mx_job *j);
/* Start argv (PATH searched) with stdin from stdin_fd (-1: /dev/null) and
 * envp (NULL: ours). -1 and errno when it cannot be started. */
int mx_job_start(struct mx_job *j, char *const argv[], char *const envp[], int stdin_fd,
		 unsigned timeout_s);
/* Its fds to poll: up to 3 written to p, returns how many. */
size_t mx_job_pollfds(const struct mx_job *j, struct pollfd *p);
/* After poll: read what is ready, reap if it exited, kill it if its time
 * is up. now: mx_now_ms(). */
void mx_job_service(struct mx_job *j, const struct pollfd *p, size_t n, uint64_t now);
/* Exited and all its output read. */
bool mx_job_done(const struct mx_job *j);
/* The milliseconds until something is due (a deadline), or -1. */
int mx_job_wait_ms(const struct mx_job *j, uint64_t now);
/* Kill the group at once (Ctrl-C on the matrix). */
void mx_job_kill(struct mx_job *j);
/* Its exit status as a shell gives it: 128+N if killed by signal N. */
int mx_job_exit_code(const struct mx_job *j);
void mx_job_free(struct mx_job *j);

#endif
