/* A few served files made ahead (issue #16): an anonymous stage file with
 * mode 0444, its read-write fd and a read-only reopen of it, made after the
 * supervisor has replied, so that a served open on the critical path costs
 * one pwrite instead of an O_TMPFILE open, a reopen through /proc/self/fd
 * and an fstat. Each ready file is handed out once and is private to the
 * supervisor until then (unnamed, on a tmpfs mounted nowhere). */
#ifndef VENEER_READY_FILES_H
#define VENEER_READY_FILES_H

#include <sys/types.h>

struct ready_file {
	int wfd;     /* read-write: the supervisor writes the bytes here */
	int rfd;     /* read-only, no O_NONBLOCK or O_NOATIME: handed out */
	ino_t ino;
};

/* One ready file, from the pool or made now: 0 or -errno. */
int ready_take(struct ready_file *out);
/* Close fd after replying (off the critical path). */
void ready_retire(int fd);
/* After replying: close what was retired; refill the pool once it has
 * been drawn from (a program that serves no file never pays for it). */
void ready_fill(void);

#endif
