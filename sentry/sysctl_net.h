/* The per-namespace sysctls of net/core, net/ipv4 and net/ipv6 that veneer
 * serves (the per-device ones are devconf.h): one row each, in name order
 * per directory (Linux lists a sysctl directory sorted by name), with the
 * value a new network namespace of a 6.18 kernel shows. Settings a fresh
 * namespace inherits from what the kernel sized at boot (buffer sizes,
 * hash tables) are generators of the model's memory
 * (proc/proc_sys_net_limits.c); the strings and read-only files are
 * proc/sysctl_const_net.h's. */
#ifndef VENEER_SYSCTL_NET_H
#define VENEER_SYSCTL_NET_H

#include <stdint.h>

struct vn_model;

enum sysctl_kind {
	SK_INT,     /* proc_dointvec(_minmax) */
	SK_UINT,    /* proc_douintvec / proc_doulongvec: printed unsigned */
	SK_PAIR,    /* two ints, printed "a\tb" (ip_local_port_range, ping_group_range) */
};

/* an int row (the X of the list is passed on), with a range */
#define SNI(X, n, d) X(n, 0644, SK_INT, d, 0, 1, 0)
#define SNR(X, n, d, lo, hi) X(n, 0644, SK_INT, d, 0, lo, hi)

/* X(name, mode, kind, value, second value, min, max) */
#define SYSCTL_CORE_ROWS(X) \
	SNI(X, optmem_max, 131072) SNR(X, somaxconn, 4096, 0, 2147483647) SNI(X, tstamp_allow_data, 1) \
	SNR(X, txrehash, 1, 0, 1) SNI(X, xfrm_acq_expires, 30) SNI(X, xfrm_aevent_etime, 10) \
	SNI(X, xfrm_aevent_rseqth, 2) SNI(X, xfrm_larval_drop, 1)

/* ip_forward is conf/all/forwarding (devconf.h), served beside these. */
#define SYSCTL_IPV4_ROWS(X) \
	SNI(X, fib_multipath_hash_policy, 0) SNI(X, fib_multipath_use_neigh, 0) SNI(X, fwmark_reflect, 0) \
	SNI(X, icmp_echo_enable_probe, 0) SNI(X, icmp_echo_ignore_all, 0) \
	SNI(X, icmp_echo_ignore_broadcasts, 1) SNI(X, icmp_errors_use_inbound_ifaddr, 0) \
	SNI(X, icmp_ignore_bogus_error_responses, 1) SNI(X, icmp_msgs_burst, 50) \
	SNI(X, icmp_msgs_per_sec, 1000) SNI(X, icmp_ratelimit, 1000) SNI(X, icmp_ratemask, 6168) \
	SNI(X, igmp_link_local_mcast_reports, 1) SNI(X, igmp_max_memberships, 20) SNI(X, igmp_max_msf, 10) \
	SNI(X, igmp_qrv, 2) SNI(X, ip_autobind_reuse, 0) SNR(X, ip_default_ttl, 64, 1, 255) SNI(X, ip_dynaddr, 0) \
	SNI(X, ip_early_demux, 1) SNI(X, ip_forward_update_priority, 1) SNI(X, ip_forward_use_pmtu, 0) \
	X(ip_local_port_range, 0644, SK_PAIR, 32768, 60999, 1, 65535) SNI(X, ip_no_pmtu_disc, 0) \
	SNI(X, ip_nonlocal_bind, 0) SNR(X, ip_unprivileged_port_start, 1024, 0, 65535) \
	SNI(X, ipfrag_high_thresh, 4194304) SNI(X, ipfrag_low_thresh, 3145728) SNI(X, ipfrag_max_dist, 64) \
	SNI(X, ipfrag_time, 30) SNI(X, nexthop_compat_mode, 1) \
	X(ping_group_range, 0644, SK_PAIR, 1, 0, 0, 2147483647) SNI(X, raw_l3mdev_accept, 1) \
	SNI(X, tcp_abort_on_overflow, 0) SNI(X, tcp_adv_win_scale, 1) SNI(X, tcp_app_win, 31) \
	SNI(X, tcp_autocorking, 1) SNI(X, tcp_base_mss, 1024) SNI(X, tcp_dsack, 1) SNI(X, tcp_early_retrans, 3) \
	SNI(X, tcp_ecn, 2) SNI(X, tcp_ecn_fallback, 1) SNI(X, tcp_fastopen, 1) SNI(X, tcp_fin_timeout, 60) \
	SNI(X, tcp_frto, 2) SNI(X, tcp_fwmark_accept, 0) SNI(X, tcp_invalid_ratelimit, 500) \
	SNI(X, tcp_keepalive_intvl, 75) SNI(X, tcp_keepalive_probes, 9) SNI(X, tcp_keepalive_time, 7200) \
	SNI(X, tcp_l3mdev_accept, 0) SNI(X, tcp_max_reordering, 300) SNI(X, tcp_min_snd_mss, 48) \
	SNI(X, tcp_min_tso_segs, 2) SNI(X, tcp_moderate_rcvbuf, 1) SNI(X, tcp_mtu_probe_floor, 48) \
	SNI(X, tcp_mtu_probing, 0) SNI(X, tcp_no_metrics_save, 0) \
	X(tcp_notsent_lowat, 0644, SK_UINT, 4294967295, 0, 0, 4294967295) \
	SNI(X, tcp_orphan_retries, 0) SNI(X, tcp_probe_interval, 600) SNI(X, tcp_probe_threshold, 8) \
	SNI(X, tcp_recovery, 1) SNI(X, tcp_reflect_tos, 0) SNI(X, tcp_reordering, 3) SNI(X, tcp_retrans_collapse, 1) \
	SNI(X, tcp_retries1, 3) SNI(X, tcp_retries2, 15) SNI(X, tcp_rfc1337, 0) SNI(X, tcp_sack, 1) \
	SNI(X, tcp_slow_start_after_idle, 1) SNI(X, tcp_stdurg, 0) SNI(X, tcp_syn_retries, 6) \
	SNI(X, tcp_synack_retries, 5) SNI(X, tcp_syncookies, 1) SNI(X, tcp_thin_linear_timeouts, 0) \
	SNI(X, tcp_timestamps, 1) SNI(X, tcp_tw_reuse, 2) SNI(X, tcp_window_scaling, 1) \
	SNI(X, tcp_workaround_signed_windows, 0) SNI(X, udp_early_demux, 1) SNI(X, udp_l3mdev_accept, 0) \
	SNI(X, udp_rmem_min, 4096) SNI(X, udp_wmem_min, 4096) SYSCTL_IPV4_MORE_ROWS(X)

