/* /sys/fs/cgroup as a container with the model's CPUs and memory sees its
 * cgroup namespace's root: a cgroup below the hierarchy's root (so it has
 * the files kernfs leaves off the root: cgroup.type, cpu.max, memory.max
 * ...), whose parent delegates the controllers systemd delegates
 * ("cpuset cpu io memory pids"), on the reference 6.18 kernel (PSI, NUMA,
 * swap, zswap, blk-throttle and iocost built in; no uclamp, core
 * scheduling, io.latency or io.prio). File names, modes and formats are
 * those of kernel/cgroup/cgroup.c, kernel/sched/core.c, kernel/cgroup/
 * {cpuset,pids}.c, mm/memcontrol.c and block/blk-{cgroup,throttle,
 * iocost}.c; the core files were compared with a child cgroup of this
 * kernel's unified hierarchy.
 *
 * Limits are the model's (struct vn_cgroup: by default cpu.max is the
 * model's CPUs as a quota, memory.max its memory), so every runtime that
 * sizes itself from the cgroup (the JVM, Go's GOMAXPROCS, .NET, libuv)
 * finds the machine /proc/cpuinfo and /proc/meminfo describe. Use is the
 * sandbox's own: its tasks (cgroup.procs), their resident memory
 * (memory.current, counted as /proc/meminfo counts it: anonymous and
 * active) and CPU time. Counters the model has no notion of are 0, as in a
 * cgroup that has never met its limits. */
#include "sys_cgroup.h"

#include <inttypes.h>
#include <string.h>

struct cg {
	const struct vn_model *m;
	const struct vn_cgroup_use *u;
};

#define PAGE 4096ull

static int ncpus(const struct vn_model *m)
{
	return m->cpus > 0 ? m->cpus : 1;
}

static uint64_t rss_bytes(const struct cg *c)
{
	uint64_t kb = c->u && c->u->sb ? c->u->sb->rss_kb : 0;
	return (kb < c->m->memory_kb ? kb : c->m->memory_kb) * 1024;
}

/* a limit as the files print it: "max" or the number */
static void limit(struct buf *out, int64_t v)
{
	if (v < 0)
		buf_puts(out, "max\n");
	else
		buf_printf(out, "%" PRId64 "\n", v);
}

static int64_t memory_max(const struct vn_model *m)
{
	int64_t v = m->cgroup.memory_max;
	return v == VN_CG_MACHINE ? (int64_t)(m->memory_kb * 1024 / PAGE * PAGE) : v;
}

/* ---- the core files ---- */

/* the controllers bound to the hierarchy, in subsystem id order
 * (include/linux/cgroup_subsys.h), and whether this cgroup has their
 * state: the delegated ones and perf_event, implicit everywhere */
static const struct {
	const char *name;
	int here;
} subsys[] = {
	{ "cpuset", 1 }, { "cpu", 1 }, { "io", 1 }, { "memory", 1 },
	{ "perf_event", 1 }, { "hugetlb", 0 }, { "pids", 1 },
};

static void show_controllers(const struct cg *c, struct buf *out)
{
	(void)c;
	buf_puts(out, "cpuset cpu io memory pids\n");
}

static void show_stat(const struct cg *c, struct buf *out)
{
	(void)c;
	buf_puts(out, "nr_descendants 0\n");
	for (size_t i = 0; i < sizeof(subsys) / sizeof(subsys[0]); i++)
		buf_printf(out, "nr_subsys_%s %d\n", subsys[i].name, subsys[i].here);
	buf_puts(out, "nr_dying_descendants 0\n");
	for (size_t i = 0; i < sizeof(subsys) / sizeof(subsys[0]); i++)
		buf_printf(out, "nr_dying_subsys_%s 0\n", subsys[i].name);
}

static void show_events(const struct cg *c, struct buf *out)
{
	(void)c;   /* the program is in it while it runs */
	buf_puts(out, "populated 1\nfrozen 0\n");
}

static void pids(struct buf *out, const int *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "%d\n", v[i]);
}

static void show_procs(const struct cg *c, struct buf *out)
{
	if (c->u)
		pids(out, c->u->procs, c->u->nprocs);
}

