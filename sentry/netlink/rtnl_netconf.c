/* RTM_GETNETCONF: per-device IP configuration as inet_netconf_fill_devconf
 * (net/ipv4/devinet.c) and inet6_netconf_fill_devconf (net/ipv6/addrconf.c)
 * send it: one message per link in ifindex order, then "all" (-1) and
 * "default" (-2), with the model's devconf values (those /proc/sys/net
 * shows and writes change). AF_UNSPEC dumps IPv4 then IPv6, as
 * rtnl_dump_all walks the families. */
#include "model.h"

#include <errno.h>
#include <linux/netconf.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <string.h>

#include "devconf.h"
#include "rtnl_internal.h"

/* The attributes each family sends, in its order, and the devconf row
 * each one reports (NETCONFA_IFINDEX_ALL/DEFAULT are DEVCONF_ALL/DEFAULT).
 * An IPv6 attribute is sent when the kernel has its row: the same #ifdef
 * (CONFIG_IPV6_MROUTE) compiles in both. */
static const struct { uint16_t attr; int row; } inet_attrs[] = {
	{ NETCONFA_FORWARDING, DC4_forwarding }, { NETCONFA_RP_FILTER, DC4_rp_filter },
	{ NETCONFA_MC_FORWARDING, DC4_mc_forwarding }, { NETCONFA_BC_FORWARDING, DC4_bc_forwarding },
	{ NETCONFA_PROXY_NEIGH, DC4_proxy_arp },
	{ NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN, DC4_ignore_routes_with_linkdown },
}, inet6_attrs[] = {
	{ NETCONFA_FORWARDING, DC6_forwarding }, { NETCONFA_MC_FORWARDING, DC6_mc_forwarding },
	{ NETCONFA_PROXY_NEIGH, DC6_proxy_ndp },
	{ NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN, DC6_ignore_routes_with_linkdown },
};

void rtnl_fill_netconf(struct nlmsghdr *h, const struct vn_model *m, uint8_t family, int32_t ifindex)
{
	struct netconfmsg *ncm = mnl_nlmsg_put_extra_header(h, sizeof(*ncm));
	ncm->ncm_family = family;
	mnl_attr_put_u32(h, NETCONFA_IFINDEX, (uint32_t)ifindex);
	bool v4 = family == AF_INET;
	size_t n = v4 ? sizeof(inet_attrs) / sizeof(inet_attrs[0])
		      : sizeof(inet6_attrs) / sizeof(inet6_attrs[0]);
	for (size_t i = 0; i < n; i++) {
		uint16_t attr = v4 ? inet_attrs[i].attr : inet6_attrs[i].attr;
		int row = v4 ? inet_attrs[i].row : inet6_attrs[i].row;
		if (!v4 && !devconf6_in(m->kconfig, row))
			continue;
		mnl_attr_put_u32(h, attr, (uint32_t)devconf_get(m, family, ifindex, row));
	}
}

static void emit_conf(struct rtnl_req *r, uint8_t family, int32_t ifindex, bool dump)
{
	struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWNETCONF, dump);
	rtnl_fill_netconf(h, r->ctx->model, family, ifindex);
	rtnl_msg_emit(r, h, dump);
}

static int dump_family(struct rtnl_req *r, uint8_t family)
{
	if (r->ctx->strict_chk) {
		if (r->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct netconfmsg))) {
			r->ack.msg = family == AF_INET
				? "ipv4: Invalid header for netconf dump request"
				: "ipv6: Invalid header for netconf dump request";
			return -EINVAL;
		}
		if (r->nlh->nlmsg_len > NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct netconfmsg)))) {
			r->ack.msg = family == AF_INET
				? "ipv4: Invalid data after header in netconf dump request"
				: "ipv6: Invalid data after header in netconf dump request";
			return -EINVAL;
		}
	}
	const struct vn_model *m = r->ctx->model;
	for (size_t i = 0; i < m->nlinks; i++)
		emit_conf(r, family, m->links[i].ifindex, true);
	emit_conf(r, family, NETCONFA_IFINDEX_ALL, true);
	emit_conf(r, family, NETCONFA_IFINDEX_DEFAULT, true);
	return 0;
}

int rtnl_dumpnetconf(struct rtnl_req *r)
{
	int err = dump_family(r, AF_INET);
	return err ? err : dump_family(r, AF_INET6);
}

int rtnl_dumpnetconf4(struct rtnl_req *r)
{
	return dump_family(r, AF_INET);
}

int rtnl_dumpnetconf6(struct rtnl_req *r)
{
	return dump_family(r, AF_INET6);
}

/* inet_netconf_valid_get_req / inet6_netconf_valid_get_req: a netconfmsg,
 * the family's policy; strict: NETCONFA_IFINDEX alone. */
static int valid_get_req(struct rtnl_req *r, uint8_t family, const struct nlattr **tb)
{
	bool v4 = family == AF_INET;
	if (r->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct netconfmsg))) {
		r->ack.msg = v4 ? "ipv4: Invalid header for netconf get request"
				: "ipv6: Invalid header for netconf get request";
		return -EINVAL;
	}
	int err = rtnl_parse(r, sizeof(struct netconfmsg), tb,
			     v4 ? &rtnl_devconf_ipv4_policy : &rtnl_devconf_ipv6_policy,
			     rtnl_get_mode(r));
	if (err || !r->ctx->strict_chk)
		return err;
	for (int i = 0; i <= VN_NETCONFA_MAX; i++) {
		if (!tb[i] || i == NETCONFA_IFINDEX)
			continue;
		r->ack.msg = v4 ? "ipv4: Unsupported attribute in netconf get request"
				: "ipv6: Unsupported attribute in netconf get request";
		return -EINVAL;
	}
	return 0;
}

/* inet_netconf_get_devconf / inet6_netconf_get_devconf */
static int get_family(struct rtnl_req *r, uint8_t family)
{
	const struct nlattr *tb[VN_NETCONFA_MAX + 1];
	int err = valid_get_req(r, family, tb);
	if (err)
		return err;
	if (!tb[NETCONFA_IFINDEX])
		return -EINVAL;
	int32_t ifindex = (int32_t)mnl_attr_get_u32(tb[NETCONFA_IFINDEX]);
	if (ifindex != NETCONFA_IFINDEX_ALL && ifindex != NETCONFA_IFINDEX_DEFAULT &&
	    !vn_link_by_index(r->ctx->model, ifindex))
		return -ENODEV;
	emit_conf(r, family, ifindex, false);
	return 0;
}

int rtnl_getnetconf4(struct rtnl_req *r)
{
	return get_family(r, AF_INET);
}

int rtnl_getnetconf6(struct rtnl_req *r)
{
	return get_family(r, AF_INET6);
}
