/* The model's memory as an x86_64 kernel lays it out: one node, five zones
 * (DMA, DMA32, Normal, Movable, Device), their watermarks, reserves,
 * per-CPU page lists and free lists. /proc/meminfo, vmstat, zoneinfo,
 * buddyinfo and the vm sysctls all read it, so they agree with each other.
 *
 * The model's memory_kb is MemTotal: the pages the kernel manages. The
 * physical layout around them is that of a PC guest (this machine's, and
 * QEMU's): RAM from 1 MiB below 3 GiB, the rest above 4 GiB; the first
 * 16 MiB are the DMA zone (3840 pages managed, the first MiB reserved);
 * each zone's present pages are its managed pages plus the memory map that
 * describes them (64 bytes per 4 KiB page). Figures set at boot follow the
 * kernel's formulas (mm/page_alloc.c, mm/khugepaged.c, mm/vmstat.c) for a
 * kernel with transparent huge pages (madvise), as Debian's. */
#ifndef VENEER_MEM_ZONES_H
#define VENEER_MEM_ZONES_H

#include <stdint.h>

#include "../model.h"
#include "../sandbox.h"

enum { VZ_DMA, VZ_DMA32, VZ_NORMAL, VZ_MOVABLE, VZ_DEVICE, VZ_N };
#define VN_PAGE_ORDERS 11       /* NR_PAGE_ORDERS: 0 .. MAX_PAGE_ORDER (10) */
#define VN_PAGEBLOCK_ORDER 9

struct vn_zone {
	const char *name;
	uint64_t start_pfn, spanned, present, managed;   /* pages */
	uint64_t free, used;                /* pages: used are the sandbox's */
	uint64_t wmark_min, wmark_low, wmark_high, wmark_promo;
	uint64_t protection[VZ_N];          /* lowmem_reserve */
	uint64_t nr_free[VN_PAGE_ORDERS];   /* free blocks of each order */
	unsigned batch, high_min, high_max, stat_threshold;
};

struct vn_memory {
	struct vn_zone zone[VZ_N];
	uint64_t managed, free, used;       /* pages of all zones */
	uint64_t min_free_kbytes;
	uint64_t totalreserve;              /* totalreserve_pages */
	uint64_t memmap_boot_pages;
};

/* What /proc/meminfo counts as used: the sandbox's resident memory, within
 * the model's. */
uint64_t vn_memory_used_kb(const struct vn_model *m, const struct vn_sandbox *sb);

/* The layout of m with used_kb in use: the three steps below. */
void vn_memory_of(const struct vn_model *m, uint64_t used_kb, struct vn_memory *out);

/* The zones' extents for that many managed pages (MemTotal). */
void vn_memory_layout(uint64_t managed_pages, struct vn_memory *out);
/* What the kernel sets at boot from the zones' extents, for cpus CPUs:
 * min_free_kbytes, watermarks, lowmem_reserve, totalreserve_pages, the
 * per-CPU lists, the boot memory map. */
void vn_memory_boot(struct vn_memory *mem, int cpus);
/* free_pages left free: the rest is the sandbox's, allocated from the
 * highest zone down as the page allocator prefers; each zone's free pages
 * in the largest blocks they make, as on a machine that has just booted. */
void vn_memory_use(struct vn_memory *mem, uint64_t free_pages);

/* Free pages in blocks of a pageblock or more (nr_free_pages_blocks). */
uint64_t vn_zone_free_blocks(const struct vn_zone *z);

/* global_dirty_limits: vmstat's nr_dirty_threshold and
 * nr_dirty_background_threshold, from free memory (no page cache). */
void vn_memory_dirty_limits(const struct vn_memory *mem, uint64_t *thresh, uint64_t *bg);

#endif
