/* --log-summary: strace -c's table of the trapped calls, with what veneer
 * did with them: per system call the calls, errors, time from the trap to
 * the answer, and how many were served and passed through. */
#ifndef VENEER_VSUMMARY_H
#define VENEER_VSUMMARY_H

#include <stdbool.h>
#include <stdio.h>

struct vsummary;

struct vsummary *vsummary_new(void);
void vsummary_free(struct vsummary *s);
/* One call: native (passed to the kernel, whose result veneer does not
 * see), failed (answered with an error), its time in seconds. */
void vsummary_add(struct vsummary *s, int nr, bool native, bool failed, double secs);
/* The table as strace -c prints it (sorted by time), or one JSON object. */
void vsummary_write(const struct vsummary *s, FILE *f, bool json);

#endif
