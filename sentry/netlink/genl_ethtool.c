/* The ethtool genetlink family: its operations as a 6.18 kernel lists
 * them, the request header (ethnl_parse_header_dev_get), the default
 * doit and dumpit (ethnl_default_doit/_dumpit), and STRSET_GET.
 *
 * Every GET runs on the model's link and its driver (ethtool_drv.h); a
 * GET the model has no row for answers as the drivers modelled do
 * without the op (EOPNOTSUPP). SET and ACT operations check
 * CAP_NET_ADMIN and the device, then are EOPNOTSUPP: the model does not
 * change through ethtool (docs/design.md). */
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <string.h>

#include "genl_ethtool.h"

#define HEADER_MAX 4            /* ETHTOOL_A_HEADER_PHY_INDEX */
#define FLAGS_BASIC 7u          /* COMPACT_BITSETS | OMIT_REPLY | STATS */
#define MSG_MAX_ATTRS 16
#define SS_COUNT 23             /* ETH_SS_COUNT of 6.18 (ETH_SS_TS_FLAGS is 22) */

/* the request's own attributes a message accepts (its policy's size) */
static uint16_t msg_maxattr(uint8_t cmd)
{
	switch (cmd) {
	case ETHTOOL_MSG_STRSET_GET: return ETHTOOL_A_STRSET_COUNTS_ONLY;
	case ETHTOOL_MSG_STATS_GET: return 5;    /* HEADER, GROUPS, ..., SRC */
	case ETHTOOL_MSG_TSINFO_GET: return 9;   /* HEADER ... HWTSTAMP_PROVIDER */
	default: return 1;                       /* the header alone */
	}
}

