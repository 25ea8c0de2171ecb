/* The /proc tree as tables. See proc_tree.h for the kinds. */
#include "proc_tree.h"

#include <linux/capability.h>
#include <stdio.h>
#include <string.h>

#include "../devconf.h"
#include "../sysctl_net.h"
#include "sysctl_const.h"

#define END { .name = NULL }
#define FILE_(n, g) { .name = n, .kind = PK_FILE, .mode = 0444, .gen = g }
/* a generic procfs directory (proc_mkdir) */
#define DIR_(n, c) { .name = n, .kind = PK_DIR, .mode = 0555, .children = c, .order = PO_PDE }
/* a directory of /proc/sys */
#define SYSDIR_(n, c) { .name = n, .kind = PK_DIR, .mode = 0555, .children = c, .order = PO_SYSCTL }
#define LINK(n, t) { .name = n, .kind = PK_LINK, .mode = 0777, .link = t }
/* rendered with the sandbox's live figures */
#define LIVE_(n, g) { .name = n, .kind = PK_FILE, .mode = 0444, .gen = g, .live = true }
/* a file only a kernel built with option k (VN_K_*) has */
#define OPT_FILE(n, g, k) { .name = n, .kind = PK_FILE, .mode = 0444, .gen = g, .needs = k }

/* /proc/net/stat: the per-CPU counters of the fresh namespace's tables
 * (arp_cache and ndisc_cache are init_net's only; nf_conntrack and
 * synproxy come with their modules) */
static const struct proc_entry net_stat_rows[] = {
	FILE_("rt_cache", gen_net_stat_rt_cache),
	END
};

/* one file per link (snmp6_register_dev) */
static const struct proc_entry net_dev_snmp6[] = { FILE_(NULL, gen_net_dev_snmp6) };

/* /proc/net of a namespace that is not the initial one, without the
 * files of modules (netfilter's: docs/design.md) */
static const struct proc_entry net_rows[] = {
	FILE_("anycast6", gen_net_anycast6),
	FILE_("arp", gen_net_arp),
	FILE_("dev", gen_net_dev),
	FILE_("dev_mcast", gen_net_dev_mcast),
	{ .name = "dev_snmp6", .kind = PK_DEVS, .mode = 0555, .children = net_dev_snmp6,
	  .order = PO_PDE, .arg = PROC_DEVS_LINKS },
	FILE_("fib_trie", gen_net_fib_trie),
	FILE_("fib_triestat", gen_net_fib_triestat),
	FILE_("icmp", gen_net_icmp),
	FILE_("icmp6", gen_net_icmp6),
	FILE_("if_inet6", gen_net_if_inet6),
	FILE_("igmp", gen_net_igmp),
	FILE_("igmp6", gen_net_igmp6),
	FILE_("ip6_flowlabel", gen_net_ip6_flowlabel),
	FILE_("ipv6_route", gen_net_ipv6_route),
	FILE_("mcfilter", gen_net_mcfilter),
	FILE_("mcfilter6", gen_net_mcfilter6),
	FILE_("netlink", gen_net_netlink),
	FILE_("netstat", gen_net_netstat),
	FILE_("packet", gen_net_packet),
	FILE_("protocols", gen_net_protocols),
	FILE_("psched", gen_net_psched),
	FILE_("ptype", gen_net_ptype),
	FILE_("raw", gen_net_raw),
	FILE_("raw6", gen_net_raw6),
	FILE_("route", gen_net_route),
	FILE_("rt6_stats", gen_net_rt6_stats),
	OPT_FILE("rt_acct", gen_net_rt_acct, VN_K_IP_ROUTE_CLASSID),
	FILE_("rt_cache", gen_net_rt_cache),
	FILE_("snmp", gen_net_snmp),
	FILE_("snmp6", gen_net_snmp6),
	FILE_("sockstat", gen_net_sockstat),
	FILE_("sockstat6", gen_net_sockstat6),
	FILE_("softnet_stat", gen_net_softnet_stat),
	DIR_("stat", net_stat_rows),
	FILE_("tcp", gen_net_tcp),
	FILE_("tcp6", gen_net_tcp6),
	FILE_("udp", gen_net_udp),
	FILE_("udp6", gen_net_udp6),
	FILE_("udplite", gen_net_udplite),
	FILE_("udplite6", gen_net_udplite6),
	FILE_("unix", gen_net_unix),
	OPT_FILE("xfrm_stat", gen_net_xfrm_stat, VN_K_XFRM_STATISTICS),
	END
};

