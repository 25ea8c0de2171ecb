/* See vout.h. */
#include "vout.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vout_init(struct vout *o, unsigned strsize)
{
	memset(o, 0, sizeof(*o));
	buf_init(&o->text);
	o->strsize = strsize;
	vout_reset(o);
}

void vout_free(struct vout *o)
{
	buf_free(&o->text);
	json_decref(o->root);
	o->root = NULL;
}

void vout_reset(struct vout *o)
{
	buf_reset(&o->text);
	json_decref(o->root);
	o->root = json_array();
	o->depth = 0;
	o->lv[0].j = o->root;
	o->lv[0].count = 0;
	o->lv[0].kind = '(';
	o->lv[0].mute = false;
}

/* Start an element at the current level: separator, "key=", and the
 * array limit. Returns whether its text is written. */
static bool element(struct vout *o, const char *key)
{
	struct vout_level *l = &o->lv[o->depth];
	if (l->mute)
		return false;
	if (l->kind == '[' && l->count >= o->strsize) {
		if (l->count == o->strsize)
			buf_puts(&o->text, ", ...");
		l->count++;
		return false;
	}
	if (l->count++)
		buf_puts(&o->text, ", ");
	if (key && l->kind == '{')
		buf_printf(&o->text, "%s=", key);
	return true;
}

static void put_json(struct vout *o, const char *key, json_t *v)
{
	json_t *parent = o->lv[o->depth].j;
	if (!parent) {
		json_decref(v);
	} else if (json_is_object(parent) && key) {
		json_object_set_new(parent, key, v);
	} else if (json_is_object(parent)) {
		/* an unnamed value inside a struct (strace's trailing forms) */
		json_object_set_new(parent, "more", v);
	} else {
		json_array_append_new(parent, v);
	}
}

static void open_level(struct vout *o, const char *key, char kind)
{
	bool shown = element(o, key);
	json_t *j = kind == '{' ? json_object() : json_array();
	json_t *parent = o->lv[o->depth].j;
	if (parent) {
		json_incref(j);
		put_json(o, key, j);
	}
	if (o->depth + 1 >= VOUT_DEPTH) {
		/* deeper than any structure decoded here: kept out of both forms */
		json_decref(j);
		o->depth++;
		o->lv[o->depth] = (struct vout_level){ NULL, 0, kind, true };
		return;
	}
	o->depth++;
	o->lv[o->depth].j = j;
	json_decref(j);   /* the parent holds it */
	if (!parent)
		o->lv[o->depth].j = NULL;
	o->lv[o->depth].count = 0;
	o->lv[o->depth].kind = kind;
	o->lv[o->depth].mute = !shown;
	if (shown && kind != '(')
		buf_puts(&o->text, kind == '{' ? "{" : "[");
}

void vout_struct(struct vout *o, const char *key) { open_level(o, key, '{'); }
void vout_group(struct vout *o, const char *key) { open_level(o, key, '('); }
void vout_tuple(struct vout *o, const char *key) { open_level(o, key, 't'); }
void vout_array(struct vout *o, const char *key) { open_level(o, key, '['); }

void vout_end(struct vout *o)
{
	if (o->depth == 0)
		return;
	struct vout_level *l = &o->lv[o->depth];
	bool shown = !l->mute;
	char kind = l->kind;
	o->depth--;
	if (shown && kind != '(')
		buf_puts(&o->text, kind == '{' ? "}" : "]");
}

void vout_int(struct vout *o, const char *key, int64_t v)
{
	if (element(o, key))
		buf_printf(&o->text, "%" PRId64, v);
	put_json(o, key, json_integer(v));
}

void vout_uint(struct vout *o, const char *key, uint64_t v)
{
	if (element(o, key))
		buf_printf(&o->text, "%" PRIu64, v);
	put_json(o, key, v > INT64_MAX ? json_real((double)v) : json_integer((json_int_t)v));
}

void vout_hex(struct vout *o, const char *key, uint64_t v)
{
	if (element(o, key))
		buf_printf(&o->text, "%#" PRIx64, v);
	put_json(o, key, v > INT64_MAX ? json_real((double)v) : json_integer((json_int_t)v));
}

void vout_oct(struct vout *o, const char *key, uint64_t v)
{
	if (element(o, key))
		buf_printf(&o->text, "%#03" PRIo64, v);
	put_json(o, key, json_integer((json_int_t)v));
}

void vout_ptr(struct vout *o, const char *key, uint64_t addr)
{
	if (element(o, key)) {
		if (addr)
			buf_printf(&o->text, "%#" PRIx64, addr);
		else
			buf_puts(&o->text, "NULL");
	}
	put_json(o, key, addr ? json_integer((json_int_t)addr) : json_null());
}

