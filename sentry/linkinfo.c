/* The kind tables of linkinfo.h, and a new link's values.
 *
 * Orders and defaults are those of a 6.18 kernel (captured from a bridge
 * with a veth and a tap port): br_fill_info sends the timers first, then
 * the configuration; br_port_fill_attrs groups the on/off flags before the
 * ids and ends with the timers and multicast counters. Attributes a kernel
 * built without bridge VLAN filtering omits (VLAN protocol, default PVID,
 * VLAN stats) are absent, as they are from the reference kernel. */
#include "linkinfo.h"

#include <net/if_arp.h>
#include <string.h>

#include "model.h"

/* IFLA_BR_* / IFLA_BRPORT_* numbers newer than some uapi headers. */
enum {
	BR_MULTI_BOOLOPT = 46, BR_FDB_N_LEARNED = 48, BR_FDB_MAX_LEARNED = 49,
	BRPORT_MRP_RING_OPEN = 35, BRPORT_MRP_IN_OPEN = 36, BRPORT_EHT_HOSTS_LIMIT = 37,
	BRPORT_EHT_HOSTS_CNT = 38, BRPORT_LOCKED = 39, BRPORT_MAB = 40,
	BRPORT_MCAST_N_GROUPS = 41, BRPORT_MCAST_MAX_GROUPS = 42,
	BRPORT_NEIGH_VLAN_SUPPRESS = 43,
};

static const struct vn_li_attr bridge_attrs[] = {
	{ 16, 8, LI_TIMER, "hello_timer", 0 },
	{ 17, 8, LI_TIMER, "tcn_timer", 0 },
	{ 18, 8, LI_TIMER, "topology_change_timer", 0 },
	{ 19, 8, LI_TIMER, "gc_timer", 0 },
	{ 1, 4, LI_NUM, "forward_delay", 1500 },
	{ 2, 4, LI_NUM, "hello_time", 200 },
	{ 3, 4, LI_NUM, "max_age", 2000 },
	{ 4, 4, LI_NUM, "ageing_time", 30000 },
	{ 5, 4, LI_NUM, "stp_state", 0 },
	{ 6, 2, LI_NUM, "priority", 32768 },
	{ 7, 1, LI_NUM, "vlan_filtering", 0 },
	{ 9, 2, LI_HEX, "group_fwd_mask", 0 },
	{ 11, 8, LI_BRID, "bridge_id", 0 },      /* from the address: defaults() */
	{ 10, 8, LI_BRID, "root_id", 0 },
	{ 12, 2, LI_NUM, "root_port", 0 },
	{ 13, 4, LI_NUM, "root_path_cost", 0 },
	{ 14, 1, LI_NUM, "topology_change", 0 },
	{ 15, 1, LI_NUM, "topology_change_detected", 0 },
	{ 20, 6, LI_MAC, "group_addr", 0 },      /* 01:80:c2:00:00:00: defaults() */
	{ BR_MULTI_BOOLOPT, 8, LI_BOOLOPT, NULL, 0 },
	{ BR_FDB_N_LEARNED, 4, LI_NUM, "fdb_n_learned", 0 },
	{ BR_FDB_MAX_LEARNED, 4, LI_NUM, "fdb_max_learned", 0 },
	{ 22, 1, LI_NUM, "mcast_router", 1 },
	{ 23, 1, LI_NUM, "mcast_snooping", 1 },
	{ 24, 1, LI_NUM, "mcast_query_use_ifaddr", 0 },
	{ 25, 1, LI_NUM, "mcast_querier", 0 },
	{ 42, 1, LI_NUM, "mcast_stats_enabled", 0 },
	{ 26, 4, LI_NUM, "mcast_hash_elasticity", 16 },
	{ 27, 4, LI_NUM, "mcast_hash_max", 4096 },
	{ 28, 4, LI_NUM, "mcast_last_member_cnt", 2 },
	{ 29, 4, LI_NUM, "mcast_startup_query_cnt", 2 },
	{ 43, 1, LI_NUM, "mcast_igmp_version", 2 },
	{ 44, 1, LI_NUM, "mcast_mld_version", 1 },
	{ 30, 8, LI_NUM, "mcast_last_member_intvl", 100 },
	{ 31, 8, LI_NUM, "mcast_membership_intvl", 26000 },
	{ 32, 8, LI_NUM, "mcast_querier_intvl", 25500 },
	{ 33, 8, LI_NUM, "mcast_query_intvl", 12500 },
	{ 34, 8, LI_NUM, "mcast_query_response_intvl", 1000 },
	{ 35, 8, LI_NUM, "mcast_startup_query_intvl", 3124 },
	{ 36, 1, LI_NUM, "nf_call_iptables", 0 },
	{ 37, 1, LI_NUM, "nf_call_ip6tables", 0 },
	{ 38, 1, LI_NUM, "nf_call_arptables", 0 },
};

