/* Set requests of the interface ioctls, as Linux 6.18 makes them:
 * dev_ioctl/dev_ifsioc (flags, mtu, hardware address, txqlen, name),
 * devinet_ioctl (IPv4 address, mask, broadcast, peer; aliases by label)
 * and addrconf_add_ifaddr/addrconf_del_ifaddr (IPv6 on an AF_INET6
 * socket). Every change goes through the model's change functions
 * (model_change.h), so kernel routes, secondaries and carrier follow as
 * for the rtnetlink requests. */
#include "ifreq.h"

#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <string.h>

#include "../model_change.h"

/* struct in6_ifreq (linux/ipv6.h, which clashes with <netinet/in.h>) */
struct in6_ifreq {
	uint8_t ifr6_addr[16];
	uint32_t ifr6_prefixlen;
	int ifr6_ifindex;
};

static struct vn_link *dev_mut(struct vn_model *m, struct ifreq *ifr, char name[IFNAMSIZ])
{
	ifr->ifr_name[IFNAMSIZ - 1] = '\0';
	memcpy(name, ifr->ifr_name, IFNAMSIZ);
	char dev[IFNAMSIZ];
	memcpy(dev, name, IFNAMSIZ);
	char *colon = strchr(dev, ':');
	if (colon)
		*colon = '\0';
	const struct vn_link *l = vn_link_by_name(m, dev);
	return l ? &m->links[l - m->links] : NULL;
}

static uint32_t be(const uint8_t a[4])
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
}

static void put_be(uint8_t a[4], uint32_t v)
{
	a[0] = (uint8_t)(v >> 24);
	a[1] = (uint8_t)(v >> 16);
	a[2] = (uint8_t)(v >> 8);
	a[3] = (uint8_t)v;
}

static uint32_t mask_of(int len)
{
	return len <= 0 ? 0 : ~(uint32_t)0 << (32 - len);
}

/* inet_abc_len: the classful prefix, 0 for 0/8 and the limited broadcast,
 * -1 for class D (multicast) */
static int abc_len(uint32_t a)
{
	if ((a >> 24) == 0 || a == 0xffffffffu)
		return 0;
	if (!(a & 0x80000000u))
		return 8;
	if ((a & 0xc0000000u) == 0x80000000u)
		return 16;
	if ((a & 0xe0000000u) == 0xc0000000u)
		return 24;
	if ((a & 0xf0000000u) == 0xf0000000u)
		return 32;
	return -1;
}

/* bad_mask(mask, 0): the mask must be contiguous ones */
static bool bad_mask(uint32_t mask)
{
	uint32_t inv = ~mask;
	return (inv & (inv + 1)) != 0;
}

static int mask_len(uint32_t mask)
{
	int n = 0;
	while (n < 32 && (mask & (0x80000000u >> n)))
		n++;
	return n;
}

/* inet_del_ifa(.., destroy 0): the address goes (with its secondaries,
 * as promote_secondaries is 0) and is put back changed by insert. */
static int del_ifa(struct vn_change *c, const struct vn_addr *a)
{
	struct vn_addr key = *a;
	return vn_addr_del(c, &key, true, true);
}

/* inet_insert_ifa: an address whose local is 0 is dropped, not added
 * (how `ifconfig eth0 0` removes one) */
static int insert_ifa(struct vn_change *c, struct vn_addr *a)
{
	if (!be(a->local))
		return 0;
	c->nlflags = 0;
	return vn_addr_add(c, a);
}

static int set_addr(struct vn_change *c, const struct vn_link *l, const char *label,
		    const struct vn_addr *found, uint32_t addr)
{
	if (abc_len(addr) < 0)
		return -EINVAL;
	struct vn_addr a;
	if (!found) {
		memset(&a, 0, sizeof(a));
		a.ifindex = l->ifindex;
		a.family = AF_INET;
		if (strcmp(label, l->name))
			strcpy(a.label, label);   /* "" stands for the link's name */
	} else {
		if (be(found->local) == addr)
			return 0;
		a = *found;
		int err = del_ifa(c, found);
		if (err)
			return err;
		a.has_broadcast = false;
		a.scope = 0;
	}
	put_be(a.local, addr);
	put_be(a.peer, addr);
	a.has_peer = false;
	memset(a.broadcast, 0, 4);
	if (!(l->flags & IFF_POINTOPOINT)) {
		a.prefixlen = (uint8_t)abc_len(addr);
		if ((l->flags & IFF_BROADCAST) && a.prefixlen < 31) {
			put_be(a.broadcast, addr | ~mask_of(a.prefixlen));
			a.has_broadcast = true;
		}
	} else {
		a.prefixlen = 32;
	}
	a.valid_lft = a.preferred_lft = VN_INFINITY_LIFE;   /* set_ifa_lifetime */
	if ((addr >> 24) == 127)
		a.scope = 254;   /* RT_SCOPE_HOST: inet_set_ifa */
	return insert_ifa(c, &a);
}

