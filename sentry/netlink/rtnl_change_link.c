/* RTM_NEWLINK / RTM_SETLINK / RTM_DELLINK read as rtnl_newlink,
 * rtnl_setlink and rtnl_dellink read them: the device by ifi_index, else by
 * IFLA_IFNAME; an unknown device is ENODEV unless NLM_F_CREATE asks for a
 * new one of IFLA_INFO_KIND (a veth's peer in VETH_INFO_PEER, itself an
 * ifinfomsg with attributes). The changes are the model's (model_link.c). */
#include "model_change.h"

#include <errno.h>
#include <linux/if_link.h>
#include <linux/veth.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <stdio.h>
#include <string.h>

#include "rtnl_internal.h"

struct link_req {
	int ifindex;
	char name[IFNAMSIZ];
	bool has_name;
	char kind[16];
	struct vn_link_req q;
	uint8_t addr[VN_MAX_ADDR_LEN];
	/* a veth's peer */
	bool has_peer;
	char peer_name[IFNAMSIZ];
	struct vn_link_req pq;
	uint8_t peer_addr[VN_MAX_ADDR_LEN];
};

static void get_str(const struct nlattr *a, char *out, size_t size)
{
	size_t n = mnl_attr_get_payload_len(a);
	if (n >= size)
		n = size - 1;
	memcpy(out, mnl_attr_get_payload(a), n);
	out[n] = '\0';
}

static bool get_u32(const struct nlattr *a, unsigned int *out)
{
	if (!a || mnl_attr_get_payload_len(a) < 4)
		return false;
	*out = mnl_attr_get_u32(a);
	return true;
}

/* The attributes do_setlink applies, from tb into q. */
static int read_attrs(const struct nlattr *const *tb, struct vn_link_req *q, uint8_t *addr)
{
	q->has_mtu = get_u32(tb[IFLA_MTU], &q->mtu);
	q->has_txqlen = get_u32(tb[IFLA_TXQLEN], &q->txqlen);
	q->has_group = get_u32(tb[IFLA_GROUP], &q->group);
	unsigned int master;
	if ((q->has_master = get_u32(tb[IFLA_MASTER], &master)))
		q->master = (int)master;
	if (tb[IFLA_ADDRESS]) {
		size_t n = mnl_attr_get_payload_len(tb[IFLA_ADDRESS]);
		if (!n || n > VN_MAX_ADDR_LEN)
			return -EINVAL;
		memcpy(addr, mnl_attr_get_payload(tb[IFLA_ADDRESS]), n);
		q->addr_len = (unsigned)n;
		q->addr = addr;
	}
	return 0;
}

static int parse_attrs(const struct nlattr *start, size_t len, const struct nlattr **tb, int max)
{
	memset(tb, 0, sizeof(*tb) * (size_t)(max + 1));
	const char *p = (const char *)start;
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			return -EINVAL;
		int type = a->nla_type & NLA_TYPE_MASK;
		if (type <= max)
			tb[type] = a;
		size_t step = NLA_ALIGN(a->nla_len);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return 0;
}

static int parse_peer(const struct nlattr *data, struct link_req *lr)
{
	const struct nlattr *info[VETH_INFO_MAX + 1];
	if (parse_attrs(mnl_attr_get_payload(data), mnl_attr_get_payload_len(data), info, VETH_INFO_MAX))
		return -EINVAL;
	const struct nlattr *peer = info[VETH_INFO_PEER];
	if (!peer)
		return 0;
	size_t n = mnl_attr_get_payload_len(peer);
	if (n < sizeof(struct ifinfomsg))
		return -EINVAL;
	const struct ifinfomsg *pifm = mnl_attr_get_payload(peer);
	const struct nlattr *tb[IFLA_MAX + 1];
	if (parse_attrs((const struct nlattr *)(pifm + 1), n - sizeof(*pifm), tb, IFLA_MAX))
		return -EINVAL;
	lr->has_peer = true;
	lr->pq.flags = pifm->ifi_flags;
	lr->pq.change = pifm->ifi_change;
	if (tb[IFLA_IFNAME])
		get_str(tb[IFLA_IFNAME], lr->peer_name, sizeof(lr->peer_name));
	return read_attrs(tb, &lr->pq, lr->peer_addr);
}

