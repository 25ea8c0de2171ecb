/* What a link's kind adds to its device directory: bridge/, brif/ and
 * brforward of a bridge (net/bridge/br_sysfs_br.c), brport/ of its ports
 * (br_sysfs_if.c), tun_flags, owner and group of a tun or tap
 * (drivers/net/tun.c), for Linux 6.18 built without bridge VLAN filtering
 * (as the kernel the model is checked on: no vlan_* files).
 *
 * The values are the link's IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA rows
 * (linkinfo.h), so that sysfs and `ip -d link` agree. */
#include "sys_net.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../linkinfo.h"

enum fmt { F_DEC, F_HEX, F_BRID, F_MAC, F_BOOLOPT0 };

/* A file of bridge/ or brport/ and the linkinfo row it shows. type 0:
 * write-only (flush), which an open for reading fails with EACCES. */
struct kind_attr {
	const char *name;
	unsigned mode;
	uint16_t type;     /* IFLA_BR_* / IFLA_BRPORT_* */
	enum fmt fmt;
};

static const struct kind_attr bridge_attrs[] = {
	{ "forward_delay", 0644, 1, F_DEC },
	{ "hello_time", 0644, 2, F_DEC },
	{ "max_age", 0644, 3, F_DEC },
	{ "ageing_time", 0644, 4, F_DEC },
	{ "stp_state", 0644, 5, F_DEC },
	{ "group_fwd_mask", 0644, 9, F_HEX },
	{ "priority", 0644, 6, F_DEC },
	{ "bridge_id", 0444, 11, F_BRID },
	{ "root_id", 0444, 10, F_BRID },
	{ "root_path_cost", 0444, 13, F_DEC },
	{ "root_port", 0444, 12, F_DEC },
	{ "topology_change", 0444, 14, F_DEC },
	{ "topology_change_detected", 0444, 15, F_DEC },
	{ "hello_timer", 0444, 16, F_DEC },
	{ "tcn_timer", 0444, 17, F_DEC },
	{ "topology_change_timer", 0444, 18, F_DEC },
	{ "gc_timer", 0444, 19, F_DEC },
	{ "group_addr", 0644, 20, F_MAC },
	{ "flush", 0200, 0, F_DEC },
	{ "no_linklocal_learn", 0644, 46 /* IFLA_BR_MULTI_BOOLOPT */, F_BOOLOPT0 },
	{ "multicast_router", 0644, 22, F_DEC },
	{ "multicast_snooping", 0644, 23, F_DEC },
	{ "multicast_querier", 0644, 25, F_DEC },
	{ "multicast_query_use_ifaddr", 0644, 24, F_DEC },
	{ "hash_elasticity", 0644, 26, F_DEC },
	{ "hash_max", 0644, 27, F_DEC },
	{ "multicast_last_member_count", 0644, 28, F_DEC },
	{ "multicast_startup_query_count", 0644, 29, F_DEC },
	{ "multicast_last_member_interval", 0644, 30, F_DEC },
	{ "multicast_membership_interval", 0644, 31, F_DEC },
	{ "multicast_querier_interval", 0644, 32, F_DEC },
	{ "multicast_query_interval", 0644, 33, F_DEC },
	{ "multicast_query_response_interval", 0644, 34, F_DEC },
	{ "multicast_startup_query_interval", 0644, 35, F_DEC },
	{ "multicast_stats_enabled", 0644, 42, F_DEC },
	{ "multicast_igmp_version", 0644, 43, F_DEC },
	{ "multicast_mld_version", 0644, 44, F_DEC },
	{ "nf_call_iptables", 0644, 36, F_DEC },
	{ "nf_call_ip6tables", 0644, 37, F_DEC },
	{ "nf_call_arptables", 0644, 38, F_DEC },
};

