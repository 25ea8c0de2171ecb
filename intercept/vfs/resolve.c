/* Path resolution for trapped path calls. See resolve.h. */
#include "resolve.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "creds.h"
#include "proc_mounts.h"
#include "sandbox_ctx.h"
#include "sandbox_procfs.h"
#include "vnode.h"

#define MAX_SYMLINKS 40

/* Follow a host magic link of /proc (exe, cwd, root, fd/N, ...). The target
 * may be one of ours (a served file or directory): then we are virtual again. */
static int follow_magic(struct vcall *c, const char *hostpath, int *hostfd, struct vnode *n, bool *virt)
{
	/* With the caller's credentials and none of our capabilities:
	 * procfs checks them as it would for the caller (ptrace access to
	 * the task for fd/, cwd, root, exe; CAP_SYS_ADMIN for map_files/). */
	struct task_creds cr;
	int rc = c ? creds_of(c->tid, &cr) : -ESRCH;
	if (rc == 0)
		rc = creds_enter(&cr);
	if (rc < 0)
		return rc;
	int fd = openat(sandbox_procfs(), hostpath, O_PATH | O_CLOEXEC);
	int e = errno;
	creds_leave();
	if (fd < 0)
		return -e;
	int ours = vnode_of_fd(&c->sandbox->model, fd, n);
	if (ours) {
		close(fd);
		*virt = true;
		return ours < 0 ? ours : 0;
	}
	*hostfd = fd;
	*virt = false;
	return 0;
}

static int open_base(struct vcall *c, int dirfd, bool absolute, int *fd)
{
	char path[64];
	if (absolute) {
		*fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		return *fd < 0 ? -errno : 0;
	}
	if (dirfd == AT_FDCWD)
		snprintf(path, sizeof(path), "%d/cwd", c->tid);
	else if (dirfd < 0)
		return -EBADF;
	else
		snprintf(path, sizeof(path), "%d/fd/%d", c->tid, dirfd);
	*fd = openat(sandbox_procfs(), path, O_PATH | O_CLOEXEC);
	if (*fd < 0)
		return errno == ENOENT ? -EBADF : -errno;
	return 0;
}

/* The slow walk, one component at a time. */
struct walk {
	struct vcall *c;
	const struct vn_model *m;   /* the caller's sandbox's */
	bool virt;
	bool touched_virtual;
	int fd;                  /* host state */
	struct vnode node;       /* virtual state */
	struct stat root_st;     /* "/", for ".." at the root: found when first needed */
	bool root_known;
	int links;
	int proc_mount;          /* O_PATH fd of the procfs root we entered, or -1 */
};

static void walk_set_host(struct walk *w, int fd)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = fd;
	w->virt = false;
}

static void walk_set_virt(struct walk *w, const struct vnode *n)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	w->node = *n;
	w->virt = true;
	w->touched_virtual = true;
}

