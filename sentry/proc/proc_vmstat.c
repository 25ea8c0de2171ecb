/* /proc/vmstat, zoneinfo and buddyinfo from the model's zones (mem_zones.h)
 * in the formats of mm/vmstat.c. They agree with /proc/meminfo: free pages
 * are MemFree, the sandbox's resident memory is anonymous and active
 * (Active(anon), AnonPages), there is no page cache, slab or swap. Event
 * counters are 0: they only grow on Linux, and the sandbox's own figures
 * (which fall when a task exits) cannot say how far. */
#include <inttypes.h>

#include "mem_zones.h"
#include "proc_gen.h"
#include "vmstat_items.h"

#define NAME(n) #n,
/* indexed by enum vmstat_item; the lists' ends are NULL */
static const char *const item_names[] = {
	VMSTAT_ZONE_ITEMS(NAME) NULL, VMSTAT_NUMA_ITEMS(NAME) NULL,
	VMSTAT_NODE_ITEMS(NAME) NULL, VMSTAT_SYS_ITEMS(NAME) NULL,
};
static const char *const event_names[] = { VMSTAT_EVENT_ITEMS(NAME) };
#undef NAME

static void memory_now(const struct vn_model *m, const struct proc_ctx *ctx,
		       struct vn_memory *mem)
{
	vn_memory_of(m, vn_memory_used_kb(m, ctx ? ctx->sb : NULL), mem);
}

static uint64_t zone_item(const struct vn_zone *z, int id)
{
	switch (id) {
	case VS_nr_free_pages:
		return z->free;
	case VS_nr_free_pages_blocks:
		return vn_zone_free_blocks(z);
	case VS_nr_zone_active_anon:
		return z->used;
	default:
		return 0;
	}
}

static uint64_t node_item(const struct vn_memory *mem, int id)
{
	return id == VS_nr_active_anon || id == VS_nr_anon_pages ? mem->used : 0;
}

void gen_vmstat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	struct vn_memory mem;
	memory_now(m, ctx, &mem);
	uint64_t thresh, bg;
	vn_memory_dirty_limits(&mem, &thresh, &bg);
	for (int id = 0; id < VS_SYS_END; id++) {
		uint64_t v = 0;
		if (!item_names[id])
			continue;
		if (id < VS_ZONE_END)
			for (int z = 0; z < VZ_N; z++)
				v += zone_item(&mem.zone[z], id);
		else if (id > VS_NUMA_END && id < VS_NODE_END)
			v = node_item(&mem, id);
		else if (id == VS_nr_dirty_threshold)
			v = thresh;
		else if (id == VS_nr_dirty_background_threshold)
			v = bg;
		else if (id == VS_nr_memmap_boot_pages)
			v = mem.memmap_boot_pages;
		buf_printf(out, "%s %" PRIu64 "\n", item_names[id], v);
	}
	for (size_t i = 0; i < sizeof(event_names) / sizeof(event_names[0]); i++)
		buf_printf(out, "%s 0\n", event_names[i]);
	/* vmstat_show's last line: a counter gone since 5.8, kept for readers */
	buf_puts(out, "nr_unstable 0\n");
}

static void zone_stats(struct buf *out, int from, int to, const struct vn_memory *mem,
		       const struct vn_zone *z)
{
	for (int id = from; id < to; id++)
		buf_printf(out, "\n      %-12s %" PRIu64, item_names[id],
			   z ? zone_item(z, id) : node_item(mem, id));
}

static void pagesets(struct buf *out, int cpus, int zi, const struct vn_zone *z)
{
	buf_puts(out, "\n  pagesets");
	for (int cpu = 0; cpu < cpus; cpu++) {
		/* an idle machine's lists are empty; pcp->high is raised from 0 at
		 * a zone's first free, which DMA never sees */
		buf_printf(out, "\n    cpu: %d\n              count:    0\n"
			   "              high:     %u\n              batch:    %u\n"
			   "              high_min: %u\n              high_max: %u",
			   cpu, zi == VZ_DMA ? 0u : z->high_min, z->batch, z->high_min, z->high_max);
		buf_printf(out, "\n  vm stats threshold: %u", z->stat_threshold);
	}
	buf_printf(out, "\n  node_unreclaimable:  0\n  start_pfn:           %" PRIu64 "\n", z->start_pfn);
}

void gen_zoneinfo(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	struct vn_memory mem;
	memory_now(m, ctx, &mem);
	int first = -1;
	for (int i = 0; i < VZ_N && first < 0; i++)
		if (mem.zone[i].present)
			first = i;
	for (int i = 0; i < VZ_N; i++) {
		const struct vn_zone *z = &mem.zone[i];
		buf_printf(out, "Node 0, zone %8s", z->name);
		if (i == first) {
			buf_puts(out, "\n  per-node stats");
			zone_stats(out, VS_NUMA_END + 1, VS_NODE_END, &mem, NULL);
		}
		buf_printf(out, "\n  pages free     %" PRIu64 "\n        boost    0"
			   "\n        min      %" PRIu64 "\n        low      %" PRIu64
			   "\n        high     %" PRIu64 "\n        promo    %" PRIu64
			   "\n        spanned  %" PRIu64 "\n        present  %" PRIu64
			   "\n        managed  %" PRIu64 "\n        cma      0",
			   z->free, z->wmark_min, z->wmark_low, z->wmark_high, z->wmark_promo,
			   z->spanned, z->present, z->managed);
		buf_printf(out, "\n        protection: (%" PRIu64, z->protection[0]);
		for (int j = 1; j < VZ_N; j++)
			buf_printf(out, ", %" PRIu64, z->protection[j]);
		buf_puts(out, ")");
		if (!z->present) {
			buf_puts(out, "\n");
			continue;
		}
		zone_stats(out, 0, VS_ZONE_END, &mem, z);
		for (int id = VS_ZONE_END + 1; id < VS_NUMA_END; id++)
			buf_printf(out, "\n      %-12s 0", item_names[id]);
		pagesets(out, m->cpus > 0 ? m->cpus : 1, i, z);
	}
}

void gen_buddyinfo(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	struct vn_memory mem;
	memory_now(m, ctx, &mem);
	for (int i = 0; i < VZ_N; i++) {
		const struct vn_zone *z = &mem.zone[i];
		if (!z->present)
			continue;
		buf_printf(out, "Node 0, zone %8s ", z->name);
		for (int o = 0; o < VN_PAGE_ORDERS; o++)
			buf_printf(out, "%6" PRIu64 " ", z->nr_free[o]);
		buf_puts(out, "\n");
	}
}
