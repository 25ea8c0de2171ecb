/* veneer snapshot's bridge state: the bridges' fdb entries (`bridge -j -s
 * fdb show`, those of a bridge: the "self" ones are the links' multicast
 * addresses, which the model derives), the mdb (`bridge -j -d -s mdb
 * show`), and which links went down after they were up (their multicast
 * addresses loaded again in another order: sentry/mcast.h), as told by
 * /proc/net/dev_mcast. A host without `bridge` gets neither table. */
#include "snapshot.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_fdb(json_t *root)
{
	static char *const args[] = { "-j", "-s", "fdb", "show", NULL };
	json_t *all = snapshot_run_json("bridge", args, true);
	if (!all)
		return;
	json_t *out = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(all, i, e)
		if (json_object_get(e, "master"))
			json_array_append(out, e);
	json_decref(all);
	json_object_set_new(root, "fdb", out);
}

static void add_mdb(json_t *root)
{
	static char *const args[] = { "-j", "-d", "-s", "mdb", "show", NULL };
	json_t *mdb = snapshot_run_json("bridge", args, true);
	if (mdb)
		json_object_set_new(root, "mdb", mdb);
}

/* "mc_reloaded" on each Ethernet link whose all-nodes address
 * (33:33:00:00:00:01) is not the first of its device list, or is missing
 * from it: it was loaded again, or unloaded, when the link went down. */
static void add_mc_history(json_t *root)
{
	FILE *f = fopen("/proc/net/dev_mcast", "re");
	if (!f)
		return;
	enum { MAX = 4096 };
	static int first_is_all[MAX], has_all[MAX], seen[MAX];
	memset(first_is_all, 0, sizeof(first_is_all));
	memset(has_all, 0, sizeof(has_all));
	memset(seen, 0, sizeof(seen));
	char line[256];
	while (fgets(line, sizeof(line), f)) {
		int idx;
		char name[64], addr[64];
		if (sscanf(line, "%d %63s %*d %*d %63s", &idx, name, addr) != 3 || idx <= 0 || idx >= MAX)
			continue;
		bool all = strcmp(addr, "333300000001") == 0;
		if (!seen[idx])
			first_is_all[idx] = all;
		seen[idx] = 1;
		has_all[idx] |= all;
	}
	fclose(f);
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(root, "links"), i, l) {
		json_int_t idx = json_integer_value(json_object_get(l, "ifindex"));
		const char *type = json_string_value(json_object_get(l, "link_type"));
		if (idx <= 0 || idx >= MAX || !type || strcmp(type, "ether") != 0)
			continue;
		bool multicast = false;
		size_t k;
		json_t *fl;
		json_array_foreach(json_object_get(l, "flags"), k, fl)
			multicast |= json_is_string(fl) && strcmp(json_string_value(fl), "MULTICAST") == 0;
		if (multicast && (!has_all[idx] || !first_is_all[idx]))
			json_object_set_new(l, "mc_reloaded", json_true());
	}
}

void snapshot_bridge(json_t *root)
{
	add_fdb(root);
	add_mdb(root);
	add_mc_history(root);
}
