/* Before anything is served: veneer itself splits in two, a launcher that
 * stays in the caller's pid namespace and the supervisor, the init (pid 1)
 * of a new pid namespace in which the program runs. */
#ifndef VENEER_LAUNCH_H
#define VENEER_LAUNCH_H

#include <stdbool.h>

/* Returns 0 in the supervisor. The launcher waits for it, passes on the
 * signals sent to veneer, and exits as it exits; it never returns. A
 * status > 0 (after one "veneer:" line) if no namespace could be made.
 * Unless net_host, the sandbox also gets a network namespace of its own
 * with only lo, up (--net none): the program's own sockets then name no
 * host interface, address or route. */
int launch_in_pid_namespace(bool net_host);

/* veneer was started by an ordinary user, or by a root without
 * CAP_SYS_ADMIN and CAP_NET_ADMIN (a container's): it runs in a user
 * namespace of its own that maps that user (setgroups denied there). */
extern bool launch_unprivileged;

#endif
