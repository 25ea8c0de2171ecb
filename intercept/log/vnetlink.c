/* See vnetlink.h. Follows strace 6.1's netlink.c: one message prints as
 * [header, payload], several as an array of those; the payload by the
 * socket's protocol (vrtnl.c, vsockdiag.c), an error with the request it
 * answers. */
#include "vnetlink.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "vnlattr.h"

/* nlmsg_type: the control messages, then the protocol's own (strace's
 * nlmsg_types[]), each with its unknown comment. */
static void print_type(struct vout *o, int protocol, uint16_t type)
{
	struct xlat x = xl_nlmsg_types;
	if (type >= NLMSG_MIN_TYPE && protocol == NETLINK_ROUTE)
		x.unknown = "RTM_???";
	else if (type >= NLMSG_MIN_TYPE && protocol == NETLINK_SOCK_DIAG)
		x = xl_sock_diag_types;
	vout_xlat(o, "nlmsg_type", &x, type);
}

/* The high flag bits mean what the request is: get, new, delete, or an
 * ack (strace's decode_nlmsg_flags). */
static const struct xlat *flags_of(int protocol, uint16_t type)
{
	if (type < NLMSG_MIN_TYPE)
		return type == NLMSG_ERROR ? &xl_nlmsg_flags_ack : NULL;
	if (protocol == NETLINK_SOCK_DIAG)
		return &xl_nlmsg_flags_get;
	if (protocol != NETLINK_ROUTE)
		return NULL;
	static const struct xlat *const by_kind[4] = { &xl_nlmsg_flags_new, &xl_nlmsg_flags_del,
						       &xl_nlmsg_flags_get, NULL };
	return type == RTM_DELACTION ? &xl_nlmsg_flags_get : by_kind[type & 3];
}

static void print_header(struct nl_ctx *n, int protocol, const struct nlmsghdr *h)
{
	struct vout *o = n->o;
	vout_struct(o, NULL);
	vout_uint(o, "nlmsg_len", h->nlmsg_len);
	print_type(o, protocol, h->nlmsg_type);
	struct xlat_row rows[16];
	size_t nrows = 0;
	const struct xlat *extra = flags_of(protocol, h->nlmsg_type);
	for (size_t i = 0; i < xl_nlmsg_flags_base.n && nrows < 16; i++)
		rows[nrows++] = xl_nlmsg_flags_base.rows[i];
	for (size_t i = 0; extra && i < extra->n && nrows < 16; i++)
		rows[nrows++] = extra->rows[i];
	const struct xlat flags = { rows, nrows, "NLM_F_???" };
	vout_flags(o, "nlmsg_flags", &flags, h->nlmsg_flags, NULL);
	vout_uint(o, "nlmsg_seq", h->nlmsg_seq);
	vout_uint(o, "nlmsg_pid", h->nlmsg_pid);
	vout_end(o);
}

static void message(struct nl_ctx *n, int protocol, const struct nlmsghdr *h, const unsigned char *p,
		    size_t mlen, int depth);

/* the extended ack: strace's nlmsgerr_nla_decoders */
static const struct nla_row nlmsgerr_rows[] = {
	NLA(NLMSGERR_ATTR_UNUSED, NK_HEX), NLA(NLMSGERR_ATTR_MSG, NK_STR),
	NLA(NLMSGERR_ATTR_OFFS, NK_U32), NLA(NLMSGERR_ATTR_COOKIE, NK_HEX),
	NLA(NLMSGERR_ATTR_POLICY, NK_NESTED), NLA(NLMSGERR_ATTR_MISS_TYPE, NK_U32),
	NLA(NLMSGERR_ATTR_MISS_NEST, NK_U32),
};
static const struct nla_table nlmsgerr_attrs = NLA_TABLE(nlmsgerr_rows, "NLMSGERR_ATTR_???");

/* strace's decode_nlmsgerr: the error, the request it answers (its
 * header, or the whole request unless capped), the extended ack. */
