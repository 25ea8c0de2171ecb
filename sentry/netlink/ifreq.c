/* See ifreq.h. */
#include "ifreq.h"

#include <errno.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

/* The IPv4 address whose label is `label` (devinet_ioctl matches labels,
 * so "eth0:1" finds an alias). The first one, as the kernel's list has it. */
static const struct vn_addr *addr_by_label(const struct vn_model *m, const struct vn_link *l,
					   const char *label)
{
	for (size_t i = 0; i < m->naddrs; i++) {
		const struct vn_addr *a = &m->addrs[i];
		if (a->family != AF_INET || a->ifindex != l->ifindex)
			continue;
		const char *al = a->label[0] ? a->label : l->name;
		if (strncmp(al, label, IFNAMSIZ) == 0)
			return a;
	}
	return NULL;
}

static void put_in(struct sockaddr *sa, const uint8_t addr[4])
{
	struct sockaddr_in *sin = (struct sockaddr_in *)sa;
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	memcpy(&sin->sin_addr, addr, 4);
}

/* The device part of a name: dev_ioctl and devinet_ioctl cut at the
 * colon, so "eth0:1" is eth0 for everything but the address's label. */
static const struct vn_link *dev_of(const struct vn_model *m, const struct ifreq *ifr,
				    char name[IFNAMSIZ])
{
	memcpy(name, ifr->ifr_name, IFNAMSIZ);
	name[IFNAMSIZ - 1] = '\0';
	char devname[IFNAMSIZ];
	memcpy(devname, name, IFNAMSIZ);
	char *colon = strchr(devname, ':');
	if (colon)
		*colon = '\0';
	return vn_link_by_name(m, devname);
}

const struct vn_addr *vn_ifreq_find_addr(const struct vn_model *m, const struct vn_link *l,
					 const char *label, const struct sockaddr *hint)
{
	/* 4.4BSD style: label and address when the caller passed an AF_INET
	 * address, else the label alone */
	if (hint->sa_family == AF_INET) {
		const uint8_t *want = (const uint8_t *)&((const struct sockaddr_in *)hint)->sin_addr;
		for (size_t i = 0; i < m->naddrs; i++) {
			const struct vn_addr *a = &m->addrs[i];
			const char *al = a->label[0] ? a->label : l->name;
			if (a->family == AF_INET && a->ifindex == l->ifindex &&
			    !strncmp(al, label, IFNAMSIZ) && !memcmp(a->local, want, 4))
				return a;
		}
	}
	return addr_by_label(m, l, label);
}

static int inet_get(const struct vn_model *m, unsigned int cmd, struct ifreq *ifr)
{
	char name[IFNAMSIZ];
	const struct vn_link *l = dev_of(m, ifr, name);
	if (!l)
		return -ENODEV;
	const struct vn_addr *a = vn_ifreq_find_addr(m, l, name, &ifr->ifr_addr);
	if (!a)
		return -EADDRNOTAVAIL;
	uint8_t mask[4] = { 0 };
	switch (cmd) {
	case SIOCGIFADDR:
		put_in(&ifr->ifr_addr, a->local);
		return 0;
	case SIOCGIFDSTADDR:
		put_in(&ifr->ifr_dstaddr, a->has_peer ? a->peer : a->local);
		return 0;
	case SIOCGIFBRDADDR:
		put_in(&ifr->ifr_broadaddr, a->has_broadcast ? a->broadcast : mask);
		return 0;
	case SIOCGIFNETMASK:
		for (int b = 0; b < a->prefixlen && b < 32; b++)
			mask[b / 8] |= (uint8_t)(0x80 >> (b % 8));
		put_in(&ifr->ifr_netmask, mask);
		return 0;
	}
	return -ENOTTY;
}

