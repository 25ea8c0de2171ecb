/* The supervisor's event loop: one thread, epoll over the backend's fd, the
 * signal fd, and fds handlers ask to watch (a netlink socket's peer end, to
 * learn when the program closed its end). */
#ifndef VENEER_LOOP_H
#define VENEER_LOOP_H
#include <stdint.h>

typedef void (*loop_cb)(void *arg, uint32_t events);

int loop_init(void);
int loop_watch(int fd, uint32_t events, loop_cb cb, void *arg);
void loop_unwatch(int fd);
/* Wait for events and run their callbacks once. -errno on failure. */
int loop_run_once(int timeout_ms);

#endif