static void show_threads(const struct cg *c, struct buf *out)
{
	if (c->u)
		pids(out, c->u->threads, c->u->nthreads);
}

/* PSI: no stall since boot, as /proc/pressure */
static void show_pressure(const struct cg *c, struct buf *out)
{
	(void)c;
	buf_puts(out, "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
		      "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
}

/* ---- cpu ---- */

static void show_cpu_stat(const struct cg *c, struct buf *out)
{
	const struct vn_sandbox *sb = c->u ? c->u->sb : NULL;
	uint64_t user = sb ? sb->utime * (1000000 / VN_HZ) : 0;
	uint64_t sys = sb ? sb->stime * (1000000 / VN_HZ) : 0;
	buf_printf(out, "usage_usec %" PRIu64 "\nuser_usec %" PRIu64 "\nsystem_usec %" PRIu64
		   "\nnice_usec 0\n", user + sys, user, sys);
	buf_puts(out, "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\nnr_bursts 0\nburst_usec 0\n");
}

static void show_cpu_max(const struct cg *c, struct buf *out)
{
	const struct vn_cgroup *g = &c->m->cgroup;
	if (g->cpu_quota_us == VN_CG_MAX)
		buf_printf(out, "max %" PRIu64 "\n", g->cpu_period_us);
	else if (g->cpu_quota_us == VN_CG_MACHINE)
		buf_printf(out, "%" PRIu64 " %" PRIu64 "\n",
			   (uint64_t)ncpus(c->m) * g->cpu_period_us, g->cpu_period_us);
	else
		buf_printf(out, "%" PRId64 " %" PRIu64 "\n", g->cpu_quota_us, g->cpu_period_us);
}

static void show_cpus(const struct cg *c, struct buf *out)
{
	sys_bitmap_list(out, 0, ncpus(c->m) - 1);
	buf_puts(out, "\n");
}

/* ---- memory ---- */

static void show_memory_current(const struct cg *c, struct buf *out)
{
	buf_printf(out, "%" PRIu64 "\n", rss_bytes(c));
}

static void show_memory_peak(const struct cg *c, struct buf *out)
{
	uint64_t peak = c->u ? c->u->peak_kb * 1024 : 0, now = rss_bytes(c);
	buf_printf(out, "%" PRIu64 "\n", peak > now ? peak : now);
}

static void show_memory_max(const struct cg *c, struct buf *out)
{
	limit(out, memory_max(c->m));
}

static void show_memory_high(const struct cg *c, struct buf *out)
{
	limit(out, c->m->cgroup.memory_high);
}

/* memory_stats[] in its order; node: a per-node counter (memory.numa_stat
 * lists those); anon: the sandbox's memory; active_anon: the same, as
 * /proc/meminfo's Active(anon) */
enum { MS_ZERO, MS_ANON, MS_SLAB };
static const struct {
	const char *name;
	unsigned char node, what;
} memory_stats[] = {
	{ "anon", 1, MS_ANON }, { "file", 1, 0 }, { "kernel", 0, 0 }, { "kernel_stack", 1, 0 },
	{ "pagetables", 1, 0 }, { "sec_pagetables", 1, 0 }, { "percpu", 0, 0 }, { "sock", 0, 0 },
	{ "vmalloc", 0, 0 }, { "shmem", 1, 0 }, { "zswap", 0, 0 }, { "zswapped", 0, 0 },
	{ "file_mapped", 1, 0 }, { "file_dirty", 1, 0 }, { "file_writeback", 1, 0 },
	{ "swapcached", 1, 0 }, { "anon_thp", 1, 0 }, { "file_thp", 1, 0 }, { "shmem_thp", 1, 0 },
	{ "inactive_anon", 1, 0 }, { "active_anon", 1, MS_ANON }, { "inactive_file", 1, 0 },
	{ "active_file", 1, 0 }, { "unevictable", 1, 0 }, { "slab_reclaimable", 1, 0 },
	{ "slab_unreclaimable", 1, 0 }, { "slab", 0, MS_SLAB }, { "hugetlb", 1, 0 },
	{ "workingset_refault_anon", 1, 0 }, { "workingset_refault_file", 1, 0 },
	{ "workingset_activate_anon", 1, 0 }, { "workingset_activate_file", 1, 0 },
	{ "workingset_restore_anon", 1, 0 }, { "workingset_restore_file", 1, 0 },
	{ "workingset_nodereclaim", 1, 0 }, { "pgdemote_kswapd", 1, 0 },
	{ "pgdemote_direct", 1, 0 }, { "pgdemote_khugepaged", 1, 0 },
	{ "pgdemote_proactive", 1, 0 }, { "pgpromote_success", 1, 0 },
};

/* then the events (memcg_vm_event_stat, less v1's pgpgin/pgpgout) */
static const char *const memory_events[] = {
	"pgscan", "pgsteal", "pswpin", "pswpout", "pgscan_kswapd", "pgscan_direct",
	"pgscan_khugepaged", "pgscan_proactive", "pgsteal_kswapd", "pgsteal_direct",
	"pgsteal_khugepaged", "pgsteal_proactive", "pgfault", "pgmajfault", "pgrefill",
	"pgactivate", "pgdeactivate", "pglazyfree", "pglazyfreed", "swpin_zero", "swpout_zero",
	"zswpin", "zswpout", "zswpwb", "thp_fault_alloc", "thp_collapse_alloc", "thp_swpout",
	"thp_swpout_fallback", "numa_pages_migrated", "numa_pte_updates", "numa_hint_faults",
};

static void show_memory_stat(const struct cg *c, struct buf *out)
{
	for (size_t i = 0; i < sizeof(memory_stats) / sizeof(memory_stats[0]); i++)
		buf_printf(out, "%s %" PRIu64 "\n", memory_stats[i].name,
			   memory_stats[i].what == MS_ANON ? rss_bytes(c) : 0);
	for (size_t i = 0; i < sizeof(memory_events) / sizeof(memory_events[0]); i++)
		buf_printf(out, "%s 0\n", memory_events[i]);
}

static void show_numa_stat(const struct cg *c, struct buf *out)
{
	for (size_t i = 0; i < sizeof(memory_stats) / sizeof(memory_stats[0]); i++)
		if (memory_stats[i].node)
			buf_printf(out, "%s N0=%" PRIu64 "\n", memory_stats[i].name,
				   memory_stats[i].what == MS_ANON ? rss_bytes(c) : 0);
}

static void show_memory_events(const struct cg *c, struct buf *out)
{
	(void)c;
	buf_puts(out, "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\nsock_throttled 0\n");
}

/* ---- pids ---- */

static void show_pids_current(const struct cg *c, struct buf *out)
{
	buf_printf(out, "%zu\n", c->u ? c->u->nthreads : 0);
}

static void show_pids_peak(const struct cg *c, struct buf *out)
{
	size_t now = c->u ? c->u->nthreads : 0, peak = c->u ? c->u->peak_threads : 0;
	buf_printf(out, "%zu\n", peak > now ? peak : now);
}

static void show_pids_max(const struct cg *c, struct buf *out)
{
	limit(out, c->m->cgroup.pids_max);
}

/* ---- the table ---- */

struct cg_file {
	const char *name;
	unsigned mode;
	bool live;                  /* follows the sandbox's use */
	const char *text;           /* fixed bytes, or NULL: show */
	void (*show)(const struct cg *c, struct buf *out);
};

static const struct cg_file files[] = {
	{ "cgroup.controllers", 0444, false, NULL, show_controllers },
	{ "cgroup.events", 0444, false, NULL, show_events },
	{ "cgroup.freeze", 0644, false, "0\n", NULL },
	{ "cgroup.kill", 0200, false, "", NULL },
	{ "cgroup.max.depth", 0644, false, "max\n", NULL },
	{ "cgroup.max.descendants", 0644, false, "max\n", NULL },
	{ "cgroup.pressure", 0644, false, "1\n", NULL },
	{ "cgroup.procs", 0644, true, NULL, show_procs },
	{ "cgroup.stat", 0444, false, NULL, show_stat },
	{ "cgroup.stat.local", 0444, false, "frozen_usec 0\n", NULL },
	{ "cgroup.subtree_control", 0644, false, "", NULL },   /* no internal tasks below */
	{ "cgroup.threads", 0644, true, NULL, show_threads },
	{ "cgroup.type", 0644, false, "domain\n", NULL },
	{ "cpu.idle", 0644, false, "0\n", NULL },
	{ "cpu.max", 0644, false, NULL, show_cpu_max },
	{ "cpu.max.burst", 0644, false, "0\n", NULL },
	{ "cpu.pressure", 0644, false, NULL, show_pressure },
	{ "cpu.stat", 0444, true, NULL, show_cpu_stat },
	{ "cpu.stat.local", 0444, false, "throttled_usec 0\n", NULL },
	{ "cpu.weight", 0644, false, "100\n", NULL },
	{ "cpu.weight.nice", 0644, false, "0\n", NULL },
	{ "cpuset.cpus", 0644, false, "\n", NULL },   /* none asked: the parent's */
	{ "cpuset.cpus.effective", 0444, false, NULL, show_cpus },
	{ "cpuset.cpus.exclusive", 0644, false, "\n", NULL },
	{ "cpuset.cpus.exclusive.effective", 0444, false, "\n", NULL },
	{ "cpuset.cpus.partition", 0644, false, "member\n", NULL },
	{ "cpuset.mems", 0644, false, "\n", NULL },
	{ "cpuset.mems.effective", 0444, false, "0\n", NULL },
	{ "io.max", 0644, false, "", NULL },      /* a line per block device: none */
	{ "io.pressure", 0644, false, NULL, show_pressure },
	{ "io.stat", 0444, false, "", NULL },
	{ "io.weight", 0644, false, "default 100\n", NULL },
	{ "memory.current", 0444, true, NULL, show_memory_current },
	{ "memory.events", 0444, false, NULL, show_memory_events },
	{ "memory.events.local", 0444, false, NULL, show_memory_events },
	{ "memory.high", 0644, false, NULL, show_memory_high },
	{ "memory.low", 0644, false, "0\n", NULL },
	{ "memory.max", 0644, false, NULL, show_memory_max },
	{ "memory.min", 0644, false, "0\n", NULL },
	{ "memory.numa_stat", 0444, true, NULL, show_numa_stat },
	{ "memory.oom.group", 0644, false, "0\n", NULL },
	{ "memory.peak", 0644, true, NULL, show_memory_peak },
	{ "memory.pressure", 0644, false, NULL, show_pressure },
	{ "memory.reclaim", 0200, false, "", NULL },
	{ "memory.stat", 0444, true, NULL, show_memory_stat },
	{ "memory.swap.current", 0444, false, "0\n", NULL },
	{ "memory.swap.events", 0444, false, "high 0\nmax 0\nfail 0\n", NULL },
	{ "memory.swap.high", 0644, false, "max\n", NULL },
	{ "memory.swap.max", 0644, false, "max\n", NULL },
	{ "memory.swap.peak", 0644, false, "0\n", NULL },
	{ "memory.zswap.current", 0444, false, "0\n", NULL },
	{ "memory.zswap.max", 0644, false, "max\n", NULL },
	{ "memory.zswap.writeback", 0644, false, "1\n", NULL },
	{ "pids.current", 0444, true, NULL, show_pids_current },
	{ "pids.events", 0444, false, "max 0\n", NULL },
	{ "pids.events.local", 0444, false, "max 0\n", NULL },
	{ "pids.max", 0644, false, NULL, show_pids_max },
	{ "pids.peak", 0444, true, NULL, show_pids_peak },
};

static void render(const struct vn_model *m, const struct vn_cgroup_use *use, bool live_only,
		   struct sys_tree *t)
{
	struct cg c = { m, use };
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (live_only && !files[i].live)
			continue;
		buf_reset(&b);
		if (files[i].text)
			buf_puts(&b, files[i].text);
		else
			files[i].show(&c, &b);
		sys_file(t, files[i].mode, &b, 0, SYS_CGROUP_DIR "/%s", files[i].name);
	}
	buf_free(&b);
}

void sys_render_cgroup(const struct vn_model *m, const struct vn_cgroup_use *use,
		       struct sys_tree *t)
{
	render(m, use, false, t);
}

void sys_render_cgroup_live(const struct vn_model *m, const struct vn_cgroup_use *use,
			    struct sys_tree *t)
{
	render(m, use, true, t);
}
