/* The scenario's "links": each link with its stats and kind data, and
 * its addresses (scenario_addrs.c), then (pass 2) the links they name. */
#include "scenario_load.h"
#include "linkinfo.h"

#include <limits.h>
#include <net/if_arp.h>
#include <stdlib.h>
#include <string.h>

/* net_device_flags (linux/if.h, which does not mix with <net/if.h>) */
#define F_UP 0x1u
#define F_LOOPBACK 0x8u
#define F_POINTOPOINT 0x10u
#define F_RUNNING 0x40u
#define F_NOARP 0x80u
#define F_BROADCAST 0x2u
#define F_MULTICAST 0x1000u
#define F_LOWER_UP 0x10000u

enum { OPER_UNKNOWN = 0, OPER_DOWN = 2, OPER_UP = 6 };

/* ---- links ---------------------------------------------------------------- */

static bool valid_ifname(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= IFNAMSIZ || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == '\v' || *s == '\f')
			return false;
	return true;
}

static unsigned base_flags(const struct vn_link *l)
{
	if (l->type == ARPHRD_LOOPBACK)
		return F_LOOPBACK;
	if (l->type == ARPHRD_NONE)
		return F_POINTOPOINT | F_MULTICAST | F_NOARP;
	if (strcmp(l->kind, "dummy") == 0)
		return F_BROADCAST | F_NOARP;
	return F_BROADCAST | F_MULTICAST;
}

/* Devices without operstate handling report UNKNOWN when up. */
static bool oper_unknown_kind(const struct vn_link *l)
{
	return l->type == ARPHRD_LOOPBACK || strcmp(l->kind, "dummy") == 0 ||
	       strcmp(l->kind, "tun") == 0;
}

static int load_link_flags(struct ctx *c, json_t *arr, unsigned *flags)
{
	*flags = 0;
	size_t i;
	json_t *v;
	scn_push_key(c, "flags");
	json_array_foreach(arr, i, v) {
		unsigned long bit;
		const char *s = json_is_string(v) ? json_string_value(v) : NULL;
		if (!s || !(scn_lookup(scn_link_flag_names, s, &bit) ||
			    scn_parse_ulong(s, 16, 0xffffffffUL, &bit))) {
			scn_push_index(c, i);
			fail(c, NULL, "expected a link flag (UP, BROADCAST, LOWER_UP, ...)");
			scn_pop(c);
			scn_pop(c);
			return -1;
		}
		*flags |= (unsigned)bit;
	}
	scn_pop(c);
	return 0;
}

static const char *stats_rx_keys[] = { "bytes", "packets", "errors", "dropped", "over_errors",
				       "multicast", "length_errors", "crc_errors", "frame_errors",
				       "fifo_errors", "missed_errors", "compressed", "nohandler",
				       NULL };
static const char *stats_tx_keys[] = { "bytes", "packets", "errors", "dropped",
				       "carrier_errors", "collisions", "aborted_errors",
				       "fifo_errors", "window_errors", "heartbeat_errors",
				       "compressed", NULL };

static int load_stats(struct ctx *c, json_t *st, struct vn_link *l)
{
	struct vn_link_stats *s = &l->stats;
	uint64_t *rx[] = { &s->rx_bytes, &s->rx_packets, &s->rx_errors, &s->rx_dropped,
			   &s->rx_over_errors, &s->multicast, &s->rx_length_errors,
			   &s->rx_crc_errors, &s->rx_frame_errors, &s->rx_fifo_errors,
			   &s->rx_missed_errors, &s->rx_compressed, &s->rx_nohandler };
	uint64_t *tx[] = { &s->tx_bytes, &s->tx_packets, &s->tx_errors, &s->tx_dropped,
			   &s->tx_carrier_errors, &s->collisions, &s->tx_aborted_errors,
			   &s->tx_fifo_errors, &s->tx_window_errors, &s->tx_heartbeat_errors,
			   &s->tx_compressed };
	json_t *d;
	int r;
	scn_push_key(c, "stats64");
	if ((r = scn_get_object(c, st, "rx", &d)) < 0)
		goto err;
	if (r > 0) {
		scn_push_key(c, "rx");
		for (size_t i = 0; stats_rx_keys[i]; i++)
			if (scn_get_u64(c, d, stats_rx_keys[i], rx[i]) < 0) {
				scn_pop(c);
				goto err;
			}
		scn_pop(c);
	}
	if ((r = scn_get_object(c, st, "tx", &d)) < 0)
		goto err;
	if (r > 0) {
		scn_push_key(c, "tx");
		for (size_t i = 0; stats_tx_keys[i]; i++)
			if (scn_get_u64(c, d, stats_tx_keys[i], tx[i]) < 0) {
				scn_pop(c);
				goto err;
			}
		if (scn_get_uint(c, d, "carrier_changes", UINT_MAX, &l->carrier_changes) < 0) {
			scn_pop(c);
			goto err;
		}
		scn_pop(c);
	}
	scn_pop(c);
	return 0;
err:
	scn_pop(c);
	return -1;
}

