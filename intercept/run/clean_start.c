/* See clean_start.h. */
#include "clean_start.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

/* Why fd must not reach the program, or NULL. */
static const char *danger(int fd)
{
	struct statfs sf;
	if (fstatfs(fd, &sf) == 0) {
		if (sf.f_type == PROC_SUPER_MAGIC)
			return "a procfs file";
		if (sf.f_type == SYSFS_MAGIC)
			return "a sysfs file";
	}
	int domain;
	socklen_t len = sizeof(domain);
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0 && domain == AF_NETLINK)
		return "a netlink socket";
	return NULL;
}

void clean_start_fds(int hostproc)
{
	int dfd = openat(hostproc, "self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return;
	}
	int fds[256], n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < (int)(sizeof(fds) / sizeof(fds[0]))) {
		char *end;
		long fd = strtol(de->d_name, &end, 10);
		if (*end || end == de->d_name || fd == dirfd(d))
			continue;
		int fl = fcntl((int)fd, F_GETFD);
		if (fl >= 0 && !(fl & FD_CLOEXEC))
			fds[n++] = (int)fd;
	}
	closedir(d);
	for (int i = 0; i < n; i++) {
		const char *why = danger(fds[i]);
		if (!why)
			continue;
		fprintf(stderr, "veneer: inherited fd %d is %s of the host: %s\n", fds[i], why,
			fds[i] <= 2 ? "replaced by /dev/null" : "closed");
		close(fds[i]);
		if (fds[i] <= 2) {
			int null = open("/dev/null", fds[i] == 0 ? O_RDONLY : O_WRONLY);
			if (null >= 0 && null != fds[i]) {
				dup2(null, fds[i]);
				close(null);
			}
		}
	}
}

/* procfs and sysfs are covered: a cwd in either is the host's */
static bool hidden(const struct statfs *sf)
{
	return sf->f_type == PROC_SUPER_MAGIC || sf->f_type == SYSFS_MAGIC;
}

int clean_start_cwd(void)
{
	struct statfs sf;
	if (statfs(".", &sf) < 0 || !hidden(&sf))
		return 0;
	char path[PATH_MAX];
	if (!getcwd(path, sizeof(path)))
		return chdir("/") < 0 ? -errno : 0;
	/* the same path again, now under the cover: or the nearest parent
	 * that exists there (the cover's root) */
	for (;;) {
		if (chdir(path) == 0 && statfs(".", &sf) == 0 && !hidden(&sf))
			return 0;
		char *slash = strrchr(path, '/');
		if (!slash || slash == path)
			return chdir("/") < 0 ? -errno : 0;
		*slash = '\0';
	}
}
