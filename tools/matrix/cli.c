/* `veneer matrix`: its command line, into a plan; the run; the reports. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "plan.h"

static const char usage[] =
	"usage: veneer matrix [OPTIONS] [-c COMMAND]... [-- PROGRAM [ARG...]]\n"
	"       veneer matrix merge [--junit FILE] [--tap FILE] REPORT...\n"
	"\n"
	"Run each command under each scenario (and backend), in parallel, each in a\n"
	"veneer run of its own; judge each run; print a table scenario x command.\n"
	"Exit status 0 when every case passed, 1 when one did not, 2 for bad input.\n"
	"\n"
	"  -s, --scenarios SPEC[,SPEC...]\n"
	"                        scenario files, directories (their *.json), globs,\n"
	"                        lib:NAME or lib:all (the shipped library)\n"
	"  -c, --command STRING  a command for sh -c; PROGRAM after -- is one more\n"
	"  --backends LIST       notify, ptrace or notify,ptrace (default notify)\n"
	"  -j, --jobs N          runs at a time (default: the number of CPUs)\n"
	"  --timeout SECONDS     per run, then it is killed (default 120; 0: none)\n"
	"  --expect DIR          golden files DIR/SCENARIO/COMMAND.{stdout,stderr,status}\n"
	"  --update              record the golden files instead of comparing\n"
	"  --assert COMMAND      judge each run by sh -c COMMAND: exit 0 passes (stdin:\n"
	"                        the run's stdout; VENEER_MATRIX_{STDOUT,STDERR,STATUS,\n"
	"                        SCENARIO,COMMAND,BACKEND} in its environment)\n"
	"  --overlay FILE        merge FILE onto every scenario (a JSON merge patch)\n"
	"  --set PATH=VALUE      then set one value in each (cpus=64, links[1].mtu=9000)\n"
	"  --shard I/N           run only the I-th of N slices (every N-th case)\n"
	"  --junit FILE          write JUnit XML ('-': stdout)\n"
	"  --tap FILE            write TAP version 13 ('-': stdout)\n";

static int bad(const char *msg, const char *arg)
{
	fprintf(stderr, "veneer: matrix: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	return 2;
}

static bool parse_uint(const char *s, unsigned max, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (end == s || *end || errno || s[0] == '-' || s[0] == '+' || v > max)
		return false;
	*out = (unsigned)v;
	return true;
}

static void add_command(struct mx_plan *p, char *label, char **argv)
{
	p->cmds = mx_realloc_array(p->cmds, p->ncmds + 1, sizeof(*p->cmds));
	p->cmds[p->ncmds++] = (struct mx_command){ label, argv, mx_slug(label) };
}

static char **sh_argv(const char *text)
{
	char **argv = mx_alloc(sizeof(char *) * 4);
	argv[0] = mx_strdup("/bin/sh");
	argv[1] = mx_strdup("-c");
	argv[2] = mx_strdup(text);
	return argv;
}

static int parse_backends(struct mx_plan *p, const char *list)
{
	p->nbackends = 0;
	char *copy = mx_strdup(list);
	int rc = 0;
	for (char *save = NULL, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		char *name = strcmp(t, "notify") == 0 ? "notify" : strcmp(t, "ptrace") == 0 ? "ptrace" : NULL;
		if (!name || p->nbackends == 2 ||
		    (p->nbackends == 1 && strcmp(p->backends[0], name) == 0)) {
			rc = bad("--backends takes notify, ptrace or both, once each, not", list);
			break;
		}
		p->backends[p->nbackends++] = name;
	}
	free(copy);
	return rc || p->nbackends ? rc : bad("--backends names no backend", list);
}

static unsigned cpu_count(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set);
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

/* Options of `veneer matrix` into p; the outputs into *junit, *tap.
 * Returns -1 to go on, or an exit status. */
