/* /sys/fs/cgroup (sentry/sys/sys_cgroup.c): the files of a container's
 * cgroup namespace root with their modes, the core files as a child cgroup
 * of this 6.18 kernel's unified hierarchy shows them, the limits from the
 * model and the scenario's "cgroup", the use from the sandbox's tasks in
 * agreement with /proc/meminfo and /proc/stat. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc/proc_gen.h"
#include "scenario.h"
#include "sys/sys_cgroup.h"

static struct vn_model m;
static struct sys_tree t;

static void setup(void)
{
	vn_model_init(&m);
	char err[256];
	ck_assert_msg(vn_scenario_load_string(&m, "{}", 2, "empty", err, sizeof(err)) == 0, "%s", err);
	sys_tree_init(&t);
}

static void teardown(void)
{
	sys_tree_free(&t);
	vn_model_free(&m);
}

static const struct sys_node *file(const char *name)
{
	char path[128];
	snprintf(path, sizeof(path), SYS_CGROUP_DIR "/%s", name);
	const struct sys_node *n = sys_tree_find(&t, path);
	ck_assert_msg(n != NULL, "no %s", path);
	ck_assert_int_eq(n->kind, SYS_FILE);
	return n;
}

static const char *bytes(const char *name)
{
	return file(name)->data;
}

/* ls -l of a cgroup of a 6.18 kernel with these controllers: the core
 * files captured from a child of this host's unified hierarchy; the
 * controllers' from their cftype tables */
static const struct {
	const char *name;
	unsigned mode;
} listing[] = {
	{ "cgroup.controllers", 0444 }, { "cgroup.events", 0444 }, { "cgroup.freeze", 0644 },
	{ "cgroup.kill", 0200 }, { "cgroup.max.depth", 0644 }, { "cgroup.max.descendants", 0644 },
	{ "cgroup.pressure", 0644 }, { "cgroup.procs", 0644 }, { "cgroup.stat", 0444 },
	{ "cgroup.stat.local", 0444 }, { "cgroup.subtree_control", 0644 },
	{ "cgroup.threads", 0644 }, { "cgroup.type", 0644 }, { "cpu.idle", 0644 },
	{ "cpu.max", 0644 }, { "cpu.max.burst", 0644 }, { "cpu.pressure", 0644 },
	{ "cpu.stat", 0444 }, { "cpu.stat.local", 0444 }, { "cpu.weight", 0644 },
	{ "cpu.weight.nice", 0644 }, { "cpuset.cpus", 0644 }, { "cpuset.cpus.effective", 0444 },
	{ "cpuset.cpus.exclusive", 0644 }, { "cpuset.cpus.exclusive.effective", 0444 },
	{ "cpuset.cpus.partition", 0644 }, { "cpuset.mems", 0644 },
	{ "cpuset.mems.effective", 0444 }, { "io.max", 0644 }, { "io.pressure", 0644 },
	{ "io.stat", 0444 }, { "io.weight", 0644 }, { "memory.current", 0444 },
	{ "memory.events", 0444 }, { "memory.events.local", 0444 }, { "memory.high", 0644 },
	{ "memory.low", 0644 }, { "memory.max", 0644 }, { "memory.min", 0644 },
	{ "memory.numa_stat", 0444 }, { "memory.oom.group", 0644 }, { "memory.peak", 0644 },
	{ "memory.pressure", 0644 }, { "memory.reclaim", 0200 }, { "memory.stat", 0444 },
	{ "memory.swap.current", 0444 }, { "memory.swap.events", 0444 },
	{ "memory.swap.high", 0644 }, { "memory.swap.max", 0644 }, { "memory.swap.peak", 0644 },
	{ "memory.zswap.current", 0444 }, { "memory.zswap.max", 0644 },
	{ "memory.zswap.writeback", 0644 }, { "pids.current", 0444 }, { "pids.events", 0444 },
	{ "pids.events.local", 0444 }, { "pids.max", 0644 }, { "pids.peak", 0444 },
};

START_TEST(every_file_of_a_container_root)
{
	sys_render_cgroup(&m, NULL, &t);
	size_t n = sizeof(listing) / sizeof(listing[0]);
	ck_assert_uint_eq(t.n, n);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(file(listing[i].name)->mode == listing[i].mode, "%s: mode %o",
			      listing[i].name, file(listing[i].name)->mode);
}
END_TEST

/* cat of each core file of the child cgroup (a task in it: populated 1),
 * the controllers of ours added to cgroup.stat's subsystems */
