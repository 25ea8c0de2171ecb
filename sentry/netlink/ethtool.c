/* See ethtool.h. The answers are the bytes __dev_ethtool writes: each
 * command's struct as the driver fills it, the rest zero (the kernel
 * zeroes its copy first), checked against Linux 6.18 in test_ifreq.c. */
#include "ethtool.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <net/if_arp.h>
#include <string.h>

#include "../linkinfo.h"
#include "ethtool_drv.h"

#define ETOOSMALL 525
#define LINK_MODE_NU32 4   /* __ETHTOOL_LINK_MODE_MASK_NU32 of 6.18 */

/* The commands __dev_ethtool lets anyone make; the rest need CAP_NET_ADMIN. */
static const uint32_t anyone[] = {
	ETHTOOL_GSET, ETHTOOL_GDRVINFO, ETHTOOL_GMSGLVL, ETHTOOL_GLINK, ETHTOOL_GCOALESCE,
	ETHTOOL_GRINGPARAM, ETHTOOL_GPAUSEPARAM, ETHTOOL_GRXCSUM, ETHTOOL_GTXCSUM, ETHTOOL_GSG,
	ETHTOOL_GSSET_INFO, ETHTOOL_GSTRINGS, ETHTOOL_GSTATS, ETHTOOL_GPHYSTATS, ETHTOOL_GTSO,
	ETHTOOL_GPERMADDR, ETHTOOL_GUFO, ETHTOOL_GGSO, ETHTOOL_GGRO, ETHTOOL_GFLAGS,
	ETHTOOL_GPFLAGS, ETHTOOL_GRXFH, ETHTOOL_GRXRINGS, ETHTOOL_GRXCLSRLCNT,
	ETHTOOL_GRXCLSRULE, ETHTOOL_GRXCLSRLALL, ETHTOOL_GRXFHINDIR, ETHTOOL_GRSSH,
	ETHTOOL_GFEATURES, ETHTOOL_GCHANNELS, ETHTOOL_GET_TS_INFO, ETHTOOL_GEEE,
	ETHTOOL_GTUNABLE, ETHTOOL_PHY_GTUNABLE, ETHTOOL_GLINKSETTINGS, ETHTOOL_GFECPARAM,
};

static bool needs_cap(uint32_t cmd)
{
	for (size_t i = 0; i < sizeof(anyone) / sizeof(anyone[0]); i++)
		if (anyone[i] == cmd)
			return false;
	return true;
}

size_t vn_ethtool_in_len(uint32_t cmd)
{
	switch (cmd) {
	case ETHTOOL_GLINKSETTINGS: return sizeof(struct ethtool_link_settings);
	case ETHTOOL_GPERMADDR: return sizeof(struct ethtool_perm_addr);
	case ETHTOOL_GSSET_INFO: return sizeof(struct ethtool_sset_info);
	case ETHTOOL_GSTRINGS: return sizeof(struct ethtool_gstrings);
	case ETHTOOL_GSTATS: return sizeof(struct ethtool_stats);
	}
	return sizeof(uint32_t);
}

static void put_str(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);
	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';   /* strscpy: what lay beyond stays */
}

static int drvinfo(const struct vn_model *m, const struct vn_link *l, const struct vn_eth_driver *d,
		   uint8_t *buf, size_t *out_len)
{
	if (!d->driver)
		return -EOPNOTSUPP;
	struct ethtool_drvinfo info;
	memset(&info, 0, sizeof(info));
	info.cmd = ETHTOOL_GDRVINFO;
	/* the release first, then the driver's version over it: the tail of
	 * the release shows behind a shorter version's NUL, as in Linux */
	put_str(info.version, sizeof(info.version), m->release);
	put_str(info.driver, sizeof(info.driver), d->driver);
	if (d->version)
		put_str(info.version, sizeof(info.version), d->version);
	put_str(info.fw_version, sizeof(info.fw_version), d->fw);
	const char *bus = d->bus;
	if (!strcmp(d->kind, "tun")) {
		const struct vn_li_table *t = vn_linkinfo_table("tun", 0);
		int row = t ? vn_linkinfo_index(t, 3 /* IFLA_TUN_TYPE */) : -1;
		bus = row >= 0 && l->info[row] == 2 /* IFF_TAP */ ? "tap" : "tun";
	}
	put_str(info.bus_info, sizeof(info.bus_info), bus);
	info.n_stats = vn_eth_n_stats(d);
	memcpy(buf, &info, sizeof(info));
	*out_len = sizeof(info);
	return 0;
}

