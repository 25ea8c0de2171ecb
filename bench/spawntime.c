/* spawntime: run a program once and print its wall time in nanoseconds
 * (fork to reap), so the runner's own start-up is not in the figure, and
 * then the CPU time (user + system) of every process of it that was
 * reaped: "WALL CPU" on the last line. On a machine another load shares,
 * the CPU time says what the run cost where the wall time also says how
 * the scheduler placed it.
 *
 *   spawntime [-n NETNS] [-C DIR] [-o] -- PROGRAM [ARG...]
 *
 * -n: enter the network namespace /run/netns/NETNS first (outside the timed
 * part); -C: change to DIR; -o: keep the program's stdout (default
 * /dev/null). Exits with 1 if the program did not exit 0. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *netns = NULL, *dir = NULL;
	int keep_out = 0, opt;
	while ((opt = getopt(argc, argv, "+n:C:o")) != -1) {
		if (opt == 'n')
			netns = optarg;
		else if (opt == 'C')
			dir = optarg;
		else if (opt == 'o')
			keep_out = 1;
		else
			return 2;
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: spawntime [-n NETNS] [-C DIR] [-o] -- PROGRAM [ARG...]\n");
		return 2;
	}
	if (netns) {
		char path[256];
		snprintf(path, sizeof(path), "/run/netns/%s", netns);
		int nfd = open(path, O_RDONLY | O_CLOEXEC);
		if (nfd < 0 || setns(nfd, CLONE_NEWNET) < 0) {
			fprintf(stderr, "spawntime: %s: %s\n", path, strerror(errno));
			return 2;
		}
		close(nfd);
	}
	if (dir && chdir(dir) < 0) {
		fprintf(stderr, "spawntime: %s: %s\n", dir, strerror(errno));
		return 2;
	}
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid == 0) {
		if (!keep_out)
			dup2(null, 1);
		execvp(argv[optind], argv + optind);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	long long cpu = ((long long)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
			((long long)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
	printf("%lld %lld\n", (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec),
	       cpu);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
