/* The multicast groups a link has joined by itself, in the kernel's
 * orders: /proc/net/igmp and igmp6 (and `ip maddr`, which reads them),
 * /proc/net/dev_mcast, and the "self" entries `bridge fdb` lists for
 * every Ethernet link (ndo_dflt_fdb_dump walks the same device list).
 *
 * What a link joins:
 *  - at registration, IPv6 ff01::1 then ff02::1 (ipv6_add_dev), the
 *    latter loaded into the device's list (33:33:00:00:00:01), up or not;
 *  - a bridge with multicast snooping, when it opens: 224.0.0.106 and
 *    ff02::6a (br_multicast_join_snoopers), before the NETDEV_UP
 *    notifiers run;
 *  - at NETDEV_UP, IPv4 224.0.0.1 (ip_mc_up);
 *  - the solicited-node group of each IPv6 address once DAD starts (the
 *    link running; not on loopback or NOARP links).
 * IPv4 and IPv6 lists are newest first (new groups go to the head); the
 * device's list oldest first. A link taken down drops IPv4's groups and
 * unloads IPv6's from the device (ipv6_mc_down); at the next up IPv4's
 * load before IPv6's, so 33:33:00:00:00:01 then follows 01:00:5e:00:00:01
 * (vn_link.mc_reloaded). */
#ifndef VENEER_MCAST_H
#define VENEER_MCAST_H

#include <stddef.h>
#include <stdint.h>

struct vn_model;
struct vn_link;

#define VN_MAF_NOREPORT 0x08   /* include/net/if_inet6.h */
#define VN_MAF_LOADED 0x04

struct vn_mc_group {
	uint8_t addr[16];         /* IPv4: 4 bytes; IPv6: 16; link layer: 6 */
	unsigned users;
	unsigned flags;           /* IPv6: VN_MAF_* */
};

struct vn_mc_list {
	struct vn_mc_group *v;
	size_t n, cap;
};

struct vn_mc_groups {
	struct vn_mc_list v4, v6, ll;
};

/* l's groups into g (zeroed first); vn_mc_free releases them. */
void vn_mc_groups(const struct vn_model *m, const struct vn_link *l, struct vn_mc_groups *g);
void vn_mc_free(struct vn_mc_groups *g);

#endif