static const struct vn_li_attr bridge_port_attrs[] = {
	{ 1, 1, LI_PORTSTATE, "state", 3 },
	{ 2, 2, LI_NUM, "priority", 32 },
	{ 3, 4, LI_NUM, "cost", 2 },
	{ 4, 1, LI_BOOL, "hairpin", 0 },
	{ 5, 1, LI_BOOL, "guard", 0 },
	{ 6, 1, LI_BOOL, "root_block", 0 },
	{ 7, 1, LI_BOOL, "fastleave", 0 },
	{ 28, 1, LI_BOOL, "mcast_to_unicast", 0 },
	{ 8, 1, LI_BOOL, "learning", 1 },
	{ 9, 1, LI_BOOL, "flood", 1 },
	{ 27, 1, LI_BOOL, "mcast_flood", 1 },
	{ 30, 1, LI_BOOL, "bcast_flood", 1 },
	{ 10, 1, LI_BOOL, "proxy_arp", 0 },
	{ 12, 1, LI_BOOL, "proxy_arp_wifi", 0 },
	{ 13, 8, LI_BRID, "root_id", 0 },        /* the master's: port_defaults() */
	{ 14, 8, LI_BRID, "bridge_id", 0 },
	{ 15, 2, LI_NUM, "designated_port", 0 },
	{ 16, 2, LI_NUM, "designated_cost", 0 },
	{ 17, 2, LI_HEX, "id", 0 },
	{ 18, 2, LI_HEX, "no", 0 },
	{ 19, 1, LI_NUM, "topology_change_ack", 0 },
	{ 20, 1, LI_NUM, "config_pending", 0 },
	{ 29, 1, LI_BOOL, "vlan_tunnel", 0 },
	{ 31, 2, LI_HEX, "group_fwd_mask", 0 },
	{ 32, 1, LI_BOOL, "neigh_suppress", 0 },
	{ BRPORT_MRP_RING_OPEN, 1, LI_NUM, NULL, 0 },
	{ BRPORT_MRP_IN_OPEN, 1, LI_NUM, NULL, 0 },
	{ 33, 1, LI_BOOL, "isolated", 0 },
	{ BRPORT_LOCKED, 1, LI_BOOL, "locked", 0 },
	{ BRPORT_MAB, 1, LI_BOOL, "mab", 0 },
	{ BRPORT_NEIGH_VLAN_SUPPRESS, 1, LI_BOOL, "neigh_vlan_suppress", 0 },
	{ 21, 8, LI_TIMER, "message_age_timer", 0 },
	{ 22, 8, LI_TIMER, "forward_delay_timer", 0 },
	{ 23, 8, LI_TIMER, "hold_timer", 0 },
	{ 25, 1, LI_NUM, "multicast_router", 1 },
	{ BRPORT_EHT_HOSTS_LIMIT, 4, LI_NUM, "mcast_eht_hosts_limit", 512 },
	{ BRPORT_EHT_HOSTS_CNT, 4, LI_NUM, "mcast_eht_hosts_cnt", 0 },
	{ BRPORT_MCAST_N_GROUPS, 4, LI_NUM, "mcast_n_groups", 0 },
	{ BRPORT_MCAST_MAX_GROUPS, 4, LI_NUM, "mcast_max_groups", 0 },
};

/* tun_fill_info; IFLA_TUN_OWNER/GROUP (sent only when set) and the
 * multi-queue counters are not modelled. */
static const struct vn_li_attr tun_attrs[] = {
	{ 3, 1, LI_TUNTYPE, "type", 1 },
	{ 4, 1, LI_BOOL, "pi", 0 },
	{ 5, 1, LI_BOOL, "vnet_hdr", 0 },
	{ 6, 1, LI_BOOL, "persist", 1 },
	{ 7, 1, LI_BOOL, "multi_queue", 0 },
};

#define TABLE(k, a) { k, a, sizeof(a) / sizeof(a[0]) }
static const struct vn_li_table data_tables[] = {
	TABLE("bridge", bridge_attrs),
	TABLE("tun", tun_attrs),
};
static const struct vn_li_table slave_tables[] = {
	TABLE("bridge", bridge_port_attrs),
};

_Static_assert(sizeof(bridge_attrs) / sizeof(bridge_attrs[0]) <= VN_LINKINFO_MAX, "table size");
_Static_assert(sizeof(bridge_port_attrs) / sizeof(bridge_port_attrs[0]) <= VN_LINKINFO_MAX,
	       "table size");

const struct vn_li_table *vn_linkinfo_table(const char *kind, int slave)
{
	const struct vn_li_table *t = slave ? slave_tables : data_tables;
	size_t n = slave ? sizeof(slave_tables) / sizeof(slave_tables[0])
			 : sizeof(data_tables) / sizeof(data_tables[0]);
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].kind, kind) == 0)
			return &t[i];
	return NULL;
}

