/* disable_ipv6 written on a link, on all, and by a scenario's sysctl: the
 * link's IPv6 addresses and routes go and come back as Linux 6.18 did in a
 * namespace built like the integration suite's veth fixture (lo; p0 and
 * eth0 a veth pair, both up; 2001:db8::15/64 and the EUI-64 link-local on
 * eth0) given `sysctl -w net.ipv6.conf.eth0.disable_ipv6=1` then `=0`: the
 * link-local address, fe80::/64, its local route and ff00::/8 come back,
 * the global address does not. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/socket.h>

#include "devconf.h"
#include "model_change.h"
#include "proc/proc_gen.h"
#include "scenario.h"
#include "sysctl_apply.h"

static const char fixture[] =
	"{\"links\": ["
	"{\"ifindex\": 1, \"ifname\": \"lo\", \"flags\": [\"LOOPBACK\",\"UP\",\"LOWER_UP\"], \"link_type\": \"loopback\","
	" \"addr_info\": [{\"family\": \"inet\", \"local\": \"127.0.0.1\", \"prefixlen\": 8, \"scope\": \"host\"},"
	"                {\"family\": \"inet6\", \"local\": \"::1\", \"prefixlen\": 128, \"scope\": \"host\"}]},"
	"{\"ifindex\": 2, \"ifname\": \"p0\", \"link\": \"eth0\", \"flags\": [\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"],"
	" \"linkinfo\": {\"info_kind\": \"veth\"}, \"address\": \"da:e4:23:f8:06:14\","
	" \"addr_info\": [{\"family\": \"inet6\", \"local\": \"fe80::d8e4:23ff:fef8:614\", \"prefixlen\": 64, \"scope\": \"link\"}]},"
	"{\"ifindex\": 3, \"ifname\": \"eth0\", \"link\": \"p0\", \"flags\": [\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"],"
	" \"linkinfo\": {\"info_kind\": \"veth\"}, \"address\": \"52:54:00:12:34:56\","
	" \"addr_info\": [{\"family\": \"inet\", \"local\": \"10.0.2.15\", \"prefixlen\": 24, \"broadcast\": \"10.0.2.255\", \"scope\": \"global\"},"
	"                {\"family\": \"inet6\", \"local\": \"2001:db8::15\", \"prefixlen\": 64, \"scope\": \"global\"},"
	"                {\"family\": \"inet6\", \"local\": \"fe80::5054:ff:fe12:3456\", \"prefixlen\": 64, \"scope\": \"link\"}]}],"
	" \"routes\": [{\"dst\": \"default\", \"gateway\": \"10.0.2.2\", \"dev\": \"eth0\"}]}";

static struct vn_model m;
static int nevents[RTM_MAX + 1];

static void count(void *arg, const struct vn_model *mm, const struct vn_event *e)
{
	(void)arg;
	(void)mm;
	nevents[e->type]++;
}

static struct vn_events ev = { .fn = count };

static void load(const char *extra)
{
	char text[sizeof(fixture) + 256], err[256];
	snprintf(text, sizeof(text), "%.*s%s}", (int)(sizeof(fixture) - 2), fixture, extra);
	vn_model_init(&m);
	ck_assert_msg(vn_scenario_load_string(&m, text, strlen(text), "fixture", err, sizeof(err)) == 0,
		      "%s", err);
	memset(nevents, 0, sizeof(nevents));
}

static void setup(void) { load(""); }
static void teardown(void) { vn_model_free(&m); }

/* what a write of the file does, reported to ev */
static void write_conf(int dev, const char *v)
{
	struct proc_ctx ctx = { .arg = DC6_disable_ipv6, .dev = dev, .ev = &ev };
	ck_assert_int_eq(put_conf6(&m, &ctx, v, strlen(v), 0), (int64_t)strlen(v));
}

static size_t v6_addrs(int ifindex)
{
	size_t n = 0;
	for (size_t i = 0; i < m.naddrs; i++)
		n += m.addrs[i].family == AF_INET6 && m.addrs[i].ifindex == ifindex;
	return n;
}

static size_t routes(int family, int ifindex)
{
	size_t n = 0;
	for (size_t i = 0; i < m.nroutes; i++)
		n += m.routes[i].family == family && m.routes[i].oif == ifindex;
	return n;
}

static bool has_addr(int ifindex, const char *text)
{
	uint8_t a[16];
	inet_pton(AF_INET6, text, a);
	for (size_t i = 0; i < m.naddrs; i++)
		if (m.addrs[i].family == AF_INET6 && m.addrs[i].ifindex == ifindex &&
		    !memcmp(m.addrs[i].local, a, 16))
			return true;
	return false;
}

