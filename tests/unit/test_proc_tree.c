/* The /proc table: what exists, of what kind, and where links point. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "devconf.h"
#include "proc/proc_tree.h"
#include "scenario.h"

START_TEST(root_has_self_net_and_tasks)
{
	const struct proc_entry *e = proc_lookup(&proc_root_entry, "self");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->kind, PK_LINK);
	e = proc_lookup(&proc_root_entry, "net");
	ck_assert_int_eq(e->kind, PK_LINK);
	ck_assert_ptr_eq(proc_lookup(&proc_root_entry, "4242"), &proc_task_entry);
	ck_assert_ptr_null(proc_lookup(&proc_root_entry, "0"));
	ck_assert_ptr_null(proc_lookup(&proc_root_entry, "012"));
	ck_assert_ptr_null(proc_lookup(&proc_root_entry, "kcore"));
}
END_TEST

START_TEST(net_serves_the_model_files_only)
{
	const struct proc_entry *net = proc_lookup(&proc_task_entry, "net");
	ck_assert_int_eq(net->kind, PK_DIR);
	const char *served[] = { "dev", "route", "if_inet6", "ipv6_route" };
	for (size_t i = 0; i < 4; i++) {
		const struct proc_entry *f = proc_lookup(net, served[i]);
		ck_assert_ptr_nonnull(f);
		ck_assert_int_eq(f->kind, PK_FILE);
		ck_assert_int_eq(f->mode, 0444);
		ck_assert_ptr_nonnull(f->gen);
	}
	ck_assert_ptr_nonnull(proc_lookup(net, "tcp"));
	/* a module's file (netfilter): absent, never the host's */
	ck_assert_ptr_null(proc_lookup(net, "ip_tables_names"));
	ck_assert_ptr_null(proc_lookup(net, "nf_conntrack"));
}
END_TEST

START_TEST(task_entries_fall_back_to_the_task_itself)
{
	const struct proc_entry *e = proc_lookup(&proc_task_entry, "status");
	ck_assert_int_eq(e->kind, PK_HOST);
	ck_assert_int_eq(proc_lookup(e, "anything")->kind, PK_HOST);
	e = proc_lookup(&proc_task_entry, "task");
	ck_assert_int_eq(e->kind, PK_TASKS);
	/* a thread's directory: tid_base_stuff's, without task/ */
	const struct proc_entry *tid = proc_lookup(e, "77");
	ck_assert_ptr_eq(tid, &proc_tid_entry);
	ck_assert_int_eq(proc_lookup(tid, "task")->kind, PK_HOST);
	ck_assert_int_eq(proc_lookup(tid, "net")->kind, PK_DIR);
}
END_TEST

START_TEST(sys_net_is_the_models)
{
	const struct proc_entry *sys = proc_lookup(&proc_root_entry, "sys");
	ck_assert_ptr_nonnull(sys);
	const struct proc_entry *net = proc_lookup(sys, "net");
	ck_assert_ptr_nonnull(proc_lookup(net, "core"));
	const struct proc_entry *v4 = proc_lookup(net, "ipv4");
	ck_assert_ptr_nonnull(proc_lookup(v4, "ip_forward")->put);
	/* sized from the model's memory, read-only */
	const struct proc_entry *rmem = proc_lookup(v4, "tcp_rmem");
	ck_assert_ptr_eq(rmem->gen, gen_tcp_rmem);
	ck_assert_ptr_null(rmem->put);
	/* neigh/: one table per link, no "all" nor "default" */
	const struct proc_entry *neigh = proc_lookup(v4, "neigh");
	ck_assert_int_eq(neigh->kind, PK_DEVS);
	ck_assert_int_eq(neigh->arg, PROC_DEVS_LINKS);
	ck_assert_int_eq(proc_lookup(proc_lookup(neigh, "lo"), "unres_qlen_bytes")->mode, 0644);
	const struct proc_entry *conf = proc_lookup(v4, "conf");
	ck_assert_int_eq(conf->kind, PK_DEVS);
	/* any name: the resolver checks it against the model's links */
	const struct proc_entry *dev = proc_lookup(conf, "eth0");
	ck_assert_ptr_eq(dev, proc_lookup(conf, "all"));
	ck_assert_int_eq(proc_lookup(dev, "mc_forwarding")->mode, 0444);
	const struct proc_entry *kernel = proc_lookup(sys, "kernel");
	ck_assert_int_eq(proc_lookup(kernel, "hostname")->kind, PK_FILE);
	ck_assert_ptr_nonnull(proc_lookup(kernel, "hostname")->put);
}
END_TEST