int vn_linkinfo_index(const struct vn_li_table *t, uint16_t type)
{
	for (size_t i = 0; t && i < t->n; i++)
		if (t->attrs[i].type == type)
			return (int)i;
	return -1;
}

uint64_t vn_linkinfo_brid(uint16_t prio, const uint8_t mac[6])
{
	uint8_t b[8] = { (uint8_t)(prio >> 8), (uint8_t)prio };
	memcpy(b + 2, mac, 6);
	uint64_t v;
	memcpy(&v, b, 8);
	return v;
}

static void set(uint64_t *vals, const struct vn_li_table *t, uint16_t type, uint64_t v)
{
	int i = vn_linkinfo_index(t, type);
	if (i >= 0)
		vals[i] = v;
}

void vn_linkinfo_defaults(struct vn_link *l)
{
	memset(l->info, 0, sizeof(l->info));
	const struct vn_li_table *t = vn_linkinfo_table(l->kind, 0);
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		l->info[i] = t->attrs[i].dflt;
	if (strcmp(l->kind, "bridge") == 0) {
		/* the bridge id is its priority and address (br_stp_change_bridge_id);
		 * a lone bridge is its own root */
		uint64_t id = vn_linkinfo_brid(0x8000, l->addr);
		set(l->info, t, 11, id);
		set(l->info, t, 10, id);
		static const uint8_t stp_group[8] = { 0x01, 0x80, 0xc2 };
		uint64_t g;
		memcpy(&g, stp_group, 8);
		set(l->info, t, 20, g);
	}
}

void vn_linkinfo_port_defaults(struct vn_link *port, const struct vn_link *master,
			       unsigned port_no)
{
	memset(port->slave_info, 0, sizeof(port->slave_info));
	const struct vn_li_table *t = vn_linkinfo_table(master->kind, 1);
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		port->slave_info[i] = t->attrs[i].dflt;
	const struct vn_li_table *bt = vn_linkinfo_table(master->kind, 0);
	int bid = vn_linkinfo_index(bt, 11), rid = vn_linkinfo_index(bt, 10);
	if (bid >= 0 && rid >= 0) {
		set(port->slave_info, t, 13, master->info[rid]);
		set(port->slave_info, t, 14, master->info[bid]);
	}
	/* port id = priority 0x8 in the top nibble, then the number (br_make_port_id) */
	uint64_t id = 0x8000u | (port_no & 0x3ff);
	set(port->slave_info, t, 15, id);
	set(port->slave_info, t, 17, id);
	set(port->slave_info, t, 18, port_no);
	/* a port without carrier is disabled (br_port_carrier_check) */
	if (!(port->flags & IFF_UP) || !(port->flags & IFF_LOWER_UP))
		set(port->slave_info, t, 1, 0);
}

/* What Linux gives a new link of this type and kind (measured on 6.18). */
void vn_link_defaults(struct vn_link *l, int cpus, const char *tun_type)
{
	const char *k = l->kind;
	l->mtu = 1500;
	l->min_mtu = 68;
	l->max_mtu = 65535;
	l->txqlen = 1000;
	l->num_tx_queues = l->num_rx_queues = 1;
	l->gso_max_size = 65536;
	l->gso_max_segs = 65535;
	l->gro_max_size = 65536;
	l->tso_max_size = 65536;
	l->tso_max_segs = 65535;
	l->gso_ipv4_max_size = l->gro_ipv4_max_size = 65536;
	l->link_netnsid = -1;
	strcpy(l->qdisc, "pfifo_fast");   /* net.core.default_qdisc's default */
	if (l->type == ARPHRD_LOOPBACK) {
		l->mtu = 65536;
		l->min_mtu = l->max_mtu = 0;
		l->tso_max_size = 524280;
		strcpy(l->qdisc, "noqueue");
	} else if (strcmp(k, "veth") == 0) {
		/* one queue per possible CPU */
		l->num_tx_queues = l->num_rx_queues = (unsigned)(cpus > 0 ? cpus : 1);
		l->tso_max_size = 524280;
		strcpy(l->qdisc, "noqueue");
	} else if (strcmp(k, "bridge") == 0 || strcmp(k, "bond") == 0 || strcmp(k, "vlan") == 0 ||
		   strcmp(k, "macvlan") == 0 || strcmp(k, "vxlan") == 0 || strcmp(k, "wireguard") == 0) {
		strcpy(l->qdisc, "noqueue");
	} else if (strcmp(k, "dummy") == 0) {
		l->min_mtu = l->max_mtu = 0;
		strcpy(l->qdisc, "noqueue");
	} else if (strcmp(k, "tun") == 0) {
		if (tun_type && strcmp(tun_type, "tap") == 0)
			l->max_mtu = 65521;
		else
			l->txqlen = 500;
	}
	if (l->type == ARPHRD_NONE || l->type == ARPHRD_VOID)
		l->addr_len = 0;
}