static const struct kind_attr port_attrs[] = {
	{ "path_cost", 0644, 3, F_DEC },
	{ "priority", 0644, 2, F_DEC },
	{ "port_id", 0444, 17, F_HEX },
	{ "port_no", 0444, 18, F_HEX },
	{ "designated_root", 0444, 13, F_BRID },
	{ "designated_bridge", 0444, 14, F_BRID },
	{ "designated_port", 0444, 15, F_DEC },
	{ "designated_cost", 0444, 16, F_DEC },
	{ "state", 0444, 1, F_DEC },
	{ "change_ack", 0444, 19, F_DEC },
	{ "config_pending", 0444, 20, F_DEC },
	{ "message_age_timer", 0444, 21, F_DEC },
	{ "forward_delay_timer", 0444, 22, F_DEC },
	{ "hold_timer", 0444, 23, F_DEC },
	{ "flush", 0200, 0, F_DEC },
	{ "hairpin_mode", 0644, 4, F_DEC },
	{ "bpdu_guard", 0644, 5, F_DEC },
	{ "root_block", 0644, 6, F_DEC },
	{ "learning", 0644, 8, F_DEC },
	{ "unicast_flood", 0644, 9, F_DEC },
	{ "multicast_router", 0644, 25, F_DEC },
	{ "multicast_fast_leave", 0644, 7, F_DEC },
	{ "multicast_to_unicast", 0644, 28, F_DEC },
	{ "proxyarp", 0644, 10, F_DEC },
	{ "proxyarp_wifi", 0644, 12, F_DEC },
	{ "multicast_flood", 0644, 27, F_DEC },
	{ "broadcast_flood", 0644, 30, F_DEC },
	{ "group_fwd_mask", 0644, 31, F_HEX },
	{ "neigh_suppress", 0644, 32, F_DEC },
	{ "isolated", 0644, 33, F_DEC },
};

static void show_value(struct buf *out, enum fmt fmt, uint64_t v)
{
	uint8_t b[8];
	memcpy(b, &v, 8);
	switch (fmt) {
	case F_DEC:
		buf_printf(out, "%llu\n", (unsigned long long)v);
		break;
	case F_HEX:   /* "%#x" and "0x%x": Linux prints 0 as 0x0 */
		buf_printf(out, "0x%llx\n", (unsigned long long)v);
		break;
	case F_BRID:  /* br_show_bridge_id */
		buf_printf(out, "%02x%02x.%02x%02x%02x%02x%02x%02x\n", b[0], b[1], b[2], b[3], b[4],
			   b[5], b[6], b[7]);
		break;
	case F_MAC:
		buf_printf(out, "%02x:%02x:%02x:%02x:%02x:%02x\n", b[0], b[1], b[2], b[3], b[4], b[5]);
		break;
	case F_BOOLOPT0: /* BR_BOOLOPT_NO_LL_LEARN, bit 0 of the options */
		buf_printf(out, "%d\n", (int)(v & 1));
		break;
	}
}

static void kind_attrs(struct sys_tree *t, const char *dir, const struct kind_attr *a, size_t n,
		       const struct vn_li_table *table, const uint64_t *vals)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		buf_reset(&b);
		int row = a[i].type ? vn_linkinfo_index(table, a[i].type) : -1;
		if (a[i].type && row < 0)
			continue;   /* a row the model's kernel has not */
		if (row >= 0)
			show_value(&b, a[i].fmt, vals[row]);
		sys_file(t, a[i].mode, &b, row < 0 ? EACCES : 0, "%s/%s", dir, a[i].name);
	}
	buf_free(&b);
}

/* brforward: struct __fdb_entry (16 bytes) for each entry of the
 * forwarding database that has a port (br_fdb_fillbuf): the model keeps
 * none it learned, only each port's own address (local, permanent), newest
 * port first as the hash chains hold them. */
static void brforward(struct sys_tree *t, const struct sys_netdev *x, const char *dir,
		      const struct vn_li_table *pt)
{
	struct buf b;
	buf_init(&b);
	int no_row = vn_linkinfo_index(pt, 18 /* IFLA_BRPORT_NO */);
	for (size_t i = x->m->nlinks; i > 0; i--) {
		const struct vn_link *p = &x->m->links[i - 1];
		if (p->master != x->l->ifindex || p->addr_len != 6)
			continue;
		unsigned no = no_row >= 0 ? (unsigned)p->slave_info[no_row] : 0;
		uint8_t e[16] = { 0 };
		memcpy(e, p->addr, 6);
		e[6] = (uint8_t)no;
		e[7] = 1;                    /* is_local */
		e[12] = (uint8_t)(no >> 8);  /* port_hi */
		buf_append(&b, e, sizeof(e));
	}
	sys_file(t, 0444, &b, 0, "%s/brforward", dir);
	buf_free(&b);
}