/* get_link_ksettings of the driver: speed, duplex, port; the rest zero */
static void ksettings(const struct vn_model *m, const struct vn_link *l, struct ethtool_link_settings *s)
{
	memset(s, 0, sizeof(*s));
	vn_eth_ksettings(m, l, &s->speed, &s->duplex, &s->port);
}

static int link_settings(const struct vn_model *m, const struct vn_link *l, const struct vn_eth_driver *d,
			 uint8_t *buf, size_t *out_len)
{
	if (!d->ksettings)
		return -EOPNOTSUPP;
	struct ethtool_link_settings s;
	int8_t nwords;
	memcpy(&nwords, buf + offsetof(struct ethtool_link_settings, link_mode_masks_nwords), 1);
	if (nwords != LINK_MODE_NU32) {
		/* the handshake: the number of words wanted, negated */
		memset(&s, 0, sizeof(s));
		s.cmd = ETHTOOL_GLINKSETTINGS;
		s.link_mode_masks_nwords = -LINK_MODE_NU32;
		memcpy(buf, &s, sizeof(s));
		*out_len = sizeof(s);
		return 0;
	}
	ksettings(m, l, &s);
	s.cmd = ETHTOOL_GLINKSETTINGS;
	s.link_mode_masks_nwords = LINK_MODE_NU32;
	memcpy(buf, &s, sizeof(s));
	/* supported, advertising, lp_advertising: no link modes */
	memset(buf + sizeof(s), 0, 3 * LINK_MODE_NU32 * 4);
	*out_len = sizeof(s) + 3 * LINK_MODE_NU32 * 4;
	return 0;
}

/* ETHTOOL_GSET: convert_link_ksettings_to_legacy_settings */
static int legacy_settings(const struct vn_model *m, const struct vn_link *l,
			   const struct vn_eth_driver *d, uint8_t *buf, size_t *out_len)
{
	if (!d->ksettings)
		return -EOPNOTSUPP;
	struct ethtool_link_settings s;
	ksettings(m, l, &s);
	struct ethtool_cmd c;
	memset(&c, 0, sizeof(c));
	c.cmd = ETHTOOL_GSET;
	c.speed = (uint16_t)s.speed;
	c.speed_hi = (uint16_t)(s.speed >> 16);
	c.duplex = s.duplex;
	c.port = s.port;
	memcpy(buf, &c, sizeof(c));
	*out_len = sizeof(c);
	return 0;
}

static int value(uint32_t cmd, uint32_t v, uint8_t *buf, size_t *out_len)
{
	struct ethtool_value e = { .cmd = cmd, .data = v };
	memcpy(buf, &e, sizeof(e));
	*out_len = sizeof(e);
	return 0;
}

static int perm_addr(const struct vn_link *l, uint8_t *buf, size_t *out_len)
{
	struct ethtool_perm_addr p;
	memcpy(&p, buf, sizeof(p));
	if (p.size < l->addr_len)
		return -ETOOSMALL;
	p.size = l->addr_len;
	memcpy(buf, &p, sizeof(p));
	memset(buf + sizeof(p), 0, l->addr_len);
	if (l->has_perm_addr)
		memcpy(buf + sizeof(p), l->perm_addr, l->addr_len);
	*out_len = sizeof(p) + l->addr_len;
	return 0;
}

/* __ethtool_get_sset_count: the kernel's own sets for any device, the
 * driver's statistics where it has them */
static int sset_count(const struct vn_eth_driver *d, uint32_t sset)
{
	const struct vn_eth_strset *g = vn_eth_strset(sset);
	if (g && (sset == ETH_SS_FEATURES || sset == ETH_SS_RSS_HASH_FUNCS ||
		  sset == ETH_SS_TUNABLES || sset == ETH_SS_PHY_TUNABLES || sset == ETH_SS_LINK_MODES))
		return (int)g->count;
	if (sset == ETH_SS_STATS && d && d->stats)
		return (int)vn_eth_n_stats(d);
	return -EOPNOTSUPP;
}

static const char *sset_name(const struct vn_eth_driver *d, uint32_t sset, uint32_t i)
{
	if (sset == ETH_SS_STATS)
		return d->stats[i];
	return vn_eth_strset(sset)->names[i];
}

/* ethtool_get_sset_info: a count for each set asked for that the device
 * has, the mask cut down to those */
