/* /proc/sys/kernel (and the small abi, debug, dev directories) as a
 * freshly booted 6.18 x86_64 kernel shows them, values that do not depend
 * on the machine: X(id, file name, mode, text), per directory, rows of
 * sysctl_const.h (served read-only: a write open is EACCES, as for an
 * unprivileged writer; the model keeps none of these settings). The rows
 * that do depend on the machine are generators (proc_sys_boot.c):
 * panic and printk (the command line), watchdog_cpumask (the CPUs),
 * ns_last_pid (the sandbox). Left out: what a kernel patched beyond
 * mainline adds (init_private*, sched_vcpu_pack, core_modes/).
 *
 * Facts of the machine the model is (a QEMU guest, as proc_system.c's):
 * bootloader_type 0xb0 (QEMU's), nmi_watchdog read-only 0 (no PMU NMI in a
 * guest), one NUMA node (numa_balancing 0). cad_pid is 0: init of the
 * namespace the kernel booted is not in the sandbox's pid namespace.
 * Build defaults are those of the kernel captured (dmesg_restrict 1,
 * perf_event_paranoid 2, unprivileged_bpf_disabled 2, HZ-derived 100 ms
 * sched_rr_timeslice_ms). */
#ifndef VENEER_SYSCTL_KERNEL_H
#define VENEER_SYSCTL_KERNEL_H

