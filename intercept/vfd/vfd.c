/* See vfd.h. */
#include "vfd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "served.h"
#include "stage.h"

struct vfd_sock {
	uint64_t cookie;
	ino_t ino;
	enum vfd_kind kind;
	void *obj;
};

static struct vfd_sock *tab;
static size_t ntab, captab;

static const struct vfd_ops *const kinds[] = {
	[VFD_NETLINK] = &nlsock_vfd_ops,
	[VFD_SYSCTL_WRITER] = &sysctl_writer_vfd_ops,
	[VFD_SYSCTL_FILE] = &sysctl_file_vfd_ops,
};

/* The supervisor's fds the sandbox holds (a stand-in's other end, a
 * blocking open in flight), against its RLIMIT_NOFILE less a reserve: the
 * work of any one call (a pidfd, a copy of the caller's fd, a served
 * file) must always find fds, or the sandbox's existing stand-ins could no
 * longer be told from ordinary fds. Past it the program is told ENFILE. */
#define FD_RESERVE 256
static size_t held;
static int base = VFD_BASE;

int vfd_base(void) { return base; }

/* Below VFD_BASE: the top eighth of the numbers the program may have (at
 * least 4), where Linux would give them only to a program that already
 * holds most of its table. */
void vfd_base_fit(rlim_t hard_nofile)
{
	if (hard_nofile > VFD_BASE)
		base = VFD_BASE;
	else if (hard_nofile <= 8)
		base = 3;
	else
		base = (int)(hard_nofile - (hard_nofile / 8 > 4 ? hard_nofile / 8 : 4));
}

int vfd_budget_take(void)
{
	static rlim_t limit;
	if (!limit) {
		struct rlimit rl;
		limit = getrlimit(RLIMIT_NOFILE, &rl) == 0 ? rl.rlim_cur : 1024;
	}
	/* with a small table (ulimit -n 64) half of it is the reserve */
	rlim_t reserve = FD_RESERVE < limit / 2 ? FD_RESERVE : limit / 2;
	if (held + reserve >= limit)
		return -ENFILE;
	held++;
	return 0;
}

void vfd_budget_give(void)
{
	if (held)
		held--;
}

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
	if ((rc = vfd_budget_take()) < 0)
		return rc;
	if (ntab == captab) {
		captab = captab ? captab * 2 : 64;
		struct vfd_sock *t = realloc(tab, captab * sizeof(*tab));
		if (!t)
			abort();
		tab = t;
	}
	tab[ntab++] = (struct vfd_sock){ cookie, st.st_ino, kind, obj };
	return 0;
}

void vfd_forget(void *obj)
{
	for (size_t i = 0; i < ntab; i++)
		if (tab[i].obj == obj) {
			tab[i] = tab[--ntab];
			vfd_budget_give();
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

bool vfd_find(struct vcall *c, int fd, struct vfd_obj *v)
{
	if (fd < base)
		return false;
	int f = vcall_fd_copy(c, fd);
	struct stat st;
	if (f < 0)
		return false;
	v->kind = VFD_NONE;
	v->obj = NULL;
	v->file = f;
	if (fstat(f, &st) < 0) {
		/* nothing */
	} else if (S_ISSOCK(st.st_mode)) {
		uint64_t cookie;
		for (size_t i = 0; cookie_of(f, &cookie) == 0 && i < ntab; i++)
			if (tab[i].cookie == cookie) {
				v->kind = tab[i].kind;
				v->obj = tab[i].obj;
				break;
			}
	} else if (S_ISREG(st.st_mode) && stage_holds(st.st_dev) && served_node(st.st_ino, &v->node) &&
		   v->node.e->kind == PK_FILE && v->node.e->put) {
		v->kind = VFD_SYSCTL_FILE;
	}
	if (v->kind == VFD_NONE) {
		close(f);
		return false;
	}
	return true;
}

void vfd_release(struct vfd_obj *v)
{
	if (v->file >= 0)
		close(v->file);
	v->file = -1;
}

void h_vfd(struct vcall *c)
{
	struct vfd_obj v;
	if (!vfd_find(c, (int)c->args[0], &v)) {
		vcall_reply_continue(c);
		return;
	}
	const struct vfd_ops *ops = kinds[v.kind];
	vfd_op op = NULL;
	for (size_t i = 0; i < ops->nrows && !op; i++)
		if (ops->rows[i].nr == c->nr)
			op = ops->rows[i].op;
	if (op)
		op(c, &v);
	else
		vcall_reply_continue(c);
	vfd_release(&v);
}

void h_vfd_pipe(struct vcall *c)
{
	/* the fd arguments of each: splice/copy_file_range 0 and 2, tee and
	 * sendfile 0 and 1, vmsplice 0 */
	int second = c->nr == SYS_splice || c->nr == SYS_copy_file_range ? 2
		   : c->nr == SYS_vmsplice ? 0 : 1;
	int fds[2] = { (int)c->args[0], (int)c->args[second] };
	for (int i = 0; i < 2; i++) {
		struct vfd_obj v;
		if (vfd_find(c, fds[i], &v)) {
			vfd_release(&v);
			vcall_reply_errno(c, EINVAL);
			return;
		}
	}
	vcall_reply_continue(c);
}
