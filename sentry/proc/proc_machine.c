/* The rest of the machine the model declares: /proc/cmdline, cgroups, filesystems,
 * partitions, diskstats, interrupts, softirqs, schedstat and pressure, in
 * the formats of fs/proc/cmdline.c, fs/filesystems.c, block/genhd.c,
 * kernel/irq/proc.c with arch/x86/kernel/irq.c, fs/proc/softirqs.c,
 * kernel/sched/stats.c and kernel/sched/psi.c.
 *
 * A machine that has just booted and runs nothing but the sandbox: one
 * column per model CPU, interrupt and softirq counts 0 (as /proc/stat's
 * intr and softirq lines), no pressure stalls. The model has no devices:
 * no device interrupt lines and no block devices, for which Linux prints
 * /proc/partitions and /proc/diskstats empty (the partitions header comes
 * with the first disk). */
#include <inttypes.h>

#include "proc_gen.h"

#define CONFIG_HZ 250                       /* jiffies per second (Debian's) */
#define INITIAL_JIFFIES (0x100000000ull - 300 * CONFIG_HZ)   /* wraps 5 min after boot */

static int ncpus(const struct vn_model *m)
{
	return m->cpus > 0 ? m->cpus : 1;
}

void gen_cmdline(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_printf(out, "%s\n", m->cmdline);
}

/* register_filesystem's order in a 6.18 kernel (the built-in filesystems of
 * the one veneer is checked on); "nodev" for those without FS_REQUIRES_DEV */
static const struct { bool dev; const char *name; } filesystems[] = {
	{ 0, "sysfs" }, { 0, "tmpfs" }, { 0, "proc" }, { 0, "cgroup" }, { 0, "cgroup2" },
	{ 0, "cpuset" }, { 0, "devtmpfs" }, { 0, "binfmt_misc" }, { 0, "debugfs" },
	{ 0, "tracefs" }, { 0, "securityfs" }, { 0, "sockfs" }, { 0, "bpf" }, { 0, "pipefs" },
	{ 0, "ramfs" }, { 0, "hugetlbfs" }, { 0, "devpts" }, { 1, "ext3" }, { 1, "ext2" },
	{ 1, "ext4" }, { 1, "squashfs" }, { 1, "fuseblk" }, { 0, "fuse" }, { 0, "fusectl" },
	{ 0, "overlay" }, { 1, "xfs" }, { 1, "erofs" }, { 0, "mqueue" }, { 1, "btrfs" },
	{ 0, "pstore" },
};

void gen_filesystems(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	for (size_t i = 0; i < sizeof(filesystems) / sizeof(filesystems[0]); i++)
		buf_printf(out, "%s\t%s\n", filesystems[i].dev ? "" : "nodev", filesystems[i].name);
}

/* proc_cgroupstats_show: every controller the kernel is built with
 * (the reference kernel's, in subsystem id order, by their v1 names), all
 * bound to the unified hierarchy (id 0) as on a host without v1
 * hierarchies, which /sys/fs/cgroup is. Its cgroups: the root, the
 * container's parent and the container's own (sys/sys_cgroup.c). */
void gen_cgroups(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	static const char *const subsys[] = {
		"cpuset", "cpu", "cpuacct", "blkio", "memory", "devices", "freezer", "net_cls",
		"perf_event", "net_prio", "hugetlb", "pids",
	};
	buf_puts(out, "#subsys_name\thierarchy\tnum_cgroups\tenabled\n");
	for (size_t i = 0; i < sizeof(subsys) / sizeof(subsys[0]); i++)
		buf_printf(out, "%s\t0\t3\t1\n", subsys[i]);
}

void gen_no_block_devices(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	(void)out;
}

/* The x86 rows of /proc/interrupts (arch_show_interrupts) a 6.18 KVM guest
 * prints; per CPU unless `global`. */
static const struct { const char *name, *what; bool global; } irq_rows[] = {
	{ "NMI", "Non-maskable interrupts", 0 }, { "LOC", "Local timer interrupts", 0 },
	{ "SPU", "Spurious interrupts", 0 }, { "PMI", "Performance monitoring interrupts", 0 },
	{ "IWI", "IRQ work interrupts", 0 }, { "RTR", "APIC ICR read retries", 0 },
	{ "RES", "Rescheduling interrupts", 0 }, { "CAL", "Function call interrupts", 0 },
	{ "TLB", "TLB shootdowns", 0 }, { "TRM", "Thermal event interrupts", 0 },
	{ "HYP", "Hypervisor callback interrupts", 0 }, { "ERR", NULL, 1 }, { "MIS", NULL, 1 },
	{ "PIN", "Posted-interrupt notification event", 0 },
	{ "NPI", "Nested posted-interrupt event", 0 }, { "PIW", "Posted-interrupt wakeup event", 0 },
};

