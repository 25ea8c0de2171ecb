/* Interface ioctl answers, as net/core/dev_ioctl.c and devinet.c give them. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <linux/sockios.h>
#include <net/if_arp.h>
#include <stdlib.h>
#include <string.h>

#include "netlink/ifreq.h"

static struct vn_model m;

static void setup(void)
{
	vn_model_init(&m);
	struct vn_link lo = { .ifindex = 1, .name = "lo", .flags = 0x10049, .mtu = 65536,
			      .type = ARPHRD_LOOPBACK, .txqlen = 1000, .addr_len = 6 };
	struct vn_link eth = { .ifindex = 2, .name = "eth0", .flags = 0x11043, .mtu = 1500,
			       .type = ARPHRD_ETHER, .txqlen = 1000, .addr_len = 6,
			       .addr = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 } };
	struct vn_link v6 = { .ifindex = 3, .name = "v6only", .flags = 0x11043, .mtu = 1400,
			      .type = ARPHRD_ETHER, .addr_len = 6 };
	vn_model_add_link(&m, &eth);
	vn_model_add_link(&m, &lo);
	vn_model_add_link(&m, &v6);
	struct vn_addr a = { .ifindex = 2, .family = AF_INET, .prefixlen = 24, .has_broadcast = true };
	inet_pton(AF_INET, "10.0.2.15", a.local);
	inet_pton(AF_INET, "10.0.2.255", a.broadcast);
	vn_model_add_addr(&m, &a);
	struct vn_addr alias = a;
	inet_pton(AF_INET, "10.0.3.1", alias.local);
	strcpy(alias.label, "eth0:1");
	vn_model_add_addr(&m, &alias);
	struct vn_addr l4 = { .ifindex = 1, .family = AF_INET, .prefixlen = 8 };
	inet_pton(AF_INET, "127.0.0.1", l4.local);
	vn_model_add_addr(&m, &l4);
	struct vn_addr six = { .ifindex = 3, .family = AF_INET6, .prefixlen = 64 };
	inet_pton(AF_INET6, "2001:db8::1", six.local);
	vn_model_add_addr(&m, &six);
}

static void teardown(void) { vn_model_free(&m); }

static struct ifreq named(const char *n)
{
	struct ifreq r;
	memset(&r, 0, sizeof(r));
	strcpy(r.ifr_name, n);
	return r;
}

static const char *in_str(const struct sockaddr *sa, char *buf)
{
	ck_assert_int_eq(sa->sa_family, AF_INET);
	return inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, 16);
}

START_TEST(index_and_name)
{
	struct ifreq r = named("eth0");
	ck_assert_int_eq(vn_ifreq_get(&m, SIOCGIFINDEX, &r), 0);
	ck_assert_int_eq(r.ifr_ifindex, 2);
	memset(&r, 0, sizeof(r));
	r.ifr_ifindex = 1;
	ck_assert_int_eq(vn_ifreq_get(&m, SIOCGIFNAME, &r), 0);
	ck_assert_str_eq(r.ifr_name, "lo");
	r = named("nope0");
	ck_assert_int_eq(vn_ifreq_get(&m, SIOCGIFINDEX, &r), -ENODEV);
	r.ifr_ifindex = 99;
	ck_assert_int_eq(vn_ifreq_get(&m, SIOCGIFNAME, &r), -ENODEV);
}
END_TEST

START_TEST(flags_are_the_legacy_16_bits)
{
	struct ifreq r = named("eth0");
	ck_assert_int_eq(vn_ifreq_get(&m, SIOCGIFFLAGS, &r), 0);
	ck_assert_int_eq((unsigned short)r.ifr_flags, 0x1043);   /* no IFF_LOWER_UP */
}
END_TEST

START_TEST(mtu_txqlen_hwaddr)
{
	struct ifreq r = named("eth0");
	ck_assert_int_eq(vn_ifreq_get(&m, SIOCGIFMTU, &r), 0);
	ck_assert_int_eq(r.ifr_mtu, 1500);
	r = named("lo");
	ck_assert_int_eq(vn_ifreq_get(&m, SIOCGIFTXQLEN, &r), 0);
	ck_assert_int_eq(r.ifr_qlen, 1000);
	r = named("eth0");
	ck_assert_int_eq(vn_ifreq_get(&m, SIOCGIFHWADDR, &r), 0);
	ck_assert_int_eq(r.ifr_hwaddr.sa_family, ARPHRD_ETHER);
	ck_assert_mem_eq(r.ifr_hwaddr.sa_data, "\x52\x54\x00\x12\x34\x56", 6);
}
END_TEST

START_TEST(ipv4_address_by_label)
{
	char b[16];
	struct ifreq r = named("eth0");
	ck_assert_int_eq(vn_ifreq_get(&m, SIOCGIFADDR, &r), 0);
	ck_assert_str_eq(in_str(&r.ifr_addr, b), "10.0.2.15");
	r = named("eth0");
	ck_assert_int_eq(vn_ifreq_get(&m, SIOCGIFNETMASK, &r), 0);
	ck_assert_str_eq(in_str(&r.ifr_netmask, b), "255.255.255.0");
	r = named("eth0");
	ck_assert_int_eq(vn_ifreq_get(&m, SIOCGIFBRDADDR, &r), 0);
	ck_assert_str_eq(in_str(&r.ifr_broadaddr, b), "10.0.2.255");
	r = named("eth0:1");
	ck_assert_int_eq(vn_ifreq_get(&m, SIOCGIFADDR, &r), 0);
	ck_assert_str_eq(in_str(&r.ifr_addr, b), "10.0.3.1");
	/* a link without IPv4: EADDRNOTAVAIL, as ifconfig expects */
	r = named("v6only");
	ck_assert_int_eq(vn_ifreq_get(&m, SIOCGIFADDR, &r), -EADDRNOTAVAIL);
	r = named("eth9");
	ck_assert_int_eq(vn_ifreq_get(&m, SIOCGIFADDR, &r), -ENODEV);
}
END_TEST

START_TEST(ifconf_lists_ipv4_addresses_in_link_order)
{
	ck_assert_uint_eq(vn_ifconf(&m, NULL, 0), 3);
	struct ifreq out[3];
	ck_assert_uint_eq(vn_ifconf(&m, out, 3), 3);
	ck_assert_str_eq(out[0].ifr_name, "lo");
	ck_assert_str_eq(out[1].ifr_name, "eth0");
	ck_assert_str_eq(out[2].ifr_name, "eth0:1");
	ck_assert_uint_eq(vn_ifconf(&m, out, 1), 1);
}
END_TEST

START_TEST(unknown_request)
{
	struct ifreq r = named("eth0");
	ck_assert_int_eq(vn_ifreq_get(&m, 0x89ff, &r), -ENOTTY);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ifreq");
	TCase *tc = tcase_create("ifreq");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, index_and_name);
	tcase_add_test(tc, flags_are_the_legacy_16_bits);
	tcase_add_test(tc, mtu_txqlen_hwaddr);
	tcase_add_test(tc, ipv4_address_by_label);
	tcase_add_test(tc, ifconf_lists_ipv4_addresses_in_link_order);
	tcase_add_test(tc, unknown_request);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
