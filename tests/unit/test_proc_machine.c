/* /proc/cmdline, filesystems, partitions, diskstats, interrupts, softirqs,
 * schedstat, pressure and /proc/sys/{kernel,fs} from the model, against
 * bytes captured from Linux 6.18 (proc_captured.h), and the /proc table
 * that serves them: nothing of the host's is left in it. */
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc/proc_gen.h"
#include "proc/proc_tree.h"
#include "proc/sysctl_const.h"
#include "proc_captured.h"

static struct vn_model m;
static struct vn_sandbox sb;
static struct proc_ctx ctx;
static struct buf out;

static void setup(void)
{
	vn_model_init(&m);
	m.cpus = 2;
	sb = (struct vn_sandbox){ .uptime_cs = 1234, .utime = 7, .stime = 4 };
	ctx = (struct proc_ctx){ .pid = 2, .tid = 2, .sb = &sb };
	buf_init(&out);
}

static void teardown(void)
{
	buf_free(&out);
	vn_model_free(&m);
}

static const char *render(proc_gen_fn g)
{
	buf_reset(&out);
	g(&m, &ctx, &out);
	buf_puts(&out, "");
	return out.data;
}

/* numbers right-aligned in columns, masked: each one's last digit a '#',
 * the others blanks */
static char *shape(const char *s)
{
	char *r = strdup(s);
	for (char *p = r; *p; p++)
		if (isdigit((unsigned char)*p))
			*p = isdigit((unsigned char)p[1]) ? ' ' : '#';
	return r;
}

/* the captured file's shape, and no count but 0 */
static void same_shape_all_zero(const char *got, const char *captured)
{
	char *a = shape(got), *b = shape(captured);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	for (const char *p = got; *p; p++)
		if (isdigit((unsigned char)*p) && (p == got || !isalnum((unsigned char)p[-1])))
			ck_assert_msg(*p == '0' && !isdigit((unsigned char)p[1]), "a count: %.20s", p);
}

START_TEST(cmdline_filesystems_block_devices)
{
	strcpy(m.cmdline, "BOOT_IMAGE=/boot/vmlinuz-6.18.0 root=UUID=1b2c ro quiet");
	ck_assert_str_eq(render(gen_cmdline), "BOOT_IMAGE=/boot/vmlinuz-6.18.0 root=UUID=1b2c ro quiet\n");
	ck_assert_str_eq(render(gen_filesystems), captured_filesystems);
	/* no block device: both empty (genhd.c prints the header with a disk) */
	ck_assert_str_eq(render(gen_no_block_devices), "");
}
END_TEST

/* One column per model CPU. */
START_TEST(interrupts_and_softirqs_per_cpu)
{
	same_shape_all_zero(render(gen_interrupts), captured_interrupts);
	same_shape_all_zero(render(gen_softirqs), captured_softirqs);
	m.cpus = 1;
	ck_assert_str_eq(render(gen_softirqs),
		"                    CPU0       \n"
		"          HI:          0\n       TIMER:          0\n      NET_TX:          0\n"
		"      NET_RX:          0\n       BLOCK:          0\n    IRQ_POLL:          0\n"
		"     TASKLET:          0\n       SCHED:          0\n     HRTIMER:          0\n"
		"         RCU:          0\n");
	const char *irq = render(gen_interrupts);
	ck_assert(strncmp(irq, "           CPU0       \nNMI:          0   Non-maskable interrupts\n", 63) == 0);
	ck_assert(strstr(irq, "\nERR:          0\nMIS:          0\nPIN:          0   Posted") != NULL);
	/* 72 CPUs make nr_irqs 1000: a column of 4 */
	m.cpus = 72;
	irq = render(gen_interrupts);
	ck_assert(strncmp(irq, "            CPU0       CPU1", 27) == 0);
	ck_assert(strstr(irq, "\n NMI:          0          0") != NULL);
}
END_TEST

/* No capture: the kernel veneer is checked on has no CONFIG_SCHEDSTATS.
 * The format of kernel/sched/stats.c, version 17. */
