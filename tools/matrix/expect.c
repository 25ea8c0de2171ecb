/* How a run is judged. In order: a run that timed out, or whose veneer
 * failed, is an error; with --expect DIR its stdout, stderr and exit
 * status must equal the golden files DIR/SCENARIO/COMMAND.{stdout,stderr,
 * status} (--update records them instead); with --assert CMD, CMD must
 * exit 0 given the run's output; with neither, the run must exit 0.
 *
 * The golden files are per scenario and command, not per backend: both
 * backends must print the same, which is the point of running both. Under
 * --update the first backend to finish records them and the others are
 * compared with what it recorded. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "job.h"
#include "plan.h"

extern char **environ;

/* Lines of a run's output shown when it failed without a diff. */
#define TAIL_LINES 30
/* Lines of diff per stream. */
#define DIFF_LINES 200
#define SLUG_MAX 60

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

char *mx_slug(const char *label)
{
	struct buf b;
	buf_init(&b);
	bool gap = false;
	for (const char *s = label; *s; s++) {
		bool keep = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			    (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '_';
		if (!keep) {
			gap = b.len > 0;
			continue;
		}
		if (gap)
			buf_puts(&b, "_");
		gap = false;
		buf_append(&b, s, 1);
	}
	/* a long label: its start and a hash, so that two long ones sharing a
	 * start do not share files; "." and ".." are no names */
	if (b.len > SLUG_MAX || b.len == 0 || b.data[strspn(b.data, ".")] == '\0') {
		b.len = b.len > SLUG_MAX - 17 ? SLUG_MAX - 17 : b.len;
		buf_printf(&b, "%s%016llx", b.len ? "-" : "", (unsigned long long)fnv1a(label));
	}
	return mx_buf_take(&b);
}

static char *golden_path(const struct mx_plan *p, size_t c, size_t s, const char *ext)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/%s/%s.%s", p->expect_dir, p->scns[s].name, p->cmds[c].slug, ext);
	return mx_buf_take(&b);
}

static int read_file(const char *path, struct buf *out)
{
	return mx_read_file(path, out) < 0 ? -errno : 0;
}

static int write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0) {
			int e = -errno;
			close(fd);
			return e;
		}
		off += (size_t)n;
	}
	return close(fd) < 0 ? -errno : 0;
}

static void tail(struct buf *d, const char *what, const struct buf *b, bool truncated)
{
	if (!b->len)
		return;
	/* the start of the last TAIL_LINES lines (a final newline ends the
	 * last, it does not start one) */
	size_t start = b->len - (b->data[b->len - 1] == '\n'), lines = 0;
	while (start > 0 && !(b->data[start - 1] == '\n' && ++lines == TAIL_LINES))
		start--;
	buf_printf(d, "%s%s:\n", what, truncated ? " (cut at 16 MiB)" : start ? " (its end)" : "");
	buf_append(d, b->data + start, b->len - start);
	if (b->data[b->len - 1] != '\n')
		buf_puts(d, "\n");
}

static void set_text(char **dst, const struct buf *b)
{
	*dst = b->len ? mx_text_clean(b->data, b->len) : NULL;
}

/* One line of veneer's own ("veneer: ..."), exit status 2: veneer could
 * not run the case (INTERFACE.md), which is no verdict on the program. */
static bool veneer_failed(const struct mx_job *run)
{
	const struct buf *e = &run->out[1];
	return mx_job_exit_code(run) == 2 && e->len > 8 && memcmp(e->data, "veneer: ", 8) == 0 &&
	       memchr(e->data, '\n', e->len) == e->data + e->len - 1;
}

/* Record the golden files (0) or compare with them (what differs into msg
 * and d). Returns whether the run matched. */
