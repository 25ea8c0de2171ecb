/* /sys/class/net and /sys/devices/virtual/net/<link>: the attributes of
 * net/core/net-sysfs.c (net_class_attrs, the statistics group, the rx-N
 * and tx-N queue objects) and the device's power/ group, as Linux 6.18
 * shows them for the model's links, checked against a real namespace in
 * tests/unit/test_sys.c.
 *
 * Every link is a virtual device here, those of no kind (a physical-looking
 * eth0) too: the model has no bus, no driver and no device behind them, so
 * they have no `device` link (design.md, "/sys"). A read that fails on Linux
 * is kept as its errno: what the kernel's show function returns. */
#include "sys_net.h"

#include <errno.h>
#include <net/if_arp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../netlink/ethtool.h"

#define OBJ(o) const struct sys_netdev *x = (o)

/* netif_running: the device was opened (IFF_UP); most state reads need it */
static bool running(const struct vn_link *l)
{
	return (l->flags & IFF_UP) != 0;
}

static bool is_loopback(const struct vn_link *l)
{
	return l->type == ARPHRD_LOOPBACK;
}

static bool is_kind(const struct vn_link *l, const char *kind)
{
	return strcmp(l->kind, kind) == 0;
}

/* ---- net_class_attrs ---- */

/* A field of the link as a line (the kernel's NETDEVICE_SHOW) */
#define SHOW(name, fmt, value)                                      \
	static int show_##name(const void *o, struct buf *out)      \
	{                                                           \
		OBJ(o);                                             \
		buf_printf(out, fmt, value);                        \
		return 0;                                           \
	}

SHOW(group, "%d\n", (int)x->l->group)
SHOW(type, "%d\n", x->l->type)
/* dev_get_iflink: the veth peer (ndo_get_iflink), else the link itself */
SHOW(iflink, "%d\n", x->l->link ? x->l->link : x->l->ifindex)
SHOW(ifindex, "%d\n", x->l->ifindex)
SHOW(addr_len, "%u\n", x->l->addr_len)
SHOW(link_mode, "%u\n", x->l->linkmode)
SHOW(carrier_changes, "%u\n", x->l->carrier_changes)
SHOW(carrier_up_count, "%u\n", x->l->carrier_up_count)
SHOW(carrier_down_count, "%u\n", x->l->carrier_down_count)
SHOW(mtu, "%u\n", x->l->mtu)
SHOW(tx_queue_len, "%u\n", x->l->txqlen)

static int show_dev_id(const void *o, struct buf *out)
{
	(void)o;
	buf_puts(out, "0x0\n");   /* "%#x": Linux prints 0 as 0x0 */
	return 0;
}

static int show_zero(const void *o, struct buf *out)
{
	(void)o;
	buf_puts(out, "0\n");
	return 0;
}

/* NET_NAME_*: the model keeps no name origin, so it is the one each kind
 * gets when created as `ip link add NAME` does (USER); lo is PREDICTABLE;
 * a device of no kind was named by its driver (ENUM, eth%d); tun_set_iff
 * makes its device UNKNOWN, which reads EINVAL. */
static int show_name_assign_type(const void *o, struct buf *out)
{
	OBJ(o);
	int t = is_loopback(x->l) ? 2 : is_kind(x->l, "tun") ? 0 : x->l->kind[0] ? 3 : 1;
	if (t == 0)
		return -EINVAL;
	buf_printf(out, "%d\n", t);
	return 0;
}

/* NET_ADDR_*: permanent for lo, devices of no kind and tun (no address);
 * random (eth_hw_addr_random) for what the kernel makes: veth, bridge,
 * tap, dummy. An address set later (NET_ADDR_SET) is not told apart. */
static int show_addr_assign_type(const void *o, struct buf *out)
{
	OBJ(o);
	const struct vn_link *l = x->l;
	bool perm = is_loopback(l) || !l->kind[0] || l->addr_len == 0;
	buf_printf(out, "%d\n", perm ? 0 : 1);
	return 0;
}

/* sysfs_format_mac: "%*phC" */
static void mac(struct buf *out, const uint8_t *a, unsigned len)
{
	for (unsigned i = 0; i < len && i < VN_MAX_ADDR_LEN; i++)
		buf_printf(out, "%s%02x", i ? ":" : "", a[i]);
	buf_puts(out, "\n");
}