#define SYSCTL_KERNEL_SETTINGS(X) \
	X(acct, "acct", 0644, "4\t2\t30") \
	X(arch, "arch", 0444, "x86_64") \
	X(auto_msgmni, "auto_msgmni", 0644, "0") \
	X(bootloader_type, "bootloader_type", 0444, "176") \
	X(bootloader_version, "bootloader_version", 0444, "0") \
	X(bpf_stats_enabled, "bpf_stats_enabled", 0644, "0") \
	X(core_file_note_size_limit, "core_file_note_size_limit", 0644, "4194304") \
	X(core_pattern, "core_pattern", 0644, "core") \
	X(core_pipe_limit, "core_pipe_limit", 0644, "0") \
	X(core_sort_vma, "core_sort_vma", 0644, "0") \
	X(core_uses_pid, "core_uses_pid", 0644, "0") \
	X(cad_pid, "cad_pid", 0600, "0") \
	X(ctrl_alt_del, "ctrl-alt-del", 0644, "1") \
	X(dmesg_restrict, "dmesg_restrict", 0644, "1") \
	X(ftrace_dump_on_oops, "ftrace_dump_on_oops", 0644, "0") \
	X(ftrace_enabled, "ftrace_enabled", 0644, "1") \
	X(hardlockup_all_cpu_backtrace, "hardlockup_all_cpu_backtrace", 0644, "0") \
	X(hardlockup_panic, "hardlockup_panic", 0644, "0") \
	X(hung_task_all_cpu_backtrace, "hung_task_all_cpu_backtrace", 0644, "0") \
	X(hung_task_check_count, "hung_task_check_count", 0644, "4194304") \
	X(hung_task_check_interval_secs, "hung_task_check_interval_secs", 0644, "0") \
	X(hung_task_detect_count, "hung_task_detect_count", 0444, "0") \
	X(hung_task_panic, "hung_task_panic", 0644, "0") \
	X(hung_task_timeout_secs, "hung_task_timeout_secs", 0644, "120") \
	X(hung_task_warnings, "hung_task_warnings", 0644, "10") \
	X(io_delay_type, "io_delay_type", 0644, "0") \
	X(io_uring_disabled, "io_uring_disabled", 0644, "0") \
	X(io_uring_group, "io_uring_group", 0644, "-1") \
	X(kptr_restrict, "kptr_restrict", 0644, "0") \
	X(max_lock_depth, "max_lock_depth", 0644, "1024") \
	X(max_rcu_stall_to_panic, "max_rcu_stall_to_panic", 0644, "0") \
	X(msg_next_id, "msg_next_id", 0444, "-1") \
	X(msgmax, "msgmax", 0644, "8192") \
	X(msgmnb, "msgmnb", 0644, "16384") \
	X(msgmni, "msgmni", 0644, "32000") \
	X(nmi_watchdog, "nmi_watchdog", 0444, "0") \
	X(numa_balancing, "numa_balancing", 0644, "0") \
	X(numa_balancing_promote_rate_limit_MBps, "numa_balancing_promote_rate_limit_MBps", 0644, "65536") \
	X(oops_all_cpu_backtrace, "oops_all_cpu_backtrace", 0644, "0") \
	X(oops_limit, "oops_limit", 0644, "10000") \
	X(panic_on_io_nmi, "panic_on_io_nmi", 0644, "0") \
	X(panic_on_oops, "panic_on_oops", 0644, "0") \
	X(panic_on_rcu_stall, "panic_on_rcu_stall", 0644, "0") \
	X(panic_on_unrecovered_nmi, "panic_on_unrecovered_nmi", 0644, "0") \
	X(panic_on_warn, "panic_on_warn", 0644, "0") \
	X(panic_print, "panic_print", 0644, "0") \
	X(panic_sys_info, "panic_sys_info", 0644, "") \
	X(perf_cpu_time_max_percent, "perf_cpu_time_max_percent", 0644, "25") \
	X(perf_event_max_contexts_per_stack, "perf_event_max_contexts_per_stack", 0644, "8") \
	X(perf_event_max_sample_rate, "perf_event_max_sample_rate", 0644, "100000") \
	X(perf_event_max_stack, "perf_event_max_stack", 0644, "127") \
	X(perf_event_mlock_kb, "perf_event_mlock_kb", 0644, "516") \
	X(perf_event_paranoid, "perf_event_paranoid", 0644, "2") \
	X(poweroff_cmd, "poweroff_cmd", 0644, "/sbin/poweroff") \
	X(print_fatal_signals, "print-fatal-signals", 0644, "0") \
	X(printk_delay, "printk_delay", 0644, "0") \
	X(printk_devkmsg, "printk_devkmsg", 0644, "ratelimit") \
	X(printk_ratelimit, "printk_ratelimit", 0644, "5") \
	X(printk_ratelimit_burst, "printk_ratelimit_burst", 0644, "10") \
	X(randomize_va_space, "randomize_va_space", 0644, "2") \
	X(real_root_dev, "real-root-dev", 0644, "0") \
	X(sched_autogroup_enabled, "sched_autogroup_enabled", 0644, "1") \
	X(sched_cfs_bandwidth_slice_us, "sched_cfs_bandwidth_slice_us", 0644, "5000") \
	X(sched_deadline_period_max_us, "sched_deadline_period_max_us", 0644, "4194304") \
	X(sched_deadline_period_min_us, "sched_deadline_period_min_us", 0644, "100") \
	X(sched_rr_timeslice_ms, "sched_rr_timeslice_ms", 0644, "100") \
	X(sched_rt_period_us, "sched_rt_period_us", 0644, "1000000") \
	X(sched_rt_runtime_us, "sched_rt_runtime_us", 0644, "950000") \
	X(sem, "sem", 0644, "32000\t1024000000\t500\t32000") \
	X(sem_next_id, "sem_next_id", 0444, "-1") \
	X(shm_next_id, "shm_next_id", 0444, "-1") \
	X(shm_rmid_forced, "shm_rmid_forced", 0644, "0") \
	X(shmall, "shmall", 0644, "18446744073692774399") \
	X(shmmax, "shmmax", 0644, "18446744073692774399") \
	X(shmmni, "shmmni", 0644, "4096") \
	X(soft_watchdog, "soft_watchdog", 0644, "1") \
	X(softlockup_all_cpu_backtrace, "softlockup_all_cpu_backtrace", 0644, "0") \
	X(softlockup_panic, "softlockup_panic", 0644, "0") \
	X(split_lock_mitigate, "split_lock_mitigate", 0644, "1") \
	X(sysctl_writes_strict, "sysctl_writes_strict", 0644, "1") \
	X(tainted, "tainted", 0644, "0") \
	X(task_delayacct, "task_delayacct", 0644, "0") \
	X(timer_migration, "timer_migration", 0644, "1") \
	X(traceoff_on_warning, "traceoff_on_warning", 0644, "0") \
	X(tracepoint_printk, "tracepoint_printk", 0644, "0") \
	X(unknown_nmi_panic, "unknown_nmi_panic", 0644, "0") \
	X(unprivileged_bpf_disabled, "unprivileged_bpf_disabled", 0644, "2") \
	X(warn_limit, "warn_limit", 0644, "0") \
	X(watchdog, "watchdog", 0644, "1") \
	X(watchdog_thresh, "watchdog_thresh", 0644, "10")

