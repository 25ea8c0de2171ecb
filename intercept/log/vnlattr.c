/* See vnlattr.h. Follows strace 6.1's nlattr.c: attributes as
 * [{nla_len, nla_type}, value], one alone without the outer brackets; a
 * value with no decoder, or too short for its decoder, as a hex string. */
#include "vnlattr.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>

#include "model.h"

uint64_t nl_get_uint(const unsigned char *p, size_t size)
{
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64 = 0;
	switch (size) {
	case 1: memcpy(&u8, p, 1); return u8;
	case 2: memcpy(&u16, p, 2); return u16;
	case 4: memcpy(&u32, p, 4); return u32;
	default: memcpy(&u64, p, size < 8 ? size : 8); return u64;
	}
}

void nl_ifindex(struct nl_ctx *n, const char *key, uint32_t idx)
{
	const struct vn_link *l = idx && n->model ? vn_link_by_index(n->model, (int)idx) : NULL;
	char raw[16];
	snprintf(raw, sizeof(raw), "%u", idx);
	if (l)
		vout_call(n->o, key, raw, "if_nametoindex", l->name);
	else
		vout_uint(n->o, key, idx);
}

void nl_addr(struct nl_ctx *n, const char *key, const unsigned char *p, size_t len)
{
	char s[INET6_ADDRSTRLEN];
	if (n->family == AF_INET && len == 4 && inet_ntop(AF_INET, p, s, sizeof(s))) {
		struct buf raw;
		buf_init(&raw);
		vout_hexstr(&raw, p, len);
		vout_call(n->o, key, raw.data, "inet_addr", s);
		buf_free(&raw);
	} else if (n->family == AF_INET6 && len == 16) {
		vout_inet6(n->o, key, p);
	} else {
		vout_str(n->o, key, p, len, false, true);
	}
}

void nl_struct(struct vout *o, const struct field *f, size_t nf, const unsigned char *p)
{
	vout_struct(o, NULL);
	for (size_t i = 0; i < nf; i++) {
		uint64_t v = nl_get_uint(p + f[i].off, f[i].size);
		if (f[i].how == 'x') {
			vout_hex(o, f[i].name, v);
		} else if (f[i].how == 'd') {
			/* strace's print_dev_t */
			char raw[32], dev[64];
			snprintf(raw, sizeof(raw), "%#" PRIx64, v);
			snprintf(dev, sizeof(dev), "makedev(%#x, %#x)", major(v), minor(v));
			vout_xval(o, f[i].name, raw, dev, json_integer((json_int_t)v));
		} else {
			vout_uint(o, f[i].name, v);
		}
	}
	vout_end(o);
}

/* strace's print_array_ex with PAF_PRINT_INDICES: [[NAME] = v, ...] */
static void meminfo(struct vout *o, const unsigned char *p, size_t len)
{
	vout_array(o, NULL);
	for (size_t i = 0; i + 4 <= len; i += 4) {
		const char *name = xlat_name(&xl_sk_meminfo, i / 4);
		char raw[24], text[128];
		snprintf(raw, sizeof(raw), "%zu", i / 4);
		struct buf idx;
		buf_init(&idx);
		vout_xval_text(&idx, o->style, raw, name);
		if (!name && o->style != VOUT_RAW)
			buf_printf(&idx, " /* %s */", xl_sk_meminfo.unknown);
		snprintf(text, sizeof(text), "[%s] = %" PRIu64, idx.data, nl_get_uint(p + i, 4));
		buf_free(&idx);
		vout_xval(o, NULL, text, NULL, json_integer((json_int_t)nl_get_uint(p + i, 4)));
	}
	vout_end(o);
}

