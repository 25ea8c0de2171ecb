/* See sandbox_tasks.h. */
#include "sandbox_tasks.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "supervisor.h"

struct list {
	struct sandbox_task *v;
	size_t n, cap;
};

static void append(struct list *l, const struct sandbox_task *t)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		struct sandbox_task *p = realloc(l->v, l->cap * sizeof(*p));
		if (!p)
			abort();
		l->v = p;
	}
	l->v[l->n++] = *t;
}

static void add(struct list *l, int pid)
{
	struct sandbox_task t = { .pid = pid };
	if (procstat_read(pid, &t.st))   /* else gone meanwhile */
		append(l, &t);
}

static int by_pid(const void *a, const void *b)
{
	return ((const struct sandbox_task *)a)->pid - ((const struct sandbox_task *)b)->pid;
}

/* Walked down through each thread's children file (CONFIG_PROC_CHILDREN):
 * a handful of reads for a small sandbox, instead of every task of the
 * host. false if the kernel has no such file. */
static bool descendants(struct list *l)
{
	char path[96], buf[4096];
	size_t next = 0;
	int pid = sv.self;
	for (;;) {
		snprintf(path, sizeof(path), "%d/task", pid);
		int dfd = openat(sv.procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
		if (!d && dfd >= 0)
			close(dfd);
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
				if (child > 0)
					add(l, (int)child);
			}
		}
		if (d)
			closedir(d);
		if (next == l->n || l->n > (1u << 20))   /* pid reuse cannot make it loop forever */
			return true;
		pid = l->v[next++].pid;
	}
}

/* Without children files: every host task, kept when its parent is the
 * supervisor or is kept. A parent may have a larger pid (pids wrap), so
 * repeat until nothing changes. */
static void scan_all(struct list *l)
{
	struct list all = { 0 };
	int dfd = openat(sv.procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d && dfd >= 0)
		close(dfd);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		int pid = atoi(de->d_name);
		if (pid > 0)
			add(&all, pid);
	}
	if (d)
		closedir(d);
	if (all.n)
		qsort(all.v, all.n, sizeof(*all.v), by_pid);
	char *in = calloc(all.n ? all.n : 1, 1);
	if (!in)
		abort();
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t i = 0; i < all.n; i++) {
			if (in[i])
				continue;
			bool parent_in = all.v[i].st.ppid == sv.self;
			if (!parent_in) {
				struct sandbox_task key = { .pid = all.v[i].st.ppid };
				struct sandbox_task *p = bsearch(&key, all.v, all.n, sizeof(*all.v), by_pid);
				parent_in = p && in[p - all.v];
			}
			if (parent_in) {
				in[i] = 1;
				changed = true;
			}
		}
	}
	for (size_t i = 0; i < all.n; i++)
		if (in[i])
			append(l, &all.v[i]);
	free(in);
	free(all.v);
}

size_t sandbox_tasks(struct sandbox_task **out)
{
	struct list l = { 0 };
	if (!descendants(&l)) {
		l.n = 0;
		scan_all(&l);
	}
	if (l.n)
		qsort(l.v, l.n, sizeof(*l.v), by_pid);
	*out = l.v;
	return l.n;
}
