/* The kernel's rate arithmetic (include/net/sch_generic.h,
 * sch_generic.c): a tc_ratespec precomputed to a multiplier and shift, the
 * time a length takes at a rate and back, and the ratespec a dump shows.
 * Times in nanoseconds; psched ticks are 64 ns. */
#ifndef VENEER_TC_RATE_H
#define VENEER_TC_RATE_H

#include <linux/pkt_sched.h>
#include <stdint.h>
#include <string.h>

#define TC_PSCHED_SHIFT 6
#define TC_NSEC_PER_SEC 1000000000ull

struct tc_ratecfg {
	uint64_t rate_bytes_ps;
	uint32_t mult;
	uint16_t overhead;
	uint16_t mpu;
	uint8_t linklayer;
	uint8_t shift;
};

static inline void tc_ratecfg_precompute(struct tc_ratecfg *r, const struct tc_ratespec *conf,
					 uint64_t rate64)
{
	memset(r, 0, sizeof(*r));
	r->overhead = conf->overhead;
	r->mpu = conf->mpu;
	r->rate_bytes_ps = conf->rate > rate64 ? conf->rate : rate64;
	r->linklayer = conf->linklayer & TC_LINKLAYER_MASK;
	uint64_t factor = TC_NSEC_PER_SEC;
	r->mult = 1;
	if (!r->rate_bytes_ps)
		return;
	for (;;) {
		r->mult = (uint32_t)(factor / r->rate_bytes_ps);
		if ((r->mult & (1u << 31)) || (factor & (1ull << 63)))
			break;
		factor <<= 1;
		r->shift++;
	}
}

/* psched_l2t_ns: the time len bytes take */
static inline uint64_t tc_l2t_ns(const struct tc_ratecfg *r, unsigned len)
{
	len += r->overhead;
	if (len < r->mpu)
		len = r->mpu;
	if (r->linklayer == TC_LINKLAYER_ATM)
		return ((uint64_t)((len + 47) / 48 * 53) * r->mult) >> r->shift;
	return ((uint64_t)len * r->mult) >> r->shift;
}

/* psched_ns_t2l: the bytes that time allows */
static inline uint64_t tc_ns_t2l(const struct tc_ratecfg *r, uint64_t ns)
{
	uint64_t len = ns * r->rate_bytes_ps / TC_NSEC_PER_SEC;
	if (r->linklayer == TC_LINKLAYER_ATM)
		len = len / 53 * 48;
	return len > r->overhead ? len - r->overhead : 0;
}

/* psched_ratecfg_getrate: what a dump shows of it */
static inline void tc_ratecfg_getrate(struct tc_ratespec *res, const struct tc_ratecfg *r)
{
	memset(res, 0, sizeof(*res));
	res->rate = r->rate_bytes_ps > 0xffffffffu ? 0xffffffffu : (uint32_t)r->rate_bytes_ps;
	res->overhead = r->overhead;
	res->mpu = r->mpu;
	res->linklayer = r->linklayer & TC_LINKLAYER_MASK;
}

#endif
