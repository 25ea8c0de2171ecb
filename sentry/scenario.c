/* Scenario files (INTERFACE.md, "Scenario files") -> the model.
 *
 * A scenario is one JSON object whose network parts are what iproute2 prints
 * with -j, so real output can be pasted in. It is applied over the embedded
 * default model (default_model.c, itself a scenario text): each top-level key
 * present replaces that part of the default. Then the model derives the
 * kernel routes (skipping those the scenario lists) and, when the scenario
 * has no "rules", adds the default rules.
 *
 * Choices where iproute2's output leaves room (also in the report to the
 * interface owner):
 *  - "links" replaces all links and their addresses; when the scenario has
 *    "links" but no "routes" (or no "neighbours"), the default's routes
 *    (neighbours) go too: they belong to the default links.
 *  - Missing link facts get what Linux gives a new link of that kind (checked
 *    on Linux 6.18 with iproute2 6.1: lo, veth, bridge, tun/tap), see
 *    vn_link_defaults(). A link without "flags" is up with carrier. IFF_RUNNING
 *    is derived as dev_get_flags() does: up and operstate UP or UNKNOWN.
 *    Without "operstate": up with carrier is UNKNOWN for lo/dummy/tun and UP
 *    otherwise; anything else DOWN.
 *  - Missing route keys mean what `ip -j route` omits: type unicast, table
 *    main, protocol boot, scope global; IPv6 routes without "metric" get
 *    1024 (the kernel's default for user routes). The family is "family"
 *    ("inet"/"inet6") if given, else that of dst when dst is an address,
 *    else IPv6 when gateway or prefsrc contains ':' or the route has "pref". A route identical to one already loaded (a snapshot that
 *    concatenates `ip -d route show table all`, which lists both families, and
 *    `ip -6 -d route show table all`) is loaded once. Multipath routes:
 *    "nexthops" gives every path (IPv6: a sibling route each); "nhid" names
 *    one of the top-level "nexthops" (scenario_nexthops.c).
 *  - Rules: the family comes from "family" ("inet"/"inet6", accepted though ip
 *    does not print it), else from src/dst, else from position: `ip -j rule
 *    show` lists by priority, so in a list that is the IPv4 rules followed by
 *    the IPv6 ones (what `veneer snapshot` writes), a priority lower than the
 *    previous rule's starts the IPv6 part. Missing priority: 0. Missing
 *    protocol: kernel for the three default rules, else unspec (what `ip rule
 *    add` leaves when no protocol is named, which `ip -j rule` does not print).
 *  - Address stamps (IFA_CACHEINFO cstamp/tstamp) are 0: created at boot.
 *  - "kernel" also holds the kernel's build options (model.h, VN_K_*) as
 *    booleans; one left out keeps the default's (all on). Its "cmdline" is
 *    /proc/cmdline; its "boot_id" the boot id, which a scenario without one
 *    gets derived from its facts (vn_model_derive_boot_id): the same on
 *    every run of that scenario, as reproducible as the rest of the model.
 *  - "sockets" are loaded by scenario_sockets.c; every key the model does not
 *    use is accepted and ignored.
 */
#include "hex.h"
#include "scenario.h"
#include "scenario_load.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "proc/proc_tree.h"
#include "scenario_sockets.h"
#include "sysctl_apply.h"
#include "tc/tc_qdisc.h"

/* The embedded default model, a scenario text (default_model.c). */
extern const char vn_default_scenario_json[];

/* ---- top-level facts ------------------------------------------------------ */

/* A UUID as the kernel prints one ("%pU": 8-4-4-4-12 hex digits); 0
 * absent, 1 read, -1 error. */
