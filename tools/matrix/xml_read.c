/* See xml_read.h. A recursive descent over the text, one function per
 * production of the XML 1.0 grammar it reads. */
#include "xml_read.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "matrix.h"

#define MAX_DEPTH 64

struct rd {
	const char *s;
	size_t len, pos;
	size_t line, col;
	const char *path;
	char *err;
	size_t errlen;
	bool failed;
};

static bool fail_at(struct rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail_at(struct rd *r, const char *fmt, ...)
{
	if (r->failed)
		return false;
	r->failed = true;
	int n = snprintf(r->err, r->errlen, "%s:%zu:%zu: ", r->path, r->line, r->col);
	va_list ap;
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < r->errlen)
		vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return false;
}

static int peek(const struct rd *r)
{
	return r->pos < r->len ? (unsigned char)r->s[r->pos] : -1;
}

static bool at(const struct rd *r, const char *lit)
{
	size_t n = strlen(lit);
	return r->len - r->pos >= n && memcmp(r->s + r->pos, lit, n) == 0;
}

/* One character on; a "\r\n" or a lone "\r" is a "\n" (end-of-line
 * handling), which *c says when c is not NULL. */
static void next(struct rd *r, char *c)
{
	char ch = r->s[r->pos++];
	if (ch == '\r') {
		if (peek(r) == '\n')
			r->pos++;
		ch = '\n';
	}
	if (ch == '\n')
		r->line++, r->col = 1;
	else if (((unsigned char)ch & 0xc0) != 0x80)
		r->col++;
	if (c)
		*c = ch;
}

static void skip(struct rd *r, size_t n)
{
	while (n-- && r->pos < r->len)
		next(r, NULL);
}

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void spaces(struct rd *r)
{
	while (is_space(peek(r)))
		next(r, NULL);
}

static bool name_char(int c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
	       (!first && ((c >= '0' && c <= '9') || c == '.' || c == '-'));
}

static char *name(struct rd *r)
{
	size_t start = r->pos;
	if (!name_char(peek(r), true)) {
		fail_at(r, "expected a name");
		return NULL;
	}
	while (name_char(peek(r), false))
		next(r, NULL);
	char *n = mx_alloc(r->pos - start + 1);
	memcpy(n, r->s + start, r->pos - start);
	return n;
}

/* Skip to past `end` (comments, processing instructions, the declaration). */
static bool until(struct rd *r, const char *end, const char *what)
{
	while (r->pos < r->len && !at(r, end))
		next(r, NULL);
	if (r->pos >= r->len)
		return fail_at(r, "%s is not closed by %s", what, end);
	skip(r, strlen(end));
	return true;
}

static void put_utf8(struct buf *b, unsigned long cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80)
		u[0] = (char)cp, n = 1;
	else if (cp < 0x800)
		u[0] = (char)(0xc0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
	else if (cp < 0x10000)
		u[0] = (char)(0xe0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 0x3f)),
		u[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
	else
		u[0] = (char)(0xf0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 0x3f)),
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f)), u[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
	buf_append(b, u, n);
}

/* "&...;" at r: its character(s) into b. */
static bool reference(struct rd *r, struct buf *b)
{
	static const struct { const char *name, *text; } pre[] = {
		{ "&lt;", "<" }, { "&gt;", ">" }, { "&amp;", "&" }, { "&quot;", "\"" }, { "&apos;", "'" },
	};
	for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
		if (at(r, pre[i].name)) {
			buf_puts(b, pre[i].text);
			skip(r, strlen(pre[i].name));
			return true;
		}
	}
	if (!at(r, "&#"))
		return fail_at(r, "an entity other than lt, gt, amp, quot, apos or a character");
	skip(r, 2);
	int base = 10;
	if (peek(r) == 'x') {
		base = 16;
		next(r, NULL);
	}
	unsigned long cp = 0;
	size_t digits = 0;
	for (int c; (c = peek(r)) != ';'; digits++) {
		int d = c >= '0' && c <= '9' ? c - '0' : base == 16 && c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			base == 16 && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0 || cp > 0x10ffff)
			return fail_at(r, "a malformed character reference");
		cp = cp * (unsigned long)base + (unsigned long)d;
		next(r, NULL);
	}
	next(r, NULL);
	bool ok = cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
		  (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
	if (!digits || !ok)
		return fail_at(r, "a reference to a character XML does not allow");
	put_utf8(b, cp);
	return true;
}

