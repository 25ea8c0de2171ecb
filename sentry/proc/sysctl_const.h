/* The sysctls outside /proc/sys/net whose value on a freshly booted 6.18
 * kernel does not depend on the machine (those that do are generators of
 * their own in proc_sys_limits.c). X(id, file name, mode, text) per
 * directory; served read-only (a write open is EACCES, as for an
 * unprivileged user): the model keeps no such setting. Defaults are the
 * kernel's own, before any sysctl.d: systemd's fs.protected_* are not
 * applied. dentry-state, inode-nr and inode-state count the dentries and
 * inodes in use: the model has none (as file-nr counts no open file); the
 * age limit, 45 s, is the kernel's. */
#ifndef VENEER_SYSCTL_CONST_H
#define VENEER_SYSCTL_CONST_H

#include "sysctl_const_net.h"
#include "sysctl_kernel.h"

#define SYSCTL_KERNEL_CONSTS(X) \
	X(cap_last_cap, "cap_last_cap", 0444, "40") \
	X(ngroups_max, "ngroups_max", 0444, "65536") \
	X(overflowgid, "overflowgid", 0644, "65534") \
	X(overflowuid, "overflowuid", 0644, "65534")

/* drivers/char/random.c: the pool is 256 bits and, once the crng is
 * ready, always full; the two thresholds are kept for compatibility only */
#define SYSCTL_RANDOM_CONSTS(X) \
	X(entropy_avail, "entropy_avail", 0444, "256") \
	X(poolsize, "poolsize", 0444, "256") \
	X(urandom_min_reseed_secs, "urandom_min_reseed_secs", 0644, "60") \
	X(write_wakeup_threshold, "write_wakeup_threshold", 0644, "256")

#define SYSCTL_FS_CONSTS(X) \
	X(aio_max_nr, "aio-max-nr", 0644, "65536") \
	X(aio_nr, "aio-nr", 0444, "0") \
	X(dir_notify_enable, "dir-notify-enable", 0644, "1") \
	X(lease_break_time, "lease-break-time", 0644, "45") \
	X(leases_enable, "leases-enable", 0644, "1") \
	X(mount_max, "mount-max", 0644, "100000") \
	X(nr_open, "nr_open", 0644, "1048576") \
	X(fs_overflowgid, "overflowgid", 0644, "65534") \
	X(fs_overflowuid, "overflowuid", 0644, "65534") \
	X(pipe_max_size, "pipe-max-size", 0644, "1048576") \
	X(pipe_user_pages_hard, "pipe-user-pages-hard", 0644, "0") \
	X(pipe_user_pages_soft, "pipe-user-pages-soft", 0644, "16384") \
	X(protected_fifos, "protected_fifos", 0644, "0") \
	X(protected_hardlinks, "protected_hardlinks", 0644, "0") \
	X(protected_regular, "protected_regular", 0644, "0") \
	X(protected_symlinks, "protected_symlinks", 0644, "0") \
	X(suid_dumpable, "suid_dumpable", 0644, "0") \
	X(dentry_negative, "dentry-negative", 0644, "0") \
	X(dentry_state, "dentry-state", 0444, "0\t0\t45\t0\t0\t0") \
	X(inode_nr, "inode-nr", 0444, "0\t0") \
	X(inode_state, "inode-state", 0444, "0\t0\t0\t0\t0\t0\t0")

/* fs/notify/fanotify (max_user_marks is sized from memory) */
#define SYSCTL_FANOTIFY_CONSTS(X) \
	X(fanotify_max_queued_events, "max_queued_events", 0644, "16384") \
	X(fanotify_max_user_groups, "max_user_groups", 0644, "128") \
	X(fanotify_watchdog_timeout, "watchdog_timeout", 0644, "0")

/* The filesystems of the model's /proc/filesystems that have sysctls;
 * the quota counters count no quota file (the model mounts none) */