static const struct proc_entry task_list_rows[] = { END };

/* What the model serves of a task's directory; the rest is the task's own
 * (PK_HOST), listed in the order of base.c's tables (PO_TGID, PO_TID). */
static const struct proc_entry task_rows[] = {
	DIR_("net", net_rows),
	{ .name = "task", .kind = PK_TASKS, .mode = 0555, .children = task_list_rows },
	END
};
static const struct proc_entry tid_rows[] = {
	DIR_("net", net_rows),
	END
};

/* A sysctl the model's capability `c` may write. */
#define SYSCTL_(n, m, g, p, c, a) { .name = n, .kind = PK_FILE, .mode = m, .gen = g, .put = p, \
				    .cap = c, .arg = a }

/* A read-only file of mode m (a sysctl the model does not change). */
#define RO_(n, m, g) { .name = n, .kind = PK_FILE, .mode = m, .gen = g }
/* A constant of sysctl_const.h. */
#define CONST_ROW(id, n, m, text) { .name = n, .kind = PK_FILE, .mode = m, .gen = gen_sysctl_const, \
				    .arg = SC_##id },

static const struct proc_entry sys_kernel_random_rows[] = {
	RO_("boot_id", 0444, gen_random_boot_id),
	RO_("uuid", 0444, gen_random_uuid),
	SYSCTL_RANDOM_CONSTS(CONST_ROW)
	END
};

static const struct proc_entry sys_kernel_keys_rows[] = { SYSCTL_KEYS_CONSTS(CONST_ROW) END };
static const struct proc_entry sys_kernel_pty_rows[] = { SYSCTL_PTY_CONSTS(CONST_ROW) END };
static const struct proc_entry sys_kernel_seccomp_rows[] = { SYSCTL_SECCOMP_CONSTS(CONST_ROW) END };
static const struct proc_entry sys_kernel_umh_rows[] = { SYSCTL_UMH_CONSTS(CONST_ROW) END };
static const struct proc_entry sys_kernel_fw_rows[] = { SYSCTL_FIRMWARE_CONSTS(CONST_ROW) END };

static const struct proc_entry sys_kernel_rows[] = {
	SYSCTL_("domainname", 0644, gen_sys_domainname, put_sys_domainname, CAP_SYS_ADMIN, 0),
	SYSCTL_("hostname", 0644, gen_sys_hostname, put_sys_hostname, CAP_SYS_ADMIN, 0),
	FILE_("osrelease", gen_sys_osrelease),
	FILE_("ostype", gen_sys_ostype),
	FILE_("version", gen_sys_version),
	RO_("pid_max", 0644, gen_sys_pid_max),
	RO_("threads-max", 0644, gen_sys_threads_max),
	RO_("panic", 0644, gen_sys_panic),
	RO_("printk", 0644, gen_sys_printk),
	RO_("watchdog_cpumask", 0644, gen_sys_watchdog_cpumask),
	{ .name = "ns_last_pid", .kind = PK_FILE, .mode = 0666, .gen = gen_sys_ns_last_pid, .live = true },
	SYSDIR_("firmware_config", sys_kernel_fw_rows),
	SYSDIR_("keys", sys_kernel_keys_rows),
	SYSDIR_("pty", sys_kernel_pty_rows),
	SYSDIR_("random", sys_kernel_random_rows),
	SYSDIR_("seccomp", sys_kernel_seccomp_rows),
	SYSDIR_("usermodehelper", sys_kernel_umh_rows),
	SYSCTL_KERNEL_CONSTS(CONST_ROW)
	SYSCTL_KERNEL_SETTINGS(CONST_ROW)
	END
};

/* /proc/sys/net: the model's settings (sysctl_net.h, devconf.h). Listings
 * of /proc/sys are sorted by name (PO_SYSCTL), so rows need no order here. */
#define CORE_ROW(n, m, ...) SYSCTL_(#n, m, gen_sysctl_net, put_sysctl_net, CAP_NET_ADMIN, SN_core_##n),
#define IPV4_ROW(n, m, ...) SYSCTL_(#n, m, gen_sysctl_net, put_sysctl_net, CAP_NET_ADMIN, SN_ipv4_##n),
#define IPV6_ROW(n, m, ...) SYSCTL_(#n, m, gen_sysctl_net, put_sysctl_net, CAP_NET_ADMIN, SN_ipv6_##n),
#define CONF4_ROW(n, m) SYSCTL_(#n, m, gen_conf4, put_conf4, CAP_NET_ADMIN, DC4_##n),
#define CONF6_ROW(n, m) SYSCTL_(#n, m, gen_conf6, put_conf6, CAP_NET_ADMIN, DC6_##n),