/* The changes to an existing address: delete, change, insert. */
static int change_ifa(struct vn_change *c, const struct vn_link *l, unsigned int cmd,
		      const struct vn_addr *found, uint32_t v)
{
	struct vn_addr a = *found;
	switch (cmd) {
	case SIOCSIFBRDADDR:
		if (a.has_broadcast ? be(a.broadcast) == v : v == 0)
			return 0;
		put_be(a.broadcast, v);
		a.has_broadcast = v != 0;
		break;
	case SIOCSIFDSTADDR:
		if (be(a.has_peer ? a.peer : a.local) == v)
			return 0;
		if (abc_len(v) < 0)
			return -EINVAL;
		put_be(a.peer, v);
		a.has_peer = v != be(a.local);
		break;
	case SIOCSIFNETMASK: {
		if (bad_mask(v))
			return -EINVAL;
		uint32_t old = mask_of(a.prefixlen);
		if (old == v)
			return 0;
		a.prefixlen = (uint8_t)mask_len(v);
		/* a broadcast that matched the old mask follows the new one;
		 * any other was chosen by the user and stays */
		uint32_t brd = a.has_broadcast ? be(a.broadcast) : 0;
		if ((l->flags & IFF_BROADCAST) && a.prefixlen < 31 && brd == (be(a.local) | ~old)) {
			put_be(a.broadcast, be(a.local) | ~v);
			a.has_broadcast = true;
		}
		break;
	}
	}
	int err = del_ifa(c, found);
	return err ? err : insert_ifa(c, &a);
}

static int devinet_set(struct vn_change *c, unsigned int cmd, struct ifreq *ifr)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)&ifr->ifr_addr;
	if (cmd != SIOCSIFFLAGS && sin->sin_family != AF_INET)
		return -EINVAL;
	uint32_t v = be((const uint8_t *)&sin->sin_addr);
	char name[IFNAMSIZ];
	const struct vn_link *l = dev_mut(c->m, ifr, name);
	if (!l)
		return -ENODEV;
	bool alias = strchr(name, ':') != NULL;
	const struct vn_addr *found = vn_ifreq_find_addr(c->m, l, name, &(struct sockaddr){ 0 });
	if (!found && cmd != SIOCSIFADDR && cmd != SIOCSIFFLAGS)
		return -EADDRNOTAVAIL;
	if (cmd == SIOCSIFFLAGS) {
		if (!alias)
			return VN_ENOIOCTLCMD;   /* dev_change_flags, as dev_ioctl */
		if (!found)
			return -EADDRNOTAVAIL;
		/* an alias taken down is an address deleted */
		return ifr->ifr_flags & IFF_UP ? 0 : del_ifa(c, found);
	}
	if (cmd == SIOCSIFADDR)
		return set_addr(c, l, name, found, v);
	return change_ifa(c, l, cmd, found, v);
}

/* addrconf_add_ifaddr / addrconf_del_ifaddr: permanent, no lifetimes */
static int inet6_set(struct vn_change *c, unsigned int cmd, const struct in6_ifreq *r)
{
	if (cmd == SIOCSIFDSTADDR)
		return -ENODEV;   /* addrconf_set_dstaddr: sit tunnels only */
	struct vn_addr a;
	memset(&a, 0, sizeof(a));
	a.ifindex = r->ifr6_ifindex;
	a.family = AF_INET6;
	a.prefixlen = (uint8_t)r->ifr6_prefixlen;
	memcpy(a.local, r->ifr6_addr, 16);
	a.valid_lft = a.preferred_lft = VN_INFINITY_LIFE;
	if (r->ifr6_prefixlen > 128)
		return -EINVAL;
	if (!vn_link_by_index(c->m, a.ifindex))
		return -ENODEV;
	c->nlflags = VN_F_CREATE | VN_F_EXCL;
	return cmd == SIOCSIFADDR ? vn_addr_add(c, &a) : vn_addr_del(c, &a, true, true);
}

