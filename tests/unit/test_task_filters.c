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
		"301 250 0:22 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n"
		"310 301 0:55 / /proc ro,nosuid,nodev,noexec,relatime - tmpfs veneer ro,size=4k,mode=555\n"
		"311 250 0:56 / /data rw - tmpfs veneer rw\n"
		"312 280 0:57 / /sys ro,nosuid,nodev,noexec - tmpfs veneer-sys rw\n";
	filter_mountinfo(task, sizeof(task) - 1, &out);
	ck_assert_str_eq(text(),
		"300 250 0:21 / /sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw\n"
		"301 250 0:22 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n"
		"311 250 0:56 / /data rw - tmpfs veneer rw\n");
}
END_TEST

START_TEST(mounts_without_the_covers)
{
	static const char task[] =
		"sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n"
		"proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
		"veneer /proc tmpfs ro,nosuid,nodev,noexec,relatime,size=4k,mode=555 0 0\n"
		"veneer /data tmpfs rw 0 0\n"
		"veneer-sys /sys tmpfs ro,nosuid,nodev,noexec,relatime 0 0\n";
	filter_mounts(task, sizeof(task) - 1, &out);
	ck_assert_str_eq(text(),
		"sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n"
		"proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
		"veneer /data tmpfs rw 0 0\n");
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
	tcase_add_test(tc, garbage_passes_through);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
