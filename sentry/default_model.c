/* The embedded default model (INTERFACE.md, "The embedded default model").
 *
 * It is data: a scenario text in the same format as a user's scenario file,
 * parsed by the same loader (scenario.c), which applies every scenario over
 * it. Only what Linux does not derive is listed; the kernel routes
 * (127.0.0.0/8 and friends in table local, 10.0.2.0/24 proto kernel,
 * fe80::/64 ...) and the default rules come from vn_model_derive_routes and
 * vn_model_default_rules, as for any scenario.
 *
 * Choices:
 *  - A QEMU user-networking guest with a static configuration: eth0 is
 *    virtio-like (one queue pair, fq_codel as systemd sets it), its addresses
 *    are permanent (no "dynamic", so lifetimes stay "forever"), and the
 *    default route is "proto boot", the protocol of `ip route add`, which
 *    `ip route` does not print: it shows "default via 10.0.2.2 dev eth0".
 *  - The gateway's neighbour entry carries QEMU's slirp MAC for 10.0.2.2.
 *  - Kernel release "6.1.0-veneer", version "#1 SMP PREEMPT_DYNAMIC Debian
 *    6.1.0": a Debian 12 kernel, marked as veneer's, with its build options
 *    (IPv6 multicast routing, SRv6 HMAC: mc_forwarding and
 *    seg6_require_hmac are in net.ipv6.conf; route realms and xfrm
 *    statistics: /proc/net/rt_acct and xfrm_stat; scheduler statistics:
 *    /proc/schedstat).
 *  - Command line "console=ttyS0 quiet": a guest started with -kernel and
 *    an initramfs, as the model has no block device (/proc/partitions is
 *    empty). No boot id: it is derived from these facts, the same on every
 *    run (vn_model_derive_boot_id).
 *  - Counters are zero, like a machine that has just booted.
 */
#include "scenario.h"

extern const char vn_default_scenario_json[];

const char vn_default_scenario_json[] =
"{\n"
"  \"hostname\": \"veneer\",\n"
"  \"kernel\": {\"release\": \"6.1.0-veneer\",\n"
"             \"version\": \"#1 SMP PREEMPT_DYNAMIC Debian 6.1.0\",\n"
"             \"cmdline\": \"console=ttyS0 quiet\", \"default_qdisc\": \"fq_codel\",\n"
"             \"ipv6_mroute\": true, \"ipv6_seg6_hmac\": true,\n"
"             \"ip_route_classid\": true, \"xfrm_statistics\": true,\n"
"             \"schedstats\": true, \"mptcp\": true,\n"
"             \"cls_u32_perf\": true, \"cls_u32_mark\": true},\n"
"  \"cpus\": 2,\n"
"  \"memory_kb\": 2097152,\n"
"  \"links\": [\n"
"    {\"ifindex\": 1, \"ifname\": \"lo\", \"flags\": [\"LOOPBACK\", \"UP\", \"LOWER_UP\"],\n"
"     \"mtu\": 65536, \"qdisc\": \"noqueue\", \"operstate\": \"UNKNOWN\", \"linkmode\": \"DEFAULT\",\n"
"     \"group\": \"default\", \"txqlen\": 1000, \"link_type\": \"loopback\",\n"
"     \"address\": \"00:00:00:00:00:00\", \"broadcast\": \"00:00:00:00:00:00\",\n"
"     \"promiscuity\": 0, \"allmulti\": 0, \"min_mtu\": 0, \"max_mtu\": 0,\n"
"     \"inet6_addr_gen_mode\": \"eui64\", \"num_tx_queues\": 1, \"num_rx_queues\": 1,\n"
"     \"gso_max_size\": 65536, \"gso_max_segs\": 65535, \"tso_max_size\": 524280,\n"
"     \"tso_max_segs\": 65535, \"gro_max_size\": 65536, \"gso_ipv4_max_size\": 65536,\n"
"     \"gro_ipv4_max_size\": 65536,\n"
"     \"addr_info\": [\n"
"       {\"family\": \"inet\", \"local\": \"127.0.0.1\", \"prefixlen\": 8, \"scope\": \"host\",\n"
"        \"label\": \"lo\", \"valid_life_time\": 4294967295, \"preferred_life_time\": 4294967295},\n"
"       {\"family\": \"inet6\", \"local\": \"::1\", \"prefixlen\": 128, \"scope\": \"host\",\n"
"        \"valid_life_time\": 4294967295, \"preferred_life_time\": 4294967295}]},\n"
"    {\"ifindex\": 2, \"ifname\": \"eth0\", \"flags\": [\"BROADCAST\", \"MULTICAST\", \"UP\", \"LOWER_UP\"],\n"
"     \"mtu\": 1500, \"qdisc\": \"fq_codel\", \"operstate\": \"UP\", \"linkmode\": \"DEFAULT\",\n"
"     \"group\": \"default\", \"txqlen\": 1000, \"link_type\": \"ether\",\n"
"     \"address\": \"52:54:00:12:34:56\", \"broadcast\": \"ff:ff:ff:ff:ff:ff\",\n"
"     \"promiscuity\": 0, \"allmulti\": 0, \"min_mtu\": 68, \"max_mtu\": 65535,\n"
"     \"inet6_addr_gen_mode\": \"eui64\", \"num_tx_queues\": 1, \"num_rx_queues\": 1,\n"
"     \"gso_max_size\": 65536, \"gso_max_segs\": 65535, \"tso_max_size\": 65536,\n"
"     \"tso_max_segs\": 65535, \"gro_max_size\": 65536, \"gso_ipv4_max_size\": 65536,\n"
"     \"gro_ipv4_max_size\": 65536,\n"
"     \"addr_info\": [\n"
"       {\"family\": \"inet\", \"local\": \"10.0.2.15\", \"prefixlen\": 24, \"broadcast\": \"10.0.2.255\",\n"
"        \"scope\": \"global\", \"label\": \"eth0\",\n"
"        \"valid_life_time\": 4294967295, \"preferred_life_time\": 4294967295},\n"
"       {\"family\": \"inet6\", \"local\": \"fe80::5054:ff:fe12:3456\", \"prefixlen\": 64,\n"
"        \"scope\": \"link\", \"valid_life_time\": 4294967295, \"preferred_life_time\": 4294967295}]}\n"
"  ],\n"
"  \"routes\": [\n"
"    {\"type\": \"unicast\", \"dst\": \"default\", \"gateway\": \"10.0.2.2\", \"dev\": \"eth0\",\n"
"     \"table\": \"main\", \"protocol\": \"boot\", \"scope\": \"global\", \"flags\": []}\n"
"  ],\n"
"  \"neighbours\": [\n"
"    {\"dst\": \"10.0.2.2\", \"dev\": \"eth0\", \"lladdr\": \"52:55:0a:00:02:02\", \"state\": [\"REACHABLE\"]}\n"
"  ]\n"
"}\n";

/* The default model alone: an empty scenario over it. */
void vn_model_load_default(struct vn_model *m)
{
	char err[256];
	if (vn_scenario_load_string(m, "{}", 2, "<default model>", err, sizeof(err)) < 0)
		__builtin_trap();   /* unreachable: the text above loads (test_scenario) */
}