/* dev_ifsioc's set requests */
static int dev_set(struct vn_change *c, unsigned int cmd, struct ifreq *ifr)
{
	char name[IFNAMSIZ];
	struct vn_link *l = dev_mut(c->m, ifr, name);
	if (!l)
		return -ENODEV;
	struct vn_link_req q;
	memset(&q, 0, sizeof(q));
	switch (cmd) {
	case SIOCSIFFLAGS: {
		/* every flag a user may set is taken from the request; when
		 * none changes, dev_change_flags notifies nothing */
		unsigned want = (unsigned int)(uint16_t)ifr->ifr_flags;
		unsigned settable = IFF_UP | IFF_DEBUG | IFF_NOTRAILERS | IFF_NOARP | IFF_DYNAMIC |
				    IFF_MULTICAST | IFF_PORTSEL | IFF_AUTOMEDIA | IFF_PROMISC | IFF_ALLMULTI;
		if (((want ^ l->flags) & settable) == 0)
			return 0;
		q.flags = (unsigned int)(int)ifr->ifr_flags;
		q.change = 0xffffffffu;
		break;
	}
	case SIOCSIFMTU:
		if (ifr->ifr_mtu < 0) {
			c->extack = "mtu less than device minimum";
			return -EINVAL;
		}
		if ((unsigned int)ifr->ifr_mtu == l->mtu)
			return 0;
		q.has_mtu = true;
		q.mtu = (unsigned int)ifr->ifr_mtu;
		break;
	case SIOCSIFTXQLEN:
		if (ifr->ifr_qlen < 0)
			return -EINVAL;
		q.has_txqlen = true;
		q.txqlen = (unsigned int)ifr->ifr_qlen;
		break;
	case SIOCSIFHWADDR:
		/* dev_set_mac_address: a device without an address (tun) has
		 * no ndo_set_mac_address; eth_mac_addr checks the rest */
		if (l->addr_len > sizeof(struct sockaddr))
			return -EINVAL;
		if (!l->addr_len)
			return -EOPNOTSUPP;
		if (ifr->ifr_hwaddr.sa_family != l->type)
			return -EINVAL;
		if (!memcmp(l->addr, ifr->ifr_hwaddr.sa_data, l->addr_len))
			return 0;
		q.addr_len = l->addr_len;
		q.addr = (const uint8_t *)ifr->ifr_hwaddr.sa_data;
		break;
	case SIOCSIFHWBROADCAST:
		if (ifr->ifr_hwaddr.sa_family != l->type)
			return -EINVAL;
		memcpy(l->broadcast, ifr->ifr_hwaddr.sa_data,
		       l->addr_len < 14 ? l->addr_len : 14);
		vn_change_emit(c, RTM_NEWLINK, l);
		return 0;
	case SIOCSIFNAME:
		ifr->ifr_newname[IFNAMSIZ - 1] = '\0';
		if (!strncmp(ifr->ifr_newname, l->name, IFNAMSIZ))
			return 0;
		/* an up device may be renamed since 6.2 */
		q.name = ifr->ifr_newname;
		break;
	case SIOCSIFMETRIC:   /* "currently unused" */
	case SIOCSIFMAP:      /* no ndo_set_config on virtual devices */
		return -EOPNOTSUPP;
	default:
		return VN_ENOIOCTLCMD;
	}
	return vn_link_change(c, l->ifindex, &q);
}

/* The capability dev_ioctl / devinet_ioctl / addrconf check first. */
static bool needs_cap(enum vn_ioc_path path, unsigned int cmd)
{
	switch (cmd) {
	case SIOCSIFFLAGS: case SIOCSIFMETRIC: case SIOCSIFMTU: case SIOCSIFHWADDR:
	case SIOCSIFHWBROADCAST: case SIOCSIFMAP: case SIOCSIFTXQLEN: case SIOCSIFNAME:
		return true;
	case SIOCSIFADDR:
		return path != VN_IOC_DEV;
	case SIOCSIFDSTADDR: case SIOCSIFBRDADDR: case SIOCSIFNETMASK:
		return path == VN_IOC_INET;
	case SIOCDIFADDR:
		return path == VN_IOC_INET6;
	}
	return false;
}

size_t vn_ifreq_set_len(enum vn_ioc_path path, unsigned int cmd)
{
	if (path == VN_IOC_INET6 && (cmd == SIOCSIFADDR || cmd == SIOCDIFADDR || cmd == SIOCSIFDSTADDR))
		return sizeof(struct in6_ifreq);
	return sizeof(struct ifreq);
}

int vn_ifreq_set(struct vn_change *c, bool cap, enum vn_ioc_path path, unsigned int cmd, void *req)
{
	bool known = needs_cap(path, cmd);
	if (known && !cap)
		return -EPERM;
	if (path == VN_IOC_INET6 && (cmd == SIOCSIFADDR || cmd == SIOCDIFADDR || cmd == SIOCSIFDSTADDR))
		return inet6_set(c, cmd, req);
	if (path == VN_IOC_INET) {
		switch (cmd) {
		case SIOCSIFADDR: case SIOCSIFDSTADDR: case SIOCSIFBRDADDR: case SIOCSIFNETMASK:
		case SIOCSIFFLAGS: {
			int rc = devinet_set(c, cmd, req);
			if (rc != VN_ENOIOCTLCMD)
				return rc;
		}
		}
	}
	if (!known)
		return -ENOTTY;   /* dev_ioctl: no address requests, SIOCSIFLINK, ... */
	return dev_set(c, cmd, req);
}