int vn_ifreq_get(const struct vn_model *m, unsigned int cmd, struct ifreq *ifr)
{
	const struct vn_link *l;
	switch (cmd) {
	case SIOCGIFNAME:
		l = vn_link_by_index(m, ifr->ifr_ifindex);
		if (!l)
			return -ENODEV;
		memset(ifr->ifr_name, 0, IFNAMSIZ);
		memcpy(ifr->ifr_name, l->name, strnlen(l->name, IFNAMSIZ - 1));
		return 0;
	case SIOCGIFADDR:
	case SIOCGIFDSTADDR:
	case SIOCGIFBRDADDR:
	case SIOCGIFNETMASK:
		return inet_get(m, cmd, ifr);
	}
	char name[IFNAMSIZ];
	l = dev_of(m, ifr, name);
	if (!l)
		return -ENODEV;
	switch (cmd) {
	case SIOCGIFINDEX:
		ifr->ifr_ifindex = l->ifindex;
		return 0;
	case SIOCGIFFLAGS:
		/* the legacy 16-bit flags: no IFF_LOWER_UP, IFF_DORMANT, IFF_ECHO */
		ifr->ifr_flags = (short)(l->flags & 0xffff);
		return 0;
	case SIOCGIFMTU:
		ifr->ifr_mtu = (int)l->mtu;
		return 0;
	case SIOCGIFTXQLEN:
		ifr->ifr_qlen = (int)l->txqlen;
		return 0;
	case SIOCGIFMETRIC:
		ifr->ifr_metric = 0;
		return 0;
	case SIOCGIFHWADDR:
		memset(&ifr->ifr_hwaddr, 0, sizeof(ifr->ifr_hwaddr));
		ifr->ifr_hwaddr.sa_family = l->type;
		memcpy(ifr->ifr_hwaddr.sa_data, l->addr,
		       l->addr_len < sizeof(ifr->ifr_hwaddr.sa_data) ? l->addr_len : sizeof(ifr->ifr_hwaddr.sa_data));
		return 0;
	case SIOCGIFMAP:
		/* virtual devices have no I/O map */
		memset(&ifr->ifr_map, 0, sizeof(ifr->ifr_map));
		return 0;
	case SIOCGIFPFLAGS:
		ifr->ifr_flags = 0;
		return 0;
	}
	return -ENOTTY;
}

enum vn_ioc_path vn_ioc_path_of(int family)
{
	/* packet sockets pass the IPv4 requests on to inet_dgram_ops */
	if (family == AF_INET || family == AF_PACKET)
		return VN_IOC_INET;
	return family == AF_INET6 ? VN_IOC_INET6 : VN_IOC_DEV;
}

bool vn_ioc_needs_family(unsigned int cmd)
{
	switch (cmd) {
	case SIOCGIFADDR: case SIOCGIFDSTADDR: case SIOCGIFBRDADDR: case SIOCGIFNETMASK:
	case SIOCSIFADDR: case SIOCSIFDSTADDR: case SIOCSIFBRDADDR: case SIOCSIFNETMASK:
	case SIOCSIFFLAGS: case SIOCDIFADDR:
		return true;
	}
	return false;
}

int vn_ifreq_get_on(const struct vn_model *m, enum vn_ioc_path path, unsigned int cmd,
		    struct ifreq *ifr)
{
	if (path != VN_IOC_INET && vn_ioc_needs_family(cmd))
		return -ENOTTY;   /* dev_ioctl has no address requests */
	return vn_ifreq_get(m, cmd, ifr);
}

size_t vn_ifconf(const struct vn_model *m, struct ifreq *out, size_t max)
{
	size_t n = 0;
	/* devinet's ifconf walks devices in order, each device's addresses in
	 * list order. */
	for (size_t li = 0; li < m->nlinks; li++) {
		const struct vn_link *l = &m->links[li];
		for (size_t i = 0; i < m->naddrs; i++) {
			const struct vn_addr *a = &m->addrs[i];
			if (a->family != AF_INET || a->ifindex != l->ifindex)
				continue;
			if (out) {
				if (n >= max)
					return n;
				memset(&out[n], 0, sizeof(out[n]));
				{ const char *nm = a->label[0] ? a->label : l->name; memcpy(out[n].ifr_name, nm, strnlen(nm, IFNAMSIZ - 1)); }
				put_in(&out[n].ifr_addr, a->local);
			}
			n++;
		}
	}
	return n;
}
