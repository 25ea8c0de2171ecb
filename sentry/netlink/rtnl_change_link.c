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
	bool has_altname;           /* IFLA_ALT_IFNAME: the model's links have none */
	char kind[56];              /* MODULE_NAME_LEN */
	struct vn_link_req q;
	uint8_t addr[VN_MAX_ADDR_LEN];
	const struct nlattr *af_spec;
	/* a veth's peer */
	bool has_peer;
	char peer_name[IFNAMSIZ];
	struct vn_link_req pq;
	uint8_t peer_addr[VN_MAX_ADDR_LEN];
};

/* nla_strscpy: the policy has bounded what may be bounded; a longer
 * string (IFLA_INFO_KIND has no maximum) is cut as the kernel cuts it. */
static void get_str(const struct nlattr *a, char *out, size_t size)
{
	size_t n = mnl_attr_get_payload_len(a);
	if (n >= size)
		n = size - 1;
	memcpy(out, mnl_attr_get_payload(a), n);
	out[n] = '\0';
}

/* The attributes do_setlink applies, from tb (checked against ifla_policy:
 * a u32 present has its 4 bytes) into q. */
static int read_attrs(const struct nlattr *const *tb, struct vn_link_req *q, uint8_t *addr)
{
	if ((q->has_mtu = tb[IFLA_MTU]))
		q->mtu = mnl_attr_get_u32(tb[IFLA_MTU]);
	if ((q->has_txqlen = tb[IFLA_TXQLEN]))
		q->txqlen = mnl_attr_get_u32(tb[IFLA_TXQLEN]);
	if ((q->has_group = tb[IFLA_GROUP]))
		q->group = mnl_attr_get_u32(tb[IFLA_GROUP]);
	if ((q->has_master = tb[IFLA_MASTER]))
		q->master = (int)mnl_attr_get_u32(tb[IFLA_MASTER]);
	if (tb[IFLA_ADDRESS]) {
		/* up to MAX_ADDR_LEN (the policy); shorter than the device's
		 * address is refused when the device is known (change()) */
		size_t n = mnl_attr_get_payload_len(tb[IFLA_ADDRESS]);
		if (!n)
			return -EINVAL;
		memcpy(addr, mnl_attr_get_payload(tb[IFLA_ADDRESS]), n);
		q->addr_len = (unsigned)n;
		q->addr = addr;
	}
	return 0;
}

/* rtnl_nla_parse_ifinfomsg: VETH_INFO_PEER is an ifinfomsg (the veth
 * policy saw that it is long enough) and the peer's own attributes. */
static int parse_peer(struct rtnl_req *r, const struct nlattr *data, struct link_req *lr)
{
	const struct nlattr *info[VN_VETH_INFO_MAX + 1];
	int err = rtnl_nla_parse_nested(info, &rtnl_veth_policy, data, RTNL_PARSE_LIBERAL, &r->ack);
	if (err)
		return err;
	const struct nlattr *peer = info[VETH_INFO_PEER];
	if (!peer)
		return 0;
	const struct ifinfomsg *pifm = mnl_attr_get_payload(peer);
	if (pifm->ifi_index < 0) {
		r->ack.msg = "ifindex can't be negative";
		r->ack.bad_attr = peer;
		return -EINVAL;
	}
	const struct nlattr *tb[VN_IFLA_MAX + 1];
	int n = (int)(mnl_attr_get_payload_len(peer) - sizeof(*pifm));
	err = rtnl_nla_parse(tb, &rtnl_ifla_policy, pifm + 1, n, RTNL_PARSE_LIBERAL, &r->ack);
	if (err)
		return err;
	lr->has_peer = true;
	lr->pq.flags = pifm->ifi_flags;
	lr->pq.change = pifm->ifi_change;
	if (tb[IFLA_IFNAME])
		get_str(tb[IFLA_IFNAME], lr->peer_name, sizeof(lr->peer_name));
	return read_attrs(tb, &lr->pq, lr->peer_addr);
}

/* IFLA_LINKINFO as rtnl_newlink reads it: its own parse reports nothing
 * (the kernel passes no extack), the kind's data is checked with the
 * kind's policy. Of the kinds the model creates only veth has data it
 * reads; a bridge's IFLA_BR_* are not modelled. */
static int parse_linkinfo(struct rtnl_req *r, const struct nlattr *linkinfo, struct link_req *lr)
{
	const struct nlattr *li[VN_IFLA_INFO_MAX + 1];
	int err = rtnl_nla_parse_nested(li, &rtnl_ifla_info_policy, linkinfo, RTNL_PARSE_LIBERAL,
					NULL);
	if (err)
		return err;
	if (li[IFLA_INFO_KIND])
		get_str(li[IFLA_INFO_KIND], lr->kind, sizeof(lr->kind));
	if (li[IFLA_INFO_DATA] && !strcmp(lr->kind, "veth"))
		return parse_peer(r, li[IFLA_INFO_DATA], lr);
	return 0;
}

/* rtnl_newlink, rtnl_setlink and rtnl_dellink all parse liberally
 * (nlmsg_parse_deprecated), whatever NETLINK_GET_STRICT_CHK says. */
