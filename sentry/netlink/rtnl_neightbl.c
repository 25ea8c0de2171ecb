/* RTM_GETNEIGHTBL (`ip ntable`): neightbl_dump_info, the ARP and the
 * neighbour discovery tables, each as neightbl_fill_info writes its
 * header (name, thresholds, configuration, statistics, default
 * parameters), then the parameters of each of the namespace's devices
 * (neightbl_fill_param_info), newest device first as the table's list
 * holds them.
 *
 * The values are a fresh kernel's (neigh_table_init, arp_tbl, nd_tbl,
 * DEFAULT_NEIGH_PARMS). What a kernel draws at random, each parameter
 * set's reachable time (neigh_rand_reach_time: base/2 .. 3*base/2) and
 * the hash seed, the model derives from the device and the table. The
 * tables are the whole kernel's: their entry counts and statistics are
 * the model's (its neighbours, no lookups). A parameter set's reference
 * count is 1 and one per neighbour of the device (each holds one). */
#include <errno.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include <string.h>
#include <sys/socket.h>

#include "rtnl_internal.h"
#include "rtnl_stats.h"

struct table {
	uint8_t family;
	const char *name;
	uint16_t key_len, entry_size;   /* sizeof(struct neighbour) + key, of a 6.18 x86_64 build */
	uint64_t locktime;              /* ARP's is HZ; ndisc's 0 */
};

static const struct table tables[] = {
	{ AF_INET, "arp_cache", 4, 336, 1000 },
	{ AF_INET6, "ndisc_cache", 16, 344, 0 },
};

static uint32_t mix(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	return x ^ (x >> 16);
}

static void put_msecs(struct nlmsghdr *h, uint16_t type, uint64_t ms)
{
	/* nla_put_64bit: no pad attribute where unaligned access is cheap */
	mnl_attr_put_u64(h, type, ms);
}

static uint32_t neigh_count(const struct vn_model *m, uint8_t family, int ifindex)
{
	uint32_t n = 0;
	for (size_t i = 0; i < m->nneighs; i++)
		n += m->neighs[i].family == family && (!ifindex || m->neighs[i].ifindex == ifindex);
	return n;
}

/* neightbl_fill_parms */
static void put_parms(struct nlmsghdr *h, const struct vn_model *m, const struct table *t,
		      int ifindex)
{
	struct nlattr *p = rtnl_nest_start(h, NDTA_PARMS);
	if (ifindex)
		mnl_attr_put_u32(h, NDTPA_IFINDEX, (uint32_t)ifindex);
	mnl_attr_put_u32(h, NDTPA_REFCNT, 1 + (ifindex ? neigh_count(m, t->family, ifindex) : 0));
	mnl_attr_put_u32(h, NDTPA_QUEUE_LENBYTES, 212992);   /* SK_WMEM_MAX */
	mnl_attr_put_u32(h, NDTPA_QUEUE_LEN, 101);             /* 212992 / SKB_TRUESIZE(ETH_FRAME_LEN) */
	mnl_attr_put_u32(h, NDTPA_PROXY_QLEN, 64);
	mnl_attr_put_u32(h, NDTPA_APP_PROBES, 0);
	mnl_attr_put_u32(h, NDTPA_UCAST_PROBES, 3);
	mnl_attr_put_u32(h, NDTPA_MCAST_PROBES, 3);
	mnl_attr_put_u32(h, NDTPA_MCAST_REPROBES, 0);
	uint32_t base = 30000;
	put_msecs(h, NDTPA_REACHABLE_TIME,
		  base / 2 + mix((uint32_t)ifindex * 2654435761u ^ t->family) % base);
	put_msecs(h, NDTPA_BASE_REACHABLE_TIME, base);
	put_msecs(h, NDTPA_GC_STALETIME, 60000);
	put_msecs(h, NDTPA_DELAY_PROBE_TIME, 5000);
	put_msecs(h, NDTPA_RETRANS_TIME, 1000);
	put_msecs(h, NDTPA_ANYCAST_DELAY, 1000);
	put_msecs(h, NDTPA_PROXY_DELAY, 800);
	put_msecs(h, NDTPA_LOCKTIME, t->locktime);
	put_msecs(h, NDTPA_INTERVAL_PROBE_TIME_MS, 5000);
	rtnl_nest_end(h, p);
}

static void put_head(struct nlmsghdr *h, const struct table *t)
{
	struct ndtmsg *ndtm = mnl_nlmsg_put_extra_header(h, sizeof(*ndtm));
	ndtm->ndtm_family = t->family;
	mnl_attr_put_strz(h, NDTA_NAME, t->name);
}

static void fill_table(struct nlmsghdr *h, const struct vn_model *m, const struct table *t)
{
	put_head(h, t);
	put_msecs(h, NDTA_GC_INTERVAL, 30000);
	mnl_attr_put_u32(h, NDTA_THRESH1, 128);
	mnl_attr_put_u32(h, NDTA_THRESH2, 512);
	mnl_attr_put_u32(h, NDTA_THRESH3, 1024);
	uint32_t entries = neigh_count(m, t->family, 0);
	uint32_t mask = 7;   /* the hash grows past one entry per bucket (1 << 3 at first) */
	while (entries > mask + 1)
		mask = mask << 1 | 1;
	struct ndt_config cfg = { .ndtc_key_len = t->key_len, .ndtc_entry_size = t->entry_size,
				  .ndtc_entries = entries, .ndtc_hash_rnd = mix(t->family) | 1,
				  .ndtc_hash_mask = mask };
	mnl_attr_put(h, NDTA_CONFIG, sizeof(cfg), &cfg);
	struct ndt_stats st = { .ndts_allocs = entries };
	mnl_attr_put(h, NDTA_STATS, sizeof(st), &st);
	put_parms(h, m, t, 0);
}

/* neightbl_valid_dump_info */
static int valid_dump(struct rtnl_req *r)
{
	if (!r->ctx->strict_chk)
		return 0;
	if (r->nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ndtmsg))) {
		r->ack.msg = "Invalid header for neighbor table dump request";
		return -EINVAL;
	}
	const struct ndtmsg *ndtm = NLMSG_DATA(r->nlh);
	if (ndtm->ndtm_pad1 || ndtm->ndtm_pad2) {
		r->ack.msg = "Invalid values in header for neighbor table dump request";
		return -EINVAL;
	}
	if (r->nlh->nlmsg_len > NLMSG_LENGTH(sizeof(struct ndtmsg))) {
		r->ack.msg = "Invalid data after header in neighbor table dump request";
		return -EINVAL;
	}
	return 0;
}

int rtnl_dumpneightbl(struct rtnl_req *r)
{
	int err = valid_dump(r);
	if (err)
		return err;
	uint8_t family = rtnl_req_family(r->nlh);
	const struct vn_model *m = r->ctx->model;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		const struct table *t = &tables[i];
		if (family && family != t->family)
			continue;
		struct nlmsghdr *h = rtnl_msg_start(r, RTM_NEWNEIGHTBL, true);
		fill_table(h, m, t);
		rtnl_msg_emit(r, h, true);
		for (size_t k = m->nlinks; k-- > 0;) {
			h = rtnl_msg_start(r, RTM_NEWNEIGHTBL, true);
			put_head(h, t);
			put_parms(h, m, t, m->links[k].ifindex);
			rtnl_msg_emit(r, h, true);
		}
	}
	return 0;
}