static int get_uuid(struct ctx *c, json_t *o, const char *key, uint8_t out[16])
{
	const char *s;
	int r = scn_get_str(c, o, key, &s);
	if (r <= 0)
		return r;
	size_t n = 0;
	for (size_t i = 0; s[i]; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return fail(c, key, "expected a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
			continue;
		}
		int v = vn_hex_to_bin(s[i]);
		if (v < 0 || n >= 32)
			return fail(c, key, "expected a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
		out[n / 2] = (uint8_t)(n % 2 ? (out[n / 2] | v) : v << 4);
		n++;
	}
	if (n != 32 || strlen(s) != 36)
		return fail(c, key, "expected a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
	return 1;
}

/* "kernel": uname's release and version, the command line, the boot id,
 * and the build options as booleans (scn_kconfig_names); an option left
 * out keeps the default model's. */
static int load_kernel(struct ctx *c, json_t *k)
{
	struct vn_model *m = c->m;
	if (scn_get_strbuf(c, k, "release", m->release, sizeof(m->release)) < 0 ||
	    scn_get_strbuf(c, k, "default_qdisc", m->default_qdisc, sizeof(m->default_qdisc)) < 0 ||
	    scn_get_strbuf(c, k, "version", m->version, sizeof(m->version)) < 0 ||
	    scn_get_strbuf(c, k, "cmdline", m->cmdline, sizeof(m->cmdline)) < 0)
		return -1;
	uint8_t id[16];
	int r = get_uuid(c, k, "boot_id", id);
	if (r < 0)
		return -1;
	if (r > 0) {
		memcpy(m->boot_id, id, sizeof(id));
		m->has_boot_id = true;
	}
	if (scn_load_tc_kinds(c, k) < 0)
		return -1;
	for (const struct name_num *o = scn_kconfig_names; o->name; o++) {
		bool on;
		r = scn_get_flag(c, k, o->name, &on);
		if (r < 0)
			return -1;
		if (r > 0)
			m->kconfig = on ? m->kconfig | (uint32_t)o->val : m->kconfig & ~(uint32_t)o->val;
	}
	return 0;
}

static int load_facts(struct ctx *c, json_t *root)
{
	struct vn_model *m = c->m;
	long long x;
	if (scn_get_strbuf(c, root, "hostname", m->hostname, sizeof(m->hostname)) < 0 ||
	    scn_get_strbuf(c, root, "domainname", m->domainname, sizeof(m->domainname)) < 0)
		return -1;
	json_t *k;
	int r = scn_get_object(c, root, "kernel", &k);
	if (r < 0)
		return -1;
	if (r > 0) {
		scn_push_key(c, "kernel");
		r = load_kernel(c, k);
		scn_pop(c);
		if (r < 0)
			return -1;
	}
	if ((r = scn_get_int(c, root, "cpus", 1, 8192, &x)) < 0)
		return -1;
	if (r > 0)
		m->cpus = (int)x;
	if ((r = scn_get_int(c, root, "memory_kb", 1, LLONG_MAX / 1024, &x)) < 0)
		return -1;
	if (r > 0)
		m->memory_kb = (uint64_t)x;
	return scn_load_cgroup(c, root) < 0 ? -1 : 0;
}

/* ---- the scenario ---------------------------------------------------------- */

typedef int (*elem_fn)(struct ctx *c, json_t *o);

static int load_socket(struct ctx *c, json_t *o)
{
	const char *key = NULL, *what = NULL;
	if (vn_scenario_socket(c->m, o, &key, &what) < 0)
		return fail(c, key, "expected %s", what);
	return 0;
}

static int each(struct ctx *c, const char *key, json_t *arr, elem_fn fn)
{
	size_t i;
	json_t *o;
	int r = 0;
	scn_push_key(c, key);
	json_array_foreach(arr, i, o) {
		scn_push_index(c, i);
		r = fn(c, o);
		scn_pop(c);
		if (r < 0)
			break;
	}
	scn_pop(c);
	return r;
}

static int apply(struct ctx *c, json_t *root, bool *had_rules)
{
	struct vn_model *m = c->m;
	if (!json_is_object(root))
		return fail(c, NULL, "expected a JSON object");
	if (load_facts(c, root) < 0)
		return -1;
	json_t *links = NULL, *routes = NULL, *neighs = NULL, *rules = NULL;
	if (scn_get_array(c, root, "links", &links) < 0 || scn_get_array(c, root, "routes", &routes) < 0 ||
	    scn_get_array(c, root, "neighbours", &neighs) < 0 || scn_get_array(c, root, "rules", &rules) < 0)
		return -1;
	if (links) {
		vn_tc_free(m);   /* the traffic control of the links replaced */
		if (scn_load_links(c, links) < 0)
			return -1;
	}
	json_t *nexthops = NULL;
	if (scn_get_array(c, root, "nexthops", &nexthops) < 0 ||
	    (nexthops && scn_load_nexthops(c, nexthops) < 0))
		return -1;
	json_t *netns = NULL;
	if (scn_get_array(c, root, "netns", &netns) < 0 || (netns && scn_load_netns(c, netns) < 0))
		return -1;
	if (routes || links) {
		free(m->routes);
		m->routes = NULL;
		m->nroutes = 0;
	}
	if (routes) {
		route_index_init(&c->routes, scn_route_key_hash, scn_same_route);
		route_index_fill(&c->routes, c->m->routes, c->m->nroutes);
	}
	int routes_rc = routes ? each(c, "routes", routes, scn_load_route) : 0;
	route_index_free(&c->routes);
	if (routes_rc < 0)
		return -1;
	if (neighs || links) {
		free(m->neighs);
		m->neighs = NULL;
		m->nneighs = 0;
	}
	if (neighs && each(c, "neighbours", neighs, scn_load_neigh) < 0)
		return -1;
	if (rules) {
		free(m->rules);
		m->rules = NULL;
		m->nrules = 0;
		int fam = AF_INET;
		long long prev = -1;
		size_t i;
		json_t *o;
		scn_push_key(c, "rules");
		json_array_foreach(rules, i, o) {
			scn_push_index(c, i);
			int r = scn_load_rule(c, o, &fam, &prev);
			scn_pop(c);
			if (r < 0) {
				scn_pop(c);
				return -1;
			}
		}
		scn_pop(c);
	}
	if (scn_load_bridge(c, root, links != NULL) < 0)
		return -1;
	json_t *tc = NULL;
	if (scn_get_object(c, root, "tc", &tc) < 0 || (tc && scn_load_tc(c, tc) < 0))
		return -1;
	json_t *socks = NULL;
	if (scn_get_array(c, root, "sockets", &socks) < 0)
		return -1;
	if (socks) {
		vn_model_free_sockets(m);
		if (each(c, "sockets", socks, load_socket) < 0)
			return -1;
	}
	vn_model_mark_scenario_sockets(m);
	*had_rules = rules != NULL;
	return 0;
}

/* "sysctl": {"net.ipv4.conf.all.forwarding": "1", ...}, written as
 * `sysctl -w` would write each, in the file's order, after the links
 * (conf/<link> names them) and routes; a value may be a string or a
 * number. */
static int load_sysctls(struct ctx *c, json_t *root)
{
	json_t *o = NULL;
	int r = scn_get_object(c, root, "sysctl", &o);
	if (r <= 0)
		return r;
	scn_push_key(c, "sysctl");
	const char *name;
	json_t *v;
	json_object_foreach(o, name, v) {
		char num[32];
		const char *text = json_is_string(v) ? json_string_value(v) : NULL;
		if (json_is_integer(v)) {
			snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
			text = num;
		}
		if (!text) {
			scn_fail_msg(c, name, "expected a string or an integer");
			scn_pop(c);
			return -1;
		}
		int rc = vn_sysctl_apply(c->m, name, text, strlen(text));
		if (rc < 0) {
			scn_fail_msg(c, name, "%s", rc == -ENOENT ? "no such sysctl in this model"
						   : rc == -EPERM ? "read-only sysctl" : "value refused");
			scn_pop(c);
			return -1;
		}
	}
	scn_pop(c);
	return 0;
}

/* *keep (if not NULL) gets the parsed text on success, for what is
 * applied once the model is whole (the sysctls). */
static int load_text(struct vn_model *m, const char *text, size_t len, const char *name,
		     char *err, size_t errlen, bool *had_rules, json_t **keep)
{
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		if (err && errlen) {
			snprintf(err, errlen, "%s:%d:%d: %s", name, je.line > 0 ? je.line : 1,
				 je.column > 0 ? je.column : 1, je.text);
			scn_one_line(err);
		}
		return -1;
	}
	struct ctx c = { .m = m, .text = text, .len = len, .name = name, .err = err, .errlen = errlen };
	int r = apply(&c, root, had_rules);
	if (r == 0 && keep)
		*keep = root;
	else
		json_decref(root);
	return r;
}

static void load_default_parts(struct vn_model *m)
{
	char err[256];
	bool had_rules;
	free(m->rules);
	m->rules = NULL;
	m->nrules = 0;
	m->has_boot_id = false;
	if (load_text(m, vn_default_scenario_json, strlen(vn_default_scenario_json),
		      "<default model>", err, sizeof(err), &had_rules, NULL) < 0) {
		fprintf(stderr, "veneer: the embedded default model: %s\n", err);
		abort();
	}
}

int vn_scenario_load_string(struct vn_model *m, const char *text, size_t len, const char *name,
			    char *err, size_t errlen)
{
	bool had_rules = false;
	if (err && errlen)
		err[0] = '\0';
	if (!name)
		name = "<scenario>";
	load_default_parts(m);
	json_t *root = NULL;
	if (load_text(m, text, len, name, err, errlen, &had_rules, &root) < 0)
		return -1;
	vn_model_derive_routes(m);
	/* links whose tc objects the scenario does not record get the root
	 * their IFLA_QDISC names */
	for (size_t i = 0; i < m->nlinks; i++)
		tc_attach_recorded(m, &m->links[i]);
	if (!had_rules)
		vn_model_default_rules(m);
	if (!m->has_boot_id)
		vn_model_derive_boot_id(m);
	/* /proc/sys shows the rows of the kernel this model is */
	proc_tree_set_kconfig(m->kconfig);
	struct ctx c = { .m = m, .text = text, .len = len, .name = name, .err = err, .errlen = errlen };
	int r = load_sysctls(&c, root);
	json_decref(root);
	return r < 0 ? -1 : 0;
}

int vn_scenario_load_file(struct vn_model *m, const char *path, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (err && errlen) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			scn_one_line(err);
		}
		return -1;
	}
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			char *nb = realloc(buf, cap);
			if (!nb)
				abort();
			buf = nb;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	int rd_err = ferror(f);
	fclose(f);
	if (rd_err) {
		if (err && errlen) {
			snprintf(err, errlen, "%s: read error", path);
			scn_one_line(err);
		}
		free(buf);
		return -1;
	}
	int r = vn_scenario_load_string(m, buf ? buf : "", len, path, err, errlen);
	free(buf);
	return r;
}