#define SYSCTL_FUSE_CONSTS(X) \
	X(fuse_default_request_timeout, "default_request_timeout", 0644, "0") \
	X(fuse_max_pages_limit, "max_pages_limit", 0644, "256") \
	X(fuse_max_request_timeout, "max_request_timeout", 0644, "0")

#define SYSCTL_XFS_CONSTS(X) \
	X(xfs_error_level, "error_level", 0644, "3") \
	X(xfs_filestream_centisecs, "filestream_centisecs", 0644, "3000") \
	X(xfs_inherit_noatime, "inherit_noatime", 0644, "1") \
	X(xfs_inherit_nodefrag, "inherit_nodefrag", 0644, "1") \
	X(xfs_inherit_nodump, "inherit_nodump", 0644, "1") \
	X(xfs_inherit_nosymlinks, "inherit_nosymlinks", 0644, "0") \
	X(xfs_inherit_sync, "inherit_sync", 0644, "1") \
	X(xfs_panic_mask, "panic_mask", 0644, "0") \
	X(xfs_rotorstep, "rotorstep", 0644, "1") \
	X(xfs_speculative_prealloc_lifetime, "speculative_prealloc_lifetime", 0644, "300") \
	X(xfs_stats_clear, "stats_clear", 0644, "0") \
	X(xfs_xfssyncd_centisecs, "xfssyncd_centisecs", 0644, "3000")

#define SYSCTL_QUOTA_CONSTS(X) \
	X(quota_allocated_dquots, "allocated_dquots", 0444, "0") \
	X(quota_cache_hits, "cache_hits", 0444, "0") \
	X(quota_drops, "drops", 0444, "0") \
	X(quota_free_dquots, "free_dquots", 0444, "0") \
	X(quota_lookups, "lookups", 0444, "0") \
	X(quota_reads, "reads", 0444, "0") \
	X(quota_syncs, "syncs", 0444, "0") \
	X(quota_writes, "writes", 0444, "0")

/* /proc/sys/user (kernel/ucount.c): the namespace limits are generators */
#define SYSCTL_USER_CONSTS(X) \
	X(user_max_fanotify_groups, "max_fanotify_groups", 0644, "128") \
	X(user_max_inotify_instances, "max_inotify_instances", 0644, "128")

#define SYSCTL_INOTIFY_CONSTS(X) \
	X(inotify_max_queued_events, "max_queued_events", 0644, "16384") \
	X(inotify_max_user_instances, "max_user_instances", 0644, "128")

/* ipc/mq_sysctl.c: per IPC namespace */
#define SYSCTL_MQUEUE_CONSTS(X) \
	X(mq_msg_default, "msg_default", 0644, "10") \
	X(mq_msg_max, "msg_max", 0644, "10") \
	X(mq_msgsize_default, "msgsize_default", 0644, "8192") \
	X(mq_msgsize_max, "msgsize_max", 0644, "8192") \
	X(mq_queues_max, "queues_max", 0644, "256")

