/* The queue of netlink messages a socket has yet to deliver.
 *
 * Messages are stored back to back, each padded to NLMSG_ALIGNTO, with a
 * mark per message. Datagram boundaries are decided only when a reader asks
 * (nl_out_peek_dgram), because the kernel sizes each dump skb from the
 * largest buffer the reader has used so far (netlink_dump's
 * max_recvmsg_len), which is known only at recv time. */
#include "nlout.h"

#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>

void nl_out_init(struct nl_out *o)
{
	buf_init(&o->data);
	o->marks = NULL;
	o->n = o->cap = o->head = 0;
}

void nl_out_free(struct nl_out *o)
{
	buf_free(&o->data);
	free(o->marks);
	nl_out_init(o);
}

void nl_out_compact(struct nl_out *o)
{
	if (o->head == 0)
		return;
	if (o->head >= o->n) {
		o->n = o->head = 0;
		buf_reset(&o->data);
		return;
	}
	uint32_t base = o->marks[o->head].off;
	memmove(o->data.data, o->data.data + base, o->data.len - base);
	o->data.len -= base;
	memmove(o->marks, o->marks + o->head, (o->n - o->head) * sizeof(*o->marks));
	o->n -= o->head;
	o->head = 0;
	for (size_t i = 0; i < o->n; i++)
		o->marks[i].off -= base;
}

static void add_mark(struct nl_out *o, const struct nlmsghdr *nlh, size_t bytes, bool alone,
		     uint32_t groups)
{
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 16;
		struct nl_mark *p = realloc(o->marks, cap * sizeof(*p));
		if (!p)
			abort();
		o->marks = p;
		o->cap = cap;
	}
	uint32_t len = NLMSG_ALIGN((uint32_t)bytes);
	uint32_t off = (uint32_t)o->data.len;
	char *dst = buf_reserve(&o->data, len);
	memcpy(dst, nlh, bytes);
	memset(dst + bytes, 0, len - bytes);
	o->data.len += len;
	o->marks[o->n++] = (struct nl_mark){ .off = off, .len = len, .alone = alone, .groups = groups };
}

void nl_out_add(struct nl_out *o, const struct nlmsghdr *nlh, bool alone)
{
	add_mark(o, nlh, nlh->nlmsg_len, alone, 0);
}

void nl_out_add_group(struct nl_out *o, const struct nlmsghdr *nlh, size_t len, uint32_t groups)
{
	add_mark(o, nlh, len, true, groups);
}

/* NLMSG_DONE closes a dump. netlink_dump appends it to the skb of the dump
 * call that returned 0; a dump function that returns the skb length after
 * its last messages makes one more call, so DONE comes alone. */
void nl_out_done(struct nl_out *o, const struct nlmsghdr *req, uint32_t portid, int err,
		 bool alone)
{
	nl_out_done_tlvs(o, req, portid, err, alone, NULL, 0, 0);
}

void nl_out_done_tlvs(struct nl_out *o, const struct nlmsghdr *req, uint32_t portid, int err,
		      bool alone, const void *tlvs, size_t tlvlen, uint16_t flags)
{
	char mem[NLMSG_LENGTH(sizeof(int)) + 512] __attribute__((aligned(4))) = { 0 };
	if (tlvlen > sizeof(mem) - NLMSG_LENGTH(sizeof(int)))
		tlvlen = 0;
	struct nlmsghdr *h = (struct nlmsghdr *)mem;
	*h = (struct nlmsghdr){ .nlmsg_len = (uint32_t)(NLMSG_LENGTH(sizeof(int)) + tlvlen),
				.nlmsg_type = NLMSG_DONE,
				.nlmsg_flags = NLM_F_MULTI | flags | (tlvlen ? NLM_F_ACK_TLVS : 0),
				.nlmsg_seq = req->nlmsg_seq, .nlmsg_pid = portid };
	memcpy(NLMSG_DATA(h), &err, sizeof(err));
	if (tlvlen)
		memcpy(mem + NLMSG_LENGTH(sizeof(int)), tlvs, tlvlen);
	nl_out_add(o, h, alone);
}

