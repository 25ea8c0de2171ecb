/* What a kernel sizes from its memory at boot, shared by the /proc/sys
 * generators that show it (and what is derived from it). */
#ifndef VENEER_BOOT_LIMITS_H
#define VENEER_BOOT_LIMITS_H

#include <stdint.h>

#include "../model.h"

/* totalram_pages() as the initcalls see it: MemTotal (the init memory
 * freed later, a few MiB, is not told apart) */
static inline uint64_t boot_totalram_pages(const struct vn_model *m)
{
	return m->memory_kb / 4;
}

/* max_threads (set_max_threads): one eighth of memory in 16 KiB thread
 * stacks, within 20 .. FUTEX_TID_MASK */
static inline uint64_t boot_max_threads(const struct vn_model *m)
{
	uint64_t n = m->memory_kb / 128;
	return n < 20 ? 20 : n > 0x3fffffff ? 0x3fffffff : n;
}

/* alloc_large_system_hash's size for a table of one entry per 2^scale
 * bytes of memory (counted in whole MiB), a power of two */
static inline uint64_t boot_hash_entries(const struct vn_model *m, unsigned scale)
{
	uint64_t pages = (boot_totalram_pages(m) + 255) & ~(uint64_t)255;
	uint64_t n = pages >> (scale - 12), p = 1;
	while (p < n)
		p <<= 1;
	return p;
}

#endif
