/* The kernel model: the state veneer serves instead of the host's.
 *
 * Plain data, owned by one struct vn_model. Everything that renders it
 * (proc generators, netlink handlers) takes a const pointer; everything that
 * changes it goes through the functions at the bottom, which keep the
 * derived state (kernel routes) as Linux keeps it.
 *
 * Addresses are stored in network byte order, 16 bytes for both families
 * (IPv4 uses the first 4). Link-layer addresses are up to VN_MAX_ADDR_LEN.
 */
#ifndef VENEER_MODEL_H
#define VENEER_MODEL_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sock_model.h"

struct vn_tc;
struct vn_br;

/* linux/if.h's flags beyond what <net/if.h> defines (the two clash). */
#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#define IFF_DORMANT 0x20000
#define IFF_ECHO 0x40000
#endif

#define VN_MAX_ADDR_LEN 32
#define VN_LINKINFO_MAX 48        /* rows of a kind's table (linkinfo.h) */
#define VN_INFINITY_LIFE 0xFFFFFFFFu
#define VN_CMDLINE_MAX 4096       /* the longest kernel command line the model keeps, with its NUL */

/* Counters as struct rtnl_link_stats64 orders them (the subset veneer keeps;
 * the rest are zero, as on a fresh interface). */
struct vn_link_stats {
	uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
	uint64_t rx_errors, tx_errors, rx_dropped, tx_dropped;
	uint64_t multicast, collisions;
	uint64_t rx_length_errors, rx_over_errors, rx_crc_errors;
	uint64_t rx_frame_errors, rx_fifo_errors, rx_missed_errors;
	uint64_t tx_aborted_errors, tx_carrier_errors, tx_fifo_errors;
	uint64_t tx_heartbeat_errors, tx_window_errors;
	uint64_t rx_compressed, tx_compressed, rx_nohandler;
};

struct vn_link {
	int ifindex;
	char name[IFNAMSIZ];
	unsigned int flags;       /* ifi_flags as RTM_NEWLINK reports them (IFF_*, incl. LOWER_UP) */
	unsigned short type;      /* ARPHRD_* */
	unsigned int mtu, min_mtu, max_mtu;
	unsigned int txqlen;
	unsigned int group;
	unsigned int promiscuity, allmulti;
	unsigned int num_tx_queues, num_rx_queues;
	unsigned int gso_max_size, gso_max_segs, gro_max_size;
	unsigned int tso_max_size, tso_max_segs;
	unsigned int gso_ipv4_max_size, gro_ipv4_max_size;
	unsigned int carrier_changes, carrier_up_count, carrier_down_count;
	uint8_t operstate;        /* IF_OPER_* */
	uint8_t linkmode;
	uint8_t addr_gen_mode;    /* IN6_ADDR_GEN_MODE_* */
	char qdisc[32];
	char kind[16];            /* IFLA_INFO_KIND: "veth", "bridge", "tun", "dummy", ... or "" */
	char slave_kind[16];      /* IFLA_INFO_SLAVE_KIND: the master's kind, or "" */
	/* IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA values, one per row of the
	 * kind's table (linkinfo.h); unused when the kind has no table */
	uint64_t info[VN_LINKINFO_MAX];
	uint64_t slave_info[VN_LINKINFO_MAX];
	int link;                 /* IFLA_LINK (veth peer ifindex), 0 = none */
	int link_netnsid;         /* IFLA_LINK_NETNSID, -1 = none */
	int master;               /* IFLA_MASTER ifindex, 0 = none */
	unsigned int addr_len;
	uint8_t addr[VN_MAX_ADDR_LEN];
	uint8_t broadcast[VN_MAX_ADDR_LEN];
	bool has_perm_addr;
	/* went down after it was up: its multicast groups were unloaded
	 * from the device and load again, IPv4's first, at the next up
	 * (mcast.h) */
	bool mc_reloaded;
	uint8_t perm_addr[VN_MAX_ADDR_LEN];
	struct vn_link_stats stats;
};

