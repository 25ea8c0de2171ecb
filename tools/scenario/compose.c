/* See compose.h. The inputs are merged as JSON (jansson) and the result
 * loaded as one scenario text; an error the loader finds in it is said at
 * the input the wrong value came from, found by its JSON path: the last
 * --set that wrote it, else the last overlay that holds it, else the base. */
#include "compose.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_locate.h"
#include "library.h"
#include "matrix.h"
#include "scenario.h"

#define COMPOSED "<composed>"

void scn_compose_add_overlay(struct scn_compose *c, const char *path)
{
	const char **v = realloc(c->overlays, (c->noverlays + 1) * sizeof(*v));
	if (!v)
		abort();
	v[c->noverlays++] = path;
	c->overlays = v;
}

void scn_compose_add_set(struct scn_compose *c, const char *set)
{
	const char **v = realloc(c->sets, (c->nsets + 1) * sizeof(*v));
	if (!v)
		abort();
	v[c->nsets++] = set;
	c->sets = v;
}

void scn_compose_free(struct scn_compose *c)
{
	free(c->overlays);
	free(c->sets);
	c->overlays = c->sets = NULL;
	c->noverlays = c->nsets = 0;
}

bool scn_compose_any(const struct scn_compose *c)
{
	return c->noverlays || c->nsets;
}

const char *scn_resolve(const char *spec, char *err, size_t errlen)
{
	if (strncmp(spec, "lib:", 4) != 0)
		return spec;
	static char path[PATH_MAX + 64];
	const char *lib = veneer_library_dir(), *name = spec + 4;
	FILE *f = NULL;
	if (lib && *name && !strchr(name, '/')) {
		snprintf(path, sizeof(path), "%s/%s.json", lib, name);
		f = fopen(path, "re");
	}
	if (!f) {
		snprintf(err, errlen, "%s: no such scenario in the library%s%s (veneer scenarios lists them)",
			 spec, lib ? " " : "", lib ? lib : "");
		return NULL;
	}
	fclose(f);
	return path;
}

bool scn_known_key(const char *key)
{
	static const char *const keys[] = {
		"hostname", "domainname", "kernel", "cpus", "memory_kb", "cgroup", "links", "routes",
		"neighbours", "rules", "sysctl", "tc", "fdb", "mdb", "sockets", "description",
		"captured_with", "nexthops", "netns",
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i], key) == 0)
			return true;
	return false;
}

/* ---- reading the inputs --------------------------------------------------- */

struct input {
	const char *label;   /* a file, or the --set as given */
	char *text;          /* a file's text */
	size_t len;
};

static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
	struct buf b;
	buf_init(&b);
	if (mx_read_file(path, &b) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return mx_buf_take(&b);
}

/* A file's text as a JSON object, or NULL with "FILE:LINE:COL: what". */
static json_t *parse(struct input *in, char *err, size_t errlen)
{
	in->text = slurp(in->label, &in->len, err, errlen);
	if (!in->text)
		return NULL;
	json_error_t je;
	json_t *j = json_loadb(in->text, in->len, JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		snprintf(err, errlen, "%s:%d:%d: %s", in->label, je.line > 0 ? je.line : 1,
			 je.column > 0 ? je.column : 1, je.text);
		return NULL;
	}
	if (!json_is_object(j)) {
		snprintf(err, errlen, "%s:1:1: expected a JSON object", in->label);
		json_decref(j);
		return NULL;
	}
	return j;
}

/* ---- merging ------------------------------------------------------------- */

/* RFC 7386 MergePatch(target, patch); takes target's reference. */
static json_t *merge_patch(json_t *target, json_t *patch)
{
	if (!json_is_object(patch)) {
		json_decref(target);
		return json_incref(patch);
	}
	if (!json_is_object(target)) {
		json_decref(target);
		target = json_object();
	}
	const char *key;
	json_t *value;
	json_object_foreach(patch, key, value) {
		if (json_is_null(value)) {
			json_object_del(target, key);
			continue;
		}
		json_t *old = json_object_get(target, key);
		json_object_set_new(target, key, merge_patch(old ? json_incref(old) : NULL, value));
	}
	return target;
}

/* "PATH=VALUE" applied to doc: PATH is KEY, then .KEY or [N] steps; keys
 * on the way are made objects when missing, elements must exist. A null
 * VALUE removes the key. -1 with err. */
