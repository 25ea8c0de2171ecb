/* NETLINK_GENERIC: the families the model serves (genl.c: the family
 * table and the receive loop of genl_rcv_msg; genl_ctrl.c: nlctrl;
 * genl_ethtool*.c: ethtool). A kernel without a family (nl80211,
 * devlink, team, wireguard ...) answers CTRL_CMD_GETFAMILY with ENOENT and
 * a message to an unknown id with ENOENT: so does the model. */
#ifndef VENEER_GENL_H
#define VENEER_GENL_H

#include <linux/genetlink.h>

#include "nl_handler.h"

/* Handle every message of one sendmsg payload (netlink_rcv_skb). */
void genl_rcv(struct nl_ctx *ctx, const void *payload, size_t len, struct nl_out *out);

/* --- internal ----------------------------------------------------------- */

#define GENL_MSG_MAX 32768  /* the largest message a reply builds (every string set: ~14 KiB) */

struct genl_req {
	struct nl_ctx *ctx;
	const struct nlmsghdr *nlh;
	struct nl_out *out;
	const char *ext_msg;      /* the ext-ack message an error carries, or NULL */
	uint32_t ext_off;         /* its attribute's offset in the request, 0 = none */
};

/* One operation of a family (struct genl_split_ops made whole): the
 * request's cmd, the flags CTRL_ATTR_OP_FLAGS reports (GENL_CMD_CAP_*,
 * GENL_*ADMIN_PERM), and what runs it. */
struct genl_op {
	uint8_t cmd;
	uint32_t flags;
	int (*doit)(struct genl_req *r);
	int (*dumpit)(struct genl_req *r);
};

struct genl_family {
	const char *name;
	uint16_t id;
	uint32_t version, hdrsize, maxattr;
	const char *mcgrp;        /* its multicast group (both families have one) */
	uint32_t mcgrp_id;
};

extern const struct genl_family genl_families[];
extern const size_t genl_nfamilies;

/* A reply under construction: a header with the request's seq and the
 * socket's port id, then the genl header (cmd, version). One buffer,
 * zeroed after each emit (no supervisor byte reaches the program). */
struct nlmsghdr *genl_msg_start(const struct genl_req *r, uint16_t type, uint8_t cmd,
				uint8_t version, bool multi);
void genl_msg_emit(const struct genl_req *r, struct nlmsghdr *nlh, bool dump);
/* Attributes (libmnl would stop at its own limit; these stop at the
 * buffer's): a nest without NLA_F_NESTED is what nla_nest_start_noflag
 * makes. */
struct nlattr *genl_nest(struct nlmsghdr *h, uint16_t type, bool flag);
void genl_nest_end(struct nlmsghdr *h, struct nlattr *nest);
void genl_put(struct nlmsghdr *h, uint16_t type, const void *data, size_t len);
void genl_put_u8(struct nlmsghdr *h, uint16_t type, uint8_t v);
void genl_put_u16(struct nlmsghdr *h, uint16_t type, uint16_t v);
void genl_put_u32(struct nlmsghdr *h, uint16_t type, uint32_t v);
void genl_put_str(struct nlmsghdr *h, uint16_t type, const char *s);

/* The request's attributes after the genl header (and the family's
 * own header): tb[type] for 1..max, NULL where absent. Attributes must
 * be well formed (else -EINVAL, with the offset); strict: a type above
 * max, or bytes after the last, are EINVAL too (else ignored, as under
 * GENL_DONT_VALIDATE_STRICT). */
int genl_parse(struct genl_req *r, size_t hdrsize, const struct nlattr **tb, uint16_t max,
	       bool strict);
/* The same for a nest's payload. */
int genl_parse_nest(struct genl_req *r, const struct nlattr *nest, const struct nlattr **tb,
		    uint16_t max);

/* nlctrl (genl_ctrl.c) and ethtool (genl_ethtool.c) operations. */
extern const struct genl_op genl_ctrl_ops[];
extern const size_t genl_ctrl_nops;
extern const struct genl_op genl_ethtool_ops[];
extern const size_t genl_ethtool_nops;

#endif
