/* fq_codel (net/sched/sch_fq_codel.c), the usual net.core.default_qdisc. */
#include "tc_kinds.h"

#include <errno.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "../netlink/rtnl_attr.h"
#include "tc_attrs.h"

#define U32 RTNL_POL(RTNL_NLA_U32)
#define U8 RTNL_POL(RTNL_NLA_U8)

static const struct rtnl_policy fq_codel_rows[TCA_FQ_CODEL_MAX + 1] = {
	[TCA_FQ_CODEL_TARGET] = U32,
	[TCA_FQ_CODEL_LIMIT] = U32,
	[TCA_FQ_CODEL_INTERVAL] = U32,
	[TCA_FQ_CODEL_ECN] = U32,
	[TCA_FQ_CODEL_FLOWS] = U32,
	[TCA_FQ_CODEL_QUANTUM] = U32,
	[TCA_FQ_CODEL_CE_THRESHOLD] = U32,
	[TCA_FQ_CODEL_DROP_BATCH_SIZE] = U32,
	[TCA_FQ_CODEL_MEMORY_LIMIT] = U32,
	[TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR] = U8,
	[TCA_FQ_CODEL_CE_THRESHOLD_MASK] = U8,
};
static const struct rtnl_policy_set fq_codel_policy = { fq_codel_rows, TCA_FQ_CODEL_MAX, 0 };

/* The parameters fq_codel_dump shows. Times are in codel's units (1024 ns)
 * and shown in microseconds, so what was asked in microseconds comes back
 * rounded down through them (5 ms shows as 4999 us). */
struct fq_codel {
	uint32_t target, limit, interval, ecn, quantum, drop_batch, memory_limit, flows;
	uint32_t ce_threshold;     /* CODEL_DISABLED_THRESHOLD: none */
	uint8_t ce_selector, ce_mask;
};

#define CODEL_SHIFT 10
#define CODEL_DISABLED_THRESHOLD 0x7fffffffu
#define FQ_CODEL_QUANTUM_MAX (1 << 20)

static uint32_t us_to_codel(uint32_t us)
{
	return (uint32_t)(((uint64_t)us * 1000) >> CODEL_SHIFT);
}

static uint32_t codel_to_us(uint32_t t)
{
	return (uint32_t)(((uint64_t)t << CODEL_SHIFT) / 1000);
}

/* The codel time a dump's microseconds were shown from (dumps round
 * down, so this is the smallest that shows as us). */
static uint32_t shown_to_codel(uint32_t us)
{
	uint32_t t = (uint32_t)(((uint64_t)us * 1000 + 1023) >> CODEL_SHIFT);
	return codel_to_us(t) == us || t == 0 ? t : t - 1;
}

/* fq_codel_change on p */
static int apply(struct fq_codel *p, const struct nlattr *opt, bool has_flows)
{
	const struct nlattr *tb[TCA_FQ_CODEL_MAX + 1];
	int err = rtnl_nla_parse_nested(tb, &fq_codel_policy, opt, RTNL_PARSE_LIBERAL, NULL);
	if (err)
		return err;
	if (tb[TCA_FQ_CODEL_FLOWS]) {
		if (has_flows)
			return -EINVAL;
		p->flows = tc_nla_u32(tb[TCA_FQ_CODEL_FLOWS]);
		if (!p->flows || p->flows > 65536)
			return -EINVAL;
	}
	if (tb[TCA_FQ_CODEL_QUANTUM]) {
		uint32_t q = tc_nla_u32(tb[TCA_FQ_CODEL_QUANTUM]);
		if (q > FQ_CODEL_QUANTUM_MAX)
			return -EINVAL;
		p->quantum = q < 256 ? 256 : q;
	}
	if (tb[TCA_FQ_CODEL_TARGET])
		p->target = us_to_codel(tc_nla_u32(tb[TCA_FQ_CODEL_TARGET]));
	if (tb[TCA_FQ_CODEL_CE_THRESHOLD]) {
		uint64_t v = (uint64_t)tc_nla_u32(tb[TCA_FQ_CODEL_CE_THRESHOLD]) * 1000;
		p->ce_threshold = (uint32_t)(v >> CODEL_SHIFT);
	}
	if (tb[TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR])
		p->ce_selector = tc_nla_u8(tb[TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR]);
	if (tb[TCA_FQ_CODEL_CE_THRESHOLD_MASK])
		p->ce_mask = tc_nla_u8(tb[TCA_FQ_CODEL_CE_THRESHOLD_MASK]);
	if (tb[TCA_FQ_CODEL_INTERVAL])
		p->interval = us_to_codel(tc_nla_u32(tb[TCA_FQ_CODEL_INTERVAL]));
	if (tb[TCA_FQ_CODEL_LIMIT])
		p->limit = tc_nla_u32(tb[TCA_FQ_CODEL_LIMIT]);
	if (tb[TCA_FQ_CODEL_ECN])
		p->ecn = !!tc_nla_u32(tb[TCA_FQ_CODEL_ECN]);
	if (tb[TCA_FQ_CODEL_DROP_BATCH_SIZE]) {
		uint32_t v = tc_nla_u32(tb[TCA_FQ_CODEL_DROP_BATCH_SIZE]);
		p->drop_batch = v ? v : 1;
	}
	if (tb[TCA_FQ_CODEL_MEMORY_LIMIT]) {
		uint32_t v = tc_nla_u32(tb[TCA_FQ_CODEL_MEMORY_LIMIT]);
		p->memory_limit = v < (1u << 31) ? v : 1u << 31;
	}
	return 0;
}

