/* AF_BRIDGE link and fdb dumps: `bridge link`, `bridge vlan`, `bridge fdb`.
 *
 * RTM_GETLINK with AF_BRIDGE is rtnl_bridge_getlink: each link that is a
 * bridge port (its master's ndo_bridge_getlink, br_getlink), then each
 * bridge itself when IFLA_EXT_MASK asks for VLAN, MRP or CFM data, as
 * br_fill_ifinfo fills them; a port's IFLA_PROTINFO is the nest its
 * IFLA_INFO_SLAVE_DATA is (br_port_fill_attrs). The model's bridges have
 * no VLANs (a kernel without CONFIG_BRIDGE_VLAN_FILTERING), so the
 * IFLA_AF_SPEC nest is empty and cancelled, as br_fill_ifinfo does.
 *
 * RTM_GETNEIGH with AF_BRIDGE is rtnl_fdb_dump: link by link, a port's
 * entries in its bridge's fdb (br_fdb_dump with the port as filter), then
 * the link's own: a bridge's multicast addresses and its entries without
 * a port, any other Ethernet link's multicast addresses
 * (ndo_dflt_fdb_dump: "self permanent"). */
#include "model.h"

#include <errno.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <net/if_arp.h>
#include <string.h>

#include "bridge_model.h"
#include "linkinfo.h"
#include "mcast.h"
#include "rtnl_internal.h"

#ifndef AF_BRIDGE
#define AF_BRIDGE 7
#endif

/* ---- bridge link ----------------------------------------------------------- */

#define FILTER_BR (RTEXT_FILTER_BRVLAN | RTEXT_FILTER_BRVLAN_COMPRESSED | (1u << 4) /* MRP */ | \
		   (1u << 5) /* CFM_CONFIG */ | (1u << 6) /* CFM_STATUS */)

static void fill_brlink(struct nlmsghdr *h, const struct vn_link *l, const struct vn_link *br,
			bool port)
{
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(h, sizeof(*ifm));
	ifm->ifi_family = AF_BRIDGE;
	ifm->ifi_type = l->type;
	ifm->ifi_index = l->ifindex;
	ifm->ifi_flags = l->flags;
	mnl_attr_put_strz(h, IFLA_IFNAME, l->name);
	mnl_attr_put_u32(h, IFLA_MASTER, (uint32_t)br->ifindex);
	mnl_attr_put_u32(h, IFLA_MTU, l->mtu);
	mnl_attr_put_u8(h, IFLA_OPERSTATE, (l->flags & IFF_UP) ? l->operstate : 2 /* IF_OPER_DOWN */);
	if (l->addr_len)
		mnl_attr_put(h, IFLA_ADDRESS, l->addr_len, l->addr);
	if (l->link && l->link != l->ifindex)
		mnl_attr_put_u32(h, IFLA_LINK, (uint32_t)l->link);
	const struct vn_li_table *t = vn_linkinfo_table(br->kind, 1);
	if (port && t)
		rtnl_put_info_data(h, IFLA_PROTINFO | NLA_F_NESTED, t, l->slave_info);
}

/* valid_bridge_getlink_req: strict, a clean ifinfomsg and IFLA_EXT_MASK
 * alone; otherwise whatever parses (a failure leaves the mask 0). */
static int valid_getlink_req(struct rtnl_req *r, uint32_t *mask)
{
	const struct nlattr *tb[VN_IFLA_MAX + 1];
	int err;
	if (r->ctx->strict_chk) {
		if (r->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg))) {
			r->ack.msg = "Invalid header for bridge link dump";
			return -EINVAL;
		}
		const struct ifinfomsg *ifm = NLMSG_DATA(r->nlh);
		if (ifm->__ifi_pad || ifm->ifi_type || ifm->ifi_flags || ifm->ifi_change ||
		    ifm->ifi_index) {
			r->ack.msg = "Invalid values in header for bridge link dump request";
			return -EINVAL;
		}
		err = rtnl_parse(r, sizeof(*ifm), tb, &rtnl_ifla_policy, RTNL_PARSE_DEPRECATED_STRICT);
	} else {
		err = rtnl_parse(r, sizeof(struct ifinfomsg), tb, &rtnl_ifla_policy, RTNL_PARSE_LIBERAL);
	}
	if (err)
		return err;
	for (int i = 0; i <= VN_IFLA_MAX; i++) {
		if (!tb[i])
			continue;
		if (i == IFLA_EXT_MASK) {
			*mask = mnl_attr_get_u32(tb[i]);
		} else if (r->ctx->strict_chk) {
			r->ack.msg = "Unsupported attribute in bridge link dump request";
			return -EINVAL;
		}
	}
	return 0;
}