static bool golden(const struct mx_plan *p, size_t c, size_t s, const struct mx_job *run,
		   struct buf *msg, struct buf *d)
{
	char status[16];
	snprintf(status, sizeof(status), "%d\n", mx_job_exit_code(run));
	const struct {
		const char *ext, *data;
		size_t len;
	} part[3] = {
		{ "stdout", run->out[0].data, run->out[0].len },
		{ "stderr", run->out[1].data, run->out[1].len },
		{ "status", status, strlen(status) },
	};
	bool *recorded = &p->recorded[c * p->nscns + s];
	if (p->update && !*recorded) {
		*recorded = true;
		char *dir = golden_path(p, c, s, "x");
		*strrchr(dir, '/') = '\0';
		mkdir(p->expect_dir, 0755);
		mkdir(dir, 0755);
		for (int k = 0; k < 3; k++) {
			char *path = golden_path(p, c, s, part[k].ext);
			int rc = write_file(path, part[k].data ? part[k].data : "", part[k].len);
			if (rc < 0)
				buf_printf(msg, "cannot write %s: %s", path, strerror(-rc));
			free(path);
			if (rc < 0) {
				free(dir);
				return false;
			}
		}
		buf_printf(msg, "recorded %s/%s.{stdout,stderr,status}", dir, p->cmds[c].slug);
		free(dir);
		return true;
	}
	bool ok = true;
	struct buf missing;
	buf_init(&missing);
	for (int k = 0; k < 3; k++) {
		char *path = golden_path(p, c, s, part[k].ext);
		struct buf want;
		buf_init(&want);
		int rc = read_file(path, &want);
		if (rc == -ENOENT) {
			buf_printf(&missing, "%s%s", missing.len ? "," : "", part[k].ext);
			ok = false;
		} else if (rc < 0) {
			buf_printf(msg, "%s%s: %s", ok ? "" : "; ", path, strerror(-rc));
			ok = false;
		} else if (want.len != part[k].len ||
			   (want.len && memcmp(want.data, part[k].data, want.len) != 0)) {
			if (k == 2) {
				buf_printf(msg, "%sexit status %.*s, expected %.*s", ok ? "" : "; ",
					   (int)strcspn(status, "\n"), status, (int)strcspn(want.data, "\n"),
					   want.data);
			} else {
				buf_printf(msg, "%s%s differs from %s", ok ? "" : "; ", part[k].ext, path);
				char actual[32];
				snprintf(actual, sizeof(actual), "%s of the run", part[k].ext);
				mx_diff(path, want.data ? want.data : "", want.len, actual,
					part[k].data ? part[k].data : "", part[k].len, DIFF_LINES, d);
			}
			ok = false;
		}
		buf_free(&want);
		free(path);
	}
	if (missing.len) {
		char *path = golden_path(p, c, s, "");
		bool one = !strchr(missing.data, ',');
		buf_printf(msg, "%sno golden file %s%s%s%s (record with --update)", msg->len ? "; " : "",
			   path, one ? "" : "{", missing.data, one ? "" : "}");
		free(path);
	}
	buf_free(&missing);
	return ok;
}

static char *scratch_file(const struct mx_plan *p, size_t index, const char *ext,
			  const struct buf *b)
{
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/%zu.%s", p->tmpdir, index, ext);
	write_file(path.data, b->data ? b->data : "", b->len);
	return mx_buf_take(&path);
}

/* Ours, and what the assertion learns of the run. */
static char **assert_env(const struct mx_report *r, size_t index, const struct mx_job *run,
			 const struct mx_judge_state *st)
{
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = mx_alloc(sizeof(char *) * (n + 8));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "VENEER_MATRIX_", 14) != 0)
			env[k++] = mx_strdup(environ[i]);
	struct buf b;
	const char *vars[6][2] = {
		{ "STDOUT", st->stdout_path },
		{ "STDERR", st->stderr_path },
		{ "SCENARIO", r->scenarios[mx_scn_of(r, index)] },
		{ "COMMAND", r->commands[mx_cmd_of(r, index)] },
		{ "BACKEND", r->backends[mx_be_of(r, index)] },
		{ "STATUS", NULL },
	};
	for (int v = 0; v < 6; v++) {
		buf_init(&b);
		if (vars[v][1])
			buf_printf(&b, "VENEER_MATRIX_%s=%s", vars[v][0], vars[v][1]);
		else
			buf_printf(&b, "VENEER_MATRIX_STATUS=%d", mx_job_exit_code(run));
		env[k++] = mx_buf_take(&b);
	}
	env[k] = NULL;
	return env;
}

