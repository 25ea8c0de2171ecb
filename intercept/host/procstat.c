/* See procstat.h. */
#include "procstat.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sandbox_procfs.h"

bool procstat_read(int pid, struct procstat *st)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "%d/stat", pid);
	int fd = openat(sandbox_procfs(), path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	/* comm may hold anything, ')' and spaces included: fields resume
	 * after the last ')' */
	char *rp = strrchr(buf, ')');
	if (!rp || !rp[1])
		return false;
	/* 3 state, 4 ppid, 5-13 skipped, 14 utime, 15 stime, 16-19 skipped,
	 * 20 num_threads, 21 itrealvalue, 22 starttime, 23 vsize, 24 rss */
	return sscanf(rp + 2, "%c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d %*d %*d %u %*d %llu %*u %llu",
		      &st->state, &st->ppid, &st->utime, &st->stime, &st->threads, &st->starttime,
		      &st->rss_pages) == 7;
}
