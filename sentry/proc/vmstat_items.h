/* The counters of /proc/vmstat and /proc/zoneinfo, in the order of a 6.18
 * x86_64 kernel's vmstat_text (mm/vmstat.c), with the options of the 6.18
 * kernel veneer is checked on (NUMA, zsmalloc, swap, NUMA balancing, huge
 * pages, THP with PUD splits, memory balloon, KSM, zswap, IOMMU,
 * ZONE_DEVICE; no CMA, no unaccepted memory). X(name) each; the names are
 * C identifiers, so the lists also number their items (VS_<name>). */
#ifndef VENEER_VMSTAT_ITEMS_H
#define VENEER_VMSTAT_ITEMS_H

/* enum zone_stat_item: per zone (zoneinfo) and summed (vmstat) */
#define VMSTAT_ZONE_ITEMS(X) \
	X(nr_free_pages) X(nr_free_pages_blocks) X(nr_zone_inactive_anon) X(nr_zone_active_anon) \
	X(nr_zone_inactive_file) X(nr_zone_active_file) X(nr_zone_unevictable) \
	X(nr_zone_write_pending) X(nr_mlock) X(nr_zspages) X(nr_free_cma)

/* enum numa_stat_item */
#define VMSTAT_NUMA_ITEMS(X) \
	X(numa_hit) X(numa_miss) X(numa_foreign) X(numa_interleave) X(numa_local) X(numa_other)

/* enum node_stat_item: per node ("per-node stats" of zoneinfo) */
#define VMSTAT_NODE_ITEMS(X) \
	X(nr_inactive_anon) X(nr_active_anon) X(nr_inactive_file) X(nr_active_file) \
	X(nr_unevictable) X(nr_slab_reclaimable) X(nr_slab_unreclaimable) X(nr_isolated_anon) \
	X(nr_isolated_file) X(workingset_nodes) X(workingset_refault_anon) \
	X(workingset_refault_file) X(workingset_activate_anon) X(workingset_activate_file) \
	X(workingset_restore_anon) X(workingset_restore_file) X(workingset_nodereclaim) \
	X(nr_anon_pages) X(nr_mapped) X(nr_file_pages) X(nr_dirty) X(nr_writeback) X(nr_shmem) \
	X(nr_shmem_hugepages) X(nr_shmem_pmdmapped) X(nr_file_hugepages) X(nr_file_pmdmapped) \
	X(nr_anon_transparent_hugepages) X(nr_vmscan_write) X(nr_vmscan_immediate_reclaim) \
	X(nr_dirtied) X(nr_written) X(nr_throttled_written) X(nr_kernel_misc_reclaimable) \
	X(nr_foll_pin_acquired) X(nr_foll_pin_released) X(nr_kernel_stack) X(nr_page_table_pages) \
	X(nr_sec_page_table_pages) X(nr_iommu_pages) X(nr_swapcached) X(pgpromote_success) \
	X(pgpromote_candidate) X(pgpromote_candidate_nrl) X(pgdemote_kswapd) X(pgdemote_direct) \
	X(pgdemote_khugepaged) X(pgdemote_proactive) X(nr_hugetlb) X(nr_balloon_pages) \
	X(nr_kernel_file_pages)

/* enum vm_stat_item: system-wide */
#define VMSTAT_SYS_ITEMS(X) \
	X(nr_dirty_threshold) X(nr_dirty_background_threshold) X(nr_memmap_pages) \
	X(nr_memmap_boot_pages)

/* enum vm_event_item: events since boot */
#define VMSTAT_EVENT_ITEMS(X) \
	X(pgpgin) X(pgpgout) X(pswpin) X(pswpout) X(pgalloc_dma) X(pgalloc_dma32) \
	X(pgalloc_normal) X(pgalloc_movable) X(pgalloc_device) X(allocstall_dma) \
	X(allocstall_dma32) X(allocstall_normal) X(allocstall_movable) X(allocstall_device) \
	X(pgskip_dma) X(pgskip_dma32) X(pgskip_normal) X(pgskip_movable) X(pgskip_device) \
	X(pgfree) X(pgactivate) X(pgdeactivate) X(pglazyfree) X(pgfault) X(pgmajfault) \
	X(pglazyfreed) X(pgrefill) X(pgreuse) X(pgsteal_kswapd) X(pgsteal_direct) \
	X(pgsteal_khugepaged) X(pgsteal_proactive) X(pgscan_kswapd) X(pgscan_direct) \
	X(pgscan_khugepaged) X(pgscan_proactive) X(pgscan_direct_throttle) X(pgscan_anon) \
	X(pgscan_file) X(pgsteal_anon) X(pgsteal_file) X(zone_reclaim_success) \
	X(zone_reclaim_failed) X(pginodesteal) X(slabs_scanned) X(kswapd_inodesteal) \
	X(kswapd_low_wmark_hit_quickly) X(kswapd_high_wmark_hit_quickly) X(pageoutrun) \
	X(pgrotated) X(drop_pagecache) X(drop_slab) X(oom_kill) X(numa_pte_updates) \
	X(numa_huge_pte_updates) X(numa_hint_faults) X(numa_hint_faults_local) \
	X(numa_pages_migrated) X(pgmigrate_success) X(pgmigrate_fail) X(thp_migration_success) \
	X(thp_migration_fail) X(thp_migration_split) X(compact_migrate_scanned) \
	X(compact_free_scanned) X(compact_isolated) X(compact_stall) X(compact_fail) \
	X(compact_success) X(compact_daemon_wake) X(compact_daemon_migrate_scanned) \
	X(compact_daemon_free_scanned) X(htlb_buddy_alloc_success) X(htlb_buddy_alloc_fail) \
	X(unevictable_pgs_culled) X(unevictable_pgs_scanned) X(unevictable_pgs_rescued) \
	X(unevictable_pgs_mlocked) X(unevictable_pgs_munlocked) X(unevictable_pgs_cleared) \
	X(unevictable_pgs_stranded) X(thp_fault_alloc) X(thp_fault_fallback) \
	X(thp_fault_fallback_charge) X(thp_collapse_alloc) X(thp_collapse_alloc_failed) \
	X(thp_file_alloc) X(thp_file_fallback) X(thp_file_fallback_charge) X(thp_file_mapped) \
	X(thp_split_page) X(thp_split_page_failed) X(thp_deferred_split_page) \
	X(thp_underused_split_page) X(thp_split_pmd) X(thp_scan_exceed_none_pte) \
	X(thp_scan_exceed_swap_pte) X(thp_scan_exceed_share_pte) X(thp_split_pud) \
	X(thp_zero_page_alloc) X(thp_zero_page_alloc_failed) X(thp_swpout) X(thp_swpout_fallback) \
	X(balloon_inflate) X(balloon_deflate) X(balloon_migrate) X(swap_ra) X(swap_ra_hit) \
	X(swpin_zero) X(swpout_zero) X(ksm_swpin_copy) X(cow_ksm) X(zswpin) X(zswpout) X(zswpwb) \
	X(direct_map_level2_splits) X(direct_map_level3_splits) X(direct_map_level2_collapses) \
	X(direct_map_level3_collapses)

#define VS_ENUM(n) VS_##n,
enum vmstat_item {
	VMSTAT_ZONE_ITEMS(VS_ENUM) VS_ZONE_END,
	VMSTAT_NUMA_ITEMS(VS_ENUM) VS_NUMA_END,
	VMSTAT_NODE_ITEMS(VS_ENUM) VS_NODE_END,
	VMSTAT_SYS_ITEMS(VS_ENUM) VS_SYS_END,
};
#undef VS_ENUM

#endif
