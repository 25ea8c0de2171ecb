/* The machine the model declares: /proc/meminfo, cpuinfo, stat, uptime,
 * loadavg, swaps — in the formats of fs/proc/{meminfo,stat,uptime,
 * loadavg}.c and arch/x86/kernel/cpu/proc.c.
 *
 * Like LXCFS does for containers: the totals are the model's (memory_kb,
 * cpus), the use is the sandbox's own (its tasks' resident memory and CPU
 * time, its age), so `free`, `top`, `uptime` and runtimes that size
 * themselves see a machine running nothing but the sandbox. Counters the
 * model has no notion of (interrupts, context switches, page cache) are 0,
 * as on a machine that has just booted. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "mem_zones.h"
#include "proc_gen.h"
#include "proc_lines.h"

static const struct vn_sandbox no_sandbox;

static const struct vn_sandbox *sb_of(const struct proc_ctx *ctx)
{
	return ctx && ctx->sb ? ctx->sb : &no_sandbox;
}

/* show_val_kb: the label padded to 16 columns, the value to 8; the one
 * longer label (HardwareCorrupted) has its own "%5lu" format. */
static void kb_line(struct buf *out, const char *label, uint64_t kb)
{
	if (strlen(label) < 16)
		buf_printf(out, "%-16s%8" PRIu64 " kB\n", label, kb);
	else
		buf_printf(out, "%s %5" PRIu64 " kB\n", label, kb);
}

void gen_meminfo(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	uint64_t total = m->memory_kb;
	uint64_t used = vn_memory_used_kb(m, sb_of(ctx));   /* as vmstat and zoneinfo */
	uint64_t free_kb = total - used;
	/* Rows in the kernel's order; what the model has no notion of is 0. */
	static const char *const zero_rows[] = {
		"SwapCached:", "Active:", "Inactive:", "Active(anon):", "Inactive(anon):",
		"Active(file):", "Inactive(file):", "Unevictable:", "Mlocked:",
	};
	kb_line(out, "MemTotal:", total);
	kb_line(out, "MemFree:", free_kb);
	kb_line(out, "MemAvailable:", free_kb);
	kb_line(out, "Buffers:", 0);
	kb_line(out, "Cached:", 0);
	for (size_t i = 0; i < sizeof(zero_rows) / sizeof(zero_rows[0]); i++)
		kb_line(out, zero_rows[i], i == 1 || i == 3 ? used : 0);   /* Active, Active(anon) */
	kb_line(out, "SwapTotal:", 0);
	kb_line(out, "SwapFree:", 0);
	static const char *const rest[] = {
		"Zswap:", "Zswapped:", "Dirty:", "Writeback:", "AnonPages:", "Mapped:", "Shmem:",
		"KReclaimable:", "Slab:", "SReclaimable:", "SUnreclaim:", "KernelStack:",
		"PageTables:", "SecPageTables:", "NFS_Unstable:", "Bounce:", "WritebackTmp:",
	};
	for (size_t i = 0; i < sizeof(rest) / sizeof(rest[0]); i++)
		kb_line(out, rest[i], strcmp(rest[i], "AnonPages:") == 0 ? used : 0);
	kb_line(out, "CommitLimit:", total / 2);          /* overcommit_ratio 50, no swap */
	kb_line(out, "Committed_AS:", used);
	kb_line(out, "VmallocTotal:", 34359738367ull);    /* x86_64, 4-level paging */
	kb_line(out, "VmallocUsed:", 0);
	kb_line(out, "VmallocChunk:", 0);
	kb_line(out, "Percpu:", 0);
	kb_line(out, "HardwareCorrupted:", 0);
	kb_line(out, "AnonHugePages:", 0);
	kb_line(out, "ShmemHugePages:", 0);
	kb_line(out, "ShmemPmdMapped:", 0);
	kb_line(out, "FileHugePages:", 0);
	kb_line(out, "FilePmdMapped:", 0);
	buf_printf(out, "%-16s%8u\n", "HugePages_Total:", 0u);
	buf_printf(out, "%-16s%8u\n", "HugePages_Free:", 0u);
	buf_printf(out, "%-16s%8u\n", "HugePages_Rsvd:", 0u);
	buf_printf(out, "%-16s%8u\n", "HugePages_Surp:", 0u);
	kb_line(out, "Hugepagesize:", 2048);
	kb_line(out, "Hugetlb:", 0);
	/* the direct map covers memory, in 2 MiB pages past the first 2 MiB */
	kb_line(out, "DirectMap4k:", total < 2048 ? total : 2048);
	kb_line(out, "DirectMap2M:", total > 2048 ? total - 2048 : 0);
	kb_line(out, "DirectMap1G:", 0);
}

