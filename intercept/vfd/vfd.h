/* Virtual fds: the fds at or above VFD_BASE the supervisor installed in
 * place of a kernel object, and the one dispatch of the calls trapped on
 * them (the filter traps the fd calls of dispatch.c's TRAP_VFD rows only
 * for fds >= VFD_BASE). Each kind is one file with its operations table:
 *
 *   VFD_NETLINK        a netlink socket (netlink.c, netlink_io.c)
 *   VFD_SYSCTL_WRITER  a sysctl file opened write-only (sysctl_writer.c)
 *   VFD_SYSCTL_FILE    a sysctl file opened read-write, or whose read
 *                      fails (sysctl_file.c)
 *
 * The first two are one end of an AF_UNIX pair (the supervisor keeps the
 * other), known by the socket cookie of the program's end, read before it
 * is installed: 64 bits the kernel hands out once per boot, which no
 * program can give a socket of its own. The third is a served file (an
 * inode of the stage's device, where only the supervisor makes inodes).
 * Either is decided from the supervisor's own copy of the caller's open
 * file, so a thread that dup2()s something else onto the number changes
 * nothing; a name, a path or content the program can write never decides
 * what an fd is. A call on an fd >= VFD_BASE that is none of these, or
 * whose kind has no operation for it, runs natively. */
#ifndef VENEER_VFD_H
#define VENEER_VFD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "backend.h"
#include "resolve.h"

/* The lowest number of a stand-in fd. The filter can compare numbers
 * only, so the program's own fds must sit below it: 900, or lower when
 * veneer starts with a hard RLIMIT_NOFILE at or below that (ulimit -n 512)
 * — fds of the program at or above it are then trapped and run natively,
 * a cost and nothing else. Fixed before the filter is made (run.c). */
#define VFD_BASE 900
int vfd_base(void);
void vfd_base_fit(rlim_t hard_nofile);

enum vfd_kind { VFD_NONE, VFD_NETLINK, VFD_SYSCTL_WRITER, VFD_SYSCTL_FILE };

/* What the caller's fd stands for, found by vfd_find. */
struct vfd_obj {
	enum vfd_kind kind;
	void *obj;               /* struct nlsock *, struct writer * */
	int file;                /* our copy of the caller's open file */
	struct vnode node;       /* VFD_SYSCTL_FILE */
};

typedef void (*vfd_op)(struct vcall *c, struct vfd_obj *v);

struct vfd_op_row {
	int nr;                  /* syscall */
	vfd_op op;
};

struct vfd_ops {
	const char *name;
	const struct vfd_op_row *rows;
	size_t nrows;
};

#define VFD_OPS(var, kind_name, ...)                                        \
	static const struct vfd_op_row var##_rows[] = { __VA_ARGS__ };       \
	const struct vfd_ops var = { kind_name, var##_rows,                  \
				     sizeof(var##_rows) / sizeof(var##_rows[0]) }

extern const struct vfd_ops nlsock_vfd_ops, sysctl_writer_vfd_ops, sysctl_file_vfd_ops;

/* Register the program's end of a pair (before it is installed) as
 * standing for obj. 0 or -errno. */
int vfd_register(int progend, enum vfd_kind kind, void *obj);
/* A slot of the supervisor's fds held for the sandbox: 0, or -ENFILE when
 * only the reserve for serving calls is left. vfd_register takes one for
 * each stand-in; other holders (async_open.c) take and give their own. */
int vfd_budget_take(void);
void vfd_budget_give(void);
/* obj is gone (its pair hung up). */
void vfd_forget(void *obj);
/* What the caller's fd stands for: true and *v filled (close v->file
 * with vfd_release), or false. */
bool vfd_find(struct vcall *c, int fd, struct vfd_obj *v);
void vfd_release(struct vfd_obj *v);
/* The object a socket inode (the program's end) stands for, for listings
 * (live_socks.c) where no fd is at hand; NULL if none. */
void *vfd_by_ino(ino_t ino, enum vfd_kind kind);

/* The handler of every TRAP_VFD row: the fd is args[0]. */
void h_vfd(struct vcall *c);
/* splice, tee, sendfile, copy_file_range, vmsplice: data moved in the
 * kernel between two fds, which no stand-in can take part in: EINVAL if
 * either fd is a virtual one (docs/design.md), else native. */
void h_vfd_pipe(struct vcall *c);

#endif
