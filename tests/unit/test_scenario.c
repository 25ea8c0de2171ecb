/* The scenario loader (INTERFACE.md, "Scenario files"), the embedded default
 * model and json_locate. The snapshot below is real output of iproute2 6.1 on
 * Linux 6.18, from a namespace with lo, a veth whose peer is in another
 * namespace, a bridge and a tap enslaved to it (tap: this kernel has no dummy
 * module), taken once and pasted in. */
#include <arpa/inet.h>
#include <check.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json_locate.h"
#include "scenario.h"

#define UP 0x1u
#define BROADCAST 0x2u
#define LOOPBACK 0x8u
#define POINTOPOINT 0x10u
#define RUNNING 0x40u
#define NOARP 0x80u
#define MULTICAST 0x1000u
#define LOWER_UP 0x10000u

static const char snapshot[] =
	"{\"hostname\":\"h1\",\"kernel\":{\"release\":\"6.18.0\",\"version\":\"#1 SMP PREEMPT_DYNAMIC\"},\n"
	"\"cpus\":2,\"memory_kb\":24604372,\n"
	/* ip -j -d -s addr show */
	"\"links\":[\n"
	"{\"ifindex\":1,\"ifname\":\"lo\",\"flags\":[\"LOOPBACK\",\"UP\",\"LOWER_UP\"],\"mtu\":65536,"
	"\"qdisc\":\"noqueue\",\"operstate\":\"UNKNOWN\",\"group\":\"default\",\"txqlen\":1000,\"lin"
	"k_type\":\"loopback\",\"address\":\"00:00:00:00:00:00\",\"broadcast\":\"00:00:00:00:00"
	":00\",\"promiscuity\":0,\"allmulti\":0,\"min_mtu\":0,\"max_mtu\":0,\"num_tx_queues\":1,"
	"\"num_rx_queues\":1,\"gso_max_size\":65536,\"gso_max_segs\":65535,\"tso_max_size\":5"
	"24280,\"tso_max_segs\":65535,\"gro_max_size\":65536,\"addr_info\":[{\"family\":\"inet"
	"\",\"local\":\"127.0.0.1\",\"prefixlen\":8,\"scope\":\"host\",\"label\":\"lo\",\"valid_life_"
	"time\":4294967295,\"preferred_life_time\":4294967295},{\"family\":\"inet6\",\"local\""
	":\"::1\",\"prefixlen\":128,\"scope\":\"host\",\"valid_life_time\":4294967295,\"preferre"
	"d_life_time\":4294967295}],\"stats64\":{\"rx\":{\"bytes\":0,\"packets\":0,\"errors\":0,"
	"\"dropped\":0,\"over_errors\":0,\"multicast\":0},\"tx\":{\"bytes\":0,\"packets\":0,\"erro"
	"rs\":0,\"dropped\":0,\"carrier_errors\":0,\"collisions\":0}}},\n"
	"{\"ifindex\":2,\"link_index\":2,\"ifname\":\"veth0\",\"flags\":[\"BROADCAST\",\"MULTICAST"
	"\",\"UP\",\"LOWER_UP\"],\"mtu\":1500,\"qdisc\":\"noqueue\",\"operstate\":\"UP\",\"group\":\"de"
	"fault\",\"txqlen\":1000,\"link_type\":\"ether\",\"address\":\"7e:41:0a:26:52:a8\",\"broa"
	"dcast\":\"ff:ff:ff:ff:ff:ff\",\"link_netnsid\":0,\"promiscuity\":0,\"allmulti\":0,\"mi"
	"n_mtu\":68,\"max_mtu\":65535,\"linkinfo\":{\"info_kind\":\"veth\"},\"num_tx_queues\":2,"
	"\"num_rx_queues\":2,\"gso_max_size\":65536,\"gso_max_segs\":65535,\"tso_max_size\":5"
	"24280,\"tso_max_segs\":65535,\"gro_max_size\":65536,\"addr_info\":[{\"family\":\"inet"
	"\",\"local\":\"192.168.7.1\",\"prefixlen\":24,\"broadcast\":\"192.168.7.255\",\"scope\":\""
	"global\",\"label\":\"veth0\",\"valid_life_time\":4294967295,\"preferred_life_time\":4"
	"294967295},{\"family\":\"inet6\",\"local\":\"2001:db8:7::1\",\"prefixlen\":64,\"scope\":"
	"\"global\",\"valid_life_time\":4294967295,\"preferred_life_time\":4294967295},{\"fa"
	"mily\":\"inet6\",\"local\":\"fe80::7c41:aff:fe26:52a8\",\"prefixlen\":64,\"scope\":\"lin"
	"k\",\"valid_life_time\":4294967295,\"preferred_life_time\":4294967295}],\"stats64\""
	":{\"rx\":{\"bytes\":866,\"packets\":11,\"errors\":0,\"dropped\":0,\"over_errors\":0,\"mul"
	"ticast\":0},\"tx\":{\"bytes\":1122,\"packets\":13,\"errors\":0,\"dropped\":0,\"carrier_e"
	"rrors\":0,\"collisions\":0}}},\n"
	"{\"ifindex\":3,\"ifname\":\"br0\",\"flags\":[\"NO-CARRIER\",\"BROADCAST\",\"MULTICAST\",\"U"
	"P\"],\"mtu\":1500,\"qdisc\":\"noqueue\",\"operstate\":\"DOWN\",\"group\":\"default\",\"txqle"
	"n\":1000,\"link_type\":\"ether\",\"address\":\"76:5e:a0:8a:3c:24\",\"broadcast\":\"ff:ff"
	":ff:ff:ff:ff\",\"promiscuity\":0,\"allmulti\":0,\"min_mtu\":68,\"max_mtu\":65535,\"lin"
	"kinfo\":{\"info_kind\":\"bridge\",\"info_data\":{\"forward_delay\":1500,\"hello_time\":"
	"200,\"max_age\":2000,\"ageing_time\":30000,\"stp_state\":0,\"priority\":32768,\"vlan_"
	"filtering\":0,\"bridge_id\":\"8000.76:5e:a0:8a:3c:24\",\"root_id\":\"8000.76:5e:a0:8"
	"a:3c:24\",\"root_port\":0,\"root_path_cost\":0,\"topology_change\":0,\"topology_chan"
	"ge_detected\":0,\"hello_timer\":0.0,\"tcn_timer\":0.0,\"topology_change_timer\":0.0"
	",\"gc_timer\":155.82,\"group_fwd_mask\":\"0\",\"group_addr\":\"01:80:c2:00:00:00\",\"mc"
	"ast_snooping\":1,\"no_linklocal_learn\":0,\"mcast_vlan_snooping\":0,\"mcast_router"
	"\":1,\"mcast_query_use_ifaddr\":0,\"mcast_querier\":0,\"mcast_hash_elasticity\":16,"
	"\"mcast_hash_max\":4096,\"mcast_last_member_cnt\":2,\"mcast_startup_query_cnt\":2,"
	"\"mcast_last_member_intvl\":100,\"mcast_membership_intvl\":26000,\"mcast_querier_"
	"intvl\":25500,\"mcast_query_intvl\":12500,\"mcast_query_response_intvl\":1000,\"mc"
	"ast_startup_query_intvl\":3124,\"mcast_stats_enabled\":0,\"mcast_igmp_version\":2"
	",\"mcast_mld_version\":1,\"nf_call_iptables\":0,\"nf_call_ip6tables\":0,\"nf_call_a"
	"rptables\":0}},\"num_tx_queues\":1,\"num_rx_queues\":1,\"gso_max_size\":65536,\"gso_"
	"max_segs\":65535,\"tso_max_size\":65536,\"tso_max_segs\":65535,\"gro_max_size\":655"
	"36,\"addr_info\":[{\"family\":\"inet\",\"local\":\"10.9.0.1\",\"prefixlen\":16,\"scope\":\""
	"global\",\"label\":\"br0\",\"valid_life_time\":4294967295,\"preferred_life_time\":429"
	"4967295},{\"family\":\"inet\",\"local\":\"10.9.0.2\",\"prefixlen\":16,\"scope\":\"global\""
	",\"secondary\":true,\"label\":\"br0\",\"valid_life_time\":4294967295,\"preferred_life"
	"_time\":4294967295}],\"stats64\":{\"rx\":{\"bytes\":0,\"packets\":0,\"errors\":0,\"dropp"
	"ed\":0,\"over_errors\":0,\"multicast\":0},\"tx\":{\"bytes\":0,\"packets\":0,\"errors\":0,"
	"\"dropped\":2,\"carrier_errors\":0,\"collisions\":0}}},\n"
	"{\"ifindex\":4,\"ifname\":\"tap0\",\"flags\":[\"NO-CARRIER\",\"BROADCAST\",\"MULTICAST\",\""
	"UP\"],\"mtu\":1500,\"qdisc\":\"pfifo_fast\",\"master\":\"br0\",\"operstate\":\"DOWN\",\"grou"
	"p\":\"default\",\"txqlen\":1000,\"link_type\":\"ether\",\"address\":\"76:5e:a0:8a:3c:24\""
	",\"broadcast\":\"ff:ff:ff:ff:ff:ff\",\"promiscuity\":1,\"allmulti\":1,\"min_mtu\":68,\""
	"max_mtu\":65521,\"linkinfo\":{\"info_kind\":\"tun\",\"info_data\":{\"type\":\"tap\",\"pi\":"
	"false,\"vnet_hdr\":false,\"multi_queue\":false,\"persist\":true},\"info_slave_kind\""
	":\"bridge\",\"info_slave_data\":{\"state\":\"disabled\",\"priority\":32,\"cost\":2,\"hair"
	"pin\":false,\"guard\":false,\"root_block\":false,\"fastleave\":false,\"learning\":tru"
	"e,\"flood\":true,\"id\":\"0x8001\",\"no\":\"0x1\",\"designated_port\":32769,\"designated_"
	"cost\":0,\"bridge_id\":\"8000.76:5e:a0:8a:3c:24\",\"root_id\":\"8000.76:5e:a0:8a:3c:"
	"24\",\"hold_timer\":0.0,\"message_age_timer\":0.0,\"forward_delay_timer\":0.0,\"topo"
	"logy_change_ack\":0,\"config_pending\":0,\"proxy_arp\":false,\"proxy_arp_wifi\":fal"
	"se,\"multicast_router\":1,\"mcast_flood\":true,\"bcast_flood\":true,\"mcast_to_unic"
	"ast\":false,\"neigh_suppress\":false,\"group_fwd_mask\":\"0\",\"group_fwd_mask_str\":"
	"\"0x0\",\"vlan_tunnel\":false,\"isolated\":false,\"locked\":false}},\"num_tx_queues\":"
	"1,\"num_rx_queues\":1,\"gso_max_size\":65536,\"gso_max_segs\":65535,\"tso_max_size\""
	":65536,\"tso_max_segs\":65535,\"gro_max_size\":65536,\"addr_info\":[{\"family\":\"ine"
	"t\",\"local\":\"172.16.0.1\",\"address\":\"172.16.0.2\",\"prefixlen\":32,\"scope\":\"globa"
	"l\",\"label\":\"tap0\",\"valid_life_time\":4294967295,\"preferred_life_time\":4294967"
	"295}],\"stats64\":{\"rx\":{\"bytes\":0,\"packets\":0,\"errors\":0,\"dropped\":0,\"over_er"
	"rors\":0,\"multicast\":0},\"tx\":{\"bytes\":0,\"packets\":0,\"errors\":0,\"dropped\":0,\"c"
	"arrier_errors\":0,\"collisions\":0}}}\n"
	"],\n"
	/* ip -j -d route show table all, then ip -j -6 -d route show table all, as
	 * veneer snapshot concatenates them: the IPv6 routes come twice */
	"\"routes\":[\n"
	"{\"type\":\"unreachable\",\"dst\":\"10.67.0.0/16\",\"table\":\"100\",\"protocol\":\"boot\",\""
	"scope\":\"global\",\"flags\":[]},\n"
	"{\"type\":\"unicast\",\"dst\":\"default\",\"gateway\":\"192.168.7.2\",\"dev\":\"veth0\",\"tab"
	"le\":\"main\",\"protocol\":\"boot\",\"scope\":\"global\",\"flags\":[]},\n"
	"{\"type\":\"unicast\",\"dst\":\"10.9.0.0/16\",\"dev\":\"br0\",\"table\":\"main\",\"protocol\":"
	"\"kernel\",\"scope\":\"link\",\"prefsrc\":\"10.9.0.1\",\"flags\":[\"linkdown\"]},\n"
	"{\"type\":\"unicast\",\"dst\":\"10.50.0.0/16\",\"gateway\":\"192.168.7.2\",\"dev\":\"veth0\""
	",\"table\":\"main\",\"protocol\":\"static\",\"scope\":\"global\",\"metric\":100,\"flags\":[]"
	"},\n"
	"{\"type\":\"blackhole\",\"dst\":\"10.66.0.0/16\",\"table\":\"main\",\"protocol\":\"boot\",\"s"
	"cope\":\"global\",\"flags\":[]},\n"
	"{\"type\":\"unicast\",\"dst\":\"10.70.0.0/16\",\"gateway\":\"192.168.7.2\",\"dev\":\"veth0\""
	",\"table\":\"main\",\"protocol\":\"boot\",\"scope\":\"global\",\"flags\":[],\"metrics\":[{\"m"
	"tu\":1400}]},\n"
	"{\"type\":\"unicast\",\"dst\":\"172.16.0.2\",\"dev\":\"tap0\",\"table\":\"main\",\"protocol\":"
	"\"kernel\",\"scope\":\"link\",\"prefsrc\":\"172.16.0.1\",\"flags\":[\"linkdown\"]},\n"
	"{\"type\":\"unicast\",\"dst\":\"192.168.7.0/24\",\"dev\":\"veth0\",\"table\":\"main\",\"proto"
	"col\":\"kernel\",\"scope\":\"link\",\"prefsrc\":\"192.168.7.1\",\"flags\":[]},\n"
	"{\"type\":\"local\",\"dst\":\"10.9.0.1\",\"dev\":\"br0\",\"table\":\"local\",\"protocol\":\"ker"
	"nel\",\"scope\":\"host\",\"prefsrc\":\"10.9.0.1\",\"flags\":[]},\n"
	"{\"type\":\"local\",\"dst\":\"10.9.0.2\",\"dev\":\"br0\",\"table\":\"local\",\"protocol\":\"ker"
	"nel\",\"scope\":\"host\",\"prefsrc\":\"10.9.0.1\",\"flags\":[]},\n"
	"{\"type\":\"broadcast\",\"dst\":\"10.9.255.255\",\"dev\":\"br0\",\"table\":\"local\",\"protoc"
	"ol\":\"kernel\",\"scope\":\"link\",\"prefsrc\":\"10.9.0.1\",\"flags\":[\"linkdown\"]},\n"
	"{\"type\":\"local\",\"dst\":\"127.0.0.0/8\",\"dev\":\"lo\",\"table\":\"local\",\"protocol\":\"k"
	"ernel\",\"scope\":\"host\",\"prefsrc\":\"127.0.0.1\",\"flags\":[]},\n"
	"{\"type\":\"local\",\"dst\":\"127.0.0.1\",\"dev\":\"lo\",\"table\":\"local\",\"protocol\":\"ker"
	"nel\",\"scope\":\"host\",\"prefsrc\":\"127.0.0.1\",\"flags\":[]},\n"
	"{\"type\":\"broadcast\",\"dst\":\"127.255.255.255\",\"dev\":\"lo\",\"table\":\"local\",\"prot"
	"ocol\":\"kernel\",\"scope\":\"link\",\"prefsrc\":\"127.0.0.1\",\"flags\":[]},\n"
	"{\"type\":\"local\",\"dst\":\"172.16.0.1\",\"dev\":\"tap0\",\"table\":\"local\",\"protocol\":\""
	"kernel\",\"scope\":\"host\",\"prefsrc\":\"172.16.0.1\",\"flags\":[]},\n"
	"{\"type\":\"local\",\"dst\":\"192.168.7.1\",\"dev\":\"veth0\",\"table\":\"local\",\"protocol\""
	":\"kernel\",\"scope\":\"host\",\"prefsrc\":\"192.168.7.1\",\"flags\":[]},\n"
	"{\"type\":\"broadcast\",\"dst\":\"192.168.7.255\",\"dev\":\"veth0\",\"table\":\"local\",\"pro"
	"tocol\":\"kernel\",\"scope\":\"link\",\"prefsrc\":\"192.168.7.1\",\"flags\":[]},\n"
	"{\"type\":\"unicast\",\"dst\":\"2001:db8:7::/64\",\"dev\":\"veth0\",\"table\":\"main\",\"prot"
	"ocol\":\"kernel\",\"scope\":\"global\",\"metric\":256,\"flags\":[],\"pref\":\"medium\"},\n"
	"{\"type\":\"unicast\",\"dst\":\"fe80::/64\",\"dev\":\"veth0\",\"table\":\"main\",\"protocol\":"
	"\"kernel\",\"scope\":\"global\",\"metric\":256,\"flags\":[],\"pref\":\"medium\"},\n"
	"{\"type\":\"unicast\",\"dst\":\"default\",\"gateway\":\"2001:db8:7::2\",\"dev\":\"veth0\",\"t"
	"able\":\"main\",\"protocol\":\"boot\",\"scope\":\"global\",\"metric\":1024,\"flags\":[],\"pr"
	"ef\":\"high\"},\n"
	"{\"type\":\"local\",\"dst\":\"::1\",\"dev\":\"lo\",\"table\":\"local\",\"protocol\":\"kernel\",\""
	"scope\":\"global\",\"metric\":0,\"flags\":[],\"pref\":\"medium\"},\n"
	"{\"type\":\"local\",\"dst\":\"2001:db8:7::1\",\"dev\":\"veth0\",\"table\":\"local\",\"protoco"
	"l\":\"kernel\",\"scope\":\"global\",\"metric\":0,\"flags\":[],\"pref\":\"medium\"},\n"
	"{\"type\":\"local\",\"dst\":\"fe80::7c41:aff:fe26:52a8\",\"dev\":\"veth0\",\"table\":\"loca"
	"l\",\"protocol\":\"kernel\",\"scope\":\"global\",\"metric\":0,\"flags\":[],\"pref\":\"medium"
	"\"},\n"
	"{\"type\":\"multicast\",\"dst\":\"ff00::/8\",\"dev\":\"veth0\",\"table\":\"local\",\"protocol"
	"\":\"kernel\",\"scope\":\"global\",\"metric\":256,\"flags\":[],\"pref\":\"medium\"},\n"
	"{\"type\":\"unicast\",\"dst\":\"2001:db8:7::/64\",\"dev\":\"veth0\",\"table\":\"main\",\"prot"
	"ocol\":\"kernel\",\"scope\":\"global\",\"metric\":256,\"flags\":[],\"pref\":\"medium\"},\n"
	"{\"type\":\"unicast\",\"dst\":\"fe80::/64\",\"dev\":\"veth0\",\"table\":\"main\",\"protocol\":"
	"\"kernel\",\"scope\":\"global\",\"metric\":256,\"flags\":[],\"pref\":\"medium\"},\n"
	"{\"type\":\"unicast\",\"dst\":\"default\",\"gateway\":\"2001:db8:7::2\",\"dev\":\"veth0\",\"t"
	"able\":\"main\",\"protocol\":\"boot\",\"scope\":\"global\",\"metric\":1024,\"flags\":[],\"pr"
	"ef\":\"high\"},\n"
	"{\"type\":\"local\",\"dst\":\"::1\",\"dev\":\"lo\",\"table\":\"local\",\"protocol\":\"kernel\",\""
	"scope\":\"global\",\"metric\":0,\"flags\":[],\"pref\":\"medium\"},\n"
	"{\"type\":\"local\",\"dst\":\"2001:db8:7::1\",\"dev\":\"veth0\",\"table\":\"local\",\"protoco"
	"l\":\"kernel\",\"scope\":\"global\",\"metric\":0,\"flags\":[],\"pref\":\"medium\"},\n"
	"{\"type\":\"local\",\"dst\":\"fe80::7c41:aff:fe26:52a8\",\"dev\":\"veth0\",\"table\":\"loca"
	"l\",\"protocol\":\"kernel\",\"scope\":\"global\",\"metric\":0,\"flags\":[],\"pref\":\"medium"
	"\"},\n"
	"{\"type\":\"multicast\",\"dst\":\"ff00::/8\",\"dev\":\"veth0\",\"table\":\"local\",\"protocol"
	"\":\"kernel\",\"scope\":\"global\",\"metric\":256,\"flags\":[],\"pref\":\"medium\"}\n"
	"],\n"
	/* ip -j neigh show */
	"\"neighbours\":[\n"
	"{\"dst\":\"192.168.7.2\",\"dev\":\"veth0\",\"lladdr\":\"02:00:00:00:00:02\",\"state\":[\"PE"
	"RMANENT\"]}\n"
	"],\n"
	/* ip -j rule show, then ip -j -6 rule show */
	"\"rules\":[\n"
	"{\"priority\":0,\"src\":\"all\",\"table\":\"local\"},\n"
	"{\"priority\":1000,\"src\":\"10.9.0.0\",\"srclen\":16,\"table\":\"100\"},\n"
	"{\"priority\":1001,\"src\":\"all\",\"dst\":\"10.99.0.0\",\"dstlen\":16,\"action\":\"prohibi"
	"t\"},\n"
	"{\"priority\":32766,\"src\":\"all\",\"table\":\"main\"},\n"
	"{\"priority\":32767,\"src\":\"all\",\"table\":\"default\"},\n"
	"{\"priority\":0,\"src\":\"all\",\"table\":\"local\"},\n"
	"{\"priority\":500,\"src\":\"2001:db8::\",\"srclen\":32,\"table\":\"200\"},\n"
	"{\"priority\":32766,\"src\":\"all\",\"table\":\"main\"}\n"
	"]}\n";