struct vn_addr {
	int ifindex;
	uint8_t family;           /* AF_INET / AF_INET6 */
	uint8_t prefixlen;
	uint8_t scope;            /* RT_SCOPE_* */
	uint32_t flags;           /* IFA_F_* (all 32 bits, as IFA_FLAGS) */
	uint8_t local[16];        /* IFA_LOCAL (v4) / IFA_ADDRESS (v6) */
	uint8_t peer[16];         /* IFA_ADDRESS when a peer is set (v4 ptp); else == local */
	bool has_peer;
	bool has_broadcast;
	uint8_t broadcast[4];
	char label[IFNAMSIZ];     /* v4 only; "" means the link name */
	uint32_t valid_lft, preferred_lft;   /* seconds or VN_INFINITY_LIFE */
	uint32_t cstamp, tstamp;  /* hundredths of a second since boot (IFA_CACHEINFO) */
	uint8_t proto;            /* IFA_PROTO, 0 = unset */
};

struct vn_route {
	uint8_t family;
	uint8_t dst_len, src_len;
	uint8_t tos;
	uint8_t protocol;         /* RTPROT_* */
	uint8_t scope;            /* RT_SCOPE_* */
	uint8_t type;             /* RTN_* */
	uint32_t table;           /* RT_TABLE_* or any id */
	uint32_t flags;           /* rtm_flags (RTNH_F_*) */
	uint8_t dst[16], src[16], prefsrc[16], gateway[16];
	bool has_prefsrc, has_gateway;
	int oif;                  /* 0 = none (blackhole, unreachable ...) */
	uint32_t priority;        /* RTA_PRIORITY (metric) */
	bool has_priority;
	uint8_t pref;             /* RTA_PREF (v6): ICMPV6_ROUTER_PREF_* */
	uint32_t mtu;             /* RTAX_MTU, 0 = unset */
	bool derived;             /* made by the model from an address, like the kernel */
	uint32_t nhid;            /* RTA_NH_ID: a nexthop object (model_nexthop.h), 0 = none;
				   oif/gateway then hold its first path */
	uint32_t mp_off, mp_n;    /* an IPv4 multipath route's paths: m->mp_hops[mp_off..+mp_n]
				   (mp_n 0: one path, oif/gateway; else they hold the first) */
	uint8_t hops;             /* rtnh_hops (weight - 1) of an IPv6 multipath sibling */
	uint32_t seq;             /* insertion order: the tie-break of the dump order, since
				   Linux keeps equal routes in the order they were added */
};

struct vn_neigh {
	int ifindex;
	uint8_t family;
	uint8_t dst[16];
	unsigned int lladdr_len;  /* 0 = no NDA_LLADDR */
	uint8_t lladdr[VN_MAX_ADDR_LEN];
	uint16_t state;           /* NUD_* */
	uint8_t flags;            /* NTF_* */
	uint8_t type;             /* RTN_* (RTN_UNICAST) */
	uint32_t probes;
	bool router;
	/* when it was last used, confirmed and updated, in hundredths of a
	 * second of the model's clock (m->now_cs; a scenario's entries are
	 * older than its start: negative) */
	int64_t used_at, confirmed_at, updated_at;
};

struct vn_rule {
	uint8_t family;
	uint8_t action;           /* FR_ACT_* */
	uint32_t priority;
	uint32_t table;
	uint8_t src_len, dst_len;
	uint8_t src[16], dst[16];
	uint8_t protocol;
	uint32_t suppress_prefixlen;   /* 0xffffffff = unset */
	uint32_t fwmark, fwmask;       /* FRA_FWMARK, FRA_FWMASK: matches (mark ^ fwmark) & fwmask == 0 */
	uint32_t flags;                /* FIB_RULE_INVERT ("not") */
};

