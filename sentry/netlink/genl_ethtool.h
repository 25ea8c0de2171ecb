/* The ethtool genetlink family's internals: genl_ethtool.c parses the
 * request header and runs the default doit/dumpit of net/ethtool/netlink.c
 * over the message table; genl_ethtool_msgs.c fills each reply as its
 * net/ethtool/<msg>.c does. */
#ifndef VENEER_GENL_ETHTOOL_H
#define VENEER_GENL_ETHTOOL_H

#include "ethtool_drv.h"
#include "genl.h"

/* What a reply is filled from: the device, its driver, and the request
 * header's flags (ETHTOOL_FLAG_*). */
struct eth_req {
	struct genl_req *r;
	const struct vn_model *m;
	const struct vn_link *l;
	const struct vn_eth_driver *d;   /* NULL: a driver the model does not know */
	uint32_t flags;
};

/* One GET message: prepare_data's check (-EOPNOTSUPP where the driver
 * lacks the op) and fill_reply, writing the attributes after the header. */
struct eth_msg {
	uint8_t cmd, reply_cmd;
	int (*prepare)(const struct eth_req *e);
	void (*fill)(const struct eth_req *e, struct nlmsghdr *h);
};
extern const struct eth_msg eth_msgs[];
extern const size_t eth_nmsgs;

/* ethnl_put_bitset32 (net/ethtool/bitset.c): words of nbits, mask NULL
 * for a list without one (NOMASK), names for the verbose form. */
void eth_put_bitset(struct nlmsghdr *h, uint16_t type, const uint32_t *value, const uint32_t *mask,
		    uint32_t nbits, const char *const *names, bool compact);

/* STRSET_GET (genl_ethtool.c). */
int eth_strset(struct genl_req *r, const struct eth_req *e, const struct nlattr *sets,
	       bool counts_only, bool dump);

#endif
