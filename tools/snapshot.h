#ifndef VENEER_SNAPSHOT_H
#define VENEER_SNAPSHOT_H
#include <stdio.h>
/* Print the current namespace as a scenario. Returns the exit status. */
int veneer_snapshot(FILE *out);
/* The namespace's traffic control objects (snapshot_tc.c): the scenario's
 * "tc" object, or NULL when the kernel could not be asked. */
#include <jansson.h>
json_t *snapshot_tc(void);
/* kernel.tc_kinds: the tc kinds this kernel has (snapshot_tc.c). */
void snapshot_tc_kinds(json_t *kernel);
#endif
