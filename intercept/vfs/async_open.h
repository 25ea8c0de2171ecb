/* Opens that may block, run where they block nothing else.
 *
 * Opening a FIFO waits for its other end; a device may wait for carrier.
 * When a path through /proc (a magic link: /proc/self/cwd/fifo,
 * /proc/self/fd/N) leads to such an object, the supervisor opens it for
 * the caller, and an open in the supervisor's one thread would stall
 * every other task's trapped calls, and SIGTERM to veneer, until the
 * other end came. Such an open runs in a thread of its own, with the
 * caller's credentials; the call is answered from the event loop when it
 * completes. A call that goes away meanwhile (the caller interrupted by a
 * signal, or dead) interrupts the open. */
#ifndef VENEER_ASYNC_OPEN_H
#define VENEER_ASYNC_OPEN_H

#include <stdbool.h>
#include <sys/types.h>

#include "backend.h"

/* Whether opening the object hostfd (an O_PATH fd) refers to may block. */
bool async_open_needed(int hostfd);

/* Open hostfd's object for c with flags and mode (O_CLOEXEC in the
 * caller's table if cloexec), in a thread; parks c and answers it later.
 * Takes hostfd. */
void async_open(struct vcall *c, int hostfd, int flags, mode_t mode, bool cloexec);

#endif
