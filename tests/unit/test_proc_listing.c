/* The order of /proc listings against `ls -f` (getdents order) of Linux
 * 6.18.44 x86_64, in a fresh network namespace (ip netns add; ip netns
 * exec NS ls -f DIR). Each test hands proc_listing_sort the names sorted
 * alphabetically (or in some other wrong order) and expects Linux's. */
#include <check.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "devconf.h"
#include "proc/proc_listing.h"

/* ls -f /proc/ (the pids cut short) */
static const char root_linux[] =
	"fs bus dma irq net sys tty acpi keys kmsg misc mtrr stat iomem locks swaps crypto "
	"driver mounts uptime vmstat cgroups cmdline cpuinfo devices ioports loadavg meminfo "
	"sysvipc version consoles kallsyms pressure slabinfo softirqs zoneinfo buddyinfo "
	"config.gz diskstats key-users interrupts kpagecount kpageflags partitions timer_list "
	"execdomains filesystems kpagecgroup program_cpu vmallocinfo pagetypeinfo self "
	"thread-self 1 2 3 8 10 13 106 324 2494 17730 30505";

/* ls -f /proc/self/ */
static const char tgid_linux[] =
	"task fd map_files fdinfo ns net environ auxv status personality limits sched "
	"autogroup timens_offsets comm syscall cmdline stat statm maps numa_maps mem cwd root "
	"exe mounts mountinfo mountstats clear_refs smaps smaps_rollup pagemap attr wchan "
	"stack schedstat cpuset cgroup oom_score oom_adj oom_score_adj loginuid sessionid "
	"coredump_filter io uid_map gid_map projid_map setgroups timers timerslack_ns "
	"arch_status ksm_merging_pages ksm_stat";

/* ls -f /proc/self/task/$$/ */
static const char tid_linux[] =
	"fd fdinfo ns net environ auxv status personality limits sched comm syscall cmdline "
	"stat statm maps children numa_maps mem cwd root exe mounts mountinfo clear_refs smaps "
	"smaps_rollup pagemap attr wchan stack schedstat cpuset cgroup oom_score oom_adj "
	"oom_score_adj loginuid sessionid io uid_map gid_map projid_map setgroups arch_status "
	"ksm_merging_pages ksm_stat";

/* ls -f /proc/self/net */
static const char net_linux[] =
	"arp dev raw tcp udp icmp igmp raw6 snmp stat tcp6 udp6 unix icmp6 igmp6 ptype route "
	"snmp6 packet psched netlink netstat rt_acct udplite anycast6 fib_trie if_inet6 "
	"mcfilter rt_cache sockstat udplite6 dev_mcast dev_snmp6 mcfilter6 netfilter protocols "
	"rt6_stats sockstat6 xfrm_stat xt_recent ipv6_route fib_triestat nf_conntrack "
	"softnet_stat ip6_flowlabel ipt_hashlimit ip6t_hashlimit ip_tables_names "
	"arp_tables_names ip6_tables_names ip_tables_matches ip_tables_targets "
	"arp_tables_matches arp_tables_targets ip6_tables_matches ip6_tables_targets "
	"nf_conntrack_expect";

/* ls -f /proc/sys/net/ipv4 (its first entries) */
static const char sysctl_linux[] =
	"conf fib_multipath_hash_fields fib_multipath_hash_policy fib_multipath_hash_seed "
	"fib_multipath_use_neigh fib_notify_on_flag_change fwmark_reflect "
	"icmp_echo_enable_probe icmp_echo_ignore_all icmp_echo_ignore_broadcasts "
	"icmp_errors_use_inbound_ifaddr icmp_ignore_bogus_error_responses icmp_msgs_burst "
	"icmp_msgs_per_sec icmp_ratelimit icmp_ratemask igmp_link_local_mcast_reports "
	"igmp_max_memberships igmp_max_msf igmp_qrv ip_autobind_reuse ip_default_ttl "
	"ip_dynaddr ip_early_demux ip_forward ip_forward_update_priority ip_forward_use_pmtu "
	"ip_local_port_range ip_local_reserved_ports ip_no_pmtu_disc ip_nonlocal_bind "
	"ip_unprivileged_port_start ipfrag_high_thresh ipfrag_low_thresh ipfrag_max_dist "
	"ipfrag_time neigh nexthop_compat_mode ping_group_range raw_l3mdev_accept route "
	"tcp_abort_on_overflow tcp_adv_win_scale";

static int by_strcmp(const void *a, const void *b)
{
	return strcmp(((const struct proc_dirent *)a)->name, ((const struct proc_dirent *)b)->name);
}

static void fill(struct proc_listing *l, const char *words)
{
	char *copy = strdup(words);
	for (char *save = NULL, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		proc_listing_add(l, w, DT_REG);
	free(copy);
}

static char *joined(const struct proc_listing *l)
{
	size_t len = 1;
	for (size_t i = 0; i < l->n; i++)
		len += strlen(l->e[i].name) + 1;
	char *s = calloc(1, len);
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, l->e[i].name);
	}
	return s;
}