/* mmap_min_addr is Debian's CONFIG_DEFAULT_MMAP_MIN_ADDR */
#define SYSCTL_VM_CONSTS(X) \
	X(compact_unevictable_allowed, "compact_unevictable_allowed", 0644, "1") \
	X(compaction_proactiveness, "compaction_proactiveness", 0644, "20") \
	X(defrag_mode, "defrag_mode", 0644, "0") \
	X(dirty_background_bytes, "dirty_background_bytes", 0644, "0") \
	X(dirty_background_ratio, "dirty_background_ratio", 0644, "10") \
	X(dirty_bytes, "dirty_bytes", 0644, "0") \
	X(dirty_expire_centisecs, "dirty_expire_centisecs", 0644, "3000") \
	X(dirty_ratio, "dirty_ratio", 0644, "20") \
	X(dirty_writeback_centisecs, "dirty_writeback_centisecs", 0644, "500") \
	X(dirtytime_expire_seconds, "dirtytime_expire_seconds", 0644, "43200") \
	X(extfrag_threshold, "extfrag_threshold", 0644, "500") \
	X(hugetlb_optimize_vmemmap, "hugetlb_optimize_vmemmap", 0644, "0") \
	X(hugetlb_shm_group, "hugetlb_shm_group", 0644, "0") \
	X(laptop_mode, "laptop_mode", 0644, "0") \
	X(legacy_va_layout, "legacy_va_layout", 0644, "0") \
	X(lowmem_reserve_ratio, "lowmem_reserve_ratio", 0644, "256\t256\t32\t0\t0") \
	X(max_map_count, "max_map_count", 0644, "65530") \
	X(memfd_noexec, "memfd_noexec", 0644, "0") \
	X(min_slab_ratio, "min_slab_ratio", 0644, "5") \
	X(min_unmapped_ratio, "min_unmapped_ratio", 0644, "1") \
	X(mmap_min_addr, "mmap_min_addr", 0644, "65536") \
	X(mmap_rnd_bits, "mmap_rnd_bits", 0600, "28") \
	X(mmap_rnd_compat_bits, "mmap_rnd_compat_bits", 0600, "8") \
	X(nr_hugepages, "nr_hugepages", 0644, "0") \
	X(nr_hugepages_mempolicy, "nr_hugepages_mempolicy", 0644, "0") \
	X(nr_overcommit_hugepages, "nr_overcommit_hugepages", 0644, "0") \
	X(numa_stat, "numa_stat", 0644, "1") \
	X(numa_zonelist_order, "numa_zonelist_order", 0644, "Node") \
	X(oom_dump_tasks, "oom_dump_tasks", 0644, "1") \
	X(oom_kill_allocating_task, "oom_kill_allocating_task", 0644, "0") \
	X(overcommit_kbytes, "overcommit_kbytes", 0644, "0") \
	X(overcommit_memory, "overcommit_memory", 0644, "0") \
	X(overcommit_ratio, "overcommit_ratio", 0644, "50") \
	X(page_cluster, "page-cluster", 0644, "3") \
	X(page_lock_unfairness, "page_lock_unfairness", 0644, "5") \
	X(panic_on_oom, "panic_on_oom", 0644, "0") \
	X(percpu_pagelist_high_fraction, "percpu_pagelist_high_fraction", 0644, "0") \
	X(stat_interval, "stat_interval", 0644, "1") \
	X(swappiness, "swappiness", 0644, "60") \
	X(unprivileged_userfaultfd, "unprivileged_userfaultfd", 0644, "0") \
	X(vfs_cache_pressure, "vfs_cache_pressure", 0644, "100") \
	X(vfs_cache_pressure_denom, "vfs_cache_pressure_denom", 0644, "100") \
	X(watermark_boost_factor, "watermark_boost_factor", 0644, "15000") \
	X(watermark_scale_factor, "watermark_scale_factor", 0644, "10") \
	X(zone_reclaim_mode, "zone_reclaim_mode", 0644, "0")

#define SYSCTL_CONSTS(X) \
	SYSCTL_KERNEL_CONSTS(X) SYSCTL_RANDOM_CONSTS(X) SYSCTL_FS_CONSTS(X) \
	SYSCTL_INOTIFY_CONSTS(X) SYSCTL_MQUEUE_CONSTS(X) SYSCTL_VM_CONSTS(X) \
	SYSCTL_FANOTIFY_CONSTS(X) SYSCTL_FUSE_CONSTS(X) SYSCTL_XFS_CONSTS(X) \
	SYSCTL_QUOTA_CONSTS(X) SYSCTL_USER_CONSTS(X) SYSCTL_KERNEL_ALL(X) SYSCTL_NET_CONSTS(X)

#define SC_ENUM(id, name, mode, text) SC_##id,
enum sysctl_const { SYSCTL_CONSTS(SC_ENUM) SC_N };
#undef SC_ENUM

#endif