static int parse(struct rtnl_req *r, struct link_req *lr)
{
	memset(lr, 0, sizeof(*lr));
	const struct nlattr *tb[IFLA_MAX + 1];
	if (rtnl_parse(r, sizeof(struct ifinfomsg), tb, IFLA_MAX) < 0)
		return -EINVAL;
	const struct ifinfomsg *ifm = NLMSG_DATA(r->nlh);
	lr->ifindex = ifm->ifi_index;
	lr->q.flags = ifm->ifi_flags;
	lr->q.change = ifm->ifi_change;
	if (tb[IFLA_IFNAME]) {
		get_str(tb[IFLA_IFNAME], lr->name, sizeof(lr->name));
		lr->has_name = true;
	}
	if (tb[IFLA_LINKINFO]) {
		const struct nlattr *li[IFLA_INFO_MAX + 1];
		if (parse_attrs(mnl_attr_get_payload(tb[IFLA_LINKINFO]),
				mnl_attr_get_payload_len(tb[IFLA_LINKINFO]), li, IFLA_INFO_MAX))
			return -EINVAL;
		if (li[IFLA_INFO_KIND])
			get_str(li[IFLA_INFO_KIND], lr->kind, sizeof(lr->kind));
		if (li[IFLA_INFO_DATA] && !strcmp(lr->kind, "veth") && parse_peer(li[IFLA_INFO_DATA], lr))
			return -EINVAL;
	}
	return read_attrs(tb, &lr->q, lr->addr);
}

static const struct vn_link *find(const struct vn_model *m, const struct link_req *lr)
{
	if (lr->ifindex > 0)
		return vn_link_by_index(m, lr->ifindex);
	if (lr->has_name)
		return vn_link_by_name(m, lr->name);
	return NULL;
}

static void change_init(struct vn_change *c, struct rtnl_req *r)
{
	memset(c, 0, sizeof(*c));
	c->m = r->ctx->model;
	c->ev = r->ctx->events;
	c->nlflags = r->nlh->nlmsg_flags;
}

static int change(struct rtnl_req *r, const struct vn_link *l, struct link_req *lr)
{
	struct vn_change c;
	change_init(&c, r);
	/* found by index, IFLA_IFNAME is a new name */
	lr->q.name = lr->ifindex > 0 && lr->has_name ? lr->name : NULL;
	int err = vn_link_change(&c, l->ifindex, &lr->q);
	r->extack = c.extack;
	return err;
}

/* RTM_SETLINK and RTM_DELLINK name an existing link, by index or name. */
static int existing(struct rtnl_req *r, struct link_req *lr, const struct vn_link **l)
{
	int err = parse(r, lr);
	if (err)
		return err;
	if (lr->ifindex <= 0 && !lr->has_name)
		return -EINVAL;
	*l = find(r->ctx->model, lr);
	return *l ? 0 : -ENODEV;
}

int rtnl_setlink(struct rtnl_req *r)
{
	struct link_req lr;
	const struct vn_link *l;
	int err = existing(r, &lr, &l);
	return err ? err : change(r, l, &lr);
}

int rtnl_newlink(struct rtnl_req *r)
{
	struct link_req lr;
	int err = parse(r, &lr);
	if (err)
		return err;
	const struct vn_link *l = find(r->ctx->model, &lr);
	if (l) {
		if (r->nlh->nlmsg_flags & NLM_F_EXCL)
			return -EEXIST;
		if (lr.kind[0] && strcmp(lr.kind, l->kind))
			return -EOPNOTSUPP;
		return change(r, l, &lr);
	}
	if (!(r->nlh->nlmsg_flags & NLM_F_CREATE))
		return -ENODEV;
	if (lr.ifindex > 0)
		return -EOPNOTSUPP;   /* the model picks indexes */
	struct vn_change c;
	change_init(&c, r);
	err = vn_link_create(&c, lr.kind, lr.name, &lr.q, lr.peer_name, lr.has_peer ? &lr.pq : NULL);
	r->extack = c.extack;
	return err;
}

int rtnl_dellink(struct rtnl_req *r)
{
	struct link_req lr;
	const struct vn_link *l;
	int err = existing(r, &lr, &l);
	if (err)
		return err;
	struct vn_change c;
	change_init(&c, r);
	err = vn_link_delete(&c, l->ifindex);
	r->extack = c.extack;
	return err;
}