static const struct proc_entry conf4_rows[] = { DEVCONF4_ROWS(CONF4_ROW) END };
/* Every IPv6 row, indexed by DC6_*; conf6_rows are those the served kernel
 * has (proc_tree_set_kconfig), all of them until a model says otherwise. */
static const struct proc_entry conf6_every[] = { DEVCONF6_ROWS(CONF6_ROW) END };
static struct proc_entry conf6_rows[DC6_N + 1] = { DEVCONF6_ROWS(CONF6_ROW) END };
static const struct proc_entry conf4_dev[] = { SYSDIR_("dev", conf4_rows) };
static const struct proc_entry conf6_dev[] = { SYSDIR_("dev", conf6_rows) };

/* neigh/<link>: a table per link, no "default" in a new namespace */
static const struct proc_entry neigh4_rows[] = { SYSCTL_NEIGH4_CONSTS(CONST_ROW) END };
static const struct proc_entry neigh6_rows[] = { SYSCTL_NEIGH6_CONSTS(CONST_ROW) END };
static const struct proc_entry neigh4_dev[] = { SYSDIR_("dev", neigh4_rows) };
static const struct proc_entry neigh6_dev[] = { SYSDIR_("dev", neigh6_rows) };
#define NEIGH_DIR(c) { .name = "neigh", .kind = PK_DEVS, .mode = 0555, .children = c, \
		       .order = PO_SYSCTL, .arg = PROC_DEVS_LINKS }

static const struct proc_entry sys_net_core_rows[] = {
	RO_("rps_default_mask", 0644, gen_core_rps_default_mask),
	SYSCTL_CORE_ROWS(CORE_ROW)
	SYSCTL_CORE_CONSTS(CONST_ROW)
	END
};
static const struct proc_entry sys_net_route4_rows[] = { SYSCTL_ROUTE4_CONSTS(CONST_ROW) END };
static const struct proc_entry sys_net_ipv4_rows[] = {
	{ .name = "conf", .kind = PK_DEVS, .mode = 0555, .children = conf4_dev, .order = PO_SYSCTL,
	  .arg = PROC_DEVS_CONF },
	NEIGH_DIR(neigh4_dev),
	SYSDIR_("route", sys_net_route4_rows),
	SYSCTL_("ip_forward", 0644, gen_ip_forward, put_ip_forward, CAP_NET_ADMIN, 0),
	RO_("tcp_ehash_entries", 0444, gen_tcp_ehash_entries),
	RO_("tcp_max_syn_backlog", 0644, gen_tcp_max_syn_backlog),
	RO_("tcp_max_tw_buckets", 0644, gen_tcp_max_tw_buckets),
	RO_("tcp_rmem", 0644, gen_tcp_rmem),
	RO_("tcp_wmem", 0644, gen_tcp_wmem),
	RO_("udp_hash_entries", 0444, gen_udp_hash_entries),
	SYSCTL_IPV4_ROWS(IPV4_ROW)
	SYSCTL_IPV4_CONSTS(CONST_ROW)
	END
};
static const struct proc_entry sys_net_icmp6_rows[] = { SYSCTL_ICMP6_CONSTS(CONST_ROW) END };
static const struct proc_entry sys_net_route6_rows[] = { SYSCTL_ROUTE6_CONSTS(CONST_ROW) END };
static const struct proc_entry sys_net_ipv6_rows[] = {
	{ .name = "conf", .kind = PK_DEVS, .mode = 0555, .children = conf6_dev, .order = PO_SYSCTL,
	  .arg = PROC_DEVS_CONF },
	SYSDIR_("icmp", sys_net_icmp6_rows),
	NEIGH_DIR(neigh6_dev),
	SYSDIR_("route", sys_net_route6_rows),
	SYSCTL_IPV6_ROWS(IPV6_ROW)
	SYSCTL_IPV6_CONSTS(CONST_ROW)
	END
};
/* CONFIG_MPTCP */
#define MPTCP_ROW(id, n, m, text) { .name = n, .kind = PK_FILE, .mode = m, .gen = gen_sysctl_const, \
				    .arg = SC_##id, .needs = VN_K_MPTCP },