#define SNU(X, n, d) X(n, 0644, SK_UINT, d, 0, 1, 0)
/* later additions (6.x) to net.ipv4, same rules */
#define SYSCTL_IPV4_MORE_ROWS(X) \
	SNI(X, fib_multipath_hash_fields, 7) SNU(X, fib_multipath_hash_seed, 0) \
	SNI(X, fib_notify_on_flag_change, 0) SNI(X, tcp_backlog_ack_defer, 1) \
	SNI(X, tcp_challenge_ack_limit, 2147483647) SNI(X, tcp_child_ehash_entries, 0) \
	SNU(X, tcp_comp_sack_delay_ns, 1000000) SNI(X, tcp_comp_sack_nr, 44) \
	SNU(X, tcp_comp_sack_slack_ns, 100000) SNI(X, tcp_early_demux, 1) SNI(X, tcp_ecn_option, 2) \
	SNI(X, tcp_ecn_option_beacon, 3) SNI(X, tcp_fack, 0) SNI(X, tcp_fastopen_blackhole_timeout_sec, 0) \
	SNI(X, tcp_limit_output_bytes, 4194304) SNI(X, tcp_migrate_req, 0) SNI(X, tcp_min_rtt_wlen, 300) \
	SNI(X, tcp_no_ssthresh_metrics_save, 1) SNI(X, tcp_pacing_ca_ratio, 120) \
	SNI(X, tcp_pacing_ss_ratio, 200) SNI(X, tcp_pingpong_thresh, 1) SNI(X, tcp_plb_cong_thresh, 128) \
	SNI(X, tcp_plb_enabled, 0) SNI(X, tcp_plb_idle_rehash_rounds, 3) SNI(X, tcp_plb_rehash_rounds, 12) \
	SNI(X, tcp_plb_suspend_rto_sec, 60) SNI(X, tcp_rto_max_ms, 120000) SNI(X, tcp_rto_min_us, 200000) \
	SNI(X, tcp_shrink_window, 0) SNI(X, tcp_syn_linear_timeouts, 4) SNI(X, tcp_tso_rtt_log, 9) \
	SNI(X, tcp_tso_win_divisor, 3) SNI(X, tcp_tw_reuse_delay, 1000) SNI(X, udp_child_hash_entries, 0)

#define SYSCTL_IPV6_ROWS(X) \
	SNI(X, anycast_src_echo_reply, 0) SNI(X, auto_flowlabels, 1) SNI(X, bindv6only, 0) \
	SNI(X, fib_multipath_hash_policy, 0) SNI(X, flowlabel_consistency, 1) SNI(X, flowlabel_reflect, 0) \
	SNI(X, flowlabel_state_ranges, 0) SNI(X, fwmark_reflect, 0) SNI(X, idgen_delay, 1) SNI(X, idgen_retries, 3) \
	SNI(X, ip6frag_high_thresh, 4194304) SNI(X, ip6frag_low_thresh, 3145728) SNI(X, ip6frag_time, 60) \
	SNI(X, ip_nonlocal_bind, 0) SNI(X, max_dst_opts_length, 2147483647) SNI(X, max_dst_opts_number, 8) \
	SNI(X, max_hbh_length, 2147483647) SNI(X, max_hbh_opts_number, 8) SNI(X, seg6_flowlabel, 0) \
	SNI(X, fib_multipath_hash_fields, 7) SNI(X, fib_notify_on_flag_change, 0) \
	SNR(X, ioam6_id, 16777215, 0, 16777215)

#define SYSCTL_ENUM_CORE(n, ...) SN_core_##n,
#define SYSCTL_ENUM_IPV4(n, ...) SN_ipv4_##n,
#define SYSCTL_ENUM_IPV6(n, ...) SN_ipv6_##n,
enum {
	SYSCTL_CORE_ROWS(SYSCTL_ENUM_CORE)
	SYSCTL_IPV4_ROWS(SYSCTL_ENUM_IPV4)
	SYSCTL_IPV6_ROWS(SYSCTL_ENUM_IPV6)
	SN_N
};

struct sysctl_row {
	const char *name;
	uint8_t kind;            /* enum sysctl_kind */
	int64_t v[2];            /* a new namespace's value(s) */
	int64_t min, max;        /* accepted range of each value (min > max: any) */
};
extern const struct sysctl_row sysctl_net[SN_N];

/* The current value(s) of row r in the model. */
void sysctl_net_get(const struct vn_model *m, int r, int64_t v[2]);
/* Set after the row's checks (range, ip_local_port_range's order and
 * parity with ip_unprivileged_port_start, ping_group_range's empty
 * range). n: how many values were written (1 or 2). 0 or -EINVAL. */
int sysctl_net_set(struct vn_model *m, int r, const int64_t *v, int n);

#endif