static const char *attr_str(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static bool attr_u32(const struct nlattr *a, uint32_t *v)
{
	if (a->nla_len != NLA_HDRLEN + 4)
		return false;
	memcpy(v, (const char *)a + NLA_HDRLEN, 4);
	return true;
}

/* ethnl_parse_header_dev_get: 0 with e->l set (or NULL when the header
 * names no device and none is required), or -errno with the ext-ack */
static int parse_header(struct genl_req *r, const struct nlattr *hdr, bool require_dev,
			struct eth_req *e)
{
	if (!hdr) {
		if (!require_dev)
			return 0;
		r->ext_msg = "request header missing";
		return -EINVAL;
	}
	uint32_t hdr_off = (uint32_t)((const char *)hdr - (const char *)r->nlh);
	if (!(hdr->nla_type & NLA_F_NESTED)) {
		r->ext_msg = "NLA_F_NESTED is missing";
		r->ext_off = hdr_off;
		return -EINVAL;
	}
	const struct nlattr *tb[HEADER_MAX + 1];
	int err = genl_parse_nest(r, hdr, tb, HEADER_MAX);
	if (err)
		return err;
	const struct nlattr *name = tb[ETHTOOL_A_HEADER_DEV_NAME];
	if (name && !memchr(attr_str(name), 0, name->nla_len - NLA_HDRLEN)) {
		r->ext_off = (uint32_t)((const char *)name - (const char *)r->nlh);
		return -EINVAL;
	}
	uint32_t v;
	if (tb[ETHTOOL_A_HEADER_FLAGS]) {
		if (!attr_u32(tb[ETHTOOL_A_HEADER_FLAGS], &v))
			return -ERANGE;
		if (v & ~FLAGS_BASIC) {
			r->ext_msg = "reserved bit set";
			r->ext_off = (uint32_t)((const char *)tb[ETHTOOL_A_HEADER_FLAGS] - (const char *)r->nlh);
			return -EINVAL;
		}
		e->flags = v;
	}
	if (tb[ETHTOOL_A_HEADER_DEV_INDEX]) {
		if (!attr_u32(tb[ETHTOOL_A_HEADER_DEV_INDEX], &v))
			return -ERANGE;
		e->l = vn_link_by_index(e->m, (int)v);
		if (!e->l) {
			r->ext_msg = "no device matches ifindex";
			r->ext_off = (uint32_t)((const char *)tb[ETHTOOL_A_HEADER_DEV_INDEX] - (const char *)r->nlh);
			return -ENODEV;
		}
		if (name && strncmp(e->l->name, attr_str(name), IFNAMSIZ)) {
			r->ext_msg = "ifindex and name do not match";
			r->ext_off = hdr_off;
			return -ENODEV;
		}
	} else if (name) {
		e->l = vn_link_by_name(e->m, attr_str(name));
		if (!e->l) {
			r->ext_msg = "no device matches name";
			r->ext_off = (uint32_t)((const char *)name - (const char *)r->nlh);
			return -ENODEV;
		}
	} else if (require_dev) {
		r->ext_msg = "neither ifindex nor name specified";
		r->ext_off = hdr_off;
		return -EINVAL;
	}
	if (e->l)
		e->d = vn_eth_driver_of(e->l);
	return 0;
}

static const struct eth_msg *msg_of(uint8_t cmd)
{
	for (size_t i = 0; i < eth_nmsgs; i++)
		if (eth_msgs[i].cmd == cmd)
			return &eth_msgs[i];
	return NULL;
}

/* ethnl_reply_init and ethnl_fill_reply_header: the family's version,
 * the device's index and name in a nest */
static struct nlmsghdr *reply_start(const struct eth_req *e, uint8_t cmd, bool dump)
{
	struct nlmsghdr *h = genl_msg_start(e->r, 0x15, cmd, 1, dump);
	if (e->l) {
		struct nlattr *n = genl_nest(h, 1 /* ETHTOOL_A_*_HEADER */, true);
		genl_put_u32(h, ETHTOOL_A_HEADER_DEV_INDEX, (uint32_t)e->l->ifindex);
		genl_put_str(h, ETHTOOL_A_HEADER_DEV_NAME, e->l->name);
		genl_nest_end(h, n);
	}
	return h;
}

static int prepare(const struct eth_msg *msg, const struct eth_req *e)
{
	if (!msg || !e->d)
		return -EOPNOTSUPP;
	return msg->prepare ? msg->prepare(e) : 0;
}

static int request(struct genl_req *r, struct eth_req *e, const struct nlattr **tb, bool dump)
{
	const struct genlmsghdr *g = NLMSG_DATA(r->nlh);
	uint16_t max = msg_maxattr(g->cmd);
	e->r = r;
	e->m = r->ctx->model;
	int err = genl_parse(r, 0, tb, max, true);
	if (err)
		return err;
	bool nodev = dump || g->cmd == ETHTOOL_MSG_STRSET_GET;
	return parse_header(r, tb[1], !nodev, e);
}

static int eth_doit(struct genl_req *r)
{
	const struct nlattr *tb[MSG_MAX_ATTRS];
	struct eth_req e = { 0 };
	int err = request(r, &e, tb, false);
	if (err)
		return err;
	const struct genlmsghdr *g = NLMSG_DATA(r->nlh);
	if (g->cmd == ETHTOOL_MSG_STRSET_GET)
		return eth_strset(r, &e, tb[ETHTOOL_A_STRSET_STRINGSETS],
				  tb[ETHTOOL_A_STRSET_COUNTS_ONLY] != NULL, false);
	const struct eth_msg *msg = msg_of(g->cmd);
	err = prepare(msg, &e);
	if (err)
		return err;
	struct nlmsghdr *h = reply_start(&e, msg->reply_cmd, false);
	msg->fill(&e, h);
	genl_msg_emit(r, h, false);
	return 0;
}

/* ethnl_default_dumpit: every device in ifindex order; a device whose
 * driver lacks the op is skipped */
static int eth_dumpit(struct genl_req *r)
{
	const struct nlattr *tb[MSG_MAX_ATTRS];
	struct eth_req base = { 0 };
	int err = request(r, &base, tb, true);
	if (err)
		return err;
	const struct genlmsghdr *g = NLMSG_DATA(r->nlh);
	const struct eth_msg *msg = msg_of(g->cmd);
	for (size_t i = 0; i < base.m->nlinks; i++) {
		struct eth_req e = base;
		e.l = &base.m->links[i];
		e.d = vn_eth_driver_of(e.l);
		if (g->cmd == ETHTOOL_MSG_STRSET_GET) {
			eth_strset(r, &e, tb[ETHTOOL_A_STRSET_STRINGSETS],
				   tb[ETHTOOL_A_STRSET_COUNTS_ONLY] != NULL, true);
			continue;
		}
		err = prepare(msg, &e);
		if (err == -EOPNOTSUPP)
			continue;
		if (err)
			return err;
		struct nlmsghdr *h = reply_start(&e, msg->reply_cmd, true);
		msg->fill(&e, h);
		genl_msg_emit(r, h, true);
	}
	return 0;
}

/* SET and ACT: the device is looked up as the kernel does, then the
 * model refuses the change */
static int eth_set(struct genl_req *r)
{
	const struct nlattr *tb[MSG_MAX_ATTRS];
	struct eth_req e = { 0 };
	const struct genlmsghdr *g = NLMSG_DATA(r->nlh);
	e.r = r;
	e.m = r->ctx->model;
	/* SET policies are wider than GETs': only the header is read here */
	int err = genl_parse(r, 0, tb, MSG_MAX_ATTRS - 1, false);
	if (err)
		return err;
	(void)g;
	err = parse_header(r, tb[1], true, &e);
	return err ? err : -EOPNOTSUPP;
}

#define GET(c) { c, GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP | GENL_CMD_CAP_HASPOL, eth_doit, eth_dumpit }
#define GET_ADMIN(c) { c, GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP | \
		       GENL_CMD_CAP_HASPOL, eth_doit, eth_dumpit }