/* Kind-specific data (linkinfo.h): a new link's values, then the
 * scenario's. A port's ids come from its master in pass 2 when the
 * scenario gives no "info_slave_data". */
static int load_linkinfo(struct ctx *c, struct vn_link *l, json_t *idata, json_t *sdata)
{
	vn_linkinfo_defaults(l);
	const struct vn_li_table *t = vn_linkinfo_table(l->kind, 0);
	const struct vn_li_table *st = vn_linkinfo_table(l->slave_kind, 1);
	const char *key, *what;
	if (st)
		for (size_t i = 0; i < st->n; i++)
			l->slave_info[i] = st->attrs[i].dflt;
	int r = 0;
	scn_push_key(c, "linkinfo");
	if (t && idata && vn_linkinfo_from_json(t, l->info, idata, &key, &what) < 0) {
		scn_push_key(c, "info_data");
		r = fail(c, key, "expected %s", what);
		scn_pop(c);
	} else if (st && sdata && vn_linkinfo_from_json(st, l->slave_info, sdata, &key, &what) < 0) {
		scn_push_key(c, "info_slave_data");
		r = fail(c, key, "expected %s", what);
		scn_pop(c);
	}
	scn_pop(c);
	return r;
}

static int load_link(struct ctx *c, json_t *o)
{
	struct vn_model *m = c->m;
	struct vn_link l;
	memset(&l, 0, sizeof(l));
	int r;
	long long x;
	unsigned long v;
	const char *s;
	if (!json_is_object(o))
		return fail(c, NULL, "expected an object");

	if ((r = scn_get_str(c, o, "ifname", &s)) < 0)
		return -1;
	if (r == 0)
		return fail(c, NULL, "expected an object with \"ifname\"");
	if (!valid_ifname(s))
		return fail(c, "ifname", "expected an interface name (1 to %d bytes, no '/', ':' or spaces)",
			    IFNAMSIZ - 1);
	if (vn_link_by_name(m, s))
		return fail(c, "ifname", "expected a name no other link has");
	strcpy(l.name, s);
	if ((r = scn_get_int(c, o, "ifindex", 1, INT_MAX, &x)) < 0)
		return -1;
	if (r > 0) {
		l.ifindex = (int)x;
		if (vn_link_by_index(m, l.ifindex))
			return fail(c, "ifindex", "expected an ifindex no other link has");
	} else {
		/* the next free index, as the kernel picks */
		if (m->nlinks && m->links[m->nlinks - 1].ifindex == INT_MAX)
			return fail(c, NULL, "expected an object with \"ifindex\"");
		l.ifindex = m->nlinks ? m->links[m->nlinks - 1].ifindex + 1 : 1;
	}

	json_t *li = NULL, *idata = NULL, *sdata = NULL;
	if (scn_get_object(c, o, "linkinfo", &li) < 0)
		return -1;
	const char *tun_type = NULL;
	if (li) {
		scn_push_key(c, "linkinfo");
		r = scn_get_strbuf(c, li, "info_kind", l.kind, sizeof(l.kind));
		if (r >= 0)
			r = scn_get_strbuf(c, li, "info_slave_kind", l.slave_kind, sizeof(l.slave_kind));
		if (r >= 0)
			r = scn_get_object(c, li, "info_slave_data", &sdata);
		if (r >= 0 && (r = scn_get_object(c, li, "info_data", &idata)) > 0) {
			json_t *t = json_object_get(idata, "type");
			if (json_is_string(t))
				tun_type = json_string_value(t);
		}
		scn_pop(c);
		if (r < 0)
			return -1;
	}

	json_t *flags_arr = NULL;
	if (scn_get_array(c, o, "flags", &flags_arr) < 0)
		return -1;
	unsigned flags = 0;
	if (flags_arr && load_link_flags(c, flags_arr, &flags) < 0)
		return -1;

	bool loop = (flags & F_LOOPBACK) || (!flags_arr && strcmp(l.name, "lo") == 0 && !l.kind[0]);
	l.type = loop ? ARPHRD_LOOPBACK
		 : (strcmp(l.kind, "tun") == 0 && !(tun_type && strcmp(tun_type, "tap") == 0)) ||
				   strcmp(l.kind, "wireguard") == 0
		 ? ARPHRD_NONE : ARPHRD_ETHER;
	if ((r = scn_get_named(c, o, "link_type", scn_link_type_names, 0xffff, "a link type (ether, loopback, none, ...)", &v)) < 0)
		return -1;
	if (r > 0)
		l.type = (unsigned short)v;

	/* the kind's defaults, then what the scenario says */
	l.addr_len = 6;
	if (l.type == ARPHRD_ETHER) {
		uint8_t mac[6] = { 0x02, 0, 0, 0, (uint8_t)(l.ifindex >> 8), (uint8_t)l.ifindex };
		memcpy(l.addr, mac, 6);
		memset(l.broadcast, 0xff, 6);
	}
	vn_link_defaults(&l, m->cpus, tun_type);
	l.flags = flags_arr ? flags : base_flags(&l) | F_UP | F_LOWER_UP;

	struct { const char *key; unsigned int *p; unsigned long max; } u[] = {
		{ "mtu", &l.mtu, UINT_MAX }, { "min_mtu", &l.min_mtu, UINT_MAX },
		{ "max_mtu", &l.max_mtu, UINT_MAX }, { "txqlen", &l.txqlen, UINT_MAX },
		{ "promiscuity", &l.promiscuity, UINT_MAX }, { "allmulti", &l.allmulti, UINT_MAX },
		{ "num_tx_queues", &l.num_tx_queues, UINT_MAX },
		{ "num_rx_queues", &l.num_rx_queues, UINT_MAX },
		{ "gso_max_size", &l.gso_max_size, UINT_MAX }, { "gso_max_segs", &l.gso_max_segs, UINT_MAX },
		{ "gro_max_size", &l.gro_max_size, UINT_MAX }, { "tso_max_size", &l.tso_max_size, UINT_MAX },
		{ "tso_max_segs", &l.tso_max_segs, UINT_MAX },
		{ "gso_ipv4_max_size", &l.gso_ipv4_max_size, UINT_MAX },
		{ "gro_ipv4_max_size", &l.gro_ipv4_max_size, UINT_MAX },
		{ "carrier_changes", &l.carrier_changes, UINT_MAX },
		{ "carrier_up_count", &l.carrier_up_count, UINT_MAX },
		{ "carrier_down_count", &l.carrier_down_count, UINT_MAX },
	};
	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++)
		if (scn_get_uint(c, o, u[i].key, u[i].max, u[i].p) < 0)
			return -1;
	if ((r = scn_get_named(c, o, "group", scn_group_names, UINT_MAX, "\"default\" or a group", &v)) < 0)
		return -1;
	if (r > 0)
		l.group = (unsigned)v;
	if ((r = scn_get_named(c, o, "linkmode", scn_linkmode_names, 255, "DEFAULT or DORMANT", &v)) < 0)
		return -1;
	if (r > 0)
		l.linkmode = (uint8_t)v;
	if ((r = scn_get_named(c, o, "inet6_addr_gen_mode", scn_addrgen_names, 255, "eui64, none, stable_secret or random", &v)) < 0)
		return -1;
	if (r > 0)
		l.addr_gen_mode = (uint8_t)v;
	if (scn_get_strbuf(c, o, "qdisc", l.qdisc, sizeof(l.qdisc)) < 0)
		return -1;
	/* veneer snapshot's: the link went down once (sentry/mcast.h) */
	if (scn_get_flag(c, o, "mc_reloaded", &l.mc_reloaded) < 0)
		return -1;

	unsigned int alen = 0, blen = 0;
	uint8_t tmp[VN_MAX_ADDR_LEN];
	if ((r = scn_get_lladdr(c, o, "address", tmp, &alen)) < 0)
		return -1;
	if (r > 0) {
		l.addr_len = alen;
		memcpy(l.addr, tmp, sizeof(tmp));
		if (l.type != ARPHRD_ETHER || alen != 6)
			memset(l.broadcast, 0, sizeof(l.broadcast));
	}
	if ((r = scn_get_lladdr(c, o, "broadcast", tmp, &blen)) < 0)
		return -1;
	if (r > 0) {
		if (blen != l.addr_len)
			return fail(c, "broadcast", "expected %u bytes, as many as \"address\"", l.addr_len);
		memcpy(l.broadcast, tmp, sizeof(tmp));
	}
	if ((r = scn_get_lladdr(c, o, "permaddr", tmp, &blen)) < 0)
		return -1;
	if (r > 0) {
		l.has_perm_addr = true;
		memcpy(l.perm_addr, tmp, sizeof(tmp));
	}

	if ((r = scn_get_int(c, o, "link_netnsid", -1, INT_MAX, &x)) < 0)
		return -1;
	if (r > 0)
		l.link_netnsid = (int)x;
	if ((r = scn_get_int(c, o, "link_index", 0, INT_MAX, &x)) < 0)
		return -1;
	if (r > 0)
		l.link = (int)x;
	/* "link" and "master" name other links: checked in pass 2 */
	if (scn_get_str(c, o, "link", &s) < 0 || scn_get_str(c, o, "master", &s) < 0)
		return -1;

	if (load_linkinfo(c, &l, idata, sdata) < 0)
		return -1;

	json_t *st;
	if ((r = scn_get_object(c, o, "stats64", &st)) < 0)
		return -1;
	if (r > 0 && load_stats(c, st, &l) < 0)
		return -1;
	/* iproute2's -j shows carrier_changes only (a snapshot has no up and
	 * down counts): a device starts with carrier and every change flips it,
	 * so the first is a loss, and the changes alternate from there */
	if (!json_object_get(o, "carrier_up_count") && !json_object_get(o, "carrier_down_count")) {
		l.carrier_down_count = l.carrier_changes / 2 + l.carrier_changes % 2;
		l.carrier_up_count = l.carrier_changes / 2;
	}

	/* operstate as the kernel would have it, then RUNNING as dev_get_flags() */
	bool up = l.flags & F_UP, carrier = l.flags & F_LOWER_UP;
	l.operstate = !up ? OPER_DOWN : !carrier ? OPER_DOWN
		      : oper_unknown_kind(&l) ? OPER_UNKNOWN : OPER_UP;
	if ((r = scn_get_named(c, o, "operstate", scn_operstate_names, 255, "an operstate (UP, DOWN, UNKNOWN, ...)", &v)) < 0)
		return -1;
	if (r > 0)
		l.operstate = (uint8_t)v;
	l.flags &= ~F_RUNNING;
	if (up && (l.operstate == OPER_UP || l.operstate == OPER_UNKNOWN))
		l.flags |= F_RUNNING;

	const struct vn_link *added = vn_model_add_link(m, &l);
	json_t *ai;
	if ((r = scn_get_array(c, o, "addr_info", &ai)) < 0)
		return -1;
	if (r > 0) {
		struct vn_link copy = *added;   /* the array may move as addresses are added */
		size_t i;
		json_t *a;
		scn_push_key(c, "addr_info");
		json_array_foreach(ai, i, a) {
			scn_push_index(c, i);
			r = scn_load_addr(c, a, &copy);
			scn_pop(c);
			if (r < 0) {
				scn_pop(c);
				return -1;
			}
		}
		scn_pop(c);
	}
	return 0;
}