static void bridge(struct sys_tree *t, const struct sys_netdev *x, const char *dir)
{
	const struct vn_li_table *bt = vn_linkinfo_table("bridge", 0);
	const struct vn_li_table *pt = vn_linkinfo_table("bridge", 1);
	char sub[512];
	snprintf(sub, sizeof(sub), "%s/bridge", dir);
	sys_dir(t, "%s", sub);
	kind_attrs(t, sub, bridge_attrs, sizeof(bridge_attrs) / sizeof(bridge_attrs[0]), bt,
		   x->l->info);
	sys_dir(t, "%s/brif", dir);
	for (size_t i = 0; i < x->m->nlinks; i++) {
		const struct vn_link *p = &x->m->links[i];
		if (p->master != x->l->ifindex)
			continue;
		char target[64];
		snprintf(target, sizeof(target), "../../%s/brport", p->name);
		sys_link(t, target, "%s/brif/%s", dir, p->name);
	}
	brforward(t, x, dir, pt);
}

static void bridge_port(struct sys_tree *t, const struct sys_netdev *x, const char *dir,
			const struct vn_link *master)
{
	const struct vn_li_table *pt = vn_linkinfo_table("bridge", 1);
	char sub[512], target[64];
	snprintf(sub, sizeof(sub), "%s/brport", dir);
	sys_dir(t, "%s", sub);
	kind_attrs(t, sub, port_attrs, sizeof(port_attrs) / sizeof(port_attrs[0]), pt,
		   x->l->slave_info);
	sys_printf(t, 0644, sub, "backup_port", "%s", "");   /* none */
	snprintf(target, sizeof(target), "../../%s", master->name);
	sys_link(t, target, "%s/brport/bridge", dir);
}

/* tun_flags: the type and the features tun_set_iff stored (IFF_NO_PI
 * unless pi, IFF_VNET_HDR, IFF_MULTI_QUEUE, IFF_PERSIST); owner and group
 * -1: the model keeps none (ip tuntap add without user/group) */
static void tun(struct sys_tree *t, const struct sys_netdev *x, const char *dir)
{
	const struct vn_li_table *tt = vn_linkinfo_table("tun", 0);
	static const struct {
		uint16_t type;
		unsigned flag;   /* when set; IFF_NO_PI when pi is not */
	} rows[] = { { 3, 0 }, { 4, 0x1000 }, { 5, 0x4000 }, { 6, 0x800 }, { 7, 0x100 } };
	unsigned flags = 0;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int r = vn_linkinfo_index(tt, rows[i].type);
		uint64_t v = r >= 0 ? x->l->info[r] : 0;
		if (rows[i].type == 3)
			flags |= (unsigned)v & 3;                    /* IFF_TUN / IFF_TAP */
		else if (rows[i].type == 4)
			flags |= v ? 0 : rows[i].flag;
		else if (v)
			flags |= rows[i].flag;
	}
	sys_printf(t, 0444, dir, "tun_flags", "0x%x\n", flags);
	sys_printf(t, 0444, dir, "owner", "-1\n");
	sys_printf(t, 0444, dir, "group", "-1\n");
}

void sys_render_net_kind(const struct sys_netdev *x, struct sys_tree *t, const char *dir)
{
	if (strcmp(x->l->kind, "bridge") == 0)
		bridge(t, x, dir);
	else if (strcmp(x->l->kind, "tun") == 0)
		tun(t, x, dir);
	const struct vn_link *master = x->l->master ? vn_link_by_index(x->m, x->l->master) : NULL;
	if (master && strcmp(master->kind, "bridge") == 0)
		bridge_port(t, x, dir, master);
}