static int apply_set(json_t *doc, const char *set, char *err, size_t errlen)
{
	const char *eq = strchr(set, '=');
	if (!eq || eq == set) {
		snprintf(err, errlen, "--set %s: expected PATH=VALUE (cpus=64, kernel.release=6.8.0, "
			 "links[1].mtu=9000)", set);
		return -1;
	}
	json_t *value = json_loads(eq + 1, JSON_DECODE_ANY, NULL);
	if (!value)
		value = json_string(eq + 1);   /* not JSON: the text itself */
	json_t *cur = doc;
	int rc = 0;
	for (const char *p = set; p < eq && rc == 0;) {
		char key[256];
		size_t n = strcspn(p, ".[=");
		if (n == 0 || n >= sizeof(key) || *p == ']') {
			snprintf(err, errlen, "--set %s: a path step is empty or too long", set);
			rc = -1;
			break;
		}
		memcpy(key, p, n);
		key[n] = '\0';
		if (cur == doc && !scn_known_key(key)) {
			snprintf(err, errlen, "--set %s: %s is not a key of a scenario (%s)", set, key,
				 SCN_KEYS);
			rc = -1;
			break;
		}
		p += n;
		json_t *next = json_object_get(cur, key);
		bool last = p == eq;
		if (last) {
			if (json_is_null(value))
				json_object_del(cur, key);
			else
				json_object_set(cur, key, value);
			break;
		}
		if (!next || (!json_is_object(next) && *p == '.')) {
			if (*p == '[') {
				snprintf(err, errlen, "--set %s: the scenario has no %s array to index (the "
					 "embedded model's parts are not in it: give a base that has them)",
					 set, key);
				rc = -1;
				break;
			}
			next = json_object();
			json_object_set_new(cur, key, next);
		}
		while (rc == 0 && *p == '[') {
			char *end;
			unsigned long i = strtoul(p + 1, &end, 10);
			if (end == p + 1 || *end != ']' || !json_is_array(next) || i >= json_array_size(next)) {
				snprintf(err, errlen, "--set %s: %s has no element %.*s", set, key,
					 (int)strcspn(p + 1, "]"), p + 1);
				rc = -1;
				break;
			}
			p = end + 1;
			if (p == eq) {
				if (json_is_null(value))
					json_array_remove(next, i);
				else
					json_array_set(next, i, value);
				p = eq;
				break;
			}
			next = json_array_get(next, i);
		}
		if (rc == 0 && p < eq) {
			if (*p != '.' || !json_is_object(next)) {
				snprintf(err, errlen, "--set %s: %s is not an object", set, key);
				rc = -1;
				break;
			}
			p++;
			cur = next;
		}
	}
	json_decref(value);
	return rc;
}

/* ---- errors at their input ----------------------------------------------- */

/* The --set whose path is p or holds it. */
static bool set_holds(const char *set, const char *p)
{
	size_t n = strcspn(set, "=");
	return strncmp(set, p, n) == 0 && (p[n] == '\0' || p[n] == '.' || p[n] == '[');
}

/* msg is the loader's "<composed>:L:C: PATH: what" or "...: what". */
static void locate(const struct scn_compose *c, const struct input *in, size_t nin,
		   const char *composed, const char *msg, char *err, size_t errlen)
{
	const char *rest = msg;
	for (int k = 0; k < 3 && rest; k++) {   /* past "<composed>:L:C:" */
		rest = strchr(rest, ':');
		rest = rest ? rest + 1 : NULL;
	}
	rest = rest ? rest + (*rest == ' ') : msg;
	char path[512] = "";
	const char *colon = strstr(rest, ": ");
	int line, col;
	if (colon && (size_t)(colon - rest) < sizeof(path)) {
		memcpy(path, rest, (size_t)(colon - rest));
		path[colon - rest] = '\0';
		if (!vn_json_locate_str(composed, strlen(composed), path, &line, &col))
			path[0] = '\0';
	}
	for (size_t i = c->nsets; path[0] && i-- > 0;) {
		if (set_holds(c->sets[i], path)) {
			snprintf(err, errlen, "--set %s: %s", c->sets[i], rest);
			return;
		}
	}
	for (size_t i = nin; path[0] && i-- > 0;) {
		if (vn_json_locate_str(in[i].text, in[i].len, path, &line, &col)) {
			snprintf(err, errlen, "%s:%d:%d: %s", in[i].label, line, col, rest);
			return;
		}
	}
	snprintf(err, errlen, "%s with %s%s: %s", nin && c->base ? in[0].label : "the embedded model",
		 c->noverlays ? "overlays" : "", c->noverlays && c->nsets ? " and " : c->nsets ? "" : "",
		 rest);
	if (c->nsets)
		snprintf(err + strlen(err), errlen - strlen(err), " (after --set)");
}

char *scn_compose_load(const struct scn_compose *c, struct vn_model *m, char *err, size_t errlen)
{
	size_t nin = (c->base ? 1 : 0) + c->noverlays;
	struct input *in = calloc(nin + 1, sizeof(*in));
	if (!in)
		abort();
	json_t *doc = NULL;
	char *text = NULL;
	size_t k = 0;
	const char *base = c->base ? scn_resolve(c->base, err, errlen) : NULL;
	if (c->base && !base)
		goto out;
	if (base && !scn_compose_any(c)) {
		/* nothing to compose: the file as `veneer run` loads it */
		in[0].label = base;
		char *t = slurp(base, &in[0].len, err, errlen);
		struct vn_model scratch;
		vn_model_init(&scratch);
		if (t && vn_scenario_load_file(m ? m : &scratch, base, err, errlen) == 0)
			text = t;
		else
			free(t);
		vn_model_free(&scratch);
		goto out;
	}
	if (base) {
		in[k].label = base;
		if (!(doc = parse(&in[k++], err, errlen)))
			goto out;
	} else {
		doc = json_object();
	}
	for (size_t i = 0; i < c->noverlays; i++, k++) {
		in[k].label = c->overlays[i];
		json_t *patch = parse(&in[k], err, errlen);
		if (!patch)
			goto out;
		doc = merge_patch(doc, patch);
		json_decref(patch);
	}
	for (size_t i = 0; i < c->nsets; i++)
		if (apply_set(doc, c->sets[i], err, errlen) < 0)
			goto out;
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text)
		abort();
	struct vn_model scratch;
	struct vn_model *into = m;
	if (!into) {
		vn_model_init(&scratch);
		into = &scratch;
	}
	char msg[1024];
	int rc = vn_scenario_load_string(into, text, strlen(text), COMPOSED, msg, sizeof(msg));
	if (!m)
		vn_model_free(&scratch);
	if (rc < 0) {
		locate(c, in, nin, text, msg, err, errlen);
		free(text);
		text = NULL;
	}
out:
	json_decref(doc);
	for (size_t i = 0; i < nin; i++)
		free(in[i].text);
	free(in);
	return text;
}
