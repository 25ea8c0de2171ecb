/* Gather the live figures of the sandbox's tasks (struct vn_sandbox) from
 * the host's procfs, for the system files the model renders. */
#ifndef VENEER_SANDBOX_FACTS_H
#define VENEER_SANDBOX_FACTS_H

#include "sandbox.h"

/* Fill sb; its cpu_template stays valid until the next call. */
void sandbox_facts(struct vn_sandbox *sb);
/* Hundredths of a second since the sandbox started (its uptime), alone. */
uint64_t sandbox_uptime_cs(void);

#endif
