/* libFuzzer target: the JUnit and TAP files `veneer matrix merge` reads
 * (tools/matrix/junit_read.c, xml_read.c, tap_read.c). The first byte picks
 * the reader. A file is read or refused with one line, never a crash or a
 * leak; and what was read, written back by the matrix's own writers, reads
 * again into the same report (what merge relies on). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "matrix.h"

typedef int (*reader)(const char *, const char *, size_t, struct mx_report *, char *, size_t);
typedef void (*writer)(FILE *, const struct mx_report *);

static void one_line(const char *err)
{
	if (!err[0] || strchr(err, '\n'))
		__builtin_trap();
}

static char *written(writer w, const struct mx_report *r, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	if (!f)
		abort();
	w(f, r);
	fclose(f);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const reader readers[] = { mx_junit_read, mx_tap_read };
	static const writer writers[] = { mx_junit_write, mx_tap_write };
	if (size < 1)
		return 0;
	size_t k = data[0] & 1;
	struct mx_report r = { 0 }, again = { 0 };
	char err[512] = "";
	if (readers[k]("fuzz", (const char *)data + 1, size - 1, &r, err, sizeof(err)) < 0) {
		one_line(err);
		return 0;
	}
	size_t len;
	char *text = written(writers[k], &r, &len);
	if (readers[k]("again", text, len, &again, err, sizeof(err)) < 0) {
		fprintf(stderr, "its own output refused: %s\n%.*s\n", err, (int)len, text);
		__builtin_trap();
	}
	size_t len2;
	char *text2 = written(writers[k], &again, &len2);
	if (len2 != len || memcmp(text, text2, len) != 0) {
		fprintf(stderr, "a second trip changed it:\n%.*s\n----\n%.*s\n", (int)len, text,
			(int)len2, text2);
		__builtin_trap();
	}
	free(text);
	free(text2);
	mx_report_free(&r);
	mx_report_free(&again);
	return 0;
}
