/* The scenario's "cgroup": the limits of the sandbox's own cgroup, written
 * as a container's files take them (cgroup-v2.rst):
 *
 *   "cgroup": {"cpu_max": "150000 100000", "memory_max": "1G",
 *              "memory_high": "max", "pids_max": 512}
 *
 * cpu_max is cpu.max's text ("QUOTA PERIOD", "QUOTA", "max", "max
 * PERIOD", in microseconds: a quota of at least 1000, a period from 1000
 * to 1000000, as tg_set_cfs_bandwidth takes them); memory_max and
 * memory_high are bytes, an integer or memparse's text ("512M", "max"),
 * rounded down to the page as page_counter_memparse does; pids_max a
 * count or "max". A key left out keeps the default: the machine's CPUs
 * as the quota, its memory as memory.max, no memory.high, no pids.max. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_load.h"

#define CG_PAGE 4096
#define MIN_QUOTA_US 1000          /* min_cfs_quota_period */
#define MAX_PERIOD_US 1000000      /* max_cfs_quota_period */

static bool parse_u64(const char *s, const char **end, uint64_t *out)
{
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	char *e;
	unsigned long long v = strtoull(s, &e, 10);
	if (errno)
		return false;
	*out = v;
	*end = e;
	return true;
}

/* "max" or memparse's number with an optional K/M/G/T/P/E suffix */
static int get_bytes(struct ctx *c, json_t *o, const char *key, int64_t *out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	uint64_t n;
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		n = (uint64_t)json_integer_value(v);
	} else if (json_is_string(v) && strcmp(json_string_value(v), "max") == 0) {
		*out = VN_CG_MAX;
		return 1;
	} else {
		const char *s = json_is_string(v) ? json_string_value(v) : "", *e;
		static const char suffixes[] = "KMGTPE";
		const char *sfx = *s ? strchr(suffixes, s[strlen(s) - 1] & ~0x20) : NULL;
		if (!parse_u64(s, &e, &n) || (*e && (!sfx || e[1])))
			return fail(c, key, "expected bytes (an integer, \"512M\", or \"max\")");
		for (int i = *e ? (int)(sfx - suffixes) + 1 : 0; i > 0; i--) {
			if (n > UINT64_MAX / 1024)
				return fail(c, key, "too large");
			n *= 1024;
		}
	}
	/* the largest the kernel shows is PAGE_COUNTER_MAX pages: "max" */
	*out = n >= (uint64_t)INT64_MAX / 2 ? VN_CG_MAX : (int64_t)(n / CG_PAGE * CG_PAGE);
	return 1;
}

static int get_cpu_max(struct ctx *c, json_t *o, struct vn_cgroup *cg)
{
	const char *s;
	int r = scn_get_str(c, o, "cpu_max", &s);
	if (r <= 0)
		return r;
	const char *e = s + 3;
	uint64_t quota = 0, period = cg->cpu_period_us;
	bool max = strncmp(s, "max", 3) == 0;
	if (!max && !parse_u64(s, &e, &quota))
		e = NULL;
	if (e && *e == ' ' && !parse_u64(e + 1, &e, &period))
		e = NULL;
	if (!e || *e || period < MIN_QUOTA_US || period > MAX_PERIOD_US ||
	    (!max && (quota < MIN_QUOTA_US || quota > (uint64_t)INT64_MAX / 2)))
		return fail(c, "cpu_max", "expected cpu.max's \"QUOTA PERIOD\" or \"max PERIOD\" "
			    "(microseconds: a quota of at least 1000, a period from 1000 to 1000000)");
	cg->cpu_quota_us = max ? VN_CG_MAX : (int64_t)quota;
	cg->cpu_period_us = period;
	return 1;
}

int scn_load_cgroup(struct ctx *c, json_t *root)
{
	json_t *o;
	int r = scn_get_object(c, root, "cgroup", &o);
	if (r <= 0)
		return r;
	struct vn_cgroup *cg = &c->m->cgroup;
	scn_push_key(c, "cgroup");
	r = get_cpu_max(c, o, cg) < 0 || get_bytes(c, o, "memory_max", &cg->memory_max) < 0 ||
	    get_bytes(c, o, "memory_high", &cg->memory_high) < 0 ? -1 : 0;
	json_t *p = json_object_get(o, "pids_max");
	long long n;
	if (r == 0 && json_is_string(p) && strcmp(json_string_value(p), "max") == 0)
		cg->pids_max = VN_CG_MAX;
	else if (r == 0 && p && json_is_string(p))
		r = fail(c, "pids_max", "expected a count or \"max\"");
	else if (r == 0 && (r = scn_get_int(c, o, "pids_max", 0, INT_MAX, &n)) > 0)
		cg->pids_max = n, r = 0;
	scn_pop(c);
	return r < 0 ? -1 : 1;
}
