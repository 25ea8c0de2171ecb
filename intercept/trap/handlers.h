/* System call handlers. Each takes the trapped call and sets its reply with
 * the vcall_reply_* helpers; none knows which backend runs it. */
#ifndef VENEER_HANDLERS_H
#define VENEER_HANDLERS_H

#include "backend.h"

typedef void (*handler_fn)(struct vcall *c);

/* path.c; open.c; stat.c */
struct resolution;
/* Read a call's path argument once (at most PATH_MAX bytes): 0 or -errno
 * (EFAULT, ENAMETOOLONG). Everything after works on this copy. */
int path_arg_read(struct vcall *c, uint64_t addr, char *out);
/* Read a call's path argument once, resolve it for the caller and log it.
 * Answers the call when nothing is left to do (the argument unreadable, a
 * path the kernel handles natively, a resolution error): false then. */
bool path_arg_resolve(struct vcall *c, int dirfd, uint64_t addr, int rflags, char *path,
		      struct resolution *r);
void h_open(struct vcall *c);
void h_openat(struct vcall *c);
void h_openat2(struct vcall *c);
void h_creat(struct vcall *c);
void h_stat(struct vcall *c);
void h_lstat(struct vcall *c);
void h_newfstatat(struct vcall *c);
void h_statx(struct vcall *c);
void h_access(struct vcall *c);
void h_faccessat(struct vcall *c);
void h_faccessat2(struct vcall *c);
void h_readlink(struct vcall *c);
void h_readlinkat(struct vcall *c);
void h_lseek(struct vcall *c);
void h_getxattr(struct vcall *c);
void h_lgetxattr(struct vcall *c);
void h_listxattr(struct vcall *c);
void h_llistxattr(struct vcall *c);

/* netlink.c: sockets the model serves */
void h_socket(struct vcall *c);

/* vfd.c: calls on the virtual fds (>= VFD_BASE), by kind */
void h_vfd(struct vcall *c);
void h_vfd_pipe(struct vcall *c);

/* statfs.c: what the model serves is on procfs */
void h_statfs(struct vcall *c);
void h_fstatfs(struct vcall *c);

/* system.c: facts asked by system call */
void h_uname(struct vcall *c);
void h_sethostname(struct vcall *c);
void h_setdomainname(struct vcall *c);
void h_sysinfo(struct vcall *c);
void h_sched_getaffinity(struct vcall *c);

/* chdir.c: chdir, chroot, inotify_add_watch into the model's /proc */
void h_chdir(struct vcall *c);

/* path_change.c: mkdir, unlink, rename, chmod ... of a path in /proc */
void h_path_change(struct vcall *c);

/* exec.c: exec of a path through /proc */
void h_execve(struct vcall *c);
void h_execveat(struct vcall *c);

/* signal.c: a /proc/<pid> directory fd used as a pidfd */
void h_pidfd_send_signal(struct vcall *c);

/* ioctl.c */
void h_ioctl(struct vcall *c);

/* Always refused: they would bypass the interception. */
void h_enosys(struct vcall *c);

#endif
