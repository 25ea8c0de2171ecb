/* `veneer scenario diff A B`: what differs between two scenarios, in the
 * terms a user knows them by: what `ip`, `uname`, `nproc` and
 * /proc/meminfo print under each (run under veneer, so that it is exactly
 * what a program would see), section by section as unified diffs. Exit
 * status as diff(1): 0 the same, 1 different, 2 trouble. */
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "job.h"
#include "matrix.h"
#include "scenario.h"
#include "scenario_cli.h"

/* Lines of diff per section. */
#define DIFF_LINES 200

static const char *const sections[] = {
	"uname -nr; nproc; grep MemTotal /proc/meminfo",
	"ip addr",
	"ip route show table all",
	"ip rule",
	"ip -6 rule",
	"ip neigh",
};
#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))
#define MARK "\n@@veneer-scenario-diff@@\n"

/* Each section's output under the scenario at path; false after a
 * "veneer:" line. */
static bool outputs(char *self, char *path, char *out[NSECTIONS])
{
	struct buf script;
	buf_init(&script);
	for (size_t i = 0; i < NSECTIONS; i++)
		buf_printf(&script, "printf '%%s' '%s'; %s 2>&1; ", MARK, sections[i]);
	char *argv[] = { self, "run", "--scenario", path, "--", "/bin/sh", "-c",
			 script.data, NULL };
	struct mx_job j;
	bool ok = mx_job_start(&j, argv, NULL, -1, 120) == 0;
	while (ok && !mx_job_done(&j)) {
		struct pollfd p[3];
		size_t n = mx_job_pollfds(&j, p);
		poll(p, n, mx_job_wait_ms(&j, mx_now_ms()));
		mx_job_service(&j, p, n, mx_now_ms());
	}
	buf_free(&script);
	if (!ok || mx_job_exit_code(&j) != 0 || j.timed_out) {
		fprintf(stderr, "veneer: scenario diff: %s: %.*s\n", path,
			ok ? (int)strcspn(j.out[1].data ? j.out[1].data : "", "\n") : 22,
			ok ? (j.out[1].data ? j.out[1].data : "veneer run failed") : "cannot start veneer");
		mx_job_free(&j);
		return false;
	}
	/* split at the marks */
	const char *s = j.out[0].data ? j.out[0].data : "";
	for (size_t i = 0; i < NSECTIONS; i++) {
		const char *start = strstr(s, MARK);
		start = start ? start + strlen(MARK) : s + strlen(s);
		const char *end = strstr(start, MARK);
		size_t len = end ? (size_t)(end - start) : strlen(start);
		out[i] = mx_alloc(len + 1);
		memcpy(out[i], start, len);
		s = start + len;
	}
	mx_job_free(&j);
	return true;
}

int scn_diff_main(int argc, char **argv)
{
	if (argc != 3)
		return scn_bad("scenario diff takes two scenarios (veneer scenario diff A B)", NULL);
	char self[PATH_MAX], err[1024];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return scn_bad("scenario diff: cannot find /proc/self/exe", NULL);
	self[n] = '\0';
	char *path[2];
	for (int k = 0; k < 2; k++) {
		const char *p = scn_resolve(argv[1 + k], err, sizeof(err));
		if (!p) {
			if (k)
				free(path[0]);
			return scn_bad(err, NULL);
		}
		path[k] = mx_strdup(p);   /* scn_resolve's storage is reused */
	}
	for (int k = 0; k < 2; k++) {
		struct vn_model m;
		vn_model_init(&m);
		int rc = vn_scenario_load_file(&m, path[k], err, sizeof(err));
		vn_model_free(&m);
		if (rc < 0) {
			free(path[0]);
			free(path[1]);
			return scn_bad(err, NULL);
		}
	}
	char *a[NSECTIONS] = { 0 }, *b[NSECTIONS] = { 0 };
	int rc = 0;
	if (!outputs(self, path[0], a) || !outputs(self, path[1], b))
		rc = 2;
	for (size_t i = 0; rc != 2 && i < NSECTIONS; i++) {
		struct buf an, bn, d;
		buf_init(&an);
		buf_init(&bn);
		buf_init(&d);
		buf_printf(&an, "%s: %s", argv[1], sections[i]);
		buf_printf(&bn, "%s: %s", argv[2], sections[i]);
		mx_diff(an.data, a[i], strlen(a[i]), bn.data, b[i], strlen(b[i]), DIFF_LINES, &d);
		if (d.len) {
			fwrite(d.data, 1, d.len, stdout);
			rc = 1;
		}
		buf_free(&an);
		buf_free(&bn);
		buf_free(&d);
	}
	for (size_t i = 0; i < NSECTIONS; i++) {
		free(a[i]);
		free(b[i]);
	}
	free(path[0]);
	free(path[1]);
	return rc;
}