int rtnl_bridge_dumplink(struct rtnl_req *r)
{
	uint32_t mask = 0;
	int err = valid_getlink_req(r, &mask);
	if (err && r->ctx->strict_chk)
		return err;
	const struct vn_model *m = r->ctx->model;
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct vn_link *l = &m->links[i];
		const struct vn_link *master = vn_is_bridge_port(m, l) ? vn_link_by_index(m, l->master)
								       : NULL;
		if (master) {
			struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWLINK, true);
			fill_brlink(h, l, master, true);
			rtnl_msg_emit(r, h, true);
		}
		if (vn_is_bridge(l) && (mask & FILTER_BR)) {
			struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWLINK, true);
			fill_brlink(h, l, l, false);
			rtnl_msg_emit(r, h, true);
		}
	}
	return 0;
}

/* ---- bridge fdb ------------------------------------------------------------ */

/* fdb_fill_info */
static void emit_fdb(struct rtnl_req *r, const struct vn_fdb *f)
{
	struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWNEIGH, true);
	struct ndmsg *nd = mnl_nlmsg_put_extra_header(h, sizeof(*nd));
	nd->ndm_family = AF_BRIDGE;
	nd->ndm_ifindex = f->port;
	nd->ndm_state = f->state;
	nd->ndm_flags = f->flags;
	mnl_attr_put(h, NDA_LLADDR, 6, f->mac);
	mnl_attr_put_u32(h, NDA_MASTER, (uint32_t)f->bridge);
	mnl_attr_put_u32(h, NDA_FLAGS_EXT, f->ext_flags);
	struct nda_cacheinfo ci = { .ndm_used = f->used, .ndm_updated = f->updated };
	mnl_attr_put(h, NDA_CACHEINFO, sizeof(ci), &ci);
	if (f->vlan)
		mnl_attr_put_u16(h, NDA_VLAN, f->vlan);
	rtnl_msg_emit(r, h, true);
}

/* The entries of bridge br whose port is port (the bridge itself: those
 * without one), newest first: the model's, then the derived local one,
 * which is older than anything learned on the port since. */
static void dump_br_entries(struct rtnl_req *r, const struct vn_link *br, const struct vn_link *port)
{
	const struct vn_model *m = r->ctx->model;
	for (size_t i = 0; m->br && i < m->br->nfdbs; i++) {
		const struct vn_fdb *f = &m->br->fdbs[i];
		if (f->bridge == br->ifindex && f->port == port->ifindex)
			emit_fdb(r, f);
	}
	bool local = port == br ? vn_fdb_local_bridge(m, br) : vn_fdb_local_port(m, port);
	if (local) {
		struct vn_fdb f = { .bridge = br->ifindex, .port = port->ifindex, .state = NUD_PERMANENT };
		memcpy(f.mac, port->addr, 6);
		emit_fdb(r, &f);
	}
}

/* ndo_dflt_fdb_dump: an Ethernet link's unicast (none in the model) and
 * multicast addresses, as nlmsg_populate_fdb_fill sends them */
static void dump_self(struct rtnl_req *r, const struct vn_link *l)
{
	if (l->type != ARPHRD_ETHER)
		return;
	struct vn_mc_groups g;
	vn_mc_groups(r->ctx->model, l, &g);
	for (size_t k = 0; k < g.ll.n; k++) {
		struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWNEIGH, true);
		struct ndmsg *nd = mnl_nlmsg_put_extra_header(h, sizeof(*nd));
		nd->ndm_family = AF_BRIDGE;
		nd->ndm_ifindex = l->ifindex;
		nd->ndm_state = NUD_PERMANENT;
		nd->ndm_flags = NTF_SELF;
		mnl_attr_put(h, NDA_LLADDR, 6, g.ll.v[k].addr);
		rtnl_msg_emit(r, h, true);
	}
	vn_mc_free(&g);
}

