/* /proc/sys/net and the writable sysctls: the value parser against what
 * proc_dointvec accepts, the generators against a fresh namespace's files,
 * and writes applied as the kernel applies them. */
#include <check.h>
#include <errno.h>
#include <net/if_arp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "devconf.h"
#include "proc/proc_gen.h"
#include "sysctl_net.h"
#include "sysctl_parse.h"
#include "sysctl_apply.h"

static struct vn_model m;
static struct buf out;

static void setup(void)
{
	vn_model_init(&m);
	struct vn_link lo = { .ifindex = 1, .name = "lo", .type = ARPHRD_LOOPBACK, .mtu = 65536 };
	struct vn_link eth = { .ifindex = 2, .name = "eth0", .type = ARPHRD_ETHER, .mtu = 1500 };
	vn_model_add_link(&m, &lo);
	vn_model_add_link(&m, &eth);
	buf_init(&out);
}

static void teardown(void)
{
	vn_model_free(&m);
	buf_free(&out);
}

static const char *render(proc_gen_fn g, int arg, int dev, int *err)
{
	struct proc_ctx ctx = { .arg = arg, .dev = dev, .err = err };
	buf_reset(&out);
	g(&m, &ctx, &out);
	buf_append(&out, "", 1);
	return out.data;
}

static int64_t write_(proc_put_fn p, int arg, int dev, const char *s, int64_t pos)
{
	struct proc_ctx ctx = { .arg = arg, .dev = dev };
	return p(&m, &ctx, s, strlen(s), pos);
}