static const struct proc_entry sys_net_mptcp_rows[] = { SYSCTL_MPTCP_CONSTS(MPTCP_ROW) END };
static const struct proc_entry sys_net_unix_rows[] = { SYSCTL_UNIX_CONSTS(CONST_ROW) END };
static const struct proc_entry sys_net_rows[] = {
	SYSDIR_("core", sys_net_core_rows),
	SYSDIR_("ipv4", sys_net_ipv4_rows),
	SYSDIR_("ipv6", sys_net_ipv6_rows),
	{ .name = "mptcp", .kind = PK_DIR, .mode = 0555, .children = sys_net_mptcp_rows,
	  .order = PO_SYSCTL, .needs = VN_K_MPTCP },
	SYSDIR_("unix", sys_net_unix_rows),
	END
};

/* /proc/sys/vm and fs: a fresh boot of a machine with the model's memory
 * (proc_sys_limits.c) */
static const struct proc_entry sys_vm_rows[] = {
	RO_("admin_reserve_kbytes", 0644, gen_vm_admin_reserve_kbytes),
	RO_("min_free_kbytes", 0644, gen_vm_min_free_kbytes),
	RO_("user_reserve_kbytes", 0644, gen_vm_user_reserve_kbytes),
	SYSCTL_VM_CONSTS(CONST_ROW)
	END
};

static const struct proc_entry sys_fs_epoll_rows[] = {
	RO_("max_user_watches", 0644, gen_epoll_max_user_watches),
	END
};

static const struct proc_entry sys_fs_inotify_rows[] = {
	RO_("max_user_watches", 0644, gen_inotify_max_user_watches),
	SYSCTL_INOTIFY_CONSTS(CONST_ROW)
	END
};

static const struct proc_entry sys_fs_mqueue_rows[] = { SYSCTL_MQUEUE_CONSTS(CONST_ROW) END };

static const struct proc_entry sys_fs_fanotify_rows[] = {
	RO_("max_user_marks", 0644, gen_fanotify_max_marks),
	SYSCTL_FANOTIFY_CONSTS(CONST_ROW)
	END
};
static const struct proc_entry sys_fs_fuse_rows[] = { SYSCTL_FUSE_CONSTS(CONST_ROW) END };
static const struct proc_entry sys_fs_quota_rows[] = { SYSCTL_QUOTA_CONSTS(CONST_ROW) END };
static const struct proc_entry sys_fs_xfs_rows[] = { SYSCTL_XFS_CONSTS(CONST_ROW) END };

static const struct proc_entry sys_fs_rows[] = {
	SYSDIR_("epoll", sys_fs_epoll_rows),
	SYSDIR_("fanotify", sys_fs_fanotify_rows),
	SYSDIR_("fuse", sys_fs_fuse_rows),
	SYSDIR_("quota", sys_fs_quota_rows),
	SYSDIR_("xfs", sys_fs_xfs_rows),
	RO_("file-max", 0644, gen_fs_file_max),
	RO_("file-nr", 0444, gen_fs_file_nr),
	SYSDIR_("inotify", sys_fs_inotify_rows),
	SYSDIR_("mqueue", sys_fs_mqueue_rows),
	SYSCTL_FS_CONSTS(CONST_ROW)
	END
};

/* /proc/sys/user (kernel/ucount.c): the initial user namespace's limits */
#define USER_NS_ROW(n) RO_("max_" #n "_namespaces", 0644, gen_user_max_namespaces),
static const struct proc_entry sys_user_rows[] = {
	USER_NS_ROW(cgroup) USER_NS_ROW(ipc) USER_NS_ROW(mnt) USER_NS_ROW(net) USER_NS_ROW(pid)
	USER_NS_ROW(time) USER_NS_ROW(user) USER_NS_ROW(uts)
	RO_("max_fanotify_marks", 0644, gen_fanotify_max_marks),
	RO_("max_inotify_watches", 0644, gen_inotify_max_user_watches),
	SYSCTL_USER_CONSTS(CONST_ROW)
	END
};

static const struct proc_entry sys_abi_rows[] = { SYSCTL_ABI_CONSTS(CONST_ROW) END };
static const struct proc_entry sys_debug_rows[] = { SYSCTL_DEBUG_CONSTS(CONST_ROW) END };
static const struct proc_entry sys_dev_tty_rows[] = { SYSCTL_TTY_CONSTS(CONST_ROW) END };
static const struct proc_entry sys_dev_rows[] = { SYSDIR_("tty", sys_dev_tty_rows), END };

