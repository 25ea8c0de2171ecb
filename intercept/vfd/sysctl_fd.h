/* /proc/sys files the model can change (proc_entry.put).
 *
 * An open for reading is a served file like any other /proc file. Other
 * opens get an fd at or above VFD_BASE, where the filter traps read and
 * write calls (nlsock.h): write-only, a socket (sysctl_writer.c); read-write
 * or a file whose read fails (stable_secret's EIO), the served file, whose
 * writes are parsed and applied to the model at the open file's position,
 * after which it is rendered again, so reads through it see the change. */
#ifndef VENEER_SYSCTL_FD_H
#define VENEER_SYSCTL_FD_H

#include "backend.h"
#include "resolve.h"

/* Open sysctl node n for the caller (permissions as test_perm and
 * net_ctl_permissions decide them, with the model's capabilities); replies. */
void sysctl_open(struct vcall *c, const struct vnode *n, int flags);

/* A write is parsed from at most this much; sysctl values are short. */
#define SYSCTL_MAX_WRITE 65536
/* The bytes of a write call (writev if vector) into out, at most
 * SYSCTL_MAX_WRITE; their count or -errno. */
ssize_t sysctl_gather(struct vcall *c, bool vector, char *out);

/* sysctl_writer.c: write-only opens. A new socket for node n of sb's
 * model (the program's end, or -errno); apply every write that bypassed
 * the trap. */
struct sandbox;
int sysctl_sock_open(struct sandbox *sb, const struct vnode *n, int flags);
void sysctl_sock_drain(void);

#endif
