/* /sys from the model (sentry/sys/) against a real namespace's sysfs and the
 * CPU files of the machine it ran on (sys_captured.h): every file of every
 * device with its bytes or errno and its mode, no file more; the kernfs
 * listing order; the bitmap formats; the difference of two trees, which
 * the supervisor applies to the tmpfs that serves them. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "model_change.h"
#include "sys/sys_tree.h"
#include "sys_captured.h"

static struct vn_model m;
static struct sys_tree t;

static void load(void)
{
	char err[256];
	vn_model_init(&m);
	ck_assert_msg(vn_scenario_load_string(&m, sys_scenario, strlen(sys_scenario), "captured", err,
					      sizeof(err)) == 0, "%s", err);
	sys_tree_init(&t);
	sys_render(&m, NULL, &t);
}

static void unload(void)
{
	sys_tree_free(&t);
	vn_model_free(&m);
}

static const char *errname(int e)
{
	switch (e) {
	case EINVAL: return "EINVAL";
	case ENOENT: return "ENOENT";
	case EIO: return "EIO";
	case EACCES: return "EACCES";
	}
	return "?";
}

static void same_node(const struct captured_node *c)
{
	const struct sys_node *n = sys_tree_find(&t, c->path);
	ck_assert_msg(n, "%s is missing", c->path);
	char kind = n->kind == SYS_DIR ? 'D' : n->kind == SYS_LINK ? 'L' : 'F';
	ck_assert_msg(kind == c->kind, "%s: a %c, not a %c", c->path, kind, c->kind);
	if (c->kind == 'L') {
		ck_assert_str_eq(n->data, c->data);
		return;
	}
	ck_assert_msg(n->mode == c->mode, "%s: mode %o, not %o", c->path, n->mode, c->mode);
	if (c->kind != 'F')
		return;
	if (c->err) {
		ck_assert_msg(n->err != 0, "%s reads %s, Linux fails with %s", c->path, n->data, c->err);
		ck_assert_str_eq(errname(n->err), c->err);
		return;
	}
	ck_assert_msg(n->err == 0, "%s fails with %s, Linux reads %s", c->path, errname(n->err), c->data);
	ck_assert_msg(n->len == c->len && memcmp(n->data, c->data, c->len) == 0,
		      "%s: \"%s\", Linux \"%s\"", c->path, n->data, c->data);
}

START_TEST(every_device_file_as_linux)
{
	for (size_t i = 0; i < sys_captured_net; i++)
		same_node(&sys_captured[i]);
	/* and none more below the devices */
	for (size_t i = 0; i < t.n; i++) {
		if (strncmp(t.v[i].path, "devices/virtual/net/", 20) != 0)
			continue;
		bool found = false;
		for (size_t j = 0; j < sys_captured_net && !found; j++)
			found = strcmp(sys_captured[j].path, t.v[i].path) == 0;
		ck_assert_msg(found, "%s is not on Linux", t.v[i].path);
	}
}
END_TEST

START_TEST(class_net_names_every_link)
{
	static const char *const links[] = { "lo", "v0", "v1", "v2", "v3", "br0", "tun0", "tap0" };
	size_t n = 0;
	for (size_t i = 0; i < t.n; i++)
		n += strncmp(t.v[i].path, "class/net/", 10) == 0;
	ck_assert_uint_eq(n, sizeof(links) / sizeof(links[0]));
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		char path[64], target[64];
		snprintf(path, sizeof(path), "class/net/%s", links[i]);
		snprintf(target, sizeof(target), "../../devices/virtual/net/%s", links[i]);
		const struct sys_node *l = sys_tree_find(&t, path);
		ck_assert_msg(l && l->kind == SYS_LINK, "%s", path);
		ck_assert_str_eq(l->data, target);
	}
}
END_TEST

START_TEST(cpus_and_node_as_linux)
{
	ck_assert_int_eq(m.cpus, 2);   /* the machine the files come from */
	for (size_t i = sys_captured_net; i < sizeof(sys_captured) / sizeof(sys_captured[0]); i++)
		same_node(&sys_captured[i]);
	ck_assert_ptr_null(sys_tree_find(&t, "devices/system/cpu/cpu2"));
	ck_assert_ptr_null(sys_tree_find(&t, "devices/system/cpu/cpu0/online"));   /* the boot CPU */
}
END_TEST