START_TEST(core_files_as_linux)
{
	sys_render_cgroup(&m, NULL, &t);
	ck_assert_str_eq(bytes("cgroup.events"), "populated 1\nfrozen 0\n");
	ck_assert_str_eq(bytes("cgroup.freeze"), "0\n");
	ck_assert_str_eq(bytes("cgroup.kill"), "");
	ck_assert_str_eq(bytes("cgroup.max.depth"), "max\n");
	ck_assert_str_eq(bytes("cgroup.max.descendants"), "max\n");
	ck_assert_str_eq(bytes("cgroup.pressure"), "1\n");
	ck_assert_str_eq(bytes("cgroup.stat.local"), "frozen_usec 0\n");
	ck_assert_str_eq(bytes("cgroup.subtree_control"), "");
	ck_assert_str_eq(bytes("cgroup.type"), "domain\n");
	ck_assert_str_eq(bytes("cgroup.controllers"), "cpuset cpu io memory pids\n");
	ck_assert_str_eq(bytes("cgroup.stat"),
			 "nr_descendants 0\nnr_subsys_cpuset 1\nnr_subsys_cpu 1\nnr_subsys_io 1\n"
			 "nr_subsys_memory 1\nnr_subsys_perf_event 1\nnr_subsys_hugetlb 0\n"
			 "nr_subsys_pids 1\nnr_dying_descendants 0\nnr_dying_subsys_cpuset 0\n"
			 "nr_dying_subsys_cpu 0\nnr_dying_subsys_io 0\nnr_dying_subsys_memory 0\n"
			 "nr_dying_subsys_perf_event 0\nnr_dying_subsys_hugetlb 0\n"
			 "nr_dying_subsys_pids 0\n");
	static const char psi[] = "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
				  "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
	ck_assert_str_eq(bytes("cpu.pressure"), psi);
	ck_assert_str_eq(bytes("io.pressure"), psi);
	ck_assert_str_eq(bytes("memory.pressure"), psi);
	ck_assert_str_eq(bytes("cpu.stat"), "usage_usec 0\nuser_usec 0\nsystem_usec 0\nnice_usec 0\n"
			 "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\nnr_bursts 0\nburst_usec 0\n");
	ck_assert_str_eq(bytes("cgroup.procs"), "");
}
END_TEST

/* the default model: 2 CPUs, 2 GiB */
START_TEST(limits_are_the_machines)
{
	sys_render_cgroup(&m, NULL, &t);
	ck_assert_str_eq(bytes("cpu.max"), "200000 100000\n");
	ck_assert_str_eq(bytes("cpuset.cpus.effective"), "0-1\n");
	ck_assert_str_eq(bytes("cpuset.cpus"), "\n");
	ck_assert_str_eq(bytes("cpuset.mems.effective"), "0\n");
	ck_assert_str_eq(bytes("memory.max"), "2147483648\n");
	ck_assert_str_eq(bytes("memory.high"), "max\n");
	ck_assert_str_eq(bytes("memory.swap.max"), "max\n");
	ck_assert_str_eq(bytes("pids.max"), "max\n");
	ck_assert_str_eq(bytes("io.weight"), "default 100\n");
	ck_assert_str_eq(bytes("io.stat"), "");
	m.cpus = 1;
	sys_tree_free(&t);
	sys_render_cgroup(&m, NULL, &t);
	ck_assert_str_eq(bytes("cpu.max"), "100000 100000\n");
	ck_assert_str_eq(bytes("cpuset.cpus.effective"), "0\n");
}
END_TEST

static int load(const char *json, char *err, size_t errlen)
{
	vn_model_free(&m);
	vn_model_init(&m);
	return vn_scenario_load_string(&m, json, strlen(json), "s.json", err, errlen);
}

START_TEST(scenario_sets_the_limits)
{
	char err[256];
	ck_assert_msg(load("{\"cpus\": 8, \"cgroup\": {\"cpu_max\": \"150000 100000\", "
			   "\"memory_max\": \"512M\", \"memory_high\": 400000001, \"pids_max\": 64}}",
			   err, sizeof(err)) == 0, "%s", err);
	sys_render_cgroup(&m, NULL, &t);
	ck_assert_str_eq(bytes("cpu.max"), "150000 100000\n");
	ck_assert_str_eq(bytes("cpuset.cpus.effective"), "0-7\n");
	ck_assert_str_eq(bytes("memory.max"), "536870912\n");
	ck_assert_str_eq(bytes("memory.high"), "399998976\n");   /* to the page, as the kernel */
	ck_assert_str_eq(bytes("pids.max"), "64\n");
	ck_assert_int_eq(load("{\"cgroup\": {\"cpu_max\": \"max\", \"memory_max\": \"max\"}}", err,
			      sizeof(err)), 0);
	sys_tree_free(&t);
	sys_render_cgroup(&m, NULL, &t);
	ck_assert_str_eq(bytes("cpu.max"), "max 100000\n");
	ck_assert_str_eq(bytes("memory.max"), "max\n");
	ck_assert_int_eq(load("{\"cgroup\": {\"cpu_max\": \"50000\"}}", err, sizeof(err)), 0);
	sys_tree_free(&t);
	sys_render_cgroup(&m, NULL, &t);
	ck_assert_str_eq(bytes("cpu.max"), "50000 100000\n");
	static const char *const bad[] = {
		"{\"cgroup\": {\"cpu_max\": \"500 100000\"}}", "{\"cgroup\": {\"cpu_max\": \"max 10\"}}",
		"{\"cgroup\": {\"cpu_max\": \"1x\"}}", "{\"cgroup\": {\"memory_max\": \"12Q\"}}",
		"{\"cgroup\": {\"memory_max\": -1}}", "{\"cgroup\": {\"pids_max\": \"lots\"}}",
		"{\"cgroup\": {\"pids_max\": -3}}", "{\"cgroup\": 3}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(load(bad[i], err, sizeof(err)) < 0, "accepted %s", bad[i]);
		ck_assert_msg(strstr(err, "s.json:1:") && strstr(err, "cgroup"), "%s", err);
	}
}
END_TEST

