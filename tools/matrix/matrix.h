/* veneer matrix: commands x scenarios x backends, each run under its own
 * `veneer run`, in parallel, judged against expectations and reported as a
 * table, JUnit XML and TAP (docs/matrix.md).
 *
 * The report is what every output shows and what `veneer matrix merge`
 * reads back from JUnit or TAP files: the matrix's axes and the results of
 * the cases a run (or a merge) has. A case is named by its index in the
 * whole matrix, so that shards of one matrix join into exactly the report
 * of an unsharded run. */
#ifndef VENEER_MATRIX_H
#define VENEER_MATRIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "buf.h"

/* An error is a run that could not be judged: timed out, or veneer itself
 * failed (one "veneer:" line, status 2: a kernel that refuses what it needs). */
enum mx_status { MX_PASS, MX_FAIL, MX_ERROR };
#define MX_NSTATUS 3

struct mx_result {
	size_t index;        /* in the whole matrix, see mx_index() */
	enum mx_status status;
	uint64_t ms;         /* wall time of the run */
	char *message;       /* one line; NULL for a plain pass */
	char *detail;        /* the diff, the assertion's words ...; may be NULL */
};

struct mx_report {
	char **commands;     /* labels, in the order given */
	size_t ncommands;
	char **scenarios;    /* names */
	size_t nscenarios;
	char **backends;
	size_t nbackends;
	unsigned shard, nshards;   /* 1-based; 1/1 for the whole matrix */
	char timestamp[32];        /* UTC start, ISO 8601 without zone (JUnit's) */
	char hostname[256];
	struct mx_result *results; /* in index order */
	size_t nresults;
};

/* Command-major: the JUnit testsuite of a command holds its cases in a row. */
static inline size_t mx_index(const struct mx_report *r, size_t cmd, size_t scn, size_t be)
{
	return (cmd * r->nscenarios + scn) * r->nbackends + be;
}
static inline size_t mx_total(const struct mx_report *r)
{
	return r->ncommands * r->nscenarios * r->nbackends;
}
static inline size_t mx_cmd_of(const struct mx_report *r, size_t i)
{
	return i / (r->nscenarios * r->nbackends);
}
static inline size_t mx_scn_of(const struct mx_report *r, size_t i)
{
	return i / r->nbackends % r->nscenarios;
}
static inline size_t mx_be_of(const struct mx_report *r, size_t i)
{
	return i % r->nbackends;
}
/* --shard I/N takes every N-th case from the I-th: neighbours (the same
 * command on the next scenario) land in different shards, which spreads a
 * slow scenario or command over all of them. */
static inline bool mx_in_shard(size_t i, unsigned shard, unsigned nshards)
{
	return i % nshards == shard - 1;
}

/* report.c */
void mx_report_free(struct mx_report *r);
/* "k8s-pod [notify]": the JUnit test case's name. */
void mx_case_name(const struct mx_report *r, size_t i, struct buf *out);
/* "k8s-pod: ip addr [notify]": the name in the table's failures and TAP. */
void mx_case_title(const struct mx_report *r, size_t i, struct buf *out);
const char *mx_status_word(enum mx_status s);
/* Parse "I/N" (1 <= I <= N <= 100000). */
bool mx_parse_shard(const char *s, unsigned *shard, unsigned *nshards);
/* Counts of each status. */
void mx_report_count(const struct mx_report *r, size_t count[MX_NSTATUS]);
/* Whether two lists of strings are the same, in order. */
bool mx_same_strings(char **a, size_t na, char **b, size_t nb);
/* Whether two reports are of the same matrix (the same axes). */
bool mx_same_axes(const struct mx_report *a, const struct mx_report *b);

/* text.c: what reports may hold. Program output is any bytes; JUnit
 * (XML 1.0) can carry neither invalid UTF-8 nor most control characters,
 * so results keep text cleaned once, and every report shows the same. */
char *mx_text_clean(const char *p, size_t n);
/* src, cleaned, into dst[size] (size > 0), cut at a character's start. */
void mx_text_copy(char *dst, size_t size, const char *src);
char *mx_strdup(const char *s);
/* A file's bytes appended to out ("-": standard input). 0, or -1 and errno. */
int mx_read_file(const char *path, struct buf *out);
/* The buffer's text (never NULL), which the caller frees; b is emptied. */
char *mx_buf_take(struct buf *b);
void *mx_alloc(size_t n);
void *mx_realloc_array(void *p, size_t n, size_t size);
/* A command's label: its words joined by spaces, quoted as sh would need. */
char *mx_shell_join(char *const argv[]);
/* Columns a UTF-8 string takes on a terminal (one per code point). */
size_t mx_width(const char *s);
/* Milliseconds of CLOCK_MONOTONIC. */
uint64_t mx_now_ms(void);

/* diff.c: a unified diff of a and b (3 lines of context), at most
 * max_lines lines, then a line saying how many more; empty if equal. */
void mx_diff(const char *a_name, const char *a, size_t alen, const char *b_name, const char *b,
	     size_t blen, size_t max_lines, struct buf *out);

/* Write the JUnit and TAP files asked for (NULL: not; "-": stdout) and the
 * table (to stdout, or stderr when a report took stdout). 0, or 2 after a
 * "veneer:" line when a file cannot be written. */
int mx_report_outputs(const struct mx_report *r, const char *junit, const char *tap);

/* report_table.c, report_junit.c, report_tap.c */
void mx_table_write(FILE *f, const struct mx_report *r);
void mx_junit_write(FILE *f, const struct mx_report *r);
void mx_tap_write(FILE *f, const struct mx_report *r);

/* junit_read.c, tap_read.c: a file written by mx_junit_write / mx_tap_write
 * back into a report. -1 with one line in err ("FILE:LINE:COL: what"). */
int mx_junit_read(const char *path, const char *text, size_t len, struct mx_report *r, char *err,
		  size_t errlen);
int mx_tap_read(const char *path, const char *text, size_t len, struct mx_report *r, char *err,
		size_t errlen);

/* Entry points (cli.c, merge.c): exit statuses. */
int mx_main(int argc, char **argv);
int mx_merge_main(int argc, char **argv);

#endif
