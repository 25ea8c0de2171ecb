/* See sandbox_facts.h. Only the sandbox's tasks are read: the descendants of
 * the supervisor (it is their subreaper, so none escapes the tree). */
#include "sandbox_facts.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "procstat.h"
#include "supervisor.h"

struct task {
	int pid, ppid;
	char state;
	unsigned threads;
	unsigned long long utime, stime, rss_pages;
};

static bool read_task(int pid, struct task *t)
{
	struct procstat st;
	if (!procstat_read(pid, &st))
		return false;
	*t = (struct task){ .pid = pid, .ppid = st.ppid, .state = st.state, .threads = st.threads,
			    .utime = st.utime, .stime = st.stime, .rss_pages = st.rss_pages };
	return true;
}

static int by_pid(const void *a, const void *b)
{
	return ((const struct task *)a)->pid - ((const struct task *)b)->pid;
}

/* The supervisor's start: the sandbox's "boot". */
static void started(double *up_at_start)
{
	static double at = -1;
	if (at < 0) {
		struct procstat st;
		at = procstat_read(sv.self, &st) ? (double)st.starttime / (double)sysconf(_SC_CLK_TCK) : 0;
	}
	*up_at_start = at;
}

static char *cpu_template(void)
{
	static char *tmpl;
	if (tmpl)
		return tmpl;
	int fd = openat(sv.procfd, "cpuinfo", O_RDONLY | O_CLOEXEC);
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

static void push(struct task **all, size_t *n, size_t *cap, const struct task *t)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		struct task *p = realloc(*all, *cap * sizeof(*p));
		if (!p)
			abort();
		*all = p;
	}
	(*all)[(*n)++] = *t;
}

/* The supervisor's descendants, walked down through each thread's
 * children file (CONFIG_PROC_CHILDREN): a handful of reads for a small
 * sandbox, instead of every task of the host. false if the kernel has no
 * such file. */
static bool descendants(struct task **all, size_t *n, char **in)
{
	size_t cap = 0, next = 0;
	char path[96], buf[4096];
	int pid = sv.self;
	for (;;) {
		snprintf(path, sizeof(path), "%d/task", pid);
		int dfd = openat(sv.procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
		struct dirent *de;
		while (d && (de = readdir(d))) {
			int tid = atoi(de->d_name);
			if (tid <= 0)
				continue;
			snprintf(path, sizeof(path), "%d/task/%d/children", pid, tid);
			int fd = openat(sv.procfd, path, O_RDONLY | O_CLOEXEC);
			if (fd < 0) {
				if (errno == ENOENT && pid == sv.self && tid == sv.self) {
					closedir(d);
					free(*all);
					*all = NULL;
					*n = 0;
					return false;
				}
				continue;
			}
			ssize_t len = read(fd, buf, sizeof(buf) - 1);
			close(fd);
			buf[len > 0 ? len : 0] = '\0';
			for (char *p = buf, *e; *p; p = e) {
				long child = strtol(p, &e, 10);
				if (e == p)
					break;
				struct task t;
				if (child > 0 && read_task((int)child, &t))
					push(all, n, &cap, &t);
			}
		}
		if (d)
			closedir(d);
		if (next == *n || *n > (1u << 20))   /* pid reuse cannot make it loop forever */
			break;
		pid = (*all)[next++].pid;
	}
	*in = malloc(*n ? *n : 1);
	if (!*in)
		abort();
	memset(*in, 1, *n ? *n : 1);
	return true;
}

/* Without children files: every host task's parent, then the supervisor's
 * descendants. */
static void scan_all(struct task **all_out, size_t *n_out, char **in_out)
{
	int dfd = openat(sv.procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	struct task *all = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while (d && (de = readdir(d))) {
		int pid = atoi(de->d_name);
		struct task t;
		if (pid > 0 && read_task(pid, &t))
			push(&all, &n, &cap, &t);
	}
	if (d)
		closedir(d);
	/* A task is in when its parent is the supervisor or is in. A parent
	 * may have a larger pid (pids wrap), so repeat until nothing changes:
	 * as many rounds as the tree has levels out of pid order. */
	if (n)
		qsort(all, n, sizeof(*all), by_pid);
	char *in = calloc(n ? n : 1, 1);
	if (!in)
		abort();
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t i = 0; i < n; i++) {
			if (in[i])
				continue;
			bool parent_in = all[i].ppid == sv.self;
			if (!parent_in) {
				struct task key = { .pid = all[i].ppid };
				struct task *p = bsearch(&key, all, n, sizeof(*all), by_pid);
				parent_in = p && in[p - all];
			}
			if (parent_in) {
				in[i] = 1;
				changed = true;
			}
		}
	}
	*all_out = all;
	*n_out = n;
	*in_out = in;
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

	struct task *all = NULL;
	size_t n = 0;
	char *in = NULL;
	if (!descendants(&all, &n, &in))
		scan_all(&all, &n, &in);
	long page_kb = sysconf(_SC_PAGESIZE) / 1024;
	for (size_t i = 0; i < n; i++) {
		if (!in[i])
			continue;
		sb->ntasks++;
		sb->nthreads += all[i].threads;
		if (all[i].state == 'R')
			sb->nrunning++;
		if (all[i].pid > sb->last_pid)
			sb->last_pid = all[i].pid;
		sb->rss_kb += all[i].rss_pages * (unsigned long long)page_kb;
		sb->utime += all[i].utime;
		sb->stime += all[i].stime;
	}
	free(in);
	free(all);
}
