/* Checked copy-in: structures whose sizes the program chooses, bounded as
 * the kernel bounds them before anything is allocated or copied. Every
 * handler that takes an iovec or a msghdr goes through here. */
#ifndef VENEER_COPYIN_H
#define VENEER_COPYIN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "backend.h"

/* The kernel's MAX_RW_COUNT: INT_MAX rounded down to a page. */
#define VN_MAX_RW_COUNT 0x7ffff000u

/* An iovec array of count entries at addr, as import_iovec reads it:
 * count > UIO_MAXIOV is -EINVAL, a length with its sign bit set -EINVAL,
 * an unreadable array -EFAULT; lengths past MAX_RW_COUNT in all are
 * shortened (the kernel transfers at most that much). *out is malloc'd
 * (free it), *total the sum, which cannot overflow. */
int copyin_iovec(struct vcall *c, uint64_t addr, uint64_t count, struct iovec **out, size_t *total);

/* A struct msghdr and its iovec, as copy_msghdr_from_user checks them:
 * msg_iovlen > UIO_MAXIOV is -EMSGSIZE, msg_namelen is capped at
 * sizeof(struct sockaddr_storage), msg_controllen > INT_MAX is -ENOBUFS. */
int copyin_msghdr(struct vcall *c, uint64_t addr, struct msghdr *m, struct iovec **iov, size_t *total);

#endif
