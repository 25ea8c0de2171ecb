/* A JUnit file of `veneer matrix` back into its report (report_junit.c
 * says what is where), for `merge`. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "matrix.h"
#include "xml_read.h"

struct jr {
	const char *path;
	char *err;
	size_t errlen;
	struct mx_report *r;
	bool have_axes;
};

static int bad(struct jr *j, const struct xml_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad(struct jr *j, const struct xml_node *n, const char *fmt, ...)
{
	int k = snprintf(j->err, j->errlen, "%s:%zu:%zu: ", j->path, n->line, n->col);
	va_list ap;
	va_start(ap, fmt);
	if (k >= 0 && (size_t)k < j->errlen)
		vsnprintf(j->err + k, j->errlen - (size_t)k, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *need(struct jr *j, const struct xml_node *n, const char *attr)
{
	const char *v = xml_attr(n, attr);
	if (!v)
		bad(j, n, "<%s> has no %s", n->name, attr);
	return v;
}

static char *clean(const char *s)
{
	return mx_text_clean(s, strlen(s));
}

/* "a\nb\nc" (a property's list) into its items. */
static size_t split_lines(const char *s, char ***out)
{
	size_t n = 0;
	char **v = NULL;
	for (const char *p = s;;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		v = mx_realloc_array(v, n + 1, sizeof(char *));
		v[n] = mx_alloc(len + 1);
		memcpy(v[n++], p, len);
		if (!e)
			break;
		p = e + 1;
	}
	*out = v;
	return n;
}