static void print_error(struct nl_ctx *n, int protocol, uint16_t flags, const unsigned char *p,
			size_t len, int depth)
{
	struct vout *o = n->o;
	struct nlmsgerr e;
	if (len < sizeof(e) || depth > 1) {
		vout_str(o, NULL, p, len, false, true);
		return;
	}
	memcpy(&e, p, sizeof(e));
	const unsigned char *q = p + offsetof(struct nlmsgerr, msg);
	len -= offsetof(struct nlmsgerr, msg);
	size_t mlen = e.msg.nlmsg_len > sizeof(e.msg) ? e.msg.nlmsg_len : sizeof(e.msg);
	size_t payload = flags & NLM_F_CAPPED ? sizeof(e.msg) : mlen;
	if (payload > len)
		payload = len;
	if (len > payload)
		vout_array(o, NULL);
	vout_struct(o, NULL);
	if (e.error < 0) {
		/* the program's bytes: INT_MIN has no negation, nor a name */
		const char *name = e.error > -4096 ? strerrorname_np(-e.error) : NULL;
		char raw[16], text[64];
		snprintf(raw, sizeof(raw), "%d", e.error);
		snprintf(text, sizeof(text), "-%s", name ? name : "E???");
		vout_xval(o, "error", raw, name ? text : NULL, NULL);
	} else {
		vout_int(o, "error", e.error);
	}
	vout_group(o, "msg");
	message(n, protocol, &e.msg, q, payload, depth + 1);
	vout_end(o);
	vout_end(o);
	if (len > payload) {
		nl_attrs(n, &nlmsgerr_attrs, q + payload, len - payload);
		vout_end(o);
	}
}

static void decode_payload(struct nl_ctx *n, int protocol, const struct nlmsghdr *h,
			   const unsigned char *p, size_t len, int depth)
{
	if (h->nlmsg_type == NLMSG_ERROR) {
		print_error(n, protocol, h->nlmsg_flags, p, len, depth);
	} else if (h->nlmsg_type >= NLMSG_MIN_TYPE && protocol == NETLINK_ROUTE) {
		vrtnl_body(n, h->nlmsg_type, p, len);
	} else if (h->nlmsg_type >= NLMSG_MIN_TYPE && protocol == NETLINK_SOCK_DIAG) {
		vsockdiag_body(n, h->nlmsg_flags, p, len);
	} else if (h->nlmsg_type == NLMSG_DONE && len == sizeof(int)) {
		int v;
		memcpy(&v, p, sizeof(v));
		vout_int(n->o, NULL, v);
	} else {
		vout_str(n->o, NULL, p, len, false, true);
	}
}

/* One message: its header alone, or [header, payload]. */
static void message(struct nl_ctx *n, int protocol, const struct nlmsghdr *h, const unsigned char *p,
		    size_t mlen, int depth)
{
	if (mlen > NLMSG_HDRLEN) {
		vout_tuple(n->o, NULL);
		print_header(n, protocol, h);
		decode_payload(n, protocol, h, p + NLMSG_HDRLEN, mlen - NLMSG_HDRLEN, depth);
		vout_end(n->o);
	} else {
		print_header(n, protocol, h);
	}
}

void vnetlink_decode(struct vout *o, int protocol, const struct vn_model *model, const void *data,
		     size_t len)
{
	struct nl_ctx n = { o, model, AF_UNSPEC };
	const unsigned char *p = data;
	bool array = false;
	for (unsigned elt = 0;; elt++) {
		if (len < sizeof(struct nlmsghdr)) {
			if (len || !elt)
				vout_str(o, NULL, p, len, false, false);
			break;
		}
		struct nlmsghdr h;
		memcpy(&h, p, sizeof(h));
		size_t mlen = h.nlmsg_len < len ? h.nlmsg_len : len;
		/* in size_t: NLMSG_ALIGN of a length near 4 GiB wraps to 0 in 32 bits */
		size_t step = ((size_t)h.nlmsg_len + NLMSG_ALIGNTO - 1) & ~(size_t)(NLMSG_ALIGNTO - 1);
		bool more = h.nlmsg_len >= NLMSG_HDRLEN && step < len;
		if (!array) {
			if (more)
				vout_array(o, NULL);
			else
				vout_group(o, NULL);
			array = true;
		}
		message(&n, protocol, &h, p, mlen, 0);
		if (!more)
			break;
		p += step;
		len -= step;
	}
	if (array)
		vout_end(o);
}
