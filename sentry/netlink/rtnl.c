/* NETLINK_ROUTE: the message-type table and the receive loop.
 *
 * Mirrors net/core/rtnetlink.c (rtnetlink_rcv_msg) and netlink_rcv_skb:
 * every message of a sendmsg is handled in turn; GET with NLM_F_DUMP runs
 * the dump handler, GET without it the "doit"; NEW/DEL/SET need
 * CAP_NET_ADMIN and change the model (model_change.h); a request type
 * nobody handles is EOPNOTSUPP; errors, and
 * successes the sender asked an ack for, get NLMSG_ERROR. A family without
 * its own handler falls back to the AF_UNSPEC one, as rtnl_get_link does. */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "rtnl_internal.h"
#include "rtnl_nexthop.h"
#include "rtnl_stats.h"
#include "rtnl_notify.h"
#include "rtnl_tc.h"

struct rtnl_entry {
	uint16_t type;
	uint8_t family;           /* AF_UNSPEC = any family without its own row */
	rtnl_fn doit;
	rtnl_fn dumpit;
	bool done_alone;          /* NLMSG_DONE in its own datagram (see nl_out_done) */
};

static const struct rtnl_entry rtnl_table[] = {
	{ RTM_GETLINK,  AF_UNSPEC, rtnl_getlink,  rtnl_dumplink,       true },
	{ RTM_GETLINK,  AF_INET6,  NULL,          rtnl_dumplink_inet6, true },
	{ RTM_GETADDR,  AF_UNSPEC, NULL,          rtnl_dumpaddr,       true },
	{ RTM_GETROUTE, AF_UNSPEC, rtnl_getroute, rtnl_dumproute,      true },
	{ RTM_GETNEIGH, AF_UNSPEC, NULL,          rtnl_dumpneigh,      false },
	{ RTM_GETRULE,  AF_UNSPEC, NULL,          rtnl_dumprule,       false },
	/* AF_BRIDGE (rtnl_bridge*.c); gets fall back to AF_UNSPEC's */
	{ RTM_GETLINK,  AF_BRIDGE, NULL,          rtnl_bridge_dumplink, true },
	{ RTM_GETNEIGH, AF_BRIDGE, NULL,          rtnl_bridge_dumpfdb,  true },
	{ RTM_GETMDB,   AF_BRIDGE, NULL,          rtnl_bridge_dumpmdb,  true },
	/* no AF_UNSPEC doit: a get names its family; a dump walks both */
	{ RTM_GETNETCONF, AF_UNSPEC, NULL,             rtnl_dumpnetconf,  true },
	{ RTM_GETNETCONF, AF_INET,   rtnl_getnetconf4, rtnl_dumpnetconf4, true },
	{ RTM_GETNETCONF, AF_INET6,  rtnl_getnetconf6, rtnl_dumpnetconf6, true },
	{ RTM_GETNSID,  AF_UNSPEC, rtnl_getnsid,  rtnl_dumpnsid, false },
	/* traffic control: every family is AF_UNSPEC's (PF_UNSPEC) */
	{ RTM_GETQDISC,   AF_UNSPEC, rtnl_getqdisc, rtnl_dumpqdisc, true },
	{ RTM_NEWQDISC,   AF_UNSPEC, rtnl_newqdisc, NULL, false },
	{ RTM_DELQDISC,   AF_UNSPEC, rtnl_delqdisc, NULL, false },
	{ RTM_GETTCLASS,  AF_UNSPEC, rtnl_gettclass, rtnl_dumptclass, true },
	{ RTM_NEWTCLASS,  AF_UNSPEC, rtnl_newtclass, NULL, false },
	{ RTM_DELTCLASS,  AF_UNSPEC, rtnl_deltclass, NULL, false },
	{ RTM_GETTFILTER, AF_UNSPEC, rtnl_gettfilter, rtnl_dumptfilter, true },
	{ RTM_NEWTFILTER, AF_UNSPEC, rtnl_newtfilter, NULL, false },
	{ RTM_DELTFILTER, AF_UNSPEC, rtnl_deltfilter, NULL, false },
	{ RTM_GETCHAIN,   AF_UNSPEC, NULL, rtnl_dumpchain,   true },
	/* nexthop objects: PF_UNSPEC's, which every family falls back to */
	{ RTM_GETNEXTHOP, AF_UNSPEC, rtnl_getnexthop, rtnl_dumpnexthop, false },
	{ RTM_NEWNEXTHOP, AF_UNSPEC, rtnl_newnexthop, NULL, false },
	{ RTM_DELNEXTHOP, AF_UNSPEC, rtnl_delnexthop, NULL, false },
	{ RTM_GETSTATS,   AF_UNSPEC, rtnl_getstats, rtnl_dumpstats, false },
	{ RTM_GETNEIGHTBL, AF_UNSPEC, NULL, rtnl_dumpneightbl, false },
	/* changes: addresses and routes per family (an AF_UNSPEC request
	 * finds no handler, EOPNOTSUPP, as in the kernel) */
	{ RTM_NEWLINK,  AF_UNSPEC, rtnl_newlink,  NULL, false },
	{ RTM_SETLINK,  AF_UNSPEC, rtnl_setlink,  NULL, false },
	{ RTM_DELLINK,  AF_UNSPEC, rtnl_dellink,  NULL, false },
	{ RTM_NEWADDR,  AF_INET,   rtnl_newaddr,  NULL, false },
	{ RTM_NEWADDR,  AF_INET6,  rtnl_newaddr,  NULL, false },
	{ RTM_DELADDR,  AF_INET,   rtnl_deladdr,  NULL, false },
	{ RTM_DELADDR,  AF_INET6,  rtnl_deladdr,  NULL, false },
	{ RTM_NEWROUTE, AF_INET,   rtnl_newroute, NULL, false },
	{ RTM_NEWROUTE, AF_INET6,  rtnl_newroute, NULL, false },
	{ RTM_DELROUTE, AF_INET,   rtnl_delroute, NULL, false },
	{ RTM_DELROUTE, AF_INET6,  rtnl_delroute, NULL, false },
	{ RTM_NEWNEIGH, AF_UNSPEC, rtnl_newneigh, NULL, false },
	{ RTM_DELNEIGH, AF_UNSPEC, rtnl_delneigh, NULL, false },
	{ RTM_NEWRULE,  AF_UNSPEC, rtnl_newrule,  NULL, false },
	{ RTM_DELRULE,  AF_UNSPEC, rtnl_delrule,  NULL, false },
};

