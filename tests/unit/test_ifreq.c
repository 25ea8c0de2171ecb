/* Interface ioctl answers, as net/core/dev_ioctl.c and devinet.c give them. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <stdio.h>
#include <net/if_arp.h>
#include <stdlib.h>
#include <string.h>

#include "model_change.h"
#include "netlink/ethtool.h"
#include "netlink/ifreq.h"
#include "proc/proc_gen.h"

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


/* ---- set requests (ifreq_set.c): a veth up with a primary and a
 * secondary, its kernel routes and a gateway route, checked against what
 * Linux 6.18 does with the same ioctls */
static struct vn_model w;

static void set_setup(void)
{
	vn_model_init(&w);
	struct vn_link eth = { .ifindex = 3, .name = "eth0", .flags = 0x11043, .mtu = 1500,
			       .min_mtu = 68, .max_mtu = 65535, .type = ARPHRD_ETHER, .txqlen = 1000,
			       .addr_len = 6, .kind = "veth", .link_netnsid = -1, .operstate = 6,
			       .addr = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 } };
	vn_model_add_link(&w, &eth);
	struct vn_addr a = { .ifindex = 3, .family = AF_INET, .prefixlen = 24, .has_broadcast = true,
			     .valid_lft = VN_INFINITY_LIFE, .preferred_lft = VN_INFINITY_LIFE,
			     .flags = IFA_F_PERMANENT };
	inet_pton(AF_INET, "10.0.2.15", a.local);
	inet_pton(AF_INET, "10.0.2.255", a.broadcast);
	vn_model_add_addr(&w, &a);
	inet_pton(AF_INET, "10.0.2.16", a.local);
	a.flags |= IFA_F_SECONDARY;
	vn_model_add_addr(&w, &a);
	vn_model_derive_routes(&w);
	struct vn_route gw = { .family = AF_INET, .table = RT_TABLE_MAIN, .type = RTN_UNICAST,
			       .protocol = RTPROT_BOOT, .has_gateway = true, .oif = 3 };
	inet_pton(AF_INET, "10.0.2.2", gw.gateway);
	vn_model_add_route(&w, &gw);
	vn_model_sort_routes(&w);
}

static void set_teardown(void) { vn_model_free(&w); }

static int set4(bool cap, enum vn_ioc_path path, unsigned int cmd, const char *name, const char *ip)
{
	struct ifreq r = named(name);
	struct sockaddr_in *sin = (struct sockaddr_in *)&r.ifr_addr;
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, ip, &sin->sin_addr);
	struct vn_change c = { .m = &w };
	return vn_ifreq_set(&c, cap, path, cmd, &r);
}

/* "label local/prefix brd broadcast" of every IPv4 address, in order */
static const char *v4_addrs(char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < w.naddrs; i++) {
		const struct vn_addr *a = &w.addrs[i];
		char l[16], b[16] = "-";
		inet_ntop(AF_INET, a->local, l, sizeof(l));
		if (a->has_broadcast)
			inet_ntop(AF_INET, a->broadcast, b, sizeof(b));
		n += (size_t)snprintf(out + n, size - n, "%s%s %s/%u brd %s", n ? "; " : "",
				      a->label[0] ? a->label : "eth0", l, a->prefixlen, b);
	}
	return out;
}