static int show_address(const void *o, struct buf *out)
{
	OBJ(o);
	mac(out, x->l->addr, x->l->addr_len);
	return 0;
}

static int show_broadcast(const void *o, struct buf *out)
{
	OBJ(o);
	mac(out, x->l->broadcast, x->l->addr_len);
	return 0;
}

/* speed_show and duplex_show: the driver's get_link_ksettings, running only */
static int show_speed(const void *o, struct buf *out)
{
	OBJ(o);
	uint32_t speed;
	uint8_t duplex;
	if (!running(x->l) || vn_ethtool_speed(x->m, x->l, &speed, &duplex) < 0)
		return -EINVAL;
	buf_printf(out, "%d\n", (int)speed);
	return 0;
}

static int show_duplex(const void *o, struct buf *out)
{
	OBJ(o);
	uint32_t speed;
	uint8_t duplex;
	if (!running(x->l) || vn_ethtool_speed(x->m, x->l, &speed, &duplex) < 0)
		return -EINVAL;
	buf_printf(out, "%s\n", duplex == 0 ? "half" : duplex == 1 ? "full" : "unknown");
	return 0;
}

static int show_dormant(const void *o, struct buf *out)
{
	OBJ(o);
	if (!running(x->l))
		return -EINVAL;
	buf_printf(out, "%d\n", (x->l->flags & IFF_DORMANT) ? 1 : 0);
	return 0;
}

static int show_testing(const void *o, struct buf *out)
{
	OBJ(o);
	if (!running(x->l))
		return -EINVAL;
	buf_puts(out, "0\n");   /* no link is in IF_OPER_TESTING */
	return 0;
}

static int show_operstate(const void *o, struct buf *out)
{
	OBJ(o);
	static const char *const names[] = { "unknown", "notpresent", "down", "lowerlayerdown",
					     "testing", "dormant", "up" };
	unsigned op = running(x->l) ? x->l->operstate : 2 /* IF_OPER_DOWN */;
	if (op >= sizeof(names) / sizeof(names[0]))
		return -EINVAL;
	buf_printf(out, "%s\n", names[op]);
	return 0;
}

static int show_empty(const void *o, struct buf *out)
{
	(void)o;
	(void)out;
	return 0;   /* ifalias: none set */
}

static int show_carrier(const void *o, struct buf *out)
{
	OBJ(o);
	if (!running(x->l))
		return -EINVAL;
	buf_printf(out, "%d\n", (x->l->flags & IFF_LOWER_UP) ? 1 : 0);
	return 0;
}

/* dev->flags, not dev_get_flags(): no RUNNING, LOWER_UP or DORMANT (they
 * are operational state), PROMISC and ALLMULTI while their counts are up */
static int show_flags(const void *o, struct buf *out)
{
	OBJ(o);
	const struct vn_link *l = x->l;
	unsigned f = l->flags & ~(unsigned)(IFF_RUNNING | IFF_LOWER_UP | IFF_DORMANT | IFF_PROMISC |
					    IFF_ALLMULTI);
	if (l->promiscuity)
		f |= IFF_PROMISC;
	if (l->allmulti)
		f |= IFF_ALLMULTI;
	buf_printf(out, "0x%x\n", f);
	return 0;
}

/* DEVTYPE= of the device types the kinds register (br_type, vlan_type ...) */
static const char *devtype(const struct vn_link *l)
{
	static const char *const typed[] = { "bridge", "bond", "vlan", "vxlan", "geneve",
					     "wireguard" };
	for (size_t i = 0; i < sizeof(typed) / sizeof(typed[0]); i++)
		if (is_kind(l, typed[i]))
			return typed[i];
	return NULL;
}

static int show_uevent(const void *o, struct buf *out)
{
	OBJ(o);
	const char *dt = devtype(x->l);
	if (dt)
		buf_printf(out, "DEVTYPE=%s\n", dt);
	buf_printf(out, "INTERFACE=%s\nIFINDEX=%d\n", x->l->name, x->l->ifindex);
	return 0;
}

