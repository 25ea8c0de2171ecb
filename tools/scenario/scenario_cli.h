/* `veneer scenario check|compose|diff` (cli.c dispatches; check.c,
 * scenario_diff.c), and what they share. */
#ifndef VENEER_SCENARIO_CLI_H
#define VENEER_SCENARIO_CLI_H

#include <stddef.h>

#include "compose.h"

int veneer_scenario_main(int argc, char **argv);
int scn_check_main(int argc, char **argv);
int scn_diff_main(int argc, char **argv);

/* One "veneer: " line; status 2. */
int scn_bad(const char *msg, const char *arg);
/* --overlay FILE and --set PATH=VALUE into c, the other arguments into
 * files (room for argc). Returns -1 to go on, or an exit status. */
int scn_parse_compose_args(int argc, char **argv, struct scn_compose *c, const char **files,
			   size_t *nfiles);

#endif
