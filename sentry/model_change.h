/* Changes to the model, made as Linux makes them (issue #3).
 *
 * Every function checks like the kernel's handler, returns 0 or a negative
 * errno (with *extack set to the kernel's extended-ack text where it has
 * one), and keeps the derived state as the kernel keeps it: kernel routes
 * of addresses, carrier and operstate of veth peers and bridges, IPv6
 * link-local addresses, routes of links that go down.
 *
 * Each change is reported to an optional event sink in the order the
 * kernel sends its notifications (RTM_NEW* / RTM_DEL* with the object as
 * it is, or was, in the model), so the netlink layer can multicast them. */
#ifndef VENEER_MODEL_CHANGE_H
#define VENEER_MODEL_CHANGE_H

#include "model.h"

/* Whom the kernel names as a notification's sender: the requesting
 * socket with the request's seq (rtnl_notify with the request's nlh), the
 * socket alone (neighbours), or nobody (what notifier chains send). */
enum vn_by { VN_BY_KERNEL, VN_BY_REQ, VN_BY_REQ_PID };

struct vn_event {
	uint16_t type;         /* RTM_NEWLINK, RTM_DELADDR, RTM_NEWNETCONF ... */
	const void *obj;       /* struct vn_link / vn_addr / vn_route / vn_neigh /
				* vn_rule (a link for NETCONF), valid for the call only */
	uint16_t nlflags;      /* NLM_F_* the kernel sets on it */
	enum vn_by by;
	uint32_t change;       /* RTM_NEWLINK: ifi_change */
	uint8_t family;        /* RTM_NEWNETCONF: AF_INET or AF_INET6 */
	bool more;             /* the next event's message goes in the same datagram
				* (qdisc_notify's old and new qdisc in one skb) */
};

struct vn_events {
	void (*fn)(void *arg, const struct vn_model *m, const struct vn_event *e);
	void *arg;
};

/* NLM_F_* bits the kernel looks at, as in the request. */
#define VN_F_REPLACE 0x100
#define VN_F_EXCL    0x200
#define VN_F_CREATE  0x400
#define VN_F_APPEND  0x800

struct vn_change {
	struct vn_model *m;
	struct vn_events *ev;      /* NULL: nobody listens */
	unsigned int nlflags;      /* the request's nlmsg_flags */
	const char *extack;        /* out: the kernel's message for an error */
};

/* ---- addresses (model_addr.c) ---- */
/* inet_rtm_newaddr / inet6_rtm_newaddr: a->ifindex, family, prefixlen,
 * local (and peer, broadcast, label, scope, flags) as asked. */
int vn_addr_add(struct vn_change *c, const struct vn_addr *a);
/* inet_rtm_deladdr / inet6_rtm_deladdr: the first address of the link that
 * matches; has_local: match a->local (v4: and a->prefixlen when has_prefix). */
int vn_addr_del(struct vn_change *c, const struct vn_addr *a, bool has_local, bool has_prefix);
/* Kernel routes of link ifindex recomputed after its addresses changed:
 * those the old address set derived and the new one does not are removed,
 * new ones added (before: a copy of m->addrs before the change). */
void vn_addr_rederive(struct vn_change *c, int ifindex, const struct vn_addr *before, size_t nbefore);

/* ---- links (model_link.c; what follows from their state: model_link_state.c) ---- */
struct vn_link_req {
	unsigned int flags, change;   /* ifi_flags / ifi_change */
	const char *name;             /* NULL = unchanged */
	bool has_mtu, has_txqlen, has_master, has_group;
	unsigned int mtu, txqlen, group;
	int master;                   /* 0 = no master */
	unsigned int addr_len;        /* 0 = unchanged */
	const uint8_t *addr;
};
int vn_link_change(struct vn_change *c, int ifindex, const struct vn_link_req *q);
/* A new link of kind "veth" (with its peer), "bridge" or "dummy". name may
 * be "" (the kernel names it kind%d); peer_name likewise for veth. */
int vn_link_create(struct vn_change *c, const char *kind, const char *name,
		   const struct vn_link_req *q, const char *peer_name, const struct vn_link_req *pq);
int vn_link_delete(struct vn_change *c, int ifindex);
/* Carrier, operstate and their consequences for every link, after a change
 * to any of them (a veth's carrier is its peer's state). */
void vn_link_sync(struct vn_change *c);
/* After a write changed the link's disable_ipv6 (dev_disable_change): set,
 * its IPv6 routes and addresses go; cleared, a link that is ready gets
 * its link-local address (::1 for lo) and their routes. */
void vn_link_ipv6_disabled(struct vn_change *c, struct vn_link *l, bool disabled);

/* ---- routes, neighbours, rules (model_fib.c) ---- */
/* fib_table_insert / ip6_route_add. r as asked: table 0 = main. */
int vn_route_add(struct vn_change *c, const struct vn_route *r);
/* fib_table_delete / ip6_route_del: fields left 0 (type, protocol, oif,
 * priority, no gateway/prefsrc; scope RT_SCOPE_NOWHERE) match any. */
int vn_route_del(struct vn_change *c, const struct vn_route *r);
/* fib_check_nh / ip6_validate_gw for one path of r (its oif, gateway):
 * the device the gateway is reached by filled in, RTNH_F_LINKDOWN set. */
int vn_route_check_nexthop(struct vn_change *c, struct vn_route *r);
int vn_neigh_add(struct vn_change *c, const struct vn_neigh *n);
int vn_neigh_del(struct vn_change *c, const struct vn_neigh *n);
/* fib_nl_newrule / fib_nl_delrule; has_priority false: the kernel picks. */
int vn_rule_add(struct vn_change *c, const struct vn_rule *r, bool has_priority);
int vn_rule_del(struct vn_change *c, const struct vn_rule *r, bool has_priority, bool has_table);

/* Derivation of one address's kernel routes (model_route.c), unsorted;
 * the route identity derivation uses to avoid duplicates. */
void vn_model_derive_addr(struct vn_model *m, const struct vn_addr *a);
bool vn_route_same(const struct vn_route *a, const struct vn_route *b);

/* Helpers shared by the three files. vn_change_emit: from the kernel,
 * no flags; vn_change_notify: as described. */
void vn_change_emit(struct vn_change *c, uint16_t type, const void *obj);
void vn_change_notify(struct vn_change *c, const struct vn_event *e);
/* RTM_NEWROUTE of a route the kernel made (with the flags it uses). */
void vn_change_emit_kernel_route(struct vn_change *c, const struct vn_route *r);
void vn_model_remove_route_at(struct vn_change *c, size_t i, bool notify);
void vn_model_remove_addr_at(struct vn_model *m, size_t i);
bool vn_is_local_addr(const struct vn_model *m, uint8_t family, const uint8_t *a);

#endif
