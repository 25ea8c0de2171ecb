#ifndef VENEER_SNAPSHOT_H
#define VENEER_SNAPSHOT_H
#include <stdio.h>
/* Print the current namespace as a scenario. Returns the exit status. */
int veneer_snapshot(FILE *out);
/* The namespace's traffic control objects (snapshot_tc.c): the scenario's
 * "tc" object, or NULL when the kernel could not be asked. */
#include <jansson.h>
json_t *snapshot_tc(void);
#endif
