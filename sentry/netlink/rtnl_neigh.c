/* RTM_GETNEIGH dumps: neigh_fill_info (net/core/neighbour.c). The ARP table
 * is dumped before the IPv6 ND table; AF_UNSPEC dumps both. */
#include "model.h"

#include <errno.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <string.h>

#include "rtnl_internal.h"

void rtnl_fill_neigh(struct nlmsghdr *h, const struct vn_neigh *n)
{
	struct ndmsg *nd = mnl_nlmsg_put_extra_header(h, sizeof(*nd));
	nd->ndm_family = n->family;
	nd->ndm_ifindex = n->ifindex;
	nd->ndm_state = n->state;
	nd->ndm_flags = n->flags | (n->router ? NTF_ROUTER : 0);
	nd->ndm_type = n->type ? n->type : RTN_UNICAST;
	mnl_attr_put(h, NDA_DST, rtnl_addr_len(n->family), n->dst);
	if (n->lladdr_len)
		mnl_attr_put(h, NDA_LLADDR, n->lladdr_len, n->lladdr);
	mnl_attr_put_u32(h, NDA_PROBES, n->probes);
	/* ages in clock ticks; the model's entries are fresh */
	struct nda_cacheinfo ci = { .ndm_confirmed = 0, .ndm_used = 0, .ndm_updated = 0,
				    .ndm_refcnt = 1 };
	mnl_attr_put(h, NDA_CACHEINFO, sizeof(ci), &ci);
}

/* neigh_valid_dump_req under strict checking: a clean ndmsg; NDA_IFINDEX
 * and NDA_MASTER filter. */
int rtnl_dumpneigh(struct rtnl_req *r)
{
	uint8_t family = rtnl_req_family(r->nlh);
	int ifindex = 0;
	if (r->ctx->strict_chk) {
		if (r->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ndmsg))) {
			r->extack = "Invalid header for neighbor dump request";
			return -EINVAL;
		}
		const struct ndmsg *nd = NLMSG_DATA(r->nlh);
		if (nd->ndm_pad1 || nd->ndm_pad2 || nd->ndm_ifindex || nd->ndm_state || nd->ndm_type) {
			r->extack = "Invalid values in header for neighbor dump request";
			return -EINVAL;
		}
		if (nd->ndm_flags & ~NTF_PROXY) {
			r->extack = "Invalid flags in header for neighbor dump request";
			return -EINVAL;
		}
		if (nd->ndm_flags & NTF_PROXY)
			return 0;     /* no proxy entries in the model */
		const struct nlattr *tb[NDA_MAX + 1];
		if (rtnl_parse(r, sizeof(struct ndmsg), tb, NDA_MAX) < 0)
			return -EINVAL;
		if (tb[NDA_IFINDEX] && mnl_attr_get_payload_len(tb[NDA_IFINDEX]) >= 4)
			ifindex = (int)mnl_attr_get_u32(tb[NDA_IFINDEX]);
	}
	static const uint8_t order[] = { AF_INET, AF_INET6 };
	const struct vn_model *m = r->ctx->model;
	for (size_t f = 0; f < sizeof(order); f++) {
		if (family != AF_UNSPEC && family != order[f])
			continue;
		for (size_t i = 0; i < m->nneighs; i++) {
			const struct vn_neigh *n = &m->neighs[i];
			if (n->family != order[f] || (ifindex && n->ifindex != ifindex))
				continue;
			struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWNEIGH, true);
			rtnl_fill_neigh(h, n);
			rtnl_msg_emit(r, h, true);
		}
	}
	return 0;
}
