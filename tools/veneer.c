/* The veneer command line (../shared/INTERFACE.md). */
#include <cap-ng.h>
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "library.h"
#include "matrix.h"
#include "run.h"
#include "scenario_cli.h"
#include "snapshot.h"
#include "vout.h"

#ifndef VENEER_VERSION
#define VENEER_VERSION "unknown"
#endif

static const char usage[] =
	"usage: veneer run [OPTIONS] [--] PROGRAM [ARG...]\n"
	"       veneer snapshot > scenario.json\n"
	"       veneer matrix [OPTIONS] -s SCENARIOS [-c COMMAND]... [-- PROGRAM [ARG...]]\n"
	"       veneer matrix merge [--junit FILE] [--tap FILE] REPORT...\n"
	"       veneer scenarios [--path]\n"
	"       veneer scenario check|compose|diff ...\n"
	"       veneer --version | --help\n"
	"\n"
	"Run PROGRAM so that what it reads of the kernel's network and system\n"
	"state (/proc, NETLINK_ROUTE, SIOCGIF* ioctls) comes from a model.\n"
	"\n"
	"  --scenario FILE       the kernel model to serve (default: the embedded model)\n"
	"  --backend notify|ptrace\n"
	"                        seccomp user notification (default) or ptrace\n"
	"  --log FILE            strace-like log of every intercepted call ('-' = stderr)\n"
	"  --log-format text|json\n"
	"  --log-timestamps t|tt|ttt|r\n"
	"                        strace's -t, -tt, -ttt (time of day, microseconds,\n"
	"                        epoch) or -r (since the previous line)\n"
	"  --log-durations       time spent in each call, as strace -T\n"
	"  --log-filter LIST     %file,%network,%process,%desc (strace's -e trace=\n"
	"                        classes) and served,native (what veneer did)\n"
	"  --log-strsize N       string bytes and array elements shown (strace -s, 32)\n"
	"  --log-xlat raw|abbrev|verbose\n"
	"                        constants as numbers, names (default) or both (strace -X)\n"
	"  --log-per-pid         each thread's lines to FILE.TID (strace -ff; needs --log FILE)\n"
	"  --log-summary         only a table of calls, errors, time, served and native\n"
	"                        per system call, at the end (strace -c)\n"
	"  --cap CAP[,CAP...]    capabilities the model grants the program\n"
	"  --net none|host       the program's own sockets: in a network namespace of\n"
	"                        their own with only lo (default), or the host's\n"
	"  --overlay FILE        merge FILE onto the scenario (a JSON merge patch)\n"
	"  --set PATH=VALUE      then set one value (cpus=64, links[1].mtu=9000)\n"
	"\n"
	"veneer matrix --help, veneer scenario --help: the CI harness, scenario tools.\n";

static int bad(const char *msg, const char *arg)
{
	fprintf(stderr, "veneer: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	return 2;
}

static int parse_caps(const char *list, uint64_t *caps)
{
	char *copy = strdup(list);
	if (!copy)
		abort();
	for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char name[64];
		const char *t = strncasecmp(tok, "CAP_", 4) == 0 ? tok + 4 : tok;
		size_t i = 0;
		for (; t[i] && i + 1 < sizeof(name); i++)
			name[i] = (char)tolower((unsigned char)t[i]);
		name[i] = '\0';
		int cap = capng_name_to_capability(name);
		if (cap < 0 || cap > 63) {
			int rc = bad("unknown capability", tok);
			free(copy);
			return rc;
		}
		*caps |= 1ull << cap;
	}
	free(copy);
	return 0;
}

/* The scenario: lib:NAME is the library's; overlays and --set compose it
 * (checked here, so that an error is said at the input it is in). */
static int run_composed(struct run_opts *o, struct scn_compose *comp)
{
	char err[1024];
	int rc;
	if (o->scenario && !(o->scenario = scn_resolve(o->scenario, err, sizeof(err))))
		rc = bad(err, NULL);
	else if (scn_compose_any(comp)) {
		comp->base = o->scenario;
		char *text = scn_compose_load(comp, NULL, err, sizeof(err));
		o->scenario_text = text;
		rc = text ? veneer_run(o) : bad(err, NULL);
		free(text);
	} else {
		rc = veneer_run(o);
	}
	scn_compose_free(comp);
	return rc;
}

