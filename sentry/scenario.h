/* Scenario files (INTERFACE.md) <-> the model, and the embedded default model. */
#ifndef VENEER_SCENARIO_H
#define VENEER_SCENARIO_H

#include <stddef.h>

#include "model.h"

/* Fill m with the embedded default model (INTERFACE.md): lo, eth0
 * 10.0.2.15/24 + fe80::5054:ff:fe12:3456/64, default via 10.0.2.2, the
 * gateway's neighbour entry, hostname veneer, 2 CPUs, 2 GiB. */
void vn_model_load_default(struct vn_model *m);

/* Load a scenario over the default model. On error returns -1 and writes one
 * line (no "veneer:" prefix, no newline) to err:
 *   "FILE:LINE:COL: links[1].mtu: expected an integer"                     */
int vn_scenario_load_file(struct vn_model *m, const char *path, char *err, size_t errlen);
int vn_scenario_load_string(struct vn_model *m, const char *text, size_t len,
			    const char *name, char *err, size_t errlen);

#endif