/* rtnetlink_rcv_msg: the family's row if it has the function asked for
 * (a dump or a doit), else AF_UNSPEC's (rtnl_get_link(PF_UNSPEC, ...)). */
static const struct rtnl_entry *find_entry(uint16_t type, uint8_t family, bool dump)
{
	const struct rtnl_entry *any = NULL;
	for (size_t i = 0; i < sizeof(rtnl_table) / sizeof(rtnl_table[0]); i++) {
		const struct rtnl_entry *e = &rtnl_table[i];
		if (e->type != type)
			continue;
		if (e->family == family && family != AF_UNSPEC && (dump ? e->dumpit : e->doit))
			return e;
		if (e->family == AF_UNSPEC)
			any = e;
	}
	return any;
}

uint8_t rtnl_req_family(const struct nlmsghdr *nlh)
{
	return ((const struct rtgenmsg *)NLMSG_DATA(nlh))->rtgen_family;
}

/* Replies are built here, one at a time (the supervisor is one thread).
 * libmnl leaves attribute padding as it finds it, so the buffer is kept
 * zeroed: emitting a message clears what it used. No byte of the
 * supervisor's memory reaches the program. */
static char msg_buf[RTNL_MSG_MAX] __attribute__((aligned(8)));

struct nlmsghdr *rtnl_msg_start(const struct rtnl_req *r, uint16_t type, bool dump)
{
	struct nlmsghdr *h = (struct nlmsghdr *)msg_buf;
	h->nlmsg_len = NLMSG_HDRLEN;
	h->nlmsg_type = type;
	h->nlmsg_flags = dump ? NLM_F_MULTI | r->answer_flags : 0;
	h->nlmsg_seq = r->nlh->nlmsg_seq;
	h->nlmsg_pid = r->ctx->portid;
	return h;
}

void rtnl_msg_emit(const struct rtnl_req *r, struct nlmsghdr *nlh, bool dump)
{
	nl_out_add(r->out, nlh, !dump);
	memset(nlh, 0, nlh->nlmsg_len);
}

