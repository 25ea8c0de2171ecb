/* See sandbox_tasks.h. sandbox_procfs() is a procfs of the sandbox's own pid
 * namespace (run.c): it shows the sandbox and nothing of the host, so
 * membership is existence there, and no ancestry has to be walked. */
#include "sandbox_tasks.h"

#include <dirent.h>
#include <sys/syscall.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox_procfs.h"

bool sandbox_has_task(int id)
{
	char path[64];
	struct stat st;
	if (id <= 1)   /* the supervisor is the namespace's init */
		return false;
	snprintf(path, sizeof(path), "%d", id);
	if (fstatat(sandbox_procfs(), path, &st, 0) < 0)
		return false;
	/* a thread of the supervisor (if it has any) is not the program's */
	snprintf(path, sizeof(path), "1/task/%d", id);
	return fstatat(sandbox_procfs(), path, &st, 0) < 0;
}

static int by_pid(const void *a, const void *b)
{
	return ((const struct sandbox_task *)a)->pid - ((const struct sandbox_task *)b)->pid;
}

/* Where procfs's root listing starts its pids: past its own entries and
 * "self" and "thread-self" (FIRST_PROCESS_ENTRY + 2 in fs/proc/base.c,
 * the same since Linux 2.6). Listing from there skips the ~60 names that
 * are no pid, an eighth of a served /proc/meminfo (issue #16); a kernel
 * that ignored the seek would list them too, and they are skipped below. */
#define PROC_PIDS_POS 258

static void add_task(struct sandbox_task **v, size_t *n, size_t *cap, int pid)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		struct sandbox_task *p = realloc(*v, *cap * sizeof(*p));
		if (!p)
			abort();
		*v = p;
	}
	(*v)[*n].pid = pid;
	if (procstat_read(pid, &(*v)[*n].st))   /* else gone meanwhile */
		(*n)++;
}

size_t sandbox_tasks(struct sandbox_task **out)
{
	struct sandbox_task *v = NULL;
	size_t n = 0, cap = 0;
	int dfd = openat(sandbox_procfs(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0 && lseek(dfd, PROC_PIDS_POS, SEEK_SET) < 0)
		lseek(dfd, 0, SEEK_SET);
	char buf[8192];
	long got;
	while (dfd >= 0 && (got = syscall(SYS_getdents64, dfd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < got;) {
			struct dirent64 *de = (struct dirent64 *)(buf + off);
			off += de->d_reclen;
			int pid = atoi(de->d_name);
			if (pid > 1)
				add_task(&v, &n, &cap, pid);
		}
	}
	if (dfd >= 0)
		close(dfd);
	if (n)
		qsort(v, n, sizeof(*v), by_pid);
	*out = v;
	return n;
}

static int by_id(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

size_t sandbox_threads(const struct sandbox_task *t, size_t n, int **out)
{
	int *v = NULL;
	size_t k = 0, cap = 0;
	for (size_t i = 0; i < n; i++) {
		char path[32];
		snprintf(path, sizeof(path), "%d/task", t[i].pid);
		int dfd = openat(sandbox_procfs(), path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
		if (!d && dfd >= 0)
			close(dfd);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			int tid = atoi(de->d_name);
			if (tid <= 1)
				continue;
			if (k == cap) {
				cap = cap ? cap * 2 : 64;
				int *p = realloc(v, cap * sizeof(*p));
				if (!p)
					abort();
				v = p;
			}
			v[k++] = tid;
		}
		if (d)
			closedir(d);
	}
	if (k)
		qsort(v, k, sizeof(*v), by_id);
	*out = v;
	return k;
}