/* valid_fdb_dump_strict, valid_fdb_dump_legacy: which port (ndm_ifindex
 * or NDA_IFINDEX; an ifinfomsg's ifi_index) and which bridge (NDA_MASTER;
 * an ifinfomsg's IFLA_MASTER) the dump is of. */
static int valid_fdb_req(struct rtnl_req *r, int *br_idx, int *port_idx)
{
	const struct nlmsghdr *nlh = r->nlh;
	size_t plen = nlh->nlmsg_len - NLMSG_HDRLEN;
	if (!r->ctx->strict_chk) {
		if (plen == sizeof(struct ndmsg) || plen == sizeof(struct ndmsg) + NLA_HDRLEN + 4)
			return 0;
		const struct nlattr *tb[VN_IFLA_MAX + 1];
		if (rtnl_parse(r, sizeof(struct ifinfomsg), tb, &rtnl_ifla_policy, RTNL_PARSE_LIBERAL) < 0)
			return -EINVAL;
		if (tb[IFLA_MASTER])
			*br_idx = (int)mnl_attr_get_u32(tb[IFLA_MASTER]);
		*port_idx = ((const struct ifinfomsg *)NLMSG_DATA(nlh))->ifi_index;
		return 0;
	}
	if (plen < sizeof(struct ndmsg)) {
		r->ack.msg = "Invalid header for fdb dump request";
		return -EINVAL;
	}
	const struct ndmsg *nd = NLMSG_DATA(nlh);
	if (nd->ndm_pad1 || nd->ndm_pad2 || nd->ndm_state || nd->ndm_flags || nd->ndm_type) {
		r->ack.msg = "Invalid values in header for fdb dump request";
		return -EINVAL;
	}
	static const struct rtnl_policy none[VN_NDA_MAX + 1];
	static const struct rtnl_policy_set any = { none, VN_NDA_MAX, 0 };
	const struct nlattr *tb[VN_NDA_MAX + 1];
	int err = rtnl_parse(r, sizeof(*nd), tb, &any, RTNL_PARSE_DEPRECATED_STRICT);
	if (err)
		return err;
	*port_idx = nd->ndm_ifindex;
	for (int i = 0; i <= VN_NDA_MAX; i++) {
		if (!tb[i])
			continue;
		if (i != NDA_IFINDEX && i != NDA_MASTER) {
			r->ack.msg = "Unsupported attribute in fdb dump request";
			return -EINVAL;
		}
		if (mnl_attr_get_payload_len(tb[i]) != 4) {
			r->ack.msg = i == NDA_IFINDEX ? "Invalid IFINDEX attribute in fdb dump request"
						      : "Invalid MASTER attribute in fdb dump request";
			return -EINVAL;
		}
		*(i == NDA_IFINDEX ? port_idx : br_idx) = (int)mnl_attr_get_u32(tb[i]);
	}
	return 0;
}

int rtnl_bridge_dumpfdb(struct rtnl_req *r)
{
	int br_idx = 0, port_idx = 0;
	int err = valid_fdb_req(r, &br_idx, &port_idx);
	if (err)
		return err;
	const struct vn_model *m = r->ctx->model;
	const struct vn_link *want = NULL;
	if (br_idx && !(want = vn_link_by_index(m, br_idx)))
		return -ENODEV;
	if (want && !vn_is_bridge(want))
		return 0;   /* neither it nor its lowers pass rtnl_fdb_dump's checks */
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct vn_link *l = &m->links[i];
		if (port_idx && l->ifindex != port_idx)
			continue;
		bool port = vn_is_bridge_port(m, l);
		const struct vn_link *br = port ? vn_link_by_index(m, l->master) : NULL;
		if (want && l != want && !(port && br == want))
			continue;   /* only the bridge asked for and its ports */
		if (br)
			dump_br_entries(r, br, l);
		dump_self(r, l);
		if (vn_is_bridge(l))
			dump_br_entries(r, l, l);
	}
	return 0;
}
