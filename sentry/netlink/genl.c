/* NETLINK_GENERIC: the family table and the receive loop.
 *
 * Mirrors net/netlink/genetlink.c: genl_rcv_msg finds the family by the
 * message type (ENOENT for an id nobody registered), genl_family_rcv_msg
 * checks the header's length (EINVAL), finds the operation by cmd
 * (EOPNOTSUPP), its permission (EPERM: GENL_ADMIN_PERM and
 * GENL_UNS_ADMIN_PERM are CAP_NET_ADMIN here), and runs the dump
 * (NLM_F_DUMP) or the doit. Errors, and successes asked to be acked, get
 * NLMSG_ERROR; a dump ends with NLMSG_DONE and is never acked.
 *
 * Family and multicast group ids are allocated at boot in registration
 * order; these are a 6.18 kernel's with the usual built-ins (thermal,
 * netdev before ethtool). */
#include "genl.h"

#include <errno.h>
#include <string.h>

/* In registration order: the order CTRL_CMD_GETFAMILY dumps them. */
const struct genl_family genl_families[] = {
	{ "nlctrl", GENL_ID_CTRL, 2, 0, 0, "notify", GENL_ID_CTRL },
	{ "ethtool", 0x15, 1, 0, 0, "monitor", 6 },
};
const size_t genl_nfamilies = sizeof(genl_families) / sizeof(genl_families[0]);

static const struct genl_op *family_ops(const struct genl_family *f, size_t *n)
{
	if (f->id == GENL_ID_CTRL) {
		*n = genl_ctrl_nops;
		return genl_ctrl_ops;
	}
	*n = genl_ethtool_nops;
	return genl_ethtool_ops;
}

static char msg_buf[GENL_MSG_MAX] __attribute__((aligned(8)));

struct nlmsghdr *genl_msg_start(const struct genl_req *r, uint16_t type, uint8_t cmd,
				uint8_t version, bool multi)
{
	struct nlmsghdr *h = (struct nlmsghdr *)msg_buf;
	h->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	h->nlmsg_type = type;
	h->nlmsg_flags = multi ? NLM_F_MULTI : 0;
	h->nlmsg_seq = r->nlh->nlmsg_seq;
	h->nlmsg_pid = r->ctx->portid;
	struct genlmsghdr *g = NLMSG_DATA(h);
	g->cmd = cmd;
	g->version = version;
	return h;
}

void genl_msg_emit(const struct genl_req *r, struct nlmsghdr *nlh, bool dump)
{
	nl_out_add(r->out, nlh, !dump);
	memset(nlh, 0, nlh->nlmsg_len);
}

void genl_put(struct nlmsghdr *h, uint16_t type, const void *data, size_t len)
{
	size_t room = NLA_ALIGN(NLA_HDRLEN + len);
	if (h->nlmsg_len + room > GENL_MSG_MAX || NLA_HDRLEN + len > UINT16_MAX)
		return;   /* no reply here comes near the buffer's size */
	struct nlattr *a = (struct nlattr *)((char *)h + h->nlmsg_len);
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	a->nla_type = type;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	h->nlmsg_len += (uint32_t)room;
}

void genl_put_u8(struct nlmsghdr *h, uint16_t type, uint8_t v) { genl_put(h, type, &v, 1); }
void genl_put_u16(struct nlmsghdr *h, uint16_t type, uint16_t v) { genl_put(h, type, &v, 2); }
void genl_put_u32(struct nlmsghdr *h, uint16_t type, uint32_t v) { genl_put(h, type, &v, 4); }
void genl_put_str(struct nlmsghdr *h, uint16_t type, const char *s) { genl_put(h, type, s, strlen(s) + 1); }

struct nlattr *genl_nest(struct nlmsghdr *h, uint16_t type, bool flag)
{
	struct nlattr *a = (struct nlattr *)((char *)h + h->nlmsg_len);
	uint32_t before = h->nlmsg_len;
	genl_put(h, flag ? (uint16_t)(type | NLA_F_NESTED) : type, NULL, 0);
	return h->nlmsg_len == before ? NULL : a;
}

void genl_nest_end(struct nlmsghdr *h, struct nlattr *nest)
{
	if (!nest)
		return;
	size_t len = (size_t)((char *)h + h->nlmsg_len - (char *)nest);
	nest->nla_len = (uint16_t)(len > UINT16_MAX ? UINT16_MAX : len);
}

