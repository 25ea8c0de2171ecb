/* The routes the model derives from addresses, and route lookup, against
 * what Linux 6.18 shows for the same state (`ip route show table all`,
 * `ip -6 route show table all`, `ip route get`) in a namespace made with:
 *   ip netns add r1; ip -n r1 link set lo up
 *   ip -n r1 link add v0 type veth peer name v1; ip -n r1 link set v0 up
 *   ip -n r1 link set v1 up
 *   ip -n r1 addr add 10.0.2.15/24 dev v0; ip -n r1 addr add 10.0.3.1/24 dev v0
 *   ip -n r1 addr add 10.0.2.16/24 dev v0; ip -n r1 addr add 2001:db8::1/64 dev v0 nodad
 *   ip -n r1 route add default via 10.0.2.2
 * and, for a link that is down, r2 with the same v0 addresses before `up`. */
#include "model.h"

#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <check.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static struct vn_model m;

static void addr(int ifindex, int family, const char *a, int plen, uint8_t scope, uint32_t flags)
{
	struct vn_addr x = { .ifindex = ifindex, .family = (uint8_t)family,
			     .prefixlen = (uint8_t)plen, .scope = scope, .flags = flags };
	inet_pton(family, a, x.local);
	vn_model_add_addr(&m, &x);
}

static void links(unsigned int v0_flags)
{
	struct vn_link lo = { .ifindex = 1, .name = "lo", .flags = 0x10049, .type = ARPHRD_LOOPBACK };
	struct vn_link v1 = { .ifindex = 2, .name = "v1", .flags = 0x11043, .type = ARPHRD_ETHER };
	struct vn_link v0 = { .ifindex = 3, .name = "v0", .flags = v0_flags, .type = ARPHRD_ETHER };
	vn_model_add_link(&m, &lo);
	vn_model_add_link(&m, &v1);
	vn_model_add_link(&m, &v0);
}

static void setup(void)
{
	vn_model_init(&m);
}

static void teardown(void)
{
	vn_model_free(&m);
}

/* One line per route, close to `ip route show table all`. */
static char *render(void)
{
	static const char *types[] = { [RTN_UNICAST] = "unicast", [RTN_LOCAL] = "local",
				       [RTN_BROADCAST] = "broadcast", [RTN_MULTICAST] = "multicast" };
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < m.nroutes; i++) {
		const struct vn_route *r = &m.routes[i];
		char dst[64], src[64];
		inet_ntop(r->family, r->dst, dst, sizeof(dst));
		buf_printf(&b, "%s %s/%u dev %d table %u", types[r->type], dst, r->dst_len, r->oif, r->table);
		if (r->has_prefsrc) {
			inet_ntop(r->family, r->prefsrc, src, sizeof(src));
			buf_printf(&b, " src %s", src);
		}
		if (r->has_priority)
			buf_printf(&b, " metric %u", r->priority);
		if (r->flags & RTNH_F_LINKDOWN)
			buf_puts(&b, " linkdown");
		buf_puts(&b, "\n");
	}
	return b.data ? b.data : strdup("");
}

