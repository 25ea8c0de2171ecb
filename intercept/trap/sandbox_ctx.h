/* What a trapped call runs against: the model of the kernel the program
 * sees and the capabilities that model grants it. One per veneer run
 * (run.c makes it). It reaches every handler with the call (vcall's
 * sandbox, set by serve()), as a task's namespaces and credentials reach
 * the kernel's system calls; an object that outlives the call it was made
 * by (a sysctl writer) keeps a pointer to it, as a socket keeps its
 * network namespace. */
#ifndef VENEER_SANDBOX_CTX_H
#define VENEER_SANDBOX_CTX_H

#include <stdbool.h>
#include <stdint.h>

#include "backend.h"
#include "model.h"

struct sandbox {
	struct vn_model model;
	uint64_t caps;           /* capabilities the model grants (bit n = CAP n) */
};

/* The kernel's capable(cap), for the program's one set of capabilities. */
static inline bool sandbox_capable(const struct sandbox *sb, int cap)
{
	return (sb->caps >> cap) & 1;
}

static inline bool vcall_capable(const struct vcall *c, int cap)
{
	return sandbox_capable(c->sandbox, cap);
}

#endif
