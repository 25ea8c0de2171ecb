/* Netlink sockets the model serves.
 *
 * The program gets one end of an AF_UNIX SOCK_SEQPACKET pair at a number at
 * or above VFD_BASE; the filter traps socket calls on such numbers only, so
 * the program's ordinary sockets never leave the kernel. The messages live
 * here (struct nl_out); the pair carries one token byte while any are
 * queued, so poll/select/epoll on the program's end report readiness
 * natively. When the program closes its end, ours hangs up and the state
 * goes. */
#ifndef VENEER_NLSOCK_H
#define VENEER_NLSOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "backend.h"
#include "netlink/nlout.h"
#include "vfd.h"

/* A blocked reader: its call, and when SO_RCVTIMEO ends it (0: never). */
struct nl_parked {
	struct vcall c;
	uint64_t deadline_ns;    /* CLOCK_MONOTONIC */
};

struct nlsock {
	ino_t ino;               /* the program's end (what fstat shows it) */
	int peer;                /* our end */
	int protocol;
	int type;                /* SOCK_RAW or SOCK_DGRAM, as created */
	pid_t owner;             /* thread group that created it (first port id) */
	uint32_t portid;
	bool bound;
	uint64_t groups;
	uint32_t dst_portid, dst_group;
	int rcvbuf, sndbuf;
	uint64_t rcvtimeo_us, sndtimeo_us;   /* SO_RCVTIMEO/SO_SNDTIMEO, 0 = none */
	bool strict_chk, ext_ack, cap_ack, no_enobufs, pktinfo, broadcast_error, listen_all_nsid;
	bool token;
	bool overrun;            /* a notification was dropped: the next read says ENOBUFS */
	size_t max_recvmsg_len;
	size_t head_marks;       /* marks in the datagram a reader has seen, 0 = not fixed */
	struct nl_out out;
	struct nl_parked *parked;   /* blocked readers, oldest first */
	size_t nparked;
};

/* Is this socket inode the program's end of one of ours? */
bool nlsock_is_virtual(ino_t ino);
/* Every socket of ours, i = 0, 1, ... until NULL (live_socks.c shows the
 * ones the sandbox holds in /proc/net/netlink and netlink_diag). */
struct nlsock *nlsock_at(size_t i);
/* Messages were queued on s by another socket's request: signal readiness
 * and complete its blocked readers. */
void nlsock_wake(struct nlsock *s);
/* Multicast a NETLINK_ROUTE request's notifications (netlink_mcast.c): from is
 * the requesting socket; after the request, nl_mcast_flush wakes every
 * socket that received one. */
struct nl_mcast;
void nl_mcast_init(struct nl_mcast *mc, struct nlsock *from);
void nl_mcast_flush(struct nlsock *from);
/* The sink for changes made outside netlink (ioctls); nl_mcast_flush(NULL)
 * after the change wakes the sockets that received something. */
struct vn_events *nl_mcast_events(void);

/* Shared by the socket calls (netlink.c) and sending and receiving
 * (netlink_io.c). */
struct sockaddr_nl;
/* Bind to a free port id, as the kernel does on first use. */
void nlsock_autobind(struct nlsock *s);
/* The token byte on the pair follows whether messages are queued. */
void nlsock_token_sync(struct vcall *c, int fd, struct nlsock *s);
/* A struct sockaddr_nl from the program: 0, or -errno. */
int nlsock_read_addr(struct vcall *c, uint64_t addr, uint64_t len, struct sockaddr_nl *out);
/* The operations of nlsock_vfd_ops that send and receive
 * (netlink_io.c). */
void nl_sendto(struct vcall *c, struct vfd_obj *v);
void nl_write(struct vcall *c, struct vfd_obj *v);
void nl_writev(struct vcall *c, struct vfd_obj *v);
void nl_sendmsg(struct vcall *c, struct vfd_obj *v);
void nl_sendmmsg(struct vcall *c, struct vfd_obj *v);
void nl_recvfrom(struct vcall *c, struct vfd_obj *v);
void nl_recvmsg(struct vcall *c, struct vfd_obj *v);
void nl_recvmmsg(struct vcall *c, struct vfd_obj *v);
void nl_read(struct vcall *c, struct vfd_obj *v);
void nl_readv(struct vcall *c, struct vfd_obj *v);

#endif