static const struct sys_attr netdev_attrs[] = {
	{ "netdev_group", 0644, show_group },
	{ "type", 0444, show_type },
	{ "dev_id", 0444, show_dev_id },
	{ "dev_port", 0444, show_zero },
	{ "iflink", 0444, show_iflink },
	{ "ifindex", 0444, show_ifindex },
	{ "name_assign_type", 0444, show_name_assign_type },
	{ "addr_assign_type", 0444, show_addr_assign_type },
	{ "addr_len", 0444, show_addr_len },
	{ "link_mode", 0444, show_link_mode },
	{ "address", 0444, show_address },
	{ "broadcast", 0444, show_broadcast },
	{ "speed", 0444, show_speed },
	{ "duplex", 0444, show_duplex },
	{ "dormant", 0444, show_dormant },
	{ "testing", 0444, show_testing },
	{ "operstate", 0444, show_operstate },
	{ "carrier_changes", 0444, show_carrier_changes },
	{ "ifalias", 0644, show_empty },
	{ "carrier", 0644, show_carrier },
	{ "mtu", 0644, show_mtu },
	{ "flags", 0644, show_flags },
	{ "tx_queue_len", 0644, show_tx_queue_len },
	{ "gro_flush_timeout", 0644, show_zero },
	{ "napi_defer_hard_irqs", 0644, show_zero },
	{ "proto_down", 0644, show_zero },
	{ "carrier_up_count", 0444, show_carrier_up_count },
	{ "carrier_down_count", 0444, show_carrier_down_count },
	{ "threaded", 0644, show_zero },
	{ "uevent", 0644, show_uevent },
};

/* ---- statistics/: struct rtnl_link_stats64 by name ---- */

static const struct {
	const char *name;
	size_t off;
} stats[] = {
#define S(f) { #f, offsetof(struct vn_link_stats, f) }
	S(rx_packets), S(tx_packets), S(rx_bytes), S(tx_bytes), S(rx_errors), S(tx_errors),
	S(rx_dropped), S(tx_dropped), S(multicast), S(collisions), S(rx_length_errors),
	S(rx_over_errors), S(rx_crc_errors), S(rx_frame_errors), S(rx_fifo_errors),
	S(rx_missed_errors), S(tx_aborted_errors), S(tx_carrier_errors), S(tx_fifo_errors),
	S(tx_heartbeat_errors), S(tx_window_errors), S(rx_compressed), S(tx_compressed),
	S(rx_nohandler),
#undef S
};

static void statistics(struct sys_tree *t, const struct vn_link *l, const char *dir)
{
	char sub[512];
	snprintf(sub, sizeof(sub), "%s/statistics", dir);
	sys_dir(t, "%s", sub);
	for (size_t i = 0; i < sizeof(stats) / sizeof(stats[0]); i++) {
		uint64_t v;
		memcpy(&v, (const char *)&l->stats + stats[i].off, sizeof(v));
		sys_printf(t, 0444, sub, stats[i].name, "%llu\n", (unsigned long long)v);
	}
}

/* ---- queues/: rx-N (rx_queue_attrs) and tx-N (netdev_queue_default_attrs) ---- */

static int ncpus(const struct vn_model *m)
{
	return m->cpus > 0 ? m->cpus : 1;
}

/* the real queue counts: a veth starts with one of each whatever it may
 * have (veth_newlink); the others use all they have */
static unsigned real_queues(const struct vn_link *l, unsigned n)
{
	return is_kind(l, "veth") || n == 0 ? 1 : n;
}

/* netif_is_multiqueue: traffic_class and xps_cpus read ENOENT without */
static bool multiqueue(const struct vn_link *l)
{
	return l->num_tx_queues > 1;
}

static int show_rps_cpus(const void *o, struct buf *out)
{
	OBJ(o);
	sys_bitmap_hex(out, ncpus(x->m), 0, -1);
	buf_puts(out, "\n");
	return 0;
}

static int show_traffic_class(const void *o, struct buf *out)
{
	OBJ(o);
	if (!multiqueue(x->l))
		return -ENOENT;
	buf_puts(out, "0\n");
	return 0;
}

static int show_xps_cpus(const void *o, struct buf *out)
{
	OBJ(o);
	if (!multiqueue(x->l))
		return -ENOENT;
	return show_rps_cpus(o, out);
}

static int show_xps_rxqs(const void *o, struct buf *out)
{
	OBJ(o);
	sys_bitmap_hex(out, (int)(x->l->num_rx_queues ? x->l->num_rx_queues : 1), 0, -1);
	buf_puts(out, "\n");
	return 0;
}

static const struct sys_attr rx_queue_attrs[] = {
	{ "rps_cpus", 0644, show_rps_cpus },
	{ "rps_flow_cnt", 0644, show_zero },
};