bool mx_expect_run(const struct mx_plan *p, const struct mx_report *r, size_t index,
		   const struct mx_job *run, struct mx_result *res, struct mx_judge_state *st)
{
	memset(st, 0, sizeof(*st));
	st->stdin_fd = -1;
	res->index = index;
	res->ms = run->ended - run->started;
	struct buf msg, d;
	buf_init(&msg);
	buf_init(&d);
	bool ok;
	if (run->timed_out || veneer_failed(run)) {
		res->status = MX_ERROR;
		if (run->timed_out)
			buf_printf(&msg, "timed out after %u s", p->timeout_s);
		else
			buf_append(&msg, run->out[1].data, run->out[1].len - 1);
		tail(&d, "stdout", &run->out[0], run->truncated[0]);
		if (run->timed_out)
			tail(&d, "stderr", &run->out[1], run->truncated[1]);
		goto out;
	}
	ok = true;
	if (p->expect_dir)
		ok = golden(p, mx_cmd_of(r, index), mx_scn_of(r, index), run, &msg, &d);
	else if (!p->assert_cmd && mx_job_exit_code(run) != 0) {
		buf_printf(&msg, "exit status %d", mx_job_exit_code(run));
		tail(&d, "stderr", &run->out[1], run->truncated[1]);
		tail(&d, "stdout", &run->out[0], run->truncated[0]);
		ok = false;
	}
	res->status = ok ? MX_PASS : MX_FAIL;
	if (ok && p->assert_cmd) {
		st->stdout_path = scratch_file(p, index, "stdout", &run->out[0]);
		st->stderr_path = scratch_file(p, index, "stderr", &run->out[1]);
		st->envp = assert_env(r, index, run, st);
		st->stdin_fd = open(st->stdout_path, O_RDONLY | O_CLOEXEC);
		buf_free(&d);
		set_text(&res->message, &msg);
		buf_free(&msg);
		return true;
	}
out:
	set_text(&res->message, &msg);
	set_text(&res->detail, &d);
	buf_free(&msg);
	buf_free(&d);
	return false;
}

void mx_expect_assert_done(const struct mx_plan *p, const struct mx_job *check,
			   const struct mx_judge_state *st, struct mx_result *res)
{
	int code = mx_job_exit_code(check);
	if (!check->timed_out && code == 0)
		return;
	struct buf msg, d;
	buf_init(&msg);
	buf_init(&d);
	if (check->timed_out)
		buf_printf(&msg, "the assertion timed out after %u s", p->timeout_s);
	else
		buf_printf(&msg, "the assertion exited with %d", code);
	tail(&d, "its stdout", &check->out[0], check->truncated[0]);
	tail(&d, "its stderr", &check->out[1], check->truncated[1]);
	/* and what it judged */
	const char *run_path[2] = { st->stdout_path, st->stderr_path };
	for (int k = 0; k < 2; k++) {
		struct buf b;
		buf_init(&b);
		read_file(run_path[k], &b);
		tail(&d, k ? "the run's stderr" : "the run's stdout", &b, false);
		buf_free(&b);
	}
	free(res->message);
	set_text(&res->message, &msg);
	set_text(&res->detail, &d);
	buf_free(&msg);
	buf_free(&d);
	res->status = check->timed_out ? MX_ERROR : MX_FAIL;
}

void mx_expect_cleanup(struct mx_judge_state *st)
{
	if (st->stdin_fd >= 0)
		close(st->stdin_fd);
	if (st->stdout_path)
		unlink(st->stdout_path);
	if (st->stderr_path)
		unlink(st->stderr_path);
	free(st->stdout_path);
	free(st->stderr_path);
	for (size_t i = 0; st->envp && st->envp[i]; i++)
		free(st->envp[i]);
	free(st->envp);
	memset(st, 0, sizeof(*st));
	st->stdin_fd = -1;
}
