/* Multicast of rtnetlink notifications to the sandbox's sockets.
 *
 * Every NETLINK_ROUTE socket veneer made is the sandbox's (the program's
 * netlink sockets are all stand-ins), so a notification goes to each one
 * subscribed to its group, as netlink_broadcast walks the group's members:
 * queued as its own datagram with nl_groups set in the sender address.
 * Like a kernel socket whose receive buffer is full, a socket that lets
 * more than its SO_RCVBUF pile up loses notifications and is told ENOBUFS
 * (unless NETLINK_NO_ENOBUFS) — this also bounds what a reader that never
 * reads can make the supervisor hold. */
#include <stdlib.h>
#include <string.h>

#include "netlink/nl_handler.h"
#include "netlink/rtnl_notify.h"
#include "nlsock.h"

static struct nlsock *requester;
static struct nlsock **touched;
static size_t ntouched, cap_touched;

static void touch(struct nlsock *s)
{
	for (size_t i = 0; i < ntouched; i++)
		if (touched[i] == s)
			return;
	if (ntouched == cap_touched) {
		cap_touched = cap_touched ? 2 * cap_touched : 8;
		struct nlsock **p = realloc(touched, cap_touched * sizeof(*p));
		if (!p)
			abort();
		touched = p;
	}
	touched[ntouched++] = s;
}

static size_t queued(const struct nlsock *s)
{
	if (nl_out_empty(&s->out))
		return 0;
	return s->out.data.len - s->out.marks[s->out.head].off;
}

static void queue(struct nlsock *s, const struct nlmsghdr *msg, size_t len, uint32_t groups)
{
	/* netlink_broadcast_deliver: sk_rmem_alloc > sk_rcvbuf drops it */
	if (queued(s) + len > (size_t)s->rcvbuf) {
		if (!s->no_enobufs)
			s->overrun = true;
		return;
	}
	nl_out_add_group(&s->out, msg, len, groups);
	touch(s);
}

static void send_one(void *arg, const struct nlmsghdr *msg, size_t len, unsigned group,
		     bool report)
{
	(void)arg;
	uint64_t bit = group >= 1 && group <= 64 ? 1ull << (group - 1) : 0;
	for (size_t i = 0;; i++) {
		struct nlsock *s = nlsock_at(i);
		if (!s)
			break;
		if (s->protocol != NETLINK_ROUTE || !(s->groups & bit))
			continue;
		if (report && s == requester)
			continue;   /* nlmsg_notify excludes the requester's port */
		queue(s, msg, len, rtnl_group_mask(group));
	}
	if (report)
		queue(requester, msg, len, 0);
}

void nl_mcast_init(struct nl_mcast *mc, struct nlsock *from)
{
	requester = from;
	ntouched = 0;
	mc->send = send_one;
	mc->arg = NULL;
}

void nl_mcast_flush(struct nlsock *from)
{
	for (size_t i = 0; i < ntouched; i++)
		if (touched[i] != from)
			nlsock_wake(touched[i]);
	ntouched = 0;
	requester = NULL;
}

/* Changes made outside netlink (interface ioctls): the kernel notifies
 * them too (rtmsg_ifinfo, rtmsg_ifa ...), from no socket: port 0, seq 0. */
static void event_outside(void *arg, const struct vn_model *m, const struct vn_event *e)
{
	(void)arg;
	unsigned group = rtnl_event_group(e);
	static char buf[RTNL_NOTIFY_MAX] __attribute__((aligned(8)));
	memset(buf, 0, sizeof(buf));
	struct nlmsghdr *h = rtnl_notify_build(buf, m, e, 0, 0);
	if (h && group)
		send_one(NULL, h, h->nlmsg_len, group, false);
}

struct vn_events *nl_mcast_events(void)
{
	static struct vn_events ev = { .fn = event_outside };
	requester = NULL;
	return &ev;
}
