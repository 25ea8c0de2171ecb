/* RTM_GETADDR dumps: inet_fill_ifaddr (IPv4) and inet6_fill_ifaddr (IPv6).
 *
 * A dump of AF_UNSPEC (or any family without its own handler, as glibc's
 * getifaddrs sends AF_PACKET) is rtnl_dump_all: IPv4 first, then IPv6.
 * Within a family, links in ifindex order, addresses in the model's order
 * (which is the kernel's per-link list order: scenarios come from dumps). */
#include "model.h"

#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <string.h>

#include "rtnl_internal.h"

static void fill_v4(struct nlmsghdr *h, const struct vn_model *m, const struct vn_addr *a)
{
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(h, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = a->prefixlen;
	ifa->ifa_flags = (uint8_t)a->flags;
	ifa->ifa_scope = a->scope;
	ifa->ifa_index = (uint32_t)a->ifindex;
	mnl_attr_put(h, IFA_ADDRESS, 4, a->has_peer ? a->peer : a->local);
	mnl_attr_put(h, IFA_LOCAL, 4, a->local);
	if (a->has_broadcast)
		mnl_attr_put(h, IFA_BROADCAST, 4, a->broadcast);
	const char *label = a->label;
	if (!label[0]) {
		const struct vn_link *l = vn_link_by_index(m, a->ifindex);
		label = l ? l->name : "";
	}
	mnl_attr_put_strz(h, IFA_LABEL, label);
	if (a->proto)
		mnl_attr_put_u8(h, IFA_PROTO, a->proto);
	mnl_attr_put_u32(h, IFA_FLAGS, a->flags);
	struct ifa_cacheinfo ci = { .ifa_prefered = a->preferred_lft, .ifa_valid = a->valid_lft,
				    .cstamp = a->cstamp, .tstamp = a->tstamp };
	mnl_attr_put(h, IFA_CACHEINFO, sizeof(ci), &ci);
}

static void fill_v6(struct nlmsghdr *h, const struct vn_addr *a)
{
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(h, sizeof(*ifa));
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = a->prefixlen;
	ifa->ifa_flags = (uint8_t)a->flags;
	ifa->ifa_scope = a->scope;
	ifa->ifa_index = (uint32_t)a->ifindex;
	if (a->has_peer) {
		mnl_attr_put(h, IFA_LOCAL, 16, a->local);
		mnl_attr_put(h, IFA_ADDRESS, 16, a->peer);
	} else {
		mnl_attr_put(h, IFA_ADDRESS, 16, a->local);
	}
	struct ifa_cacheinfo ci = { .ifa_prefered = a->preferred_lft, .ifa_valid = a->valid_lft,
				    .cstamp = a->cstamp, .tstamp = a->tstamp };
	mnl_attr_put(h, IFA_CACHEINFO, sizeof(ci), &ci);
	mnl_attr_put_u32(h, IFA_FLAGS, a->flags);
	if (a->proto)
		mnl_attr_put_u8(h, IFA_PROTO, a->proto);
}

void rtnl_fill_addr(struct nlmsghdr *h, const struct vn_model *m, const struct vn_addr *a)
{
	if (a->family == AF_INET)
		fill_v4(h, m, a);
	else
		fill_v6(h, a);
}

static void dump_family(struct rtnl_req *r, uint8_t family, int ifindex)
{
	const struct vn_model *m = r->ctx->model;
	for (size_t li = 0; li < m->nlinks; li++) {
		const struct vn_link *l = &m->links[li];
		if (ifindex && l->ifindex != ifindex)
			continue;
		for (size_t i = 0; i < m->naddrs; i++) {
			const struct vn_addr *a = &m->addrs[i];
			if (a->family != family || a->ifindex != l->ifindex)
				continue;
			struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWADDR, true);
			if (family == AF_INET)
				fill_v4(h, m, a);
			else
				fill_v6(h, a);
			rtnl_msg_emit(r, h, true);
		}
	}
}

/* inet_valid_dump_ifaddr_req / inet6_valid_dump_ifaddr_req under strict
 * checking: a clean header, the family's policy
 * (nlmsg_parse_deprecated_strict), and only ifa_index and
 * IFA_TARGET_NETNSID as filters. An AF_UNSPEC dump is IPv4's first. */
static int valid_dump_req(struct rtnl_req *r, int *ifindex)
{
	bool v6 = rtnl_req_family(r->nlh) == AF_INET6;
	if (r->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifaddrmsg))) {
		r->ack.msg = v6 ? "ipv6: Invalid header for address dump request"
				: "ipv4: Invalid header for address dump request";
		return -EINVAL;
	}
	const struct ifaddrmsg *ifm = NLMSG_DATA(r->nlh);
	if (ifm->ifa_prefixlen || ifm->ifa_flags || ifm->ifa_scope) {
		r->ack.msg = v6 ? "ipv6: Invalid values in header for address dump request"
				: "ipv4: Invalid values in header for address dump request";
		return -EINVAL;
	}
	const struct nlattr *tb[VN_IFA_MAX + 1];
	int err = rtnl_parse(r, sizeof(*ifm), tb, v6 ? &rtnl_ifa_ipv6_policy : &rtnl_ifa_ipv4_policy,
			     RTNL_PARSE_DEPRECATED_STRICT);
	if (err)
		return err;
	for (int i = 0; i <= VN_IFA_MAX; i++) {
		if (!tb[i] || i == IFA_TARGET_NETNSID)
			continue;
		r->ack.msg = v6 ? "ipv6: Unsupported attribute in dump request"
				: "ipv4: Unsupported attribute in dump request";
		return -EINVAL;
	}
	*ifindex = (int)ifm->ifa_index;
	if (*ifindex && !vn_link_by_index(r->ctx->model, *ifindex))
		return -ENODEV;
	return 0;
}

int rtnl_dumpaddr(struct rtnl_req *r)
{
	uint8_t family = rtnl_req_family(r->nlh);
	int ifindex = 0;
	if (r->ctx->strict_chk) {
		int err = valid_dump_req(r, &ifindex);
		if (err)
			return err;
	}
	if (family != AF_INET6)
		dump_family(r, AF_INET, ifindex);
	if (family != AF_INET)
		dump_family(r, AF_INET6, ifindex);
	return 0;
}
