/* tc attribute layout (tc_attrs.h): gnet_stats_start_copy_compat ..
 * gnet_stats_finish_copy (net/core/gen_stats.c) as tc_fill_qdisc and
 * tc_fill_tclass use them. */
#include "tc_attrs.h"

#include <linux/gen_stats.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "tc_model.h"

void tc_put(struct buf *b, uint16_t type, const void *p, size_t len)
{
	struct nlattr h = { .nla_len = (uint16_t)(NLA_HDRLEN + len), .nla_type = type };
	size_t pad = NLA_ALIGN(len) - len;
	buf_append(b, &h, sizeof(h));
	if (len)
		buf_append(b, p, len);
	static const uint8_t zero[4];
	buf_append(b, zero, pad);
}

void tc_put_u8(struct buf *b, uint16_t type, uint8_t v)
{
	tc_put(b, type, &v, sizeof(v));
}

void tc_put_u16(struct buf *b, uint16_t type, uint16_t v)
{
	tc_put(b, type, &v, sizeof(v));
}

void tc_put_u32(struct buf *b, uint16_t type, uint32_t v)
{
	tc_put(b, type, &v, sizeof(v));
}

void tc_put_u64(struct buf *b, uint16_t type, uint64_t v)
{
	tc_put(b, type, &v, sizeof(v));
}

void tc_put_str(struct buf *b, uint16_t type, const char *s)
{
	tc_put(b, type, s, strlen(s) + 1);
}

size_t tc_nest_start(struct buf *b, uint16_t type)
{
	size_t off = b->len;
	struct nlattr h = { .nla_len = NLA_HDRLEN, .nla_type = type };
	buf_append(b, &h, sizeof(h));
	return off;
}

void tc_nest_end(struct buf *b, size_t off)
{
	struct nlattr *n = (struct nlattr *)(b->data + off);
	n->nla_len = (uint16_t)(b->len - off);
}

void tc_put_stats(struct buf *b, enum tc_stats_shape shape, const void *xstats, size_t xlen)
{
	size_t nest = tc_nest_start(b, TCA_STATS2);
	if (shape != TC_STATS_NONE) {
		/* struct gnet_stats_basic is 16 bytes with its padding */
		static const uint8_t basic[16];
		static const struct gnet_stats_queue queue;
		if (shape == TC_STATS_APP_FIRST && xlen)
			tc_put(b, TCA_STATS_APP, xstats, xlen);
		tc_put(b, TCA_STATS_BASIC, basic, sizeof(basic));
		tc_put(b, TCA_STATS_QUEUE, &queue, sizeof(queue));
		if (shape == TC_STATS_APP_LAST && xlen)
			tc_put(b, TCA_STATS_APP, xstats, xlen);
	}
	tc_nest_end(b, nest);
	static const struct tc_stats compat;
	tc_put(b, TCA_STATS, &compat, sizeof(compat));
	if (xlen)
		tc_put(b, TCA_XSTATS, xstats, xlen);
}

const struct nlattr *tc_attr_find(const void *p, size_t len, uint16_t type)
{
	const char *c = p;
	size_t off = 0;
	while (off + NLA_HDRLEN <= len) {
		const struct nlattr *a = (const struct nlattr *)(c + off);
		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > len)
			return NULL;
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		off += NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

/* Copy [p, p + len) to b with the attribute of type replaced by attr
 * (inserted before `before` when absent). */
static void replace_in(struct buf *b, const uint8_t *p, size_t len, uint16_t type,
		       const struct nlattr *attr, uint16_t before)
{
	bool done = false;
	bool present = tc_attr_find(p, len, type) != NULL;
	size_t off = 0;
	while (off + NLA_HDRLEN <= len) {
		const struct nlattr *a = (const struct nlattr *)(p + off);
		size_t n = NLA_ALIGN(a->nla_len);
		if (off + n > len)
			n = len - off;
		uint16_t t = a->nla_type & NLA_TYPE_MASK;
		if (!done && ((present && t == type) || (!present && t == before))) {
			if (attr)
				tc_put(b, attr->nla_type, attr + 1, attr->nla_len - NLA_HDRLEN);
			done = true;
			if (present) {
				off += n;
				continue;
			}
		}
		buf_append(b, p + off, n);
		off += n;
	}
	if (!done && attr)
		tc_put(b, attr->nla_type, attr + 1, attr->nla_len - NLA_HDRLEN);
}

void tc_attrs_replace(struct vn_tc *t, uint16_t type, const struct nlattr *attr, uint16_t before)
{
	struct buf b;
	buf_init(&b);
	replace_in(&b, t->attrs, t->attrs_len, type, attr, before);
	vn_tc_set_attrs(t, b.data, b.len);
	buf_free(&b);
}

void tc_attrs_set_xstats(struct vn_tc *t, const void *xstats, size_t xlen)
{
	const struct nlattr *s2 = tc_attr_find(t->attrs, t->attrs_len, TCA_STATS2);
	if (s2) {
		/* the new TCA_STATS2: its TCA_STATS_APP replaced in place */
		struct buf in, nest;
		buf_init(&in);
		buf_init(&nest);
		buf_reserve(&in, NLA_HDRLEN + xlen);
		struct nlattr *app = (struct nlattr *)in.data;
		app->nla_len = (uint16_t)(NLA_HDRLEN + xlen);
		app->nla_type = TCA_STATS_APP;
		memcpy(app + 1, xstats, xlen);
		size_t off = tc_nest_start(&nest, TCA_STATS2);
		replace_in(&nest, (const uint8_t *)(s2 + 1), s2->nla_len - NLA_HDRLEN, TCA_STATS_APP,
			   app, 0xffff);
		tc_nest_end(&nest, off);
		tc_attrs_replace(t, TCA_STATS2, (const struct nlattr *)nest.data, 0xffff);
		buf_free(&in);
		buf_free(&nest);
	}
	struct buf x;
	buf_init(&x);
	tc_put(&x, TCA_XSTATS, xstats, xlen);
	tc_attrs_replace(t, TCA_XSTATS, (const struct nlattr *)x.data, 0xffff);
	buf_free(&x);
}