static bool attribute(struct rd *r, struct xml_node *n)
{
	char *an = name(r);
	if (!an)
		return false;
	n->attr = mx_realloc_array(n->attr, n->nattr + 2, sizeof(char *));
	n->attr[n->nattr++] = an;
	n->attr[n->nattr++] = NULL;
	spaces(r);
	if (peek(r) != '=')
		return fail_at(r, "expected '=' after %s", an);
	next(r, NULL);
	spaces(r);
	int q = peek(r);
	if (q != '"' && q != '\'')
		return fail_at(r, "expected a quoted value for %s", an);
	next(r, NULL);
	struct buf v;
	buf_init(&v);
	for (int c; (c = peek(r)) != q;) {
		if (c < 0 || c == '<') {
			buf_free(&v);
			return fail_at(r, "the value of %s is not closed", an);
		}
		if (c == '&') {
			if (!reference(r, &v)) {
				buf_free(&v);
				return false;
			}
			continue;
		}
		char ch;
		next(r, &ch);
		/* attribute-value normalisation: white space is a space */
		buf_append(&v, is_space(ch) ? " " : &ch, 1);
	}
	next(r, NULL);
	n->attr[n->nattr - 1] = mx_buf_take(&v);
	return true;
}

static struct xml_node *element(struct rd *r, size_t depth);

static bool content(struct rd *r, struct xml_node *n, size_t depth)
{
	struct buf text;
	buf_init(&text);
	bool ok = true;
	while (ok) {
		if (r->pos >= r->len) {
			ok = fail_at(r, "<%s> is not closed", n->name);
		} else if (at(r, "</")) {
			break;
		} else if (at(r, "<!--")) {
			ok = until(r, "-->", "a comment");
		} else if (at(r, "<![CDATA[")) {
			skip(r, 9);
			while (ok && !at(r, "]]>")) {
				if (r->pos >= r->len) {
					ok = fail_at(r, "a CDATA section is not closed");
					break;
				}
				char ch;
				next(r, &ch);
				buf_append(&text, &ch, 1);
			}
			skip(r, 3);
		} else if (at(r, "<?")) {
			ok = until(r, "?>", "a processing instruction");
		} else if (peek(r) == '<') {
			struct xml_node *k = element(r, depth + 1);
			if (!k) {
				ok = false;
				break;
			}
			n->kids = mx_realloc_array(n->kids, n->nkids + 1, sizeof(*n->kids));
			n->kids[n->nkids++] = k;
		} else if (peek(r) == '&') {
			ok = reference(r, &text);
		} else {
			char ch;
			next(r, &ch);
			buf_append(&text, &ch, 1);
		}
	}
	n->text = mx_buf_take(&text);
	if (!ok)
		return false;
	size_t line = r->line, col = r->col;
	skip(r, 2);
	char *end = name(r);
	if (!end)
		return false;
	if (strcmp(end, n->name) != 0) {
		r->line = line, r->col = col;   /* said where the end tag starts */
		fail_at(r, "</%s> does not close <%s>", end, n->name);
	}
	free(end);
	if (r->failed)
		return false;
	spaces(r);
	if (peek(r) != '>')
		return fail_at(r, "expected '>'");
	next(r, NULL);
	return true;
}

static struct xml_node *element(struct rd *r, size_t depth)
{
	if (depth > MAX_DEPTH) {
		fail_at(r, "elements nested deeper than %d", MAX_DEPTH);
		return NULL;
	}
	struct xml_node *n = mx_alloc(sizeof(*n));
	n->line = r->line;
	n->col = r->col;
	next(r, NULL);   /* '<' */
	n->name = name(r);
	bool ok = n->name != NULL;
	while (ok) {
		bool sp = is_space(peek(r));
		spaces(r);
		if (at(r, "/>")) {
			skip(r, 2);
			n->text = mx_strdup("");
			return n;
		}
		if (peek(r) == '>') {
			next(r, NULL);
			ok = content(r, n, depth);
			break;
		}
		ok = sp ? attribute(r, n) : fail_at(r, "expected a space, '>' or '/>'");
	}
	if (!ok) {
		xml_free(n);
		return NULL;
	}
	return n;
}

struct xml_node *xml_parse(const char *text, size_t len, const char *path, char *err,
			   size_t errlen)
{
	struct rd r = { text, len, 0, 1, 1, path, err, errlen, false };
	struct xml_node *root = NULL;
	while (!r.failed) {
		spaces(&r);
		if (r.pos >= r.len)
			break;
		if (at(&r, "<?"))
			until(&r, "?>", "a processing instruction");
		else if (at(&r, "<!--"))
			until(&r, "-->", "a comment");
		else if (at(&r, "<!"))
			fail_at(&r, "a document type declaration (not read)");
		else if (peek(&r) == '<' && !root)
			root = element(&r, 0);
		else
			fail_at(&r, root ? "content after the root element" : "expected '<'");
	}
	if (!root && !r.failed)
		fail_at(&r, "no element");
	if (r.failed) {
		xml_free(root);
		return NULL;
	}
	return root;
}

void xml_free(struct xml_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		xml_free(n->kids[i]);
	for (size_t i = 0; i < n->nattr; i++)
		free(n->attr[i]);
	free(n->kids);
	free(n->attr);
	free(n->text);
	free(n->name);
	free(n);
}

const char *xml_attr(const struct xml_node *n, const char *name)
{
	for (size_t i = 0; i + 1 < n->nattr; i += 2)
		if (strcmp(n->attr[i], name) == 0)
			return n->attr[i + 1];
	return NULL;
}
