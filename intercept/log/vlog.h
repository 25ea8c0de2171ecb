/* The strace-like log (--log): one line per trapped call, text in strace's
 * conventions or JSON lines; netlink requests decoded. */
#ifndef VENEER_VLOG_H
#define VENEER_VLOG_H

#include <stdbool.h>
#include <stddef.h>

#include "backend.h"
#include "resolve.h"

struct vlog;

struct vlog *vlog_open(const char *path, bool json);   /* NULL + errno on failure */
void vlog_set(struct vlog *l);
/* What a path argument resolved to (remembered for the call's line). */
void vlog_path(struct vcall *c, const char *path, const struct resolution *r);
/* Netlink messages the program sent on a served socket. */
void vlog_netlink(struct vcall *c, const void *data, size_t len);
/* The call's line, once its reply is known. */
void vlog_call(struct vcall *c);
/* A note from veneer itself ("backend: ..."). */
void vlog_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