/* one CPU, then 12: the masks' widths and the ranges follow the model */
START_TEST(cpus_follow_the_model)
{
	for (int cpus = 1; cpus <= 12; cpus += 11) {
		sys_tree_free(&t);
		m.cpus = cpus;
		sys_render(&m, NULL, &t);
		const struct sys_node *online = sys_tree_find(&t, "devices/system/cpu/online");
		const struct sys_node *sib = sys_tree_find(&t, "devices/system/cpu/cpu0/topology/core_siblings");
		const struct sys_node *thr = sys_tree_find(&t, "devices/system/cpu/cpu0/topology/thread_siblings");
		const struct sys_node *map = sys_tree_find(&t, "devices/system/node/node0/cpumap");
		ck_assert(online && sib && thr && map);
		ck_assert_str_eq(online->data, cpus == 1 ? "0\n" : "0-11\n");
		ck_assert_str_eq(sib->data, cpus == 1 ? "1\n" : "fff\n");
		ck_assert_str_eq(thr->data, cpus == 1 ? "1\n" : "001\n");
		ck_assert_str_eq(map->data, sib->data);
		char last[64];
		snprintf(last, sizeof(last), "devices/system/cpu/cpu%d/topology/core_id", cpus - 1);
		const struct sys_node *core = sys_tree_find(&t, last);
		ck_assert(core);
		ck_assert_int_eq(atoi(core->data), cpus - 1);   /* as /proc/cpuinfo's core id */
	}
}
END_TEST

START_TEST(node_meminfo_is_the_models_memory)
{
	const struct sys_node *mi = sys_tree_find(&t, "devices/system/node/node0/meminfo");
	ck_assert(mi);
	char want[128];
	snprintf(want, sizeof(want), "Node 0 MemTotal:       %8llu kB\n", (unsigned long long)m.memory_kb);
	ck_assert_msg(strncmp(mi->data, want, strlen(want)) == 0, "%s", mi->data);
	ck_assert(strstr(mi->data, "\nNode 0 HugePages_Free:      0\nNode 0 HugePages_Surp:      0\n"));
}
END_TEST

static size_t index_of(const char *path)
{
	for (size_t i = 0; i < t.n; i++)
		if (strcmp(t.v[i].path, path) == 0)
			return i;
	ck_abort_msg("%s is missing", path);
	return 0;
}

START_TEST(listed_in_kernfs_order)
{
	size_t prev = 0;
	for (size_t i = 0; i < sizeof(sys_lo_order) / sizeof(sys_lo_order[0]); i++) {
		char path[128];
		snprintf(path, sizeof(path), "devices/virtual/net/lo/%s", sys_lo_order[i]);
		size_t at = index_of(path);
		ck_assert_msg(i == 0 || at > prev, "%s out of kernfs's order", path);
		prev = at;
	}
	for (size_t i = 0; i < sizeof(sys_root_order) / sizeof(sys_root_order[0]); i++) {
		size_t at = index_of(sys_root_order[i]);
		ck_assert_msg(i == 0 || at > prev, "%s out of kernfs's order", sys_root_order[i]);
		prev = at;
	}
	/* every node after its parent */
	for (size_t i = 0; i < t.n; i++) {
		char parent[4096];
		snprintf(parent, sizeof(parent), "%s", t.v[i].path);
		char *slash = strrchr(parent, '/');
		if (slash) {
			*slash = '\0';
			ck_assert_msg(index_of(parent) < i, "%s before its directory", t.v[i].path);
		}
	}
}
END_TEST

