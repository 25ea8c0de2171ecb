/* The /proc tree as tables. See proc_tree.h for the kinds. */
#include "proc_tree.h"

#include <stdio.h>
#include <string.h>

#define END { NULL, 0, 0, NULL, NULL, NULL }
#define FILE_(n, g) { n, PK_FILE, 0444, g, NULL, NULL }
#define SYSTEM(n) { n, PK_SYSTEM, 0444, NULL, NULL, NULL }
#define DIR_(n, c) { n, PK_DIR, 0555, NULL, c, NULL }
#define LINK(n, t) { n, PK_LINK, 0777, NULL, NULL, t }

static const struct proc_entry net_rows[] = {
	FILE_("dev", gen_net_dev),
	FILE_("if_inet6", gen_net_if_inet6),
	FILE_("ipv6_route", gen_net_ipv6_route),
	FILE_("route", gen_net_route),
	END
};

static const struct proc_entry task_list_rows[] = { END };

static const struct proc_entry task_rows[] = {
	DIR_("net", net_rows),
	{ "task", PK_TASKS, 0555, NULL, task_list_rows, NULL },
	END
};

static const struct proc_entry sys_kernel_rows[] = {
	FILE_("domainname", gen_sys_domainname),
	FILE_("hostname", gen_sys_hostname),
	FILE_("osrelease", gen_sys_osrelease),
	FILE_("ostype", gen_sys_ostype),
	FILE_("version", gen_sys_version),
	SYSTEM("cap_last_cap"),
	SYSTEM("ngroups_max"),
	SYSTEM("overflowgid"),
	SYSTEM("overflowuid"),
	SYSTEM("pid_max"),
	SYSTEM("threads-max"),
	END
};

static const struct proc_entry sys_vm_rows[] = {
	SYSTEM("max_map_count"),
	SYSTEM("overcommit_memory"),
	END
};

static const struct proc_entry sys_fs_rows[] = {
	SYSTEM("file-max"),
	SYSTEM("nr_open"),
	SYSTEM("pipe-max-size"),
	END
};

/* /proc/sys/net is absent: the host's settings are not the model's. */
static const struct proc_entry sys_rows[] = {
	DIR_("fs", sys_fs_rows),
	DIR_("kernel", sys_kernel_rows),
	DIR_("vm", sys_vm_rows),
	END
};

/* System files the model does not describe yet are the host's (issue:
 * processes and the system); everything network is the model's. */
static const struct proc_entry root_rows[] = {
	SYSTEM("cmdline"),
	SYSTEM("cpuinfo"),
	SYSTEM("filesystems"),
	SYSTEM("loadavg"),
	SYSTEM("meminfo"),
	LINK("mounts", "self/mounts"),
	LINK("net", "self/net"),
	LINK("self", "%p"),
	SYSTEM("stat"),
	SYSTEM("swaps"),
	DIR_("sys", sys_rows),
	LINK("thread-self", "%p/task/%t"),
	SYSTEM("uptime"),
	FILE_("version", gen_version),
	SYSTEM("vmstat"),
	END
};

const struct proc_entry proc_root_entry = { "proc", PK_TASKS, 0555, NULL, root_rows, NULL };
const struct proc_entry proc_task_entry = { NULL, PK_DIR, 0555, NULL, task_rows, NULL };
static const struct proc_entry host_entry = { NULL, PK_HOST, 0, NULL, NULL, NULL };

static int is_number(const char *s)
{
	if (!*s || *s == '0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

const struct proc_entry *proc_lookup(const struct proc_entry *dir, const char *name)
{
	if (dir->kind == PK_HOST)
		return &host_entry;
	if (dir->kind != PK_DIR && dir->kind != PK_TASKS)
		return NULL;
	for (const struct proc_entry *e = dir->children; e && e->name; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	if (dir->kind == PK_TASKS && is_number(name))
		return &proc_task_entry;
	if (dir == &proc_task_entry)
		return &host_entry;
	return NULL;
}

void proc_link_target(const struct proc_entry *e, int pid, int tid, char *out, size_t outlen)
{
	size_t o = 0;
	out[0] = '\0';
	for (const char *s = e->link; *s && o + 1 < outlen; s++) {
		if (s[0] == '%' && (s[1] == 'p' || s[1] == 't')) {
			int n = snprintf(out + o, outlen - o, "%d", s[1] == 'p' ? pid : tid);
			if (n < 0 || (size_t)n >= outlen - o)
				break;
			o += (size_t)n;
			s++;
		} else {
			out[o++] = *s;
			out[o] = '\0';
		}
	}
}