static const struct sys_attr tx_queue_attrs[] = {
	{ "tx_timeout", 0444, show_zero },
	{ "traffic_class", 0444, show_traffic_class },
	{ "tx_maxrate", 0644, show_zero },
	{ "xps_cpus", 0644, show_xps_cpus },
	{ "xps_rxqs", 0644, show_xps_rxqs },
};

static void queues(struct sys_tree *t, const struct sys_netdev *x, const char *dir)
{
	char q[512];
	sys_dir(t, "%s/queues", dir);
	for (unsigned i = 0; i < real_queues(x->l, x->l->num_rx_queues); i++) {
		snprintf(q, sizeof(q), "%s/queues/rx-%u", dir, i);
		sys_dir(t, "%s", q);
		sys_attrs(t, q, rx_queue_attrs, sizeof(rx_queue_attrs) / sizeof(rx_queue_attrs[0]), x);
	}
	for (unsigned i = 0; i < real_queues(x->l, x->l->num_tx_queues); i++) {
		snprintf(q, sizeof(q), "%s/queues/tx-%u", dir, i);
		sys_dir(t, "%s", q);
		sys_attrs(t, q, tx_queue_attrs, sizeof(tx_queue_attrs) / sizeof(tx_queue_attrs[0]), x);
	}
}

/* ---- power/: runtime PM of a device without a driver (drivers/base/power/sysfs.c) ---- */

static int show_eio(const void *o, struct buf *out)
{
	(void)o;
	(void)out;
	return -EIO;   /* autosuspend_delay_ms without use_autosuspend */
}

static int show_auto(const void *o, struct buf *out)
{
	(void)o;
	buf_puts(out, "auto\n");
	return 0;
}

static int show_unsupported(const void *o, struct buf *out)
{
	(void)o;
	buf_puts(out, "unsupported\n");
	return 0;
}

static const struct sys_attr power_attrs[] = {
	{ "autosuspend_delay_ms", 0644, show_eio },
	{ "control", 0644, show_auto },
	{ "runtime_active_time", 0444, show_zero },
	{ "runtime_status", 0444, show_unsupported },
	{ "runtime_suspended_time", 0444, show_zero },
};

/* ---- the device ---- */

void sys_netdev_dir(const struct vn_link *l, char *out, size_t len)
{
	snprintf(out, len, "devices/virtual/net/%s", l->name);
}

static void netdev(struct sys_tree *t, const struct vn_model *m, const struct vn_link *l)
{
	struct sys_netdev x = { m, l };
	char dir[256];
	sys_netdev_dir(l, dir, sizeof(dir));
	sys_dir(t, "%s", dir);
	sys_attrs(t, dir, netdev_attrs, sizeof(netdev_attrs) / sizeof(netdev_attrs[0]), &x);
	sys_link(t, "../../../../class/net", "%s/subsystem", dir);
	statistics(t, l, dir);
	queues(t, &x, dir);
	sys_dir(t, "%s/power", dir);
	char power[512];
	snprintf(power, sizeof(power), "%s/power", dir);
	sys_attrs(t, power, power_attrs, sizeof(power_attrs) / sizeof(power_attrs[0]), &x);
	/* netdev_upper_dev_link: master and upper_<master> on the port,
	 * lower_<port> on the master */
	const struct vn_link *master = l->master ? vn_link_by_index(m, l->master) : NULL;
	if (master) {
		char target[64];
		snprintf(target, sizeof(target), "../%s", master->name);
		sys_link(t, target, "%s/master", dir);
		sys_link(t, target, "%s/upper_%s", dir, master->name);
	}
	for (size_t i = 0; i < m->nlinks; i++)
		if (m->links[i].master == l->ifindex) {
			char target[64];
			snprintf(target, sizeof(target), "../%s", m->links[i].name);
			sys_link(t, target, "%s/lower_%s", dir, m->links[i].name);
		}
	sys_render_net_kind(&x, t, dir);
}

void sys_render_net(const struct vn_model *m, struct sys_tree *t)
{
	sys_dir(t, "class/net");
	sys_dir(t, "devices/virtual/net");
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct vn_link *l = &m->links[i];
		char dir[256], target[300];
		sys_netdev_dir(l, dir, sizeof(dir));
		snprintf(target, sizeof(target), "../../%s", dir);
		sys_link(t, target, "class/net/%s", l->name);
		netdev(t, m, l);
	}
}
