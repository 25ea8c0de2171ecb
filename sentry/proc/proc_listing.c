/* Listings of the model's /proc and the order of each kind of directory.
 * See proc_listing.h. */
#include "proc_listing.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../devconf.h"

void proc_listing_add(struct proc_listing *l, const char *name, unsigned char type)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->e[i].name, name) == 0)
			return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->e = realloc(l->e, l->cap * sizeof(*l->e));
		if (!l->e)
			abort();
	}
	snprintf(l->e[l->n].name, sizeof(l->e[l->n].name), "%s", name);
	l->e[l->n].type = type;
	l->n++;
}

void proc_listing_free(struct proc_listing *l)
{
	free(l->e);
	*l = (struct proc_listing){ 0 };
}

unsigned char proc_kind_dtype(enum proc_kind k)
{
	switch (k) {
	case PK_DIR:
	case PK_TASKS:
	case PK_DEVS:
		return DT_DIR;
	case PK_LINK:
		return DT_LNK;
	default:
		return DT_REG;
	}
}

void proc_listing_rows(struct proc_listing *l, const struct proc_entry *dir,
		       const struct vn_model *m)
{
	if (dir->kind == PK_DEVS) {
		unsigned char t = proc_kind_dtype(dir->children[0].kind);
		if (dir->arg == PROC_DEVS_CONF) {
			proc_listing_add(l, "all", t);
			proc_listing_add(l, "default", t);
		}
		for (size_t i = 0; i < m->nlinks; i++)
			proc_listing_add(l, m->links[i].name, t);
		return;
	}
	if (dir->kind != PK_DIR && dir->kind != PK_TASKS)
		return;
	for (const struct proc_entry *r = dir->children; r && r->name; r++)
		if (r->kind != PK_SYSTEM && proc_row_present(r))
			proc_listing_add(l, r->name, proc_kind_dtype(r->kind));
}

/* fs/proc/base.c's tables, in their order, with every entry a build
 * option may compile in. */
static const char *const tgid_base_stuff[] = {
	"task", "fd", "map_files", "fdinfo", "ns", "net", "environ", "auxv", "status",
	"personality", "limits", "sched", "autogroup", "timens_offsets", "comm", "syscall",
	"cmdline", "stat", "statm", "maps", "numa_maps", "mem", "cwd", "root", "exe",
	"mounts", "mountinfo", "mountstats", "clear_refs", "smaps", "smaps_rollup",
	"pagemap", "attr", "wchan", "stack", "schedstat", "latency", "cpuset", "cgroup",
	"cpu_resctrl_groups", "oom_score", "oom_adj", "oom_score_adj", "loginuid",
	"sessionid", "make-it-fail", "fail-nth", "coredump_filter", "io", "uid_map",
	"gid_map", "projid_map", "setgroups", "timers", "timerslack_ns", "patch_state",
	"stack_depth", "arch_status", "seccomp_cache", "ksm_merging_pages", "ksm_stat",
	NULL
};

static const char *const tid_base_stuff[] = {
	"fd", "fdinfo", "ns", "net", "environ", "auxv", "status", "personality", "limits",
	"sched", "comm", "syscall", "cmdline", "stat", "statm", "maps", "children",
	"numa_maps", "mem", "cwd", "root", "exe", "mounts", "mountinfo", "clear_refs",
	"smaps", "smaps_rollup", "pagemap", "attr", "wchan", "stack", "schedstat",
	"latency", "cpuset", "cgroup", "cpu_resctrl_groups", "oom_score", "oom_adj",
	"oom_score_adj", "loginuid", "sessionid", "make-it-fail", "fail-nth", "io",
	"uid_map", "gid_map", "projid_map", "setgroups", "patch_state", "arch_status",
	"seccomp_cache", "ksm_merging_pages", "ksm_stat",
	NULL
};

/* An entry's place: rank first, then tie (its place in the input). */
struct keyed {
	struct proc_dirent d;
	enum proc_order order;
	long rank;
	size_t tie;
};

static long table_index(const char *const *table, const char *name)
{
	for (long i = 0; table[i]; i++)
		if (strcmp(table[i], name) == 0)
			return i;
	return -1;
}

static bool is_pid(const char *s)
{
	if (*s < '1' || *s > '9')
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static int pde_cmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return la < lb ? -1 : 1;
	return memcmp(a, b, la);
}

static int by_rank(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	switch (a->order) {
	case PO_PDE:
	case PO_ROOT:
		if (a->rank == 0)   /* the generic entries */
			return pde_cmp(a->d.name, b->d.name);
		break;
	case PO_SYSCTL:
		return strcmp(a->d.name, b->d.name);
	default:
		break;
	}
	return a->tie < b->tie ? -1 : a->tie > b->tie;
}

/* The rank of each entry under a rule; ties keep the input's order. A
 * name a base.c table lacks (a newer kernel's) stays after the entry the
 * host listed before it. */
static void rank(struct keyed *k, size_t n, enum proc_order order)
{
	const char *const *table = order == PO_TGID ? tgid_base_stuff : tid_base_stuff;
	for (size_t i = 0; i < n; i++) {
		const char *name = k[i].d.name;
		k[i].order = order;
		k[i].tie = i;
		k[i].rank = 0;
		switch (order) {
		case PO_ROOT:
			if (strcmp(name, "self") == 0)
				k[i].rank = 1;
			else if (strcmp(name, "thread-self") == 0)
				k[i].rank = 2;
			else if (is_pid(name))
				k[i].rank = 3 + strtol(name, NULL, 10);
			break;
		case PO_TGID:
		case PO_TID: {
			long t = table_index(table, name);
			k[i].rank = t >= 0 ? t : (i ? k[i - 1].rank : -1);
			break;
		}
		default:
			break;
		}
	}
}

void proc_listing_sort(struct proc_listing *l, enum proc_order order)
{
	if (order == PO_AS_GIVEN || l->n < 2)
		return;
	struct keyed *k = calloc(l->n, sizeof(*k));
	if (!k)
		abort();
	for (size_t i = 0; i < l->n; i++)
		k[i].d = l->e[i];
	rank(k, l->n, order);
	qsort(k, l->n, sizeof(*k), by_rank);
	for (size_t i = 0; i < l->n; i++)
		l->e[i] = k[i].d;
	free(k);
}