/* As netlink_ack builds it: the request is echoed whole for errors unless
 * NETLINK_CAP_ACK; acks always echo the header only and say NLM_F_CAPPED.
 * With NETLINK_EXT_ACK an error carries NLMSGERR_ATTR_MSG. */
void nl_out_error(struct nl_out *o, const struct nlmsghdr *req, uint32_t portid,
		  int err, bool cap_ack, const char *ext_ack_msg)
{
	size_t msglen = ext_ack_msg && err ? strlen(ext_ack_msg) + 1 : 0;
	size_t tlvlen = msglen ? NLA_ALIGN(NLA_HDRLEN + msglen) : 0;
	char *tlv = tlvlen ? calloc(1, tlvlen) : NULL;
	if (tlvlen && !tlv)
		abort();
	if (tlv) {
		struct nlattr *a = (struct nlattr *)tlv;
		a->nla_type = NLMSGERR_ATTR_MSG;
		a->nla_len = (uint16_t)(NLA_HDRLEN + msglen);
		memcpy(tlv + NLA_HDRLEN, ext_ack_msg, msglen);
	}
	nl_out_error_tlvs(o, req, portid, err, cap_ack, tlv, tlvlen);
	free(tlv);
}

void nl_out_error_tlvs(struct nl_out *o, const struct nlmsghdr *req, uint32_t portid, int err,
		       bool cap_ack, const void *tlvs, size_t tlvlen)
{
	uint16_t flags = 0;
	size_t payload = sizeof(struct nlmsgerr);
	bool echo = err && !cap_ack;
	if (echo)
		payload += req->nlmsg_len - NLMSG_HDRLEN;
	else
		flags |= NLM_F_CAPPED;
	if (tlvlen)
		flags |= NLM_F_ACK_TLVS;
	size_t total = NLMSG_LENGTH(NLMSG_ALIGN(payload)) + tlvlen;
	char *mem = calloc(1, total);
	if (!mem)
		abort();
	struct nlmsghdr *h = (struct nlmsghdr *)mem;
	*h = (struct nlmsghdr){ .nlmsg_len = (uint32_t)total, .nlmsg_type = NLMSG_ERROR,
				.nlmsg_flags = flags, .nlmsg_seq = req->nlmsg_seq,
				.nlmsg_pid = portid };
	struct nlmsgerr *e = NLMSG_DATA(h);
	e->error = err;
	memcpy(&e->msg, req, echo ? req->nlmsg_len : sizeof(*req));
	if (tlvlen)
		memcpy(mem + NLMSG_LENGTH(NLMSG_ALIGN(payload)), tlvs, tlvlen);
	nl_out_add(o, h, true);
	free(mem);
}

static bool is_done(const struct nl_out *o, const struct nl_mark *mk)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)(o->data.data + mk->off);
	return h->nlmsg_type == NLMSG_DONE;
}

bool nl_out_peek_dgram(const struct nl_out *o, size_t limit, uint32_t *off,
		       uint32_t *len, uint32_t *groups, size_t *nmarks)
{
	if (o->head >= o->n)
		return false;
	const struct nl_mark *first = &o->marks[o->head];
	size_t i = o->head + 1;
	uint32_t total = first->len;
	/* A dump ends with its NLMSG_DONE: the next dump starts a new skb. */
	if (!first->alone && !is_done(o, first)) {
		while (i < o->n && !o->marks[i].alone && total + o->marks[i].len <= limit) {
			if (is_done(o, &o->marks[i])) {
				total += o->marks[i].len;
				i++;
				break;
			}
			total += o->marks[i].len;
			i++;
		}
	}
	*off = first->off;
	*len = total;
	*groups = first->groups;
	*nmarks = i - o->head;
	return true;
}

void nl_out_pop(struct nl_out *o, size_t nmarks)
{
	o->head += nmarks;
	if (o->head > o->n)
		o->head = o->n;
	/* Compact when all is delivered, or once the delivered prefix is
	 * more than half of the queue: each byte moves O(1) times, so a
	 * dump of N messages costs O(N), not O(N^2). */
	if (o->head >= o->n || (o->head < o->n && o->marks[o->head].off > o->data.len / 2))
		nl_out_compact(o);
}