/* Rewrite the per-CPU lines of the host's block for CPU i of n. */
static void cpu_block(struct buf *out, const char *tmpl, int i, int n)
{
	char cpu[16], count[16];
	snprintf(cpu, sizeof(cpu), "%d", i);
	snprintf(count, sizeof(count), "%d", n);
	const struct vn_kv_set set[] = {
		{ "processor", cpu }, { "core id", cpu }, { "apicid", cpu }, { "initial apicid", cpu },
		{ "physical id", "0" },
		{ "siblings", count }, { "cpu cores", count },
		{ NULL, NULL },
	};
	vn_kv_rewrite(tmpl, strlen(tmpl), set, out);
	buf_puts(out, "\n");
}

void gen_cpuinfo(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	const char *tmpl = sb_of(ctx)->cpu_template;
	static const char generic[] =
		"processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 0\n"
		"model name\t: veneer virtual CPU\nphysical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\n"
		"cpu cores\t: 1\napicid\t\t: 0\ninitial apicid\t: 0\nfpu\t\t: yes\nflags\t\t: fpu\n";
	for (int i = 0; i < m->cpus; i++)
		cpu_block(out, tmpl && *tmpl ? tmpl : generic, i, m->cpus);
}

/* Busy ticks (all CPUs) and the idle rest of cpus × uptime. */
static void cpu_times(const struct vn_model *m, const struct vn_sandbox *sb,
		      uint64_t *user, uint64_t *sys, uint64_t *idle)
{
	uint64_t capacity = sb->uptime_cs * VN_HZ / 100 * (uint64_t)(m->cpus > 0 ? m->cpus : 1);
	*user = sb->utime;
	*sys = sb->stime;
	uint64_t busy = *user + *sys;
	*idle = capacity > busy ? capacity - busy : 0;
}

void gen_stat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	const struct vn_sandbox *sb = sb_of(ctx);
	uint64_t user, sys, idle;
	cpu_times(m, sb, &user, &sys, &idle);
	int n = m->cpus > 0 ? m->cpus : 1;
	buf_printf(out, "cpu  %" PRIu64 " 0 %" PRIu64 " %" PRIu64 " 0 0 0 0 0 0\n", user, sys, idle);
	for (int i = 0; i < n; i++) {
		/* spread evenly; the first CPUs take the remainders */
		uint64_t u = user / n + ((uint64_t)i < user % n);
		uint64_t s = sys / n + ((uint64_t)i < sys % n);
		uint64_t d = idle / n + ((uint64_t)i < idle % n);
		buf_printf(out, "cpu%d %" PRIu64 " 0 %" PRIu64 " %" PRIu64 " 0 0 0 0 0 0\n", i, u, s, d);
	}
	buf_puts(out, "intr 0\nctxt 0\n");
	buf_printf(out, "btime %" PRIu64 "\n", sb->boot_time);
	buf_printf(out, "processes %u\n", sb->ntasks);
	buf_printf(out, "procs_running %u\n", sb->nrunning ? sb->nrunning : 1);
	buf_puts(out, "procs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n");
}

void gen_uptime(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	const struct vn_sandbox *sb = sb_of(ctx);
	uint64_t user, sys, idle;
	cpu_times(m, sb, &user, &sys, &idle);
	uint64_t idle_cs = idle * 100 / VN_HZ;
	buf_printf(out, "%" PRIu64 ".%02" PRIu64 " %" PRIu64 ".%02" PRIu64 "\n",
		   sb->uptime_cs / 100, sb->uptime_cs % 100, idle_cs / 100, idle_cs % 100);
}

/* The load averages are those of a machine that has just started (the
 * sandbox keeps no history to average); the counts are the sandbox's. */
void gen_loadavg(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	const struct vn_sandbox *sb = sb_of(ctx);
	buf_printf(out, "0.00 0.00 0.00 %u/%u %d\n", sb->nrunning ? sb->nrunning : 1,
		   sb->nthreads ? sb->nthreads : 1, sb->last_pid);
}

void gen_swaps(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	buf_puts(out, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
}
