/* Composition of scenarios: a base, overlay files merged onto it as JSON
 * merge patches (RFC 7386: objects merge key by key, a null removes the
 * key, anything else replaces), then --set PATH=VALUE, each a one-value
 * patch ("cpus=64", "kernel.release=6.8.0", "links[1].mtu=9000"; VALUE is
 * JSON when it parses as JSON, else a string). So that a matrix varies one
 * thing at a time, and `veneer scenario compose` writes the result. */
#ifndef VENEER_SCENARIO_COMPOSE_H
#define VENEER_SCENARIO_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct scn_compose {
	const char *base;          /* a file, lib:NAME, or NULL: the embedded model */
	const char **overlays;
	size_t noverlays;
	const char **sets;         /* "PATH=VALUE" */
	size_t nsets;
};

/* Add an overlay or a --set (the strings are kept, not copied). */
void scn_compose_add_overlay(struct scn_compose *c, const char *path);
void scn_compose_add_set(struct scn_compose *c, const char *set);
void scn_compose_free(struct scn_compose *c);
/* Whether there is anything to compose beyond the base. */
bool scn_compose_any(const struct scn_compose *c);

/* The top-level keys the loader reads (sentry/scenario.c), and the
 * library's own ("description", "captured_with"). */
#define SCN_KEYS "hostname, domainname, kernel, cpus, memory_kb, cgroup, links, routes, neighbours, " \
		 "rules, sysctl, tc, fdb, mdb, nexthops, netns, sockets, description, captured_with"
bool scn_known_key(const char *key);

/* "lib:NAME" to the library's file (static storage), other names as they
 * are; NULL with err when the library has no such scenario. */
const char *scn_resolve(const char *spec, char *err, size_t errlen);

/* The composed scenario as JSON text (the caller frees it), checked by
 * loading it into m (which must be initialised; NULL: a scratch model).
 * NULL with one line in err, "FILE:LINE:COL: path: what" at the input
 * that gave the wrong value (an overlay, or "--set PATH=VALUE: ..."). */
char *scn_compose_load(const struct scn_compose *c, struct vn_model *m, char *err, size_t errlen);

#endif
