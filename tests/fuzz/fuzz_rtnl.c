/* libFuzzer target: arbitrary bytes sent on a NETLINK_ROUTE socket. The
 * handlers must answer (or ignore) every input without crashing, and every
 * reply must be well-formed netlink. */
#include <linux/netlink.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netlink/nl_handler.h"
#include "scenario.h"
#include "fuzz_nl_drain.h"

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
	size_t limit = (opts & 16) ? 4096 : 32768;
	fuzz_nl_drain(&out, limit, 4242);
	nl_out_free(&out);
	return 0;
}