static int parse_attrs(struct genl_req *r, const char *p, size_t len, const struct nlattr **tb,
		       uint16_t max, bool strict)
{
	for (uint16_t i = 0; i <= max; i++)
		tb[i] = NULL;
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		if (a->nla_len < NLA_HDRLEN || a->nla_len > len) {
			r->ext_off = (uint32_t)(p - (const char *)r->nlh);
			return -EINVAL;
		}
		uint16_t type = a->nla_type & NLA_TYPE_MASK;
		if (type > max && strict) {
			/* strict validation (GENL_DONT_VALIDATE_STRICT unset) */
			r->ext_msg = "Unknown attribute type";
			r->ext_off = (uint32_t)(p - (const char *)r->nlh);
			return -EINVAL;
		}
		if (type <= max)
			tb[type] = a;
		size_t step = NLA_ALIGN(a->nla_len);
		if (step > len)
			step = len;
		p += step;
		len -= step;
	}
	if (len && strict) {
		r->ext_msg = "bytes leftover after parsing attributes";
		return -EINVAL;
	}
	return 0;
}

int genl_parse(struct genl_req *r, size_t hdrsize, const struct nlattr **tb, uint16_t max,
	       bool strict)
{
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN + NLMSG_ALIGN(hdrsize);
	if (r->nlh->nlmsg_len < off) {
		for (uint16_t i = 0; i <= max; i++)
			tb[i] = NULL;
		return 0;
	}
	return parse_attrs(r, (const char *)r->nlh + off, r->nlh->nlmsg_len - off, tb, max, strict);
}

int genl_parse_nest(struct genl_req *r, const struct nlattr *nest, const struct nlattr **tb,
		    uint16_t max)
{
	return parse_attrs(r, (const char *)nest + NLA_HDRLEN, nest->nla_len - NLA_HDRLEN, tb, max, true);
}

/* genl_family_rcv_msg: 1 when a dump answered (no ack), else 0 or -errno */
static int dispatch(struct genl_req *r)
{
	const struct nlmsghdr *nlh = r->nlh;
	const struct genl_family *f = NULL;
	for (size_t i = 0; i < genl_nfamilies; i++)
		if (genl_families[i].id == nlh->nlmsg_type)
			f = &genl_families[i];
	if (!f)
		return -ENOENT;
	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN + f->hdrsize))
		return -EINVAL;
	const struct genlmsghdr *g = NLMSG_DATA(nlh);
	size_t nops;
	const struct genl_op *ops = family_ops(f, &nops), *op = NULL;
	for (size_t i = 0; i < nops; i++)
		if (ops[i].cmd == g->cmd)
			op = &ops[i];
	bool dump = (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	if (!op || !(dump ? op->dumpit : op->doit))
		return -EOPNOTSUPP;
	if ((op->flags & (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM)) && !r->ctx->cap_net_admin)
		return -EPERM;
	if (!dump)
		return op->doit(r);
	int err = op->dumpit(r);
	/* netlink_dump_done: the error, if any, rides on NLMSG_DONE */
	nl_out_done(r->out, nlh, r->ctx->portid, err < 0 ? err : 0, true);
	return 1;
}

static size_t extack_tlvs(const struct genl_req *r, int err, char *buf, size_t size)
{
	size_t n = 0;
	if (r->ext_msg && err) {
		size_t len = strlen(r->ext_msg) + 1;
		if (NLA_ALIGN(NLA_HDRLEN + len) <= size) {
			struct nlattr *a = (struct nlattr *)buf;
			a->nla_len = (uint16_t)(NLA_HDRLEN + len);
			a->nla_type = NLMSGERR_ATTR_MSG;
			memcpy(buf + NLA_HDRLEN, r->ext_msg, len);
			memset(buf + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
			n = NLA_ALIGN(NLA_HDRLEN + len);
		}
	}
	if (r->ext_off && err && n + NLA_HDRLEN + 4 <= size) {
		struct nlattr *a = (struct nlattr *)(buf + n);
		a->nla_len = NLA_HDRLEN + 4;
		a->nla_type = NLMSGERR_ATTR_OFFS;
		memcpy(buf + n + NLA_HDRLEN, &r->ext_off, 4);
		n += NLA_HDRLEN + 4;
	}
	return n;
}

void genl_rcv(struct nl_ctx *ctx, const void *payload, size_t len, struct nl_out *out)
{
	const char *p = payload;
	while (len >= NLMSG_HDRLEN) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)p;
		if (nlh->nlmsg_len < NLMSG_HDRLEN || len < nlh->nlmsg_len)
			return;
		struct genl_req r = { .ctx = ctx, .nlh = nlh, .out = out };
		int err = 0;
		if ((nlh->nlmsg_flags & NLM_F_REQUEST) && nlh->nlmsg_type >= NLMSG_MIN_TYPE)
			err = dispatch(&r);
		if (err < 0 || (err == 0 && (nlh->nlmsg_flags & NLM_F_ACK))) {
			char tlv[256];
			size_t n = ctx->ext_ack ? extack_tlvs(&r, err, tlv, sizeof(tlv)) : 0;
			nl_out_error_tlvs(out, nlh, ctx->portid, err < 0 ? err : 0, ctx->cap_ack, tlv, n);
		}
		size_t msglen = NLMSG_ALIGN(nlh->nlmsg_len);
		if (msglen > len)
			msglen = len;
		p += msglen;
		len -= msglen;
	}
}
