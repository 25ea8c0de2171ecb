/* See sandbox_facts.h. Only the sandbox's tasks are read (sandbox_tasks.c). */
#include "sandbox_facts.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "procstat.h"
#include "sandbox_procfs.h"
#include "sandbox_tasks.h"

/* The supervisor's start: the sandbox's "boot". It is the init of the
 * sandbox's pid namespace, and its pid there is its own getpid(). */
static void started(double *up_at_start)
{
	static double at = -1;
	if (at < 0) {
		struct procstat st;
		at = procstat_read(getpid(), &st) ? (double)st.starttime / (double)sysconf(_SC_CLK_TCK) : 0;
	}
	*up_at_start = at;
}

static char *cpu_template(void)
{
	static char *tmpl;
	if (tmpl)
		return tmpl;
	int fd = openat(sandbox_procfs(), "cpuinfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	char buf[16384];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *end = strstr(buf, "\n\n");   /* the first processor's block */
	if (end)
		end[1] = '\0';
	tmpl = strdup(buf);
	return tmpl;
}

uint64_t sandbox_uptime_cs(void)
{
	struct timespec boot;
	clock_gettime(CLOCK_BOOTTIME, &boot);
	double at;
	started(&at);
	double up = (double)boot.tv_sec + boot.tv_nsec / 1e9 - at;
	return up > 0 ? (uint64_t)(up * 100) : 0;
}

void sandbox_facts(struct vn_sandbox *sb)
{
	memset(sb, 0, sizeof(*sb));
	struct timespec boot, real;
	clock_gettime(CLOCK_BOOTTIME, &boot);
	clock_gettime(CLOCK_REALTIME, &real);
	double at;
	started(&at);
	double up = (double)boot.tv_sec + boot.tv_nsec / 1e9 - at;
	if (up < 0)
		up = 0;
	sb->uptime_cs = (uint64_t)(up * 100);
	sb->boot_time = (uint64_t)(real.tv_sec - (time_t)up);
	sb->cpu_template = cpu_template();

	struct sandbox_task *t;
	size_t n = sandbox_tasks(&t);
	long page_kb = sysconf(_SC_PAGESIZE) / 1024;
	for (size_t i = 0; i < n; i++) {
		sb->ntasks++;
		sb->nthreads += t[i].st.threads;
		if (t[i].st.state == 'R')
			sb->nrunning++;
		if (t[i].pid > sb->last_pid)
			sb->last_pid = t[i].pid;
		sb->rss_kb += t[i].st.rss_pages * (unsigned long long)page_kb;
		sb->utime += t[i].st.utime;
		sb->stime += t[i].st.stime;
	}
	free(t);
}
