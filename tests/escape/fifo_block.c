/* Issue 10: the supervisor blocked by the program.
 *
 * Opening a FIFO through /proc/self/cwd/<fifo> makes the supervisor open
 * it for the program: a FIFO open for reading waits for a writer, so a
 * single-threaded supervisor stops serving every other task. One child
 * makes that open; another process then opens /proc/net/dev.
 * HELD: the other process's served open completes within 2 s. The runner
 * opens the FIFO for writing once this program has said its verdict, so a
 * supervisor stuck in the open gets free and veneer can finish. (SIGCHLD
 * stays blocked: under ptrace a signal stop would wait for a supervisor
 * that may be stuck.)
 * Arguments: fifo=PATH (made by the runner, no writer) */
#include "escape.h"

#include <libgen.h>

int main(int argc, char **argv)
{
	char dir[4096], base[4096], rel[4200];
	snprintf(dir, sizeof(dir), "%s", need(argc, argv, "fifo"));
	snprintf(base, sizeof(base), "%s", dir);
	if (chdir(dirname(dir)) < 0)
		setup_error("chdir: %s", strerror(errno));
	snprintf(rel, sizeof(rel), "/proc/self/cwd/%s", basename(base));
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);

	/* the other process, forked first (a fork while the supervisor is
	 * stuck would wait for it under ptrace): at a byte on `go`, a served
	 * open; then it waits for `go` to close */
	int go[2], res[2], ready[2];
	if (pipe(go) < 0 || pipe(res) < 0 || pipe(ready) < 0)
		setup_error("pipe: %s", strerror(errno));
	pid_t b = fork();
	if (b < 0)
		setup_error("fork: %s", strerror(errno));
	if (b == 0) {
		char buf[4096], c;
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(0);
		ssize_t n = read_file("/proc/net/dev", buf, sizeof(buf));
		int r = n > 0 ? 0 : n < 0 ? (int)-n : ENODATA;
		if (write(res[1], &r, sizeof(r)) < 0)
			_exit(1);
		while (read(go[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(go[0]);

	/* the opener; it stays until the FIFO gets a writer */
	pid_t a = fork();
	if (a < 0)
		setup_error("fork: %s", strerror(errno));
	if (a == 0) {
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		int fd = open(rel, O_RDONLY | O_CLOEXEC);
		_exit(fd < 0 ? 1 : 0);
	}
	char c;
	if (!readable(ready[0], 5000) || read(ready[0], &c, 1) != 1)
		setup_error("the opener did not start");
	usleep(500000);

	double t0 = now_s();
	if (write(go[1], "g", 1) != 1)
		setup_error("pipe write");
	int err = 0;
	double took = -1;
	if (readable(res[0], 2000) && read(res[0], &err, sizeof(err)) == (ssize_t)sizeof(err))
		took = now_s() - t0;
	/* The opener goes (if the supervisor opens the FIFO for it, that open
	 * stays until the runner, seeing the verdict, opens the FIFO). */
	kill(a, SIGKILL);
	if (took < 0 || took > 2)
		escaped("with one task opening %s (a FIFO without writer), another process's served open did not "
			"complete in 2 s", rel);
	if (err)
		escaped("with one task opening %s (a FIFO without writer), another process's served open failed: %s",
			rel, strerror(err));
	held("with one task opening %s (a FIFO without writer), another process's served open took %.0f ms", rel,
	     took * 1000);
}
