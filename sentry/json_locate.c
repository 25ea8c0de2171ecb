/* Finding a value's line:column by scanning JSON text along a path.
 *
 * A forward scanner over the raw bytes, bounds-checked at every step and
 * without recursion (skipping a nested value counts brackets), so arbitrary
 * input can neither overrun the buffer nor the stack. Object keys are
 * compared after decoding their escapes, as jansson stores them. */
#include "json_locate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"

struct scan {
	const unsigned char *p;
	size_t len, pos;
	int line, col;     /* of p[pos] */
};

static int peek(const struct scan *s)
{
	return s->pos < s->len ? s->p[s->pos] : -1;
}

static void advance(struct scan *s)
{
	if (s->pos >= s->len)
		return;
	unsigned char c = s->p[s->pos++];
	if (c == '\n') {
		s->line++;
		s->col = 1;
	} else if ((c & 0xC0) != 0x80) {
		/* a lead byte or ASCII: the next character starts after it
		 * (continuation bytes belong to the character already counted) */
		s->col++;
	}
}

/* The column counts characters: advance() counts a character when its first
 * byte is consumed, which is what we want for the position of p[pos] as long
 * as we only stop on character boundaries, which the scanner does (it only
 * stops on ASCII structural bytes). */

static void skip_ws(struct scan *s)
{
	for (;;) {
		int c = peek(s);
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			advance(s);
		else
			return;
	}
}

static bool read_hex4(struct scan *s, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		int h = vn_hex_to_bin(peek(s));
		if (h < 0)
			return false;
		v = v * 16 + (unsigned)h;
		advance(s);
	}
	*out = v;
	return true;
}

static size_t put_utf8(unsigned char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* At '"': consume the string. With want != NULL, also decode it and tell
 * whether it equals want. False when the string is unterminated. */
static bool scan_string(struct scan *s, const char *want, bool *equal)
{
	size_t wlen = want ? strlen(want) : 0, got = 0;
	bool eq = true;
	unsigned char buf[4];
	advance(s);   /* opening quote */
	for (;;) {
		int c = peek(s);
		if (c < 0)
			return false;
		if (c == '"') {
			advance(s);
			break;
		}
		size_t n = 0;
		if (c == '\\') {
			advance(s);
			int e = peek(s);
			if (e < 0)
				return false;
			advance(s);
			switch (e) {
			case 'b': buf[0] = '\b'; n = 1; break;
			case 'f': buf[0] = '\f'; n = 1; break;
			case 'n': buf[0] = '\n'; n = 1; break;
			case 'r': buf[0] = '\r'; n = 1; break;
			case 't': buf[0] = '\t'; n = 1; break;
			case 'u': {
				unsigned u;
				if (!read_hex4(s, &u))
					return false;
				uint32_t cp = u;
				if (u >= 0xD800 && u < 0xDC00 && peek(s) == '\\' &&
				    s->pos + 1 < s->len && s->p[s->pos + 1] == 'u') {
					advance(s);
					advance(s);
					unsigned lo;
					if (!read_hex4(s, &lo))
						return false;
					if (lo >= 0xDC00 && lo < 0xE000)
						cp = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
					else
						eq = false;   /* jansson rejects it anyway */
				}
				n = put_utf8(buf, cp);
				break;
			}
			default: buf[0] = (unsigned char)e; n = 1; break;
			}
		} else {
			advance(s);
			buf[0] = (unsigned char)c;
			n = 1;
		}
		if (want && eq) {
			if (got + n > wlen || memcmp(want + got, buf, n) != 0)
				eq = false;
			else
				got += n;
		}
	}
	if (equal)
		*equal = want && eq && got == wlen;
	return true;
}

/* Consume one value of any kind. False on an unterminated string or
 * container. */
static bool skip_value(struct scan *s)
{
	int c = peek(s);
	if (c == '"')
		return scan_string(s, NULL, NULL);
	if (c == '{' || c == '[') {
		size_t depth = 0;
		for (;;) {
			c = peek(s);
			if (c < 0)
				return false;
			if (c == '"') {
				if (!scan_string(s, NULL, NULL))
					return false;
				continue;
			}
			advance(s);
			if (c == '{' || c == '[')
				depth++;
			else if (c == '}' || c == ']') {
				if (--depth == 0)
					return true;
			}
		}
	}
	if (c < 0)
		return false;
	/* number, true, false, null: up to the next delimiter */
	bool any = false;
	while ((c = peek(s)) >= 0 && c != ',' && c != '}' && c != ']' && c != ' ' &&
	       c != '\t' && c != '\n' && c != '\r' && c != '{' && c != '[' && c != '"' && c != ':') {
		advance(s);
		any = true;
	}
	return any;
}

static bool enter_member(struct scan *s, const char *key)
{
	if (peek(s) != '{')
		return false;
	advance(s);
	for (;;) {
		skip_ws(s);
		if (peek(s) != '"')
			return false;
		bool eq = false;
		if (!scan_string(s, key, &eq))
			return false;
		skip_ws(s);
		if (peek(s) != ':')
			return false;
		advance(s);
		skip_ws(s);
		if (eq)
			return true;
		if (!skip_value(s))
			return false;
		skip_ws(s);
		if (peek(s) != ',')
			return false;
		advance(s);
	}
}

static bool enter_element(struct scan *s, size_t index)
{
	if (peek(s) != '[')
		return false;
	advance(s);
	for (size_t i = 0;; i++) {
		skip_ws(s);
		if (peek(s) == ']' || peek(s) < 0)
			return false;
		if (i == index)
			return true;
		if (!skip_value(s))
			return false;
		skip_ws(s);
		if (peek(s) != ',')
			return false;
		advance(s);
	}
}

bool vn_json_locate(const char *text, size_t len, const struct vn_jpath *path, size_t depth,
		    int *line, int *column)
{
	struct scan s = { .p = (const unsigned char *)text, .len = text ? len : 0, .line = 1, .col = 1 };
	skip_ws(&s);
	for (size_t i = 0; i < depth; i++) {
		bool ok = path[i].key ? enter_member(&s, path[i].key) : enter_element(&s, path[i].index);
		if (!ok)
			return false;
	}
	if (peek(&s) < 0)
		return false;
	*line = s.line;
	*column = s.col;
	return true;
}

bool vn_json_locate_str(const char *text, size_t len, const char *path, int *line, int *column)
{
	size_t n = 0, plen = strlen(path);
	/* at most one step per character */
	struct vn_jpath *steps = calloc(plen + 1, sizeof(*steps));
	char *keys = malloc(plen + 1);
	bool ok = false;
	if (!steps || !keys)
		goto out;
	const char *p = path;
	char *k = keys;
	while (*p) {
		if (*p == '[') {
			char *end;
			p++;
			if (*p < '0' || *p > '9')
				goto out;
			unsigned long long idx = strtoull(p, &end, 10);
			if (*end != ']')
				goto out;
			steps[n].key = NULL;
			steps[n++].index = (size_t)idx;
			p = end + 1;
			if (*p == '.')
				p++;
			continue;
		}
		size_t kl = strcspn(p, ".[");
		if (kl == 0)
			goto out;
		memcpy(k, p, kl);
		k[kl] = '\0';
		steps[n].key = k;
		steps[n++].index = 0;
		k += kl + 1;
		p += kl;
		if (*p == '.')
			p++;
	}
	ok = vn_json_locate(text, len, steps, n, line, column);
out:
	free(steps);
	free(keys);
	return ok;
}