static int parse(struct rtnl_req *r, struct link_req *lr)
{
	memset(lr, 0, sizeof(*lr));
	const struct nlattr *tb[VN_IFLA_MAX + 1];
	int err = rtnl_parse(r, sizeof(struct ifinfomsg), tb, &rtnl_ifla_policy, RTNL_PARSE_LIBERAL);
	if (err)
		return err;
	const struct ifinfomsg *ifm = NLMSG_DATA(r->nlh);
	lr->ifindex = ifm->ifi_index;
	lr->q.flags = ifm->ifi_flags;
	lr->q.change = ifm->ifi_change;
	if (tb[IFLA_IFNAME]) {
		get_str(tb[IFLA_IFNAME], lr->name, sizeof(lr->name));
		lr->has_name = true;
	}
	lr->has_altname = tb[IFLA_ALT_IFNAME];
	lr->af_spec = tb[IFLA_AF_SPEC];
	if (tb[IFLA_LINKINFO]) {
		err = parse_linkinfo(r, tb[IFLA_LINKINFO], lr);
		if (err)
			return err;
	}
	return read_attrs(tb, &lr->q, lr->addr);
}

/* validate_linkmsg's IFLA_AF_SPEC: every family's nest is checked as its
 * validate_link_af checks it. The model applies none of them (it keeps
 * no per-link devconf set through netlink): a valid one is accepted. */
static int check_af_inet(struct rtnl_req *r, const struct nlattr *af)
{
	const struct nlattr *tb[VN_IFLA_INET_MAX + 1];
	int err = rtnl_nla_parse_nested(tb, &rtnl_inet_af_policy, af, RTNL_PARSE_LIBERAL, &r->ack);
	if (err || !tb[IFLA_INET_CONF])
		return err;
	const struct nlattr *a;
	mnl_attr_for_each_nested(a, tb[IFLA_INET_CONF]) {
		uint16_t id = mnl_attr_get_type(a);
		if (mnl_attr_get_payload_len(a) < 4 || id == 0 || id > VN_IPV4_DEVCONF_MAX)
			return -EINVAL;
	}
	return 0;
}

static int check_af_inet6(struct rtnl_req *r, const struct nlattr *af)
{
	const struct nlattr *tb[VN_IFLA_INET6_MAX + 1];
	int err = rtnl_nla_parse_nested(tb, &rtnl_inet6_af_policy, af, RTNL_PARSE_LIBERAL, &r->ack);
	if (err)
		return err;
	if (!tb[IFLA_INET6_TOKEN] && !tb[IFLA_INET6_ADDR_GEN_MODE])
		return -EINVAL;
	/* check_addr_gen_mode; stable privacy needs a stable_secret, which
	 * the model's links do not have (check_stable_privacy) */
	if (tb[IFLA_INET6_ADDR_GEN_MODE]) {
		uint8_t mode = mnl_attr_get_u8(tb[IFLA_INET6_ADDR_GEN_MODE]);
		if (mode > IN6_ADDR_GEN_MODE_RANDOM || mode == IN6_ADDR_GEN_MODE_STABLE_PRIVACY)
			return -EINVAL;
	}
	return 0;
}

static int check_af_spec(struct rtnl_req *r, const struct nlattr *spec)
{
	const struct nlattr *af;
	mnl_attr_for_each_nested(af, spec) {
		int err;
		switch (mnl_attr_get_type(af)) {
		case AF_INET: err = check_af_inet(r, af); break;
		case AF_INET6: err = check_af_inet6(r, af); break;
		case AF_BRIDGE: err = -EOPNOTSUPP; break;   /* registered, sets nothing */
		default: err = -EAFNOSUPPORT; break;
		}
		if (err)
			return err;
	}
	return 0;
}

static const struct vn_link *find(const struct vn_model *m, const struct link_req *lr)
{
	if (lr->ifindex > 0)
		return vn_link_by_index(m, lr->ifindex);
	if (lr->has_name)
		return vn_link_by_name(m, lr->name);
	return NULL;   /* by an alternative name, or not named */
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
	/* validate_linkmsg: an address shorter than the device's is refused,
	 * of a longer one the device's length is taken */
	if (lr->q.addr_len) {
		if (lr->q.addr_len < l->addr_len)
			return -EINVAL;
		lr->q.addr_len = l->addr_len;
	}
	if (lr->af_spec) {
		int err = check_af_spec(r, lr->af_spec);
		if (err)
			return err;
	}
	struct vn_change c;
	change_init(&c, r);
	/* found by index, IFLA_IFNAME is a new name */
	lr->q.name = lr->ifindex > 0 && lr->has_name ? lr->name : NULL;
	int err = vn_link_change(&c, l->ifindex, &lr->q);
	rtnl_extack_msg(&r->ack, c.extack);
	return err;
}

/* RTM_SETLINK and RTM_DELLINK name an existing link, by index or name. */
static int existing(struct rtnl_req *r, struct link_req *lr, const struct vn_link **l)
{
	int err = parse(r, lr);
	if (err)
		return err;
	if (lr->ifindex <= 0 && !lr->has_name && !lr->has_altname)
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
	if (lr.ifindex < 0) {
		r->ack.msg = "ifindex can't be negative";
		return -EINVAL;
	}
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
	rtnl_extack_msg(&r->ack, c.extack);
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
	rtnl_extack_msg(&r->ack, c.extack);
	return err;
}
