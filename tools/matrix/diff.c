/* A unified diff of two texts, as `diff -u` prints it, for the failures of
 * veneer matrix: what a golden file expected and what the run printed.
 *
 * Lines common to both ends are taken off first; what remains is diffed
 * with Myers' O(ND) algorithm (the one GNU diff and git use). Past
 * MAX_EDITS differences it stops searching and shows the rest as removed
 * and added: the report is cut at a few hundred lines anyway, and a run
 * whose output differs that much is not read line by line. */
#include <stdlib.h>
#include <string.h>

#include "matrix.h"

#define CONTEXT 3
#define MAX_EDITS 1000

struct line {
	const char *p;
	size_t len;   /* with its '\n', if it has one */
};

enum op { EQ, DEL, INS };

struct edit {
	enum op op;
	size_t a, b;  /* line indices: a for EQ and DEL, b for EQ and INS */
};

struct script {
	struct edit *e;
	size_t n, cap;
};

static size_t split(const char *s, size_t n, struct line **out)
{
	size_t count = 0, cap = 16;
	struct line *l = mx_realloc_array(NULL, cap, sizeof(*l));
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (s + i)) + 1 : n - i;
		if (count == cap)
			l = mx_realloc_array(l, cap *= 2, sizeof(*l));
		l[count++] = (struct line){ s + i, len };
		i += len;
	}
	*out = l;
	return count;
}

static bool same(const struct line *x, const struct line *y)
{
	return x->len == y->len && memcmp(x->p, y->p, x->len) == 0;
}

static void push(struct script *s, enum op op, size_t a, size_t b)
{
	if (s->n == s->cap)
		s->e = mx_realloc_array(s->e, s->cap = s->cap ? s->cap * 2 : 64, sizeof(*s->e));
	s->e[s->n++] = (struct edit){ op, a, b };
}

/* Myers' greedy search over a[0..n) and b[0..m); appends the middle's edits
 * (indices offset by off_a, off_b). false when more than MAX_EDITS. */
static bool myers(const struct line *a, size_t n, const struct line *b, size_t m, size_t off_a,
		  size_t off_b, struct script *s)
{
	long N = (long)n, M = (long)m, max = N + M, dmax = max < MAX_EDITS ? max : MAX_EDITS;
	long *v = mx_alloc(sizeof(long) * (size_t)(2 * max + 3));
	long **trace = mx_alloc(sizeof(long *) * (size_t)(dmax + 1));
	long *vk = v + max + 1;   /* vk[k], k in [-max-1, max+1] */
	long found = -1;
	for (long d = 0; d <= dmax && found < 0; d++) {
		for (long k = -d; k <= d; k += 2) {
			long x = k == -d || (k != d && vk[k - 1] < vk[k + 1]) ? vk[k + 1] : vk[k - 1] + 1;
			long y = x - k;
			while (x < N && y < M && same(&a[x], &b[y]))
				x++, y++;
			vk[k] = x;
			if (x >= N && y >= M)
				found = d;
		}
		trace[d] = mx_alloc(sizeof(long) * (size_t)(2 * d + 1));
		memcpy(trace[d], vk - d, sizeof(long) * (size_t)(2 * d + 1));
	}
	bool ok = found >= 0;
	if (ok) {
		/* walk back from (N, M), collecting edits in reverse */
		struct script rev = { 0 };
		long x = N, y = M;
		for (long d = found; d >= 0; d--) {
			long k = x - y;
			long px = 0, py = 0;
			if (d > 0) {
				const long *pv = trace[d - 1] + (d - 1);   /* pv[k'] */
				long pk = k == -d || (k != d && pv[k - 1] < pv[k + 1]) ? k + 1 : k - 1;
				px = pv[pk];
				py = px - pk;
			}
			while (x > px && y > py) {
				x--, y--;
				push(&rev, EQ, (size_t)x, (size_t)y);
			}
			if (d > 0) {
				if (x == px)
					push(&rev, INS, 0, (size_t)--y);
				else
					push(&rev, DEL, (size_t)--x, 0);
			}
		}
		for (size_t i = rev.n; i-- > 0;)
			push(s, rev.e[i].op, rev.e[i].a + off_a, rev.e[i].b + off_b);
		free(rev.e);
	}
	for (long d = 0; d <= dmax && d < (found >= 0 ? found + 1 : dmax + 1); d++)
		free(trace[d]);
	free(trace);
	free(v);
	return ok;
}

