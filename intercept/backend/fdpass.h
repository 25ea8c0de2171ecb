/* Passing an fd over a unix socket (SCM_RIGHTS with a one-byte message):
 * the listener from the child to the supervisor, and, under ptrace, a
 * served fd into the traced program. */
#ifndef VENEER_FDPASS_H
#define VENEER_FDPASS_H

/* 0 or -errno; flags for sendmsg (MSG_DONTWAIT ...). */
int fd_send(int sock, int fd, int flags);
/* The fd received (O_CLOEXEC), or -1. */
int fd_recv(int sock);

#endif
