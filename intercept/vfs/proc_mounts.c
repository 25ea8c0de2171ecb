/* See proc_mounts.h. */
#include "proc_mounts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox_procfs.h"

/* The host's procfs mounts, dev[0 .. nhost-1], and the sandbox's procfs
 * after them, dev[nhost], once known (ndevs = nhost + 1). */
static struct {
	dev_t dev[16];
	char *path[16];
	int nhost;
	int ndevs;
} procfs;

int proc_mounts_add_host(dev_t dev, const char *path)
{
	/* one slot stays for the sandbox's */
	if (procfs.nhost == (int)(sizeof(procfs.dev) / sizeof(procfs.dev[0])) - 1)
		return -E2BIG;
	procfs.path[procfs.nhost] = strdup(path);
	if (!procfs.path[procfs.nhost])
		abort();
	procfs.dev[procfs.nhost++] = dev;
	procfs.ndevs = procfs.nhost;
	return 0;
}

int proc_mounts_nhost(void) { return procfs.nhost; }

const char *proc_mounts_host(int i) { return procfs.path[i]; }

void proc_mounts_add_sandbox(dev_t dev)
{
	procfs.dev[procfs.nhost] = dev;   /* a procfs too, mounted nowhere */
	procfs.ndevs = procfs.nhost + 1;
}

bool proc_mounts_is_procfs(dev_t dev)
{
	for (int i = 0; i < procfs.ndevs; i++)
		if (procfs.dev[i] == dev)
			return true;
	return false;
}

/* The covers mounts.c mounts over each procfs in the program's mount
 * namespace. The program reaches them natively (chdir("/proc"), or through
 * /proc/self/root), so their roots stand for the procfs root they hide.
 * Found once, by looking at the program's view of each mount point. */
static int cover_rw = -1;
static pid_t program_of_covers;
static struct {
	dev_t dev;
	ino_t ino;
} covers[16];
static int ncovers = -1;

void proc_covers_set(int rw, pid_t program)
{
	if (cover_rw >= 0)
		close(cover_rw);
	cover_rw = rw;
	program_of_covers = program;
}

int proc_covers_rw(void) { return cover_rw; }

static void find_covers(void)
{
	int n = 0;
	for (int i = 0; i < procfs.nhost && n < (int)(sizeof(covers) / sizeof(covers[0])); i++) {
		char path[4200];
		struct stat st;
		snprintf(path, sizeof(path), "%d/root%s", program_of_covers, procfs.path[i]);
		if (fstatat(sandbox_procfs(), path, &st, 0) == 0 && !proc_mounts_is_procfs(st.st_dev)) {
			covers[n].dev = st.st_dev;
			covers[n].ino = st.st_ino;
			n++;
		}
	}
	if (n > 0)
		ncovers = n;
}

bool proc_mounts_is_root(dev_t dev, ino_t ino)
{
	if (ino == 1 && proc_mounts_is_procfs(dev))   /* procfs numbers its root 1 */
		return true;
	if (ncovers < 0)
		find_covers();
	for (int i = 0; i < ncovers; i++)
		if (covers[i].dev == dev && covers[i].ino == ino)
			return true;
	return false;
}

/* The links made, one per target, reused: the names stay short. */
#define MAX_LINKS 4096
static char *targets[MAX_LINKS];
static unsigned nlinks;

int proc_covers_link(const char *target, char *name, size_t cap)
{
	unsigned i;
	for (i = 0; i < nlinks; i++)
		if (strcmp(targets[i], target) == 0)
			break;
	if (i == nlinks) {
		if (nlinks == MAX_LINKS || cover_rw < 0)
			return -ENOENT;
		char leaf[16];
		snprintf(leaf, sizeof(leaf), ".x%u", i);
		if (symlinkat(target, cover_rw, leaf) < 0)
			return -errno;
		targets[i] = strdup(target);
		if (!targets[i])
			abort();
		nlinks++;
	}
	int n = snprintf(name, cap, "%s/.x%u", procfs.path[0], i);
	return n < 0 || (size_t)n >= cap ? -ENAMETOOLONG : n;
}
