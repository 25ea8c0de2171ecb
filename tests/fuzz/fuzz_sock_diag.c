/* libFuzzer target: arbitrary bytes sent on a NETLINK_SOCK_DIAG socket
 * (inet_diag requests with bytecode, unix_diag, legacy and destroy
 * requests). The handlers must answer every input without crashing, and
 * every reply must be well-formed netlink. The model holds scenario
 * sockets of each kind and netlink sockets (the kernel's, a subscribed
 * one, the asking one), so the fill and filter paths run. */
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netlink/sock_diag.h"
#include "scenario.h"
#include "fuzz_nl_drain.h"
#include "sock_model.h"

static struct vn_model model;

static const char sockets[] =
	"{\"sockets\": ["
	"{\"netid\": \"tcp\", \"local\": \"0.0.0.0:22\", \"inode\": 7},"
	"{\"netid\": \"tcp\", \"state\": \"ESTAB\", \"local\": \"10.0.2.15:22\", \"peer\": \"10.1.2.3:40000\"},"
	"{\"netid\": \"tcp6\", \"local\": \"[::]:80\"},"
	"{\"netid\": \"udp\", \"local\": \"0.0.0.0:53\"},"
	"{\"netid\": \"udp6\", \"state\": \"ESTAB\", \"local\": \"[::1]:5000\", \"peer\": \"[::1]:53\"},"
	"{\"netid\": \"raw\", \"local\": \"0.0.0.0:1\"},"
	"{\"netid\": \"unix\", \"local\": \"/run/x\", \"inode\": 8},"
	"{\"netid\": \"u_dgr\", \"local\": \"@abs\", \"peer\": \"8\"}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		vn_model_init(&model);
		char err[256];
		if (vn_scenario_load_string(&model, sockets, strlen(sockets), "fuzz", err, sizeof(err)) < 0)
			abort();
		static const struct vn_socket nl[] = {
			{ .family = AF_NETLINK, .type = SOCK_RAW, .ino = 1 },
			{ .family = AF_NETLINK, .type = SOCK_RAW, .protocol = NETLINK_SOCK_DIAG, .ino = 2 },
			{ .family = AF_NETLINK, .type = SOCK_RAW, .portid = 77, .groups = 0x11,
			  .groups_len = 8, .ino = 3 },
			{ .family = AF_NETLINK, .type = SOCK_DGRAM, .protocol = NETLINK_SOCK_DIAG,
			  .portid = 4242, .ino = 4, .dump_alloc = 32448 },
		};
		for (size_t i = 0; i < sizeof(nl) / sizeof(nl[0]); i++)
			vn_model_add_socket(&model, &nl[i]);
		ready = 1;
	}
	uint8_t opts = size ? data[0] : 0;
	struct nl_ctx ctx = { .model = &model, .portid = 4242, .cap_ack = opts & 4,
			      .cap_net_admin = opts & 8 };
	struct nl_out out;
	nl_out_init(&out);
	size_t plen = size ? size - 1 : 0;
	void *payload = malloc(plen ? plen : 1);
	if (plen)
		memcpy(payload, data + 1, plen);
	sock_diag_rcv(&ctx, payload, plen, &out);
	free(payload);
	fuzz_nl_drain(&out, 32768, 4242);
	nl_out_free(&out);
	return 0;
}
