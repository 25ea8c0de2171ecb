#ifndef VENEER_FILTER_H
#define VENEER_FILTER_H
/* Build and load the seccomp filter from the dispatch table in the calling
 * (child) process. Returns the notification listener fd, or -errno. */
int filter_install(void);
#endif
