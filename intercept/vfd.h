/* The registry of stand-in sockets: the fds at or above VFD_BASE the
 * supervisor installed in place of a kernel object (a netlink socket, a
 * write-only sysctl file). Each is one end of an AF_UNIX pair; the
 * supervisor keeps the other.
 *
 * Identity is the socket cookie of the program's end, read before it is
 * installed: 64 bits the kernel hands out once per boot, which no program
 * can give a socket of its own. The inode number only finds a candidate
 * (it is 32 bits from a shared counter and can come round again). The
 * cookie is then read from our own copy of the caller's open file, so a
 * thread that dup2()s something else onto the number meanwhile changes
 * nothing. */
#ifndef VENEER_VFD_H
#define VENEER_VFD_H

#include <stdint.h>
#include <sys/types.h>

#include "backend.h"

#define VFD_BASE 900

enum vfd_kind { VFD_NETLINK = 1, VFD_SYSCTL_WRITER };

/* Register the program's end (before it is installed) as standing for
 * obj. 0 or -errno. */
int vfd_register(int progend, enum vfd_kind kind, void *obj);
/* obj is gone (its pair hung up). */
void vfd_forget(void *obj);
/* The object the caller's fd stands for if it is a stand-in of that
 * kind, else NULL. */
void *vfd_lookup(struct vcall *c, int fd, enum vfd_kind kind);
/* The object a socket inode (the program's end) stands for, for listings
 * (live_socks.c) where no fd is at hand; NULL if none. */
void *vfd_by_ino(ino_t ino, enum vfd_kind kind);

#endif
