/* /sys/devices/system/cpu and /sys/devices/system/node: the model's CPUs
 * and memory as drivers/base/{cpu,topology,node}.c show them on an x86
 * guest with one socket of `cpus` cores, one thread each, and one NUMA
 * node: the machine /proc/cpuinfo describes (physical id 0, core id i,
 * cpu cores = siblings = cpus) and /proc/meminfo counts.
 *
 * What would show the host's CPU (the modalias and uevent of its feature
 * flags, vulnerabilities/, cache/, cpuidle/) is left out. */
#include "sys_net.h"

#include <stdio.h>

static int ncpus(const struct vn_model *m)
{
	return m->cpus > 0 ? m->cpus : 1;
}

/* A file of one CPU mask, as "%*pb" (hex) or "%*pbl" (list), of the CPUs
 * lo..hi among n. */
static void mask_file(struct sys_tree *t, const char *path, bool list, int n, int lo, int hi)
{
	struct buf b;
	buf_init(&b);
	if (list)
		sys_bitmap_list(&b, lo, hi);
	else
		sys_bitmap_hex(&b, n, lo, hi);
	buf_puts(&b, "\n");
	sys_file(t, 0444, &b, 0, "%s", path);
	buf_free(&b);
}

/* topology/: each CPU its own core, cluster and thread; all of them one
 * die and one package */
static void topology(struct sys_tree *t, int cpu, int n)
{
	static const struct {
		const char *name;
		bool all;   /* the whole package, or the CPU alone */
	} masks[] = {
		{ "cluster_cpus", false }, { "core_cpus", false }, { "core_siblings", true },
		{ "die_cpus", true }, { "package_cpus", true }, { "thread_siblings", false },
	};
	char dir[64], path[128];
	snprintf(dir, sizeof(dir), "devices/system/cpu/cpu%d/topology", cpu);
	sys_dir(t, "%s", dir);
	for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		int lo = masks[i].all ? 0 : cpu, hi = masks[i].all ? n - 1 : cpu;
		snprintf(path, sizeof(path), "%s/%s", dir, masks[i].name);
		mask_file(t, path, false, n, lo, hi);
		snprintf(path, sizeof(path), "%s/%s_list", dir, masks[i].name);
		mask_file(t, path, true, n, lo, hi);
	}
	sys_printf(t, 0444, dir, "cluster_id", "65535\n");   /* BAD_APICID & 0xffff: x86 sets none */
	sys_printf(t, 0444, dir, "core_id", "%d\n", cpu);
	sys_printf(t, 0444, dir, "die_id", "0\n");
	sys_printf(t, 0444, dir, "physical_package_id", "0\n");
}

static void cpus(const struct vn_model *m, struct sys_tree *t)
{
	int n = ncpus(m);
	sys_dir(t, "devices/system/cpu");
	sys_dir(t, "bus/cpu");
	sys_dir(t, "bus/cpu/devices");
	for (int i = 0; i < n; i++) {
		char dir[64], target[128];
		snprintf(dir, sizeof(dir), "devices/system/cpu/cpu%d", i);
		sys_dir(t, "%s", dir);
		sys_printf(t, 0444, dir, "cpu_capacity", "1024\n");
		if (i > 0)   /* the boot CPU cannot go offline: it has no online file */
			sys_printf(t, 0644, dir, "online", "1\n");
		sys_link(t, "../../node/node0", "devices/system/cpu/cpu%d/node0", i);
		sys_link(t, "../../../../bus/cpu", "devices/system/cpu/cpu%d/subsystem", i);
		topology(t, i, n);
		snprintf(target, sizeof(target), "../../../devices/system/cpu/cpu%d", i);
		sys_link(t, target, "bus/cpu/devices/cpu%d", i);
	}
	/* every CPU possible, present, online and enabled; none isolated;
	 * kernel_max is NR_CPUS - 1 of the reference kernel (256) */
	static const char *const all[] = { "enabled", "online", "possible", "present" };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		char path[64];
		snprintf(path, sizeof(path), "devices/system/cpu/%s", all[i]);
		mask_file(t, path, true, n, 0, n - 1);
	}
	sys_printf(t, 0444, "devices/system/cpu", "offline", "\n");
	sys_printf(t, 0444, "devices/system/cpu", "isolated", "\n");
	sys_printf(t, 0444, "devices/system/cpu", "kernel_max", "%d\n", n > 256 ? n - 1 : 255);
	sys_printf(t, 0644, "devices/system/cpu", "uevent", "%s", "");
	sys_dir(t, "devices/system/cpu/cpufreq");   /* a guest: no frequency driver */
	sys_dir(t, "devices/system/cpu/smt");
	sys_printf(t, 0444, "devices/system/cpu/smt", "active", "0\n");
	sys_printf(t, 0644, "devices/system/cpu/smt", "control", "notsupported\n");
}