/* Build options of the kernel the model is (its CONFIG_*), one bit each. A
 * kernel built without one has none of what the option compiles in, so the
 * model shows none of it: sysctl rows, netlink attributes. The embedded
 * default model has them all, as a distribution kernel does; a snapshot
 * says which the captured kernel has ("kernel" in docs/scenario.md). */
enum vn_kconfig {
	VN_K_IPV6_MROUTE = 1u << 0,     /* IPv6 multicast routing: mc_forwarding */
	VN_K_IPV6_SEG6_HMAC = 1u << 1,  /* SRv6 HMAC: seg6_require_hmac */
	VN_K_IP_ROUTE_CLASSID = 1u << 2,   /* route realms: /proc/net/rt_acct */
	VN_K_XFRM_STATISTICS = 1u << 3,    /* /proc/net/xfrm_stat */
	VN_K_SCHEDSTATS = 1u << 4,         /* /proc/schedstat */
	VN_K_MPTCP = 1u << 5,              /* Multipath TCP: /proc/sys/net/mptcp */
	VN_K_CLS_U32_PERF = 1u << 6,       /* u32 filters count hits: TCA_U32_PCNT */
	VN_K_CLS_U32_MARK = 1u << 7,       /* u32 filters match marks: TCA_U32_MARK */
};
#define VN_K_ALL (VN_K_IPV6_MROUTE | VN_K_IPV6_SEG6_HMAC | VN_K_IP_ROUTE_CLASSID | \
		  VN_K_XFRM_STATISTICS | VN_K_SCHEDSTATS | VN_K_MPTCP | VN_K_CLS_U32_PERF | \
		  VN_K_CLS_U32_MARK)

struct vn_nexthop;
struct vn_nh;

/* A name of /run/netns as the snapshot saw it, and the id the model's
 * namespace gives that namespace (RTM_GETNSID), -1: none assigned. */
struct vn_netns_name {
	char name[256];
	int32_t nsid;
};

/* The limits of the sandbox's own cgroup, which /sys/fs/cgroup shows as a
 * container's (sys/sys_cgroup.c): the scenario's "cgroup". */
#define VN_CG_MAX (-1)       /* "max": no limit */
#define VN_CG_MACHINE (-2)   /* the machine's: cpus x the period, memory_kb */
struct vn_cgroup {
	int64_t cpu_quota_us;    /* cpu.max: the quota per period, or VN_CG_* */
	uint64_t cpu_period_us;
	int64_t memory_max;      /* bytes, a multiple of the page, or VN_CG_* */
	int64_t memory_high;
	int64_t pids_max;        /* tasks, or VN_CG_MAX */
};

struct vn_model {
	char hostname[65];
	char domainname[65];
	char release[65];
	char version[65];
	int cpus;
	uint64_t memory_kb;
	uint32_t kconfig;         /* VN_K_* the kernel is built with */
	char cmdline[VN_CMDLINE_MAX];   /* /proc/cmdline, without its newline */
	uint8_t boot_id[16];      /* /proc/sys/kernel/random/boot_id */
	bool has_boot_id;         /* set by the scenario; else derived (vn_model_derive_boot_id) */
	struct vn_cgroup cgroup;

