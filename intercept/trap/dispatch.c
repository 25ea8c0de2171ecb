/* See dispatch.h. */
#include "dispatch.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/syscall.h>

#include "compat.h"
#include "sysctl_fd.h"

const struct syscall_entry dispatch_table[] = {
	/* paths that may land in /proc */
	{ SYS_open,        "open",        h_open,        TRAP_ALWAYS, 0 },
	{ SYS_openat,      "openat",      h_openat,      TRAP_ALWAYS, 0 },
	{ SYS_openat2,     "openat2",     h_openat2,     TRAP_ALWAYS, 0 },
	{ SYS_creat,       "creat",       h_creat,       TRAP_ALWAYS, 0 },
	{ SYS_stat,        "stat",        h_stat,        TRAP_ALWAYS, 0 },
	{ SYS_lstat,       "lstat",       h_lstat,       TRAP_ALWAYS, 0 },
	{ SYS_newfstatat,  "newfstatat",  h_newfstatat,  TRAP_NO_EMPTY_PATH, 3 },
	{ SYS_statx,       "statx",       h_statx,       TRAP_NO_EMPTY_PATH, 2 },
	{ SYS_access,      "access",      h_access,      TRAP_ALWAYS, 0 },
	{ SYS_faccessat,   "faccessat",   h_faccessat,   TRAP_ALWAYS, 0 },
	{ SYS_faccessat2,  "faccessat2",  h_faccessat2,  TRAP_ALWAYS, 0 },
	{ SYS_readlink,    "readlink",    h_readlink,    TRAP_ALWAYS, 0 },
	{ SYS_readlinkat,  "readlinkat",  h_readlinkat,  TRAP_ALWAYS, 0 },
	{ SYS_getxattr,    "getxattr",    h_getxattr,    TRAP_ALWAYS, 0 },
	{ SYS_lgetxattr,   "lgetxattr",   h_lgetxattr,   TRAP_ALWAYS, 0 },
	{ SYS_listxattr,   "listxattr",   h_listxattr,   TRAP_ALWAYS, 0 },
	{ SYS_llistxattr,  "llistxattr",  h_llistxattr,  TRAP_ALWAYS, 0 },
	{ SYS_statfs,      "statfs",      h_statfs,      TRAP_ALWAYS, 0 },
	{ SYS_fstatfs,     "fstatfs",     h_fstatfs,     TRAP_ALWAYS, 0 },
	/* served files: a rewind renders afresh */
	{ SYS_lseek,       "lseek",       h_lseek,       TRAP_REWIND, 0 },
	/* netlink sockets */
	{ SYS_socket,      "socket",      h_socket,      TRAP_NETLINK, 0 },
	/* calls on the virtual fds (vfd.h): each kind's operations table */
	{ SYS_bind,        "bind",        h_vfd,         TRAP_VFD, 0 },
	{ SYS_connect,     "connect",     h_vfd,         TRAP_VFD, 0 },
	{ SYS_listen,      "listen",      h_vfd,         TRAP_VFD, 0 },
	{ SYS_accept,      "accept",      h_vfd,         TRAP_VFD, 0 },
	{ SYS_accept4,     "accept4",     h_vfd,         TRAP_VFD, 0 },
	{ SYS_shutdown,    "shutdown",    h_vfd,         TRAP_VFD, 0 },
	{ SYS_getsockname, "getsockname", h_vfd,         TRAP_VFD, 0 },
	{ SYS_getpeername, "getpeername", h_vfd,         TRAP_VFD, 0 },
	{ SYS_setsockopt,  "setsockopt",  h_vfd,         TRAP_VFD, 0 },
	{ SYS_getsockopt,  "getsockopt",  h_vfd,         TRAP_VFD, 0 },
	{ SYS_sendto,      "sendto",      h_vfd,         TRAP_VFD, 0 },
	{ SYS_sendmsg,     "sendmsg",     h_vfd,         TRAP_VFD, 0 },
	{ SYS_sendmmsg,    "sendmmsg",    h_vfd,         TRAP_VFD, 0 },
	{ SYS_recvfrom,    "recvfrom",    h_vfd,         TRAP_VFD, 0 },
	{ SYS_recvmsg,     "recvmsg",     h_vfd,         TRAP_VFD, 0 },
	{ SYS_recvmmsg,    "recvmmsg",    h_vfd,         TRAP_VFD, 0 },
	{ SYS_read,        "read",        h_vfd,         TRAP_VFD, 0 },
	{ SYS_readv,       "readv",       h_vfd,         TRAP_VFD, 0 },
	{ SYS_write,       "write",       h_vfd,         TRAP_VFD, 0 },
	{ SYS_pwrite64,    "pwrite64",    h_vfd,         TRAP_VFD, 0 },
	{ SYS_writev,      "writev",      h_vfd,         TRAP_VFD, 0 },
	{ SYS_pwritev,     "pwritev",     h_vfd,         TRAP_VFD, 0 },
	{ SYS_pwritev2,    "pwritev2",    h_vfd,         TRAP_VFD, 0 },
	/* data moved between two fds inside the kernel (argi: the second) */
	{ SYS_splice,      "splice",      h_vfd_pipe,    TRAP_VFD2, 2 },
	{ SYS_tee,         "tee",         h_vfd_pipe,    TRAP_VFD2, 1 },
	{ SYS_sendfile,    "sendfile",    h_vfd_pipe,    TRAP_VFD2, 1 },
	{ SYS_copy_file_range, "copy_file_range", h_vfd_pipe, TRAP_VFD2, 2 },
	{ SYS_vmsplice,    "vmsplice",    h_vfd_pipe,    TRAP_VFD, 0 },
	/* cd, chroot, a watch below /proc: the node made in the cover */
	{ SYS_chdir,       "chdir",       h_chdir,       TRAP_ALWAYS, 0 },
	{ SYS_chroot,      "chroot",      h_chdir,       TRAP_ALWAYS, 0 },
	{ SYS_inotify_add_watch, "inotify_add_watch", h_chdir, TRAP_ALWAYS, 0 },
	/* changes to what a path names: procfs answers (path_change.c) */
	{ SYS_mkdir, "mkdir", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_mkdirat, "mkdirat", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_mknod, "mknod", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_mknodat, "mknodat", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_symlink, "symlink", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_symlinkat, "symlinkat", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_link, "link", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_linkat, "linkat", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_rename, "rename", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_renameat, "renameat", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_renameat2, "renameat2", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_rmdir, "rmdir", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_unlink, "unlink", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_unlinkat, "unlinkat", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_chmod, "chmod", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_fchmodat, "fchmodat", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_fchmodat2, "fchmodat2", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_chown, "chown", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_lchown, "lchown", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_fchownat, "fchownat", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_utime, "utime", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_utimes, "utimes", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_futimesat, "futimesat", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_utimensat, "utimensat", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_truncate, "truncate", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_setxattr, "setxattr", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_lsetxattr, "lsetxattr", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_removexattr, "removexattr", h_path_change, TRAP_ALWAYS, 0 },
	{ SYS_lremovexattr, "lremovexattr", h_path_change, TRAP_ALWAYS, 0 },
	/* exec of a path through /proc (exec /proc/self/exe) */
	{ SYS_execve,      "execve",      h_execve,      TRAP_ALWAYS, 0 },
	{ SYS_execveat,    "execveat",    h_execveat,    TRAP_ALWAYS, 0 },
	/* a /proc/<pid> directory fd as a pidfd (killall, pkill) */
	{ SYS_pidfd_send_signal, "pidfd_send_signal", h_pidfd_send_signal, TRAP_ALWAYS, 0 },
	/* interface ioctls */
	{ SYS_ioctl,       "ioctl",       h_ioctl,       TRAP_NET_IOCTL, 0 },
	/* the machine: answered from the model, like /proc/sys/kernel and meminfo */
	{ SYS_uname,       "uname",       h_uname,       TRAP_ALWAYS, 0 },
	{ SYS_sethostname, "sethostname", h_sethostname, TRAP_ALWAYS, 0 },
	{ SYS_setdomainname, "setdomainname", h_setdomainname, TRAP_ALWAYS, 0 },
	{ SYS_sysinfo,     "sysinfo",     h_sysinfo,     TRAP_ALWAYS, 0 },
	{ SYS_sched_getaffinity, "sched_getaffinity", h_sched_getaffinity, TRAP_ALWAYS, 0 },
	/* io_uring runs operations in kernel threads no filter sees: a kernel
	 * without io_uring answers ENOSYS */
	{ SYS_io_uring_setup,    "io_uring_setup",    h_enosys, REFUSE, 0 },
	{ SYS_io_uring_enter,    "io_uring_enter",    h_enosys, REFUSE, 0 },
	{ SYS_io_uring_register, "io_uring_register", h_enosys, REFUSE, 0 },
};

