/* Kind-specific link attributes: IFLA_INFO_DATA of bridge and tun links and
 * IFLA_INFO_SLAVE_DATA of bridge ports.
 *
 * Each kind has one table, in the order a 6.18 kernel emits the attributes
 * (br_fill_info, br_port_fill_attrs, tun_fill_info). A link keeps one value
 * per row (vn_link.info / vn_link.slave_info, indexed like the table), so
 * the scenario loader, the netlink renderer and the model's changes share
 * one description instead of three. */
#ifndef VENEER_LINKINFO_H
#define VENEER_LINKINFO_H

#include <stddef.h>
#include <stdint.h>

struct vn_link;

/* How a value is sent (its payload size) and how iproute2 prints it in -j. */
enum vn_li_style {
	LI_NUM,       /* integer */
	LI_BOOL,      /* true/false (ports' on/off flags); numbers accepted too */
	LI_TIMER,     /* centiseconds, printed as seconds with two decimals */
	LI_HEX,       /* integer printed as a "%#x" string */
	LI_BRID,      /* struct ifla_bridge_id: "8000.52:54:0:12:34:56" */
	LI_MAC,       /* 6 bytes: "01:80:c2:00:00:00" */
	LI_PORTSTATE, /* BR_STATE_*: "forwarding", ... */
	LI_TUNTYPE,   /* IFF_TUN / IFF_TAP: "tun", "tap" */
	LI_BOOLOPT,   /* struct br_boolopt_multi; value = optval */
};

struct vn_li_attr {
	uint16_t type;        /* IFLA_BR_* / IFLA_BRPORT_* / IFLA_TUN_* */
	uint8_t size;         /* payload bytes: 1, 2, 4, 8 (6 for LI_MAC) */
	uint8_t style;        /* enum vn_li_style */
	const char *json;     /* key in iproute2's -j output, NULL = not printed */
	uint64_t dflt;        /* a new link's value */
};

struct vn_li_table {
	const char *kind;
	const struct vn_li_attr *attrs;
	size_t n;
};

/* The table of a kind's IFLA_INFO_DATA (slave = false) or of its ports'
 * IFLA_INFO_SLAVE_DATA (slave = true); NULL when the model has none. */
const struct vn_li_table *vn_linkinfo_table(const char *kind, int slave);

/* Row index of an attribute type in a table, -1 if absent. */
int vn_linkinfo_index(const struct vn_li_table *t, uint16_t type);

/* A new link of l->kind: its data values, bridge ids from its address. */
void vn_linkinfo_defaults(struct vn_link *l);
/* A new port of bridge master, numbered port_no: its slave data. */
void vn_linkinfo_port_defaults(struct vn_link *port, const struct vn_link *master,
			       unsigned port_no);

/* What Linux gives a new link of l->type and l->kind (mtu and its bounds,
 * queues, GSO/GRO/TSO limits, txqlen, the qdisc it runs once up);
 * tun_type "tap" or "tun" for tun links. */
void vn_link_defaults(struct vn_link *l, int cpus, const char *tun_type);

/* Put an 8-byte struct ifla_bridge_id (priority, address) into a value. */
uint64_t vn_linkinfo_brid(uint16_t prio, const uint8_t mac[6]);

/* Fill vals (indexed like t) from iproute2's -j object for it ("info_data"
 * or "info_slave_data"); keys it lacks keep their value, keys the table does
 * not know are ignored. 0, or -1 with *key the offending key and *expected
 * what its value should have been. */
struct json_t;
int vn_linkinfo_from_json(const struct vn_li_table *t, uint64_t *vals,
			  const struct json_t *o, const char **key, const char **expected);

#endif
