/* `veneer scenario check FILE... [--overlay F]... [--set PATH=VALUE]...`:
 * each file (composed as `veneer run` would compose it) loads, and names
 * no top-level key the loader does not know. The loader ignores unknown
 * keys on purpose (iproute2 prints more than the model uses), but a
 * top-level one is a typo ("cpu": 64) that would silently leave the
 * default. On success a line per file says what the model holds. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "json_locate.h"
#include "matrix.h"
#include "scenario_cli.h"

/* The first unknown top-level key of a file, said at its place; 0 if none
 * (errors of syntax are the loader's to say). */
static int unknown_keys(const char *path, char *err, size_t errlen)
{
	struct buf b;
	buf_init(&b);
	if (mx_read_file(path, &b) < 0) {
		buf_free(&b);
		return 0;
	}
	json_t *root = json_loadb(b.data ? b.data : "", b.len, JSON_REJECT_DUPLICATES, NULL);
	int rc = 0;
	const char *key;
	json_t *v;
	json_object_foreach(root, key, v) {
		if (scn_known_key(key))
			continue;
		struct vn_jpath p = { .key = key };
		int line = 1, col = 1;
		vn_json_locate(b.data, b.len, &p, 1, &line, &col);
		snprintf(err, errlen, "%s:%d:%d: %s: not a key of a scenario (%s)", path, line, col, key,
			 SCN_KEYS);
		rc = -1;
		break;
	}
	json_decref(root);
	buf_free(&b);
	return rc;
}

int scn_check_main(int argc, char **argv)
{
	struct scn_compose comp = { 0 };
	const char **files = calloc((size_t)argc + 1, sizeof(char *));
	size_t nfiles = 0;
	int rc = scn_parse_compose_args(argc, argv, &comp, files, &nfiles);
	if (rc >= 0)
		goto out;
	rc = 0;
	if (nfiles == 0) {
		rc = scn_bad("scenario check: no file given (veneer scenario check FILE...)", NULL);
		goto out;
	}
	char err[1024];
	for (size_t i = 0; i < nfiles && rc == 0; i++) {
		comp.base = files[i];
		const char *path = scn_resolve(files[i], err, sizeof(err));
		bool bad = !path || unknown_keys(path, err, sizeof(err)) < 0;
		for (size_t k = 0; !bad && k < comp.noverlays; k++)
			bad = unknown_keys(comp.overlays[k], err, sizeof(err)) < 0;
		struct vn_model m;
		vn_model_init(&m);
		char *text = bad ? NULL : scn_compose_load(&comp, &m, err, sizeof(err));
		if (text) {
			printf("%s: ok: %s, %d CPUs, %llu kB, %zu links, %zu addresses, %zu routes, "
			       "%zu neighbours, %zu rules\n", files[i], m.hostname, m.cpus,
			       (unsigned long long)m.memory_kb, m.nlinks, m.naddrs, m.nroutes, m.nneighs,
			       m.nrules);
		} else {
			rc = scn_bad(err, NULL);
		}
		free(text);
		vn_model_free(&m);
	}
out:
	free(files);
	scn_compose_free(&comp);
	return rc;
}