/* struct inet_diag_sockopt: strace names the bits that are set */
static void sockopt(struct vout *o, const unsigned char *p, size_t len)
{
	static const char *const bits[] = { "recverr", "is_icsk", "freebind", "hdrincl", "mc_loop",
					     "transparent", "mc_all", "nodefrag", "bind_address_no_port",
					     "recverr_rfc4884", "defer_connect" };
	unsigned v = p[0] | (unsigned)p[1] << 8;
	vout_struct(o, NULL);
	for (unsigned i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (v & 1u << i)
			vout_uint(o, bits[i], 1);
	if (v >> 11) {
		char raw[32];
		snprintf(raw, sizeof(raw), "%#x /* bits 3..8 */", v >> 11);
		vout_xval(o, "unused", raw, NULL, json_integer(v >> 11));
	}
	vout_end(o);
	for (size_t i = 2; i < len; i++)
		if (p[i]) {
			vout_str(o, NULL, p + 2, len - 2, false, true);
			break;
		}
}

static void value(struct nl_ctx *n, const struct nla_row *r, const unsigned char *p, size_t len)
{
	static const size_t width[] = { [NK_U8] = 1, [NK_U16] = 2, [NK_U32] = 4, [NK_U64] = 8,
					[NK_S32] = 4, [NK_X32] = 4, [NK_IFINDEX] = 4, [NK_UID] = 4,
					[NK_XLAT_DEC] = 4, [NK_SOCKOPT] = 2 };
	struct vout *o = n->o;
	enum nla_kind k = r ? r->kind : NK_HEX;
	size_t w = k < sizeof(width) / sizeof(width[0]) ? width[k] : 0;
	if (k == NK_FLAGS || k == NK_XLAT)
		w = r->size ? r->size : k == NK_FLAGS ? 4 : 1;
	/* strace: a value shorter than its decoder reads prints as bytes */
	if ((w && len < w) || (k == NK_XLAT && len > 8) || (k == NK_STRUCT && len < r->size) ||
	    ((k == NK_U32_ARRAY || k == NK_MEMINFO) && len < 4) || (k == NK_XLONG_ARRAY && len < 8))
		k = NK_HEX;
	switch (k) {
	case NK_U8: case NK_U16: case NK_U32: case NK_U64:
		vout_uint(o, NULL, nl_get_uint(p, w));
		return;
	case NK_S32: vout_int(o, NULL, (int32_t)nl_get_uint(p, 4)); return;
	case NK_X32: vout_hex(o, NULL, nl_get_uint(p, 4)); return;
	case NK_IFINDEX: nl_ifindex(n, NULL, (uint32_t)nl_get_uint(p, 4)); return;
	case NK_UID: {
		uint32_t uid = (uint32_t)nl_get_uint(p, 4);
		if (uid == UINT32_MAX)
			vout_int(o, NULL, -1);
		else
			vout_uint(o, NULL, uid);
		return;
	}
	case NK_FLAGS: {
		enum vout_style s = o->style;
		if (r->verbose && s == VOUT_ABBREV)
			o->style = VOUT_VERBOSE;
		vout_flags(o, NULL, r->x, nl_get_uint(p, w), NULL);
		o->style = s;
		return;
	}
	case NK_XLAT: vout_xlat(o, NULL, r->x, nl_get_uint(p, r->size ? w : len)); return;
	case NK_XLAT_DEC: vout_xlat_dec(o, NULL, r->x, nl_get_uint(p, 4)); return;
	case NK_STR: vout_nlastr(o, NULL, p, len); return;
	case NK_ADDR: nl_addr(n, NULL, p, len); return;
	case NK_HWADDR: {
		/* strace prints at most 32 bytes of a hardware address */
		if (len > 32) {
			vout_str(o, NULL, p, len, false, true);
			return;
		}
		char text[3 * 32 + 1] = "";
		for (size_t i = 0, at = 0; i < len; i++)
			at += (size_t)snprintf(text + at, sizeof(text) - at, "%s%02x", i ? ":" : "", p[i]);
		struct buf raw;
		buf_init(&raw);
		vout_hexstr(&raw, p, len);
		vout_xval(o, NULL, raw.data, text, NULL);
		buf_free(&raw);
		return;
	}
	case NK_NESTED: {
		static const struct nla_table none = { NULL, 0, "???" };
		nl_attrs(n, r->nested ? r->nested : &none, p, len);
		return;
	}
	case NK_STRUCT: nl_struct(o, r->fields, r->nfields, p); return;
	case NK_U32_ARRAY:
		vout_array(o, NULL);
		for (size_t i = 0; i + 4 <= len; i += 4)
			vout_uint(o, NULL, nl_get_uint(p + i, 4));
		vout_end(o);
		return;
	case NK_XLONG_ARRAY:
		vout_array(o, NULL);
		for (size_t i = 0; i + 8 <= len; i += 8) {
			char raw[32];
			uint64_t v = nl_get_uint(p + i, 8);
			snprintf(raw, sizeof(raw), "%#0*" PRIx64, 16, v);
			vout_xval(o, NULL, raw, NULL, json_integer((json_int_t)v));
		}
		vout_end(o);
		return;
	case NK_MEMINFO: meminfo(o, p, len); return;
	case NK_SOCKOPT: sockopt(o, p, len); return;
	case NK_HEX: vout_str(o, NULL, p, len, false, true); return;
	}
}

static const struct nla_row *row_of(const struct nla_table *t, uint16_t type)
{
	uint16_t bare = type & NLA_TYPE_MASK;
	return bare < t->n && t->rows[bare].name ? &t->rows[bare] : NULL;
}

/* strace's print_nlattr: NLA_F_NESTED|NLA_F_NET_BYTEORDER|NAME */
static void nla_type(struct nl_ctx *n, const struct nla_table *t, uint16_t type)
{
	struct buf text, abbrev;
	buf_init(&text);
	buf_init(&abbrev);
	static const struct { uint16_t bit; const char *raw, *name; } bits[] = {
		{ NLA_F_NESTED, "0x8000", "NLA_F_NESTED" },
		{ NLA_F_NET_BYTEORDER, "0x4000", "NLA_F_NET_BYTEORDER" },
	};
	for (size_t i = 0; i < 2; i++)
		if (type & bits[i].bit) {
			vout_xval_text(&text, n->o->style, bits[i].raw, bits[i].name);
			buf_printf(&text, "|");
			buf_printf(&abbrev, "%s|", bits[i].name);
		}
	const struct nla_row *r = row_of(t, type);
	char raw[16];
	snprintf(raw, sizeof(raw), "%#x", type & NLA_TYPE_MASK);
	if (!r && n->o->style != VOUT_RAW)
		buf_printf(&text, "%s /* %s */", raw, t->unknown);
	else
		vout_xval_text(&text, n->o->style, raw, r ? r->name : NULL);
	if (r)
		buf_puts(&abbrev, r->name);
	else
		buf_printf(&abbrev, "%s /* %s */", raw, t->unknown);
	buf_append(&text, "", 1);
	buf_append(&abbrev, "", 1);
	vout_xval(n->o, "nla_type", text.data, NULL, json_string(abbrev.data));
	buf_free(&text);
	buf_free(&abbrev);
}

void nl_attrs(struct nl_ctx *n, const struct nla_table *t, const unsigned char *p, size_t len)
{
	bool array = false;
	while (len > 0) {
		if (len < NLA_HDRLEN) {
			vout_str(n->o, NULL, p, len, false, true);
			break;
		}
		struct nlattr a;
		memcpy(&a, p, sizeof(a));
		size_t alen = a.nla_len < len ? a.nla_len : len;
		size_t next = ((size_t)a.nla_len + NLA_ALIGNTO - 1) & ~(size_t)(NLA_ALIGNTO - 1);
		bool more = a.nla_len >= NLA_HDRLEN && next < len;
		if (!array) {
			/* one attribute has no brackets in strace's text; JSON
			 * always has the list */
			if (more)
				vout_array(n->o, NULL);
			else
				vout_group(n->o, NULL);
			array = true;
		}
		bool payload = alen > NLA_HDRLEN;
		if (payload)
			vout_tuple(n->o, NULL);
		vout_struct(n->o, NULL);
		vout_uint(n->o, "nla_len", a.nla_len);
		nla_type(n, t, a.nla_type);
		vout_end(n->o);
		if (payload) {
			value(n, row_of(t, a.nla_type), p + NLA_HDRLEN, alen - NLA_HDRLEN);
			vout_end(n->o);
		}
		if (!more)
			break;
		p += next;
		len -= next;
	}
	if (array)
		vout_end(n->o);
}
