/* The report as TAP version 13: a test line per case, and after it a YAML
 * block with what `merge` needs (the case's index in the whole matrix,
 * its time) and, for a failure, the message and the diff. The axes of the
 * matrix are comment lines at the top, as JSON arrays. A failure's diff is
 * a YAML literal block, readable in a CI log; text a literal block cannot
 * carry exactly (carriage returns, Unicode line separators) is a
 * double-quoted scalar instead (JSON's syntax is YAML's). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "matrix.h"

static void json_line(FILE *f, const char *key, char **v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	char *s = json_dumps(a, JSON_COMPACT | JSON_ENSURE_ASCII);
	fprintf(f, "# %s: %s\n", key, s ? s : "[]");
	free(s);
	json_decref(a);
}

static void quoted(FILE *f, const char *s)
{
	json_t *j = json_string(s);
	char *q = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;
	fputs(q ? q : "\"\"", f);
	free(q);
	json_decref(j);
}

/* Whether a literal block carries s exactly: no carriage return, no
 * character YAML 1.1 takes for a line break (NEL U+0085, U+2028, U+2029)
 * or a byte order mark, and something besides line breaks. */
static bool block_safe(const char *s)
{
	if (!s[strspn(s, "\n")])
		return false;
	return !strchr(s, '\r') && !strstr(s, "\xc2\x85") && !strstr(s, "\xe2\x80\xa8") &&
	       !strstr(s, "\xe2\x80\xa9") && !strstr(s, "\xef\xbb\xbf");
}

/* "key: |2" with the chomping that gives back the trailing line breaks:
 * none "-", one (clip), more "+". Lines are indented by 4; empty lines
 * are written empty. */
static void scalar(FILE *f, const char *key, const char *s)
{
	fprintf(f, "  %s: ", key);
	if (!block_safe(s)) {
		quoted(f, s);
		fputc('\n', f);
		return;
	}
	size_t len = strlen(s), nl = 0;
	while (nl < len && s[len - 1 - nl] == '\n')
		nl++;
	fprintf(f, "|2%s\n", nl == 0 ? "-" : nl == 1 ? "" : "+");
	for (const char *p = s; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n)
			fprintf(f, "    %.*s", (int)n, p);
		fputc('\n', f);
		p += n + (e != NULL);
	}
}

/* The description: one line, '#' and '\' escaped as TAP wants. */
static void description(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '#' || *s == '\\')
			fputc('\\', f);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
	}
}

void mx_tap_write(FILE *f, const struct mx_report *r)
{
	fprintf(f, "TAP version 13\n1..%zu\n# veneer matrix shard %u/%u\n", r->nresults, r->shard,
		r->nshards);
	json_line(f, "commands", r->commands, r->ncommands);
	json_line(f, "scenarios", r->scenarios, r->nscenarios);
	json_line(f, "backends", r->backends, r->nbackends);
	fputs("# timestamp: ", f);
	quoted(f, r->timestamp);
	fputs("\n# hostname: ", f);
	quoted(f, r->hostname);
	fputc('\n', f);
	struct buf title;
	buf_init(&title);
	for (size_t i = 0; i < r->nresults; i++) {
		const struct mx_result *res = &r->results[i];
		buf_reset(&title);
		mx_case_title(r, res->index, &title);
		fprintf(f, "%s %zu - ", res->status == MX_PASS ? "ok" : "not ok", i + 1);
		description(f, title.data);
		fprintf(f, "\n  ---\n  case: %zu\n  duration_ms: %llu\n", res->index + 1,
			(unsigned long long)res->ms);
		if (res->status == MX_FAIL || res->status == MX_ERROR)
			fprintf(f, "  status: %s\n", res->status == MX_FAIL ? "fail" : "error");
		if (res->message) {
			fputs("  message: ", f);
			quoted(f, res->message);
			fputc('\n', f);
		}
		if (res->detail && *res->detail)
			scalar(f, "detail", res->detail);
		fputs("  ...\n", f);
	}
	buf_free(&title);
}