START_TEST(bitmaps)
{
	struct buf b;
	buf_init(&b);
	struct {
		int n, lo, hi;
		const char *hex, *list;
	} cases[] = {
		{ 2, 0, 1, "3", "0-1" }, { 2, 0, -1, "0", "" }, { 8, 0, 0, "01", "0" },
		{ 33, 0, 32, "1,ffffffff", "0-32" }, { 40, 35, 35, "08,00000000", "35" },
		{ 64, 0, 63, "ffffffff,ffffffff", "0-63" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		sys_bitmap_hex(&b, cases[i].n, cases[i].lo, cases[i].hi);
		buf_puts(&b, "");
		ck_assert_str_eq(b.data, cases[i].hex);
		buf_reset(&b);
		sys_bitmap_list(&b, cases[i].lo, cases[i].hi);
		buf_puts(&b, "");
		ck_assert_str_eq(b.data, cases[i].list);
	}
	buf_free(&b);
}
END_TEST

/* ---- the difference of two trees, applied to a copy of the first ---- */

struct applied {
	struct sys_tree now;
	int removed, made;
};

static void apply(void *arg, const struct sys_node *n, bool remove)
{
	struct applied *a = arg;
	size_t len = strlen(n->path);
	for (size_t i = 0; i < a->now.n; i++) {
		struct sys_node *o = &a->now.v[i];
		if (!o->path || strcmp(o->path, n->path) != 0)
			continue;
		if (remove) {
			/* nothing is left below a directory that goes */
			for (size_t j = 0; j < a->now.n; j++)
				ck_assert_msg(!a->now.v[j].path || strncmp(a->now.v[j].path, n->path, len) != 0 ||
						      a->now.v[j].path[len] != '/',
					      "%s removed before %s", n->path, a->now.v[j].path);
		}
		free(o->path);
		free(o->data);
		o->path = NULL;
		o->data = NULL;
	}
	if (remove) {
		a->removed++;
		return;
	}
	char parent[4096];
	snprintf(parent, sizeof(parent), "%s", n->path);
	char *slash = strrchr(parent, '/');
	if (slash) {
		*slash = '\0';
		bool found = false;
		for (size_t i = 0; i < a->now.n && !found; i++)
			found = a->now.v[i].path && strcmp(a->now.v[i].path, parent) == 0;
		ck_assert_msg(found, "%s made before its directory", n->path);
	}
	struct buf b = { .data = n->data, .len = n->len, .cap = n->len };
	if (n->kind == SYS_DIR)
		sys_dir(&a->now, "%s", n->path);
	else if (n->kind == SYS_LINK)
		sys_link(&a->now, n->data, "%s", n->path);
	else
		sys_file(&a->now, n->mode, &b, n->err, "%s", n->path);
	a->made++;
}

static void compact(struct sys_tree *x)
{
	size_t k = 0;
	for (size_t i = 0; i < x->n; i++)
		if (x->v[i].path)
			x->v[k++] = x->v[i];
	x->n = k;
}

START_TEST(a_change_is_its_difference)
{
	struct applied a = { .removed = 0, .made = 0 };
	sys_tree_init(&a.now);
	sys_render(&m, NULL, &a.now);   /* what the writer has, changed as told */
	/* v0 down, then renamed: its carrier reads EINVAL, its directory moves */
	struct vn_change c = { .m = &m };
	const struct vn_link *v0 = vn_link_by_name(&m, "v0");
	int ifindex = v0->ifindex;
	struct vn_link_req down = { .flags = 0, .change = IFF_UP };
	ck_assert_int_eq(vn_link_change(&c, ifindex, &down), 0);
	struct vn_link_req rename = { .name = "uplink" };
	ck_assert_int_eq(vn_link_change(&c, ifindex, &rename), 0);
	struct sys_tree after;
	sys_tree_init(&after);
	sys_render(&m, NULL, &after);
	const struct sys_node *carrier = sys_tree_find(&after, "devices/virtual/net/uplink/carrier");
	ck_assert(carrier && carrier->err == EINVAL);
	ck_assert_ptr_null(sys_tree_find(&after, "devices/virtual/net/v0"));

	sys_tree_diff(&t, &after, apply, &a);
	compact(&a.now);
	ck_assert_int_gt(a.removed, 50);   /* v0's directory and all it held */
	ck_assert_uint_eq(a.now.n, after.n);
	for (size_t i = 0; i < after.n; i++) {
		const struct sys_node *n = sys_tree_find(&a.now, after.v[i].path);
		ck_assert_msg(n, "%s not made", after.v[i].path);
		ck_assert(n->kind == after.v[i].kind && n->mode == after.v[i].mode &&
			  n->err == after.v[i].err && n->len == after.v[i].len);
	}
	/* the same tree again: nothing to do */
	a.removed = a.made = 0;
	sys_tree_diff(&after, &after, apply, &a);
	ck_assert_int_eq(a.removed + a.made, 0);
	sys_tree_free(&after);
	sys_tree_free(&a.now);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sys");
	TCase *tc = tcase_create("sys");
	tcase_add_checked_fixture(tc, load, unload);
	tcase_add_test(tc, every_device_file_as_linux);
	tcase_add_test(tc, class_net_names_every_link);
	tcase_add_test(tc, cpus_and_node_as_linux);
	tcase_add_test(tc, cpus_follow_the_model);
	tcase_add_test(tc, node_meminfo_is_the_models_memory);
	tcase_add_test(tc, listed_in_kernfs_order);
	tcase_add_test(tc, bitmaps);
	tcase_add_test(tc, a_change_is_its_difference);
	suite_add_tcase(s, tc);
	SRunner *r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