static void fmt_val(char *t, size_t n, uint64_t v, enum vout_fmt fmt)
{
	if (fmt == VF_HEX)
		snprintf(t, n, "%#" PRIx64, v);
	else if (fmt == VF_SIGNED)
		snprintf(t, n, "%" PRId64, (int64_t)v);
	else
		snprintf(t, n, "%" PRIu64, v);
}

void vout_xval_text(struct buf *b, enum vout_style style, const char *raw, const char *meaning)
{
	if (style == VOUT_RAW || !meaning)
		buf_puts(b, raw);
	else if (style == VOUT_ABBREV)
		buf_puts(b, meaning);
	else
		buf_printf(b, "%s /* %s */", raw, meaning);
}

void vout_xval(struct vout *o, const char *key, const char *raw, const char *meaning, json_t *j)
{
	if (element(o, key))
		vout_xval_text(&o->text, o->style, raw, meaning);
	put_json(o, key, j ? j : json_string(meaning ? meaning : raw));
}

/* strace's printxval_ex: the name, or the number and the unknown comment */
void vout_xlat_fmt(struct vout *o, const char *key, const struct xlat *x, uint64_t v,
		   enum vout_fmt fmt)
{
	const char *name = xlat_name(x, v);
	char num[32];
	fmt_val(num, sizeof(num), v, fmt);
	if (element(o, key)) {
		if (o->style == VOUT_RAW)
			buf_puts(&o->text, num);
		else if (name && o->style == VOUT_ABBREV)
			buf_puts(&o->text, name);
		else if (name || x->unknown)
			buf_printf(&o->text, "%s /* %s */", num, name ? name : x->unknown);
		else
			buf_puts(&o->text, num);
	}
	put_json(o, key, name ? json_string(name) : json_integer((json_int_t)v));
}

void vout_xlat(struct vout *o, const char *key, const struct xlat *x, uint64_t v)
{
	vout_xlat_fmt(o, key, x, v, VF_HEX);
}

void vout_xlat_dec(struct vout *o, const char *key, const struct xlat *x, uint64_t v)
{
	vout_xlat_fmt(o, key, x, v, VF_UNSIGNED);
}

/* strace's printflags_ex, whose table the callers here always give a
 * default for: zero is "0" unless the table names it. */
void vout_flags_text(struct buf *b, enum vout_style style, const struct xlat *x, uint64_t v,
		     const char *zero_name)
{
	if (style == VOUT_RAW) {
		if (v)
			buf_printf(b, "%#" PRIx64, v);
		else
			buf_puts(b, "0");
	} else if (v == 0) {
		if (zero_name && *zero_name && style == VOUT_VERBOSE)
			buf_printf(b, "0 /* %s */", zero_name);
		else
			buf_puts(b, zero_name && *zero_name ? zero_name : "0");
	} else {
		struct buf names;
		buf_init(&names);
		uint64_t left = v;
		for (size_t i = 0; i < x->n; i++) {
			uint64_t f = x->rows[i].val;
			if (f && (left & f) == f) {
				buf_printf(&names, "%s%s", names.len ? "|" : "", x->rows[i].name);
				left &= ~f;
			}
		}
		if (!names.len)   /* nothing known: strace adds the comment */
			buf_printf(b, "%#" PRIx64 " /* %s */", v, x->unknown);
		else if (style == VOUT_VERBOSE)
			buf_printf(b, "%#" PRIx64 " /* %.*s", v, (int)names.len, names.data);
		else
			buf_append(b, names.data, names.len);
		if (names.len && left)
			buf_printf(b, "|%#" PRIx64, left);
		if (names.len && style == VOUT_VERBOSE)
			buf_puts(b, " */");
		buf_free(&names);
	}
	buf_append(b, "", 1);
	b->len--;
}

void vout_flags(struct vout *o, const char *key, const struct xlat *x, uint64_t v,
		const char *zero_name)
{
	struct buf b, names;
	buf_init(&b);
	buf_init(&names);
	vout_flags_text(&b, o->style, x, v, zero_name);
	if (element(o, key))
		buf_puts(&o->text, b.data);
	/* JSON: the names, whatever -X says */
	vout_flags_text(&names, VOUT_ABBREV, x, v, zero_name);
	put_json(o, key, json_string(names.data));
	buf_free(&b);
	buf_free(&names);
}

