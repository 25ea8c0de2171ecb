/* The report as JUnit XML, the format GitHub Actions' reporters, GitLab,
 * Jenkins and Buildkite read (tests/matrix/junit.xsd is the schema it is
 * checked against): a <testsuite> per command, a <testcase> per scenario
 * and backend, <failure> for an expectation not met (its body the diff),
 * <error> for a run that could not be judged (timed out, veneer's own
 * error).
 *
 * What `merge` needs to put shards back together travels in each suite's
 * <properties>: the shard, and the scenario and backend axes in order
 * (the command axis is the order of the suites, all written by every
 * shard, empty or not). Suite and report times are sums of case times,
 * so that a merge computes them as the unsharded run did. */
#include <stdlib.h>
#include <string.h>

#include "matrix.h"

/* Text is clean already (mx_text_clean): only markup and the characters an
 * XML parser would change (line ends, and whitespace in attributes) need
 * references. */
static void esc(FILE *f, const char *s, bool attr)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs(attr ? "&quot;" : "\"", f); break;
		case '\r': fputs("&#13;", f); break;
		case '\n': fputs(attr ? "&#10;" : "\n", f); break;
		case '\t': fputs(attr ? "&#9;" : "\t", f); break;
		default: fputc(*s, f);
		}
	}
}

static void seconds(FILE *f, uint64_t ms)
{
	fprintf(f, "%llu.%03llu", (unsigned long long)(ms / 1000), (unsigned long long)(ms % 1000));
}

static void property(FILE *f, const char *name, char **values, size_t n)
{
	fprintf(f, "      <property name=\"%s\" value=\"", name);
	for (size_t i = 0; i < n; i++) {
		if (i)
			esc(f, "\n", true);
		esc(f, values[i], true);
	}
	fputs("\"/>\n", f);
}

static void testcase(FILE *f, const struct mx_report *r, const struct mx_result *res)
{
	struct buf name;
	buf_init(&name);
	mx_case_name(r, res->index, &name);
	fputs("    <testcase name=\"", f);
	esc(f, name.data, true);
	fputs("\" classname=\"", f);
	esc(f, r->commands[mx_cmd_of(r, res->index)], true);
	fputs("\" time=\"", f);
	seconds(f, res->ms);
	buf_free(&name);
	static const char *const element[] = {
		[MX_PASS] = "system-out", [MX_FAIL] = "failure", [MX_ERROR] = "error",
	};
	if (res->status == MX_PASS && !res->message) {   /* a failure always says so */
		fputs("\"/>\n", f);
		return;
	}
	fprintf(f, "\">\n      <%s", element[res->status]);
	if (res->status != MX_PASS) {
		fputs(" message=\"", f);
		esc(f, res->message ? res->message : "", true);
		fputs("\"", f);
	}
	/* a pass with words (a recorded golden file) says them as output */
	const char *body = res->status == MX_PASS ? res->message : res->detail;
	if (body && *body) {
		fputs(">", f);
		esc(f, body, false);
		fprintf(f, "</%s>\n", element[res->status]);
	} else {
		fputs("/>\n", f);
	}
	fputs("    </testcase>\n", f);
}

void mx_junit_write(FILE *f, const struct mx_report *r)
{
	size_t count[MX_NSTATUS];
	mx_report_count(r, count);
	uint64_t total_ms = 0;
	for (size_t i = 0; i < r->nresults; i++)
		total_ms += r->results[i].ms;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<testsuites name=\"veneer matrix\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
		   "skipped=\"0\" time=\"",
		r->nresults, count[MX_FAIL], count[MX_ERROR]);
	seconds(f, total_ms);
	fputs("\">\n", f);
	size_t k = 0;   /* results are in index order: each suite's in a row */
	for (size_t c = 0; c < r->ncommands; c++) {
		size_t first = k, n[MX_NSTATUS] = { 0 };
		uint64_t ms = 0;
		for (; k < r->nresults && mx_cmd_of(r, r->results[k].index) == c; k++) {
			n[r->results[k].status]++;
			ms += r->results[k].ms;
		}
		fputs("  <testsuite name=\"", f);
		esc(f, r->commands[c], true);
		fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\" time=\"",
			k - first, n[MX_FAIL], n[MX_ERROR]);
		seconds(f, ms);
		fputs("\" timestamp=\"", f);
		esc(f, r->timestamp, true);
		fputs("\" hostname=\"", f);
		esc(f, r->hostname, true);
		fprintf(f, "\">\n    <properties>\n"
			   "      <property name=\"veneer.matrix.shard\" value=\"%u/%u\"/>\n",
			r->shard, r->nshards);
		property(f, "veneer.matrix.scenarios", r->scenarios, r->nscenarios);
		property(f, "veneer.matrix.backends", r->backends, r->nbackends);
		fputs("    </properties>\n", f);
		for (size_t i = first; i < k; i++)
			testcase(f, r, &r->results[i]);
		fputs("    <system-out/>\n    <system-err/>\n  </testsuite>\n", f);
	}
	fputs("</testsuites>\n", f);
}
