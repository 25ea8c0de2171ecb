/* RTM_GETMDB dumps (`bridge mdb`): br_mdb_dump, one message per bridge.
 *
 * A br_port_msghdr (family 0, the bridge's ifindex), then MDBA_MDB with an
 * MDBA_MDB_ENTRY per group (newest first), holding an MDBA_MDB_ENTRY_INFO
 * per member: the host first when it joined (port = the bridge), then the
 * ports; each is a struct br_mdb_entry followed by its timer, its source
 * for an (S,G) entry and, for a port, the protocol that added it and, on
 * an IGMPv3/MLDv2 bridge, its source list and filter mode
 * (__mdb_fill_info). A bridge without router ports sends no MDBA_ROUTER
 * (br_rports_fill_info); the model has none. */
#include "model.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_bridge.h>
#include <linux/if_ether.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <string.h>

#include "bridge_model.h"
#include "linkinfo.h"
#include "rtnl_internal.h"

/* struct br_port_msghdr (linux/if_bridge.h; the build's headers may
 * predate it): family, 3 bytes of padding, ifindex */
struct vn_br_port_msghdr {
	uint8_t family;
	uint32_t ifindex;
};

/* the bridge's IFLA_BR_MCAST_IGMP_VERSION (43) or _MLD_VERSION (44) */
static uint64_t br_info(const struct vn_link *br, uint16_t type)
{
	int i = vn_linkinfo_index(vn_linkinfo_table("bridge", 0), type);
	return i >= 0 ? br->info[i] : 0;
}

static bool same_group(const struct vn_mdb *a, const struct vn_mdb *b)
{
	return a->bridge == b->bridge && a->proto == b->proto && a->vid == b->vid &&
	       a->has_src == b->has_src && memcmp(a->grp, b->grp, 16) == 0 &&
	       memcmp(a->src, b->src, 16) == 0;
}

static void put_entry(struct nlmsghdr *h, const struct vn_link *br, const struct vn_mdb *e)
{
	struct nlattr *info = rtnl_nest_start(h, MDBA_MDB_ENTRY_INFO);
	struct br_mdb_entry be;
	memset(&be, 0, sizeof(be));
	be.ifindex = (uint32_t)e->port;
	be.state = e->proto ? e->state : MDB_PERMANENT;   /* a MAC group is always permanent */
	be.flags = e->flags;
	be.vid = e->vid;
	memcpy(&be.addr.u, e->grp, e->proto == ETH_P_IP ? 4 : e->proto == ETH_P_IPV6 ? 16 : 6);
	be.addr.proto = htons(e->proto);
	/* nla_put_nohdr: the struct as the nest's first bytes (28, aligned) */
	memcpy((char *)h + NLMSG_ALIGN(h->nlmsg_len), &be, sizeof(be));
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + NLMSG_ALIGN(sizeof(be));
	mnl_attr_put_u32(h, MDBA_MDB_EATTR_TIMER, e->timer);
	if (e->has_src)
		mnl_attr_put(h, MDBA_MDB_EATTR_SOURCE, e->proto == ETH_P_IP ? 4 : 16, e->src);
	if (e->port != br->ifindex) {
		mnl_attr_put_u8(h, MDBA_MDB_EATTR_RTPROT, e->rtprot);
		bool srcs = (e->proto == ETH_P_IP && br_info(br, 43) == 3) ||
			    (e->proto == ETH_P_IPV6 && br_info(br, 44) == 2);
		if (srcs) {
			/* no source of the model's is listed; (S,G) ports include */
			mnl_attr_nest_end(h, mnl_attr_nest_start(h, MDBA_MDB_EATTR_SRC_LIST));
			mnl_attr_put_u8(h, MDBA_MDB_EATTR_GROUP_MODE, e->has_src ? 1 : 0);
		}
	}
	rtnl_nest_end(h, info);
}

static void fill_bridge(struct nlmsghdr *h, const struct vn_model *m, const struct vn_link *br)
{
	struct vn_br_port_msghdr *bpm = mnl_nlmsg_put_extra_header(h, sizeof(*bpm));
	bpm->ifindex = (uint32_t)br->ifindex;
	struct nlattr *mdb = rtnl_nest_start(h, MDBA_MDB);
	const struct vn_mdb *v = m->br ? m->br->mdbs : NULL;
	size_t n = m->br ? m->br->nmdbs : 0;
	for (size_t i = 0; i < n;) {
		if (v[i].bridge != br->ifindex) {
			i++;
			continue;
		}
		struct nlattr *grp = rtnl_nest_start(h, MDBA_MDB_ENTRY);
		size_t j = i;
		for (; j < n && same_group(&v[i], &v[j]); j++)
			put_entry(h, br, &v[j]);
		rtnl_nest_end(h, grp);
		i = j;
	}
	rtnl_nest_end(h, mdb);
}

/* br_mdb_valid_dump_req, under NETLINK_GET_STRICT_CHK only */
static int valid_dump_req(struct rtnl_req *r)
{
	const struct nlmsghdr *nlh = r->nlh;
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct vn_br_port_msghdr))) {
		r->ack.msg = "bridge: Invalid header for mdb dump request";
		return -EINVAL;
	}
	const struct vn_br_port_msghdr *bpm = NLMSG_DATA(nlh);
	if (bpm->ifindex) {
		r->ack.msg = "bridge: Filtering by device index is not supported for mdb dump request";
		return -EINVAL;
	}
	if (nlh->nlmsg_len > NLMSG_LENGTH(sizeof(*bpm))) {
		r->ack.msg = "Invalid data after header in mdb dump request";
		return -EINVAL;
	}
	return 0;
}

int rtnl_bridge_dumpmdb(struct rtnl_req *r)
{
	if (r->ctx->strict_chk) {
		int err = valid_dump_req(r);
		if (err)
			return err;
	}
	const struct vn_model *m = r->ctx->model;
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct vn_link *l = &m->links[i];
		if (!vn_is_bridge(l))
			continue;
		struct nlmsghdr *h = rtnl_msg_start(r, RTM_GETMDB, true);
		fill_bridge(h, m, l);
		rtnl_msg_emit(r, h, true);
	}
	return 0;
}
