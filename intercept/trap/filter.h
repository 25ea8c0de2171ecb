#ifndef VENEER_FILTER_H
#define VENEER_FILTER_H
#include <stdint.h>
/* Build and load the seccomp filter from the dispatch table in the calling
 * (child) process. Trapped calls take `action`: SCMP_ACT_NOTIFY (returns
 * the notification listener fd) or SCMP_ACT_TRACE(n) for a tracer (returns
 * 0). -errno on failure. */
int filter_install(uint32_t action);
#endif