START_TEST(derived_routes_match_linux)
{
	links(0x11043);
	addr(1, AF_INET, "127.0.0.1", 8, RT_SCOPE_HOST, IFA_F_PERMANENT);
	addr(3, AF_INET, "10.0.2.15", 24, 0, IFA_F_PERMANENT);
	addr(3, AF_INET, "10.0.3.1", 24, 0, IFA_F_PERMANENT);
	addr(3, AF_INET, "10.0.2.16", 24, 0, IFA_F_PERMANENT | IFA_F_SECONDARY);
	addr(1, AF_INET6, "::1", 128, RT_SCOPE_HOST, IFA_F_PERMANENT);
	addr(2, AF_INET6, "fe80::bc64:44ff:feaa:c709", 64, RT_SCOPE_LINK, IFA_F_PERMANENT);
	addr(3, AF_INET6, "2001:db8::1", 64, 0, IFA_F_PERMANENT | IFA_F_NODAD);
	addr(3, AF_INET6, "fe80::c0d3:31ff:feb0:e9e6", 64, RT_SCOPE_LINK, IFA_F_PERMANENT);
	vn_model_derive_routes(&m);
	char *got = render();
	ck_assert_str_eq(got,
		"unicast 10.0.2.0/24 dev 3 table 254 src 10.0.2.15\n"
		"unicast 10.0.3.0/24 dev 3 table 254 src 10.0.3.1\n"
		"local 10.0.2.15/32 dev 3 table 255 src 10.0.2.15\n"
		"local 10.0.2.16/32 dev 3 table 255 src 10.0.2.15\n"
		"broadcast 10.0.2.255/32 dev 3 table 255 src 10.0.2.15\n"
		"local 10.0.3.1/32 dev 3 table 255 src 10.0.3.1\n"
		"broadcast 10.0.3.255/32 dev 3 table 255 src 10.0.3.1\n"
		"local 127.0.0.0/8 dev 1 table 255 src 127.0.0.1\n"
		"local 127.0.0.1/32 dev 1 table 255 src 127.0.0.1\n"
		"broadcast 127.255.255.255/32 dev 1 table 255 src 127.0.0.1\n"
		"unicast 2001:db8::/64 dev 3 table 254 metric 256\n"
		"unicast fe80::/64 dev 2 table 254 metric 256\n"
		"unicast fe80::/64 dev 3 table 254 metric 256\n"
		"local ::1/128 dev 1 table 255 metric 0\n"
		"local 2001:db8::1/128 dev 3 table 255 metric 0\n"
		"local fe80::bc64:44ff:feaa:c709/128 dev 2 table 255 metric 0\n"
		"local fe80::c0d3:31ff:feb0:e9e6/128 dev 3 table 255 metric 0\n"
		"multicast ff00::/8 dev 2 table 255 metric 256\n"
		"multicast ff00::/8 dev 3 table 255 metric 256\n");
	free(got);
	/* deriving again (a scenario that lists them) adds nothing */
	size_t n = m.nroutes;
	vn_model_derive_routes(&m);
	ck_assert_uint_eq(m.nroutes, n);
}
END_TEST

START_TEST(down_link_keeps_only_the_local_route)
{
	links(0x1002);   /* BROADCAST|MULTICAST, not up */
	addr(3, AF_INET, "10.0.2.15", 24, 0, IFA_F_PERMANENT);
	addr(3, AF_INET6, "2001:db8::1", 64, 0, IFA_F_PERMANENT);
	vn_model_derive_routes(&m);
	char *got = render();
	ck_assert_str_eq(got, "local 10.0.2.15/32 dev 3 table 255 src 10.0.2.15\n");
	free(got);
}
END_TEST

START_TEST(up_link_without_carrier_marks_linkdown)
{
	links(0x1003);   /* up, no LOWER_UP */
	addr(3, AF_INET, "10.0.2.15", 24, 0, IFA_F_PERMANENT);
	addr(3, AF_INET6, "2001:db8::1", 64, 0, IFA_F_PERMANENT | IFA_F_TENTATIVE);
	vn_model_derive_routes(&m);
	char *got = render();
	ck_assert_str_eq(got,
		"unicast 10.0.2.0/24 dev 3 table 254 src 10.0.2.15 linkdown\n"
		"local 10.0.2.15/32 dev 3 table 255 src 10.0.2.15\n"
		"broadcast 10.0.2.255/32 dev 3 table 255 src 10.0.2.15 linkdown\n"
		"unicast 2001:db8::/64 dev 3 table 254 metric 256 linkdown\n");
	free(got);
}
END_TEST