static struct vn_model m;
static char err[512];

static void setup(void)
{
	vn_model_init(&m);
	err[0] = '\0';
}

static void teardown(void) { vn_model_free(&m); }

static int load(const char *text)
{
	return vn_scenario_load_string(&m, text, strlen(text), "t.json", err, sizeof(err));
}

static void ip(const uint8_t *a, int family, const char *want)
{
	char buf[INET6_ADDRSTRLEN];
	ck_assert_ptr_nonnull(inet_ntop(family, a, buf, sizeof(buf)));
	ck_assert_str_eq(buf, want);
}

static const struct vn_link *link_named(const char *n)
{
	const struct vn_link *l = vn_link_by_name(&m, n);
	ck_assert_msg(l != NULL, "no link %s", n);
	return l;
}

/* The i-th address of a link, in order. */
static const struct vn_addr *addr_of(int ifindex, size_t i)
{
	for (size_t k = 0; k < m.naddrs; k++)
		if (m.addrs[k].ifindex == ifindex && i-- == 0)
			return &m.addrs[k];
	ck_abort_msg("no address %zu on %d", i, ifindex);
	return NULL;
}

static const struct vn_route *find_route(int family, uint32_t table, const char *dst, int len,
					 uint8_t type)
{
	uint8_t a[16] = { 0 };
	if (strcmp(dst, "default") != 0)
		ck_assert_int_eq(inet_pton(family, dst, a), 1);
	const struct vn_route *found = NULL;
	for (size_t i = 0; i < m.nroutes; i++) {
		const struct vn_route *r = &m.routes[i];
		if (r->family == family && r->table == table && r->dst_len == len && r->type == type &&
		    memcmp(r->dst, a, 16) == 0) {
			ck_assert_msg(found == NULL, "route %s/%d twice", dst, len);
			found = r;
		}
	}
	ck_assert_msg(found != NULL, "no route %s/%d table %u", dst, len, table);
	return found;
}

