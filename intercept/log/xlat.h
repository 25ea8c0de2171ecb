/* Symbolic constants for the log, as strace's xlat tables: a table is a
 * list of (value, name) rows, and every row is written XLAT(NAME) so the
 * compiler takes the value from the installed kernel uapi (and libc)
 * headers — no number in these tables is copied by hand. */
#ifndef VENEER_XLAT_H
#define VENEER_XLAT_H

#include <stddef.h>
#include <stdint.h>

struct xlat_row {
	uint64_t val;
	const char *name;
};

struct xlat {
	const struct xlat_row *rows;
	size_t n;
	const char *unknown;   /* "IFLA_???": the comment strace prints for a value it lacks
				* (NULL: none) */
};

#define XLAT(name) { (uint64_t)(name), #name }
#define XLAT_TABLE(var, unk, ...)                                                     \
	static const struct xlat_row var##_rows[] = { __VA_ARGS__ };                  \
	const struct xlat var = { var##_rows, sizeof(var##_rows) / sizeof(var##_rows[0]), unk }

/* The name of v, or NULL. */
const char *xlat_name(const struct xlat *x, uint64_t v);

extern const struct xlat xl_open_access, xl_open_flags, xl_at_flags, xl_access_mode,
	xl_address_families, xl_socket_types, xl_socket_type_flags, xl_netlink_protocols,
	xl_ip_protocols, xl_socket_levels, xl_sockopt_socket, xl_sockopt_netlink, xl_msg_flags,
	xl_seek_whence, xl_ioctls, xl_iff_flags, xl_nlmsg_types, xl_nlmsg_flags_get,
	xl_nlmsg_flags_new, xl_nlmsg_flags_base, xl_nlmsg_flags_ack, xl_arphrd, xl_rt_scope,
	xl_ifa_flags, xl_rtm_table, xl_rtm_protocol, xl_rtm_type, xl_rtm_flags, xl_nud_states,
	xl_neigh_flags, xl_rtext_filter,
	xl_file_types, xl_statx_mask, xl_resolve_flags, xl_signals, xl_nlmsg_flags_del,
	xl_sock_diag_types, xl_tcp_states, xl_tcp_state_flags, xl_inet_diag_ext,
	xl_unix_diag_show, xl_netlink_diag_show, xl_netlink_socket_flags, xl_netlink_states,
	xl_shutdown, xl_sk_meminfo, xl_inet_diag_bc, xl_xdp_attached, xl_xdp_flags;

#endif
