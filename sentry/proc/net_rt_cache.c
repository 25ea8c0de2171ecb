/* What remains of the IPv4 route cache in /proc/net (net/ipv4/route.c):
 * rt_cache, now only its header, stat/rt_cache, the per-CPU route lookup
 * counters, and rt_acct, the per-realm accounting of a kernel built with
 * CONFIG_IP_ROUTE_CLASSID.
 *
 * The counters are machine-wide and made by traffic; the model has none,
 * so every value is 0: rt_cpu_seq_show's "entries" column is the count of
 * cached IPv4 dsts (ipv4_dst_ops), another figure of traffic.
 */
#include "proc_gen.h"

#include <string.h>

/* rt_cache_seq_show: the old cache's header, padded to 127 columns */
void gen_net_rt_cache(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	buf_printf(out, "%-127s\n",
		   "Iface\tDestination\tGateway \tFlags\t\tRefCnt\tUse\tMetric\tSource\t\tMTU"
		   "\tWindow\tIRTT\tTOS\tHHRef\tHHUptod\tSpecDst");
}

/* rt_cpu_seq_show: one line per possible CPU, each value "%08x" in a
 * column as wide as its header word. */
void gen_net_stat_rt_cache(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	static const char *const cols[] = {
		"entries", "in_hit", "in_slow_tot", "in_slow_mc", "in_no_route", "in_brd",
		"in_martian_dst", "in_martian_src", "out_hit", "out_slow_tot", "out_slow_mc",
		"gc_total", "gc_ignored", "gc_goal_miss", "gc_dst_overflow", "in_hlist_search",
		"out_hlist_search",
	};
	size_t n = sizeof(cols) / sizeof(cols[0]);
	for (size_t i = 0; i < n; i++)
		buf_printf(out, i + 1 < n ? "%-8s " : "%s\n", cols[i]);
	for (int cpu = 0; cpu < m->cpus; cpu++)
		for (size_t i = 0; i < n; i++) {
			int pad = (int)strlen(cols[i]) > 8 ? (int)strlen(cols[i]) - 8 : 0;
			buf_printf(out, "%08x", 0u);
			buf_printf(out, i + 1 < n ? "%*s " : "\n", pad, "");
		}
}

/* rt_acct_proc_show: struct ip_rt_acct (o_bytes, o_packets, i_bytes,
 * i_packets: four u32) for each of 256 realms, summed over the CPUs */
void gen_net_rt_acct(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	static const char zeros[256 * 16];
	buf_append(out, zeros, sizeof(zeros));
}