static void put_line(struct buf *o, char mark, const struct line *l)
{
	buf_append(o, &mark, 1);
	buf_append(o, l->p, l->len);
	if (l->len == 0 || l->p[l->len - 1] != '\n')
		buf_puts(o, "\n\\ No newline at end of file\n");
}

/* "-l,s": a range of no lines names the line before it, and a count of
 * 1 is left out, as diff -u does. before: lines of that side before it. */
static void put_range(struct buf *o, char sign, size_t before, size_t count)
{
	if (count == 1)
		buf_printf(o, "%c%zu", sign, before + 1);
	else
		buf_printf(o, "%c%zu,%zu", sign, count ? before + 1 : before, count);
}

static void hunks(const struct script *s, const struct line *a, const struct line *b,
		  struct buf *o)
{
	size_t i = 0, pos = 0, before_a = 0, before_b = 0;   /* lines before edit pos */
	while (i < s->n) {
		while (i < s->n && s->e[i].op == EQ)
			i++;
		if (i == s->n)
			break;
		size_t first = i >= CONTEXT ? i - CONTEXT : 0, last = i;
		/* take in the next change while it is within two contexts */
		for (size_t j = i; j < s->n; j++) {
			if (s->e[j].op != EQ)
				last = j;
			else if (j - last > 2 * CONTEXT)
				break;
		}
		size_t end = last + 1 + CONTEXT < s->n ? last + 1 + CONTEXT : s->n;
		/* lines of each side before the hunk, and in it */
		for (; pos < first; pos++) {
			before_a += s->e[pos].op != INS;
			before_b += s->e[pos].op != DEL;
		}
		size_t na = 0, nb = 0;
		for (size_t j = first; j < end; j++) {
			na += s->e[j].op != INS;
			nb += s->e[j].op != DEL;
		}
		buf_puts(o, "@@ ");
		put_range(o, '-', before_a, na);
		buf_puts(o, " ");
		put_range(o, '+', before_b, nb);
		buf_puts(o, " @@\n");
		for (size_t j = first; j < end; j++) {
			const struct edit *e = &s->e[j];
			if (e->op == EQ)
				put_line(o, ' ', &a[e->a]);
			else if (e->op == DEL)
				put_line(o, '-', &a[e->a]);
			else
				put_line(o, '+', &b[e->b]);
		}
		i = end;
	}
}

void mx_diff(const char *a_name, const char *at, size_t alen, const char *b_name, const char *bt,
	     size_t blen, size_t max_lines, struct buf *out)
{
	struct line *a, *b;
	size_t n = split(at, alen, &a), m = split(bt, blen, &b);
	struct script s = { 0 };
	size_t pre = 0, suf = 0;
	while (pre < n && pre < m && same(&a[pre], &b[pre]))
		pre++;
	while (suf < n - pre && suf < m - pre && same(&a[n - 1 - suf], &b[m - 1 - suf]))
		suf++;
	for (size_t i = 0; i < pre; i++)
		push(&s, EQ, i, i);
	size_t mn = n - pre - suf, mm = m - pre - suf;
	if (!myers(a + pre, mn, b + pre, mm, pre, pre, &s)) {
		for (size_t i = 0; i < mn; i++)
			push(&s, DEL, pre + i, 0);
		for (size_t i = 0; i < mm; i++)
			push(&s, INS, 0, pre + i);
	}
	for (size_t i = 0; i < suf; i++)
		push(&s, EQ, n - suf + i, m - suf + i);
	if (mn || mm) {
		struct buf d;
		buf_init(&d);
		buf_printf(&d, "--- %s\n+++ %s\n", a_name, b_name);
		hunks(&s, a, b, &d);
		/* at most max_lines lines, then how many were left out */
		size_t lines = 0, cut = d.len;
		for (size_t i = 0; i < d.len; i++) {
			if (d.data[i] != '\n')
				continue;
			if (++lines == max_lines)
				cut = i + 1;
		}
		buf_append(out, d.data, cut);
		if (lines > max_lines)
			buf_printf(out, "[%zu more lines of diff]\n", lines - max_lines);
		buf_free(&d);
	}
	free(s.e);
	free(a);
	free(b);
}
