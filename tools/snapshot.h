#ifndef VENEER_SNAPSHOT_H
#define VENEER_SNAPSHOT_H
#include <stdio.h>
/* Print the current namespace as a scenario. Returns the exit status. */
int veneer_snapshot(FILE *out);
#endif
