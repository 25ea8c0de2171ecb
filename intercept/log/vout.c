/* See vout.h. */
#include "vout.h"

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

static void xlat_common(struct vout *o, const char *key, const struct xlat *x, uint64_t v, bool dec)
{
	const char *name = xlat_name(x, v);
	if (element(o, key)) {
		if (name)
			buf_puts(&o->text, name);
		else if (dec)
			buf_printf(&o->text, "%" PRIu64 " /* %s */", v, x->unknown);
		else
			buf_printf(&o->text, "%#" PRIx64 " /* %s */", v, x->unknown);
	}
	put_json(o, key, name ? json_string(name) : json_integer((json_int_t)v));
}

void vout_xlat(struct vout *o, const char *key, const struct xlat *x, uint64_t v)
{
	xlat_common(o, key, x, v, false);
}

void vout_xlat_dec(struct vout *o, const char *key, const struct xlat *x, uint64_t v)
{
	xlat_common(o, key, x, v, true);
}

void vout_flags(struct vout *o, const char *key, const struct xlat *x, uint64_t v,
		const char *zero_name)
{
	struct buf b;
	buf_init(&b);
	if (v == 0) {
		buf_puts(&b, zero_name ? zero_name : "0");
	} else {
		uint64_t left = v;
		for (size_t i = 0; i < x->n; i++) {
			uint64_t f = x->rows[i].val;
			if (f && (left & f) == f) {
				buf_printf(&b, "%s%s", b.len ? "|" : "", x->rows[i].name);
				left &= ~f;
			}
		}
		if (left)
			buf_printf(&b, "%s%#" PRIx64, b.len ? "|" : "", left);
		if (left == v)   /* nothing known: strace adds the comment */
			buf_printf(&b, " /* %s */", x->unknown);
	}
	buf_append(&b, "", 1);
	if (element(o, key))
		buf_puts(&o->text, b.data);
	put_json(o, key, json_string(b.data));
	buf_free(&b);
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

void vout_call(struct vout *o, const char *key, const char *fn, const char *arg)
{
	if (element(o, key))
		buf_printf(&o->text, "%s(\"%s\")", fn, arg);
	put_json(o, key, json_string(arg));
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
