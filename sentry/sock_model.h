/* The model's socket table: what /proc/net/{tcp,udp,unix,...} and
 * NETLINK_SOCK_DIAG show.
 *
 * Two sources fill it: the scenario's "sockets" (fixed), then the live
 * sockets of the sandbox's own tasks, which the supervisor refreshes from the
 * host before each read (intercept/host/live_socks.c). A live socket keeps the
 * attributes of the host's diag answer for it (`attrs`), so the extensions a
 * client asks for (tcp_info, meminfo, congestion, ...) are Linux's own bytes
 * for that socket; a scenario socket has none and gets what a fresh socket
 * of its kind reports.
 *
 * Addresses are network byte order (IPv4 in the first 4 bytes), ports host
 * order, as /proc/net prints them after ntohs.
 */
#ifndef VENEER_SOCK_MODEL_H
#define VENEER_SOCK_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VN_UNIX_PATH_MAX 108

struct vn_socket {
	uint8_t family;           /* AF_INET, AF_INET6, AF_UNIX, AF_NETLINK */
	uint8_t protocol;         /* IPPROTO_TCP/UDP/UDPLITE/RAW (inet), NETLINK_* */
	uint8_t type;             /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW */
	uint8_t state;            /* TCP_* as the kernel keeps sk_state; netlink: 1 connected */
	uint8_t shutdown;
	uint8_t timer, retrans;   /* idiag_timer / idiag_retrans */
	uint32_t expires;         /* ms */
	uint32_t rqueue, wqueue;  /* idiag_rqueue / idiag_wqueue */
	uint32_t uid;
	uint32_t ino;
	uint32_t cookie[2];
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	uint32_t ifindex;
	/* unix: the bound name as sun_path holds it (abstract: leading NUL),
	 * path_len bytes (0 = unbound); the peer's inode */
	char path[VN_UNIX_PATH_MAX];
	uint8_t path_len;
	uint32_t peer_ino;
	/* /proc/net/tcp's trailing columns (tcp_info): clock ticks */
	uint32_t rto, ato, cwnd, probes;
	int32_t ssthresh;         /* -1 in initial slow start; listeners: fastopen qlen */
	uint32_t drops;           /* udp/raw: sk_drops */
	/* netlink (family AF_NETLINK, protocol NETLINK_*): the port id (0 for
	 * the kernel's socket of the protocol), the address connect() named,
	 * the first 64 groups (groups_len 0 while the kernel has no group
	 * bitmap for it, else NLGRPSZ bytes), NDIAG_FLAG_*, and the memory
	 * figures sock_diag shows: queued (rmem), rcvbuf, sndbuf as the kernel
	 * keeps them. dump_alloc is the skb size netlink_dump would allocate
	 * for this reader now (its rmem grows by that while a dump fills). */
	uint32_t portid, dst_portid, dst_group;
	uint64_t groups;
	uint8_t groups_len;
	uint32_t nl_flags;
	uint32_t rmem, rcvbuf, sndbuf, dump_alloc;
	/* The attributes of the host's diag reply for this socket (in the
	 * kernel's order), NULL for a scenario socket. */
	uint8_t *attrs;
	uint32_t attrs_len;
};

struct vn_model;

/* Append a copy (attrs copied too). */
struct vn_socket *vn_model_add_socket(struct vn_model *m, const struct vn_socket *s);
/* Drop the live sockets (everything after the scenario's), keep the rest. */
void vn_model_clear_live_sockets(struct vn_model *m);
/* The scenario's sockets end here; those added later are live. */
void vn_model_mark_scenario_sockets(struct vn_model *m);
void vn_model_free_sockets(struct vn_model *m);
/* skb->truesize of an skb of `size` bytes of data, as sk_rmem_alloc
 * counts it (netlink's Rmem / sock_diag's rmem_alloc). */
uint32_t vn_skb_truesize(uint32_t size);

/* Kernel names (TCP_ESTABLISHED = 1 ... TCP_NEW_SYN_RECV = 12). */
enum {
	VN_TCP_ESTABLISHED = 1, VN_TCP_SYN_SENT, VN_TCP_SYN_RECV, VN_TCP_FIN_WAIT1,
	VN_TCP_FIN_WAIT2, VN_TCP_TIME_WAIT, VN_TCP_CLOSE, VN_TCP_CLOSE_WAIT,
	VN_TCP_LAST_ACK, VN_TCP_LISTEN, VN_TCP_CLOSING, VN_TCP_NEW_SYN_RECV,
};

#endif
