/* See tmpfs_sizes.h. */
#include "tmpfs_sizes.h"

#include <mntent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>

#define TMPFS_MAX 32

static struct {
	dev_t dev;
	char dir[256];
} mounts[TMPFS_MAX];
static int ndevs = -1;

/* shmem's defaults: totalram_pages() / 2 blocks of a page, as many inodes */
static void find(void)
{
	ndevs = 0;
	struct sysinfo si;
	long page = 4096;
	if (sysinfo(&si) < 0)
		return;
	unsigned long long half = (unsigned long long)si.totalram * si.mem_unit / (unsigned long long)page / 2;
	FILE *f = setmntent("/proc/self/mounts", "re");
	if (!f)
		return;
	struct mntent *e;
	while ((e = getmntent(f)) && ndevs < TMPFS_MAX) {
		struct statfs sf;
		struct stat st;
		if (strcmp(e->mnt_type, "tmpfs") != 0 || statfs(e->mnt_dir, &sf) < 0 ||
		    stat(e->mnt_dir, &st) < 0)
			continue;
		if (sf.f_bsize == page && (unsigned long long)sf.f_blocks == half &&
		    strlen(e->mnt_dir) < sizeof(mounts[0].dir)) {
			mounts[ndevs].dev = st.st_dev;
			strcpy(mounts[ndevs++].dir, e->mnt_dir);
		}
	}
	endmntent(f);
}

bool tmpfs_default_statfs(dev_t dev, struct statfs *sf)
{
	if (ndevs < 0)
		find();
	for (int i = 0; i < ndevs; i++)
		if (mounts[i].dev == dev)
			return statfs(mounts[i].dir, sf) == 0;
	return false;
}

static void fit(fsblkcnt_t *total, fsblkcnt_t *free_, fsblkcnt_t *avail, fsblkcnt_t to)
{
	fsblkcnt_t used = *total > *free_ ? *total - *free_ : 0;
	*total = to;
	*free_ = to > used ? to - used : 0;
	if (avail)
		*avail = *free_;
}

void tmpfs_fit(struct statfs *sf, uint64_t memory_kb)
{
	fsblkcnt_t half = (fsblkcnt_t)(memory_kb * 1024 / (uint64_t)sf->f_bsize / 2);
	bool inodes_default = sf->f_files == sf->f_blocks;
	fit(&sf->f_blocks, &sf->f_bfree, &sf->f_bavail, half);
	if (inodes_default) {
		fsfilcnt_t used = sf->f_files > sf->f_ffree ? sf->f_files - sf->f_ffree : 0;
		sf->f_files = half;
		sf->f_ffree = half > used ? half - used : 0;
	}
}
