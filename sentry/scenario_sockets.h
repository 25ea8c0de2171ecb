/* The scenario's "sockets" key (INTERFACE.md): one element -> the model. */
#ifndef VENEER_SCENARIO_SOCKETS_H
#define VENEER_SCENARIO_SOCKETS_H

#include <jansson.h>

#include "model.h"

/* Adds the socket described by o. On error returns -1 with *key the
 * offending key (NULL: the element itself) and *expected what was
 * expected there. */
int vn_scenario_socket(struct vn_model *m, json_t *o, const char **key, const char **expected);

#endif
