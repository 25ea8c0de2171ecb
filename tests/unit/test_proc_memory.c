/* The model's memory zones (mem_zones.c) and the files that show them:
 * /proc/vmstat, zoneinfo, buddyinfo and the vm sysctls, against bytes
 * captured from Linux 6.18 (proc_captured.h), and against /proc/meminfo. */
#include <check.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "proc/mem_zones.h"
#include "proc/proc_gen.h"
#include "proc_captured.h"

static struct vn_model m;
static struct vn_sandbox sb;
static struct proc_ctx ctx;
static struct buf out;

static void setup(void)
{
	vn_model_init(&m);
	m.cpus = 1;
	m.memory_kb = 1048576;
	sb = (struct vn_sandbox){ .uptime_cs = 500, .ntasks = 2, .nthreads = 2, .rss_kb = 10244 };
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

/* the number after `key` at the start of a line ("key 12" or "key:   12 kB") */
static uint64_t field(const char *text, const char *key)
{
	size_t n = strlen(key);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, key, n) == 0 && (p[n] == ' ' || p[n] == ':'))
			return strtoull(p + n + 1 + strspn(p + n + 1, " :"), NULL, 10);
	ck_abort_msg("no %s", key);
	return 0;
}

/* digits masked: the shape of a file whose numbers are another machine's */
static char *shape(const char *s)
{
	char *r = malloc(strlen(s) + 1), *o = r;
	while (*s) {
		if (isdigit((unsigned char)*s)) {
			while (isdigit((unsigned char)*s))
				s++;
			*o++ = '#';
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return r;
}

/* The zones of the captured machine (its zoneinfo's spanned, present and
 * managed pages): what the kernel set at boot from them, as it printed it. */
START_TEST(boot_figures_are_the_kernels)
{
	struct vn_memory mem = { 0 };
	vn_memory_layout(0, &mem);
	mem.zone[VZ_DMA] = (struct vn_zone){ .name = "DMA", .start_pfn = 1, .spanned = 4095,
					     .present = 3998, .managed = 3840 };
	mem.zone[VZ_DMA32] = (struct vn_zone){ .name = "DMA32", .start_pfn = 4096, .spanned = 1044480,
					       .present = 782336, .managed = 772845 };
	mem.zone[VZ_NORMAL] = (struct vn_zone){ .name = "Normal", .start_pfn = 1048576,
						.spanned = 5505024, .present = 5505024,
						.managed = 458752 };
	vn_memory_boot(&mem, 2);
	ck_assert_uint_eq(mem.min_free_kbytes, 67584);     /* vm.min_free_kbytes */
	ck_assert_uint_eq(mem.memmap_boot_pages, 98304);   /* vmstat nr_memmap_boot_pages */
	static const uint64_t wm[VZ_N][4] = {
		{ 52, 65, 78, 91 }, { 10569, 13211, 15853, 18495 }, { 6273, 7841, 9409, 10977 },
		{ 32, 32, 32, 32 }, { 0, 0, 0, 0 },
	};
	static const uint64_t prot[VZ_N][VZ_N] = {
		{ 0, 3018, 4810, 4810, 4810 }, { 0, 0, 1792, 1792, 1792 },
	};
	static const unsigned pcp[3][4] = {   /* batch, high_min, high_max, threshold */
		{ 1, 32, 240, 4 }, { 63, 6605, 48302, 24 }, { 63, 3920, 28672, 20 },
	};
	for (int i = 0; i < VZ_N; i++) {
		const struct vn_zone *z = &mem.zone[i];
		ck_assert_uint_eq(z->wmark_min, wm[i][0]);
		ck_assert_uint_eq(z->wmark_low, wm[i][1]);
		ck_assert_uint_eq(z->wmark_high, wm[i][2]);
		ck_assert_uint_eq(z->wmark_promo, wm[i][3]);
		for (int j = 0; j < VZ_N; j++)
			ck_assert_uint_eq(z->protection[j], prot[i][j]);
		if (i <= VZ_NORMAL) {
			ck_assert_uint_eq(z->batch, pcp[i][0]);
			ck_assert_uint_eq(z->high_min, pcp[i][1]);
			ck_assert_uint_eq(z->high_max, pcp[i][2]);
			ck_assert_uint_eq(z->stat_threshold, pcp[i][3]);
		}
	}
	/* its vmstat's dirty thresholds (1201597, 600065) come from 6009455
	 * dirtyable pages */
	mem.free = 6009454;
	mem.totalreserve = 0;
	uint64_t thresh, bg;
	vn_memory_dirty_limits(&mem, &thresh, &bg);
	ck_assert_uint_eq(thresh, 1201597);
	ck_assert_uint_eq(bg, 600065);
}
END_TEST

START_TEST(vmstat_has_the_kernels_counters_in_order)
{
	const char *text = render(gen_vmstat);
	char names[8192] = "";
	for (const char *p = text; *p; p = strchr(p, '\n') + 1) {
		strncat(names, p, strcspn(p, " "));
		strcat(names, " ");
	}
	names[strlen(names) - 1] = '\0';
	ck_assert_str_eq(names, captured_vmstat_names);
	ck_assert_uint_eq(field(text, "pgpgin"), 0);
	ck_assert_uint_eq(field(text, "nr_unstable"), 0);
}
END_TEST

/* free is MemFree, the sandbox's memory is active anonymous memory, in
 * every file that counts it */
START_TEST(vmstat_zoneinfo_buddyinfo_agree_with_meminfo)
{
	char *meminfo = strdup(render(gen_meminfo));
	char *vmstat = strdup(render(gen_vmstat));
	uint64_t free_kb = field(meminfo, "MemFree");
	ck_assert_uint_eq(free_kb, 1048576 - 10244);
	ck_assert_uint_eq(field(vmstat, "nr_free_pages"), free_kb / 4);
	ck_assert_uint_eq(field(vmstat, "nr_active_anon") * 4, field(meminfo, "Active(anon)"));
	ck_assert_uint_eq(field(vmstat, "nr_anon_pages") * 4, field(meminfo, "AnonPages"));
	ck_assert_uint_eq(field(vmstat, "nr_zone_active_anon"), field(vmstat, "nr_active_anon"));
	ck_assert_uint_eq(field(vmstat, "nr_file_pages"), field(meminfo, "Cached"));
	/* 1 GiB: DMA and DMA32, 9 sections of 128 MiB with their memory map */
	ck_assert_uint_eq(field(vmstat, "nr_memmap_boot_pages"), 9 * 512);

	const char *zi = render(gen_zoneinfo);
	uint64_t zfree = 0, managed = 0;
	for (const char *p = strstr(zi, "pages free"); p; p = strstr(p + 1, "pages free"))
		zfree += strtoull(p + 10, NULL, 10);
	for (const char *p = strstr(zi, "managed"); p; p = strstr(p + 1, "managed"))
		managed += strtoull(p + 7, NULL, 10);
	ck_assert_uint_eq(zfree, free_kb / 4);
	ck_assert_uint_eq(managed * 4, field(meminfo, "MemTotal"));

	const char *bi = render(gen_buddyinfo);
	ck_assert(strncmp(bi, captured_buddyinfo_dma, strlen(captured_buddyinfo_dma)) == 0);
	uint64_t bfree = 0;
	for (const char *line = bi; *line; line = strchr(line, '\n') + 1) {
		const char *p = line + strlen("Node 0, zone ") + 8;
		for (int o = 0; o < VN_PAGE_ORDERS; o++) {
			char *end;
			bfree += strtoull(p, &end, 10) << o;
			p = end;
		}
	}
	ck_assert_uint_eq(bfree, free_kb / 4);
	ck_assert_str_eq(bi,
		"Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 \n"
		"Node 0, zone    DMA32      1      1      1      1      1      1      1      1      0      1    249 \n");
	free(meminfo);
	free(vmstat);
}
END_TEST

/* A model the size of the captured machine has its zones, its lines and
 * its pagesets; the empty zones are byte for byte the same. */
START_TEST(zoneinfo_has_the_kernels_shape)
{
	m.cpus = 2;
	m.memory_kb = 24683772;
	const char *zi = render(gen_zoneinfo);
	char *got = shape(zi), *want = shape(captured_zoneinfo);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	const char *tail = strstr(captured_zoneinfo, "Node 0, zone  Movable");
	ck_assert_str_eq(strstr(zi, "Node 0, zone  Movable"), tail);
	ck_assert(strstr(zi, "  pages free     3840\n        boost    0\n") != NULL);
	ck_assert(strstr(zi, "        spanned  4095\n        present  3998\n        managed  3840\n"));
}
END_TEST

/* The vm sysctls a machine with the model's memory boots with. */
START_TEST(vm_sysctls_from_memory)
{
	ck_assert_str_eq(render(gen_vm_min_free_kbytes), "45056\n");   /* THP: 11 pageblocks per zone */
	ck_assert_str_eq(render(gen_vm_admin_reserve_kbytes), "8192\n");
	ck_assert_str_eq(render(gen_vm_user_reserve_kbytes), "32768\n");
	m.memory_kb = 24683772;
	ck_assert_str_eq(render(gen_vm_min_free_kbytes), "67584\n");   /* the captured machine's */
	m.memory_kb = 65536;   /* 64 MiB: at most 5% of memory */
	ck_assert_str_eq(render(gen_vm_min_free_kbytes), "3200\n");
	ck_assert_str_eq(render(gen_vm_user_reserve_kbytes), "2048\n");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("proc_memory");
	TCase *tc = tcase_create("proc_memory");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, boot_figures_are_the_kernels);
	tcase_add_test(tc, vmstat_has_the_kernels_counters_in_order);
	tcase_add_test(tc, vmstat_zoneinfo_buddyinfo_agree_with_meminfo);
	tcase_add_test(tc, zoneinfo_has_the_kernels_shape);
	tcase_add_test(tc, vm_sysctls_from_memory);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