/* rem: the remaining path, rewritten in place as symlinks splice in. */
static int walk(struct walk *w, char *rem, size_t remcap, int flags, bool *is_link_final)
{
	*is_link_final = false;
	for (;;) {
		char *p = rem;
		while (*p == '/')
			p++;
		if (!*p)
			return 0;
		char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char comp[NAME_MAX + 1];
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(comp, p, len);
		comp[len] = '\0';
		char *rest = p + len;
		const char *q = rest;
		while (*q == '/')
			q++;
		bool last = *q == '\0';
		bool trailing = last && *rest == '/';
		bool follow = !last || trailing || (flags & RSV_FOLLOW);
		memmove(rem, rest, strlen(rest) + 1);

		if (strcmp(comp, ".") == 0)
			continue;
		if (w->virt) {
			if (strcmp(comp, "..") == 0) {
				if (strcmp(w->node.vpath, "/proc") == 0) {
					/* Up out of /proc: to its mount point's parent. */
					int fd = w->proc_mount >= 0 ? openat(w->proc_mount, "..", O_PATH | O_CLOEXEC)
								    : open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
					if (fd < 0)
						return -errno;
					walk_set_host(w, fd);
				} else {
					vnode_parent(w->m, &w->node);
				}
				continue;
			}
			struct vnode next = w->node;
			int rc = vnode_child(w->m, &next, comp, w->c ? w->c->pid : 0);
			if (rc < 0)
				return rc;
			if (next.e->kind == PK_LINK) {
				if (!follow) {
					w->node = next;
					*is_link_final = true;
					return 0;
				}
				if (++w->links > MAX_SYMLINKS)
					return -ELOOP;
				char target[PATH_MAX], joined[PATH_MAX];
				proc_link_target(next.e, w->c ? vcall_pid(w->c) : 0, w->c ? w->c->tid : 0,
						 target, sizeof(target));
				if (snprintf(joined, sizeof(joined), "%s/%s", target, rem) >= (int)sizeof(joined))
					return -ENAMETOOLONG;
				snprintf(rem, remcap, "%s", joined);
				continue;
			}
			if (next.e->kind == PK_HOST) {
				struct stat st;
				if (fstatat(sandbox_procfs(), vnode_hostpath(&next), &st, AT_SYMLINK_NOFOLLOW) < 0)
					return -errno;
				if (S_ISLNK(st.st_mode)) {
					if (!follow) {
						w->node = next;
						*is_link_final = true;
						return 0;
					}
					if (++w->links > MAX_SYMLINKS)
						return -ELOOP;
					int hfd = -1;
					bool virt = false;
					struct vnode target;
					rc = follow_magic(w->c, vnode_hostpath(&next), &hfd, &target, &virt);
					if (rc < 0)
						return rc;
					if (virt)
						walk_set_virt(w, &target);
					else
						walk_set_host(w, hfd);
					continue;
				}
			}
			w->node = next;
			continue;
		}

		/* Host state. */
		if (strcmp(comp, "..") == 0) {
			struct stat st;
			if (!w->root_known && stat("/", &w->root_st) == 0)
				w->root_known = true;
			if (fstat(w->fd, &st) == 0 && w->root_known && st.st_dev == w->root_st.st_dev &&
			    st.st_ino == w->root_st.st_ino)
				continue;
			int fd = openat(w->fd, "..", O_PATH | O_CLOEXEC);
			if (fd < 0)
				return -errno;
			walk_set_host(w, fd);
			continue;
		}
		int fd = openat(w->fd, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		struct stat st;
		if (fstat(fd, &st) < 0) {
			int e = errno;
			close(fd);
			return -e;
		}
		if (proc_mounts_is_root(st.st_dev, st.st_ino)) {
			/* Into /proc: from here on the model's. Keep where we
			 * came from: ".." leads back out of this mount. */
			if (w->proc_mount >= 0)
				close(w->proc_mount);
			w->proc_mount = fd;
			struct vnode root;
			vnode_root(&root);
			walk_set_virt(w, &root);
			continue;
		}
		if (S_ISLNK(st.st_mode) && follow) {
			if (++w->links > MAX_SYMLINKS) {
				close(fd);
				return -ELOOP;
			}
			char target[PATH_MAX], joined[PATH_MAX];
			ssize_t n = readlinkat(fd, "", target, sizeof(target) - 1);
			close(fd);
			if (n < 0)
				return -errno;
			target[n] = '\0';
			if (snprintf(joined, sizeof(joined), "%s/%s", target, rem) >= (int)sizeof(joined))
				return -ENAMETOOLONG;
			snprintf(rem, remcap, "%s", joined);
			if (target[0] == '/') {
				int rfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
				if (rfd < 0)
					return -errno;
				walk_set_host(w, rfd);
			}
			continue;
		}
		if (S_ISLNK(st.st_mode))
			*is_link_final = true;
		walk_set_host(w, fd);
	}
}

/* A path the fast lookup did not find: true if it might have gone
 * through /proc before failing. Looked up again without crossing a mount
 * and without following a link: failing the same way means the lookup
 * never left the mount it started in, where the program's namespace and
 * ours are the same. */
static bool not_found_elsewhere(int base, const char *path, const struct open_how *first)
{
	int err = errno;
	struct open_how how = *first;
	how.resolve |= RESOLVE_NO_XDEV | RESOLVE_NO_SYMLINKS;
	int fd = (int)syscall(SYS_openat2, base, path, &how, sizeof(how));
	if (fd >= 0) {
		close(fd);   /* there now: a race with a creator; walk */
		return true;
	}
	return errno != err;
}

void resolve_path(struct vcall *c, int dirfd, const char *path, int flags, struct resolution *r)
{
	memset(r, 0, sizeof(*r));
	r->hostfd = -1;
	size_t plen = strlen(path);
	if (plen == 0 && !(flags & RSV_EMPTY_PATH)) {
		r->kind = RES_ERR;
		r->err = ENOENT;
		return;
	}
	r->must_be_dir = plen > 0 && path[plen - 1] == '/';

	struct walk w = { .c = c, .m = &c->sandbox->model, .fd = -1, .proc_mount = -1 };
	bool absolute = path[0] == '/';
	int base = AT_FDCWD;   /* absolute paths: the supervisor's root is the program's */
	int rc;
	struct vnode start;
	if (!absolute) {
		rc = open_base(c, dirfd, false, &base);
		if (rc < 0) {
			r->kind = RES_ERR;
			r->err = -rc;
			return;
		}
		int ours = vnode_of_fd(w.m, base, &start);
		if (ours < 0) {
			close(base);
			r->kind = RES_ERR;
			r->err = -ours;
			return;
		}
		if (ours) {
			close(base);
			walk_set_virt(&w, &start);
		}
	}
	/* An absolute path naming a procfs mount point goes straight to the
	 * walk: the fast path would only find out the same, 3 calls later. */
	bool in_proc = false;
	if (absolute && strncmp(path, "/proc", 5) == 0 && (path[5] == '/' || !path[5]))
		for (int i = 0; i < proc_mounts_nhost(); i++)
			in_proc = in_proc || strcmp(proc_mounts_host(i), "/proc") == 0;
	size_t skip = 0;
	if (!w.virt && in_proc) {
		/* "/proc/...": start in the model's /proc itself (".." from
		 * there opens "/" again, the mount point's parent) */
		struct vnode root;
		vnode_root(&root);
		walk_set_virt(&w, &root);
		skip = 5;
	} else if (!w.virt) {
		/* Fast path: the kernel resolves it for us; if it ends outside
		 * the cover, the caller's own native call lands on the same
		 * object (same root, same mount namespace). */
		/* No magic links: the supervisor's would be its own
		 * (/dev/stdin -> /proc/self/fd/0 is its stdin, not the
		 * caller's); a path through one takes the walk, which follows
		 * the caller's. */
		struct open_how how = {
			.flags = O_PATH | O_CLOEXEC | ((flags & RSV_FOLLOW) ? 0 : O_NOFOLLOW),
			.resolve = RESOLVE_NO_MAGICLINKS,
		};
		int fd = plen ? (int)syscall(SYS_openat2, base, path, &how, sizeof(how))
			      : fcntl(base, F_DUPFD_CLOEXEC, 0);
		if (fd >= 0) {
			struct stat st;
			bool got = fstat(fd, &st) == 0;
			bool proc = got && proc_mounts_is_procfs(st.st_dev);
			close(fd);
			if (!proc) {
				if (base >= 0)
					close(base);
				r->kind = RES_NATIVE;
				r->dev = got ? st.st_dev : 0;
				r->ino = got ? st.st_ino : 0;
				return;
			}
		} else if (plen && (errno == ENOENT || errno == ENOTDIR) && !not_found_elsewhere(base, path, &how)) {
			/* missing without a mount crossed or a link followed:
			 * the same lookup fails the same way in the program's
			 * namespace (a compiler's include search, a PATH
			 * search), no walk needed */
			if (base >= 0)
				close(base);
			r->kind = RES_NATIVE;
			return;
		}
		if (base == AT_FDCWD) {
			base = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
			if (base < 0) {
				r->kind = RES_ERR;
				r->err = errno;
				return;
			}
		}
		w.fd = base;
	}

	char rem[PATH_MAX * 2];
	snprintf(rem, sizeof(rem), "%s", path + skip);
	bool link_final;
	rc = walk(&w, rem, sizeof(rem), flags, &link_final);
	if (w.proc_mount >= 0)
		close(w.proc_mount);
	if (!w.touched_virtual || rc < 0) {
		if (w.fd >= 0)
			close(w.fd);
		if (!w.touched_virtual) {
			/* The path never entered /proc: the kernel answers,
			 * with the caller's own credentials and errors. */
			r->kind = RES_NATIVE;
		} else {
			r->kind = RES_ERR;
			r->err = -rc;
		}
		return;
	}
	if (w.virt) {
		r->kind = RES_VIRT;
		r->node = w.node;
		bool isdir = w.node.e->kind == PK_DIR || w.node.e->kind == PK_TASKS ||
			     w.node.e->kind == PK_DEVS;
		if (w.node.e->kind == PK_HOST || w.node.e->kind == PK_SYSTEM) {
			struct stat st;
			isdir = fstatat(sandbox_procfs(), vnode_hostpath(&w.node), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
				S_ISDIR(st.st_mode);
		}
		if (r->must_be_dir && !isdir && !link_final) {
			r->kind = RES_ERR;
			r->err = ENOTDIR;
		}
		return;
	}
	r->kind = RES_HOST;
	r->hostfd = w.fd;
}