const unsigned dispatch_count = sizeof(dispatch_table) / sizeof(dispatch_table[0]);

/* The rows by system call number, made once: a trapped call finds its
 * row in one step. x86_64's numbers are below 512 (the x32 bit and i386
 * calls never reach dispatch: the filter refuses them). */
#define NR_MAX 512
static const struct syscall_entry *by_nr[NR_MAX];

static const struct syscall_entry *entry_of(int nr)
{
	static bool indexed;
	if (!indexed) {
		for (unsigned i = 0; i < dispatch_count; i++)
			if (dispatch_table[i].nr >= 0 && dispatch_table[i].nr < NR_MAX)
				by_nr[dispatch_table[i].nr] = &dispatch_table[i];
		indexed = true;
	}
	return nr >= 0 && nr < NR_MAX ? by_nr[nr] : NULL;
}

const char *syscall_name(int nr)
{
	const struct syscall_entry *e = entry_of(nr);
	return e ? e->name : "?";
}

void dispatch(struct vcall *c)
{
	const struct syscall_entry *e = entry_of(c->nr);
	if (!e) {
		/* The filter traps nothing else; fail closed if it did. */
		vcall_reply_errno(c, ENOSYS);
		return;
	}
	/* writes to sysctl files through a dup the filter does not see
	 * happened before this call: the model must show them */
	sysctl_sock_drain();
	e->handler(c);
	if (c->reply == VR_NONE)
		vcall_reply_errno(c, EIO);
}
