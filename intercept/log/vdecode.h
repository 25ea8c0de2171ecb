/* The arguments of every trapped system call, decoded as strace does:
 * one row per call (like strace's syscallent.h) naming each argument's
 * kind, and one printer per kind. */
#ifndef VENEER_VDECODE_H
#define VENEER_VDECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "backend.h"
#include "vout.h"

/* strace's trace classes (-e trace=%file ...). */
enum { TC_FILE = 1, TC_NETWORK = 2, TC_PROCESS = 4, TC_DESC = 8 };

/* The classes of a call; 0 for one without a row. */
unsigned vdecode_classes(int nr);
/* Decode c's arguments into o. done: the handler answered with ret (a
 * result or -errno) and the output buffers hold what it wrote; else only
 * what the caller passed in is shown. Returns the text offset where the
 * first output argument begins (strace's split at <unfinished ...>). */
size_t vdecode_args(struct vout *o, struct vcall *c, bool done, int64_t ret);

#endif
