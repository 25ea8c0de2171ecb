/* A TAP file of `veneer matrix` back into its report (report_tap.c says
 * what is where), for `merge`: the header's comment lines, then per test
 * line its YAML block, of which it reads the keys report_tap.c writes. */
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "matrix.h"

struct tr {
	const char *path;
	char *err;
	size_t errlen;
	const char *s, *end;    /* the text; the line at s */
	size_t line;
};

static int bad(struct tr *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct tr *t, const char *fmt, ...)
{
	int k = snprintf(t->err, t->errlen, "%s:%zu:1: ", t->path, t->line);
	va_list ap;
	va_start(ap, fmt);
	if (k >= 0 && (size_t)k < t->errlen)
		vsnprintf(t->err + k, t->errlen - (size_t)k, fmt, ap);
	va_end(ap);
	return -1;
}

/* The current line (without '\n') into *l, *n; false at the end. */
static bool line(const struct tr *t, const char **l, size_t *n)
{
	if (t->s >= t->end)
		return false;
	const char *e = memchr(t->s, '\n', (size_t)(t->end - t->s));
	*l = t->s;
	*n = e ? (size_t)(e - t->s) : (size_t)(t->end - t->s);
	return true;
}

static void advance(struct tr *t)
{
	const char *e = memchr(t->s, '\n', (size_t)(t->end - t->s));
	t->s = e ? e + 1 : t->end;
	t->line++;
}

/* The line starts with prefix: the rest as a NUL-terminated copy. */
static char *after(const char *l, size_t n, const char *prefix)
{
	size_t p = strlen(prefix);
	if (n < p || memcmp(l, prefix, p) != 0)
		return NULL;
	char *v = mx_alloc(n - p + 1);
	memcpy(v, l + p, n - p);
	return v;
}

static json_t *json_of(struct tr *t, const char *text, const char *what)
{
	json_error_t e;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &e);
	if (!j)
		bad(t, "%s: %s", what, e.text);
	return j;
}

/* The JSON value of the header line "# KEY: VALUE" at t, which is passed;
 * NULL after saying what is wrong. */
static json_t *header_value(struct tr *t, const char *key)
{
	const char *l;
	size_t len;
	char prefix[32];
	snprintf(prefix, sizeof(prefix), "# %s: ", key);
	char *rest = line(t, &l, &len) ? after(l, len, prefix) : NULL;
	if (!rest) {
		bad(t, "expected \"%s\"", prefix);
		return NULL;
	}
	json_t *j = json_of(t, rest, key);
	free(rest);
	if (j)
		advance(t);
	return j;
}

static int header_array(struct tr *t, const char *key, char ***v, size_t *n)
{
	json_t *a = header_value(t, key);
	if (!a)
		return -1;
	if (!json_is_array(a) || json_array_size(a) == 0) {
		json_decref(a);
		return bad(t, "%s: expected a JSON array of strings", key);
	}
	*n = json_array_size(a);
	*v = mx_alloc(sizeof(char *) * *n);
	for (size_t i = 0; i < *n; i++) {
		const char *s = json_string_value(json_array_get(a, i));
		(*v)[i] = mx_text_clean(s ? s : "", s ? strlen(s) : 0);
	}
	json_decref(a);
	return 0;
}

static int header_string(struct tr *t, const char *key, char *out, size_t size)
{
	json_t *j = header_value(t, key);
	if (!j || !json_is_string(j)) {
		json_decref(j);
		return j ? bad(t, "%s: expected a JSON string", key) : -1;
	}
	mx_text_copy(out, size, json_string_value(j));
	json_decref(j);
	return 0;
}

static int header(struct tr *t, struct mx_report *r)
{
	const char *l;
	size_t n;
	for (int k = 0; k < 2; k++) {
		if (!line(t, &l, &n) || (k == 0 ? n != 14 || memcmp(l, "TAP version 13", 14) != 0 :
					   n < 3 || memcmp(l, "1..", 3) != 0))
			return bad(t, k == 0 ? "expected \"TAP version 13\"" : "expected the plan, 1..N");
		advance(t);
	}
	char *shard = line(t, &l, &n) ? after(l, n, "# veneer matrix shard ") : NULL;
	bool ok = shard && mx_parse_shard(shard, &r->shard, &r->nshards);
	free(shard);
	if (!ok)
		return bad(t, "expected \"# veneer matrix shard I/N\": not written by veneer matrix");
	advance(t);
	if (header_array(t, "commands", &r->commands, &r->ncommands) < 0 ||
	    header_array(t, "scenarios", &r->scenarios, &r->nscenarios) < 0 ||
	    header_array(t, "backends", &r->backends, &r->nbackends) < 0 ||
	    header_string(t, "timestamp", r->timestamp, sizeof(r->timestamp)) < 0 ||
	    header_string(t, "hostname", r->hostname, sizeof(r->hostname)) < 0)
		return -1;
	return 0;
}

