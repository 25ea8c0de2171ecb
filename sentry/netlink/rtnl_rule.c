/* RTM_GETRULE dumps: fib_nl_fill_rule (net/core/fib_rules.c). AF_UNSPEC
 * dumps IPv4 rules, then IPv6, as the rule families were registered. */
#include "model.h"

#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <string.h>

#include "rtnl_internal.h"

void rtnl_fill_rule(struct nlmsghdr *h, const struct vn_rule *ru)
{
	struct fib_rule_hdr *frh = mnl_nlmsg_put_extra_header(h, sizeof(*frh));
	frh->family = ru->family;
	frh->dst_len = ru->dst_len;
	frh->src_len = ru->src_len;
	frh->table = ru->table < 256 ? (uint8_t)ru->table : RT_TABLE_COMPAT;
	frh->action = ru->action;
	frh->flags = ru->flags;
	mnl_attr_put_u32(h, FRA_TABLE, ru->table);
	mnl_attr_put_u32(h, FRA_SUPPRESS_PREFIXLEN, ru->suppress_prefixlen);
	mnl_attr_put_u8(h, FRA_PROTOCOL, ru->protocol);
	if (ru->priority)
		mnl_attr_put_u32(h, FRA_PRIORITY, ru->priority);
	if (ru->fwmark)
		mnl_attr_put_u32(h, FRA_FWMARK, ru->fwmark);
	if (ru->fwmark || ru->fwmask)
		mnl_attr_put_u32(h, FRA_FWMASK, ru->fwmask);
	size_t alen = rtnl_addr_len(ru->family);
	if (ru->dst_len)
		mnl_attr_put(h, FRA_DST, alen, ru->dst);
	if (ru->src_len)
		mnl_attr_put(h, FRA_SRC, alen, ru->src);
}

int rtnl_dumprule(struct rtnl_req *r)
{
	uint8_t family = rtnl_req_family(r->nlh);
	if (r->ctx->strict_chk) {
		if (r->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct fib_rule_hdr))) {
			r->ack.msg = "Invalid header for fib rule dump request";
			return -EINVAL;
		}
		const struct fib_rule_hdr *frh = NLMSG_DATA(r->nlh);
		if (frh->dst_len || frh->src_len || frh->tos || frh->table || frh->res1 ||
		    frh->res2 || frh->action || frh->flags) {
			r->ack.msg = "Invalid values in header for fib rule dump request";
			return -EINVAL;
		}
		/* fib_valid_dumprule_req: no attribute filters a rule dump */
		if (r->nlh->nlmsg_len > NLMSG_LENGTH(NLMSG_ALIGN(sizeof(*frh)))) {
			r->ack.msg = "Invalid data after header in fib rule dump request";
			return -EINVAL;
		}
	}
	if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6)
		return -EAFNOSUPPORT;
	static const uint8_t order[] = { AF_INET, AF_INET6 };
	const struct vn_model *m = r->ctx->model;
	for (size_t f = 0; f < sizeof(order); f++) {
		if (family != AF_UNSPEC && family != order[f])
			continue;
		/* the kernel keeps each family's rules sorted by priority */
		uint32_t last = 0;
		bool first = true;
		for (;;) {
			/* next smallest priority > last (stable for equal ones) */
			uint32_t next = UINT32_MAX;
			bool found = false;
			for (size_t i = 0; i < m->nrules; i++) {
				const struct vn_rule *ru = &m->rules[i];
				if (ru->family != order[f] || (!first && ru->priority <= last))
					continue;
				if (!found || ru->priority < next) {
					next = ru->priority;
					found = true;
				}
			}
			if (!found)
				break;
			for (size_t i = 0; i < m->nrules; i++) {
				const struct vn_rule *ru = &m->rules[i];
				if (ru->family != order[f] || ru->priority != next)
					continue;
				struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWRULE, true);
				rtnl_fill_rule(h, ru);
				rtnl_msg_emit(r, h, true);
			}
			last = next;
			first = false;
		}
	}
	return 0;
}