static int parse(int argc, char **argv, struct mx_plan *p, const char **junit, const char **tap)
{
	enum { O_BACKENDS = 256, O_TIMEOUT, O_EXPECT, O_UPDATE, O_ASSERT, O_SHARD, O_JUNIT, O_TAP,
	       O_OVERLAY, O_SET };
	static const struct option opts[] = {
		{ "scenarios", required_argument, NULL, 's' },
		{ "command", required_argument, NULL, 'c' },
		{ "backends", required_argument, NULL, O_BACKENDS },
		{ "jobs", required_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "expect", required_argument, NULL, O_EXPECT },
		{ "update", no_argument, NULL, O_UPDATE },
		{ "assert", required_argument, NULL, O_ASSERT },
		{ "shard", required_argument, NULL, O_SHARD },
		{ "junit", required_argument, NULL, O_JUNIT },
		{ "tap", required_argument, NULL, O_TAP },
		{ "overlay", required_argument, NULL, O_OVERLAY },
		{ "set", required_argument, NULL, O_SET },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char err[1024];
	opterr = 0;
	optind = 1;
	int ch;
	while ((ch = getopt_long(argc, argv, "+:s:c:j:h", opts, NULL)) != -1) {
		switch (ch) {
		case 's': {
			char *copy = mx_strdup(optarg);
			int rc = 0;
			for (char *save = NULL, *t = strtok_r(copy, ",", &save); t && rc == 0;
			     t = strtok_r(NULL, ",", &save))
				rc = mx_scenarios_add(p, t, err, sizeof(err));
			free(copy);
			if (rc < 0)
				return bad(err, NULL);
			break;
		}
		case 'c': add_command(p, mx_strdup(optarg), sh_argv(optarg)); break;
		case O_BACKENDS:
			if (parse_backends(p, optarg))
				return 2;
			break;
		case 'j':
			if (!parse_uint(optarg, 4096, &p->jobs) || p->jobs == 0)
				return bad("--jobs takes a number from 1 to 4096, not", optarg);
			break;
		case O_TIMEOUT:
			if (!parse_uint(optarg, 86400 * 7, &p->timeout_s))
				return bad("--timeout takes seconds (0: none), not", optarg);
			break;
		case O_EXPECT: p->expect_dir = optarg; break;
		case O_UPDATE: p->update = true; break;
		case O_ASSERT: p->assert_cmd = optarg; break;
		case O_SHARD:
			if (!mx_parse_shard(optarg, &p->shard, &p->nshards))
				return bad("--shard takes I/N with 1 <= I <= N, not", optarg);
			break;
		case O_JUNIT: *junit = optarg; break;
		case O_TAP: *tap = optarg; break;
		case O_OVERLAY:
		case O_SET:
			/* given to every veneer run as they are */
			if (ch == O_OVERLAY)
				scn_compose_add_overlay(&p->comp, optarg);
			else
				scn_compose_add_set(&p->comp, optarg);
			p->run_args = mx_realloc_array(p->run_args, p->nrun_args + 2, sizeof(char *));
			p->run_args[p->nrun_args++] = ch == O_OVERLAY ? "--overlay" : "--set";
			p->run_args[p->nrun_args++] = optarg;
			break;
		case 'h': fputs(usage, stdout); return 0;
		case ':': return bad("option needs a value", argv[optind - 1]);
		default: return bad("unknown option", argv[optind - 1]);
		}
	}
	if (optind < argc) {
		char **rest = mx_alloc(sizeof(char *) * (size_t)(argc - optind + 1));
		for (int i = optind; i < argc; i++)
			rest[i - optind] = mx_strdup(argv[i]);
		add_command(p, mx_shell_join(rest), rest);
	}
	if (p->ncmds == 0)
		return bad("no command given (-c COMMAND, or -- PROGRAM [ARG...])", NULL);
	if (p->nscns == 0)
		return bad("no scenarios given (--scenarios SPEC, e.g. lib:all)", NULL);
	if (p->update && !p->expect_dir)
		return bad("--update records into the --expect directory: give one", NULL);
	if (*junit && *tap && strcmp(*junit, "-") == 0 && strcmp(*tap, "-") == 0)
		return bad("--junit and --tap cannot both go to stdout", NULL);
	for (size_t i = 0; i < p->ncmds; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->cmds[i].slug, p->cmds[j].slug) == 0) {
				snprintf(err, sizeof(err), "commands '%s' and '%s' would share golden files "
					 "(%s.*): change one", p->cmds[j].label, p->cmds[i].label, p->cmds[i].slug);
				return bad(err, NULL);
			}
	if (mx_scenarios_check(p, err, sizeof(err)) < 0) {
		fprintf(stderr, "veneer: %s\n", err);
		return 2;
	}
	return -1;
}