void vout_escape(struct buf *b, const unsigned char *p, size_t len, bool hex)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = p[i];
		if (hex) {
			buf_printf(b, "\\x%02x", c);
			continue;
		}
		switch (c) {
		case '"': buf_puts(b, "\\\""); continue;
		case '\\': buf_puts(b, "\\\\"); continue;
		case '\t': buf_puts(b, "\\t"); continue;
		case '\n': buf_puts(b, "\\n"); continue;
		case '\v': buf_puts(b, "\\v"); continue;
		case '\f': buf_puts(b, "\\f"); continue;
		case '\r': buf_puts(b, "\\r"); continue;
		}
		if (c >= ' ' && c < 0x7f) {
			buf_append(b, &c, 1);
		} else {
			/* shortest octal, unless a digit follows */
			bool digit_next = i + 1 < len && p[i + 1] >= '0' && p[i + 1] <= '7';
			if (digit_next)
				buf_printf(b, "\\%03o", c);
			else
				buf_printf(b, "\\%o", c);
		}
	}
}

/* JSON: the bytes as a string if they are UTF-8, else as \xNN text. */
static json_t *json_bytes(const unsigned char *p, size_t len)
{
	json_t *s = json_stringn((const char *)p, len);
	if (s)
		return s;
	struct buf b;
	buf_init(&b);
	vout_escape(&b, p, len, true);
	s = json_stringn(b.data ? b.data : "", b.len);
	buf_free(&b);
	return s;
}

void vout_str(struct vout *o, const char *key, const void *p, size_t len, bool nul_term, bool hex)
{
	const unsigned char *s = p;
	if (nul_term) {
		const unsigned char *z = memchr(s, '\0', len);
		if (z)
			len = (size_t)(z - s);
	}
	if (element(o, key)) {
		size_t shown = len > o->strsize ? o->strsize : len;
		buf_puts(&o->text, "\"");
		vout_escape(&o->text, s, shown, hex);
		buf_puts(&o->text, shown < len ? "\"..." : "\"");
	}
	put_json(o, key, json_bytes(s, len));
}

void vout_nlastr(struct vout *o, const char *key, const void *p, size_t len)
{
	const unsigned char *s = p;
	size_t shown = len > o->strsize ? o->strsize : len;
	bool zero = shown && s[shown - 1] == '\0';
	if (element(o, key)) {
		buf_puts(&o->text, "\"");
		vout_escape(&o->text, s, zero ? shown - 1 : shown, false);
		buf_puts(&o->text, zero ? "\"" : "\"...");
	}
	put_json(o, key, json_bytes(s, len && s[len - 1] == '\0' ? len - 1 : len));
}

void vout_path(struct vout *o, const char *key, const char *path)
{
	size_t len = strlen(path);
	if (element(o, key)) {
		buf_puts(&o->text, "\"");
		vout_escape(&o->text, (const unsigned char *)path, len, false);
		buf_puts(&o->text, "\"");
	}
	put_json(o, key, json_bytes((const unsigned char *)path, len));
}

void vout_call(struct vout *o, const char *key, const char *raw, const char *fn, const char *arg)
{
	char text[128];
	snprintf(text, sizeof(text), "%s(\"%s\")", fn, arg);
	vout_xval(o, key, raw, text, json_string(arg));
}

void vout_inet6(struct vout *o, const char *key, const unsigned char addr[16])
{
	char s[INET6_ADDRSTRLEN], text[INET6_ADDRSTRLEN + 64];
	inet_ntop(AF_INET6, addr, s, sizeof(s));
	/* strace's print_inet_addr: abbreviated, the field's name is inside */
	bool in_struct = key && o->lv[o->depth].kind == '{';
	if (o->style == VOUT_ABBREV && in_struct) {
		snprintf(text, sizeof(text), "inet_pton(AF_INET6, \"%s\", &%s)", s, key);
		if (element(o, NULL))
			buf_puts(&o->text, text);
		put_json(o, key, json_string(s));
		return;
	}
	struct buf raw;
	buf_init(&raw);
	vout_hexstr(&raw, addr, 16);
	snprintf(text, sizeof(text), "inet_pton(AF_INET6, \"%s\")", s);
	vout_xval(o, key, raw.data, text, json_string(s));
	buf_free(&raw);
}

void vout_hexstr(struct buf *b, const void *p, size_t len)
{
	buf_puts(b, "\"");
	vout_escape(b, p, len, true);
	buf_puts(b, "\"");
	buf_append(b, "", 1);
	b->len--;
}

void vout_raw(struct vout *o, const char *key, const char *text)
{
	if (element(o, key))
		buf_puts(&o->text, text);
	put_json(o, key, json_string(text));
}

void vout_more(struct vout *o)
{
	if (element(o, NULL))
		buf_puts(&o->text, "...");
}
