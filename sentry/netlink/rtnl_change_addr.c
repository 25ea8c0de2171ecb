/* RTM_NEWADDR / RTM_DELADDR: the request read as inet_rtm_newaddr,
 * inet_rtm_deladdr, inet6_rtm_newaddr and inet6_rtm_deladdr read it; the
 * change itself is the model's (model_addr.c). */
#include "model_change.h"

#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <string.h>

#include "rtnl_internal.h"

static bool get_addr(const struct nlattr *a, size_t n, uint8_t *out)
{
	if (!a || mnl_attr_get_payload_len(a) < n)
		return false;
	memcpy(out, mnl_attr_get_payload(a), n);
	return true;
}

struct addr_req {
	struct vn_addr a;
	bool has_local, has_address;
};

static int parse(struct rtnl_req *r, struct addr_req *q)
{
	const struct nlattr *tb[IFA_MAX + 1];
	if (rtnl_parse(r, sizeof(struct ifaddrmsg), tb, IFA_MAX) < 0)
		return -EINVAL;
	const struct ifaddrmsg *ifm = NLMSG_DATA(r->nlh);
	memset(q, 0, sizeof(*q));
	struct vn_addr *a = &q->a;
	a->family = ifm->ifa_family;
	a->prefixlen = ifm->ifa_prefixlen;
	a->scope = ifm->ifa_scope;
	a->ifindex = (int)ifm->ifa_index;
	a->flags = ifm->ifa_flags;
	if (tb[IFA_FLAGS] && mnl_attr_get_payload_len(tb[IFA_FLAGS]) >= 4)
		a->flags = mnl_attr_get_u32(tb[IFA_FLAGS]);
	size_t n = rtnl_addr_len(a->family);
	uint8_t addr[16] = { 0 };
	q->has_local = get_addr(tb[IFA_LOCAL], n, a->local);
	q->has_address = get_addr(tb[IFA_ADDRESS], n, addr);
	if (q->has_local && q->has_address && memcmp(addr, a->local, n)) {
		memcpy(a->peer, addr, n);
		a->has_peer = true;
	} else if (!q->has_local && q->has_address) {
		memcpy(a->local, addr, n);
	}
	if (a->family == AF_INET && get_addr(tb[IFA_BROADCAST], 4, a->broadcast))
		a->has_broadcast = true;
	if (tb[IFA_LABEL]) {
		size_t len = mnl_attr_get_payload_len(tb[IFA_LABEL]);
		if (len >= sizeof(a->label))
			len = sizeof(a->label) - 1;
		memcpy(a->label, mnl_attr_get_payload(tb[IFA_LABEL]), len);
		a->label[strnlen(a->label, len)] = '\0';
	}
	if (tb[IFA_PROTO] && mnl_attr_get_payload_len(tb[IFA_PROTO]) >= 1)
		a->proto = mnl_attr_get_u8(tb[IFA_PROTO]);
	a->valid_lft = a->preferred_lft = VN_INFINITY_LIFE;
	if (tb[IFA_CACHEINFO] && mnl_attr_get_payload_len(tb[IFA_CACHEINFO]) >= sizeof(struct ifa_cacheinfo)) {
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
		r->extack = q.a.family == AF_INET ? "ipv4: Device not found" : NULL;
		return -ENODEV;
	}
	if (!strcmp(q.a.label, l->name))
		q.a.label[0] = '\0';   /* "" follows the link's name */
	struct vn_change c;
	change_init(&c, r);
	err = vn_addr_add(&c, &q.a);
	r->extack = c.extack;
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
	r->extack = c.extack;
	return err;
}