/* security/keys/sysctl.c */
#define SYSCTL_KEYS_CONSTS(X) \
	X(keys_gc_delay, "gc_delay", 0644, "300") \
	X(keys_maxbytes, "maxbytes", 0644, "20000") \
	X(keys_maxkeys, "maxkeys", 0644, "200") \
	X(keys_persistent_keyring_expiry, "persistent_keyring_expiry", 0644, "259200") \
	X(keys_root_maxbytes, "root_maxbytes", 0644, "25000000") \
	X(keys_root_maxkeys, "root_maxkeys", 0644, "1000000")

/* drivers/tty/pty.c: nr counts the ptys open, none in the model */
#define SYSCTL_PTY_CONSTS(X) \
	X(pty_max, "max", 0644, "4096") \
	X(pty_nr, "nr", 0444, "0") \
	X(pty_reserve, "reserve", 0644, "1024")

#define SYSCTL_SECCOMP_CONSTS(X) \
	X(seccomp_actions_avail, "actions_avail", 0444, "kill_process kill_thread trap errno user_notif trace log allow") \
	X(seccomp_actions_logged, "actions_logged", 0644, "kill_process kill_thread trap errno user_notif trace log")

/* kernel/umh.c: CAP_FULL_SET as two 32-bit words (41 capabilities) */
#define SYSCTL_UMH_CONSTS(X) \
	X(umh_bset, "bset", 0600, "4294967295\t511") \
	X(umh_inheritable, "inheritable", 0600, "4294967295\t511")

#define SYSCTL_FIRMWARE_CONSTS(X) \
	X(fw_force_sysfs_fallback, "force_sysfs_fallback", 0644, "0") \
	X(fw_ignore_sysfs_fallback, "ignore_sysfs_fallback", 0644, "0")

/* /proc/sys/dev/tty */
#define SYSCTL_TTY_CONSTS(X) \
	X(tty_ldisc_autoload, "ldisc_autoload", 0644, "1") \
	X(tty_legacy_tiocsti, "legacy_tiocsti", 0644, "1")

/* /proc/sys/abi (x86 CONFIG_IA32_EMULATION) */
#define SYSCTL_ABI_CONSTS(X) \
	X(abi_vsyscall32, "vsyscall32", 0644, "1")

/* /proc/sys/debug (x86) */
#define SYSCTL_DEBUG_CONSTS(X) \
	X(debug_exception_trace, "exception-trace", 0644, "1")

#define SYSCTL_KERNEL_ALL(X) \
	SYSCTL_KERNEL_SETTINGS(X) SYSCTL_KEYS_CONSTS(X) SYSCTL_PTY_CONSTS(X) \
	SYSCTL_SECCOMP_CONSTS(X) SYSCTL_UMH_CONSTS(X) SYSCTL_FIRMWARE_CONSTS(X) \
	SYSCTL_TTY_CONSTS(X) SYSCTL_ABI_CONSTS(X) SYSCTL_DEBUG_CONSTS(X)

#endif
