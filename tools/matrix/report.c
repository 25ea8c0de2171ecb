/* The report of a matrix (matrix.h): names of its cases, counts, and the
 * checks `merge` makes of reports read back. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "matrix.h"

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void mx_report_free(struct mx_report *r)
{
	free_strings(r->commands, r->ncommands);
	free_strings(r->scenarios, r->nscenarios);
	free_strings(r->backends, r->nbackends);
	for (size_t i = 0; i < r->nresults; i++) {
		free(r->results[i].message);
		free(r->results[i].detail);
	}
	free(r->results);
	memset(r, 0, sizeof(*r));
}

void mx_case_name(const struct mx_report *r, size_t i, struct buf *out)
{
	buf_printf(out, "%s [%s]", r->scenarios[mx_scn_of(r, i)], r->backends[mx_be_of(r, i)]);
}

void mx_case_title(const struct mx_report *r, size_t i, struct buf *out)
{
	buf_printf(out, "%s: %s [%s]", r->scenarios[mx_scn_of(r, i)], r->commands[mx_cmd_of(r, i)],
		   r->backends[mx_be_of(r, i)]);
}

const char *mx_status_word(enum mx_status s)
{
	static const char *const words[] = {
		[MX_PASS] = "pass", [MX_FAIL] = "FAIL", [MX_ERROR] = "ERROR",
	};
	return words[s];
}

bool mx_parse_shard(const char *s, unsigned *shard, unsigned *nshards)
{
	char *end;
	unsigned long i = strtoul(s, &end, 10);
	if (end == s || *end != '/' || s[0] == '-' || s[0] == '+')
		return false;
	const char *t = end + 1;
	unsigned long n = strtoul(t, &end, 10);
	if (end == t || *end || t[0] == '-' || t[0] == '+' || i < 1 || n < 1 || i > n || n > 100000)
		return false;
	*shard = (unsigned)i;
	*nshards = (unsigned)n;
	return true;
}

void mx_report_count(const struct mx_report *r, size_t count[MX_NSTATUS])
{
	memset(count, 0, MX_NSTATUS * sizeof(count[0]));
	for (size_t i = 0; i < r->nresults; i++)
		count[r->results[i].status]++;
}

bool mx_same_strings(char **a, size_t na, char **b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return true;
}

bool mx_same_axes(const struct mx_report *a, const struct mx_report *b)
{
	return mx_same_strings(a->commands, a->ncommands, b->commands, b->ncommands) &&
	       mx_same_strings(a->scenarios, a->nscenarios, b->scenarios, b->nscenarios) &&
	       mx_same_strings(a->backends, a->nbackends, b->backends, b->nbackends);
}

static int write_to(const char *path, void (*writer)(FILE *, const struct mx_report *),
		    const struct mx_report *r)
{
	if (strcmp(path, "-") == 0) {
		writer(stdout, r);
		return fflush(stdout) == 0 ? 0 : -1;
	}
	FILE *f = fopen(path, "we");
	if (!f)
		return -1;
	writer(f, r);
	bool ok = !ferror(f);
	return fclose(f) == 0 && ok ? 0 : -1;
}

int mx_report_outputs(const struct mx_report *r, const char *junit, const char *tap)
{
	const char *out[2] = { junit, tap };
	void (*writer[2])(FILE *, const struct mx_report *) = { mx_junit_write, mx_tap_write };
	bool stdout_taken = false;
	for (int k = 0; k < 2; k++) {
		if (!out[k])
			continue;
		stdout_taken |= strcmp(out[k], "-") == 0;
		if (write_to(out[k], writer[k], r) < 0) {
			fprintf(stderr, "veneer: matrix: cannot write %s: %s\n", out[k], strerror(errno));
			return 2;
		}
	}
	/* the table goes where a report written to stdout leaves room */
	mx_table_write(stdout_taken ? stderr : stdout, r);
	fflush(stdout);
	return 0;
}
