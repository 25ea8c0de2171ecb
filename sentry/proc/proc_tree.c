/* The /proc tree as tables. See proc_tree.h for the kinds. */
#include "proc_tree.h"

#include <stdio.h>
#include <string.h>

#define END { .name = NULL }
#define FILE_(n, g) { .name = n, .kind = PK_FILE, .mode = 0444, .gen = g }
#define SYSTEM(n) { .name = n, .kind = PK_SYSTEM, .mode = 0444 }
#define DIR_(n, c) { .name = n, .kind = PK_DIR, .mode = 0555, .children = c }
#define LINK(n, t) { .name = n, .kind = PK_LINK, .mode = 0777, .link = t }
/* rendered with the sandbox's live figures */
#define LIVE_(n, g) { .name = n, .kind = PK_FILE, .mode = 0444, .gen = g, .live = true }

static const struct proc_entry net_rows[] = {
	FILE_("arp", gen_net_arp),
	FILE_("dev", gen_net_dev),
	FILE_("dev_mcast", gen_net_dev_mcast),
	FILE_("icmp", gen_net_icmp),
	FILE_("icmp6", gen_net_icmp6),
	FILE_("if_inet6", gen_net_if_inet6),
	FILE_("igmp", gen_net_igmp),
	FILE_("igmp6", gen_net_igmp6),
	FILE_("ipv6_route", gen_net_ipv6_route),
	FILE_("netlink", gen_net_netlink),
	FILE_("netstat", gen_net_netstat),
	FILE_("packet", gen_net_packet),
	FILE_("protocols", gen_net_protocols),
	FILE_("psched", gen_net_psched),
	FILE_("ptype", gen_net_ptype),
	FILE_("raw", gen_net_raw),
	FILE_("raw6", gen_net_raw6),
	FILE_("route", gen_net_route),
	FILE_("snmp", gen_net_snmp),
	FILE_("snmp6", gen_net_snmp6),
	FILE_("sockstat", gen_net_sockstat),
	FILE_("sockstat6", gen_net_sockstat6),
	FILE_("softnet_stat", gen_net_softnet_stat),
	FILE_("tcp", gen_net_tcp),
	FILE_("tcp6", gen_net_tcp6),
	FILE_("udp", gen_net_udp),
	FILE_("udp6", gen_net_udp6),
	FILE_("udplite", gen_net_udplite),
	FILE_("udplite6", gen_net_udplite6),
	FILE_("unix", gen_net_unix),
	END
};

static const struct proc_entry task_list_rows[] = { END };

static const struct proc_entry task_rows[] = {
	DIR_("net", net_rows),
	{ .name = "task", .kind = PK_TASKS, .mode = 0555, .children = task_list_rows },
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

/* The machine is the model's (CPUs, memory, age: proc_system.c); the few
 * system files it does not describe are the host's (SYSTEM). */
static const struct proc_entry root_rows[] = {
	SYSTEM("cmdline"),
	LIVE_("cpuinfo", gen_cpuinfo),
	SYSTEM("filesystems"),
	LIVE_("loadavg", gen_loadavg),
	LIVE_("meminfo", gen_meminfo),
	LINK("mounts", "self/mounts"),
	LINK("net", "self/net"),
	LINK("self", "%p"),
	LIVE_("stat", gen_stat),
	FILE_("swaps", gen_swaps),
	DIR_("sys", sys_rows),
	LINK("thread-self", "%p/task/%t"),
	LIVE_("uptime", gen_uptime),
	FILE_("version", gen_version),
	SYSTEM("vmstat"),
	END
};

const struct proc_entry proc_root_entry = { .name = "proc", .kind = PK_TASKS, .mode = 0555,
					     .children = root_rows };
const struct proc_entry proc_task_entry = { .kind = PK_DIR, .mode = 0555, .children = task_rows };
static const struct proc_entry host_entry = { .kind = PK_HOST };

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