/* The report's axes and header from the plan. */
static void axes(const struct mx_plan *p, struct mx_report *r)
{
	r->ncommands = p->ncmds;
	r->commands = mx_alloc(sizeof(char *) * p->ncmds);
	for (size_t i = 0; i < p->ncmds; i++)
		r->commands[i] = mx_text_clean(p->cmds[i].label, strlen(p->cmds[i].label));
	r->nscenarios = p->nscns;
	r->scenarios = mx_alloc(sizeof(char *) * p->nscns);
	for (size_t i = 0; i < p->nscns; i++)
		r->scenarios[i] = mx_text_clean(p->scns[i].name, strlen(p->scns[i].name));
	r->nbackends = p->nbackends;
	r->backends = mx_alloc(sizeof(char *) * p->nbackends);
	for (size_t i = 0; i < p->nbackends; i++)
		r->backends[i] = mx_strdup(p->backends[i]);
	r->shard = p->shard;
	r->nshards = p->nshards;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(r->timestamp, sizeof(r->timestamp), "%Y-%m-%dT%H:%M:%S", &tm);
	char host[256] = "";
	if (gethostname(host, sizeof(host) - 1) < 0 || !host[0])
		strcpy(host, "localhost");   /* JUnit readers want a host name */
	char *h = mx_text_clean(host, strlen(host));
	snprintf(r->hostname, sizeof(r->hostname), "%s", h);
	free(h);
}

static void free_plan(struct mx_plan *p)
{
	for (size_t i = 0; i < p->ncmds; i++) {
		for (size_t k = 0; p->cmds[i].argv[k]; k++)
			free(p->cmds[i].argv[k]);
		free(p->cmds[i].argv);
		free(p->cmds[i].label);
		free(p->cmds[i].slug);
	}
	for (size_t i = 0; i < p->nscns; i++) {
		free(p->scns[i].name);
		free(p->scns[i].path);
	}
	free(p->cmds);
	free(p->scns);
	free(p->recorded);
	free(p->run_args);
	scn_compose_free(&p->comp);
}

int mx_main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "merge") == 0)
		return mx_merge_main(argc - 1, argv + 1);
	struct mx_plan p = { .backends = { "notify" }, .nbackends = 1, .shard = 1, .nshards = 1,
			     .jobs = cpu_count(), .timeout_s = 120 };
	const char *junit = NULL, *tap = NULL;
	int rc = parse(argc, argv, &p, &junit, &tap);
	if (rc >= 0) {
		free_plan(&p);
		return rc;
	}
	char self[PATH_MAX], tmp[] = "/tmp/veneer-matrix-XXXXXX";
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0 || !mkdtemp(tmp)) {
		fprintf(stderr, "veneer: matrix: %s: %s\n", n <= 0 ? "/proc/self/exe" : "/tmp",
			strerror(errno));
		free_plan(&p);
		return 2;
	}
	self[n] = '\0';
	p.self = self;
	p.tmpdir = tmp;
	p.recorded = mx_alloc(p.ncmds * p.nscns);

	struct mx_report r = { 0 };
	axes(&p, &r);
	int sig = mx_run_all(&p, &r);
	rmdir(tmp);
	rc = mx_report_outputs(&r, junit, tap);
	if (rc == 0) {
		size_t count[MX_NSTATUS], want = 0;
		mx_report_count(&r, count);
		for (size_t i = 0; i < mx_total(&r); i++)
			want += mx_in_shard(i, r.shard, r.nshards);
		rc = sig ? sig : count[MX_PASS] == want ? 0 : 1;
	}
	mx_report_free(&r);
	free_plan(&p);
	return rc;
}