START_TEST(set_takes_the_links_ipv6_away)
{
	size_t v4 = routes(AF_INET, 3);
	/* 2001:db8::/64, fe80::/64, two local routes, ff00::/8 */
	ck_assert_uint_eq(routes(AF_INET6, 3), 5);
	write_conf(3, "1\n");
	ck_assert_uint_eq(v6_addrs(3), 0);
	ck_assert_uint_eq(routes(AF_INET6, 3), 0);
	ck_assert_uint_eq(routes(AF_INET, 3), v4);
	ck_assert(has_addr(1, "::1") && has_addr(2, "fe80::d8e4:23ff:fef8:614"));
	ck_assert_int_eq(nevents[RTM_DELADDR], 2);
	ck_assert_int_eq(nevents[RTM_DELROUTE], 5);
	/* a second write of the same value changes nothing */
	write_conf(3, "1");
	ck_assert_int_eq(nevents[RTM_DELADDR], 2);
	/* inet6_addr_add: refused while disabled */
	struct vn_addr a = { .ifindex = 3, .family = AF_INET6, .prefixlen = 64 };
	inet_pton(AF_INET6, "2001:db8::99", a.local);
	struct vn_change c = { .m = &m };
	ck_assert_int_eq(vn_addr_add(&c, &a), -EACCES);
	ck_assert_str_eq(c.extack, "ipv6: IPv6 is disabled on this device");
}
END_TEST

START_TEST(cleared_gives_back_the_link_local)
{
	write_conf(3, "1");
	write_conf(3, "0");
	ck_assert_uint_eq(v6_addrs(3), 1);
	ck_assert(has_addr(3, "fe80::5054:ff:fe12:3456"));
	ck_assert(!has_addr(3, "2001:db8::15"));
	ck_assert_uint_eq(routes(AF_INET6, 3), 3);   /* fe80::/64, local fe80::..., ff00::/8 */
	ck_assert_int_eq(nevents[RTM_NEWADDR], 1);
	ck_assert_int_eq(devconf_get(&m, AF_INET6, 3, DC6_disable_ipv6), 0);
}
END_TEST

START_TEST(all_reaches_every_link_and_lo)
{
	write_conf(DEVCONF_ALL, "1");
	for (int i = 1; i <= 3; i++)
		ck_assert_uint_eq(v6_addrs(i) + routes(AF_INET6, i), 0);
	write_conf(DEVCONF_ALL, "0");
	ck_assert(has_addr(1, "::1") && has_addr(2, "fe80::d8e4:23ff:fef8:614") &&
		  has_addr(3, "fe80::5054:ff:fe12:3456"));
	/* default alone reaches no link */
	write_conf(DEVCONF_DEFAULT, "1");
	ck_assert_uint_eq(v6_addrs(3), 1);
}
END_TEST

/* addrconf_link_ready: a link that is down gets nothing back; nor one
 * whose addr_gen_mode is none */
START_TEST(cleared_on_a_link_not_ready)
{
	write_conf(3, "1");
	struct vn_link_req q = { .flags = 0, .change = IFF_UP };
	struct vn_change c = { .m = &m };
	ck_assert_int_eq(vn_link_change(&c, 3, &q), 0);
	write_conf(3, "0");
	ck_assert_uint_eq(v6_addrs(3), 0);
	/* up again: addrconf_dev_config as on any link up */
	q.flags = IFF_UP;
	ck_assert_int_eq(vn_link_change(&c, 3, &q), 0);
	ck_assert(has_addr(3, "fe80::5054:ff:fe12:3456"));

	write_conf(2, "1");
	m.links[1].addr_gen_mode = 1;   /* p0: IN6_ADDR_GEN_MODE_NONE */
	write_conf(2, "0");
	ck_assert_uint_eq(v6_addrs(2), 0);
}
END_TEST

/* a scenario's sysctl applies before the program runs, as the kernel would */
START_TEST(a_scenarios_sysctl)
{
	vn_model_free(&m);
	load(", \"sysctl\": {\"net.ipv6.conf.eth0.disable_ipv6\": 1}");
	ck_assert_uint_eq(v6_addrs(3), 0);
	ck_assert_uint_eq(routes(AF_INET6, 3), 0);
	ck_assert(has_addr(2, "fe80::d8e4:23ff:fef8:614"));
	ck_assert_int_eq(vn_sysctl_apply(&m, "net.ipv6.conf.eth0.disable_ipv6", "0", 1), 0);
	ck_assert(has_addr(3, "fe80::5054:ff:fe12:3456"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("disable_ipv6");
	TCase *tc = tcase_create("disable_ipv6");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, set_takes_the_links_ipv6_away);
	tcase_add_test(tc, cleared_gives_back_the_link_local);
	tcase_add_test(tc, all_reaches_every_link_and_lo);
	tcase_add_test(tc, cleared_on_a_link_not_ready);
	tcase_add_test(tc, a_scenarios_sysctl);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
