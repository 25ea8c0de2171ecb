/* `veneer scenario`: check a scenario, compose one from a base, overlays
 * and --set, or say how two differ. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_cli.h"

static const char usage[] =
	"usage: veneer scenario check FILE... [--overlay FILE]... [--set PATH=VALUE]...\n"
	"       veneer scenario compose BASE [--overlay FILE]... [--set PATH=VALUE]...\n"
	"       veneer scenario diff A B\n"
	"\n"
	"FILE, BASE, A and B are scenario files or lib:NAME (veneer scenarios lists the\n"
	"library). An overlay is merged onto the base as a JSON merge patch (RFC 7386);\n"
	"--set then sets one value: cpus=64, kernel.release=6.8.0, links[1].mtu=9000\n"
	"(VALUE is JSON when it parses as JSON, else a string; null removes the key).\n"
	"\n"
	"  check    load each file, as veneer run would; errors as FILE:LINE:COL\n"
	"  compose  print the composed scenario\n"
	"  diff     what differs, as ip, uname, nproc and /proc/meminfo print it\n"
	"           under each (exit 0 same, 1 different)\n";

int scn_bad(const char *msg, const char *arg)
{
	fprintf(stderr, "veneer: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	return 2;
}

int scn_parse_compose_args(int argc, char **argv, struct scn_compose *c, const char **files,
			   size_t *nfiles)
{
	static const struct option opts[] = {
		{ "overlay", required_argument, NULL, 'o' },
		{ "set", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	opterr = 0;
	optind = 1;
	int ch;
	/* options anywhere among the files, as `check a.json --set x=1` reads */
	while ((ch = getopt_long(argc, argv, "-:h", opts, NULL)) != -1) {
		switch (ch) {
		case 1: files[(*nfiles)++] = optarg; break;
		case 'o': scn_compose_add_overlay(c, optarg); break;
		case 'S': scn_compose_add_set(c, optarg); break;
		case 'h': fputs(usage, stdout); return 0;
		case ':': return scn_bad("option needs a value", argv[optind - 1]);
		default: return scn_bad("unknown option", argv[optind - 1]);
		}
	}
	while (optind < argc)
		files[(*nfiles)++] = argv[optind++];
	return -1;
}

static int compose_main(int argc, char **argv)
{
	struct scn_compose comp = { 0 };
	const char **files = calloc((size_t)argc + 1, sizeof(char *));
	size_t n = 0;
	int rc = scn_parse_compose_args(argc, argv, &comp, files, &n);
	if (rc < 0 && n != 1)
		rc = scn_bad("scenario compose takes one base (a file or lib:NAME)", NULL);
	if (rc < 0) {
		char err[1024];
		comp.base = files[0];
		char *text = scn_compose_load(&comp, NULL, err, sizeof(err));
		if (text) {
			fputs(text, stdout);
			if (!*text || text[strlen(text) - 1] != '\n')
				fputc('\n', stdout);
		}
		rc = text ? 0 : scn_bad(err, NULL);
		free(text);
	}
	free(files);
	scn_compose_free(&comp);
	return rc;
}

int veneer_scenario_main(int argc, char **argv)
{
	if (argc < 2)
		return scn_bad("scenario: no command given (check, compose, diff; veneer scenario --help)",
			       NULL);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	static const struct {
		const char *name;
		int (*main)(int, char **);
	} subs[] = {
		{ "check", scn_check_main },
		{ "compose", compose_main },
		{ "diff", scn_diff_main },
	};
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].main(argc - 1, argv + 1);
	return scn_bad("scenario: unknown command (check, compose, diff)", argv[1]);
}
