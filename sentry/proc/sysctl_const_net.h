/* The /proc/sys/net files the model serves as constants (rows of
 * sysctl_const.h, read-only: a write open is EACCES, as for an
 * unprivileged writer): X(id, file name, mode, text), per directory, as a
 * new namespace of a 6.18 kernel shows them. The per-namespace integers
 * that a write changes are sysctl_net.h's; the limits sized from memory at
 * boot are generators (proc_sys_net_limits.c).
 *
 * Not served: net.netfilter and net.bridge (modules the model's kernel has
 * not loaded, as /proc/net's netfilter files: docs/design.md), and the
 * write-only route/flush files. */
#ifndef VENEER_SYSCTL_CONST_NET_H
#define VENEER_SYSCTL_CONST_NET_H

/* the socket buffer limits are global, read-only outside init_net */
#define SYSCTL_CORE_CONSTS(X) \
	X(core_rmem_default, "rmem_default", 0444, "212992") \
	X(core_rmem_max, "rmem_max", 0444, "4194304") \
	X(core_wmem_default, "wmem_default", 0444, "212992") \
	X(core_wmem_max, "wmem_max", 0444, "4194304")

/* Congestion control as a kernel built with cubic only and the default
 * CONFIG_DEFAULT_TCP_CONG: the host's modules (bbr ...) are not the
 * model's. The fast open key is not made before a socket asks for one. */
#define SYSCTL_IPV4_CONSTS(X) \
	X(ip_local_reserved_ports, "ip_local_reserved_ports", 0644, "") \
	X(tcp_allowed_congestion_control, "tcp_allowed_congestion_control", 0444, "reno cubic") \
	X(tcp_available_congestion_control, "tcp_available_congestion_control", 0444, "reno cubic") \
	X(tcp_congestion_control, "tcp_congestion_control", 0644, "cubic") \
	X(tcp_fastopen_key, "tcp_fastopen_key", 0600, "00000000-00000000-00000000-00000000") \
	X(xfrm4_gc_thresh, "xfrm4_gc_thresh", 0644, "32768")

#define SYSCTL_IPV6_CONSTS(X) \
	X(ioam6_id_wide, "ioam6_id_wide", 0644, "72057594037927935") \
	X(xfrm6_gc_thresh, "xfrm6_gc_thresh", 0644, "32768")

#define SYSCTL_ROUTE4_CONSTS(X) \
	X(rt4_min_adv_mss, "min_adv_mss", 0644, "256") \
	X(rt4_min_pmtu, "min_pmtu", 0644, "552") \
	X(rt4_mtu_expires, "mtu_expires", 0644, "600")

#define SYSCTL_ROUTE6_CONSTS(X) \
	X(rt6_gc_elasticity, "gc_elasticity", 0644, "9") \
	X(rt6_gc_interval, "gc_interval", 0644, "30") \
	X(rt6_gc_min_interval, "gc_min_interval", 0644, "0") \
	X(rt6_gc_min_interval_ms, "gc_min_interval_ms", 0644, "500") \
	X(rt6_gc_thresh, "gc_thresh", 0644, "1024") \
	X(rt6_gc_timeout, "gc_timeout", 0644, "60") \
	X(rt6_max_size, "max_size", 0644, "2147483647") \
	X(rt6_min_adv_mss, "min_adv_mss", 0644, "1220") \
	X(rt6_mtu_expires, "mtu_expires", 0644, "600") \
	X(rt6_skip_notify_on_dev_down, "skip_notify_on_dev_down", 0644, "0")

#define SYSCTL_ICMP6_CONSTS(X) \
	X(icmp6_echo_ignore_all, "echo_ignore_all", 0644, "0") \
	X(icmp6_echo_ignore_anycast, "echo_ignore_anycast", 0644, "0") \
	X(icmp6_echo_ignore_multicast, "echo_ignore_multicast", 0644, "0") \
	X(icmp6_error_anycast_as_unicast, "error_anycast_as_unicast", 0644, "0") \
	X(icmp6_ratelimit, "ratelimit", 0644, "100") \
	X(icmp6_ratemask, "ratemask", 0644, "0-1,3-127")

#define SYSCTL_UNIX_CONSTS(X) \
	X(unix_max_dgram_qlen, "max_dgram_qlen", 0644, "10")

/* neigh/<link>/ (neigh_sysctl_register): a new namespace has a table per
 * link and no "default" (that one is init_net's). base_reachable_time and
 * retrans_time are the same values in seconds and in clock ticks (USER_HZ
 * for IPv4, HZ = 250 for IPv6's ndisc handler); sysctl(8) hides them. */