/* A literal block ("|2" and its chomping) whose lines are indented by 4. */
static char *block(struct tr *t, const char *head)
{
	char chomp = head[2];
	struct buf b;
	buf_init(&b);
	const char *l;
	size_t n;
	for (advance(t); line(t, &l, &n); advance(t)) {
		if (n > 0 && (n < 4 || memcmp(l, "    ", 4) != 0))
			break;
		if (n > 4)
			buf_append(&b, l + 4, n - 4);
		buf_puts(&b, "\n");
	}
	if (chomp != '+') {   /* clip keeps one line break, strip none */
		while (b.len && b.data[b.len - 1] == '\n')
			b.len--;
		if (chomp != '-' && b.len)
			buf_puts(&b, "\n");
	}
	/* as a JSON string's text: valid UTF-8 without NULs, which the
	 * writers (and the XML of JUnit) can carry */
	char *s = mx_text_clean(b.data ? b.data : "", b.len);
	buf_free(&b);
	return s;
}

static char *scalar(struct tr *t, const char *value, bool *failed)
{
	if (strncmp(value, "|2", 2) == 0 && (value[2] == '\0' || ((value[2] == '-' || value[2] == '+') && !value[3])))
		return block(t, value);
	json_t *j = json_of(t, value, "a value");
	advance(t);
	if (!j || !json_is_string(j)) {
		json_decref(j);
		*failed = true;
		if (j)
			bad(t, "expected a JSON string or a literal block");
		return NULL;
	}
	char *s = mx_text_clean(json_string_value(j), json_string_length(j));
	json_decref(j);
	return s;
}

static int test(struct tr *t, struct mx_report *r, bool ok)
{
	struct mx_result res = { .status = ok ? MX_PASS : MX_FAIL };
	bool have_case = false, failed = false;
	const char *l;
	size_t n;
	advance(t);
	if (!line(t, &l, &n) || n != 5 || memcmp(l, "  ---", 5) != 0)
		return bad(t, "expected the test's YAML block, \"  ---\"");
	advance(t);
	while (!failed && line(t, &l, &n) && !(n == 5 && memcmp(l, "  ...", 5) == 0)) {
		char *kv = after(l, n, "  ");
		char *colon = kv ? strstr(kv, ": ") : NULL;
		if (!colon) {
			free(kv);
			bad(t, "expected \"  key: value\" in the YAML block");
			goto fail;
		}
		*colon = '\0';
		const char *key = kv, *value = colon + 2;
		if (strcmp(key, "case") == 0 || strcmp(key, "duration_ms") == 0) {
			char *end;
			unsigned long long v = strtoull(value, &end, 10);
			if (*end || end == value || *value == '-') {
				bad(t, "%s: expected a number", key);
				free(kv);
				goto fail;
			}
			if (key[0] == 'c') {
				have_case = v >= 1 && v <= mx_total(r);
				res.index = (size_t)v - 1;
			} else {
				res.ms = v;
			}
			advance(t);
		} else if (strcmp(key, "status") == 0) {
			res.status = strcmp(value, "error") == 0 ? MX_ERROR : MX_FAIL;
			advance(t);
		} else if (strcmp(key, "message") == 0 || strcmp(key, "detail") == 0) {
			char **dst = key[0] == 'm' ? &res.message : &res.detail;
			free(*dst);
			*dst = scalar(t, value, &failed);
			if (*dst && !**dst) {   /* as the writers see it: nothing to say */
				free(*dst);
				*dst = NULL;
			}
		} else {
			advance(t);
		}
		free(kv);
	}
	if (!failed && !have_case)
		bad(t, "the test has no case number of the matrix");
	if (!failed && have_case && !line(t, &l, &n))
		bad(t, "the YAML block is not closed by \"  ...\"");
	if (failed || !have_case || !line(t, &l, &n))
		goto fail;
	advance(t);
	r->results = mx_realloc_array(r->results, r->nresults + 1, sizeof(res));
	r->results[r->nresults++] = res;
	return 0;
fail:	/* what the block held so far is the test's, not yet the report's */
	free(res.message);
	free(res.detail);
	return -1;
}

int mx_tap_read(const char *path, const char *text, size_t len, struct mx_report *r, char *err,
		size_t errlen)
{
	memset(r, 0, sizeof(*r));
	struct tr t = { path, err, errlen, text, text + len, 1 };
	int rc = header(&t, r);
	const char *l;
	size_t n;
	while (rc == 0 && line(&t, &l, &n)) {
		if (n >= 3 && memcmp(l, "ok ", 3) == 0)
			rc = test(&t, r, true);
		else if (n >= 7 && memcmp(l, "not ok ", 7) == 0)
			rc = test(&t, r, false);
		else if (n == 0 || l[0] == '#')
			advance(&t);
		else
			rc = bad(&t, "expected a test line");
	}
	if (rc < 0)
		mx_report_free(r);
	return rc;
}
