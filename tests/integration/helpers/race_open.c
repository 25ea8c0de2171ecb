/* TOCTOU probe: one thread opens a path from a shared buffer while another
 * rewrites the buffer between /proc/net/dev (served by the model) and
 * /proc/net/snmp (not served: must not exist). Counts what it got; a
 * "leak" is any content that is neither the model's /proc/net/dev (which
 * names eth0) nor absent. Usage: race_open ITERATIONS */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[32] = "/proc/net/dev";
static atomic_bool stop;

static void *flipper(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop)) {
		memcpy(path, "/proc/net/snmp", 15);
		memcpy(path, "/proc/net/dev\0", 15);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000;
	pthread_t t;
	pthread_create(&t, NULL, flipper, NULL);
	long model = 0, absent = 0, leaks = 0, other = 0;
	char buf[4096];
	for (long i = 0; i < n; i++) {
		int fd = open(path, O_RDONLY);
		if (fd < 0) {
			if (errno == ENOENT)
				absent++;
			else
				other++;
			continue;
		}
		ssize_t len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		buf[len > 0 ? len : 0] = '\0';
		if (strstr(buf, "eth0:"))
			model++;
		else
			leaks++;
	}
	atomic_store(&stop, true);
	pthread_join(t, NULL);
	printf("model %ld absent %ld other %ld leaks %ld\n", model, absent, other, leaks);
	return leaks ? 1 : 0;
}
