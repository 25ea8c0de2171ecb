/* `veneer matrix merge`: the reports of a matrix's shards (JUnit or TAP,
 * told apart by their first line) joined into the report of the whole
 * matrix, written as the unsharded run writes it. Every case of the matrix
 * must be in exactly one input: a shard left out or given twice is an
 * error, not a smaller report that passes. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "matrix.h"

static int bad(const char *msg, const char *arg)
{
	fprintf(stderr, "veneer: matrix merge: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	return 2;
}

static int read_report(const char *path, struct mx_report *r)
{
	struct buf b;
	buf_init(&b);
	if (mx_read_file(path, &b) < 0) {
		fprintf(stderr, "veneer: matrix merge: %s: %s\n", path, strerror(errno));
		buf_free(&b);
		return -1;
	}
	char err[1024];
	const char *s = b.data ? b.data : "";
	size_t lead = strspn(s, " \t\r\n");
	int rc = strncmp(s, "TAP version", 11) == 0 ? mx_tap_read(path, s, b.len, r, err, sizeof(err)) :
		 s[lead] == '<' ? mx_junit_read(path, s, b.len, r, err, sizeof(err)) :
		 (snprintf(err, sizeof(err), "%s:1:1: neither JUnit XML nor TAP", path), -1);
	buf_free(&b);
	if (rc < 0)
		fprintf(stderr, "veneer: %s\n", err);
	return rc;
}

static int by_index(const void *a, const void *b)
{
	size_t x = ((const struct mx_result *)a)->index, y = ((const struct mx_result *)b)->index;
	return x < y ? -1 : x > y;
}

/* Move the results of `from` into `into`. */
static void take_results(struct mx_report *into, struct mx_report *from)
{
	into->results = mx_realloc_array(into->results, into->nresults + from->nresults,
					 sizeof(struct mx_result));
	memcpy(into->results + into->nresults, from->results, from->nresults * sizeof(struct mx_result));
	into->nresults += from->nresults;
	free(from->results);
	from->results = NULL;
	from->nresults = 0;
}

/* Every case once: 0, or 2 after saying what is missing or doubled. */
static int complete(const struct mx_report *m, unsigned nshards)
{
	size_t total = mx_total(m), missing = 0, first_missing = 0;
	for (size_t i = 1; i < m->nresults; i++) {
		if (m->results[i].index == m->results[i - 1].index) {
			struct buf b;
			buf_init(&b);
			mx_case_title(m, m->results[i].index, &b);
			bad("a case is in two reports (a shard given twice?)", b.data);
			buf_free(&b);
			return 2;
		}
	}
	for (size_t i = 0, k = 0; i < total; i++) {
		if (k < m->nresults && m->results[k].index == i) {
			k++;
			continue;
		}
		if (missing++ == 0)
			first_missing = i;
	}
	if (missing) {
		fprintf(stderr, "veneer: matrix merge: %zu of %zu cases are in no report (shard %zu/%u is "
				"missing?)\n", missing, total, first_missing % nshards + 1, nshards);
		return 2;
	}
	return 0;
}

int mx_merge_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "junit", required_argument, NULL, 'J' },
		{ "tap", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *junit = NULL, *tap = NULL;
	opterr = 0;
	optind = 1;
	int ch;
	while ((ch = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'J': junit = optarg; break;
		case 'T': tap = optarg; break;
		case 'h':
			fputs("usage: veneer matrix merge [--junit FILE] [--tap FILE] REPORT...\n", stdout);
			return 0;
		case ':': return bad("option needs a value", argv[optind - 1]);
		default: return bad("unknown option", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return bad("no reports given (the JUnit or TAP files of the shards)", NULL);
	if (junit && tap && strcmp(junit, "-") == 0 && strcmp(tap, "-") == 0)
		return bad("--junit and --tap cannot both go to stdout", NULL);
	struct mx_report m = { 0 };
	unsigned nshards = 1;
	int rc = 0;
	for (int i = optind; i < argc && rc == 0; i++) {
		struct mx_report r;
		if (read_report(argv[i], &r) < 0) {
			rc = 2;
			break;
		}
		if (i == optind) {
			m = r;
			nshards = r.nshards;
			continue;
		}
		if (!mx_same_axes(&m, &r))
			rc = bad("not a shard of the same matrix as the first (other commands, scenarios "
				 "or backends)", argv[i]);
		else
			take_results(&m, &r);
		/* the earliest start is the matrix's */
		if (strcmp(r.timestamp, m.timestamp) < 0)
			memcpy(m.timestamp, r.timestamp, sizeof(m.timestamp));
		mx_report_free(&r);
	}
	if (rc == 0) {
		qsort(m.results, m.nresults, sizeof(struct mx_result), by_index);
		rc = complete(&m, nshards);
	}
	if (rc == 0) {
		m.shard = m.nshards = 1;
		rc = mx_report_outputs(&m, junit, tap);
	}
	if (rc == 0) {
		size_t count[MX_NSTATUS];
		mx_report_count(&m, count);
		rc = count[MX_PASS] == m.nresults ? 0 : 1;
	}
	mx_report_free(&m);
	return rc;
}