START_TEST(set_address_mask_and_alias)
{
	char b[256];
	/* replacing the primary takes the secondary along; classful /8 */
	ck_assert_int_eq(set4(true, VN_IOC_INET, SIOCSIFADDR, "eth0", "10.9.9.9"), 0);
	ck_assert_str_eq(v4_addrs(b, sizeof(b)), "eth0 10.9.9.9/8 brd 10.255.255.255");
	ck_assert_int_eq(set4(true, VN_IOC_INET, SIOCSIFNETMASK, "eth0", "255.255.0.0"), 0);
	ck_assert_str_eq(v4_addrs(b, sizeof(b)), "eth0 10.9.9.9/16 brd 10.9.255.255");
	ck_assert_int_eq(set4(true, VN_IOC_INET, SIOCSIFADDR, "eth0:1", "10.7.7.7"), 0);
	ck_assert_str_eq(v4_addrs(b, sizeof(b)),
			 "eth0 10.9.9.9/16 brd 10.9.255.255; eth0:1 10.7.7.7/8 brd 10.255.255.255");
	/* a broadcast set by hand stays when the mask changes */
	ck_assert_int_eq(set4(true, VN_IOC_INET, SIOCSIFBRDADDR, "eth0", "10.9.9.255"), 0);
	ck_assert_int_eq(set4(true, VN_IOC_INET, SIOCSIFNETMASK, "eth0", "255.255.255.0"), 0);
	ck_assert_str_eq(v4_addrs(b, sizeof(b)),
			 "eth0:1 10.7.7.7/8 brd 10.255.255.255; eth0 10.9.9.9/24 brd 10.9.9.255");
	/* an alias taken down is deleted; address 0 deletes */
	struct ifreq r = named("eth0:1");
	r.ifr_flags = IFF_BROADCAST;
	struct vn_change c = { .m = &w };
	ck_assert_int_eq(vn_ifreq_set(&c, true, VN_IOC_INET, SIOCSIFFLAGS, &r), 0);
	ck_assert_int_eq(set4(true, VN_IOC_INET, SIOCSIFADDR, "eth0", "0.0.0.0"), 0);
	ck_assert_uint_eq(w.naddrs, 0);
}
END_TEST

START_TEST(set_checks_in_the_kernel_order)
{
	/* EPERM first, even for a device that does not exist */
	ck_assert_int_eq(set4(false, VN_IOC_INET, SIOCSIFADDR, "nope0", "10.1.1.1"), -EPERM);
	ck_assert_int_eq(set4(false, VN_IOC_DEV, SIOCSIFMTU, "nope0", "0.0.0.0"), -EPERM);
	ck_assert_int_eq(set4(true, VN_IOC_INET, SIOCSIFADDR, "nope0", "10.1.1.1"), -ENODEV);
	ck_assert_int_eq(set4(true, VN_IOC_INET, SIOCSIFADDR, "eth0", "224.0.0.9"), -EINVAL);
	ck_assert_int_eq(set4(true, VN_IOC_INET, SIOCSIFNETMASK, "eth0", "255.0.255.0"), -EINVAL);
	ck_assert_int_eq(set4(true, VN_IOC_INET, SIOCSIFNETMASK, "eth0:7", "255.0.0.0"), -EADDRNOTAVAIL);
	/* no address requests outside inet_ioctl; no metric */
	ck_assert_int_eq(set4(true, VN_IOC_DEV, SIOCSIFADDR, "eth0", "10.1.1.1"), -ENOTTY);
	ck_assert_int_eq(set4(true, VN_IOC_DEV, SIOCSIFMETRIC, "eth0", "0.0.0.0"), -EOPNOTSUPP);
	struct ifreq r = named("eth0");
	r.ifr_mtu = 10;
	struct vn_change c = { .m = &w };
	ck_assert_int_eq(vn_ifreq_set(&c, true, VN_IOC_DEV, SIOCSIFMTU, &r), -EINVAL);
	r.ifr_mtu = 1400;
	ck_assert_int_eq(vn_ifreq_set(&c, true, VN_IOC_DEV, SIOCSIFMTU, &r), 0);
	ck_assert_uint_eq(w.links[0].mtu, 1400);
}
END_TEST

START_TEST(last_address_gone_flushes_routes)
{
	ck_assert_int_eq(set4(true, VN_IOC_INET, SIOCSIFADDR, "eth0", "0.0.0.0"), 0);
	for (size_t i = 0; i < w.nroutes; i++)
		ck_assert(w.routes[i].family != AF_INET || w.routes[i].oif != 3);
}
END_TEST

/* ---- SIOCETHTOOL (ethtool.c): bytes Linux 6.18 wrote for a veth and a
 * bridge with one veth port up (release 6.18.44-fc-v595) */
static uint8_t *unhex(const char *h, uint8_t *out)
{
	for (size_t i = 0; h[2 * i]; i++)
		sscanf(h + 2 * i, "%2hhx", &out[i]);
	return out;
}

