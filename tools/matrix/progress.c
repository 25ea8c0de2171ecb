/* What the matrix says while it runs, on stderr: on a terminal one line
 * rewritten in place (cases done, failures so far, runs going on, the
 * last case finished); otherwise, for logs, a line per finished case. */
#include <stdio.h>
#include <unistd.h>

#include "plan.h"

static struct {
	bool tty;
	size_t total, done, failed;
	uint64_t start;
} pr;

void mx_progress_begin(size_t total)
{
	pr.tty = isatty(STDERR_FILENO);
	pr.total = total;
	pr.done = pr.failed = 0;
	pr.start = mx_now_ms();
}

void mx_progress_case(const struct mx_report *r, const struct mx_result *res, size_t running)
{
	pr.done++;
	pr.failed += res->status != MX_PASS;
	struct buf title;
	buf_init(&title);
	mx_case_title(r, res->index, &title);
	for (size_t i = 0; i < title.len; i++)
		if (title.data[i] == '\n' || title.data[i] == '\r' || title.data[i] == '\t')
			title.data[i] = ' ';
	unsigned long long ms = (unsigned long long)res->ms;
	if (pr.tty) {
		/* \r and erase-to-end: the line stays one line; the title is cut
		 * so that it does not wrap on a narrow terminal */
		fprintf(stderr, "\r\033[K[%zu/%zu] %zu failed, %zu running  %s %.50s", pr.done,
			pr.total, pr.failed, running, mx_status_word(res->status), title.data);
	} else {
		fprintf(stderr, "[%zu/%zu] %s %s (%llu.%03llu s)\n", pr.done, pr.total,
			mx_status_word(res->status), title.data, ms / 1000, ms % 1000);
	}
	fflush(stderr);
	buf_free(&title);
}

void mx_progress_end(void)
{
	uint64_t ms = mx_now_ms() - pr.start;
	if (pr.tty)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "veneer matrix: %zu of %zu cases run, %zu failed, in %llu.%llu s\n", pr.done,
		pr.total, pr.failed, (unsigned long long)(ms / 1000),
		(unsigned long long)(ms % 1000 / 100));
}