/* node_read_meminfo's rows: the node is the whole machine, as on a guest
 * without NUMA; figures as /proc/meminfo's of a machine that has just
 * booted (the sandbox's use is not counted here: see design.md) */
static void node_meminfo(const struct vn_model *m, struct sys_tree *t)
{
	static const char *const kb_rows[] = {
		"MemTotal:", "MemFree:", "MemUsed:", "SwapCached:", "Active:", "Inactive:",
		"Active(anon):", "Inactive(anon):", "Active(file):", "Inactive(file):",
		"Unevictable:", "Mlocked:", "Dirty:", "Writeback:", "FilePages:", "Mapped:",
		"AnonPages:", "Shmem:", "KernelStack:", "PageTables:", "SecPageTables:",
		"NFS_Unstable:", "Bounce:", "WritebackTmp:", "KReclaimable:", "Slab:",
		"SReclaimable:", "SUnreclaim:", "AnonHugePages:", "ShmemHugePages:",
		"ShmemPmdMapped:", "FileHugePages:", "FilePmdMapped:",
	};
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < sizeof(kb_rows) / sizeof(kb_rows[0]); i++) {
		unsigned long long v = i == 0 || i == 1 ? (unsigned long long)m->memory_kb : 0;
		buf_printf(&b, "Node 0 %-16s%8llu kB\n", kb_rows[i], v);
	}
	static const char *const huge[] = { "HugePages_Total:", "HugePages_Free:", "HugePages_Surp:" };
	for (size_t i = 0; i < sizeof(huge) / sizeof(huge[0]); i++)
		buf_printf(&b, "Node 0 %-16s %5u\n", huge[i], 0u);
	sys_file(t, 0444, &b, 0, "devices/system/node/node0/meminfo");
	buf_free(&b);
}

static void node(const struct vn_model *m, struct sys_tree *t)
{
	int n = ncpus(m);
	sys_dir(t, "devices/system/node");
	static const char *const masks[] = { "has_cpu", "has_memory", "has_normal_memory", "online",
					     "possible" };
	for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++)
		sys_printf(t, 0444, "devices/system/node", masks[i], "0\n");
	sys_printf(t, 0444, "devices/system/node", "has_generic_initiator", "\n");
	sys_printf(t, 0644, "devices/system/node", "uevent", "%s", "");
	sys_dir(t, "devices/system/node/node0");
	mask_file(t, "devices/system/node/node0/cpulist", true, n, 0, n - 1);
	mask_file(t, "devices/system/node/node0/cpumap", false, n, 0, n - 1);
	sys_printf(t, 0444, "devices/system/node/node0", "distance", "10\n");
	node_meminfo(m, t);
	struct buf b;
	buf_init(&b);
	static const char *const numastat[] = { "numa_hit", "numa_miss", "numa_foreign",
						"interleave_hit", "local_node", "other_node" };
	for (size_t i = 0; i < sizeof(numastat) / sizeof(numastat[0]); i++)
		buf_printf(&b, "%s 0\n", numastat[i]);
	sys_file(t, 0444, &b, 0, "devices/system/node/node0/numastat");
	buf_free(&b);
	for (int i = 0; i < n; i++) {
		char target[64];
		snprintf(target, sizeof(target), "../../cpu/cpu%d", i);
		sys_link(t, target, "devices/system/node/node0/cpu%d", i);
	}
	sys_link(t, "../../../../bus/node", "devices/system/node/node0/subsystem");
	sys_printf(t, 0644, "devices/system/node/node0", "uevent", "%s", "");
	sys_dir(t, "bus/node");
	sys_dir(t, "bus/node/devices");
	sys_link(t, "../../../devices/system/node/node0", "bus/node/devices/node0");
}

void sys_render_cpu(const struct vn_model *m, struct sys_tree *t)
{
	cpus(m, t);
	node(m, t);
}
