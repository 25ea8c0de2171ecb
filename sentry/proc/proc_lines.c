/* See proc_lines.h. */
#include "proc_lines.h"

#include <string.h>

void vn_each_line(const char *text, size_t len, void (*fn)(const char *line, size_t n, void *arg),
		  void *arg)
{
	size_t off = 0;
	while (off < len) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) : len - off;
		fn(text + off, n, arg);
		off += n + (nl ? 1 : 0);
	}
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

bool vn_kv_parse(const char *line, size_t n, struct vn_kv *kv)
{
	const char *colon = memchr(line, ':', n);
	if (!colon)
		return false;
	size_t klen = (size_t)(colon - line);
	while (klen && blank(line[klen - 1]))
		klen--;
	const char *v = colon + 1;
	while (v < line + n && blank(*v))
		v++;
	*kv = (struct vn_kv){ line, klen, v, (size_t)(line + n - v) };
	return true;
}

static bool is_key(const struct vn_kv *kv, const char *key)
{
	return strlen(key) == kv->klen && memcmp(kv->key, key, kv->klen) == 0;
}

struct get_arg {
	const char *key;
	struct vn_kv kv;
	bool found;
};

static void get_line(const char *line, size_t n, void *p)
{
	struct get_arg *a = p;
	struct vn_kv kv;
	if (!a->found && vn_kv_parse(line, n, &kv) && is_key(&kv, a->key)) {
		a->kv = kv;
		a->found = true;
	}
}

const char *vn_kv_get(const char *text, size_t len, const char *key, size_t *vlen)
{
	struct get_arg a = { .key = key };
	vn_each_line(text, len, get_line, &a);
	if (!a.found)
		return NULL;
	*vlen = a.kv.vlen;
	return a.kv.val;
}

struct rewrite_arg {
	const struct vn_kv_set *set;
	struct buf *out;
};

static void rewrite_line(const char *line, size_t n, void *p)
{
	struct rewrite_arg *a = p;
	struct vn_kv kv;
	const char *val = NULL;
	if (vn_kv_parse(line, n, &kv))
		for (const struct vn_kv_set *s = a->set; s->key && !val; s++)
			if (is_key(&kv, s->key))
				val = s->val;
	if (val) {
		buf_append(a->out, line, (size_t)(kv.val - line));
		buf_puts(a->out, val);
	} else {
		buf_append(a->out, line, n);
	}
	buf_puts(a->out, "\n");
}

void vn_kv_rewrite(const char *text, size_t len, const struct vn_kv_set *set, struct buf *out)
{
	struct rewrite_arg a = { set, out };
	vn_each_line(text, len, rewrite_line, &a);
}

/* The next space-separated field of [*p, end): false if there is none. */
static bool field(const char **p, const char *end, const char **f, size_t *flen)
{
	const char *s = *p;
	if (s >= end)
		return false;
	const char *sp = memchr(s, ' ', (size_t)(end - s));
	*f = s;
	*flen = sp ? (size_t)(sp - s) : (size_t)(end - s);
	*p = sp ? sp + 1 : end;
	return true;
}

static bool number(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;
	if (!n || n > 9)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return true;
}

bool vn_mountinfo_parse(const char *line, size_t n, struct vn_mountinfo *mi)
{
	const char *sep = NULL;
	for (size_t i = 0; i + 3 <= n; i++)
		if (memcmp(line + i, " - ", 3) == 0) {
			sep = line + i;
			break;
		}
	if (!sep)
		return false;
	const char *p = line, *f[5];
	size_t fl[5];
	for (int i = 0; i < 5; i++)   /* ID PARENT MAJ:MIN ROOT MOUNTPOINT */
		if (!field(&p, sep, &f[i], &fl[i]))
			return false;
	const char *colon = memchr(f[2], ':', fl[2]);
	if (!colon || !number(f[2], (size_t)(colon - f[2]), &mi->maj) ||
	    !number(colon + 1, fl[2] - (size_t)(colon + 1 - f[2]), &mi->min))
		return false;
	mi->mnt = f[4];
	mi->mntlen = fl[4];
	p = sep + 3;
	return field(&p, line + n, &mi->fstype, &mi->fslen) &&
	       field(&p, line + n, &mi->source, &mi->srclen);
}
