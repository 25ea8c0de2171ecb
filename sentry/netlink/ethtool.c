/* See ethtool.h. The answers are the bytes __dev_ethtool writes: each
 * command's struct as the driver fills it, the rest zero (the kernel
 * zeroes its copy first), checked against Linux 6.18 in test_ifreq.c. */
#include "ethtool.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <net/if_arp.h>
#include <string.h>

#include "../linkinfo.h"

#define ETOOSMALL 525
#define LINK_MODE_NU32 4   /* __ETHTOOL_LINK_MODE_MASK_NU32 of 6.18 */

/* What a driver's ethtool_ops provide. driver NULL: no get_drvinfo and no
 * rtnl_link_ops either (loopback): GDRVINFO fails. version NULL: the
 * kernel's release, which ethtool_get_drvinfo writes before the driver. */
struct eth_driver {
	const char *kind;
	const char *driver, *version, *fw, *bus;
	uint32_t n_stats;          /* get_sset_count(ETH_SS_STATS) */
	bool get_link, ksettings, msglevel;
	uint32_t speed;
	uint8_t duplex, port;
};

static const struct eth_driver drivers[] = {
	/* veth: 1 peer_ifindex + 8 per rx queue + 1 per tx queue, one each */
	{ "veth", "veth", "1.0", "", "", 10, true, true, false, SPEED_10000, DUPLEX_FULL, PORT_TP },
	/* br_get_link_ksettings: the fastest running port (computed below) */
	{ "bridge", "bridge", "2.3", "N/A", "N/A", 0, true, true, false,
	  SPEED_UNKNOWN, DUPLEX_UNKNOWN, PORT_OTHER },
	/* bus-info "tun" or "tap" (computed below); tun_set_iff's settings */
	{ "tun", "tun", "1.6", "", "", 0, true, true, true, SPEED_10000, DUPLEX_FULL, PORT_TP },
	/* no get_drvinfo: the rtnl_link_ops kind names the driver */
	{ "dummy", "dummy", NULL, "", "", 0, false, false, false, 0, 0, 0 },
	/* loopback_ethtool_ops: get_link (always on) only */
	{ "", NULL, NULL, "", "", 0, true, false, false, 0, 0, 0 },
};

static const struct eth_driver *driver_of(const struct vn_link *l)
{
	if (l->type == ARPHRD_LOOPBACK)
		return &drivers[sizeof(drivers) / sizeof(drivers[0]) - 1];
	for (size_t i = 0; i + 1 < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (!strcmp(drivers[i].kind, l->kind))
			return &drivers[i];
	return NULL;   /* a device whose driver the model does not know */
}

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

static int drvinfo(const struct vn_model *m, const struct vn_link *l, const struct eth_driver *d,
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
	info.n_stats = d->n_stats;
	memcpy(buf, &info, sizeof(info));
	*out_len = sizeof(info);
	return 0;
}

static bool oper_up(const struct vn_link *l)
{
	return l->operstate == 6 /* IF_OPER_UP */ || l->operstate == 0 /* UNKNOWN */;
}

/* get_link_ksettings of the driver: speed, duplex, port; the rest zero */
static void ksettings(const struct vn_model *m, const struct vn_link *l, const struct eth_driver *d,
		      struct ethtool_link_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->speed = d->speed;
	s->duplex = d->duplex;
	s->port = d->port;
	if (strcmp(d->kind, "bridge"))
		return;
	for (size_t i = 0; i < m->nlinks; i++) {
		const struct vn_link *p = &m->links[i];
		const struct eth_driver *pd = driver_of(p);
		if (p->master != l->ifindex || !(p->flags & IFF_UP) || !oper_up(p) || !pd ||
		    !pd->ksettings || !strcmp(pd->kind, "bridge") || pd->speed == (uint32_t)SPEED_UNKNOWN)
			continue;
		if (s->speed == (uint32_t)SPEED_UNKNOWN || s->speed < pd->speed)
			s->speed = pd->speed;
	}
}

static int link_settings(const struct vn_model *m, const struct vn_link *l, const struct eth_driver *d,
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
	ksettings(m, l, d, &s);
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
			   const struct eth_driver *d, uint8_t *buf, size_t *out_len)
{
	if (!d->ksettings)
		return -EOPNOTSUPP;
	struct ethtool_link_settings s;
	ksettings(m, l, d, &s);
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

int vn_ethtool_speed(const struct vn_model *m, const struct vn_link *l, uint32_t *speed,
		     uint8_t *duplex)
{
	const struct eth_driver *d = driver_of(l);
	if (!d || !d->ksettings)
		return -EOPNOTSUPP;
	struct ethtool_link_settings s;
	ksettings(m, l, d, &s);
	*speed = s.speed;
	*duplex = s.duplex;
	return 0;
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
	const struct eth_driver *d = driver_of(l);
	*out_len = 0;
	if (cmd == ETHTOOL_GPERMADDR)
		return perm_addr(l, buf, out_len);   /* no driver op involved */
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