static const struct proc_entry sys_rows[] = {
	SYSDIR_("abi", sys_abi_rows),
	SYSDIR_("debug", sys_debug_rows),
	SYSDIR_("dev", sys_dev_rows),
	SYSDIR_("fs", sys_fs_rows),
	SYSDIR_("kernel", sys_kernel_rows),
	SYSDIR_("net", sys_net_rows),
	SYSDIR_("user", sys_user_rows),
	SYSDIR_("vm", sys_vm_rows),
	END
};

/* psi files take triggers when written (not served: a write open is
 * EACCES) */
static const struct proc_entry pressure_rows[] = {
	RO_("cpu", 0666, gen_pressure),
	RO_("io", 0666, gen_pressure),
	RO_("memory", 0666, gen_pressure),
	END
};

/* The machine is the model's (CPUs, memory, age: proc_system.c,
 * proc_vmstat.c, proc_machine.c); nothing here is the host's. */
static const struct proc_entry root_rows[] = {
	LIVE_("buddyinfo", gen_buddyinfo),
	FILE_("cgroups", gen_cgroups),
	FILE_("cmdline", gen_cmdline),
	LIVE_("cpuinfo", gen_cpuinfo),
	FILE_("diskstats", gen_no_block_devices),
	FILE_("filesystems", gen_filesystems),
	FILE_("interrupts", gen_interrupts),
	LIVE_("loadavg", gen_loadavg),
	LIVE_("meminfo", gen_meminfo),
	LINK("mounts", "self/mounts"),
	LINK("net", "self/net"),
	FILE_("partitions", gen_no_block_devices),
	DIR_("pressure", pressure_rows),
	{ .name = "schedstat", .kind = PK_FILE, .mode = 0444, .gen = gen_schedstat, .live = true,
	  .needs = VN_K_SCHEDSTATS },   /* CONFIG_SCHEDSTATS */
	LINK("self", "%p"),
	FILE_("softirqs", gen_softirqs),
	LIVE_("stat", gen_stat),
	FILE_("swaps", gen_swaps),
	SYSDIR_("sys", sys_rows),
	LINK("thread-self", "%p/task/%t"),
	LIVE_("uptime", gen_uptime),
	FILE_("version", gen_version),
	LIVE_("vmstat", gen_vmstat),
	LIVE_("zoneinfo", gen_zoneinfo),
	END
};

/* The build options of the kernel served (proc_tree_set_kconfig). */
static uint32_t tree_kconfig = VN_K_ALL;

bool proc_row_present(const struct proc_entry *e)
{
	return (e->needs & ~tree_kconfig) == 0;
}

void proc_tree_set_kconfig(uint32_t kconfig)
{
	tree_kconfig = kconfig;
	size_t n = 0;
	for (int r = 0; r < DC6_N; r++)
		if (devconf6_in(kconfig, r))
			conf6_rows[n++] = conf6_every[r];
	conf6_rows[n] = (struct proc_entry)END;
}

const struct proc_entry proc_root_entry = { .name = "proc", .kind = PK_TASKS, .mode = 0555,
					     .children = root_rows, .order = PO_ROOT };
const struct proc_entry proc_task_entry = { .kind = PK_DIR, .mode = 0555, .children = task_rows,
					     .order = PO_TGID };
const struct proc_entry proc_tid_entry = { .kind = PK_DIR, .mode = 0555, .children = tid_rows,
					    .order = PO_TID };
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
	if (dir->kind == PK_DEVS)   /* any name here: the resolver checks it */
		return &dir->children[0];
	if (dir->kind != PK_DIR && dir->kind != PK_TASKS)
		return NULL;
	for (const struct proc_entry *e = dir->children; e && e->name; e++)
		if (strcmp(e->name, name) == 0)
			return proc_row_present(e) ? e : NULL;
	if (dir->kind == PK_TASKS && is_number(name))
		return dir == &proc_root_entry ? &proc_task_entry : &proc_tid_entry;
	if (proc_is_task_dir(dir))
		return &host_entry;
	return NULL;
}

int proc_devs_dev(const struct proc_entry *dir, const struct vn_model *m, const char *name)
{
	if (dir->arg == PROC_DEVS_CONF && strcmp(name, "all") == 0)
		return DEVCONF_ALL;
	if (dir->arg == PROC_DEVS_CONF && strcmp(name, "default") == 0)
		return DEVCONF_DEFAULT;
	const struct vn_link *l = vn_link_by_name(m, name);
	return l ? l->ifindex : 0;
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