START_TEST(schedstat_version_17)
{
	const char *zeros = " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"
			    " 0 0 0 0 0 0 0 0 0 0\n";
	char want[1024];
	/* 12.34 s at HZ 250 from INITIAL_JIFFIES; 11 ticks of the sandbox, 6 + 5 */
	snprintf(want, sizeof(want), "version 17\ntimestamp 4294895381\n"
		 "cpu0 0 0 0 0 0 0 60000000 0 0\ndomain0 MC 3%s"
		 "cpu1 0 0 0 0 0 0 50000000 0 0\ndomain0 MC 3%s", zeros, zeros);
	ck_assert_str_eq(render(gen_schedstat), want);
	m.cpus = 1;   /* one CPU: no scheduling domain */
	ck_assert_str_eq(render(gen_schedstat),
			 "version 17\ntimestamp 4294895381\ncpu0 0 0 0 0 0 0 110000000 0 0\n");
	m.cpus = 40;
	ck_assert(strstr(render(gen_schedstat), "\ncpu39 0 0 0 0 0 0 0 0 0\ndomain0 MC ff,ffffffff 0 0 ") != NULL);
}
END_TEST

START_TEST(pressure_is_none)
{
	ck_assert_str_eq(render(gen_pressure), captured_pressure);
}
END_TEST