START_TEST(lookup_follows_rules_and_longest_prefix)
{
	links(0x11043);
	addr(1, AF_INET, "127.0.0.1", 8, RT_SCOPE_HOST, IFA_F_PERMANENT);
	addr(3, AF_INET, "10.0.2.15", 24, 0, IFA_F_PERMANENT);
	addr(3, AF_INET6, "2001:db8::1", 64, 0, IFA_F_PERMANENT);
	struct vn_route def = { .family = AF_INET, .type = RTN_UNICAST, .table = RT_TABLE_MAIN,
				.oif = 3, .has_gateway = true };
	inet_pton(AF_INET, "10.0.2.2", def.gateway);
	vn_model_add_route(&m, &def);
	vn_model_derive_routes(&m);
	vn_model_default_rules(&m);
	uint8_t dst[16] = { 0 }, src[16];
	char s[64];

	inet_pton(AF_INET, "8.8.8.8", dst);
	const struct vn_route *r = vn_route_lookup(&m, AF_INET, dst);
	ck_assert_ptr_nonnull(r);
	ck_assert(r->has_gateway && r->dst_len == 0);
	ck_assert(vn_pick_source(&m, r, dst, src));
	ck_assert_str_eq(inet_ntop(AF_INET, src, s, sizeof(s)), "10.0.2.15");

	inet_pton(AF_INET, "10.0.2.15", dst);
	r = vn_route_lookup(&m, AF_INET, dst);
	ck_assert_uint_eq(r->type, RTN_LOCAL);    /* rule 0 looks in table local first */

	inet_pton(AF_INET, "10.0.2.99", dst);
	r = vn_route_lookup(&m, AF_INET, dst);
	ck_assert_uint_eq(r->dst_len, 24);

	memset(dst, 0, 16);
	inet_pton(AF_INET6, "2001:db8::5", dst);
	r = vn_route_lookup(&m, AF_INET6, dst);
	ck_assert_uint_eq(r->dst_len, 64);
	ck_assert(vn_pick_source(&m, r, dst, src));
	ck_assert_str_eq(inet_ntop(AF_INET6, src, s, sizeof(s)), "2001:db8::1");

	inet_pton(AF_INET6, "2001:dead::1", dst);
	ck_assert_ptr_null(vn_route_lookup(&m, AF_INET6, dst));
}
END_TEST

/* wg-quick: "not fwmark 0xca6c lookup 51820" takes every flow without the
 * mark (an unmarked `ip route get` among them) to the tunnel's table; a
 * rule for the mark alone does not match it. */
START_TEST(lookup_follows_fwmark_rules)
{
	links(0x11043);
	addr(3, AF_INET, "10.0.2.15", 24, 0, IFA_F_PERMANENT);
	struct vn_route def = { .family = AF_INET, .type = RTN_UNICAST, .table = RT_TABLE_MAIN,
				.oif = 3, .has_gateway = true };
	inet_pton(AF_INET, "10.0.2.2", def.gateway);
	vn_model_add_route(&m, &def);
	struct vn_route tun = { .family = AF_INET, .type = RTN_UNICAST, .table = 51820, .oif = 2 };
	vn_model_add_route(&m, &tun);
	vn_model_derive_routes(&m);
	vn_model_default_rules(&m);
	struct vn_rule marked = { .family = AF_INET, .action = FR_ACT_TO_TBL, .priority = 100,
				  .table = 51820, .fwmark = 7, .fwmask = 0xffffffff,
				  .suppress_prefixlen = 0xffffffffu };
	vn_model_add_rule(&m, &marked);
	uint8_t dst[16] = { 0 };
	inet_pton(AF_INET, "8.8.8.8", dst);
	ck_assert_uint_eq(vn_route_lookup(&m, AF_INET, dst)->table, RT_TABLE_MAIN);
	m.rules[m.nrules - 1].flags = FIB_RULE_INVERT;
	ck_assert_uint_eq(vn_route_lookup(&m, AF_INET, dst)->table, 51820);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("model");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, derived_routes_match_linux);
	tcase_add_test(tc, down_link_keeps_only_the_local_route);
	tcase_add_test(tc, up_link_without_carrier_marks_linkdown);
	tcase_add_test(tc, lookup_follows_rules_and_longest_prefix);
	tcase_add_test(tc, lookup_follows_fwmark_rules);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
