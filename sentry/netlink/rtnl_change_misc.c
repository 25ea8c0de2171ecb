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

/* neigh_add / neigh_delete: liberal (nlmsg_parse_deprecated), then the
 * kernel's order of checks: the address is there, the device exists, its
 * link-layer address is long enough, the family has a table, the address
 * is as long as the table's keys. */
static int neigh(struct rtnl_req *r, bool add)
{
	const struct nlattr *tb[VN_NDA_MAX + 1];
	int err = rtnl_parse(r, sizeof(struct ndmsg), tb, &rtnl_nda_policy, RTNL_PARSE_LIBERAL);
	if (err)
		return err;
	if (!tb[NDA_DST]) {
		r->ack.msg = "Network address not specified";
		return -EINVAL;
	}
	const struct ndmsg *nd = NLMSG_DATA(r->nlh);
	struct vn_neigh n;
	memset(&n, 0, sizeof(n));
	n.family = nd->ndm_family;
	n.ifindex = nd->ndm_ifindex;
	n.state = nd->ndm_state;
	n.flags = nd->ndm_flags & (uint8_t)~NTF_ROUTER;
	n.router = nd->ndm_flags & NTF_ROUTER;
	n.type = RTN_UNICAST;
	const struct vn_link *l = n.ifindex ? vn_link_by_index(r->ctx->model, n.ifindex) : NULL;
	if (n.ifindex && !l)
		return -ENODEV;
	/* NDA_LLADDR: at most MAX_ADDR_LEN (the policy), at least the
	 * device's address */
	if (add && tb[NDA_LLADDR]) {
		size_t len = mnl_attr_get_payload_len(tb[NDA_LLADDR]);
		if (l && len < l->addr_len) {
			r->ack.msg = "Invalid link address";
			return -EINVAL;
		}
		n.lladdr_len = (unsigned)len;
		memcpy(n.lladdr, mnl_attr_get_payload(tb[NDA_LLADDR]), len);
	}
	if (n.family != AF_INET && n.family != AF_INET6)
		return -EAFNOSUPPORT;
	size_t alen = rtnl_addr_len(n.family);
	if (mnl_attr_get_payload_len(tb[NDA_DST]) < alen) {
		r->ack.msg = "Invalid network address";
		return -EINVAL;
	}
	memcpy(n.dst, mnl_attr_get_payload(tb[NDA_DST]), alen);
	if (!l) {
		if (add)
			r->ack.msg = "Device not specified";
		return -EINVAL;
	}
	struct vn_change c;
	change_init(&c, r);
	err = add ? vn_neigh_add(&c, &n) : vn_neigh_del(&c, &n);
	rtnl_extack_msg(&r->ack, c.extack);
	return err;
}

int rtnl_newneigh(struct rtnl_req *r) { return neigh(r, true); }
int rtnl_delneigh(struct rtnl_req *r) { return neigh(r, false); }

/* fib_nl2rule: an address is there, exactly an address long, when the
 * header gives its prefix length (at most the family's bits). */
static int rule_addr(const struct nlattr *a, unsigned plen, size_t alen, uint8_t *out)
{
	if (!plen)
		return 0;
	if (!a || plen > alen * 8 || mnl_attr_get_payload_len(a) != alen)
		return -EINVAL;
	memcpy(out, mnl_attr_get_payload(a), alen);
	return 0;
}

/* fib_newrule / fib_delrule: the header's length, the family, then a
 * liberal parse whose failure keeps its offset and policy but says
 * "Error parsing msg". */
static int rule(struct rtnl_req *r, bool add)
{
	if (r->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct fib_rule_hdr))) {
		r->ack.msg = "Invalid msg length";
		return -EINVAL;
	}
	const struct fib_rule_hdr *frh = NLMSG_DATA(r->nlh);
	if (frh->family != AF_INET && frh->family != AF_INET6) {
		r->ack.msg = "Rule family not supported";
		return -EAFNOSUPPORT;
	}
	const struct nlattr *tb[VN_FRA_MAX + 1];
	int err = rtnl_parse(r, sizeof(*frh), tb, &rtnl_fib_rule_policy, RTNL_PARSE_LIBERAL);
	if (err) {
		r->ack.msg = "Error parsing msg";
		return err;
	}
	struct vn_rule ru;
	memset(&ru, 0, sizeof(ru));
	ru.family = frh->family;
	ru.action = frh->action;
	ru.table = frh->table;
	ru.src_len = frh->src_len;
	ru.dst_len = frh->dst_len;
	ru.suppress_prefixlen = 0xffffffffu;
	ru.flags = frh->flags & FIB_RULE_INVERT;
	size_t alen = rtnl_addr_len(ru.family);
	if (rule_addr(tb[FRA_SRC], ru.src_len, alen, ru.src)) {
		r->ack.msg = "Invalid source address";
		return -EINVAL;
	}
	if (rule_addr(tb[FRA_DST], ru.dst_len, alen, ru.dst)) {
		r->ack.msg = "Invalid dst address";
		return -EINVAL;
	}
	if (tb[FRA_TABLE])
		ru.table = mnl_attr_get_u32(tb[FRA_TABLE]);
	bool has_prio = tb[FRA_PRIORITY];
	if (has_prio)
		ru.priority = mnl_attr_get_u32(tb[FRA_PRIORITY]);
	if (tb[FRA_PROTOCOL])
		ru.protocol = mnl_attr_get_u8(tb[FRA_PROTOCOL]);
	if (tb[FRA_SUPPRESS_PREFIXLEN])
		ru.suppress_prefixlen = mnl_attr_get_u32(tb[FRA_SUPPRESS_PREFIXLEN]);
	if (tb[FRA_FWMARK]) {   /* fib_nl2rule: a mark alone is matched whole */
		ru.fwmark = mnl_attr_get_u32(tb[FRA_FWMARK]);
		ru.fwmask = ru.fwmark ? 0xffffffffu : 0;
	}
	if (tb[FRA_FWMASK])
		ru.fwmask = mnl_attr_get_u32(tb[FRA_FWMASK]);
	struct vn_change c;
	change_init(&c, r);
	if (add) {
		if (ru.action == FR_ACT_TO_TBL && !ru.table) {
			r->ack.msg = "Invalid table";   /* fib4_rule_configure */
			return -EINVAL;
		}
		err = vn_rule_add(&c, &ru, has_prio);
	} else {
		err = vn_rule_del(&c, &ru, has_prio, ru.table != 0);
	}
	rtnl_extack_msg(&r->ack, c.extack);
	return err;
}

int rtnl_newrule(struct rtnl_req *r) { return rule(r, true); }
int rtnl_delrule(struct rtnl_req *r) { return rule(r, false); }
