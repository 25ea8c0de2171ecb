#ifndef VENEER_NOTIFY_H
#define VENEER_NOTIFY_H
#include "backend.h"

/* Take ownership of a seccomp listener fd. */
int notify_backend_init(struct backend *be, int listener);
/* Receive the next notification into c (blocking). 0 or -errno. */
int notify_receive(struct backend *be, struct vcall *c);
#endif