/* The width of the irq column: digits of nr_irqs, at least 3. x86 sizes
 * nr_irqs from the CPUs (arch_probe_nr_irqs: 24 IO-APIC pins, 16 legacy,
 * 8 per CPU, 16 per pin for MSI; at most 256 vectors per CPU). */
static int irq_prec(int cpus)
{
	long nr = 24 + 16 + 8L * cpus + 24 * 16;
	if (nr > 256L * cpus)
		nr = 256L * cpus;
	int prec = 3;
	for (long j = 1000; prec < 10 && j <= nr; j *= 10)
		prec++;
	return prec;
}

void gen_interrupts(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	int n = ncpus(m), prec = irq_prec(n);
	buf_printf(out, "%*s", prec + 8, "");
	for (int c = 0; c < n; c++)
		buf_printf(out, "CPU%-8d", c);
	buf_puts(out, "\n");
	for (size_t i = 0; i < sizeof(irq_rows) / sizeof(irq_rows[0]); i++) {
		buf_printf(out, "%*s: ", prec, irq_rows[i].name);
		if (irq_rows[i].global) {
			buf_printf(out, "%10u\n", 0u);
			continue;
		}
		for (int c = 0; c < n; c++)
			buf_printf(out, "%10u ", 0u);
		buf_printf(out, "  %s\n", irq_rows[i].what);
	}
}

static const char *const softirq_names[] = {
	"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET", "SCHED", "HRTIMER", "RCU",
};

void gen_softirqs(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	int n = ncpus(m);
	buf_puts(out, "                    ");
	for (int c = 0; c < n; c++)
		buf_printf(out, "CPU%-8d", c);
	buf_puts(out, "\n");
	for (size_t i = 0; i < sizeof(softirq_names) / sizeof(softirq_names[0]); i++) {
		buf_printf(out, "%12s:", softirq_names[i]);
		for (int c = 0; c < n; c++)
			buf_printf(out, " %10u", 0u);
		buf_puts(out, "\n");
	}
}

/* "%*pb" of the first n CPUs: hex in 32-bit chunks, comma separated, the
 * first chunk as wide as its bits need */
static void cpumask(struct buf *out, int n)
{
	int first_bits = n % 32 ? n % 32 : 32;
	for (int top = (n - 1) / 32 * 32; top >= 0; top -= 32) {
		int bits = top + 32 > n ? first_bits : 32;
		uint32_t v = bits == 32 ? 0xffffffffu : (1u << bits) - 1;
		buf_printf(out, "%s%0*" PRIx32, top + 32 < n ? "," : "", (bits + 3) / 4, v);
	}
}

/* Version 17. Per CPU: the run queue's counters, of which only the time
 * it ran tasks (the sandbox's, spread over the CPUs as /proc/stat spreads
 * them) is not 0; several CPUs make one scheduling domain, "MC" (one
 * package of cores: the SMT and package levels degenerate), with
 * its load-balancing counters, all 0. */
void gen_schedstat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	const struct vn_sandbox *sb = ctx ? ctx->sb : NULL;
	uint64_t up_cs = sb ? sb->uptime_cs : 0, user = sb ? sb->utime : 0, sys = sb ? sb->stime : 0;
	int n = ncpus(m);
	buf_printf(out, "version 17\ntimestamp %" PRIu64 "\n",
		   (uint64_t)INITIAL_JIFFIES + up_cs * CONFIG_HZ / 100);
	for (int c = 0; c < n; c++) {
		uint64_t ticks = user / (uint64_t)n + ((uint64_t)c < user % (uint64_t)n) +
				 sys / (uint64_t)n + ((uint64_t)c < sys % (uint64_t)n);
		buf_printf(out, "cpu%d 0 0 0 0 0 0 %" PRIu64 " 0 0\n", c, ticks * (1000000000 / VN_HZ));
		if (n == 1)
			continue;
		buf_puts(out, "domain0 MC ");
		cpumask(out, n);
		for (int i = 0; i < 3 * 11 + 12; i++)
			buf_puts(out, " 0");
		buf_puts(out, "\n");
	}
}

/* psi_show: no stall since boot; the system's cpu "full" line is all 0 too */
void gen_pressure(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	buf_puts(out, "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
		      "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
}