static int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "scenario", required_argument, NULL, 's' },
		{ "backend", required_argument, NULL, 'b' },
		{ "log", required_argument, NULL, 'l' },
		{ "log-format", required_argument, NULL, 'f' },
		{ "log-timestamps", required_argument, NULL, 'T' },
		{ "log-durations", no_argument, NULL, 'D' },
		{ "log-filter", required_argument, NULL, 'F' },
		{ "log-strsize", required_argument, NULL, 'S' },
		{ "log-xlat", required_argument, NULL, 'X' },
		{ "log-per-pid", no_argument, NULL, 'P' },
		{ "log-summary", no_argument, NULL, 'C' },
		{ "cap", required_argument, NULL, 'c' },
		{ "net", required_argument, NULL, 'n' },
		{ "overlay", required_argument, NULL, 'o' },
		{ "set", required_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run_opts o = { 0 };
	struct scn_compose comp = { 0 };
	opterr = 0;
	optind = 1;
	int ch;
	while ((ch = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (ch) {
		case 's': o.scenario = optarg; break;
		case 'b':
			if (strcmp(optarg, "notify") != 0 && strcmp(optarg, "ptrace") != 0)
				return bad("--backend must be notify or ptrace, not", optarg);
			o.backend = optarg;
			break;
		case 'l': o.log = optarg; break;
		case 'f':
			if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0)
				return bad("--log-format must be text or json, not", optarg);
			o.log_opts.json = strcmp(optarg, "json") == 0;
			break;
		case 'T': {
			static const char *const styles[] = { [VLOG_TS_T] = "t", [VLOG_TS_TT] = "tt",
							       [VLOG_TS_TTT] = "ttt", [VLOG_TS_REL] = "r" };
			o.log_opts.ts = VLOG_TS_NONE;
			for (int i = VLOG_TS_T; i <= VLOG_TS_REL; i++)
				if (strcmp(optarg, styles[i]) == 0)
					o.log_opts.ts = (enum vlog_ts)i;
			if (o.log_opts.ts == VLOG_TS_NONE)
				return bad("--log-timestamps must be t, tt, ttt or r, not", optarg);
			break;
		}
		case 'D': o.log_opts.durations = true; break;
		case 'F':
			if (vlog_parse_filter(optarg, &o.log_opts) < 0)
				return bad("--log-filter: a list of %file, %network, %process, %desc, served, native, not",
					   optarg);
			break;
		case 'S': {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);
			if (!*optarg || *end || n == 0 || n > 1u << 20)
				return bad("--log-strsize must be a number from 1, not", optarg);
			o.log_opts.strsize = (unsigned)n;
			break;
		}
		case 'X': {
			static const char *const styles[] = { [VOUT_ABBREV] = "abbrev", [VOUT_RAW] = "raw",
							       [VOUT_VERBOSE] = "verbose" };
			int i = 0;
			while (i < 3 && strcmp(optarg, styles[i]) != 0)
				i++;
			if (i == 3)
				return bad("--log-xlat must be raw, abbrev or verbose, not", optarg);
			o.log_opts.xlat_style = i;
			break;
		}
		case 'P': o.log_opts.per_pid = true; break;
		case 'C': o.log_opts.summary = true; break;
		case 'c':
			if (parse_caps(optarg, &o.caps))
				return 2;
			break;
		case 'n':
			if (strcmp(optarg, "none") != 0 && strcmp(optarg, "host") != 0)
				return bad("--net must be none or host, not", optarg);
			o.net_host = strcmp(optarg, "host") == 0;
			break;
		case 'o': scn_compose_add_overlay(&comp, optarg); break;
		case 'V': scn_compose_add_set(&comp, optarg); break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		case ':':
			return bad("option needs a value", argv[optind - 1]);
		default:
			return bad("unknown option", argv[optind - 1]);
		}
	}
	if (o.log_opts.per_pid && (!o.log || strcmp(o.log, "-") == 0))
		return bad("--log-per-pid needs --log FILE", NULL);
	if (o.log_opts.summary && !o.log)
		o.log = "-";   /* strace -c: the table to stderr */
	if (optind >= argc)
		return bad("run: no program given (veneer run [OPTIONS] -- PROGRAM [ARG...])", NULL);
	o.argv = argv + optind;
	return run_composed(&o, &comp);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return bad("no command given (try 'veneer --help')", NULL);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("veneer %s\n", VENEER_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 1, argv + 1);
	if (strcmp(argv[1], "matrix") == 0)
		return mx_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "scenarios") == 0)
		return veneer_scenarios_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "scenario") == 0)
		return veneer_scenario_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "snapshot") == 0) {
		if (argc > 2)
			return bad("snapshot takes no arguments", argv[2]);
		return veneer_snapshot(stdout);
	}
	return bad("unknown command", argv[1]);
}