/* Pass 2: names of other links ("link": the peer, "master"). */
static int resolve_link_names(struct ctx *c, json_t *o)
{
	const char *s;
	const struct vn_link *self = vn_link_by_name(c->m, json_string_value(json_object_get(o, "ifname")));
	if (!self)
		return 0;
	struct vn_link *l = &c->m->links[self - c->m->links];
	if (scn_get_str(c, o, "link", &s) > 0) {
		const struct vn_link *p = vn_link_by_name(c->m, s);
		if (!p)
			return fail(c, "link", "expected the ifname of a link, not \"%s\"", s);
		l->link = p->ifindex;
	}
	if (scn_get_str(c, o, "master", &s) > 0) {
		const struct vn_link *p = vn_link_by_name(c->m, s);
		if (!p)
			return fail(c, "master", "expected the ifname of a link, not \"%s\"", s);
		l->master = p->ifindex;
		if (!l->slave_kind[0] && vn_linkinfo_table(p->kind, 1)) {
			unsigned no = 1;   /* ports are numbered in the order they joined */
			for (size_t i = 0; i < c->m->nlinks; i++)
				if (&c->m->links[i] != l && c->m->links[i].master == p->ifindex &&
				    c->m->links[i].slave_kind[0])
					no++;
			strcpy(l->slave_kind, p->kind);
			vn_linkinfo_port_defaults(l, p, no);
		}
	}
	return 0;
}

int scn_load_links(struct ctx *c, json_t *arr)
{
	struct vn_model *m = c->m;
	free(m->links);
	free(m->addrs);
	m->links = NULL;
	m->addrs = NULL;
	m->nlinks = m->naddrs = 0;
	size_t i;
	json_t *o;
	int r = 0;
	scn_push_key(c, "links");
	json_array_foreach(arr, i, o) {
		scn_push_index(c, i);
		r = load_link(c, o);
		scn_pop(c);
		if (r < 0)
			goto out;
	}
	json_array_foreach(arr, i, o) {
		scn_push_index(c, i);
		r = resolve_link_names(c, o);
		scn_pop(c);
		if (r < 0)
			goto out;
	}
out:
	scn_pop(c);
	return r;
}
