#ifndef VENEER_SNAPSHOT_H
#define VENEER_SNAPSHOT_H
#include <stdio.h>
/* Print the current namespace as a scenario. Returns the exit status. */
int veneer_snapshot(FILE *out);
/* The namespace's traffic control objects (snapshot_tc.c): the scenario's
 * "tc" object, or NULL when the kernel could not be asked. */
#include <jansson.h>
json_t *snapshot_tc(void);
/* Run `prog ARGS...` (a NULL-terminated list) and parse the JSON array it
 * prints; NULL on failure (said on stderr unless quiet). */
#include <stdbool.h>
json_t *snapshot_run_json(const char *prog, char *const args[], bool quiet);
/* The bridges' fdb and mdb ("fdb", "mdb") and each link's multicast
 * history ("mc_reloaded") into the scenario root (snapshot_bridge.c). */
void snapshot_bridge(json_t *root);
/* kernel.tc_kinds: the tc kinds this kernel has (snapshot_tc.c). */
void snapshot_tc_kinds(json_t *kernel);
/* "netns": /run/netns's names and their ids here (snapshot_netns.c);
 * NULL without /run/netns. */
json_t *snapshot_netns(void);
#endif
