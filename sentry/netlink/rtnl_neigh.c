/* RTM_GETNEIGH dumps: neigh_fill_info (net/core/neighbour.c). The ARP table
 * is dumped before the IPv6 ND table; AF_UNSPEC dumps both. */
#include "model.h"

#include <errno.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <string.h>

#include "rtnl_internal.h"

/* jiffies_to_clock_t(now - then): an age in USER_HZ ticks */
static uint32_t age(const struct vn_model *m, int64_t at)
{
	int64_t a = (int64_t)m->now_cs - at;
	return a < 0 ? 0 : a > UINT32_MAX ? UINT32_MAX : (uint32_t)a;
}

void rtnl_fill_neigh(struct nlmsghdr *h, const struct vn_model *m, const struct vn_neigh *n)
{
	/* ages since the entry was last used, confirmed and updated; a
	 * pending timer holds the one reference an idle entry has beyond
	 * its table's (NUD_IN_TIMER: INCOMPLETE, REACHABLE, DELAY, PROBE) */
	struct nda_cacheinfo ci = { .ndm_used = age(m, n->used_at),
				    .ndm_confirmed = age(m, n->confirmed_at),
				    .ndm_updated = age(m, n->updated_at),
				    .ndm_refcnt = (n->state & (NUD_INCOMPLETE | NUD_REACHABLE |
							      NUD_DELAY | NUD_PROBE)) ? 1 : 0 };
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
	mnl_attr_put(h, NDA_CACHEINFO, sizeof(struct nda_cacheinfo), &ci);
}

/* neigh_valid_dump_req: strict, a clean ndmsg and only the filtering
 * attributes (nlmsg_parse_deprecated_strict); otherwise a liberal parse
 * whose failure is reported and ignored. NDA_IFINDEX and NDA_MASTER
 * filter in both modes (and say so: NLM_F_DUMP_FILTERED). */
static int valid_dump_req(struct rtnl_req *r, int *ifindex, int *master, bool *proxy)
{
	const struct nlmsghdr *nlh = r->nlh;
	const struct ndmsg *nd = NLMSG_DATA(nlh);
	bool has_hdr = nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(struct ndmsg));
	const struct nlattr *tb[VN_NDA_MAX + 1];
	int err;
	*proxy = has_hdr && nd->ndm_flags == NTF_PROXY;
	if (r->ctx->strict_chk) {
		if (!has_hdr) {
			r->ack.msg = "Invalid header for neighbor dump request";
			return -EINVAL;
		}
		if (nd->ndm_pad1 || nd->ndm_pad2 || nd->ndm_ifindex || nd->ndm_state || nd->ndm_type) {
			r->ack.msg = "Invalid values in header for neighbor dump request";
			return -EINVAL;
		}
		if (nd->ndm_flags & ~NTF_PROXY) {
			r->ack.msg = "Invalid flags in header for neighbor dump request";
			return -EINVAL;
		}
		err = rtnl_parse(r, sizeof(*nd), tb, &rtnl_nda_policy, RTNL_PARSE_DEPRECATED_STRICT);
	} else {
		err = rtnl_parse(r, sizeof(*nd), tb, &rtnl_nda_policy, RTNL_PARSE_LIBERAL);
	}
	if (err)
		return err;
	for (int i = 0; i <= VN_NDA_MAX; i++) {
		if (!tb[i])
			continue;
		if (i == NDA_IFINDEX) {
			*ifindex = (int)mnl_attr_get_u32(tb[i]);
		} else if (i == NDA_MASTER) {
			*master = (int)mnl_attr_get_u32(tb[i]);
		} else if (r->ctx->strict_chk) {
			r->ack.msg = "Unsupported attribute in neighbor dump request";
			return -EINVAL;
		}
	}
	return 0;
}

int rtnl_dumpneigh(struct rtnl_req *r)
{
	uint8_t family = rtnl_req_family(r->nlh);
	int ifindex = 0, master = 0;
	bool proxy = false;
	int err = valid_dump_req(r, &ifindex, &master, &proxy);
	if (err && r->ctx->strict_chk)
		return err;
	if (proxy)
		return 0;     /* no proxy entries in the model */
	uint16_t filtered = ifindex || master ? NLM_F_DUMP_FILTERED : 0;
	static const uint8_t order[] = { AF_INET, AF_INET6 };
	const struct vn_model *m = r->ctx->model;
	for (size_t f = 0; f < sizeof(order); f++) {
		if (family != AF_UNSPEC && family != order[f])
			continue;
		for (size_t i = 0; i < m->nneighs; i++) {
			const struct vn_neigh *n = &m->neighs[i];
			if (n->family != order[f] || (ifindex && n->ifindex != ifindex))
				continue;
			if (master) {
				const struct vn_link *l = vn_link_by_index(m, n->ifindex);
				if (!l || l->master != master)
					continue;
			}
			struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWNEIGH, true);
			h->nlmsg_flags |= filtered;
			rtnl_fill_neigh(h, m, n);
			rtnl_msg_emit(r, h, true);
		}
	}
	return 0;
}
