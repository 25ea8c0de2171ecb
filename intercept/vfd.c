/* See vfd.h. */
#include "vfd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "supervisor.h"

struct vfd {
	uint64_t cookie;
	ino_t ino;
	enum vfd_kind kind;
	void *obj;
};

static struct vfd *tab;
static size_t ntab, captab;

static int cookie_of(int fd, uint64_t *cookie)
{
	socklen_t len = sizeof(*cookie);
	return getsockopt(fd, SOL_SOCKET, SO_COOKIE, cookie, &len) < 0 ? -errno : 0;
}

int vfd_register(int progend, enum vfd_kind kind, void *obj)
{
	struct stat st;
	uint64_t cookie;
	int rc = cookie_of(progend, &cookie);
	if (rc < 0)
		return rc;
	if (fstat(progend, &st) < 0)
		return -errno;
	if (ntab == captab) {
		captab = captab ? captab * 2 : 64;
		struct vfd *t = realloc(tab, captab * sizeof(*tab));
		if (!t)
			abort();
		tab = t;
	}
	tab[ntab++] = (struct vfd){ cookie, st.st_ino, kind, obj };
	return 0;
}

void vfd_forget(void *obj)
{
	for (size_t i = 0; i < ntab; i++)
		if (tab[i].obj == obj) {
			tab[i] = tab[--ntab];
			return;
		}
}

void *vfd_by_ino(ino_t ino, enum vfd_kind kind)
{
	for (size_t i = 0; i < ntab; i++)
		if (tab[i].ino == ino && tab[i].kind == kind)
			return tab[i].obj;
	return NULL;
}

void *vfd_lookup(struct vcall *c, int fd, enum vfd_kind kind)
{
	char path[64];
	struct stat st;
	if (fd < VFD_BASE)
		return NULL;
	/* The inode finds a candidate cheaply; most fds have none. */
	snprintf(path, sizeof(path), "%d/fd/%d", c->tid, fd);
	if (fstatat(sv.procfd, path, &st, 0) < 0 || !S_ISSOCK(st.st_mode))
		return NULL;
	size_t i;
	for (i = 0; i < ntab; i++)
		if (tab[i].ino == st.st_ino)
			break;
	if (i == ntab)
		return NULL;
	int f = vcall_fd_copy(c, fd);
	if (f < 0)
		return NULL;
	uint64_t cookie;
	int rc = cookie_of(f, &cookie);
	close(f);
	if (rc < 0)
		return NULL;
	for (i = 0; i < ntab; i++)
		if (tab[i].cookie == cookie)
			return tab[i].kind == kind ? tab[i].obj : NULL;
	return NULL;
}
