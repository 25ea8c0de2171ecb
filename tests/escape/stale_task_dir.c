/* Issue 19, class 12: a served directory outlives its task.
 *
 * The program keeps the directory fd of /proc/<C> (C a child of its own),
 * lets C exit and reaps it. With reuse=1 it then prints "REUSE <C>" and
 * waits for a line on stdin: meanwhile the runner makes the host's next
 * process get pid C (ns_last_pid) and starts a `sleep` there, outside the
 * sandbox. Then openat(dirfd, "cmdline") and "status": the stage inode
 * still maps to /proc/<C>, and resolution may walk on without checking that
 * C still belongs to the sandbox.
 * HELD: both opens fail with ESRCH (Linux) or ENOENT (an open that
 * succeeds fails the case even if what it reads is empty).
 * Arguments: reuse=0|1 */
#include "escape.h"

int main(int argc, char **argv)
{
	const char *reuse = opt(argc, argv, "reuse");
	int p[2];
	if (pipe(p) < 0)
		setup_error("pipe: %s", strerror(errno));
	pid_t c = fork();
	if (c < 0)
		setup_error("fork: %s", strerror(errno));
	if (c == 0) {
		char x;
		close(p[1]);
		while (read(p[0], &x, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(p[0]);
	char path[64], buf[4096];
	snprintf(path, sizeof(path), "/proc/%d", c);
	int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		setup_error("open %s of a live child: %s", path, strerror(errno));
	int fd = openat(dfd, "status", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		setup_error("openat(/proc/%d, \"status\") while the child lives: %s", c, strerror(errno));
	close(fd);
	close(p[1]);
	waitpid(c, NULL, 0);

	char line[128] = "go";
	if (reuse && strcmp(reuse, "1") == 0) {
		printf("REUSE %d\n", c);
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin))
			snprintf(line, sizeof(line), "eof");
		line[strcspn(line, "\n")] = '\0';
	}
	static const char *const files[] = { "cmdline", "status" };
	struct findings f = { .n = 0 };
	char errs[128] = "";
	for (size_t i = 0; i < 2; i++) {
		fd = openat(dfd, files[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			size_t u = strlen(errs);
			snprintf(errs + u, sizeof(errs) - u, "%s%s %s", u ? ", " : "", files[i], strerrorname_np(errno));
			if (errno != ENOENT && errno != ESRCH)
				found(&f, "openat(dirfd, \"%s\") of the dead child failed with %s, not ENOENT/ESRCH", files[i],
				      strerrorname_np(errno));
			continue;
		}
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		buf[n > 0 ? n : 0] = '\0';
		for (ssize_t k = 0; k < n; k++)
			if (!buf[k])
				buf[k] = ' ';
		found(&f, "openat(dirfd of /proc/%d, \"%s\") after the child was reaped (%s) succeeded (Linux: "
		      "ESRCH) and read \"%.60s\"", c, files[i], line, buf);
	}
	if (f.n)
		escaped("%s", f.text);
	held("/proc/%d after the child exited (%s): %s", c, line, errs);
}