static int rtnl_dispatch(struct rtnl_req *r, bool *no_ack)
{
	const struct nlmsghdr *nlh = r->nlh;
	if (nlh->nlmsg_type > RTM_MAX)
		return -EOPNOTSUPP;
	/* shorter than struct rtgenmsg: silently ignored, as the kernel does */
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtgenmsg)))
		return 0;
	int kind = (nlh->nlmsg_type - RTM_BASE) & 3;
	if (kind != 2 && !r->ctx->cap_net_admin)
		return -EPERM;
	bool dump = kind == 2 && (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	const struct rtnl_entry *e = find_entry(nlh->nlmsg_type, rtnl_req_family(nlh), dump);
	if (dump) {
		if (!e || !e->dumpit)
			return -EOPNOTSUPP;
		size_t before = r->out->n;
		int err = e->dumpit(r);
		/* A dump whose NLMSG_DONE comes alone after messages has it from
		 * a later call (rtnl_dumpit's RTNL_FLAG_DUMP_SPLIT_NLM_DONE),
		 * with an ext-ack of its own: empty. Otherwise DONE carries
		 * what this call reported, an error or a warning. */
		bool alone = e->done_alone && !err && r->out->n > before;
		char tlv[RTNL_EXTACK_MAX];
		size_t n = 0;
		if (r->ctx->ext_ack && !alone)
			n = rtnl_extack_tlvs(&r->ack, nlh, err, tlv, sizeof(tlv));
		nl_out_done_tlvs(r->out, nlh, r->ctx->portid, err, e->done_alone && !err, tlv, n,
				 r->answer_flags);
		*no_ack = true;   /* a dump answers with NLMSG_DONE, never an ack */
		return 0;
	}
	/* a type or family nobody registered a doit for: EOPNOTSUPP */
	if (!e || !e->doit)
		return -EOPNOTSUPP;
	return e->doit(r);
}

/* One request's notifications: built as the model reports its changes,
 * handed to the socket layer at once (the kernel multicasts them before
 * it acks the request). */
struct notify_req {
	struct nl_ctx *ctx;
	const struct nlmsghdr *req;
	struct vn_events *next;   /* a listener the caller set, told too */
};

static void notify_event(void *arg, const struct vn_model *m, const struct vn_event *e)
{
	struct notify_req *n = arg;
	if (n->next && n->next->fn)
		n->next->fn(n->next->arg, m, e);
	unsigned group = rtnl_event_group(e);
	static char buf[RTNL_MSG_MAX] __attribute__((aligned(8)));
	memset(buf, 0, sizeof(buf));
	struct nlmsghdr *h = rtnl_notify_build(buf, m, e, n->ctx->portid, n->req->nlmsg_seq);
	if (!h || !group)
		return;
	bool report = e->by == VN_BY_REQ && (n->req->nlmsg_flags & NLM_F_ECHO);
	/* messages the kernel sends in one skb are one datagram */
	static char held[2 * RTNL_MSG_MAX] __attribute__((aligned(8)));
	static size_t nheld;
	if (e->more || nheld) {
		if (nheld + NLMSG_ALIGN(h->nlmsg_len) <= sizeof(held)) {
			memcpy(held + nheld, h, h->nlmsg_len);
			memset(held + nheld + h->nlmsg_len, 0, NLMSG_ALIGN(h->nlmsg_len) - h->nlmsg_len);
			nheld += NLMSG_ALIGN(h->nlmsg_len);
		}
		if (e->more)
			return;
		h = (struct nlmsghdr *)held;
	}
	size_t len = nheld ? nheld : h->nlmsg_len;
	nheld = 0;
	n->ctx->mcast->send(n->ctx->mcast->arg, h, len, group, report);
}

void rtnl_rcv(struct nl_ctx *ctx, const void *payload, size_t len, struct nl_out *out)
{
	const char *p = payload;
	if (ctx->now_cs > ctx->model->now_cs)
		ctx->model->now_cs = ctx->now_cs;   /* the model's clock only goes forward */
	while (len >= NLMSG_HDRLEN) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)p;
		if (nlh->nlmsg_len < NLMSG_HDRLEN || len < nlh->nlmsg_len)
			return;
		struct rtnl_req r = { .ctx = ctx, .nlh = nlh, .out = out };
		int err = 0;
		bool no_ack = false;
		struct vn_events *saved = ctx->events;
		struct notify_req nr = { .ctx = ctx, .req = nlh, .next = saved };
		struct vn_events ev = { .fn = notify_event, .arg = &nr };
		if (ctx->mcast)
			ctx->events = &ev;
		if ((nlh->nlmsg_flags & NLM_F_REQUEST) && nlh->nlmsg_type >= NLMSG_MIN_TYPE)
			err = rtnl_dispatch(&r, &no_ack);
		ctx->events = saved;
		if (!no_ack && ((nlh->nlmsg_flags & NLM_F_ACK) || err)) {
			/* with NETLINK_EXT_ACK, what the request reported: an
			 * error's message, offset and policy, or a warning on
			 * an ack (netlink_ack) */
			char tlv[RTNL_EXTACK_MAX];
			size_t n = 0;
			if (ctx->ext_ack)
				n = rtnl_extack_tlvs(&r.ack, nlh, err, tlv, sizeof(tlv));
			nl_out_error_tlvs(out, nlh, ctx->portid, err, ctx->cap_ack, tlv, n);
		}
		size_t msglen = NLMSG_ALIGN(nlh->nlmsg_len);
		if (msglen > len)
			msglen = len;
		p += msglen;
		len -= msglen;
	}
}