#define SET(c) { c, GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO | GENL_CMD_CAP_HASPOL, eth_set, NULL }

/* ethtool_genl_ops of 6.18, in its order (what CTRL_ATTR_OPS lists):
 * ETHTOOL_MSG_STRSET_GET (1) ... RSS_DELETE_ACT (50) */
const struct genl_op genl_ethtool_ops[] = {
	GET(1), GET(2), SET(3), GET(4), SET(5), GET(6), GET(7), SET(8), GET_ADMIN(9), SET(10),
	GET(11), SET(12), GET(13), SET(14), GET(15), SET(16), GET(17), SET(18), GET(19), SET(20),
	GET(21), SET(22), GET(23), SET(24), GET(25), SET(26), SET(27), GET(28), GET(29), SET(30),
	GET_ADMIN(31), GET(32), GET(33), GET(34), SET(35), GET(36), SET(37), GET(38), GET(39),
	SET(40), GET(41), GET(42), SET(43), SET(44), GET(45), GET(46), SET(47), SET(48), SET(49),
	SET(50),
};
const size_t genl_ethtool_nops = sizeof(genl_ethtool_ops) / sizeof(genl_ethtool_ops[0]);

void eth_put_bitset(struct nlmsghdr *h, uint16_t type, const uint32_t *value, const uint32_t *mask,
		    uint32_t nbits, const char *const *names, bool compact)
{
	struct nlattr *n = genl_nest(h, type, true);
	if (!mask)
		genl_put(h, ETHTOOL_A_BITSET_NOMASK, NULL, 0);
	genl_put_u32(h, ETHTOOL_A_BITSET_SIZE, nbits);
	size_t words = (nbits + 31) / 32;
	if (compact) {
		genl_put(h, ETHTOOL_A_BITSET_VALUE, value, words * 4);
		if (mask)
			genl_put(h, ETHTOOL_A_BITSET_MASK, mask, words * 4);
	} else {
		struct nlattr *bits = genl_nest(h, ETHTOOL_A_BITSET_BITS, true);
		const uint32_t *which = mask ? mask : value;
		for (uint32_t i = 0; i < nbits; i++) {
			if (!(which[i / 32] >> (i % 32) & 1))
				continue;
			struct nlattr *b = genl_nest(h, ETHTOOL_A_BITSET_BITS_BIT, true);
			genl_put_u32(h, ETHTOOL_A_BITSET_BIT_INDEX, i);
			if (names)
				genl_put_str(h, ETHTOOL_A_BITSET_BIT_NAME, names[i]);
			if (mask && (value[i / 32] >> (i % 32) & 1))
				genl_put(h, ETHTOOL_A_BITSET_BIT_VALUE, NULL, 0);
			genl_nest_end(h, b);
		}
		genl_nest_end(h, bits);
	}
	genl_nest_end(h, n);
}