#define SYSCTL_NEIGH4_CONSTS(X) \
	X(n4_base_reachable_time, "base_reachable_time", 0644, "30") \
	X(n4_retrans_time, "retrans_time", 0644, "100") \
	X(n4_anycast_delay, "anycast_delay", 0644, "100") \
	X(n4_app_solicit, "app_solicit", 0644, "0") \
	X(n4_base_reachable_time_ms, "base_reachable_time_ms", 0644, "30000") \
	X(n4_delay_first_probe_time, "delay_first_probe_time", 0644, "5") \
	X(n4_gc_stale_time, "gc_stale_time", 0644, "60") \
	X(n4_interval_probe_time_ms, "interval_probe_time_ms", 0644, "5000") \
	X(n4_locktime, "locktime", 0644, "100") \
	X(n4_mcast_resolicit, "mcast_resolicit", 0644, "0") \
	X(n4_mcast_solicit, "mcast_solicit", 0644, "3") \
	X(n4_proxy_delay, "proxy_delay", 0644, "80") \
	X(n4_proxy_qlen, "proxy_qlen", 0644, "64") \
	X(n4_retrans_time_ms, "retrans_time_ms", 0644, "1000") \
	X(n4_ucast_solicit, "ucast_solicit", 0644, "3") \
	X(n4_unres_qlen, "unres_qlen", 0644, "101") \
	X(n4_unres_qlen_bytes, "unres_qlen_bytes", 0644, "212992")

#define SYSCTL_NEIGH6_CONSTS(X) \
	X(n6_base_reachable_time, "base_reachable_time", 0644, "30") \
	X(n6_retrans_time, "retrans_time", 0644, "250") \
	X(n6_anycast_delay, "anycast_delay", 0644, "100") \
	X(n6_app_solicit, "app_solicit", 0644, "0") \
	X(n6_base_reachable_time_ms, "base_reachable_time_ms", 0644, "30000") \
	X(n6_delay_first_probe_time, "delay_first_probe_time", 0644, "5") \
	X(n6_gc_stale_time, "gc_stale_time", 0644, "60") \
	X(n6_interval_probe_time_ms, "interval_probe_time_ms", 0644, "5000") \
	X(n6_locktime, "locktime", 0644, "0") \
	X(n6_mcast_resolicit, "mcast_resolicit", 0644, "0") \
	X(n6_mcast_solicit, "mcast_solicit", 0644, "3") \
	X(n6_proxy_delay, "proxy_delay", 0644, "80") \
	X(n6_proxy_qlen, "proxy_qlen", 0644, "64") \
	X(n6_retrans_time_ms, "retrans_time_ms", 0644, "1000") \
	X(n6_ucast_solicit, "ucast_solicit", 0644, "3") \
	X(n6_unres_qlen, "unres_qlen", 0644, "101") \
	X(n6_unres_qlen_bytes, "unres_qlen_bytes", 0644, "212992")


/* CONFIG_MPTCP (VN_K_MPTCP) */
#define SYSCTL_MPTCP_CONSTS(X) \
	X(mptcp_add_addr_timeout, "add_addr_timeout", 0644, "120") \
	X(mptcp_allow_join_initial_addr_port, "allow_join_initial_addr_port", 0644, "1") \
	X(mptcp_available_path_managers, "available_path_managers", 0444, "kernel userspace") \
	X(mptcp_available_schedulers, "available_schedulers", 0444, "default") \
	X(mptcp_blackhole_timeout, "blackhole_timeout", 0644, "3600") \
	X(mptcp_checksum_enabled, "checksum_enabled", 0644, "0") \
	X(mptcp_close_timeout, "close_timeout", 0644, "60") \
	X(mptcp_enabled, "enabled", 0644, "1") \
	X(mptcp_path_manager, "path_manager", 0644, "kernel") \
	X(mptcp_pm_type, "pm_type", 0644, "0") \
	X(mptcp_scheduler, "scheduler", 0644, "default") \
	X(mptcp_stale_loss_cnt, "stale_loss_cnt", 0644, "4") \
	X(mptcp_syn_retrans_before_tcp_fallback, "syn_retrans_before_tcp_fallback", 0644, "2")

#define SYSCTL_NET_CONSTS(X) \
	SYSCTL_CORE_CONSTS(X) SYSCTL_IPV4_CONSTS(X) SYSCTL_IPV6_CONSTS(X) \
	SYSCTL_ROUTE4_CONSTS(X) SYSCTL_ROUTE6_CONSTS(X) SYSCTL_ICMP6_CONSTS(X) \
	SYSCTL_UNIX_CONSTS(X) SYSCTL_NEIGH4_CONSTS(X) SYSCTL_NEIGH6_CONSTS(X) \
	SYSCTL_MPTCP_CONSTS(X)

#endif
