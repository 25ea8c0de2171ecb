/* RTM_NEWNEIGH / RTM_DELNEIGH (neigh_add, neigh_delete) and RTM_NEWRULE /
 * RTM_DELRULE (fib_nl_newrule, fib_nl_delrule): the request read as the
 * kernel reads it; the change is the model's (model_fib.c). */
#include "model_change.h"

#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <string.h>

#include "rtnl_internal.h"

static void change_init(struct vn_change *c, struct rtnl_req *r)
{
	memset(c, 0, sizeof(*c));
	c->m = r->ctx->model;
	c->ev = r->ctx->events;
	c->nlflags = r->nlh->nlmsg_flags;
}

static int neigh(struct rtnl_req *r, bool add)
{
	const struct nlattr *tb[NDA_MAX + 1];
	if (rtnl_parse(r, sizeof(struct ndmsg), tb, NDA_MAX) < 0)
		return -EINVAL;
	const struct ndmsg *nd = NLMSG_DATA(r->nlh);
	struct vn_neigh n;
	memset(&n, 0, sizeof(n));
	n.family = nd->ndm_family;
	n.ifindex = nd->ndm_ifindex;
	n.state = nd->ndm_state;
	n.flags = nd->ndm_flags & (uint8_t)~NTF_ROUTER;
	n.router = nd->ndm_flags & NTF_ROUTER;
	n.type = RTN_UNICAST;
	if (n.family != AF_INET && n.family != AF_INET6)
		return -EAFNOSUPPORT;
	const struct vn_link *l = n.ifindex ? vn_link_by_index(r->ctx->model, n.ifindex) : NULL;
	if (n.ifindex && !l)
		return -ENODEV;
	size_t alen = rtnl_addr_len(n.family);
	if (!tb[NDA_DST] || mnl_attr_get_payload_len(tb[NDA_DST]) < alen) {
		r->extack = "Network address not specified";
		return -EINVAL;
	}
	memcpy(n.dst, mnl_attr_get_payload(tb[NDA_DST]), alen);
	if (tb[NDA_LLADDR]) {
		size_t len = mnl_attr_get_payload_len(tb[NDA_LLADDR]);
		if (l && len < l->addr_len) {
			r->extack = "Invalid link address";
			return -EINVAL;
		}
		n.lladdr_len = (unsigned)(len > VN_MAX_ADDR_LEN ? VN_MAX_ADDR_LEN : len);
		memcpy(n.lladdr, mnl_attr_get_payload(tb[NDA_LLADDR]), n.lladdr_len);
	}
	if (!l) {
		r->extack = "Device not specified";
		return -EINVAL;
	}
	struct vn_change c;
	change_init(&c, r);
	int err = add ? vn_neigh_add(&c, &n) : vn_neigh_del(&c, &n);
	r->extack = c.extack;
	return err;
}

int rtnl_newneigh(struct rtnl_req *r) { return neigh(r, true); }
int rtnl_delneigh(struct rtnl_req *r) { return neigh(r, false); }

static int rule(struct rtnl_req *r, bool add)
{
	const struct nlattr *tb[FRA_MAX + 1];
	if (rtnl_parse(r, sizeof(struct fib_rule_hdr), tb, FRA_MAX) < 0)
		return -EINVAL;
	const struct fib_rule_hdr *frh = NLMSG_DATA(r->nlh);
	struct vn_rule ru;
	memset(&ru, 0, sizeof(ru));
	ru.family = frh->family;
	ru.action = frh->action;
	ru.table = frh->table;
	ru.src_len = frh->src_len;
	ru.dst_len = frh->dst_len;
	ru.suppress_prefixlen = 0xffffffffu;
	if (ru.family != AF_INET && ru.family != AF_INET6)
		return -EAFNOSUPPORT;
	size_t alen = rtnl_addr_len(ru.family);
	if (ru.src_len > alen * 8 || ru.dst_len > alen * 8)
		return -EINVAL;
	if (tb[FRA_TABLE] && mnl_attr_get_payload_len(tb[FRA_TABLE]) >= 4)
		ru.table = mnl_attr_get_u32(tb[FRA_TABLE]);
	bool has_prio = tb[FRA_PRIORITY] && mnl_attr_get_payload_len(tb[FRA_PRIORITY]) >= 4;
	if (has_prio)
		ru.priority = mnl_attr_get_u32(tb[FRA_PRIORITY]);
	if (tb[FRA_SRC] && mnl_attr_get_payload_len(tb[FRA_SRC]) >= alen)
		memcpy(ru.src, mnl_attr_get_payload(tb[FRA_SRC]), alen);
	if (tb[FRA_DST] && mnl_attr_get_payload_len(tb[FRA_DST]) >= alen)
		memcpy(ru.dst, mnl_attr_get_payload(tb[FRA_DST]), alen);
	if (tb[FRA_PROTOCOL] && mnl_attr_get_payload_len(tb[FRA_PROTOCOL]) >= 1)
		ru.protocol = mnl_attr_get_u8(tb[FRA_PROTOCOL]);
	if (tb[FRA_SUPPRESS_PREFIXLEN] && mnl_attr_get_payload_len(tb[FRA_SUPPRESS_PREFIXLEN]) >= 4)
		ru.suppress_prefixlen = mnl_attr_get_u32(tb[FRA_SUPPRESS_PREFIXLEN]);
	struct vn_change c;
	change_init(&c, r);
	int err;
	if (add) {
		if (ru.action == FR_ACT_TO_TBL && !ru.table) {
			r->extack = "Invalid table";   /* fib4_rule_configure */
			return -EINVAL;
		}
		err = vn_rule_add(&c, &ru, has_prio);
	} else {
		err = vn_rule_del(&c, &ru, has_prio, ru.table != 0);
	}
	r->extack = c.extack;
	return err;
}

int rtnl_newrule(struct rtnl_req *r) { return rule(r, true); }
int rtnl_delrule(struct rtnl_req *r) { return rule(r, false); }