START_TEST(ethtool_drvinfo_and_settings)
{
	strcpy(w.release, "6.18.44-fc-v595");
	struct vn_link br = w.links[0];
	br.ifindex = 4;
	strcpy(br.name, "br0");
	strcpy(br.kind, "bridge");
	vn_model_add_link(&w, &br);
	w.links[0].master = 4;
	uint8_t buf[VN_ETHTOOL_MAX] = { 3 }, want[VN_ETHTOOL_MAX] = { 0 };
	size_t n;
	ck_assert_int_eq(vn_ethtool(&w, "eth0", false, buf, &n), 0);
	ck_assert_uint_eq(n, 196);
	unhex("0300000076657468", want);
	memcpy(want + 36, "1.0\0.44-fc-v595", 15);
	want[180] = 10;   /* n_stats */
	ck_assert_mem_eq(buf, want, n);
	memset(buf, 0, sizeof(buf));
	buf[0] = ETHTOOL_GSET;
	ck_assert_int_eq(vn_ethtool(&w, "br0", false, buf, &n), 0);
	ck_assert_uint_eq(n, 44);
	memset(want, 0, sizeof(want));
	ck_assert_mem_eq(buf, unhex("0100000000000000000000001027ffff", want), 44);
	memset(buf, 0, sizeof(buf));
	buf[0] = ETHTOOL_GLINKSETTINGS;
	ck_assert_int_eq(vn_ethtool(&w, "eth0", false, buf, &n), 0);
	ck_assert_uint_eq(n, 48);
	ck_assert_int_eq(buf[15], 0xfc);   /* the handshake: -4 words */
	buf[15] = 4;                       /* ethtool asks again with 4 */
	ck_assert_int_eq(vn_ethtool(&w, "eth0", false, buf, &n), 0);
	ck_assert_uint_eq(n, 96);
	memset(want, 0, sizeof(want));
	ck_assert_mem_eq(buf, unhex("4c00000010270000010000000000000400", want), 96);
	buf[0] = ETHTOOL_GWOL;
	ck_assert_int_eq(vn_ethtool(&w, "eth0", false, buf, &n), -EPERM);
	ck_assert_int_eq(vn_ethtool(&w, "eth0", true, buf, &n), -EOPNOTSUPP);
	ck_assert_int_eq(vn_ethtool(&w, "nope0", true, buf, &n), -ENODEV);
}
END_TEST

/* ---- /proc/net/arp (net_arp.c), lines as Linux 6.18 printed them */
START_TEST(arp_rows)
{
	static const struct { const char *ip; uint16_t state; uint8_t flags; bool ll; } ns[] = {
		{ "10.9.0.4", NUD_STALE, 0, true }, { "10.255.255.53", NUD_FAILED, 0, false },
		{ "10.9.0.2", NUD_PERMANENT, 0, true }, { "10.9.0.5", NUD_NOARP, 0, true },
		{ "10.9.0.6", 0, NTF_PROXY, false },
	};
	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		struct vn_neigh n = { .ifindex = 3, .family = AF_INET, .state = ns[i].state,
				      .flags = ns[i].flags, .lladdr_len = ns[i].ll ? 6 : 0,
				      .lladdr = { 0x52, 0x55, 0x0a, 0, 2, 4 } };
		inet_pton(AF_INET, ns[i].ip, n.dst);
		vn_model_add_neigh(&w, &n);
	}
	struct buf out;
	buf_init(&out);
	gen_net_arp(&w, &(struct proc_ctx){ 0 }, &out);
	buf_puts(&out, "");
	ck_assert_str_eq((const char *)out.data,
		"IP address       HW type     Flags       HW address            Mask     Device\n"
		"10.9.0.4         0x1         0x2         52:55:0a:00:02:04     *        eth0\n"
		"10.255.255.53    0x1         0x0         00:00:00:00:00:00     *        eth0\n"
		"10.9.0.2         0x1         0x6         52:55:0a:00:02:04     *        eth0\n"
		"10.9.0.6         0x1         0xc         00:00:00:00:00:00     *        eth0\n");
	buf_free(&out);
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
	TCase *ts = tcase_create("set");
	tcase_add_checked_fixture(ts, set_setup, set_teardown);
	tcase_add_test(ts, set_address_mask_and_alias);
	tcase_add_test(ts, set_checks_in_the_kernel_order);
	tcase_add_test(ts, last_address_gone_flushes_routes);
	tcase_add_test(ts, ethtool_drvinfo_and_settings);
	tcase_add_test(ts, arp_rows);
	suite_add_tcase(s, ts);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