START_TEST(parse_like_proc_dointvec)
{
	static const struct { const char *in; int n; int64_t a, b; size_t used; } cases[] = {
		{ "1\n", 1, 1, 0, 2 },
		{ "  42  ", 1, 42, 0, 6 },
		{ "0x10", 1, 16, 0, 4 },
		{ "010\n", 1, 8, 0, 4 },
		{ "-5", 1, -5, 0, 2 },
		{ "2147483647", 1, 2147483647, 0, 10 },
		{ "-2147483648", 1, -2147483648LL, 0, 11 },
		{ "2147483648", -EINVAL, 0, 0, 0 },
		{ "abc", -EINVAL, 0, 0, 0 },
		{ "12abc", -EINVAL, 0, 0, 0 },
		{ "08", -EINVAL, 0, 0, 0 },
		{ "", -EINVAL, 0, 0, 0 },
		{ " \n", -EINVAL, 0, 0, 0 },
		{ "-", -EINVAL, 0, 0, 0 },
		{ "1 2\n", 2, 1, 2, 4 },
		{ "1\t2 3", 2, 1, 2, 4 },   /* a third value is left unconsumed */
		{ "0000000000000000000001", -EINVAL, 0, 0, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t v[2] = { 0, 0 };
		size_t used = 0;
		int n = sysctl_parse_ints(cases[i].in, strlen(cases[i].in), v, 2, false, &used);
		ck_assert_msg(n == cases[i].n, "%s: %d", cases[i].in, n);
		if (n > 0) {
			ck_assert_int_eq(v[0], cases[i].a);
			if (n > 1)
				ck_assert_int_eq(v[1], cases[i].b);
			ck_assert_uint_eq(used, cases[i].used);
		}
	}
	int64_t v;
	size_t used;
	ck_assert_int_eq(sysctl_parse_ints("-1", 2, &v, 1, true, &used), -EINVAL);
	ck_assert_int_eq(sysctl_parse_ints("4294967295", 10, &v, 1, true, &used), 1);
	ck_assert_int_eq(sysctl_parse_ints("1 2", 3, &v, 1, false, &used), 1);
	ck_assert_uint_eq(used, 2);
}
END_TEST

START_TEST(parse_like_proc_dostring)
{
	char s[65];
	ck_assert(sysctl_parse_string("veneer", 65, "box\nx", 5, 0, s));
	ck_assert_str_eq(s, "box");
	ck_assert(sysctl_parse_string("veneer", 65, "42", 2, 3, s));
	ck_assert_str_eq(s, "ven42");
	ck_assert(!sysctl_parse_string("veneer", 65, "x", 1, 7, s));
	char long_[100];
	memset(long_, 'a', sizeof(long_));
	ck_assert(sysctl_parse_string("", 65, long_, sizeof(long_), 0, s));
	ck_assert_uint_eq(strlen(s), 64);
}
END_TEST

START_TEST(net_files_as_a_new_namespace)
{
	ck_assert_str_eq(render(gen_sysctl_net, SN_core_somaxconn, 0, NULL), "4096\n");
	ck_assert_str_eq(render(gen_sysctl_net, SN_ipv4_ip_local_port_range, 0, NULL), "32768\t60999\n");
	ck_assert_str_eq(render(gen_sysctl_net, SN_ipv4_ping_group_range, 0, NULL), "1\t0\n");
	ck_assert_str_eq(render(gen_sysctl_net, SN_ipv4_tcp_syncookies, 0, NULL), "1\n");
	ck_assert_str_eq(render(gen_sysctl_net, SN_ipv4_tcp_notsent_lowat, 0, NULL), "4294967295\n");
	ck_assert_str_eq(render(gen_ip_forward, 0, 0, NULL), "0\n");
}
END_TEST

START_TEST(conf_files_per_link)
{
	ck_assert_str_eq(render(gen_conf6, DC6_mtu, 2, NULL), "1500\n");
	ck_assert_str_eq(render(gen_conf6, DC6_mtu, 1, NULL), "65536\n");
	ck_assert_str_eq(render(gen_conf6, DC6_mtu, DEVCONF_ALL, NULL), "1280\n");
	ck_assert_str_eq(render(gen_conf6, DC6_accept_dad, 1, NULL), "-1\n");
	ck_assert_str_eq(render(gen_conf6, DC6_accept_dad, DEVCONF_ALL, NULL), "0\n");
	ck_assert_str_eq(render(gen_conf6, DC6_accept_dad, 2, NULL), "1\n");
	ck_assert_str_eq(render(gen_conf6, DC6_router_solicitation_interval, 2, NULL), "4\n");
	ck_assert_str_eq(render(gen_conf6, DC6_mldv1_unsolicited_report_interval, 2, NULL), "10000\n");
	ck_assert_str_eq(render(gen_conf6, DC6_ioam6_id_wide, 2, NULL), "4294967295\n");
	ck_assert_str_eq(render(gen_conf4, DC4_disable_xfrm, 1, NULL), "1\n");
	ck_assert_str_eq(render(gen_conf4, DC4_accept_source_route, DEVCONF_ALL, NULL), "0\n");
	ck_assert_str_eq(render(gen_conf4, DC4_accept_source_route, 2, NULL), "1\n");
	int err = 0;
	ck_assert_str_eq(render(gen_conf6, DC6_stable_secret, 2, &err), "");
	ck_assert_int_eq(err, EIO);
}
END_TEST

/* The netlink arrays are the ones rtnl_link.c sent before they were shared
 * (captured from a 6.18 kernel). */
START_TEST(netlink_arrays_unchanged)
{
	static const uint32_t v4[DEVCONF4_NL] = {
		0, 0, 0, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 10000, 1000, 0, 0, 0, 0, 1,
	};
	static const int32_t v6[DEVCONF6_NL] = {
		0, 64, 1500, 1, 1, 1, 1, -1, 4000, 1000, 0, 604800, 86400, 3, 600, 16,
		0, 1, 1, 1, 60000, 0, 0, 0, 0, 0, 0, 1, 0, 0, 10000, 1000, 1, 0, 0, 1,
		0, 0, 1, 0, 0, 0, 0, 3600000, 0, 0, 1, 0, 0, 0, 0, 0, 1024, 0, 65535,
		-1, 1, 0, 0, 0,
	};
	uint32_t a4[DEVCONF4_NL];
	int32_t a6[DEVCONF6_NL];
	devconf_nl4(&m, &m.links[1], a4);
	devconf_nl6(NULL, &m.links[1], a6);
	ck_assert_mem_eq(a4, v4, sizeof(v4));
	ck_assert_mem_eq(a6, v6, sizeof(v6));
	devconf_nl4(NULL, &m.links[0], a4);
	ck_assert_int_eq(a4[14] + a4[15], 2);
	devconf_nl6(&m, &m.links[0], a6);
	ck_assert_int_eq(a6[2], 65536);
	ck_assert_int_eq(a6[10], -1);
	ck_assert_int_eq(a6[27], -1);
}
END_TEST

/* A kernel without CONFIG_IPV6_MROUTE / CONFIG_IPV6_SEG6_HMAC has neither
 * row, and leaves their IFLA_INET6_CONF slots zero (ipv6_store_devconf
 * clears the array and skips them); every other row is there either way. */
START_TEST(build_options_decide_the_rows)
{
	ck_assert(devconf6_in(VN_K_ALL, DC6_mc_forwarding));
	ck_assert(devconf6_in(VN_K_ALL, DC6_seg6_require_hmac));
	ck_assert(!devconf6_in(VN_K_IPV6_SEG6_HMAC, DC6_mc_forwarding));
	ck_assert(devconf6_in(VN_K_IPV6_SEG6_HMAC, DC6_seg6_require_hmac));
	ck_assert(!devconf6_in(VN_K_IPV6_MROUTE, DC6_seg6_require_hmac));
	int n = 0;
	for (int r = 0; r < DC6_N; r++)
		n += devconf6_in(0, r);
	ck_assert_int_eq(n, DC6_N - 2);

	/* values the model holds (mc_forwarding as a multicast router would
	 * set it) are sent only by a kernel that has the row */
	ck_assert_int_eq(devconf_set(&m, AF_INET6, 2, DC6_mc_forwarding, 1), 0);
	ck_assert_int_eq(devconf_set(&m, AF_INET6, 2, DC6_seg6_require_hmac, 1), 0);
	int32_t with[DEVCONF6_NL], without[DEVCONF6_NL];
	devconf_nl6(&m, &m.links[1], with);
	ck_assert_int_eq(with[devconf6[DC6_mc_forwarding].nl], 1);
	ck_assert_int_eq(with[devconf6[DC6_seg6_require_hmac].nl], 1);
	m.kconfig = VN_K_IPV6_SEG6_HMAC;
	devconf_nl6(&m, &m.links[1], without);
	ck_assert_int_eq(without[devconf6[DC6_mc_forwarding].nl], 0);
	ck_assert_int_eq(without[devconf6[DC6_seg6_require_hmac].nl], 1);
	m.kconfig = 0;
	devconf_nl6(&m, &m.links[1], without);
	ck_assert_int_eq(without[devconf6[DC6_seg6_require_hmac].nl], 0);
	without[devconf6[DC6_mc_forwarding].nl] = 1;
	without[devconf6[DC6_seg6_require_hmac].nl] = 1;
	ck_assert_mem_eq(with, without, sizeof(with));
}
END_TEST

START_TEST(writes_apply_as_the_kernel)
{
	/* ip_forward is all/forwarding: it reaches default and every link,
	 * and a router stops taking redirects */
	ck_assert_int_eq(write_(put_ip_forward, 0, 0, "1\n", 0), 2);
	ck_assert_str_eq(render(gen_conf4, DC4_forwarding, 2, NULL), "1\n");
	ck_assert_str_eq(render(gen_conf4, DC4_forwarding, DEVCONF_DEFAULT, NULL), "1\n");
	ck_assert_str_eq(render(gen_conf4, DC4_accept_redirects, DEVCONF_ALL, NULL), "0\n");
	/* a write at a non-zero position is ignored whole */
	ck_assert_int_eq(write_(put_ip_forward, 0, 0, "0\n", 2), 2);
	ck_assert_str_eq(render(gen_ip_forward, 0, 0, NULL), "1\n");
	/* IPv4 links follow default for what they did not set */
	ck_assert_int_eq(write_(put_conf4, DC4_rp_filter, DEVCONF_DEFAULT, "2", 0), 1);
	ck_assert_str_eq(render(gen_conf4, DC4_rp_filter, 2, NULL), "2\n");
	/* IPv6 links keep the copy they were made with */
	ck_assert_int_eq(write_(put_conf6, DC6_hop_limit, DEVCONF_DEFAULT, "10", 0), 2);
	ck_assert_str_eq(render(gen_conf6, DC6_hop_limit, 2, NULL), "64\n");
	ck_assert_int_eq(write_(put_conf6, DC6_hop_limit, 2, "256", 0), -EINVAL);
	/* mtu: within [1280, the link's MTU], until the link's MTU changes */
	ck_assert_int_eq(write_(put_conf6, DC6_mtu, 2, "9000", 0), -EINVAL);
	ck_assert_int_eq(write_(put_conf6, DC6_mtu, 2, "1400\n", 0), 5);
	uint32_t a4[DEVCONF4_NL];
	int32_t a6[DEVCONF6_NL];
	devconf_nl6(&m, &m.links[1], a6);
	ck_assert_int_eq(a6[2], 1400);
	m.links[1].mtu = 1450;
	ck_assert_str_eq(render(gen_conf6, DC6_mtu, 2, NULL), "1450\n");
	devconf_nl4(&m, &m.links[1], a4);
	ck_assert_int_eq(a4[0], 1);
	/* addr_gen_mode is the link's */
	ck_assert_int_eq(write_(put_conf6, DC6_addr_gen_mode, 2, "1", 0), 1);
	ck_assert_int_eq(m.links[1].addr_gen_mode, 1);
	ck_assert_int_eq(write_(put_conf6, DC6_addr_gen_mode, 2, "4", 0), -EINVAL);
	/* jiffies rows are seconds in the file, milliseconds in netlink */
	ck_assert_int_eq(write_(put_conf6, DC6_router_solicitation_interval, 2, "5", 0), 1);
	devconf_nl6(&m, &m.links[1], a6);
	ck_assert_int_eq(a6[8], 5000);
	ck_assert_int_eq(write_(put_conf6, DC6_stable_secret, 2, "::1", 0), -EINVAL);
}
END_TEST

START_TEST(net_writes_are_checked)
{
	ck_assert_int_eq(write_(put_sysctl_net, SN_core_somaxconn, 0, "abc", 0), -EINVAL);
	ck_assert_int_eq(write_(put_sysctl_net, SN_core_somaxconn, 0, "-1", 0), -EINVAL);
	ck_assert_int_eq(write_(put_sysctl_net, SN_core_somaxconn, 0, "128\n", 0), 4);
	ck_assert_str_eq(render(gen_sysctl_net, SN_core_somaxconn, 0, NULL), "128\n");
	/* ip_local_port_range: ordered, above the privileged ports */
	ck_assert_int_eq(write_(put_sysctl_net, SN_ipv4_ip_local_port_range, 0, "3000 2000", 0), -EINVAL);
	ck_assert_int_eq(write_(put_sysctl_net, SN_ipv4_ip_local_port_range, 0, "80 2000", 0), -EINVAL);
	ck_assert_int_eq(write_(put_sysctl_net, SN_ipv4_ip_local_port_range, 0, "2000\t3000", 0), 9);
	ck_assert_str_eq(render(gen_sysctl_net, SN_ipv4_ip_local_port_range, 0, NULL), "2000\t3000\n");
	ck_assert_int_eq(write_(put_sysctl_net, SN_ipv4_ip_unprivileged_port_start, 0, "2500", 0), -EINVAL);
	/* an empty ping group range is stored as 1 0 */
	ck_assert_int_eq(write_(put_sysctl_net, SN_ipv4_ping_group_range, 0, "0 100", 0), 5);
	ck_assert_str_eq(render(gen_sysctl_net, SN_ipv4_ping_group_range, 0, NULL), "0\t100\n");
	ck_assert_int_eq(write_(put_sysctl_net, SN_ipv4_ping_group_range, 0, "5 4", 0), 3);
	ck_assert_str_eq(render(gen_sysctl_net, SN_ipv4_ping_group_range, 0, NULL), "1\t0\n");
}
END_TEST

START_TEST(kernel_files)
{
	struct proc_ctx ctx = { 0 };
	ck_assert_int_eq(put_sys_hostname(&m, &ctx, "box\n", 4, 0), 4);
	ck_assert_str_eq(m.hostname, "box");
	m.cpus = 64;
	m.memory_kb = 3145728;
	ck_assert_str_eq(render(gen_sys_pid_max, 0, 0, NULL), "65536\n");
	ck_assert_str_eq(render(gen_sys_threads_max, 0, 0, NULL), "24576\n");
}
END_TEST

/* By sysctl(8)'s names, as the scenario's "sysctl" object and the
 * snapshot use them. */
static void count_names(const char *name, void *arg)
{
	int *n = arg;
	if (strcmp(name, "net.ipv4.conf.eth0.forwarding") == 0 || strcmp(name, "net.core.somaxconn") == 0)
		n[0]++;
	if (strcmp(name, "net.ipv4.conf.eth0.mc_forwarding") == 0)   /* read-only: not listed */
		n[1]++;
	n[2]++;
}

START_TEST(by_sysctl_names)
{
	char v[64];
	ck_assert_int_eq(vn_sysctl_read(&m, "net.ipv4.conf.eth0.forwarding", v, sizeof(v)), 2);
	ck_assert_str_eq(v, "0\n");
	/* "all" reaches every link, as the kernel's devinet forwarding does */
	ck_assert_int_eq(vn_sysctl_apply(&m, "net.ipv4.conf.all.forwarding", "1", 1), 0);
	ck_assert_int_eq(vn_sysctl_read(&m, "net.ipv4.conf.eth0.forwarding", v, sizeof(v)), 2);
	ck_assert_str_eq(v, "1\n");
	ck_assert_int_eq(vn_sysctl_apply(&m, "net.ipv4.ip_local_port_range", "1024 65000", 10), 0);
	ck_assert_int_eq(vn_sysctl_read(&m, "net.ipv4.ip_local_port_range", v, sizeof(v)), 11);
	ck_assert_str_eq(v, "1024\t65000\n");
	/* what is not there, not writable, or refused by the row */
	ck_assert_int_eq(vn_sysctl_apply(&m, "net.ipv4.conf.eth9.forwarding", "1", 1), -ENOENT);
	ck_assert_int_eq(vn_sysctl_apply(&m, "net.ipv4.nothing", "1", 1), -ENOENT);
	ck_assert_int_eq(vn_sysctl_apply(&m, "net.ipv4.conf", "1", 1), -ENOENT);
	ck_assert_int_eq(vn_sysctl_apply(&m, "", "1", 1), -EINVAL);
	ck_assert_int_eq(vn_sysctl_apply(&m, "net.ipv4.conf.eth0.mc_forwarding", "1", 1), -EPERM);
	ck_assert_int_lt(vn_sysctl_apply(&m, "net.core.somaxconn", "lots", 4), 0);
	/* '/' in a name is a '.' of a link's name */
	struct vn_link vlan = { .ifindex = 3, .name = "eth0.100", .type = ARPHRD_ETHER, .mtu = 1500 };
	vn_model_add_link(&m, &vlan);
	ck_assert_int_eq(vn_sysctl_apply(&m, "net.ipv4.conf.eth0/100.rp_filter", "2", 1), 0);
	ck_assert_int_eq(vn_sysctl_read(&m, "net.ipv4.conf.eth0/100.rp_filter", v, sizeof(v)), 2);
	ck_assert_str_eq(v, "2\n");
	int n[3] = { 0 };
	vn_sysctl_each_writable(&m, "net", count_names, n);
	ck_assert_int_eq(n[0], 2);
	ck_assert_int_eq(n[1], 0);
	ck_assert_int_gt(n[2], 100);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sysctl");
	TCase *tc = tcase_create("sysctl");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, parse_like_proc_dointvec);
	tcase_add_test(tc, parse_like_proc_dostring);
	tcase_add_test(tc, net_files_as_a_new_namespace);
	tcase_add_test(tc, conf_files_per_link);
	tcase_add_test(tc, netlink_arrays_unchanged);
	tcase_add_test(tc, build_options_decide_the_rows);
	tcase_add_test(tc, writes_apply_as_the_kernel);
	tcase_add_test(tc, net_writes_are_checked);
	tcase_add_test(tc, kernel_files);
	tcase_add_test(tc, by_sysctl_names);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