/* A set's count and name i: the kernel's global sets, or the device's
 * statistics (the only per-device set the modelled drivers have). */
static bool set_info(const struct eth_req *e, uint32_t id, uint32_t *count)
{
	if (id == ETH_SS_STATS) {
		*count = e->l && e->d ? vn_eth_n_stats(e->d) : 0;
		return e->l != NULL;
	}
	const struct vn_eth_strset *s = vn_eth_strset(id);
	*count = s ? s->count : 0;
	return id < SS_COUNT && id != ETH_SS_TEST && id != ETH_SS_PRIV_FLAGS &&
	       id != ETH_SS_PHY_STATS;
}

static const char *set_name(const struct eth_req *e, uint32_t id, uint32_t i)
{
	return id == ETH_SS_STATS ? e->d->stats[i] : vn_eth_strset(id)->names[i];
}

static bool per_dev(uint32_t id)
{
	return id == ETH_SS_TEST || id == ETH_SS_STATS || id == ETH_SS_PRIV_FLAGS ||
	       id == ETH_SS_PHY_STATS;
}

/* strset_prepare_data and strset_fill_reply: the sets asked for, or
 * when none is named the device's own (with a device) or the kernel's
 * (without); those without strings left out */
int eth_strset(struct genl_req *r, const struct eth_req *e, const struct nlattr *sets,
	       bool counts_only, bool dump)
{
	bool want[SS_COUNT] = { 0 };
	if (sets) {
		const char *p = (const char *)sets + NLA_HDRLEN;
		size_t len = sets->nla_len - NLA_HDRLEN;
		while (len >= NLA_HDRLEN) {
			const struct nlattr *s = (const struct nlattr *)p;
			if (s->nla_len < NLA_HDRLEN || s->nla_len > len)
				return -EINVAL;
			const struct nlattr *tb[ETHTOOL_A_STRINGSET_STRINGS + 1];
			int err = genl_parse_nest(r, s, tb, ETHTOOL_A_STRINGSET_STRINGS);
			if (err)
				return err;
			uint32_t id;
			if (!tb[ETHTOOL_A_STRINGSET_ID] || !attr_u32(tb[ETHTOOL_A_STRINGSET_ID], &id))
				return -EINVAL;
			if (id >= SS_COUNT) {
				r->ext_msg = "unknown string set id";
				return -EOPNOTSUPP;
			}
			uint32_t c;
			if (!set_info(e, id, &c) && !e->l) {
				r->ext_msg = "requested per device strings without dev";
				return -EINVAL;
			}
			want[id] = true;
			size_t step = (size_t)NLA_ALIGN(s->nla_len) < len ? (size_t)NLA_ALIGN(s->nla_len) : len;
			p += step;
			len -= step;
		}
	}
	struct nlmsghdr *h = reply_start(e, ETHTOOL_MSG_STRSET_GET_REPLY, dump);
	struct nlattr *all = genl_nest(h, ETHTOOL_A_STRSET_STRINGSETS, true);
	for (uint32_t id = 0; id < SS_COUNT; id++) {
		uint32_t count;
		set_info(e, id, &count);
		if ((sets && !want[id]) || (!sets && per_dev(id) != (e->l != NULL)) || !count)
			continue;
		struct nlattr *s = genl_nest(h, ETHTOOL_A_STRINGSETS_STRINGSET, true);
		genl_put_u32(h, ETHTOOL_A_STRINGSET_ID, id);
		genl_put_u32(h, ETHTOOL_A_STRINGSET_COUNT, count);
		if (!counts_only) {
			struct nlattr *strs = genl_nest(h, ETHTOOL_A_STRINGSET_STRINGS, true);
			for (uint32_t i = 0; i < count; i++) {
				struct nlattr *one = genl_nest(h, ETHTOOL_A_STRINGS_STRING, true);
				genl_put_u32(h, ETHTOOL_A_STRING_INDEX, i);
				genl_put_str(h, ETHTOOL_A_STRING_VALUE, set_name(e, id, i));
				genl_nest_end(h, one);
			}
			genl_nest_end(h, strs);
		}
		genl_nest_end(h, s);
	}
	genl_nest_end(h, all);
	genl_msg_emit(r, h, dump);
	return 0;
}
