/* Generators: pure functions from the model to the bytes of one /proc file. */
#ifndef VENEER_PROC_GEN_H
#define VENEER_PROC_GEN_H

#include "../buf.h"
#include "../model.h"
#include "../sandbox.h"

struct vn_events;

/* Who is reading: per-task files depend on it. pid/tid as the reader sees
 * them. sb: the sandbox's live figures, for the system files (NULL: none,
 * as if nothing ran and no time had passed). */
struct proc_ctx {
	int pid;
	int tid;
	const struct vn_sandbox *sb;
	int arg;      /* the entry's row (sysctls: which value) */
	int dev;      /* under net/ipv{4,6}/conf: the link's ifindex or DEVCONF_ALL/_DEFAULT */
	int *err;     /* a generator may set it: the read fails with -*err (EIO ...) */
	struct vn_events *ev;   /* a write's changes are reported here (NULL: nobody listens) */
};

typedef void (*proc_gen_fn)(const struct vn_model *m, const struct proc_ctx *ctx,
			    struct buf *out);
/* A write of len bytes at file position pos to a writable file: changes
 * the model; returns the bytes consumed or -errno. */
typedef int64_t (*proc_put_fn)(struct vn_model *m, const struct proc_ctx *ctx,
			       const char *buf, size_t len, int64_t pos);

void gen_net_arp(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_dev(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_route(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_if_inet6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_ipv6_route(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_rt6_stats(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_anycast6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
/* net_fib_trie.c: the IPv4 tries (fib4_trie.c) */
void gen_net_fib_trie(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_fib_triestat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
/* net_rt_cache.c */
void gen_net_rt_cache(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_stat_rt_cache(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_rt_acct(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);

/* net_sock.c, net_stats.c, net_mcast.c: the socket table and counters */
void gen_net_tcp(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_tcp6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_udp(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_udp6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_udplite(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_udplite6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_raw(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_raw6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_icmp(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_icmp6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_unix(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_sockstat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_sockstat6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_snmp(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_snmp6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_netstat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_protocols(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_psched(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_ptype(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_softnet_stat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_netlink(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_packet(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_igmp(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_igmp6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_dev_mcast(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_mcfilter(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_mcfilter6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_ip6_flowlabel(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
/* ctx->dev: the link's ifindex */
void gen_net_dev_snmp6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_xfrm_stat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
/* Whether g renders the socket table (the supervisor refreshes it first). */
bool proc_gen_uses_sockets(proc_gen_fn g);


/* proc_system.c: the machine as the model declares it */
void gen_meminfo(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_cpuinfo(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_stat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_uptime(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_loadavg(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_swaps(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);

/* proc_vmstat.c: the model's memory zones (mem_zones.h), agreeing with meminfo */
void gen_vmstat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_zoneinfo(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_buddyinfo(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);

/* proc_machine.c: command line, filesystems, devices, interrupts, scheduler */
void gen_cmdline(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_filesystems(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_cgroups(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_no_block_devices(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_interrupts(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_softirqs(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_schedstat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_pressure(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);

/* proc_sys_limits.c: /proc/sys/{fs,vm,kernel} outside net (ctx->arg: a
 * sysctl_const.h row), kernel/random */
void gen_sysctl_const(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_fs_file_max(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_fs_file_nr(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_inotify_max_user_watches(const struct vn_model *m, const struct proc_ctx *ctx,
				  struct buf *out);
void gen_epoll_max_user_watches(const struct vn_model *m, const struct proc_ctx *ctx,
				struct buf *out);
void gen_vm_min_free_kbytes(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_vm_admin_reserve_kbytes(const struct vn_model *m, const struct proc_ctx *ctx,
				 struct buf *out);
void gen_vm_user_reserve_kbytes(const struct vn_model *m, const struct proc_ctx *ctx,
				struct buf *out);
void gen_fanotify_max_marks(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_user_max_namespaces(const struct vn_model *m, const struct proc_ctx *ctx,
			     struct buf *out);
void gen_random_boot_id(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_random_uuid(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);

/* proc_sys_boot.c: set at boot by the command line, the CPUs; the sandbox */
void gen_sys_panic(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_printk(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_watchdog_cpumask(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_core_rps_default_mask(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_ns_last_pid(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);

/* proc_sys_net_limits.c: net.ipv4 sized from memory */
void gen_tcp_ehash_entries(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_udp_hash_entries(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_tcp_max_tw_buckets(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_tcp_max_syn_backlog(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_tcp_rmem(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_tcp_wmem(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);

/* proc_sys.c */
void gen_sys_hostname(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_domainname(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_osrelease(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_ostype(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_version(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_version(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_pid_max(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_threads_max(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
int64_t put_sys_hostname(struct vn_model *m, const struct proc_ctx *ctx, const char *buf,
			 size_t len, int64_t pos);
int64_t put_sys_domainname(struct vn_model *m, const struct proc_ctx *ctx, const char *buf,
			   size_t len, int64_t pos);

/* proc_sysctl.c: /proc/sys/net (sysctl_net.h rows by ctx->arg; devconf.h
 * rows by ctx->arg of link ctx->dev; ip_forward is conf/all/forwarding) */
void gen_sysctl_net(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_conf4(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_conf6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_ip_forward(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
int64_t put_sysctl_net(struct vn_model *m, const struct proc_ctx *ctx, const char *buf,
		       size_t len, int64_t pos);
int64_t put_conf4(struct vn_model *m, const struct proc_ctx *ctx, const char *buf,
		  size_t len, int64_t pos);
int64_t put_conf6(struct vn_model *m, const struct proc_ctx *ctx, const char *buf,
		  size_t len, int64_t pos);
int64_t put_ip_forward(struct vn_model *m, const struct proc_ctx *ctx, const char *buf,
		       size_t len, int64_t pos);

#endif
