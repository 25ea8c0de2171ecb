/* The scenario loader's shared parts (scenario.c and its scenario_*.c):
 * the loading context, errors located at a JSON path, typed getters and the
 * name tables. Private to the loader. */
#ifndef VENEER_SCENARIO_LOAD_H
#define VENEER_SCENARIO_LOAD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json_locate.h"
#include "model.h"
#include "route_index.h"

#define MAX_PATH 8

struct ctx {
	struct vn_model *m;
	const char *text;
	size_t len;
	const char *name;
	char *err;
	size_t errlen;
	struct vn_jpath path[MAX_PATH];
	size_t depth;
	struct route_index routes;  /* while loading "routes": those loaded, by scn_same_route */
};

struct name_num {
	const char *name;
	unsigned long val;
};

/* ---- errors (scenario_json.c) -------------------------------------------- */

void scn_one_line(char *s);
void scn_push_key(struct ctx *c, const char *key);
void scn_push_index(struct ctx *c, size_t i);
void scn_pop(struct ctx *c);

/* Error at the value at the current path plus key (NULL: the current path). */
void scn_fail_msg(struct ctx *c, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Record the error and evaluate to -1 where the compiler can see it (so
 * that "out" parameters left unset on error are not flagged). */
#define fail(...) ({ scn_fail_msg(__VA_ARGS__); -1; })

/* ---- typed getters: 0 absent, 1 present, -1 error (scenario_json.c) ------ */

int scn_get_int(struct ctx *c, json_t *o, const char *key, long long min, long long max,
		long long *out);
int scn_get_uint(struct ctx *c, json_t *o, const char *key, unsigned long max, unsigned int *out);
int scn_get_u64(struct ctx *c, json_t *o, const char *key, uint64_t *out);
int scn_get_str(struct ctx *c, json_t *o, const char *key, const char **out);
int scn_get_strbuf(struct ctx *c, json_t *o, const char *key, char *buf, size_t size);
/* The ifname of one of the model's links, as its ifindex (0 when absent). */
int scn_get_link(struct ctx *c, json_t *o, const char *key, int *ifindex);
int scn_get_flag(struct ctx *c, json_t *o, const char *key, bool *out);
int scn_get_object(struct ctx *c, json_t *o, const char *key, json_t **out);
int scn_get_array(struct ctx *c, json_t *o, const char *key, json_t **out);
bool scn_lookup(const struct name_num *t, const char *s, unsigned long *out);
bool scn_parse_ulong(const char *s, int base, unsigned long max, unsigned long *out);
int scn_get_named(struct ctx *c, json_t *o, const char *key, const struct name_num *t,
		  unsigned long max, const char *what, unsigned long *out);

/* ---- addresses (scenario_json.c) ----------------------------------------- */

int scn_family_of(const char *s);
int scn_get_addr(struct ctx *c, json_t *o, const char *key, int family, bool with_len,
		 uint8_t out[16], int *fam_out, int *len_out);
int scn_get_lladdr(struct ctx *c, json_t *o, const char *key, uint8_t out[VN_MAX_ADDR_LEN],
		   unsigned int *len);

/* The top-level "cgroup" (scenario_cgroup.c). 0 absent, 1 read, -1 error. */
int scn_load_cgroup(struct ctx *c, json_t *root);

/* ---- name -> number tables, NULL-terminated (scenario_names.c) ----------- */

extern const struct name_num scn_kconfig_names[];
extern const struct name_num scn_link_flag_names[];
extern const struct name_num scn_operstate_names[];
extern const struct name_num scn_linkmode_names[];
extern const struct name_num scn_group_names[];
extern const struct name_num scn_addrgen_names[];
extern const struct name_num scn_link_type_names[];
extern const struct name_num scn_scope_names[];
extern const struct name_num scn_proto_names[];
extern const struct name_num scn_addr_proto_names[];
extern const struct name_num scn_table_names[];
extern const struct name_num scn_rtype_names[];
extern const struct name_num scn_route_flag_names[];
extern const struct name_num scn_pref_names[];
extern const struct name_num scn_nud_names[];
extern const struct name_num scn_rule_action_names[];
extern const struct name_num scn_family_names[];

/* ---- the parts of a scenario --------------------------------------------- */

/* "links" (scenario_links.c): replaces the model's links and addresses. */
int scn_load_links(struct ctx *c, json_t *arr);
/* One address of link l (scenario_addrs.c), added to the model. */
int scn_load_addr(struct ctx *c, json_t *o, const struct vn_link *l);

/* "routes", "neighbours", "rules": one element each (scenario_routes.c).
 * Routes are deduplicated through c->routes, with these. */
bool scn_same_route(const struct vn_route *a, const struct vn_route *b);
uint64_t scn_route_key_hash(const struct vn_route *r);
int scn_load_route(struct ctx *c, json_t *o);
int scn_load_neigh(struct ctx *c, json_t *o);
int scn_load_rule(struct ctx *c, json_t *o, int *cur_family, long long *prev_prio);
/* "nexthops" (scenario_nexthops.c): replaces the model's nexthop objects.
 * scn_load_route_paths reads a route's "nhid" or its multipath
 * "nexthops" into rt: 0 the caller adds rt, 1 it added the route itself
 * (IPv6 siblings), -1 error. */
int scn_load_nexthops(struct ctx *c, json_t *arr);
/* "netns" (scenario_netns.c): the names of /run/netns and their ids. */
int scn_load_netns(struct ctx *c, json_t *arr);
int scn_load_route_paths(struct ctx *c, json_t *o, struct vn_route *rt);
/* "tc" (scenario_tc.c): replaces the model's traffic control objects. */
int scn_load_tc(struct ctx *c, json_t *tc);
/* "fdb" and "mdb" (scenario_bridge.c), after the links; links: the
 * scenario replaced them (the model's bridge state goes with them). */
int scn_load_bridge(struct ctx *c, json_t *root, bool links);
/* kernel.tc_kinds (scenario_tc.c): the tc kinds the kernel has. */
int scn_load_tc_kinds(struct ctx *c, json_t *kernel);

#endif