/* Linux's listing `want`, given in strcmp order (or reversed), sorted by rule. */
static void check_order(const char *want, enum proc_order rule, bool reverse)
{
	struct proc_listing l = { 0 };
	fill(&l, want);
	qsort(l.e, l.n, sizeof(*l.e), by_strcmp);
	for (size_t i = 0; reverse && i < l.n / 2; i++) {
		struct proc_dirent t = l.e[i];
		l.e[i] = l.e[l.n - 1 - i];
		l.e[l.n - 1 - i] = t;
	}
	proc_listing_sort(&l, rule);
	char *got = joined(&l);
	ck_assert_str_eq(got, want);
	free(got);
	proc_listing_free(&l);
}

START_TEST(root_lists_generic_entries_then_self_and_pids)
{
	check_order(root_linux, PO_ROOT, false);
	check_order(root_linux, PO_ROOT, true);
}
END_TEST

START_TEST(task_directories_list_as_base_c)
{
	check_order(tgid_linux, PO_TGID, false);
	check_order(tid_linux, PO_TID, true);
}
END_TEST

START_TEST(net_lists_by_length_then_bytes)
{
	check_order(net_linux, PO_PDE, false);
	check_order(net_linux, PO_PDE, true);
	check_order("io cpu memory", PO_PDE, false);   /* /proc/pressure */
}
END_TEST

START_TEST(sysctl_lists_by_name)
{
	check_order(sysctl_linux, PO_SYSCTL, true);
	check_order("abi debug dev fs kernel net user vm", PO_SYSCTL, true);   /* /proc/sys */
	check_order("all default eth0 lo", PO_SYSCTL, true);   /* net/ipv4/conf */
}
END_TEST

/* A name base.c's table does not know (a newer kernel's) stays after the
 * one the host lists before it; a listing as given is left alone. */
START_TEST(unknown_task_entries_keep_the_hosts_place)
{
	struct proc_listing l = { 0 };
	fill(&l, "status fd newthing task ns");
	proc_listing_sort(&l, PO_TGID);
	char *got = joined(&l);
	ck_assert_str_eq(got, "task fd newthing ns status");
	free(got);
	proc_listing_free(&l);
	fill(&l, "3 1 2");
	proc_listing_sort(&l, PO_AS_GIVEN);
	got = joined(&l);
	ck_assert_str_eq(got, "3 1 2");
	free(got);
	proc_listing_free(&l);
}
END_TEST

/* What the tables list, and each directory's rule. */
START_TEST(rows_and_rules_of_the_tree)
{
	struct vn_model m;
	vn_model_init(&m);
	struct vn_link lo = { .ifindex = 1, .name = "lo" }, eth = { .ifindex = 2, .name = "eth0" };
	vn_model_add_link(&m, &lo);
	vn_model_add_link(&m, &eth);
	ck_assert_int_eq(proc_root_entry.order, PO_ROOT);
	ck_assert_int_eq(proc_task_entry.order, PO_TGID);
	ck_assert_int_eq(proc_tid_entry.order, PO_TID);
	const struct proc_entry *net = proc_lookup(&proc_task_entry, "net");
	ck_assert_int_eq(net->order, PO_PDE);
	ck_assert_ptr_eq(net->children, proc_lookup(&proc_tid_entry, "net")->children);
	const struct proc_entry *sys = proc_lookup(&proc_root_entry, "sys");
	ck_assert_int_eq(sys->order, PO_SYSCTL);
	const struct proc_entry *conf = proc_lookup(proc_lookup(proc_lookup(sys, "net"), "ipv4"), "conf");
	ck_assert_int_eq(conf->order, PO_SYSCTL);
	ck_assert_int_eq(proc_lookup(conf, "lo")->order, PO_SYSCTL);

	struct proc_listing l = { 0 };
	proc_listing_rows(&l, conf, &m);
	proc_listing_sort(&l, conf->order);
	char *got = joined(&l);
	ck_assert_str_eq(got, "all default eth0 lo");
	ck_assert_int_eq(l.e[0].type, DT_DIR);
	free(got);
	proc_listing_free(&l);
	ck_assert_int_eq(proc_devs_dev(conf, &m, "all"), DEVCONF_ALL);
	ck_assert_int_eq(proc_devs_dev(conf, &m, "eth0"), 2);
	ck_assert_int_eq(proc_devs_dev(conf, &m, "eth1"), 0);

	/* a thread's directory has no task/ */
	proc_listing_rows(&l, &proc_tid_entry, &m);
	got = joined(&l);
	ck_assert_str_eq(got, "net");
	free(got);
	proc_listing_free(&l);
	ck_assert_ptr_eq(proc_lookup(proc_lookup(&proc_task_entry, "task"), "12"), &proc_tid_entry);
	ck_assert_ptr_eq(proc_lookup(&proc_root_entry, "12"), &proc_task_entry);
	vn_model_free(&m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("proc_listing");
	TCase *tc = tcase_create("proc_listing");
	tcase_add_test(tc, root_lists_generic_entries_then_self_and_pids);
	tcase_add_test(tc, task_directories_list_as_base_c);
	tcase_add_test(tc, net_lists_by_length_then_bytes);
	tcase_add_test(tc, sysctl_lists_by_name);
	tcase_add_test(tc, unknown_task_entries_keep_the_hosts_place);
	tcase_add_test(tc, rows_and_rules_of_the_tree);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
