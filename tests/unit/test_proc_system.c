/* /proc/meminfo, cpuinfo, stat, uptime, loadavg, swaps from the model and
 * the sandbox's figures: formats of fs/proc/ (meminfo.c, stat.c ...), values of the model. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "proc/proc_gen.h"

static struct vn_model m;
static struct vn_sandbox sb;
static struct proc_ctx ctx;
static struct buf out;

static void setup(void)
{
	vn_model_init(&m);
	m.cpus = 3;
	m.memory_kb = 3145728;
	sb = (struct vn_sandbox){ .uptime_cs = 12345, .boot_time = 1700000000, .ntasks = 3,
				  .nthreads = 4, .nrunning = 1, .last_pid = 4242, .rss_kb = 10240,
				  .utime = 50, .stime = 25,
				  .cpu_template = "processor\t: 7\nvendor_id\t: AuthenticAMD\n"
						  "physical id\t: 1\nsiblings\t: 16\ncore id\t\t: 7\n"
						  "cpu cores\t: 16\napicid\t\t: 14\ninitial apicid\t: 14\n"
						  "flags\t\t: fpu vme\n" };
	ctx = (struct proc_ctx){ .pid = 1, .tid = 1, .sb = &sb };
	buf_init(&out);
}

static void teardown(void)
{
	buf_free(&out);
	vn_model_free(&m);
}

static const char *line_of(const char *key)
{
	buf_puts(&out, "");
	const char *p = strstr(out.data, key);
	ck_assert_msg(p != NULL, "no %s", key);
	return p;
}

START_TEST(meminfo_has_the_models_total_and_the_sandboxs_use)
{
	gen_meminfo(&m, &ctx, &out);
	ck_assert(strncmp(out.data, "MemTotal:        3145728 kB\nMemFree:         3135488 kB\n"
				    "MemAvailable:    3135488 kB\nBuffers:               0 kB\n", 109) == 0);
	ck_assert(strncmp(line_of("HardwareCorrupted:"), "HardwareCorrupted:     0 kB\n", 28) == 0);
	ck_assert(strncmp(line_of("VmallocTotal:"), "VmallocTotal:   34359738367 kB\n", 31) == 0);
	ck_assert(strncmp(line_of("HugePages_Free:"), "HugePages_Free:        0\n", 25) == 0);
	ck_assert(strncmp(line_of("SwapTotal:"), "SwapTotal:             0 kB\n", 28) == 0);
}
END_TEST

START_TEST(cpuinfo_has_the_models_cpus)
{
	gen_cpuinfo(&m, &ctx, &out);
	buf_puts(&out, "");
	ck_assert_str_eq(out.data,
		"processor\t: 0\nvendor_id\t: AuthenticAMD\nphysical id\t: 0\nsiblings\t: 3\n"
		"core id\t\t: 0\ncpu cores\t: 3\napicid\t\t: 0\ninitial apicid\t: 0\n"
		"flags\t\t: fpu vme\n\n"
		"processor\t: 1\nvendor_id\t: AuthenticAMD\nphysical id\t: 0\nsiblings\t: 3\n"
		"core id\t\t: 1\ncpu cores\t: 3\napicid\t\t: 1\ninitial apicid\t: 1\n"
		"flags\t\t: fpu vme\n\n"
		"processor\t: 2\nvendor_id\t: AuthenticAMD\nphysical id\t: 0\nsiblings\t: 3\n"
		"core id\t\t: 2\ncpu cores\t: 3\napicid\t\t: 2\ninitial apicid\t: 2\n"
		"flags\t\t: fpu vme\n\n");
}
END_TEST

START_TEST(stat_uptime_loadavg)
{
	/* 123.45 s × 3 CPUs = 37035 ticks of capacity, 75 busy */
	gen_stat(&m, &ctx, &out);
	buf_puts(&out, "");
	ck_assert_str_eq(out.data,
		"cpu  50 0 25 36960 0 0 0 0 0 0\n"
		"cpu0 17 0 9 12320 0 0 0 0 0 0\n"
		"cpu1 17 0 8 12320 0 0 0 0 0 0\n"
		"cpu2 16 0 8 12320 0 0 0 0 0 0\n"
		"intr 0\nctxt 0\nbtime 1700000000\nprocesses 3\nprocs_running 1\n"
		"procs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n");
	buf_reset(&out);
	gen_uptime(&m, &ctx, &out);
	buf_puts(&out, "");
	ck_assert_str_eq(out.data, "123.45 369.60\n");
	buf_reset(&out);
	gen_loadavg(&m, &ctx, &out);
	buf_puts(&out, "");
	ck_assert_str_eq(out.data, "0.00 0.00 0.00 1/4 4242\n");
	buf_reset(&out);
	gen_swaps(&m, &ctx, &out);
	buf_puts(&out, "");
	ck_assert_str_eq(out.data, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("proc_system");
	TCase *tc = tcase_create("proc_system");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, meminfo_has_the_models_total_and_the_sandboxs_use);
	tcase_add_test(tc, cpuinfo_has_the_models_cpus);
	tcase_add_test(tc, stat_uptime_loadavg);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
