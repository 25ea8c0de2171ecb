/* RTM_NEWADDR / RTM_DELADDR: the request read as inet_rtm_newaddr,
 * inet_rtm_deladdr, inet6_rtm_newaddr and inet6_rtm_deladdr read it; the
 * change itself is the model's (model_addr.c). */
#include "model_change.h"

#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <stdio.h>
#include <string.h>

#include "rtnl_internal.h"

static void get_addr(const struct nlattr *a, size_t n, uint8_t *out)
{
	memcpy(out, mnl_attr_get_payload(a), n);
}

struct addr_req {
	struct vn_addr a;
	bool has_local, has_address;
};

/* All four parse liberally (nlmsg_parse_deprecated), each family with its
 * policy: an IPv4 address is a u32, an IPv6 one at least 16 bytes, so an
 * attribute present is long enough to read. */
static int parse(struct rtnl_req *r, struct addr_req *q)
{
	const struct nlattr *tb[VN_IFA_MAX + 1];
	bool v4 = rtnl_req_family(r->nlh) == AF_INET;
	int err = rtnl_parse(r, sizeof(struct ifaddrmsg), tb,
			     v4 ? &rtnl_ifa_ipv4_policy : &rtnl_ifa_ipv6_policy, RTNL_PARSE_LIBERAL);
	if (err)
		return err;
	const struct ifaddrmsg *ifm = NLMSG_DATA(r->nlh);
	memset(q, 0, sizeof(*q));
	struct vn_addr *a = &q->a;
	a->family = ifm->ifa_family;
	a->prefixlen = ifm->ifa_prefixlen;
	a->scope = ifm->ifa_scope;
	a->ifindex = (int)ifm->ifa_index;
	a->flags = ifm->ifa_flags;
	if (tb[IFA_FLAGS])
		a->flags = mnl_attr_get_u32(tb[IFA_FLAGS]);
	size_t n = rtnl_addr_len(a->family);
	uint8_t addr[16] = { 0 };
	if ((q->has_local = tb[IFA_LOCAL]))
		get_addr(tb[IFA_LOCAL], n, a->local);
	if ((q->has_address = tb[IFA_ADDRESS]))
		get_addr(tb[IFA_ADDRESS], n, addr);
	if (q->has_local && q->has_address && memcmp(addr, a->local, n)) {
		memcpy(a->peer, addr, n);
		a->has_peer = true;
	} else if (!q->has_local && q->has_address) {
		memcpy(a->local, addr, n);
	}
	if (v4 && tb[IFA_BROADCAST]) {
		get_addr(tb[IFA_BROADCAST], 4, a->broadcast);
		a->has_broadcast = true;
	}
	/* only IPv4 keeps a label (nla_strscpy: at most 15 bytes, the policy
	 * saw to that); IPv6 ignores IFA_LABEL whatever it holds */
	if (v4 && tb[IFA_LABEL])
		snprintf(a->label, sizeof(a->label), "%.*s",
			 (int)mnl_attr_get_payload_len(tb[IFA_LABEL]),
			 (const char *)mnl_attr_get_payload(tb[IFA_LABEL]));
	if (tb[VN_IFA_PROTO])
		a->proto = mnl_attr_get_u8(tb[VN_IFA_PROTO]);
	a->valid_lft = a->preferred_lft = VN_INFINITY_LIFE;
	if (tb[IFA_CACHEINFO]) {
		const struct ifa_cacheinfo *ci = mnl_attr_get_payload(tb[IFA_CACHEINFO]);
		if (!ci->ifa_valid || ci->ifa_prefered > ci->ifa_valid)
			return -EINVAL;
		a->valid_lft = ci->ifa_valid;
		a->preferred_lft = ci->ifa_prefered;
	}
	return 0;
}

static void change_init(struct vn_change *c, struct rtnl_req *r)
{
	memset(c, 0, sizeof(*c));
	c->m = r->ctx->model;
	c->ev = r->ctx->events;
	c->nlflags = r->nlh->nlmsg_flags;
}

int rtnl_newaddr(struct rtnl_req *r)
{
	struct addr_req q;
	int err = parse(r, &q);
	if (err)
		return err;
	if (!q.has_local && !q.has_address)
		return -EINVAL;
	const struct vn_link *l = vn_link_by_index(r->ctx->model, q.a.ifindex);
	if (!l) {
		r->ack.msg = q.a.family == AF_INET ? "ipv4: Device not found" : NULL;
		return -ENODEV;
	}
	if (!strcmp(q.a.label, l->name))
		q.a.label[0] = '\0';   /* "" follows the link's name */
	struct vn_change c;
	change_init(&c, r);
	err = vn_addr_add(&c, &q.a);
	rtnl_extack_msg(&r->ack, c.extack);
	return err;
}

int rtnl_deladdr(struct rtnl_req *r)
{
	struct addr_req q;
	int err = parse(r, &q);
	if (err)
		return err;
	const struct vn_link *l = vn_link_by_index(r->ctx->model, q.a.ifindex);
	if (q.a.family == AF_INET6 && !q.has_local && !q.has_address)
		return -EINVAL;
	if (!l)
		return -ENODEV;
	if (!strcmp(q.a.label, l->name))
		q.a.label[0] = '\0';
	struct vn_change c;
	change_init(&c, r);
	/* IFA_LOCAL names the address; IFA_ADDRESS with the prefix length
	 * names its subnet (inet_rtm_deladdr) */
	bool by_local = q.has_local || (q.has_address && q.a.family == AF_INET6);
	if (q.a.family == AF_INET && !q.has_local && q.has_address)
		q.a.has_peer = false;
	err = vn_addr_del(&c, &q.a, by_local, q.has_address);
	rtnl_extack_msg(&r->ack, c.extack);
	return err;
}
