/* libFuzzer target: arbitrary bytes sent on a NETLINK_ROUTE socket. The
 * handlers must answer (or ignore) every input without crashing, and every
 * reply must be well-formed netlink. */
#include <linux/netlink.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netlink/nl_handler.h"
#include "scenario.h"

static struct vn_model model;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		vn_model_init(&model);
		vn_model_load_default(&model);
		ready = 1;
	}
	/* The first byte picks the socket options, the rest is the payload. */
	uint8_t opts = size ? data[0] : 0;
	struct nl_ctx ctx = {
		.model = &model,
		.portid = 4242,
		.strict_chk = opts & 1,
		.ext_ack = opts & 2,
		.cap_ack = opts & 4,
		.cap_net_admin = opts & 8,
	};
	struct nl_out out;
	nl_out_init(&out);
	/* the socket layer hands over a malloc'd (aligned) copy, like an skb */
	size_t plen = size ? size - 1 : 0;
	void *payload = malloc(plen ? plen : 1);
	if (plen)
		memcpy(payload, data + 1, plen);
	rtnl_rcv(&ctx, payload, plen, &out);
	free(payload);
	uint32_t off, len, groups;
	size_t nm;
	size_t limit = (opts & 16) ? 4096 : 32768;
	while (nl_out_peek_dgram(&out, limit, &off, &len, &groups, &nm)) {
		/* every message in the datagram must fit it */
		size_t pos = 0;
		while (pos < len) {
			const struct nlmsghdr *h = (const void *)(out.data.data + off + pos);
			if (len - pos < sizeof(*h) || h->nlmsg_len < sizeof(*h) || h->nlmsg_len > len - pos)
				abort();
			if (h->nlmsg_pid != 4242)
				abort();
			pos += NLMSG_ALIGN(h->nlmsg_len);
		}
		nl_out_pop(&out, nm);
	}
	nl_out_free(&out);
	return 0;
}
