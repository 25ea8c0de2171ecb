/* The report as a table for people: a row per scenario, a column per
 * command (and backend), each cell the verdict and the time; then a count,
 * and every failure with its message and diff. */
#include <stdlib.h>
#include <string.h>

#include "matrix.h"

/* Headers longer than this are numbered, with a legend above the table. */
#define MAX_HEADER 24

static void pad(FILE *f, const char *s, size_t width)
{
	fputs(s, f);
	for (size_t w = mx_width(s); w < width; w++)
		fputc(' ', f);
}

/* A label on one line. */
static char *one_line(const char *s)
{
	char *d = mx_strdup(s);
	for (char *p = d; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	return d;
}

static char *cell(const struct mx_result *res)
{
	struct buf b;
	buf_init(&b);
	if (!res)
		buf_puts(&b, "-");
	else
		buf_printf(&b, "%-5s %llu.%02llu s", mx_status_word(res->status),
			   (unsigned long long)(res->ms / 1000), (unsigned long long)(res->ms % 1000 / 10));
	return mx_buf_take(&b);
}

static void indented(FILE *f, const char *text)
{
	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		fprintf(f, "    %.*s\n", (int)n, p);
		p += n + (e != NULL);
	}
}

void mx_table_write(FILE *f, const struct mx_report *r)
{
	size_t ncols = r->ncommands * r->nbackends, nrows = r->nscenarios;
	char **head = mx_alloc(sizeof(char *) * (ncols + 1));
	bool numbered = false;
	for (size_t c = 0; c < ncols; c++) {
		struct buf b;
		buf_init(&b);
		char *label = one_line(r->commands[c / r->nbackends]);
		buf_puts(&b, label);
		if (r->nbackends > 1)
			buf_printf(&b, " [%s]", r->backends[c % r->nbackends]);
		numbered |= mx_width(b.data) > MAX_HEADER;
		head[c] = mx_buf_take(&b);
		free(label);
	}
	if (numbered) {
		for (size_t k = 0; k < r->ncommands; k++) {
			char *label = one_line(r->commands[k]);
			fprintf(f, "#%zu: %s\n", k + 1, label);
			free(label);
		}
		for (size_t c = 0; c < ncols; c++) {
			free(head[c]);
			struct buf b;
			buf_init(&b);
			buf_printf(&b, "#%zu", c / r->nbackends + 1);
			if (r->nbackends > 1)
				buf_printf(&b, " [%s]", r->backends[c % r->nbackends]);
			head[c] = mx_buf_take(&b);
		}
	}
	/* the cells, by row and column; a case another shard ran is "-" */
	const struct mx_result **at = mx_alloc(sizeof(*at) * (mx_total(r) + 1));
	for (size_t i = 0; i < r->nresults; i++)
		at[r->results[i].index] = &r->results[i];
	char **cells = mx_alloc(sizeof(char *) * (nrows * ncols + 1));
	size_t *width = mx_alloc(sizeof(size_t) * (ncols + 1));
	size_t w0 = strlen("scenario");
	for (size_t s = 0; s < nrows; s++) {
		size_t w = mx_width(r->scenarios[s]);
		w0 = w > w0 ? w : w0;
	}
	for (size_t c = 0; c < ncols; c++) {
		width[c] = mx_width(head[c]);
		for (size_t s = 0; s < nrows; s++) {
			size_t i = mx_index(r, c / r->nbackends, s, c % r->nbackends);
			cells[s * ncols + c] = cell(at[i]);
			size_t w = mx_width(cells[s * ncols + c]);
			width[c] = w > width[c] ? w : width[c];
		}
	}
	pad(f, "scenario", w0);
	for (size_t c = 0; c < ncols; c++) {
		fputs("  ", f);
		pad(f, head[c], c + 1 < ncols ? width[c] : 0);
	}
	fputc('\n', f);
	for (size_t s = 0; s < nrows; s++) {
		pad(f, r->scenarios[s], w0);
		for (size_t c = 0; c < ncols; c++) {
			fputs("  ", f);
			pad(f, cells[s * ncols + c], c + 1 < ncols ? width[c] : 0);
		}
		fputc('\n', f);
	}

	size_t count[MX_NSTATUS];
	mx_report_count(r, count);
	fprintf(f, "\n%zu cases: %zu passed, %zu failed, %zu errors", r->nresults, count[MX_PASS],
		count[MX_FAIL], count[MX_ERROR]);
	if (r->nshards > 1)
		fprintf(f, " (shard %u/%u of %zu cases)", r->shard, r->nshards, mx_total(r));
	fputc('\n', f);
	struct buf title;
	buf_init(&title);
	for (size_t i = 0; i < r->nresults; i++) {
		const struct mx_result *res = &r->results[i];
		if (res->status != MX_FAIL && res->status != MX_ERROR)
			continue;
		buf_reset(&title);
		mx_case_title(r, res->index, &title);
		char *t = one_line(title.data);
		fprintf(f, "\n%s %s: %s\n", mx_status_word(res->status), t,
			res->message ? res->message : "");
		free(t);
		if (res->detail)
			indented(f, res->detail);
	}
	buf_free(&title);
	for (size_t k = 0; k < nrows * ncols; k++)
		free(cells[k]);
	for (size_t c = 0; c < ncols; c++)
		free(head[c]);
	free(cells);
	free(width);
	free(head);
	free(at);
}