static const struct proc_entry *conf6_dev(void)
{
	const struct proc_entry *net = proc_lookup(proc_lookup(&proc_root_entry, "sys"), "net");
	return proc_lookup(proc_lookup(proc_lookup(net, "ipv6"), "conf"), "eth0");
}

/* What a listing of net/ipv6/conf/<dev> shows: the rows of the table. */
static bool listed(const struct proc_entry *dir, const char *name, int *n)
{
	bool found = false;
	*n = 0;
	for (const struct proc_entry *e = dir->children; e->name; e++, ++*n)
		found = found || strcmp(e->name, name) == 0;
	return found;
}

static void load(const char *text)
{
	struct vn_model m;
	char err[256];
	vn_model_init(&m);
	ck_assert_msg(vn_scenario_load_string(&m, text, strlen(text), "t", err, sizeof(err)) == 0,
		      "%s", err);
	vn_model_free(&m);
}

/* The rows of net.ipv6.conf.<dev> are those of the kernel the loaded model
 * is: absent from lookups and listings alike when it lacks them. */
START_TEST(conf6_rows_follow_the_kernel)
{
	int n;
	load("{\"kernel\": {\"ipv6_mroute\": false}}");
	const struct proc_entry *dev = conf6_dev();
	ck_assert_ptr_null(proc_lookup(dev, "mc_forwarding"));
	ck_assert(!listed(dev, "mc_forwarding", &n));
	ck_assert_int_eq(n, DC6_N - 1);
	ck_assert_ptr_nonnull(proc_lookup(dev, "seg6_require_hmac"));
	ck_assert_int_eq(proc_lookup(dev, "forwarding")->arg, DC6_forwarding);
	ck_assert_int_eq(proc_lookup(dev, "use_tempaddr")->arg, DC6_use_tempaddr);

	proc_tree_set_kconfig(0);
	ck_assert_ptr_null(proc_lookup(dev, "seg6_require_hmac"));
	ck_assert(!listed(dev, "seg6_require_hmac", &n));
	ck_assert_int_eq(n, DC6_N - 2);

	load("{}");   /* the default model: a kernel with both */
	ck_assert_int_eq(proc_lookup(dev, "mc_forwarding")->mode, 0444);
	ck_assert_int_eq(proc_lookup(dev, "mc_forwarding")->arg, DC6_mc_forwarding);
	ck_assert(listed(dev, "seg6_require_hmac", &n));
	ck_assert_int_eq(n, DC6_N);
	/* IPv4's mc_forwarding is built in whatever the options */
	load("{\"kernel\": {\"ipv6_mroute\": false}}");
	const struct proc_entry *v4 = proc_lookup(proc_lookup(&proc_root_entry, "sys"), "net");
	v4 = proc_lookup(proc_lookup(proc_lookup(v4, "ipv4"), "conf"), "eth0");
	ck_assert_ptr_nonnull(proc_lookup(v4, "mc_forwarding"));
}
END_TEST

START_TEST(link_targets_follow_the_reader)
{
	char out[64];
	proc_link_target(proc_lookup(&proc_root_entry, "self"), 123, 456, out, sizeof(out));
	ck_assert_str_eq(out, "123");
	proc_link_target(proc_lookup(&proc_root_entry, "thread-self"), 123, 456, out, sizeof(out));
	ck_assert_str_eq(out, "123/task/456");
	proc_link_target(proc_lookup(&proc_root_entry, "net"), 123, 456, out, sizeof(out));
	ck_assert_str_eq(out, "self/net");
	proc_link_target(proc_lookup(&proc_root_entry, "thread-self"), 1234567, 7654321, out, 8);
	ck_assert_str_eq(out, "1234567");
}
END_TEST

START_TEST(files_have_no_children)
{
	const struct proc_entry *net = proc_lookup(&proc_task_entry, "net");
	ck_assert_ptr_null(proc_lookup(proc_lookup(net, "dev"), "x"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("proc_tree");
	TCase *tc = tcase_create("proc_tree");
	tcase_add_test(tc, root_has_self_net_and_tasks);
	tcase_add_test(tc, net_serves_the_model_files_only);
	tcase_add_test(tc, task_entries_fall_back_to_the_task_itself);
	tcase_add_test(tc, sys_net_is_the_models);
	tcase_add_test(tc, conf6_rows_follow_the_kernel);
	tcase_add_test(tc, link_targets_follow_the_reader);
	tcase_add_test(tc, files_have_no_children);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
