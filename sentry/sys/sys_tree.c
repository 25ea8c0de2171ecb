/* See sys_tree.h. */
#include "sys_tree.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sys_tree_init(struct sys_tree *t)
{
	t->v = NULL;
	t->n = t->cap = 0;
}

void sys_tree_free(struct sys_tree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].path);
		free(t->v[i].data);
	}
	free(t->v);
	sys_tree_init(t);
}

static char *copy(const char *p, size_t n)
{
	char *s = malloc(n + 1);
	if (!s)
		abort();
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

static void add(struct sys_tree *t, enum sys_kind kind, unsigned mode, int err, const char *data,
		size_t len, const char *fmt, va_list ap)
{
	char path[PATH_MAX];
	int n = vsnprintf(path, sizeof(path), fmt, ap);
	if (n < 0 || (size_t)n >= sizeof(path))
		abort();   /* the renderers make short paths: a bug */
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		struct sys_node *v = realloc(t->v, t->cap * sizeof(*v));
		if (!v)
			abort();
		t->v = v;
	}
	t->v[t->n++] = (struct sys_node){ .path = copy(path, (size_t)n), .kind = kind, .mode = mode,
					  .err = err, .data = data ? copy(data, len) : NULL,
					  .len = data ? len : 0 };
}

void sys_dir(struct sys_tree *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(t, SYS_DIR, 0755, 0, NULL, 0, fmt, ap);
	va_end(ap);
}

void sys_link(struct sys_tree *t, const char *target, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(t, SYS_LINK, 0777, 0, target, strlen(target), fmt, ap);
	va_end(ap);
}

void sys_file(struct sys_tree *t, unsigned mode, const struct buf *b, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (err)
		add(t, SYS_FILE, mode, err, "", 0, fmt, ap);
	else
		add(t, SYS_FILE, mode, 0, b->len ? b->data : "", b->len, fmt, ap);
	va_end(ap);
}

void sys_printf(struct sys_tree *t, unsigned mode, const char *dir, const char *name,
		const char *fmt, ...)
{
	struct buf b;
	buf_init(&b);
	va_list ap;
	va_start(ap, fmt);
	char line[256];
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line))
		abort();
	buf_append(&b, line, (size_t)n);
	sys_file(t, mode, &b, 0, "%s/%s", dir, name);
	buf_free(&b);
}

void sys_attrs(struct sys_tree *t, const char *dir, const struct sys_attr *attrs, size_t n,
	       const void *obj)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		buf_reset(&b);
		int rc = attrs[i].show(obj, &b);
		sys_file(t, attrs[i].mode, &b, rc < 0 ? -rc : 0, "%s/%s", dir, attrs[i].name);
	}
	buf_free(&b);
}

const struct sys_node *sys_tree_find(const struct sys_tree *t, const char *path)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].path, path) == 0)
			return &t->v[i];
	return NULL;
}

/* ---- the difference of two trees ---- */

static int by_path(const void *a, const void *b)
{
	const struct sys_node *const *x = a, *const *y = b;
	return strcmp((*x)->path, (*y)->path);
}

/* The nodes in path order: a directory sorts before everything below it
 * (its path is their prefix). */
static const struct sys_node **sorted(const struct sys_tree *t)
{
	const struct sys_node **s = malloc((t->n ? t->n : 1) * sizeof(*s));
	if (!s)
		abort();
	for (size_t i = 0; i < t->n; i++)
		s[i] = &t->v[i];
	qsort(s, t->n, sizeof(*s), by_path);
	return s;
}

static bool same(const struct sys_node *a, const struct sys_node *b)
{
	return a->kind == b->kind && a->mode == b->mode && a->err == b->err && a->len == b->len &&
	       (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

void sys_tree_diff(const struct sys_tree *from, const struct sys_tree *to,
		   void (*fn)(void *arg, const struct sys_node *n, bool remove), void *arg)
{
	const struct sys_node **a = sorted(from), **b = sorted(to);
	/* gone or changed in kind: removed, children before their directory */
	for (size_t i = from->n, j = to->n; i > 0;) {
		int c = j > 0 ? strcmp(a[i - 1]->path, b[j - 1]->path) : 1;
		if (c < 0) {
			j--;
			continue;
		}
		if (c > 0 || a[i - 1]->kind != b[j - 1]->kind)
			fn(arg, a[i - 1], true);
		if (c == 0)
			j--;
		i--;
	}
	/* new or changed: made, directories before what they hold */
	for (size_t i = 0, j = 0; j < to->n;) {
		int c = i < from->n ? strcmp(a[i]->path, b[j]->path) : 1;
		if (c < 0) {
			i++;
			continue;
		}
		if (c > 0 || a[i]->kind != b[j]->kind || (b[j]->kind != SYS_DIR && !same(a[i], b[j])))
			fn(arg, b[j], false);
		if (c == 0)
			i++;
		j++;
	}
	free(a);
	free(b);
}

/* ---- Linux's bitmap formats (lib/vsprintf.c bitmap_string, bitmap_list_string) ---- */

static bool bit(int i, int lo, int hi)
{
	return i >= lo && i <= hi;
}

void sys_bitmap_hex(struct buf *out, int nbits, int lo, int hi)
{
	int chunk = nbits % 32 ? nbits % 32 : 32;
	bool first = true;
	for (int i = ((nbits + 31) / 32 - 1) * 32; i >= 0; i -= 32) {
		unsigned val = 0;
		for (int k = 0; k < chunk; k++)
			if (bit(i + k, lo, hi))
				val |= 1u << k;
		buf_printf(out, "%s%0*x", first ? "" : ",", (chunk + 3) / 4, val);
		first = false;
		chunk = 32;
	}
}

void sys_bitmap_list(struct buf *out, int lo, int hi)
{
	if (lo > hi)
		return;
	if (lo == hi)
		buf_printf(out, "%d", lo);
	else
		buf_printf(out, "%d-%d", lo, hi);
}
