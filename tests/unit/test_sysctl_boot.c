/* The /proc/sys files a kernel sizes or sets at boot, against a fresh
 * namespace of a 6.18 guest (2 CPUs, MemTotal 24683772 kB, booted with
 * "... quiet ... panic=1 ...") and the kernel's formulas for other
 * machines; and the constant rows the kernel declares. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "proc/proc_gen.h"
#include "proc/sysctl_const.h"
#include "sandbox.h"

static struct vn_model m;
static struct buf out;

static void setup(void)
{
	vn_model_init(&m);
	m.cpus = 2;
	m.memory_kb = 24683772;
	strcpy(m.cmdline, "mitigations=auto console=ttyS0 quiet reboot=k panic=1 nomodule "
			  "rdinit=/process_api -- --firecracker-init --addr 0.0.0.0:2024");
	buf_init(&out);
}

static void teardown(void)
{
	vn_model_free(&m);
	buf_free(&out);
}

static const char *render(proc_gen_fn g, int arg)
{
	struct proc_ctx ctx = { .arg = arg };
	buf_reset(&out);
	g(&m, &ctx, &out);
	buf_append(&out, "", 1);
	return out.data;
}

START_TEST(command_line)
{
	ck_assert_str_eq(render(gen_sys_panic, 0), "1\n");
	ck_assert_str_eq(render(gen_sys_printk, 0), "4\t4\t1\t7\n");
	/* the defaults; the last setting wins; init's arguments are not the kernel's */
	strcpy(m.cmdline, "console=ttyS0");
	ck_assert_str_eq(render(gen_sys_panic, 0), "0\n");
	ck_assert_str_eq(render(gen_sys_printk, 0), "7\t4\t1\t7\n");
	strcpy(m.cmdline, "quiet loglevel=3 panic=10 panic=5 -- debug panic=7");
	ck_assert_str_eq(render(gen_sys_panic, 0), "5\n");
	ck_assert_str_eq(render(gen_sys_printk, 0), "3\t4\t1\t7\n");
	strcpy(m.cmdline, "loglevel=3 debug panicky=4");
	ck_assert_str_eq(render(gen_sys_printk, 0), "10\t4\t1\t7\n");
	ck_assert_str_eq(render(gen_sys_panic, 0), "0\n");
}
END_TEST

START_TEST(cpu_masks)
{
	ck_assert_str_eq(render(gen_sys_watchdog_cpumask, 0), "0-1\n");
	ck_assert_str_eq(render(gen_core_rps_default_mask, 0), "0\n");
	m.cpus = 1;
	ck_assert_str_eq(render(gen_sys_watchdog_cpumask, 0), "0\n");
	m.cpus = 40;   /* "%*pb": the top word as wide as its 8 bits need */
	ck_assert_str_eq(render(gen_sys_watchdog_cpumask, 0), "0-39\n");
	ck_assert_str_eq(render(gen_core_rps_default_mask, 0), "00,00000000\n");
	m.cpus = 64;
	ck_assert_str_eq(render(gen_core_rps_default_mask, 0), "00000000,00000000\n");
}
END_TEST

START_TEST(sized_from_memory)
{
	/* Linux here: the same hash sizes and buffer limits */
	ck_assert_str_eq(render(gen_tcp_ehash_entries, 0), "-262144\n");
	ck_assert_str_eq(render(gen_udp_hash_entries, 0), "-16384\n");
	ck_assert_str_eq(render(gen_tcp_max_syn_backlog, 0), "2048\n");
	ck_assert_str_eq(render(gen_tcp_max_tw_buckets, 0), "131072\n");
	ck_assert_str_eq(render(gen_tcp_rmem, 0), "4096\t131072\t33554432\n");
	ck_assert_str_eq(render(gen_tcp_wmem, 0), "4096\t16384\t4194304\n");
	/* Linux: 205042 and 96367, from the memory left after boot's own
	 * allocations; the model counts MemTotal (as threads-max: 192841) */
	ck_assert_str_eq(render(gen_fanotify_max_marks, 0), "205162\n");
	ck_assert_str_eq(render(gen_user_max_namespaces, 0), "96420\n");
	/* a small machine: the floors */
	m.memory_kb = 65536;
	ck_assert_str_eq(render(gen_tcp_ehash_entries, 0), "-512\n");
	ck_assert_str_eq(render(gen_udp_hash_entries, 0), "-128\n");
	ck_assert_str_eq(render(gen_tcp_max_syn_backlog, 0), "128\n");
	ck_assert_str_eq(render(gen_tcp_rmem, 0), "4096\t131072\t524288\n");
	ck_assert_str_eq(render(gen_tcp_wmem, 0), "4096\t16384\t524288\n");
	ck_assert_str_eq(render(gen_fanotify_max_marks, 0), "8192\n");
	ck_assert_str_eq(render(gen_user_max_namespaces, 0), "256\n");
}
END_TEST

START_TEST(last_pid_of_the_sandbox)
{
	ck_assert_str_eq(render(gen_sys_ns_last_pid, 0), "0\n");
	struct vn_sandbox sb = { .last_pid = 42 };
	struct proc_ctx ctx = { .sb = &sb };
	buf_reset(&out);
	gen_sys_ns_last_pid(&m, &ctx, &out);
	buf_append(&out, "", 1);
	ck_assert_str_eq(out.data, "42\n");
}
END_TEST

START_TEST(constants_as_the_kernel_prints_them)
{
	static const struct { int row; const char *text; } cases[] = {
		{ SC_shmmax, "18446744073692774399\n" },
		{ SC_sem, "32000\t1024000000\t500\t32000\n" },
		{ SC_umh_bset, "4294967295\t511\n" },
		{ SC_panic_sys_info, "\n" },
		{ SC_n4_retrans_time, "100\n" },
		{ SC_n6_retrans_time, "250\n" },      /* IPv6 prints jiffies */
		{ SC_n6_locktime, "0\n" },
		{ SC_icmp6_ratemask, "0-1,3-127\n" },
		{ SC_ip_local_reserved_ports, "\n" },
		{ SC_dentry_state, "0\t0\t45\t0\t0\t0\n" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_str_eq(render(gen_sysctl_const, cases[i].row), cases[i].text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sysctl_boot");
	TCase *tc = tcase_create("sysctl_boot");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, command_line);
	tcase_add_test(tc, cpu_masks);
	tcase_add_test(tc, sized_from_memory);
	tcase_add_test(tc, last_pid_of_the_sandbox);
	tcase_add_test(tc, constants_as_the_kernel_prints_them);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
