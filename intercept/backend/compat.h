/* Kernel constants newer than some build machines' headers, in one place.
 * Each is used only where an older kernel's refusal is handled. */
#ifndef VENEER_COMPAT_H
#define VENEER_COMPAT_H

#include <fcntl.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL   /* a thread's pidfd (Linux 6.9) */
#endif
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)   /* Linux 6.6 */
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452   /* x86_64, Linux 6.6: fchmodat with flags */
#endif

#endif