static void dump(struct tc_op *op, const struct fq_codel *p)
{
	struct buf *b = &op->opts;
	size_t n = tc_nest_start(b, TCA_OPTIONS);
	tc_put_u32(b, TCA_FQ_CODEL_TARGET, codel_to_us(p->target));
	tc_put_u32(b, TCA_FQ_CODEL_LIMIT, p->limit);
	tc_put_u32(b, TCA_FQ_CODEL_INTERVAL, codel_to_us(p->interval));
	tc_put_u32(b, TCA_FQ_CODEL_ECN, p->ecn);
	tc_put_u32(b, TCA_FQ_CODEL_QUANTUM, p->quantum);
	tc_put_u32(b, TCA_FQ_CODEL_DROP_BATCH_SIZE, p->drop_batch);
	tc_put_u32(b, TCA_FQ_CODEL_MEMORY_LIMIT, p->memory_limit);
	tc_put_u32(b, TCA_FQ_CODEL_FLOWS, p->flows);
	if (p->ce_threshold != CODEL_DISABLED_THRESHOLD) {
		tc_put_u32(b, TCA_FQ_CODEL_CE_THRESHOLD, codel_to_us(p->ce_threshold));
		tc_put_u8(b, TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR, p->ce_selector);
		tc_put_u8(b, TCA_FQ_CODEL_CE_THRESHOLD_MASK, p->ce_mask);
	}
	tc_nest_end(b, n);
	/* fq_codel_dump_stats: an idle qdisc's */
	struct tc_fq_codel_xstats st = { .type = TCA_FQ_CODEL_XSTATS_QDISC };
	memcpy(op->xstats, &st, sizeof(st));
	op->xlen = sizeof(st);
}

/* fq_codel_init's defaults: 10240 packets, 1024 flows, 32 MB, batches of
 * 64, a quantum of the device's MTU, codel's 5 ms / 100 ms with ECN */
static int fq_codel_init(struct tc_op *op, const struct nlattr *opt)
{
	uint32_t mtu = tc_psched_mtu(op->link);
	if (mtu > FQ_CODEL_QUANTUM_MAX)
		mtu = FQ_CODEL_QUANTUM_MAX;
	struct fq_codel p = { .target = us_to_codel(5000), .limit = 10240,
			      .interval = us_to_codel(100000), .ecn = 1,
			      .quantum = mtu < 256 ? 256 : mtu, .drop_batch = 64,
			      .memory_limit = 32u << 20, .flows = 1024,
			      .ce_threshold = CODEL_DISABLED_THRESHOLD };
	if (opt) {
		int err = apply(&p, opt, false);
		if (err)
			return err;
	}
	dump(op, &p);
	return 0;
}

/* The parameters back from what the qdisc dumps now. */
static void current(const struct vn_tc *q, struct fq_codel *p)
{
	const struct nlattr *o = tc_options(q);
	const struct nlattr *tb[TCA_FQ_CODEL_MAX + 1];
	memset(p, 0, sizeof(*p));
	p->ce_threshold = CODEL_DISABLED_THRESHOLD;
	if (!o || rtnl_nla_parse_nested(tb, &fq_codel_policy, o, RTNL_PARSE_LIBERAL, NULL))
		return;
	uint32_t *v[] = { [TCA_FQ_CODEL_TARGET] = &p->target, [TCA_FQ_CODEL_LIMIT] = &p->limit,
			  [TCA_FQ_CODEL_INTERVAL] = &p->interval, [TCA_FQ_CODEL_ECN] = &p->ecn,
			  [TCA_FQ_CODEL_FLOWS] = &p->flows, [TCA_FQ_CODEL_QUANTUM] = &p->quantum,
			  [TCA_FQ_CODEL_CE_THRESHOLD] = &p->ce_threshold,
			  [TCA_FQ_CODEL_DROP_BATCH_SIZE] = &p->drop_batch,
			  [TCA_FQ_CODEL_MEMORY_LIMIT] = &p->memory_limit };
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (v[i] && tb[i])
			*v[i] = tc_nla_u32(tb[i]);
	p->target = shown_to_codel(p->target);
	p->interval = shown_to_codel(p->interval);
	if (tb[TCA_FQ_CODEL_CE_THRESHOLD])
		p->ce_threshold = shown_to_codel(p->ce_threshold);
	if (tb[TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR])
		p->ce_selector = tc_nla_u8(tb[TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR]);
	if (tb[TCA_FQ_CODEL_CE_THRESHOLD_MASK])
		p->ce_mask = tc_nla_u8(tb[TCA_FQ_CODEL_CE_THRESHOLD_MASK]);
}

static int fq_codel_change(struct tc_op *op, const struct nlattr *opt)
{
	struct fq_codel p;
	current(op->q, &p);
	int err = apply(&p, opt, true);
	if (err)
		return err;
	dump(op, &p);
	return 0;
}

const struct tc_qdisc_ops tc_fq_codel_ops = { .id = "fq_codel", .init = fq_codel_init,
					      .change = fq_codel_change };
