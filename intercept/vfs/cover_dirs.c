/* See cover_dirs.h. */
#include "cover_dirs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc_mounts.h"

/* What each directory made stands for, by inode: at most this many (a
 * program that wanders through every task's directory gets ENOMEM past
 * it, as a kernel out of dentries would). */
#define COVER_DIRS_MAX 4096

static struct {
	ino_t ino;
	char *vpath;
} dirs[COVER_DIRS_MAX];
static size_t ndirs;
static dev_t cover_dev;
static char self_now[32], thread_self_now[64];

static bool known(ino_t ino)
{
	for (size_t i = 0; i < ndirs; i++)
		if (dirs[i].ino == ino)
			return true;
	return false;
}

static int remember(int fd, const char *vpath, size_t len)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	cover_dev = st.st_dev;
	if (known(st.st_ino))
		return 0;
	if (ndirs == COVER_DIRS_MAX)
		return -ENOMEM;
	dirs[ndirs].vpath = strndup(vpath, len);
	if (!dirs[ndirs].vpath)
		abort();
	dirs[ndirs++].ino = st.st_ino;
	return 0;
}

/* Point the cover's link `name` at target, if it does not already: a new
 * link renamed over the old, so a lookup never finds it missing. */
static int link_set(const char *name, const char *target, char *now, size_t cap)
{
	if (strcmp(now, target) == 0)
		return 0;
	char tmp[64];
	snprintf(tmp, sizeof(tmp), ".%s-new", name);
	int rw = proc_covers_rw();
	unlinkat(rw, tmp, 0);
	if (symlinkat(target, rw, tmp) < 0 || renameat(rw, tmp, rw, name) < 0)
		return -errno;
	snprintf(now, cap, "%s", target);
	return 0;
}

int cover_dir_make(const struct vnode *n, int pid, int tid, bool as_file)
{
	if (proc_covers_rw() < 0)
		return -ENOENT;
	char target[64];
	snprintf(target, sizeof(target), "%d", pid);
	int rc = link_set("self", target, self_now, sizeof(self_now));
	snprintf(target, sizeof(target), "%d/task/%d", pid, tid);
	if (rc == 0)
		rc = link_set("thread-self", target, thread_self_now, sizeof(thread_self_now));
	/* /proc/net is procfs's own link to self/net */
	if (rc == 0 && symlinkat("self/net", proc_covers_rw(), "net") < 0 && errno != EEXIST)
		rc = -errno;
	if (rc < 0)
		return rc;

	/* every directory on the way, "/proc/123", "/proc/123/fd": each a
	 * place a later "cd .." or relative path may natively reach */
	const char *v = n->vpath;
	if (strncmp(v, "/proc", 5) != 0 || (v[5] && v[5] != '/'))
		return -ENOENT;
	int at = dup(proc_covers_rw());
	if (at < 0)
		return -errno;
	rc = remember(at, v, 5);
	for (const char *p = v + 5; rc == 0 && *p == '/';) {
		const char *name = p + 1, *end = strchr(name, '/');
		size_t len = end ? (size_t)(end - name) : strlen(name);
		char comp[256];
		if (len == 0 || len >= sizeof(comp)) {
			rc = -ENOENT;
			break;
		}
		memcpy(comp, name, len);
		comp[len] = '\0';
		if (as_file && !name[len]) {
			/* the last one, for a watch: an empty file, never
			 * read (opens are trapped), never changed */
			if (mknodat(at, comp, S_IFREG | 0444, 0) < 0 && errno != EEXIST)
				rc = -errno;
			break;
		}
		if (mkdirat(at, comp, 0555) < 0 && errno != EEXIST) {
			rc = -errno;
			break;
		}
		int next = openat(at, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0) {
			rc = -errno;
			break;
		}
		close(at);
		at = next;
		p = name + len;
		rc = remember(at, v, (size_t)(p - v));
	}
	close(at);
	return rc;
}

bool cover_dir_node(const struct vn_model *m, dev_t dev, ino_t ino, struct vnode *out)
{
	if (!ndirs || dev != cover_dev)
		return false;
	for (size_t i = 0; i < ndirs; i++)
		if (dirs[i].ino == ino)
			return vnode_from_vpath(m, dirs[i].vpath, out);
	return false;
}
