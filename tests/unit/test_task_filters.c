/* The rewrites that hide veneer in a task's own status, mountinfo, mounts. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "proc/task_filters.h"

static struct buf out;

static void setup(void) { buf_init(&out); }
static void teardown(void) { buf_free(&out); }

static const char *text(void)
{
	buf_puts(&out, "");
	return out.data;
}

START_TEST(status_shows_no_tracer_no_seccomp_and_the_models_caps)
{
	static const char host[] =
		"Name:\tcat\nState:\tS (sleeping)\nTracerPid:\t4242\nUid:\t0\t0\t0\t0\n"
		"CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n"
		"CapBnd:\t0000000000000000\nCapAmb:\t0000000000000000\nNoNewPrivs:\t1\n"
		"Seccomp:\t2\nSeccomp_filters:\t1\nSpeculation_Store_Bypass:\tthread vulnerable\n";
	filter_status(host, sizeof(host) - 1, 1u << 12, true, &out);
	ck_assert_str_eq(text(),
		"Name:\tcat\nState:\tR (running)\nTracerPid:\t0\nUid:\t0\t0\t0\t0\n"
		"CapInh:\t0000000000000000\nCapPrm:\t0000000000001000\nCapEff:\t0000000000001000\n"
		"CapBnd:\t0000000000001000\nCapAmb:\t0000000000000000\nNoNewPrivs:\t1\n"
		"Seccomp:\t0\nSeccomp_filters:\t0\nSpeculation_Store_Bypass:\tthread vulnerable\n");
}
END_TEST

START_TEST(other_tasks_keep_their_state)
{
	static const char host[] = "Name:\tsleep\nState:\tT (stopped)\nTgid:\t9\n";
	filter_status(host, sizeof(host) - 1, 0, false, &out);
	ck_assert_str_eq(text(), host);
}
END_TEST

START_TEST(mountinfo_without_the_covers)
{
	static const char task[] =
		"300 250 0:21 / /sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw\n"
		"302 300 0:23 / /sys/fs/cgroup rw,relatime shared:4 - tmpfs tmpfs rw,mode=755\n"
		"303 302 0:24 /.. /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
		"301 250 0:22 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n"
		"310 301 0:55 / /proc ro,nosuid,nodev,noexec,relatime - tmpfs veneer ro,size=4k,mode=555\n"
		"311 250 0:56 / /data rw - tmpfs veneer rw\n"
		"304 250 0:58 / /sysadmin rw - tmpfs tmpfs rw\n"
		"312 300 0:57 / /sys ro,nosuid,nodev,noexec shared:9 - tmpfs veneer-sys rw\n";
	filter_mountinfo(task, sizeof(task) - 1, &out);
	ck_assert_str_eq(text(),
		"300 250 0:21 / /sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw\n"
		"301 250 0:22 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n"
		"311 250 0:56 / /data rw - tmpfs veneer rw\n"
		"304 250 0:58 / /sysadmin rw - tmpfs tmpfs rw\n"
		"312 300 0:57 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - cgroup2 cgroup2 "
		"rw,nsdelegate,memory_recursiveprot\n");
}
END_TEST

START_TEST(mounts_without_the_covers)
{
	static const char task[] =
		"sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n"
		"proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
		"veneer /proc tmpfs ro,nosuid,nodev,noexec,relatime,size=4k,mode=555 0 0\n"
		"veneer /data tmpfs rw 0 0\n"
		"sysfs /sys sysfs rw 0 0\n"   /* ip netns exec's second sysfs */
		"veneer-sys /sys tmpfs ro,nosuid,nodev,noexec,relatime 0 0\n"
		"veneer-sys /sys tmpfs ro,nosuid,nodev,noexec,relatime 0 0\n";
	filter_mounts(task, sizeof(task) - 1, &out);
	ck_assert_str_eq(text(),
		"sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n"
		"proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
		"veneer /data tmpfs rw 0 0\n"
		"sysfs /sys sysfs rw 0 0\n"
		"cgroup2 /sys/fs/cgroup cgroup2 ro,nosuid,nodev,noexec,relatime,"
		"nsdelegate,memory_recursiveprot 0 0\n");
}
END_TEST

/* a host with v1 hierarchies (this one) and one without (a container's) */
START_TEST(cgroup_is_the_unified_line)
{
	static const char hybrid[] = "9:name=systemd:/\n4:memory:/\n1:cpu:/\n0::/\n";
	filter_cgroup(hybrid, sizeof(hybrid) - 1, &out);
	ck_assert_str_eq(text(), "0::/\n");
	buf_reset(&out);
	static const char v1[] = "4:memory:/\n1:cpu:/\n";
	filter_cgroup(v1, sizeof(v1) - 1, &out);
	ck_assert_str_eq(text(), "0::/\n");
	buf_reset(&out);
	static const char below[] = "0::/worker\n";
	filter_cgroup(below, sizeof(below) - 1, &out);
	ck_assert_str_eq(text(), below);
}
END_TEST

START_TEST(garbage_passes_through)
{
	static const char junk[] = "no fields\n - \n\n-\nveneer \n";
	filter_mountinfo(junk, sizeof(junk) - 1, &out);
	filter_mounts(junk, sizeof(junk) - 1, &out);
	filter_status(junk, sizeof(junk) - 1, 0, false, &out);
	ck_assert_uint_eq(out.len, 3 * (sizeof(junk) - 1));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("task_filters");
	TCase *tc = tcase_create("task_filters");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, status_shows_no_tracer_no_seccomp_and_the_models_caps);
	tcase_add_test(tc, other_tasks_keep_their_state);
	tcase_add_test(tc, mountinfo_without_the_covers);
	tcase_add_test(tc, mounts_without_the_covers);
	tcase_add_test(tc, cgroup_is_the_unified_line);
	tcase_add_test(tc, garbage_passes_through);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
