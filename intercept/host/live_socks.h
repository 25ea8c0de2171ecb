/* The sandbox's own sockets, as the host kernel knows them.
 *
 * The model's socket table (sentry/sock_model.h) shows the scenario's
 * sockets plus those a sandbox task holds. This module finds the latter:
 * the socket inodes in the fd tables of the sandbox's tasks, then the
 * host's NETLINK_SOCK_DIAG answers for those inodes only (the supervisor
 * lives in the program's network namespace). A socket no sandbox task
 * holds is never seen, whoever else holds it. veneer's own netlink
 * stand-ins (nlsock.h) that a sandbox task holds are shown as the netlink
 * sockets they stand for, beside the kernel's own netlink sockets of the
 * namespace (port 0, from the host's netlink_diag). */
#ifndef VENEER_LIVE_SOCKS_H
#define VENEER_LIVE_SOCKS_H

#include "model.h"

/* Replace the model's live sockets with the current ones. On any failure
 * the model is left with the scenario's sockets only (fail closed). */
void live_socks_refresh(struct vn_model *m);

#endif