static void free_lines(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The suite's properties: the first suite's set the axes, the others
 * must agree. */
static int properties(struct jr *j, const struct xml_node *suite)
{
	const char *shard = NULL, *scns = NULL, *bes = NULL;
	for (size_t i = 0; i < suite->nkids; i++) {
		const struct xml_node *p = suite->kids[i];
		if (strcmp(p->name, "properties") != 0)
			continue;
		for (size_t k = 0; k < p->nkids; k++) {
			const char *name = xml_attr(p->kids[k], "name"), *value = xml_attr(p->kids[k], "value");
			if (!name || !value)
				continue;
			if (strcmp(name, "veneer.matrix.shard") == 0)
				shard = value;
			else if (strcmp(name, "veneer.matrix.scenarios") == 0)
				scns = value;
			else if (strcmp(name, "veneer.matrix.backends") == 0)
				bes = value;
		}
	}
	if (!shard || !scns || !bes)
		return bad(j, suite, "no veneer.matrix properties: not written by veneer matrix");
	unsigned s, n;
	if (!mx_parse_shard(shard, &s, &n))
		return bad(j, suite, "veneer.matrix.shard is not I/N: %s", shard);
	char **sv, **bv;
	size_t ns = split_lines(scns, &sv), nb = split_lines(bes, &bv);
	struct mx_report *r = j->r;
	int rc = 0;
	if (!j->have_axes) {
		j->have_axes = true;
		r->scenarios = sv, r->nscenarios = ns;
		r->backends = bv, r->nbackends = nb;
		r->shard = s, r->nshards = n;
		return 0;
	}
	if (!mx_same_strings(sv, ns, r->scenarios, r->nscenarios) ||
	    !mx_same_strings(bv, nb, r->backends, r->nbackends) || s != r->shard || n != r->nshards)
		rc = bad(j, suite, "this suite's matrix differs from the first suite's");
	free_lines(sv, ns);
	free_lines(bv, nb);
	return rc;
}

static bool parse_ms(const char *s, uint64_t *ms)
{
	char *end;
	if (*s < '0' || *s > '9')
		return false;
	unsigned long long whole = strtoull(s, &end, 10);
	if (end[0] != '.' || strspn(end + 1, "0123456789") != 3 || end[4] || whole > UINT64_MAX / 2000)
		return false;
	*ms = whole * 1000 + strtoull(end + 1, NULL, 10);
	return true;
}

static int testcase(struct jr *j, const struct xml_node *tc, size_t cmd)
{
	struct mx_report *r = j->r;
	const char *name = need(j, tc, "name"), *cls = need(j, tc, "classname"),
		   *time = need(j, tc, "time");
	if (!name || !cls || !time)
		return -1;
	if (strcmp(cls, r->commands[cmd]) != 0)
		return bad(j, tc, "classname is not its suite's command");
	struct mx_result res = { 0 };
	if (!parse_ms(time, &res.ms))
		return bad(j, tc, "time is not seconds with 3 decimals: %s", time);
	/* which scenario and backend: the case whose name this is */
	bool found = false;
	struct buf b;
	buf_init(&b);
	for (size_t s = 0; s < r->nscenarios && !found; s++) {
		for (size_t e = 0; e < r->nbackends && !found; e++) {
			res.index = mx_index(r, cmd, s, e);
			buf_reset(&b);
			mx_case_name(r, res.index, &b);
			found = strcmp(b.data, name) == 0;
		}
	}
	buf_free(&b);
	if (!found)
		return bad(j, tc, "no scenario and backend of the matrix is named %s", name);
	for (size_t i = 0; i < tc->nkids; i++) {
		const struct xml_node *k = tc->kids[i];
		const char *msg = xml_attr(k, "message");
		if (strcmp(k->name, "failure") == 0 || strcmp(k->name, "error") == 0) {
			/* of several, the last says (a file not of mx_junit_write) */
			free(res.message);
			free(res.detail);
			res.status = k->name[0] == 'f' ? MX_FAIL : MX_ERROR;
			res.message = msg && *msg ? clean(msg) : NULL;
			res.detail = *k->text ? clean(k->text) : NULL;
		} else if (strcmp(k->name, "system-out") == 0 && *k->text && res.status == MX_PASS) {
			free(res.message);
			res.message = clean(k->text);
		}
	}
	r->results = mx_realloc_array(r->results, r->nresults + 1, sizeof(res));
	r->results[r->nresults++] = res;
	return 0;
}

static int suite(struct jr *j, const struct xml_node *s)
{
	const char *name = need(j, s, "name");
	if (!name || properties(j, s) < 0)
		return -1;
	struct mx_report *r = j->r;
	if (r->ncommands == 0) {
		const char *ts = xml_attr(s, "timestamp"), *host = xml_attr(s, "hostname");
		mx_text_copy(r->timestamp, sizeof(r->timestamp), ts ? ts : "");
		mx_text_copy(r->hostname, sizeof(r->hostname), host ? host : "");
	}
	r->commands = mx_realloc_array(r->commands, r->ncommands + 1, sizeof(char *));
	r->commands[r->ncommands++] = clean(name);
	for (size_t i = 0; i < s->nkids; i++)
		if (strcmp(s->kids[i]->name, "testcase") == 0 &&
		    testcase(j, s->kids[i], r->ncommands - 1) < 0)
			return -1;
	return 0;
}

int mx_junit_read(const char *path, const char *text, size_t len, struct mx_report *r, char *err,
		  size_t errlen)
{
	memset(r, 0, sizeof(*r));
	struct xml_node *root = xml_parse(text, len, path, err, errlen);
	if (!root)
		return -1;
	struct jr j = { path, err, errlen, r, false };
	int rc = 0;
	if (strcmp(root->name, "testsuites") != 0)
		rc = bad(&j, root, "the root element is <%s>, not <testsuites>", root->name);
	for (size_t i = 0; rc == 0 && i < root->nkids; i++)
		if (strcmp(root->kids[i]->name, "testsuite") == 0)
			rc = suite(&j, root->kids[i]);
	if (rc == 0 && r->ncommands == 0)
		rc = bad(&j, root, "no <testsuite>");
	xml_free(root);
	if (rc < 0)
		mx_report_free(r);
	return rc;
}