static const int procs[] = { 2, 7 };
static const int threads[] = { 2, 7, 8, 9 };

static void render_use(const struct vn_sandbox *sb, bool live)
{
	struct vn_cgroup_use u = { .sb = sb, .procs = procs, .nprocs = 2, .threads = threads,
				   .nthreads = 4, .peak_kb = 9000, .peak_threads = 3 };
	sys_tree_free(&t);
	if (live)
		sys_render_cgroup_live(&m, &u, &t);
	else
		sys_render_cgroup(&m, &u, &t);
}

static uint64_t field(const char *text, const char *key)
{
	const char *p = strstr(text, key);
	ck_assert_msg(p != NULL, "no %s", key);
	return strtoull(p + strlen(key), NULL, 10);
}

/* memory.current is what /proc/meminfo counts as used; cpu.stat the
 * sandbox's ticks of /proc/stat in microseconds */
START_TEST(use_is_the_sandboxs)
{
	struct vn_sandbox sb = { .rss_kb = 12345, .utime = 250, .stime = 40, .ntasks = 2 };
	render_use(&sb, false);
	ck_assert_str_eq(bytes("cgroup.procs"), "2\n7\n");
	ck_assert_str_eq(bytes("cgroup.threads"), "2\n7\n8\n9\n");
	ck_assert_str_eq(bytes("pids.current"), "4\n");
	ck_assert_str_eq(bytes("pids.peak"), "4\n");
	ck_assert_str_eq(bytes("memory.current"), "12641280\n");
	ck_assert_str_eq(bytes("memory.peak"), "12641280\n");
	ck_assert_uint_eq(field(bytes("memory.stat"), "\nactive_anon "), 12641280);
	ck_assert_uint_eq(field(bytes("memory.stat"), "anon "), 12641280);
	ck_assert_uint_eq(field(bytes("memory.stat"), "\nfile "), 0);
	ck_assert_uint_eq(field(bytes("memory.numa_stat"), "anon N0="), 12641280);
	ck_assert_ptr_null(strstr(bytes("memory.numa_stat"), "kernel "));
	ck_assert_uint_eq(field(bytes("cpu.stat"), "usage_usec "), 2900000);
	ck_assert_uint_eq(field(bytes("cpu.stat"), "user_usec "), 2500000);
	ck_assert_uint_eq(field(bytes("cpu.stat"), "system_usec "), 400000);

	struct buf mi;
	buf_init(&mi);
	struct proc_ctx ctx = { .sb = &sb };
	gen_meminfo(&m, &ctx, &mi);
	buf_puts(&mi, "");
	ck_assert_uint_eq(field(mi.data, "Active(anon):") * 1024, field(bytes("memory.current"), ""));
	buf_free(&mi);

	sb.rss_kb = 1000;   /* down from a peak */
	render_use(&sb, false);
	ck_assert_str_eq(bytes("memory.peak"), "9216000\n");
}
END_TEST

/* what the supervisor rewrites at an open is what the whole tree has */
START_TEST(live_files_are_a_part)
{
	struct vn_sandbox sb = { .rss_kb = 777, .utime = 3 };
	render_use(&sb, false);
	struct sys_tree whole = t;
	sys_tree_init(&t);
	render_use(&sb, true);
	ck_assert_uint_eq(t.n, 9);
	for (size_t i = 0; i < t.n; i++) {
		const struct sys_node *w = sys_tree_find(&whole, t.v[i].path);
		ck_assert_ptr_nonnull(w);
		ck_assert_str_eq(w->data, t.v[i].data);
		ck_assert_uint_eq(w->mode, t.v[i].mode);
	}
	sys_tree_free(&whole);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sys_cgroup");
	TCase *tc = tcase_create("sys_cgroup");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, every_file_of_a_container_root);
	tcase_add_test(tc, core_files_as_linux);
	tcase_add_test(tc, limits_are_the_machines);
	tcase_add_test(tc, scenario_sets_the_limits);
	tcase_add_test(tc, use_is_the_sandboxs);
	tcase_add_test(tc, live_files_are_a_part);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