static int sset_info(const struct vn_link *l, const struct vn_eth_driver *d, uint8_t *buf,
		     size_t *out_len)
{
	(void)l;
	struct ethtool_sset_info info;
	memcpy(&info, buf, sizeof(info));
	uint64_t ask = info.sset_mask;
	if (!ask)
		return 0;
	memset(&info, 0, sizeof(info));
	info.cmd = ETHTOOL_GSSET_INFO;
	uint32_t counts[64] = { 0 };
	size_t n = 0;
	for (uint32_t i = 0; i < 64; i++) {
		int c = (ask >> i) & 1 ? sset_count(d, i) : -1;
		if (c >= 0) {
			info.sset_mask |= 1ull << i;
			counts[n++] = (uint32_t)c;
		}
	}
	memcpy(buf, &info, sizeof(info));
	memcpy(buf + sizeof(info), counts, n * 4);
	*out_len = sizeof(info) + n * 4;
	return 0;
}

static int strings(const struct vn_link *l, const struct vn_eth_driver *d, uint8_t *buf,
		   size_t *out_len)
{
	(void)l;
	struct ethtool_gstrings g;
	memcpy(&g, buf, sizeof(g));
	int c = sset_count(d, g.string_set);
	if (c < 0)
		return c;
	if (sizeof(g) + (size_t)c * ETH_GSTRING_LEN > VN_ETHTOOL_MAX)
		return -ENOMEM;
	g.len = (uint32_t)c;
	memcpy(buf, &g, sizeof(g));
	uint8_t *data = buf + sizeof(g);
	memset(data, 0, (size_t)c * ETH_GSTRING_LEN);
	for (uint32_t i = 0; i < (uint32_t)c; i++)
		put_str((char *)data + i * ETH_GSTRING_LEN, ETH_GSTRING_LEN, sset_name(d, g.string_set, i));
	*out_len = sizeof(g) + (size_t)c * ETH_GSTRING_LEN;
	return 0;
}

/* ethtool_get_stats: the driver's counters (get_ethtool_stats) */
static int stats(const struct vn_link *l, const struct vn_eth_driver *d, uint8_t *buf,
		 size_t *out_len)
{
	if (!d || !d->stats)
		return -EOPNOTSUPP;
	struct ethtool_stats st = { .cmd = ETHTOOL_GSTATS, .n_stats = vn_eth_n_stats(d) };
	if (sizeof(st) + st.n_stats * 8u > VN_ETHTOOL_MAX)
		return -ENOMEM;
	memcpy(buf, &st, sizeof(st));
	for (uint32_t i = 0; i < st.n_stats; i++) {
		uint64_t v = vn_eth_stat(l, d, i);
		memcpy(buf + sizeof(st) + i * 8u, &v, 8);
	}
	*out_len = sizeof(st) + st.n_stats * 8u;
	return 0;
}

int vn_ethtool_speed(const struct vn_model *m, const struct vn_link *l, uint32_t *speed,
		     uint8_t *duplex)
{
	uint8_t port;
	return vn_eth_ksettings(m, l, speed, duplex, &port) ? 0 : -EOPNOTSUPP;
}

int vn_ethtool(const struct vn_model *m, const char *name, bool cap, uint8_t *buf, size_t *out_len)
{
	const struct vn_link *l = vn_link_by_name(m, name);
	if (!l)
		return -ENODEV;
	uint32_t cmd;
	memcpy(&cmd, buf, 4);
	if (needs_cap(cmd) && !cap)
		return -EPERM;
	const struct vn_eth_driver *d = vn_eth_driver_of(l);
	*out_len = 0;
	if (cmd == ETHTOOL_GPERMADDR)
		return perm_addr(l, buf, out_len);   /* no driver op involved */
	switch (cmd) {
	case ETHTOOL_GSSET_INFO:
		return sset_info(l, d, buf, out_len);
	case ETHTOOL_GSTRINGS:
		return strings(l, d, buf, out_len);
	case ETHTOOL_GSTATS:
		return stats(l, d, buf, out_len);
	}
	if (!d)
		return -EOPNOTSUPP;
	switch (cmd) {
	case ETHTOOL_GDRVINFO:
		return drvinfo(m, l, d, buf, out_len);
	case ETHTOOL_GLINK:
		if (!d->get_link)
			return -EOPNOTSUPP;
		/* netif_running && carrier (loopback: always on) */
		return value(cmd, (l->flags & IFF_UP) && (l->type == ARPHRD_LOOPBACK || (l->flags & IFF_LOWER_UP)),
			     buf, out_len);
	case ETHTOOL_GMSGLVL:
		return d->msglevel ? value(cmd, 0, buf, out_len) : -EOPNOTSUPP;
	case ETHTOOL_GSET:
		return legacy_settings(m, l, d, buf, out_len);
	case ETHTOOL_GLINKSETTINGS:
		return link_settings(m, l, d, buf, out_len);
	}
	/* GWOL and the rest: none of these drivers has the op (or the
	 * model does not answer it yet: see design.md) */
	return -EOPNOTSUPP;
}
