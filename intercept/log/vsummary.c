/* See vsummary.h. The columns are strace -c's (its widths, its sort by
 * time, an empty errors cell for none) and two of veneer's before the
 * name: served, native. */
#include "vsummary.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"

#define MAX_NR 1024

struct count {
	uint64_t calls, errors, served, native;
	double secs;
};

struct vsummary {
	struct count c[MAX_NR];
};

struct vsummary *vsummary_new(void)
{
	struct vsummary *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	return s;
}

void vsummary_free(struct vsummary *s) { free(s); }

void vsummary_add(struct vsummary *s, int nr, bool native, bool failed, double secs)
{
	if (nr < 0 || nr >= MAX_NR)
		return;
	struct count *c = &s->c[nr];
	c->calls++;
	c->errors += failed;
	c->native += native;
	c->served += !native;
	c->secs += secs;
}

static const struct vsummary *sorting;

/* by time, then by calls, then by name (strace's default: time) */
static int by_time(const void *a, const void *b)
{
	const struct count *x = &sorting->c[*(const int *)a], *y = &sorting->c[*(const int *)b];
	if (x->secs != y->secs)
		return x->secs < y->secs ? 1 : -1;
	if (x->calls != y->calls)
		return x->calls < y->calls ? 1 : -1;
	return strcmp(syscall_name(*(const int *)a), syscall_name(*(const int *)b));
}

static void row(FILE *f, double pct, const struct count *c, const char *name)
{
	fprintf(f, "%6.2f %11.6f %11llu %9llu %9.0llu %9llu %9llu %s\n", pct, c->secs,
		c->calls ? (unsigned long long)(c->secs * 1e6 / (double)c->calls) : 0ull,
		(unsigned long long)c->calls, (unsigned long long)c->errors,
		(unsigned long long)c->served, (unsigned long long)c->native, name);
}

void vsummary_write(const struct vsummary *s, FILE *f, bool json)
{
	int idx[MAX_NR] = { 0 }, n = 0;
	struct count total = { 0 };
	for (int i = 0; i < MAX_NR; i++)
		if (s->c[i].calls) {
			idx[n++] = i;
			total.calls += s->c[i].calls;
			total.errors += s->c[i].errors;
			total.served += s->c[i].served;
			total.native += s->c[i].native;
			total.secs += s->c[i].secs;
		}
	sorting = s;
	qsort(idx, (size_t)n, sizeof(idx[0]), by_time);
	if (json) {
		json_t *rows = json_array();
		for (int i = 0; i < n; i++) {
			const struct count *c = &s->c[idx[i]];
			json_array_append_new(rows, json_pack("{s:s,s:I,s:I,s:f,s:I,s:I}", "syscall",
							      syscall_name(idx[i]), "calls", (json_int_t)c->calls,
							      "errors", (json_int_t)c->errors, "seconds", c->secs,
							      "served", (json_int_t)c->served, "native",
							      (json_int_t)c->native));
		}
		json_t *j = json_pack("{s:i,s:o}", "v", 1, "summary", rows);
		char *text = json_dumps(j, JSON_COMPACT);
		if (text)
			fprintf(f, "%s\n", text);
		free(text);
		json_decref(j);
		return;
	}
	static const char dash[] = "------ ----------- ----------- --------- --------- --------- --------- "
				   "----------------\n";
	fputs("% time     seconds  usecs/call     calls    errors    served    native syscall\n", f);
	fputs(dash, f);
	for (int i = 0; i < n; i++) {
		const struct count *c = &s->c[idx[i]];
		row(f, total.secs > 0 ? 100.0 * c->secs / total.secs : 0.0, c, syscall_name(idx[i]));
	}
	fputs(dash, f);
	row(f, 100.0, &total, "total");
}