static size_t count_routes(int family)
{
	size_t n = 0;
	for (size_t i = 0; i < m.nroutes; i++)
		n += m.routes[i].family == family;
	return n;
}

/* ---- the default model ---- */

START_TEST(default_model)
{
	vn_model_load_default(&m);
	ck_assert_str_eq(m.hostname, "veneer");
	ck_assert_str_eq(m.release, "6.1.0-veneer");
	ck_assert_str_eq(m.version, "#1 SMP PREEMPT_DYNAMIC Debian 6.1.0");
	ck_assert_int_eq(m.cpus, 2);
	ck_assert_uint_eq(m.memory_kb, 2097152);

	ck_assert_uint_eq(m.nlinks, 2);
	const struct vn_link *lo = &m.links[0], *eth = &m.links[1];
	ck_assert_str_eq(lo->name, "lo");
	ck_assert_int_eq(lo->ifindex, 1);
	ck_assert_uint_eq(lo->flags, LOOPBACK | UP | LOWER_UP | RUNNING);
	ck_assert_uint_eq(lo->type, ARPHRD_LOOPBACK);
	ck_assert_uint_eq(lo->mtu, 65536);
	ck_assert_uint_eq(lo->min_mtu, 0);
	ck_assert_uint_eq(lo->max_mtu, 0);
	ck_assert_uint_eq(lo->operstate, 0);   /* IF_OPER_UNKNOWN */
	ck_assert_str_eq(lo->qdisc, "noqueue");
	ck_assert_uint_eq(lo->txqlen, 1000);
	ck_assert_uint_eq(lo->addr_len, 6);
	ck_assert_uint_eq(lo->tso_max_size, 524280);
	ck_assert_int_eq(lo->link_netnsid, -1);

	ck_assert_str_eq(eth->name, "eth0");
	ck_assert_int_eq(eth->ifindex, 2);
	ck_assert_uint_eq(eth->flags, BROADCAST | MULTICAST | UP | LOWER_UP | RUNNING);
	ck_assert_uint_eq(eth->type, ARPHRD_ETHER);
	ck_assert_uint_eq(eth->mtu, 1500);
	ck_assert_uint_eq(eth->min_mtu, 68);
	ck_assert_uint_eq(eth->max_mtu, 65535);
	ck_assert_uint_eq(eth->operstate, 6);  /* IF_OPER_UP */
	ck_assert_str_eq(eth->qdisc, "fq_codel");
	ck_assert_uint_eq(eth->addr_len, 6);
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	static const uint8_t ff[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	ck_assert_mem_eq(eth->addr, mac, 6);
	ck_assert_mem_eq(eth->broadcast, ff, 6);
	ck_assert_str_eq(eth->kind, "");
	ck_assert_int_eq(eth->master, 0);
	ck_assert_uint_eq(eth->stats.rx_bytes, 0);

	ck_assert_uint_eq(m.naddrs, 4);
	const struct vn_addr *a = addr_of(1, 0);
	ck_assert_uint_eq(a->family, AF_INET);
	ip(a->local, AF_INET, "127.0.0.1");
	ck_assert_uint_eq(a->prefixlen, 8);
	ck_assert_uint_eq(a->scope, RT_SCOPE_HOST);
	ck_assert_uint_eq(a->flags, IFA_F_PERMANENT);
	ck_assert_str_eq(a->label, "");
	ck_assert_uint_eq(a->valid_lft, VN_INFINITY_LIFE);
	a = addr_of(1, 1);
	ip(a->local, AF_INET6, "::1");
	ck_assert_uint_eq(a->prefixlen, 128);
	ck_assert_uint_eq(a->scope, RT_SCOPE_HOST);
	a = addr_of(2, 0);
	ip(a->local, AF_INET, "10.0.2.15");
	ck_assert_uint_eq(a->prefixlen, 24);
	ck_assert(a->has_broadcast);
	ip(a->broadcast, AF_INET, "10.0.2.255");
	ck_assert(!a->has_peer);
	ip(a->peer, AF_INET, "10.0.2.15");
	ck_assert_uint_eq(a->scope, RT_SCOPE_UNIVERSE);
	ck_assert_uint_eq(a->cstamp, 0);
	a = addr_of(2, 1);
	ip(a->local, AF_INET6, "fe80::5054:ff:fe12:3456");
	ck_assert_uint_eq(a->prefixlen, 64);
	ck_assert_uint_eq(a->scope, RT_SCOPE_LINK);

	const struct vn_route *r = find_route(AF_INET, RT_TABLE_MAIN, "default", 0, RTN_UNICAST);
	ck_assert(r->has_gateway);
	ip(r->gateway, AF_INET, "10.0.2.2");
	ck_assert_int_eq(r->oif, 2);
	ck_assert_uint_eq(r->protocol, RTPROT_BOOT);
	ck_assert_uint_eq(r->scope, RT_SCOPE_UNIVERSE);
	ck_assert(!r->has_priority);
	ck_assert(!r->derived);
	/* derived by the model, not listed in the default text */
	r = find_route(AF_INET, RT_TABLE_MAIN, "10.0.2.0", 24, RTN_UNICAST);
	ck_assert(r->derived);
	ck_assert_uint_eq(r->protocol, RTPROT_KERNEL);
	find_route(AF_INET, RT_TABLE_LOCAL, "127.0.0.1", 32, RTN_LOCAL);
	find_route(AF_INET6, RT_TABLE_MAIN, "fe80::", 64, RTN_UNICAST);

	ck_assert_uint_eq(m.nneighs, 1);
	ip(m.neighs[0].dst, AF_INET, "10.0.2.2");
	ck_assert_int_eq(m.neighs[0].ifindex, 2);
	ck_assert_uint_eq(m.neighs[0].state, NUD_REACHABLE);
	static const uint8_t gw[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
	ck_assert_uint_eq(m.neighs[0].lladdr_len, 6);
	ck_assert_mem_eq(m.neighs[0].lladdr, gw, 6);
	ck_assert_uint_eq(m.neighs[0].type, RTN_UNICAST);

	ck_assert_uint_eq(m.nrules, 5);   /* the default rules */
}
END_TEST

START_TEST(empty_object_is_the_default)
{
	struct vn_model d;
	vn_model_init(&d);
	vn_model_load_default(&d);
	ck_assert_int_eq(load("{}"), 0);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(m.hostname, d.hostname);
	ck_assert_str_eq(m.release, d.release);
	ck_assert_int_eq(m.cpus, d.cpus);
	ck_assert_uint_eq(m.memory_kb, d.memory_kb);
	ck_assert_uint_eq(m.nlinks, d.nlinks);
	ck_assert_uint_eq(m.naddrs, d.naddrs);
	ck_assert_uint_eq(m.nroutes, d.nroutes);
	ck_assert_uint_eq(m.nneighs, d.nneighs);
	ck_assert_uint_eq(m.nrules, d.nrules);
	ck_assert_mem_eq(m.links, d.links, m.nlinks * sizeof(*m.links));
	ck_assert_mem_eq(m.addrs, d.addrs, m.naddrs * sizeof(*m.addrs));
	ck_assert_mem_eq(m.routes, d.routes, m.nroutes * sizeof(*m.routes));
	ck_assert_mem_eq(m.neighs, d.neighs, m.nneighs * sizeof(*m.neighs));
	ck_assert_mem_eq(m.rules, d.rules, m.nrules * sizeof(*m.rules));
	vn_model_free(&d);
}
END_TEST

START_TEST(facts_replace_the_default)
{
	ck_assert_int_eq(load("{\"hostname\": \"box\", \"kernel\": {\"release\": \"6.18.0\"},"
			      " \"cpus\": 8, \"memory_kb\": 1024, \"sockets\": [], \"whatever\": {}}"), 0);
	ck_assert_str_eq(m.hostname, "box");
	ck_assert_str_eq(m.release, "6.18.0");
	ck_assert_str_eq(m.version, "#1 SMP PREEMPT_DYNAMIC Debian 6.1.0");
	ck_assert_int_eq(m.cpus, 8);
	ck_assert_uint_eq(m.memory_kb, 1024);
	ck_assert_uint_eq(m.nlinks, 2);   /* the default's links, routes, neighbours */
	ck_assert_uint_eq(m.nneighs, 1);
}
END_TEST

/* The build options: all of them in the default model (a Debian kernel);
 * a scenario names those it differs by, the rest stay the default's. */
START_TEST(kernel_build_options)
{
	ck_assert_int_eq(load("{}"), 0);
	ck_assert_uint_eq(m.kconfig, VN_K_ALL);
	ck_assert_int_eq(load("{\"kernel\": {\"ipv6_mroute\": false}}"), 0);
	ck_assert_uint_eq(m.kconfig, VN_K_ALL & ~VN_K_IPV6_MROUTE);
	ck_assert_str_eq(m.release, "6.1.0-veneer");   /* what "kernel" leaves out */
	ck_assert_int_eq(load("{\"kernel\": {\"release\": \"6.18.0\", \"ipv6_mroute\": true,"
			      " \"ipv6_seg6_hmac\": false, \"ip_route_classid\": false,"
			      " \"xfrm_statistics\": false, \"schedstats\": false, \"mptcp\": false,"
			      " \"cls_u32_perf\": false, \"cls_u32_mark\": false}}"), 0);
	ck_assert_uint_eq(m.kconfig, VN_K_IPV6_MROUTE);
	ck_assert_str_eq(m.release, "6.18.0");
	/* each load starts from the default again */
	ck_assert_int_eq(load("{\"hostname\": \"box\"}"), 0);
	ck_assert_uint_eq(m.kconfig, VN_K_ALL);
}
END_TEST

/* /proc/cmdline and the boot id: the scenario's, or the default's command
 * line and a boot id hashed from the facts (the same for the same
 * scenario, on every run), a version 4 UUID as the kernel makes them. */
START_TEST(kernel_cmdline_and_boot_id)
{
	ck_assert_int_eq(load("{}"), 0);
	ck_assert_str_eq(m.cmdline, "console=ttyS0 quiet");
	ck_assert(!m.has_boot_id);
	uint8_t first[16];
	memcpy(first, m.boot_id, 16);
	ck_assert_uint_eq(first[6] >> 4, 4);
	ck_assert_uint_eq(first[8] >> 6, 2);
	ck_assert_int_eq(load("{}"), 0);
	ck_assert(memcmp(first, m.boot_id, 16) == 0);
	ck_assert_int_eq(load("{\"hostname\": \"other\"}"), 0);
	ck_assert(memcmp(first, m.boot_id, 16) != 0);
	ck_assert_int_eq(load("{\"kernel\": {\"cmdline\": \"BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro\","
			      " \"boot_id\": \"D9224C2A-6f78-4084-8bdf-b0ca127c7e63\"}}"), 0);
	ck_assert_str_eq(m.cmdline, "BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro");
	static const uint8_t want[16] = { 0xd9, 0x22, 0x4c, 0x2a, 0x6f, 0x78, 0x40, 0x84,
					  0x8b, 0xdf, 0xb0, 0xca, 0x12, 0x7c, 0x7e, 0x63 };
	ck_assert(m.has_boot_id);
	ck_assert(memcmp(m.boot_id, want, 16) == 0);
	ck_assert_str_eq(m.release, "6.1.0-veneer");
	/* the next load derives again */
	ck_assert_int_eq(load("{}"), 0);
	ck_assert(memcmp(first, m.boot_id, 16) == 0);
}
END_TEST

/* ---- a real snapshot ---- */

START_TEST(snapshot_links)
{
	ck_assert_int_eq(load(snapshot), 0);
	ck_assert_str_eq(m.hostname, "h1");
	ck_assert_uint_eq(m.nlinks, 4);

	const struct vn_link *lo = link_named("lo");
	ck_assert_uint_eq(lo->flags, LOOPBACK | UP | LOWER_UP | RUNNING);
	ck_assert_uint_eq(lo->type, ARPHRD_LOOPBACK);

	const struct vn_link *v = link_named("veth0");
	ck_assert_int_eq(v->ifindex, 2);
	ck_assert_str_eq(v->kind, "veth");
	ck_assert_int_eq(v->link, 2);          /* link_index: the peer, in netns 0 */
	ck_assert_int_eq(v->link_netnsid, 0);
	ck_assert_uint_eq(v->flags, BROADCAST | MULTICAST | UP | LOWER_UP | RUNNING);
	ck_assert_uint_eq(v->operstate, 6);
	ck_assert_uint_eq(v->num_tx_queues, 2);
	ck_assert_uint_eq(v->num_rx_queues, 2);
	ck_assert_uint_eq(v->tso_max_size, 524280);
	ck_assert_uint_eq(v->gso_max_size, 65536);
	ck_assert_uint_eq(v->gso_ipv4_max_size, 65536);   /* not printed by ip 6.1 */
	ck_assert_uint_eq(v->min_mtu, 68);
	ck_assert_str_eq(v->qdisc, "noqueue");
	ck_assert_uint_eq(v->stats.rx_bytes, 866);
	ck_assert_uint_eq(v->stats.rx_packets, 11);
	ck_assert_uint_eq(v->stats.tx_bytes, 1122);
	ck_assert_uint_eq(v->stats.tx_packets, 13);
	static const uint8_t mac[6] = { 0x7e, 0x41, 0x0a, 0x26, 0x52, 0xa8 };
	ck_assert_mem_eq(v->addr, mac, 6);

	const struct vn_link *br = link_named("br0");
	ck_assert_str_eq(br->kind, "bridge");
	ck_assert_uint_eq(br->flags, BROADCAST | MULTICAST | UP);   /* NO-CARRIER: not running */
	ck_assert_uint_eq(br->operstate, 2);
	ck_assert_uint_eq(br->stats.tx_dropped, 2);
	ck_assert_int_eq(br->master, 0);

	const struct vn_link *tap = link_named("tap0");
	ck_assert_str_eq(tap->kind, "tun");
	ck_assert_int_eq(tap->master, br->ifindex);
	ck_assert_uint_eq(tap->promiscuity, 1);
	ck_assert_uint_eq(tap->allmulti, 1);
	ck_assert_uint_eq(tap->max_mtu, 65521);
	ck_assert_str_eq(tap->qdisc, "pfifo_fast");
	ck_assert_int_eq(tap->link, 0);
	ck_assert_int_eq(tap->link_netnsid, -1);

	ck_assert_uint_eq(m.naddrs, 8);
	const struct vn_addr *a = addr_of(2, 0);
	ip(a->local, AF_INET, "192.168.7.1");
	ip(a->broadcast, AF_INET, "192.168.7.255");
	a = addr_of(2, 1);
	ip(a->local, AF_INET6, "2001:db8:7::1");
	ck_assert_uint_eq(a->flags, IFA_F_PERMANENT);   /* DAD was over */
	ck_assert_uint_eq(a->scope, RT_SCOPE_UNIVERSE);
	a = addr_of(3, 1);
	ip(a->local, AF_INET, "10.9.0.2");
	ck_assert_uint_eq(a->flags, IFA_F_PERMANENT | IFA_F_SECONDARY);
	ck_assert(!a->has_broadcast);
	a = addr_of(4, 0);
	ip(a->local, AF_INET, "172.16.0.1");
	ck_assert(a->has_peer);
	ip(a->peer, AF_INET, "172.16.0.2");
	ck_assert_uint_eq(a->prefixlen, 32);
}
END_TEST

START_TEST(snapshot_routes_neighbours_rules)
{
	ck_assert_int_eq(load(snapshot), 0);
	/* 17 IPv4 routes, 7 IPv6 ones listed twice: each once, nothing derived twice */
	ck_assert_uint_eq(count_routes(AF_INET), 17);
	ck_assert_uint_eq(count_routes(AF_INET6), 7);

	const struct vn_route *r = find_route(AF_INET, 100, "10.67.0.0", 16, RTN_UNREACHABLE);
	ck_assert_int_eq(r->oif, 0);
	ck_assert_uint_eq(r->protocol, RTPROT_BOOT);
	r = find_route(AF_INET, RT_TABLE_MAIN, "10.50.0.0", 16, RTN_UNICAST);
	ck_assert(r->has_priority);
	ck_assert_uint_eq(r->priority, 100);
	ck_assert_uint_eq(r->protocol, RTPROT_STATIC);
	ip(r->gateway, AF_INET, "192.168.7.2");
	ck_assert_int_eq(r->oif, 2);
	r = find_route(AF_INET, RT_TABLE_MAIN, "10.70.0.0", 16, RTN_UNICAST);
	ck_assert_uint_eq(r->mtu, 1400);
	r = find_route(AF_INET, RT_TABLE_MAIN, "10.9.0.0", 16, RTN_UNICAST);
	ck_assert_uint_eq(r->flags, RTNH_F_LINKDOWN);
	ck_assert_uint_eq(r->scope, RT_SCOPE_LINK);
	ck_assert(r->has_prefsrc);
	ip(r->prefsrc, AF_INET, "10.9.0.1");
	find_route(AF_INET, RT_TABLE_MAIN, "10.66.0.0", 16, RTN_BLACKHOLE);
	find_route(AF_INET, RT_TABLE_MAIN, "172.16.0.2", 32, RTN_UNICAST);
	find_route(AF_INET, RT_TABLE_LOCAL, "127.0.0.0", 8, RTN_LOCAL);
	r = find_route(AF_INET6, RT_TABLE_MAIN, "default", 0, RTN_UNICAST);
	ip(r->gateway, AF_INET6, "2001:db8:7::2");
	ck_assert_uint_eq(r->pref, 1);   /* high */
	ck_assert_uint_eq(r->priority, 1024);
	r = find_route(AF_INET6, RT_TABLE_LOCAL, "ff00::", 8, RTN_MULTICAST);
	ck_assert_uint_eq(r->priority, 256);
	ck_assert_uint_eq(r->protocol, RTPROT_KERNEL);

	ck_assert_uint_eq(m.nneighs, 1);
	ip(m.neighs[0].dst, AF_INET, "192.168.7.2");
	ck_assert_uint_eq(m.neighs[0].state, NUD_PERMANENT);

	ck_assert_uint_eq(m.nrules, 8);
	int v4 = 0, v6 = 0;
	for (size_t i = 0; i < m.nrules; i++) {
		const struct vn_rule *ru = &m.rules[i];
		*(ru->family == AF_INET ? &v4 : &v6) += 1;
		if (ru->priority == 1000) {
			ck_assert_uint_eq(ru->family, AF_INET);
			ck_assert_uint_eq(ru->src_len, 16);
			ip(ru->src, AF_INET, "10.9.0.0");
			ck_assert_uint_eq(ru->table, 100);
			ck_assert_uint_eq(ru->action, FR_ACT_TO_TBL);
			ck_assert_uint_eq(ru->protocol, RTPROT_UNSPEC);   /* `ip rule add` names none */
		} else if (ru->priority == 1001) {
			ck_assert_uint_eq(ru->action, FR_ACT_PROHIBIT);
			ck_assert_uint_eq(ru->dst_len, 16);
			ip(ru->dst, AF_INET, "10.99.0.0");
			ck_assert_uint_eq(ru->table, 0);
		} else if (ru->priority == 500) {
			ck_assert_uint_eq(ru->family, AF_INET6);
			ip(ru->src, AF_INET6, "2001:db8::");
			ck_assert_uint_eq(ru->src_len, 32);
			ck_assert_uint_eq(ru->table, 200);
		} else {
			ck_assert_uint_eq(ru->protocol, RTPROT_KERNEL);
			ck_assert_uint_eq(ru->src_len, 0);
		}
		ck_assert_uint_eq(ru->suppress_prefixlen, 0xffffffffu);
	}
	ck_assert_int_eq(v4, 5);
	ck_assert_int_eq(v6, 3);
	ck_assert_uint_eq(m.rules[5].family, AF_INET6);   /* the second "0 local" */
}
END_TEST

/* ---- what a kernel gives links the scenario says little about ---- */

START_TEST(link_defaults_by_kind)
{
	ck_assert_int_eq(load("{\"cpus\": 4, \"links\": ["
			      "{\"ifname\": \"lo\"},"
			      "{\"ifname\": \"v0\", \"linkinfo\": {\"info_kind\": \"veth\"}, \"link\": \"v1\"},"
			      "{\"ifname\": \"v1\", \"linkinfo\": {\"info_kind\": \"veth\"}, \"link\": \"v0\","
			      " \"flags\": [\"BROADCAST\", \"MULTICAST\"]},"
			      "{\"ifindex\": 10, \"ifname\": \"br0\", \"linkinfo\": {\"info_kind\": \"bridge\"}},"
			      "{\"ifname\": \"tun0\", \"linkinfo\": {\"info_kind\": \"tun\", \"info_data\": {\"type\": \"tun\"}}},"
			      "{\"ifname\": \"up0\", \"flags\": [\"UP\", \"BROADCAST\"]}]}"), 0);
	ck_assert_uint_eq(m.nlinks, 6);
	const struct vn_link *l = link_named("lo");
	ck_assert_int_eq(l->ifindex, 1);
	ck_assert_uint_eq(l->type, ARPHRD_LOOPBACK);
	ck_assert_uint_eq(l->flags, LOOPBACK | UP | LOWER_UP | RUNNING);
	ck_assert_uint_eq(l->operstate, 0);
	ck_assert_uint_eq(l->mtu, 65536);
	ck_assert_uint_eq(l->max_mtu, 0);
	ck_assert_str_eq(l->qdisc, "noqueue");

	const struct vn_link *v0 = link_named("v0"), *v1 = link_named("v1");
	ck_assert_int_eq(v0->ifindex, 2);
	ck_assert_int_eq(v1->ifindex, 3);
	ck_assert_int_eq(v0->link, 3);
	ck_assert_int_eq(v1->link, 2);
	ck_assert_uint_eq(v0->num_tx_queues, 4);
	ck_assert_uint_eq(v0->flags, BROADCAST | MULTICAST | UP | LOWER_UP | RUNNING);
	ck_assert_uint_eq(v0->operstate, 6);
	ck_assert_uint_eq(v0->mtu, 1500);
	ck_assert_uint_eq(v0->min_mtu, 68);
	ck_assert_uint_eq(v0->max_mtu, 65535);
	ck_assert_uint_eq(v0->txqlen, 1000);
	ck_assert_uint_eq(v0->addr_len, 6);
	ck_assert_uint_eq(v1->flags, BROADCAST | MULTICAST);
	ck_assert_uint_eq(v1->operstate, 2);

	l = link_named("br0");
	ck_assert_int_eq(l->ifindex, 10);
	ck_assert_uint_eq(l->tso_max_size, 65536);
	ck_assert_uint_eq(l->num_tx_queues, 1);
	l = link_named("tun0");
	ck_assert_int_eq(l->ifindex, 11);
	ck_assert_uint_eq(l->type, ARPHRD_NONE);
	ck_assert_uint_eq(l->addr_len, 0);
	ck_assert_uint_eq(l->txqlen, 500);
	ck_assert_uint_eq(l->flags, POINTOPOINT | MULTICAST | NOARP | UP | LOWER_UP | RUNNING);
	ck_assert_uint_eq(l->operstate, 0);
	l = link_named("up0");
	ck_assert_uint_eq(l->flags, UP | BROADCAST);   /* no carrier: not running */
	ck_assert_uint_eq(l->operstate, 2);

	/* the default's routes and neighbours went with its links */
	ck_assert_uint_eq(m.nroutes, 0);
	ck_assert_uint_eq(m.nneighs, 0);
	ck_assert_uint_eq(m.naddrs, 0);
	ck_assert_uint_eq(m.nrules, 5);
}
END_TEST

START_TEST(address_details)
{
	ck_assert_int_eq(load("{\"links\": [{\"ifname\": \"eth0\", \"addr_info\": ["
			      "{\"local\": \"192.0.2.7\", \"prefixlen\": 26, \"dynamic\": true,"
			      " \"valid_life_time\": 3600, \"preferred_life_time\": 1800, \"label\": \"eth0:1\"},"
			      "{\"family\": \"inet6\", \"local\": \"2001:db8::7\", \"prefixlen\": 64,"
			      " \"noprefixroute\": true, \"mngtmpaddr\": true, \"protocol\": \"kernel_ra\"},"
			      "{\"local\": \"fe80::1\", \"prefixlen\": 64, \"nodad\": true, \"scope\": 253},"
			      "{\"local\": \"127.0.0.2\"}]}]}"), 0);
	ck_assert_uint_eq(m.naddrs, 4);
	const struct vn_addr *a = &m.addrs[0];
	ck_assert_uint_eq(a->flags, 0);
	ck_assert_uint_eq(a->valid_lft, 3600);
	ck_assert_uint_eq(a->preferred_lft, 1800);
	ck_assert_str_eq(a->label, "eth0:1");
	ck_assert(!a->has_broadcast);
	a = &m.addrs[1];
	ck_assert_uint_eq(a->family, AF_INET6);
	ck_assert_uint_eq(a->flags, IFA_F_PERMANENT | IFA_F_NOPREFIXROUTE | IFA_F_MANAGETEMPADDR);
	ck_assert_uint_eq(a->proto, 2);
	ck_assert_uint_eq(a->valid_lft, VN_INFINITY_LIFE);
	a = &m.addrs[2];
	ck_assert_uint_eq(a->scope, RT_SCOPE_LINK);
	ck_assert_uint_eq(a->flags, IFA_F_PERMANENT | IFA_F_NODAD);
	a = &m.addrs[3];
	ck_assert_uint_eq(a->prefixlen, 32);
	ck_assert_uint_eq(a->scope, RT_SCOPE_HOST);
}
END_TEST

/* ---- routes, neighbours, rules written by hand ---- */

START_TEST(routes_by_hand)
{
	ck_assert_int_eq(load("{\"routes\": ["
			      "{\"dst\": \"192.0.2.0/24\", \"gateway\": \"10.0.2.3\", \"dev\": \"eth0\","
			      " \"flags\": [\"onlink\"], \"protocol\": 42, \"metric\": 5, \"table\": 7,"
			      " \"metrics\": {\"mtu\": 1280}},"
			      "{\"dst\": \"198.51.100.9\", \"dev\": \"eth0\", \"scope\": \"link\","
			      " \"prefsrc\": \"10.0.2.15\", \"table\": \"default\", \"protocol\": \"dhcp\"},"
			      "{\"type\": \"prohibit\", \"dst\": \"2001:db8:99::/48\"},"
			      "{\"dst\": \"default\", \"dev\": \"eth0\", \"pref\": \"low\"},"
			      "{\"type\": \"throw\", \"dst\": \"203.0.113.0/24\", \"table\": \"4000000000\"},"
			      "{\"dst\": \"203.0.113.0/25\", \"nexthops\": [{\"gateway\": \"10.0.2.4\", \"dev\": \"eth0\"},"
			      " {\"gateway\": \"10.0.2.5\", \"dev\": \"eth0\"}]}]}"), 0);
	const struct vn_route *r = find_route(AF_INET, 7, "192.0.2.0", 24, RTN_UNICAST);
	ck_assert_uint_eq(r->flags, RTNH_F_ONLINK);
	ck_assert_uint_eq(r->protocol, 42);
	ck_assert_uint_eq(r->priority, 5);
	ck_assert_uint_eq(r->mtu, 1280);
	ck_assert_int_eq(r->oif, 2);
	r = find_route(AF_INET, RT_TABLE_DEFAULT, "198.51.100.9", 32, RTN_UNICAST);
	ck_assert_uint_eq(r->scope, RT_SCOPE_LINK);
	ck_assert_uint_eq(r->protocol, RTPROT_DHCP);
	ck_assert(!r->has_gateway);
	ck_assert(!r->has_priority);
	r = find_route(AF_INET6, RT_TABLE_MAIN, "2001:db8:99::", 48, RTN_PROHIBIT);
	ck_assert_int_eq(r->oif, 0);
	ck_assert_uint_eq(r->priority, 1024);
	r = find_route(AF_INET6, RT_TABLE_MAIN, "default", 0, RTN_UNICAST);
	ck_assert_uint_eq(r->pref, 3);
	ck_assert_uint_eq(r->protocol, RTPROT_BOOT);
	r = find_route(AF_INET, 4000000000u, "203.0.113.0", 24, RTN_THROW);
	r = find_route(AF_INET, RT_TABLE_MAIN, "203.0.113.0", 25, RTN_UNICAST);
	ip(r->gateway, AF_INET, "10.0.2.4");
	ck_assert_int_eq(r->oif, 2);
	/* the default's default route went: "routes" replaces the list */
	for (size_t i = 0; i < m.nroutes; i++)
		ck_assert(!(m.routes[i].family == AF_INET && m.routes[i].dst_len == 0));
}
END_TEST

START_TEST(neighbours_by_hand)
{
	ck_assert_int_eq(load("{\"neighbours\": ["
			      "{\"dst\": \"fe80::1\", \"dev\": \"eth0\", \"lladdr\": \"52:55:0a:00:02:02\","
			      " \"router\": null, \"state\": [\"STALE\"]},"
			      "{\"dst\": \"10.0.2.9\", \"dev\": \"eth0\", \"state\": [\"FAILED\"], \"probes\": 3},"
			      "{\"dst\": \"10.0.2.10\", \"dev\": \"eth0\", \"lladdr\": \"2:0:0:0:0:a\"}]}"), 0);
	ck_assert_uint_eq(m.nneighs, 3);
	const struct vn_neigh *n = &m.neighs[0];
	ck_assert_uint_eq(n->family, AF_INET6);
	ck_assert(n->router);
	ck_assert_uint_eq(n->flags, NTF_ROUTER);
	ck_assert_uint_eq(n->state, NUD_STALE);
	n = &m.neighs[1];
	ck_assert_uint_eq(n->lladdr_len, 0);
	ck_assert_uint_eq(n->state, NUD_FAILED);
	ck_assert_uint_eq(n->probes, 3);
	ck_assert(!n->router);
	n = &m.neighs[2];
	ck_assert_uint_eq(n->state, NUD_REACHABLE);
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 0xa };
	ck_assert_mem_eq(n->lladdr, mac, 6);
}
END_TEST

START_TEST(rules_by_hand)
{
	ck_assert_int_eq(load("{\"rules\": ["
			      "{\"priority\": 10, \"src\": \"all\", \"action\": \"blackhole\"},"
			      "{\"priority\": 20, \"dst\": \"198.51.100.0/24\", \"table\": 77, \"protocol\": \"static\","
			      " \"suppress_prefixlen\": 0},"
			      "{\"family\": \"inet6\", \"priority\": 0, \"src\": \"all\", \"table\": \"local\"},"
			      "{\"family\": \"inet6\", \"priority\": 32766, \"src\": \"all\", \"table\": \"main\"}]}"), 0);
	ck_assert_uint_eq(m.nrules, 4);   /* no default rules added */
	ck_assert_uint_eq(m.rules[0].family, AF_INET);
	ck_assert_uint_eq(m.rules[0].action, FR_ACT_BLACKHOLE);
	ck_assert_uint_eq(m.rules[0].table, 0);
	ck_assert_uint_eq(m.rules[1].dst_len, 24);
	ip(m.rules[1].dst, AF_INET, "198.51.100.0");
	ck_assert_uint_eq(m.rules[1].table, 77);
	ck_assert_uint_eq(m.rules[1].protocol, RTPROT_STATIC);
	ck_assert_uint_eq(m.rules[1].suppress_prefixlen, 0);
	ck_assert_uint_eq(m.rules[2].family, AF_INET6);
	ck_assert_uint_eq(m.rules[2].table, RT_TABLE_LOCAL);
	ck_assert_uint_eq(m.rules[2].protocol, RTPROT_KERNEL);
	ck_assert_uint_eq(m.rules[3].family, AF_INET6);

	vn_model_free(&m);
	vn_model_init(&m);
	ck_assert_int_eq(load("{\"rules\": []}"), 0);
	ck_assert_uint_eq(m.nrules, 0);

	/* wg-quick's rules as `ip -j rule` prints them: a mark alone is
	 * matched whole, "not" (printed as null) inverts */
	vn_model_free(&m);
	vn_model_init(&m);
	ck_assert_int_eq(load("{\"rules\": ["
			      "{\"priority\": 32764, \"src\": \"all\", \"table\": \"main\", \"suppress_prefixlength\": 0},"
			      "{\"priority\": 32765, \"not\": null, \"src\": \"all\", \"fwmark\": \"0xca6c\", \"table\": \"51820\"},"
			      "{\"priority\": 32766, \"src\": \"all\", \"fwmark\": \"0x10\", \"fwmask\": \"0xf0\", \"table\": \"main\"}]}"), 0);
	ck_assert_uint_eq(m.rules[0].fwmark, 0);
	ck_assert_uint_eq(m.rules[0].fwmask, 0);
	ck_assert_uint_eq(m.rules[0].flags, 0);
	ck_assert_uint_eq(m.rules[1].fwmark, 0xca6c);
	ck_assert_uint_eq(m.rules[1].fwmask, 0xffffffff);
	ck_assert_uint_eq(m.rules[1].flags, FIB_RULE_INVERT);
	ck_assert_uint_eq(m.rules[1].table, 51820);
	ck_assert_uint_eq(m.rules[2].fwmark, 0x10);
	ck_assert_uint_eq(m.rules[2].fwmask, 0xf0);
	ck_assert_uint_eq(m.rules[2].flags, 0);
}
END_TEST

/* ---- errors: one line, at the value ---- */

static void expect_error(const char *text, const char *msg)
{
	vn_model_free(&m);
	vn_model_init(&m);
	err[0] = '\0';
	ck_assert_int_eq(load(text), -1);
	ck_assert_str_eq(err, msg);
}

START_TEST(error_messages)
{
	expect_error("{\"links\":[{\"ifname\":\"a\"},{\"ifname\":\"b\",\"mtu\":\"x\"}]}",
		     "t.json:1:46: links[1].mtu: expected an integer");
	expect_error("{\"routes\": [\n"
		     "  {\"dst\": \"10.0.0.0/8\",\n"
		     "   \"dev\": \"eth9\"}]}",
		     "t.json:3:11: routes[0].dev: expected the ifname of a link, not \"eth9\"");
	expect_error("{\"links\": [{\"ifname\": \"lo\", \"mtu\": -1}]}",
		     "t.json:1:36: links[0].mtu: expected an integer from 0 to 4294967295");
	expect_error("{\"links\": [{\"ifname\": \"lo\",\n"
		     "  \"addr_info\": [{\"family\": \"inet\", \"local\": \"10.0.0.300\"}]}]}",
		     "t.json:2:45: links[0].addr_info[0].local: expected an IPv4 address");
	expect_error("{\"links\": [{\"ifname\": \"lo\", \"flags\": [\"UP\", \"FOO\"]}]}",
		     "t.json:1:45: links[0].flags[1]: expected a link flag (UP, BROADCAST, LOWER_UP, ...)");
	expect_error("{\"links\": [{\"ifname\": \"a\", \"master\": \"br9\"}]}",
		     "t.json:1:38: links[0].master: expected the ifname of a link, not \"br9\"");
	expect_error("{\"links\": [{\"ifname\": \"a\"}, {\"ifname\": \"a\"}]}",
		     "t.json:1:40: links[1].ifname: expected a name no other link has");
	expect_error("{\"links\": [{\"mtu\": 1}]}",
		     "t.json:1:12: links[0]: expected an object with \"ifname\"");
	expect_error("{\"links\": {}}", "t.json:1:11: links: expected an array");
	expect_error("{\"hostname\": 7}", "t.json:1:14: hostname: expected a string");
	expect_error("{\"kernel\": {\"release\": \"1234567890123456789012345678901234567890123456789012345678901234567890\"}}",
		     "t.json:1:24: kernel.release: expected a string of at most 64 bytes");
	expect_error("{\"kernel\": {\"boot_id\": \"d9224c2a-6f78-4084-8bdf-b0ca127c7e6\"}}",
		     "t.json:1:24: kernel.boot_id: expected a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
	expect_error("{\"kernel\": {\"boot_id\": \"d9224c2a-6f78-4084-8bdf+b0ca127c7e63\"}}",
		     "t.json:1:24: kernel.boot_id: expected a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
	expect_error("{\"kernel\": {\"cmdline\": 5}}", "t.json:1:24: kernel.cmdline: expected a string");
	expect_error("{\"kernel\": {\"ipv6_mroute\": 1}}",
		     "t.json:1:28: kernel.ipv6_mroute: expected a boolean");
	expect_error("{\"cpus\": 0}", "t.json:1:10: cpus: expected an integer from 1 to 8192");
	expect_error("{\"hostname\":\"\xc3\xa9\",\"cpus\":\"2\"}",
		     "t.json:1:24: cpus: expected an integer");   /* columns count characters */
	expect_error("{\"routes\": [{\"dst\": \"10.0.0.0/33\"}]}",
		     "t.json:1:21: routes[0].dst: expected an IPv4 address or prefix (A.B.C.D/N)");
	expect_error("{\"routes\": [{\"dst\": \"10.0.0.0/8\", \"gateway\": \"fe80::1\"}]}",
		     "t.json:1:46: routes[0].gateway: expected an IPv4 address");
	expect_error("{\"routes\": [{\"table\": \"mine\"}]}",
		     "t.json:1:23: routes[0].table: expected a table (main, local, default) or a number from 0 to 4294967295");
	expect_error("{\"neighbours\": [{\"dst\": \"10.0.2.9\", \"dev\": \"eth0\", \"lladdr\": \"zz\"}]}",
		     "t.json:1:62: neighbours[0].lladdr: expected a link-layer address (hex bytes joined by ':', at most 32)");
	expect_error("{\"neighbours\": [{\"dst\": \"10.0.2.9\", \"dev\": \"eth0\", \"state\": [\"SLEEPY\"]}]}",
		     "t.json:1:62: neighbours[0].state[0]: expected a neighbour state (REACHABLE, STALE, PERMANENT, ...)");
	expect_error("{\"rules\": [{\"priority\": 1, \"action\": \"explode\"}]}",
		     "t.json:1:38: rules[0].action: expected a rule action (unreachable, prohibit, blackhole, ...) or a number from 0 to 255");
	expect_error("{\"links\": [{\"ifname\": \"a\", \"stats64\": {\"rx\": {\"bytes\": 1.5}}}]}",
		     "t.json:1:56: links[0].stats64.rx.bytes: expected an integer");
	expect_error("[1]", "t.json:1:1: expected a JSON object");
}
END_TEST

START_TEST(syntax_errors)
{
	expect_error("{\"a\": 1,}", "t.json:1:9: string or '}' expected near '}'");
	expect_error("{\"a\": 1, \"a\": 2}", "t.json:1:12: duplicate object key near '\"a\"'");
	expect_error("", "t.json:1:1: '[' or '{' expected near end of file");
	expect_error("{\"a\":\n 1} x", "t.json:2:5: end of file expected near 'x'");
	expect_error("{\"a\": \"\n\"}", "t.json:1:7: unexpected newline near '\"'");
}
END_TEST

START_TEST(load_file)
{
	char path[] = "/tmp/test_scenario_XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	const char *text = "{\"hostname\": \"filed\",\n \"cpus\": true}";
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	char want[128];
	ck_assert_int_eq(vn_scenario_load_file(&m, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:2:10: cpus: expected an integer", path);
	ck_assert_str_eq(err, want);
	vn_model_free(&m);
	vn_model_init(&m);
	ck_assert_int_eq(vn_scenario_load_file(&m, "/nonexistent/x.json", err, sizeof(err)), -1);
	ck_assert_str_eq(err, "/nonexistent/x.json: No such file or directory");
	unlink(path);
}
END_TEST

/* ---- json_locate ---- */

START_TEST(locate)
{
	const char *t = "{\n  \"a\": [1, {\"b\": \"x]\"}, [2, 3]],\n  \"k\\u00e9y\": {\"c\\\"d\": null},\n"
			"  \"\xc3\xa9\": 1, \"z\": true}";
	size_t n = strlen(t);
	int line, col;
	ck_assert(vn_json_locate_str(t, n, "", &line, &col));
	ck_assert_int_eq(line, 1);
	ck_assert_int_eq(col, 1);
	ck_assert(vn_json_locate_str(t, n, "a[1].b", &line, &col));
	ck_assert_int_eq(line, 2);
	ck_assert_int_eq(col, 18);
	ck_assert(vn_json_locate_str(t, n, "a[2][1]", &line, &col));
	ck_assert_int_eq(col, 29);
	ck_assert(vn_json_locate_str(t, n, "z", &line, &col));
	ck_assert_int_eq(line, 4);
	ck_assert_int_eq(col, 16);
	struct vn_jpath p[] = { { .key = "k\xc3\xa9y" }, { .key = "c\"d" } };
	ck_assert(vn_json_locate(t, n, p, 2, &line, &col));
	ck_assert_int_eq(line, 3);
	ck_assert_int_eq(col, 24);
	ck_assert(!vn_json_locate_str(t, n, "a[3]", &line, &col));
	ck_assert(!vn_json_locate_str(t, n, "b", &line, &col));
	ck_assert(!vn_json_locate_str(t, n, "a.b", &line, &col));
	ck_assert(!vn_json_locate_str(t, 10, "z", &line, &col));   /* cut short */
	ck_assert(!vn_json_locate_str("{\"a\": \"", 7, "a.b", &line, &col));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("scenario");
	TCase *tc = tcase_create("scenario");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, default_model);
	tcase_add_test(tc, empty_object_is_the_default);
	tcase_add_test(tc, facts_replace_the_default);
	tcase_add_test(tc, kernel_build_options);
	tcase_add_test(tc, kernel_cmdline_and_boot_id);
	tcase_add_test(tc, snapshot_links);
	tcase_add_test(tc, snapshot_routes_neighbours_rules);
	tcase_add_test(tc, link_defaults_by_kind);
	tcase_add_test(tc, address_details);
	tcase_add_test(tc, routes_by_hand);
	tcase_add_test(tc, neighbours_by_hand);
	tcase_add_test(tc, rules_by_hand);
	tcase_add_test(tc, error_messages);
	tcase_add_test(tc, syntax_errors);
	tcase_add_test(tc, load_file);
	tcase_add_test(tc, locate);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