	struct vn_link *links;  size_t nlinks;     /* sorted by ifindex */
	struct vn_addr *addrs;  size_t naddrs;     /* in the kernel's per-link order */
	struct vn_route *routes; size_t nroutes;   /* scenario + derived */
	struct vn_neigh *neighs; size_t nneighs;
	struct vn_rule *rules;  size_t nrules;
	struct vn_tc *tcs;      size_t ntcs;       /* traffic control (tc/tc_model.h) */
	struct vn_br *br;         /* bridges' fdb and mdb (bridge_model.h), NULL: none */
	struct vn_nexthop *nexthops; size_t nnexthops;  /* by id (model_nexthop.h) */
	struct vn_nh *mp_hops;  size_t nmp_hops;   /* multipath routes' paths, appended only */
	uint32_t nh_last_id;      /* the last id nh_find_unused_id gave */
	struct vn_netns_name *netns; size_t nnetns;   /* /run/netns, in its listing order */
	uint64_t now_cs;          /* the model's clock: hundredths of a second since the sandbox
				   started, as of the request being answered (neighbour ages) */
	char default_qdisc[16];   /* net.core.default_qdisc: a new link's root qdisc */
	uint32_t tc_autohandle;   /* the last handle qdisc_alloc_handle gave, 0: none yet */
	uint64_t tc_absent;       /* tc kinds the kernel is built without (tc_module_bit) */
	uint32_t route_seq;       /* next vn_route.seq */
	struct vn_socket *socks; size_t nsocks;   /* scenario first, then live (sock_model.h) */
	size_t nscenario_socks;
	struct vn_sysctl_state *sysctl;  /* written sysctls (model_sysctl.c); NULL: all as new */
	uint64_t link_changes;    /* one more at each RTM_NEWLINK/DELLINK reported (model_change.h):
				   what a copy rendered from the links (the /sys cover) compares */
};

void vn_model_init(struct vn_model *m);     /* empty model, default facts */
void vn_model_free(struct vn_model *m);

/* A boot id for a model whose scenario names none: a version 4 UUID hashed
 * from the machine's facts (host name, kernel, command line, CPUs, memory),
 * so that the same scenario shows the same boot id on every run. */
void vn_model_derive_boot_id(struct vn_model *m);

/* Lookups; NULL when absent. */
const struct vn_link *vn_link_by_index(const struct vn_model *m, int ifindex);
const struct vn_link *vn_link_by_name(const struct vn_model *m, const char *name);

/* Adding state. Each copies its argument. vn_model_add_link keeps links
 * sorted by ifindex. vn_model_derive_routes adds the routes Linux derives
 * from the addresses of up links (table local: local/broadcast/multicast,
 * main: prefix routes, fe80::/64), skipping those already present, and marks
 * them derived. */
struct vn_link *vn_model_add_link(struct vn_model *m, const struct vn_link *l);
struct vn_addr *vn_model_add_addr(struct vn_model *m, const struct vn_addr *a);
struct vn_route *vn_model_add_route(struct vn_model *m, const struct vn_route *r);
struct vn_neigh *vn_model_add_neigh(struct vn_model *m, const struct vn_neigh *n);
struct vn_rule *vn_model_add_rule(struct vn_model *m, const struct vn_rule *r);
void vn_model_derive_routes(struct vn_model *m);
/* The default rules of a fresh namespace (0 local, 32766 main, 32767 default
 * for IPv4; 0 local, 32766 main for IPv6), added when the scenario has none. */
void vn_model_default_rules(struct vn_model *m);

/* The kernel's dump order (see model_route.c); derive_routes sorts with it. */
int vn_route_cmp(const void *a, const void *b);
void vn_model_sort_routes(struct vn_model *m);

/* `ip route get`: the route Linux's FIB lookup picks for dst (longest prefix
 * over the tables the rules name, then lowest metric). NULL when none
 * (the caller answers ENETUNREACH). */
const struct vn_route *vn_route_lookup(const struct vn_model *m, uint8_t family,
				       const uint8_t dst[16]);
/* The same for a flow with a source address and a mark (`ip route get
 * ADDR from SRC mark M`): the rules match them (fib_rule_match). */
struct vn_flow {
	const uint8_t *dst, *src;   /* src NULL: unspecified */
	uint32_t mark;
	int oif;                    /* 0: any; else only routes leaving by it */
};
const struct vn_route *vn_route_lookup_flow(const struct vn_model *m, uint8_t family,
					    const struct vn_flow *fl);
/* The source address Linux would pick for a route without prefsrc. */
bool vn_pick_source(const struct vn_model *m, const struct vn_route *r,
		    const uint8_t dst[16], uint8_t out[16]);

#endif
