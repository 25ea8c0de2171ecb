/* The model's zones, as mem_zones.h describes; the kernel's steps at boot
 * in their order: zone sizes, min_free_kbytes and the watermarks
 * (init_per_zone_wmark_min), raised for transparent huge pages
 * (set_recommended_min_free_kbytes), lowmem_reserve and totalreserve_pages,
 * the per-CPU page lists; then the sandbox's use and the free lists. */
#include "mem_zones.h"

#define PAGE_KB 4
#define DMA_END_PFN 4096u          /* 16 MiB */
#define DMA_MANAGED 3840u          /* 1 MiB to 16 MiB: the first MiB is reserved */
#define DMA_PRESENT_LOW 158u       /* RAM pages below 640 KiB (pfn 1 to 0x9e) */
#define LOW_END_PFN 786432u        /* RAM below 3 GiB ... */
#define HIGH_START_PFN 1048576u    /* ... and from 4 GiB */
#define SECTION_PAGES 32768u       /* 128 MiB memory sections */
#define SECTION_MEMMAP 512u        /* pages of struct page per section */
#define WATERMARK_SCALE 10u        /* vm.watermark_scale_factor */
#define NR_CPU_STAT_MAX 125

static const char *const zone_names[VZ_N] = { "DMA", "DMA32", "Normal", "Movable", "Device" };
/* vm.lowmem_reserve_ratio of the zones below Device */
static const unsigned lowmem_ratio[VZ_N - 1] = { 256, 256, 32, 0 };

static uint64_t div_up(uint64_t a, uint64_t b)
{
	return (a + b - 1) / b;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static unsigned fls64(uint64_t x)
{
	unsigned n = 0;
	while (x) {
		n++;
		x >>= 1;
	}
	return n;
}

static uint64_t isqrt(uint64_t x)
{
	uint64_t r = 0;
	for (uint64_t bit = 1ull << 62; bit; bit >>= 2) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
	}
	return r;
}

void vn_memory_layout(uint64_t managed, struct vn_memory *mem)
{
	*mem = (struct vn_memory){ .managed = managed };
	struct vn_zone *z = mem->zone;
	for (int i = 0; i < VZ_N; i++)
		z[i].name = zone_names[i];
	uint64_t dma = min_u64(managed, DMA_MANAGED);
	z[VZ_DMA] = (struct vn_zone){ .name = "DMA", .start_pfn = 1, .spanned = DMA_END_PFN - 1,
				      .present = dma + DMA_PRESENT_LOW, .managed = dma };
	uint64_t rest = managed - dma;
	uint64_t phys = rest + div_up(rest, 63);   /* with their memory map: 1/64 */
	uint64_t low = min_u64(phys, LOW_END_PFN - DMA_END_PFN);
	uint64_t high = phys - low;
	if (low) {
		struct vn_zone *d = &z[VZ_DMA32];
		d->start_pfn = DMA_END_PFN;
		d->present = low;
		d->spanned = high ? HIGH_START_PFN - DMA_END_PFN : low;
		d->managed = high ? low - div_up(low, 64) : rest;
	}
	if (high) {
		struct vn_zone *n = &z[VZ_NORMAL];
		n->start_pfn = HIGH_START_PFN;
		n->spanned = n->present = high;
		n->managed = rest - z[VZ_DMA32].managed;
	}
}

/* the memory map of every 128 MiB section that holds RAM: below 4 GiB up
 * to the end of DMA32, and Normal's */
static void set_memmap(struct vn_memory *mem)
{
	const struct vn_zone *d32 = &mem->zone[VZ_DMA32], *n = &mem->zone[VZ_NORMAL];
	uint64_t low_end = d32->present ? d32->start_pfn + d32->present : DMA_END_PFN;
	mem->memmap_boot_pages = SECTION_MEMMAP * (div_up(low_end, SECTION_PAGES) +
						   div_up(n->present, SECTION_PAGES));
}

/* __setup_per_zone_wmarks */
static void set_watermarks(struct vn_memory *mem, uint64_t min_free_kbytes)
{
	uint64_t pages_min = min_free_kbytes / PAGE_KB, lowmem = 0;
	for (int i = 0; i < VZ_N; i++)
		if (i != VZ_MOVABLE)
			lowmem += mem->zone[i].managed;
	for (int i = 0; i < VZ_N; i++) {
		struct vn_zone *z = &mem->zone[i];
		uint64_t tmp = lowmem ? pages_min * z->managed / lowmem : 0;
		if (i == VZ_MOVABLE)   /* capped: no __GFP_HIGH allocation needs it */
			z->wmark_min = min_u64(max_u64(z->managed / 1024, 32), 128);
		else
			z->wmark_min = tmp;
		uint64_t step = max_u64(tmp >> 2, z->managed * WATERMARK_SCALE / 10000);
		z->wmark_low = z->wmark_min + step;
		z->wmark_high = z->wmark_low + step;
		z->wmark_promo = z->wmark_high + step;
	}
}

/* nr_free_buffer_pages: what the zones up to Normal have above their high
 * watermark */
static uint64_t free_buffer_pages(const struct vn_memory *mem)
{
	uint64_t n = 0;
	for (int i = VZ_DMA; i <= VZ_NORMAL; i++) {
		const struct vn_zone *z = &mem->zone[i];
		n += z->managed > z->wmark_high ? z->managed - z->wmark_high : 0;
	}
	return n;
}

/* calculate_min_free_kbytes (watermarks still 0), then khugepaged's
 * set_recommended_min_free_kbytes */
