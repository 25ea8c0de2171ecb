/* The dispatch table: which system calls are trapped, under which argument
 * condition, and who handles them. The seccomp filter is built from it, so a
 * call no handler needs never leaves the kernel. */
#ifndef VENEER_DISPATCH_H
#define VENEER_DISPATCH_H

#include "handlers.h"

enum trap_when {
	TRAP_ALWAYS,
	TRAP_VFD,             /* arg0 (fd) >= VFD_BASE: a virtual fd (vfd.h) */
	TRAP_VFD2,            /* arg0 or arg[argi] >= VFD_BASE */
	TRAP_NO_EMPTY_PATH,   /* (arg[argi] & AT_EMPTY_PATH) == 0: fstat via *at() stays native */
	TRAP_REWIND,          /* lseek(fd, 0, SEEK_SET) */
	TRAP_NETLINK,         /* socket(AF_NETLINK, ...) */
	TRAP_NET_IOCTL,       /* ioctl(fd, 0x89xx, ...) */
	REFUSE,               /* always ENOSYS: would bypass the interception */
};

struct syscall_entry {
	int nr;
	const char *name;
	handler_fn handler;
	enum trap_when when;
	int argi;             /* TRAP_NO_EMPTY_PATH: index of the flags argument;
			       * TRAP_VFD2: of the second fd */
};

extern const struct syscall_entry dispatch_table[];
extern const unsigned dispatch_count;

/* Handle one call: run its handler and leave the reply in c. */
void dispatch(struct vcall *c);
const char *syscall_name(int nr);

#endif
