/* The scenario's "netns": the names of /run/netns as the snapshot listed
 * them, each with the id the snapshot's namespace gave it (RTM_GETNSID;
 * -1 or left out: none), which `ip link` shows as "link-netns NAME". */
#include "scenario_load.h"

#include <stdlib.h>
#include <string.h>

int scn_load_netns(struct ctx *c, json_t *arr)
{
	struct vn_model *m = c->m;
	free(m->netns);
	m->netns = NULL;
	m->nnetns = 0;
	size_t n = json_array_size(arr);
	if (!n)
		return 0;
	m->netns = calloc(n, sizeof(*m->netns));
	if (!m->netns)
		abort();
	scn_push_key(c, "netns");
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		scn_push_index(c, i);
		struct vn_netns_name *x = &m->netns[i];
		long long id = -1;
		int r = json_is_object(o) ? scn_get_strbuf(c, o, "name", x->name, sizeof(x->name)) : -1;
		if (r == 0 || (r > 0 && (!x->name[0] || strchr(x->name, '/') ||
					 !strcmp(x->name, ".") || !strcmp(x->name, ".."))))
			r = fail(c, "name", "expected the name of a file of /run/netns");
		else if (r < 0 && !json_is_object(o))
			fail(c, NULL, "expected an object with \"name\" and \"nsid\"");
		if (r > 0 && scn_get_int(c, o, "nsid", -1, INT32_MAX, &id) < 0)
			r = -1;
		for (size_t k = 0; r > 0 && k < i; k++)
			if (!strcmp(m->netns[k].name, x->name))
				r = fail(c, "name", "\"%s\" listed twice", x->name);
		scn_pop(c);
		if (r < 0) {
			scn_pop(c);
			return -1;
		}
		x->nsid = (int32_t)id;
		m->nnetns = i + 1;
	}
	scn_pop(c);
	return 0;
}
