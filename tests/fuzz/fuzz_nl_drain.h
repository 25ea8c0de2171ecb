/* What every netlink fuzz target checks of the replies: each datagram of
 * at most limit bytes holds whole messages, each addressed to the port id
 * the request came from; the queue is drained. */
#ifndef VENEER_FUZZ_NL_DRAIN_H
#define VENEER_FUZZ_NL_DRAIN_H

#include <linux/netlink.h>
#include <stdlib.h>

#include "netlink/nlout.h"

static inline void fuzz_nl_drain(struct nl_out *out, size_t limit, uint32_t portid)
{
	uint32_t off, len, groups;
	size_t nm;
	while (nl_out_peek_dgram(out, limit, &off, &len, &groups, &nm)) {
		size_t pos = 0;
		while (pos < len) {
			const struct nlmsghdr *h = (const void *)(out->data.data + off + pos);
			if (len - pos < sizeof(*h) || h->nlmsg_len < sizeof(*h) || h->nlmsg_len > len - pos)
				abort();
			if (h->nlmsg_pid != portid)
				abort();
			pos += NLMSG_ALIGN(h->nlmsg_len);
		}
		nl_out_pop(out, nm);
	}
}

#endif