static bool is_uuid(const char *s)
{
	for (int i = 0; i < 36; i++)
		if (i == 8 || i == 13 || i == 18 || i == 23 ? s[i] != '-' :
		    !isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return false;
	return s[36] == '\n' && s[37] == '\0';
}

START_TEST(random_boot_id_and_uuid)
{
	static const uint8_t id[16] = { 0xd9, 0x22, 0x4c, 0x2a, 0x6f, 0x78, 0x40, 0x84,
					0x8b, 0xdf, 0xb0, 0xca, 0x12, 0x7c, 0x7e, 0x63 };
	memcpy(m.boot_id, id, 16);
	ck_assert_str_eq(render(gen_random_boot_id), "d9224c2a-6f78-4084-8bdf-b0ca127c7e63\n");
	char first[64];
	strcpy(first, render(gen_random_uuid));
	ck_assert(is_uuid(first));
	ck_assert_int_eq(first[14], '4');                       /* version 4 */
	ck_assert(strchr("89ab", first[19]) != NULL);            /* variant 10 */
	ck_assert_str_ne(render(gen_random_uuid), first);       /* a new one at each read */
	ctx.arg = SC_entropy_avail;
	ck_assert_str_eq(render(gen_sysctl_const), "256\n");
	ctx.arg = SC_poolsize;
	ck_assert_str_eq(render(gen_sysctl_const), "256\n");
	ctx.arg = SC_lowmem_reserve_ratio;
	ck_assert_str_eq(render(gen_sysctl_const), "256\t256\t32\t0\t0\n");
}
END_TEST

/* The limits of fs, from the model's memory as a kernel sizes them. */
START_TEST(fs_limits_from_memory)
{
	m.memory_kb = 1048576;
	ck_assert_str_eq(render(gen_fs_file_max), "104857\n");
	ck_assert_str_eq(render(gen_fs_file_nr), "0\t0\t104857\n");
	ck_assert_str_eq(render(gen_inotify_max_user_watches), "8192\n");   /* the floor */
	ck_assert_str_eq(render(gen_epoll_max_user_watches), "233405\n");
	/* The captured machine (24683772 kB) says 2466239, 192540 and 5491645:
	 * its fs initcalls ran with 6167390 pages, not yet MemTotal's 6170943
	 * (init memory is freed later); with that, the same formulas give its
	 * inotify and epoll values. */
	m.memory_kb = 6167390ull * 4;
	ck_assert_str_eq(render(gen_inotify_max_user_watches), "192540\n");
	ck_assert_str_eq(render(gen_epoll_max_user_watches), "5491645\n");
	m.memory_kb = 1ull << 40;
	ck_assert_str_eq(render(gen_inotify_max_user_watches), "1048576\n");   /* the ceiling */
}
END_TEST

static const struct proc_entry *at(const char *path)
{
	const struct proc_entry *e = &proc_root_entry;
	char buf[128];
	strcpy(buf, path);
	for (char *save, *name = strtok_r(buf, "/", &save); name && e; name = strtok_r(NULL, "/", &save))
		e = proc_lookup(e, name);
	return e;
}

static void no_system_rows(const struct proc_entry *dir)
{
	for (const struct proc_entry *e = dir->children; e && e->name; e++) {
		ck_assert_msg(e->kind != PK_SYSTEM, "%s is the host's", e->name);
		if (e->kind == PK_DIR)
			no_system_rows(e);
	}
}

/* Every system file is the model's: no row passes the host's through. */
START_TEST(the_tree_has_nothing_of_the_hosts)
{
	no_system_rows(&proc_root_entry);
	static const struct { const char *path; mode_t mode; proc_gen_fn gen; bool live; } rows[] = {
		{ "cmdline", 0444, gen_cmdline, false }, { "vmstat", 0444, gen_vmstat, true },
		{ "zoneinfo", 0444, gen_zoneinfo, true }, { "buddyinfo", 0444, gen_buddyinfo, true },
		{ "filesystems", 0444, gen_filesystems, false },
		{ "partitions", 0444, gen_no_block_devices, false },
		{ "diskstats", 0444, gen_no_block_devices, false },
		{ "interrupts", 0444, gen_interrupts, false }, { "softirqs", 0444, gen_softirqs, false },
		{ "schedstat", 0444, gen_schedstat, true }, { "pressure/io", 0666, gen_pressure, false },
		{ "sys/kernel/random/boot_id", 0444, gen_random_boot_id, false },
		{ "sys/kernel/random/uuid", 0444, gen_random_uuid, false },
		{ "sys/kernel/random/entropy_avail", 0444, gen_sysctl_const, false },
		{ "sys/fs/file-max", 0644, gen_fs_file_max, false },
		{ "sys/fs/file-nr", 0444, gen_fs_file_nr, false },
		{ "sys/fs/nr_open", 0644, gen_sysctl_const, false },
		{ "sys/fs/inotify/max_user_watches", 0644, gen_inotify_max_user_watches, false },
		{ "sys/fs/inotify/max_user_instances", 0644, gen_sysctl_const, false },
		{ "sys/vm/overcommit_memory", 0644, gen_sysctl_const, false },
		{ "sys/vm/mmap_rnd_bits", 0600, gen_sysctl_const, false },
		{ "sys/vm/min_free_kbytes", 0644, gen_vm_min_free_kbytes, false },
		{ "sys/kernel/cap_last_cap", 0444, gen_sysctl_const, false },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct proc_entry *e = at(rows[i].path);
		ck_assert_msg(e != NULL, "no %s", rows[i].path);
		ck_assert_int_eq(e->kind, PK_FILE);
		ck_assert_uint_eq(e->mode, rows[i].mode);
		ck_assert(e->gen == rows[i].gen);
		ck_assert(e->live == rows[i].live);
		ck_assert(e->put == NULL);   /* read-only: a write open is EACCES */
	}
	ctx.arg = at("sys/fs/nr_open")->arg;
	ck_assert_str_eq(render(gen_sysctl_const), "1048576\n");
	ctx.arg = at("sys/vm/overcommit_memory")->arg;
	ck_assert_str_eq(render(gen_sysctl_const), "0\n");
	ctx.arg = at("sys/vm/swappiness")->arg;
	ck_assert_str_eq(render(gen_sysctl_const), "60\n");
	ctx.arg = at("sys/vm/max_map_count")->arg;
	ck_assert_str_eq(render(gen_sysctl_const), "65530\n");
	ck_assert_ptr_null(at("kallsyms"));   /* not served: absent */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("proc_machine");
	TCase *tc = tcase_create("proc_machine");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, cmdline_filesystems_block_devices);
	tcase_add_test(tc, interrupts_and_softirqs_per_cpu);
	tcase_add_test(tc, schedstat_version_17);
	tcase_add_test(tc, pressure_is_none);
	tcase_add_test(tc, random_boot_id_and_uuid);
	tcase_add_test(tc, fs_limits_from_memory);
	tcase_add_test(tc, the_tree_has_nothing_of_the_hosts);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
