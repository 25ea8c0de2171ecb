/* See job.h. */
#include "job.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "matrix.h"

extern char **environ;

/* A process that exited while something it started still holds its output
 * (an assertion's background child): read on for this long, then stop. */
#define LINGER_MS 1000

void mx_job_init(struct mx_job *j)
{
	memset(j, 0, sizeof(*j));
	j->pidfd = j->fd[0] = j->fd[1] = -1;
}

int mx_job_start(struct mx_job *j, char *const argv[], char *const envp[], int stdin_fd,
		 unsigned timeout_s)
{
	mx_job_init(j);
	int out[2], err[2];
	if (pipe2(out, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(err, O_CLOEXEC) < 0) {
		close(out[0]);
		close(out[1]);
		return -1;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	if (stdin_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, stdin_fd, STDIN_FILENO);
	else
		posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, err[1], STDERR_FILENO);
	/* its own process group: killed as one; the signals the matrix
	 * blocks (it reads them from a signalfd) are the program's own again */
	posix_spawnattr_t at;
	posix_spawnattr_init(&at);
	sigset_t none, all;
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &all);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
					      POSIX_SPAWN_SETSIGDEF);
	int rc = posix_spawnp(&j->pid, argv[0], &fa, &at, argv, envp ? envp : environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	close(out[1]);
	close(err[1]);
	if (rc == 0) {
		j->pidfd = (int)syscall(SYS_pidfd_open, j->pid, 0);
		if (j->pidfd < 0) {
			rc = errno;
			kill(j->pid, SIGKILL);
			waitpid(j->pid, NULL, 0);
		}
	}
	if (rc != 0) {
		close(out[0]);
		close(err[0]);
		j->pid = 0;
		errno = rc;
		return -1;
	}
	j->fd[0] = out[0];
	j->fd[1] = err[0];
	j->started = mx_now_ms();
	j->deadline = timeout_s ? j->started + 1000ull * timeout_s : 0;
	return 0;
}

size_t mx_job_pollfds(const struct mx_job *j, struct pollfd *p)
{
	size_t n = 0;
	if (j->pidfd >= 0)
		p[n++] = (struct pollfd){ .fd = j->pidfd, .events = POLLIN };
	for (int k = 0; k < 2; k++)
		if (j->fd[k] >= 0)
			p[n++] = (struct pollfd){ .fd = j->fd[k], .events = POLLIN };
	return n;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void drain(struct mx_job *j, int k)
{
	char chunk[65536];
	ssize_t n = read(j->fd[k], chunk, sizeof(chunk));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close_fd(&j->fd[k]);
		return;
	}
	size_t room = MX_OUTPUT_MAX - j->out[k].len;
	if ((size_t)n > room)
		j->truncated[k] = true;
	buf_append(&j->out[k], chunk, (size_t)n < room ? (size_t)n : room);
}

static void reap(struct mx_job *j, uint64_t now)
{
	/* what it left behind in its group goes (nothing, for veneer run: its
	 * namespace died with it); while it is a zombie its pid, the group's
	 * id, cannot be another's */
	kill(-j->pid, SIGKILL);
	int st;
	if (waitpid(j->pid, &st, WNOHANG) != j->pid)
		return;
	j->exited = true;
	j->status = st;
	j->ended = now;
	close_fd(&j->pidfd);
}

void mx_job_service(struct mx_job *j, const struct pollfd *p, size_t n, uint64_t now)
{
	for (size_t i = 0; i < n; i++) {
		if (!p[i].revents)
			continue;
		for (int k = 0; k < 2; k++)
			if (p[i].fd == j->fd[k])
				drain(j, k);
		if (p[i].fd == j->pidfd)
			reap(j, now);
	}
	if (!j->exited && j->deadline && now >= j->deadline) {
		j->timed_out = true;
		kill(-j->pid, SIGKILL);
		j->deadline = 0;
	}
	if (j->exited && now >= j->ended + LINGER_MS) {
		close_fd(&j->fd[0]);
		close_fd(&j->fd[1]);
	}
}

bool mx_job_done(const struct mx_job *j)
{
	return j->exited && j->fd[0] < 0 && j->fd[1] < 0;
}

int mx_job_wait_ms(const struct mx_job *j, uint64_t now)
{
	uint64_t due = j->exited ? j->ended + LINGER_MS : j->deadline;
	if (!due)
		return -1;
	return due <= now ? 0 : due - now > 60000 ? 60000 : (int)(due - now);
}

void mx_job_kill(struct mx_job *j)
{
	if (j->pid > 0 && !j->exited)
		kill(-j->pid, SIGKILL);
}

int mx_job_exit_code(const struct mx_job *j)
{
	if (WIFEXITED(j->status))
		return WEXITSTATUS(j->status);
	return 128 + (WIFSIGNALED(j->status) ? WTERMSIG(j->status) : 0);
}

void mx_job_free(struct mx_job *j)
{
	if (j->pid > 0 && !j->exited) {
		kill(-j->pid, SIGKILL);
		waitpid(j->pid, NULL, 0);
	}
	close_fd(&j->pidfd);
	close_fd(&j->fd[0]);
	close_fd(&j->fd[1]);
	buf_free(&j->out[0]);
	buf_free(&j->out[1]);
	mx_job_init(j);
}