static void set_min_free(struct vn_memory *mem)
{
	uint64_t mfk = min_u64(max_u64(isqrt(free_buffer_pages(mem) * PAGE_KB * 16), 128), 262144);
	set_watermarks(mem, mfk);
	uint64_t nr_zones = 0;
	for (int i = VZ_DMA; i <= VZ_NORMAL; i++)
		nr_zones += mem->zone[i].present != 0;
	uint64_t block = 1u << VN_PAGEBLOCK_ORDER;
	/* two free pageblocks per zone, and one per pair of the three
	 * migrate types of the per-CPU lists */
	uint64_t rec = block * nr_zones * 2 + block * nr_zones * 3 * 3;
	rec = min_u64(rec, free_buffer_pages(mem) / 20) * PAGE_KB;
	if (rec > mfk)
		mfk = rec;
	set_watermarks(mem, mfk);
	mem->min_free_kbytes = mfk;
}

/* setup_per_zone_lowmem_reserve, calculate_totalreserve_pages */
static void set_reserves(struct vn_memory *mem)
{
	struct vn_zone *z = mem->zone;
	for (int i = 0; i < VZ_N - 1; i++) {
		bool clear = !lowmem_ratio[i] || !z[i].managed;
		uint64_t above = 0;
		for (int j = i + 1; j < VZ_N; j++) {
			above += z[j].managed;
			z[i].protection[j] = clear ? 0 : above / lowmem_ratio[i];
		}
	}
	mem->totalreserve = 0;
	for (int i = 0; i < VZ_N; i++) {
		uint64_t max = 0;
		for (int j = i; j < VZ_N; j++)
			max = max_u64(max, z[i].protection[j]);
		mem->totalreserve += min_u64(max + z[i].wmark_high, z[i].managed);
	}
}

/* zone_batchsize, zone_highsize, calculate_normal_threshold */
static void set_pagesets(struct vn_memory *mem, int cpus)
{
	unsigned ncpu = cpus > 0 ? (unsigned)cpus : 1;
	for (int i = 0; i < VZ_N; i++) {
		struct vn_zone *z = &mem->zone[i];
		uint64_t b = min_u64(z->managed >> 10, 256) / 4;
		if (b < 1)
			b = 1;
		b = b + b / 2;
		while (b & (b - 1))
			b &= b - 1;   /* rounddown_pow_of_two */
		z->batch = b > 1 ? (unsigned)(b - 1) : 1;
		uint64_t least = (uint64_t)z->batch << 2;
		z->high_min = (unsigned)max_u64(z->wmark_low / ncpu, least);
		z->high_max = (unsigned)max_u64(z->managed / 8 / ncpu, least);
		unsigned t = 2 * fls64(ncpu) * (1 + fls64(z->managed >> 15));
		z->stat_threshold = t < NR_CPU_STAT_MAX ? t : NR_CPU_STAT_MAX;
	}
}

void vn_memory_use(struct vn_memory *mem, uint64_t free_pages)
{
	mem->managed = 0;
	for (int i = 0; i < VZ_N; i++)
		mem->managed += mem->zone[i].managed;
	uint64_t left = mem->managed > free_pages ? mem->managed - free_pages : 0;
	mem->used = left;
	mem->free = mem->managed - left;
	for (int i = VZ_N - 1; i >= 0; i--) {
		struct vn_zone *z = &mem->zone[i];
		z->used = min_u64(left, z->managed);
		left -= z->used;
		z->free = z->managed - z->used;
		uint64_t top = VN_PAGE_ORDERS - 1;
		z->nr_free[top] = z->free >> top;
		for (unsigned o = 0; o < top; o++)
			z->nr_free[o] = (z->free >> o) & 1;
	}
}

uint64_t vn_memory_used_kb(const struct vn_model *m, const struct vn_sandbox *sb)
{
	uint64_t rss = sb ? sb->rss_kb : 0;
	return rss < m->memory_kb ? rss : m->memory_kb;
}

void vn_memory_boot(struct vn_memory *mem, int cpus)
{
	set_min_free(mem);
	set_reserves(mem);
	set_pagesets(mem, cpus);
	set_memmap(mem);
}

void vn_memory_of(const struct vn_model *m, uint64_t used_kb, struct vn_memory *out)
{
	vn_memory_layout(m->memory_kb / PAGE_KB, out);
	vn_memory_boot(out, m->cpus);
	uint64_t free_kb = m->memory_kb > used_kb ? m->memory_kb - used_kb : 0;
	vn_memory_use(out, free_kb / PAGE_KB);
}

uint64_t vn_zone_free_blocks(const struct vn_zone *z)
{
	uint64_t n = 0;
	for (unsigned o = VN_PAGEBLOCK_ORDER; o < VN_PAGE_ORDERS; o++)
		n += z->nr_free[o] << o;
	return n;
}

/* domain_dirty_limits with vm.dirty_ratio 20 and dirty_background_ratio
 * 10, as fractions of a page the way the kernel scales them */
void vn_memory_dirty_limits(const struct vn_memory *mem, uint64_t *thresh, uint64_t *bg)
{
	const uint64_t page = 4096;
	uint64_t avail = mem->free - min_u64(mem->free, mem->totalreserve) + 1;
	*thresh = (20 * page / 100) * avail / page;
	*bg = (10 * page / 100) * avail / page;
	if (*bg >= *thresh)
		*bg = *thresh / 2;
}
