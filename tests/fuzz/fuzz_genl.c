/* libFuzzer target: arbitrary bytes sent on a NETLINK_GENERIC socket
 * (nlctrl and the ethtool family: headers, nested request headers,
 * string set lists, dumps). The handlers must answer every input without
 * crashing, and every reply must be well-formed netlink. The model has a
 * link of each driver (lo, virtio_net eth0, veth, bridge with a port,
 * tun, dummy), so every fill runs. */
#include <linux/netlink.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netlink/genl.h"
#include "scenario.h"
#include "fuzz_nl_drain.h"

static struct vn_model model;

static const char links[] =
	"{\"links\": ["
	"{\"ifindex\": 1, \"ifname\": \"lo\", \"flags\": [\"LOOPBACK\", \"UP\", \"LOWER_UP\"], \"link_type\": \"loopback\"},"
	"{\"ifindex\": 2, \"ifname\": \"eth0\", \"flags\": [\"UP\", \"LOWER_UP\"], \"link_type\": \"ether\"},"
	"{\"ifindex\": 3, \"ifname\": \"v0\", \"link_type\": \"ether\", \"linkinfo\": {\"info_kind\": \"veth\"}},"
	"{\"ifindex\": 4, \"ifname\": \"br0\", \"flags\": [\"UP\"], \"link_type\": \"ether\", \"linkinfo\": {\"info_kind\": \"bridge\"}},"
	"{\"ifindex\": 5, \"ifname\": \"p0\", \"flags\": [\"UP\", \"LOWER_UP\"], \"link_type\": \"ether\","
	" \"master\": \"br0\", \"linkinfo\": {\"info_kind\": \"veth\", \"info_slave_kind\": \"bridge\"}},"
	"{\"ifindex\": 6, \"ifname\": \"tap0\", \"link_type\": \"ether\", \"linkinfo\": {\"info_kind\": \"tun\","
	" \"info_data\": {\"type\": \"tap\"}}},"
	"{\"ifindex\": 7, \"ifname\": \"d0\", \"link_type\": \"ether\", \"linkinfo\": {\"info_kind\": \"dummy\"}}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		vn_model_init(&model);
		char err[256];
		if (vn_scenario_load_string(&model, links, strlen(links), "fuzz", err, sizeof(err)) < 0)
			abort();
		ready = 1;
	}
	uint8_t opts = size ? data[0] : 0;
	struct nl_ctx ctx = { .model = &model, .portid = 4242, .ext_ack = opts & 2, .cap_ack = opts & 4,
			      .cap_net_admin = opts & 8 };
	struct nl_out out;
	nl_out_init(&out);
	size_t plen = size ? size - 1 : 0;
	void *payload = malloc(plen ? plen : 1);
	if (plen)
		memcpy(payload, data + 1, plen);
	genl_rcv(&ctx, payload, plen, &out);
	free(payload);
	fuzz_nl_drain(&out, 32768, 4242);
	nl_out_free(&out);
	return 0;
}
