/* Interface ioctls (0x89xx): answered from the model on any socket, as
 * the kernel answers them on any socket. The filter traps only this range. */
#include <errno.h>
#include <linux/capability.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "handlers.h"
#include "model_change.h"
#include "netlink/ethtool.h"
#include "netlink/ifreq.h"
#include "nlsock.h"
#include "sandbox_ctx.h"

/* Socket-level requests below SIOCADDRT concern the socket itself (owner,
 * timestamps, OOB mark): no kernel state leaks through them. */
#define FIRST_NET_IOCTL SIOCADDRT

static void h_ifconf(struct vcall *c)
{
	struct ifconf ifc;
	if (vcall_read(c, &ifc, c->args[2], sizeof(ifc)) < 0) {
		vcall_reply_errno(c, EFAULT);
		return;
	}
	size_t total = vn_ifconf(&c->sandbox->model, NULL, 0);
	if (!ifc.ifc_buf) {
		ifc.ifc_len = (int)(total * sizeof(struct ifreq));
	} else {
		size_t max = ifc.ifc_len < 0 ? 0 : (size_t)ifc.ifc_len / sizeof(struct ifreq);
		struct ifreq *reqs = calloc(total ? total : 1, sizeof(*reqs));
		if (!reqs)
			abort();
		size_t n = vn_ifconf(&c->sandbox->model, reqs, max);
		if (vcall_write(c, (uint64_t)(uintptr_t)ifc.ifc_buf, reqs, n * sizeof(*reqs)) < 0) {
			free(reqs);
			vcall_reply_errno(c, EFAULT);
			return;
		}
		free(reqs);
		ifc.ifc_len = (int)(n * sizeof(struct ifreq));
	}
	if (vcall_write(c, c->args[2], &ifc, sizeof(ifc)) < 0)
		vcall_reply_errno(c, EFAULT);
	else
		vcall_reply_value(c, 0);
}

static bool is_set_request(unsigned int cmd)
{
	switch (cmd) {
	case SIOCADDRT: case SIOCDELRT: case SIOCSIFNAME: case SIOCSIFFLAGS:
	case SIOCSIFADDR: case SIOCSIFDSTADDR: case SIOCSIFBRDADDR: case SIOCSIFNETMASK:
	case SIOCSIFMETRIC: case SIOCSIFMTU: case SIOCSIFHWADDR: case SIOCSIFTXQLEN:
	case SIOCSIFMAP: case SIOCSIFPFLAGS: case SIOCDIFADDR: case SIOCSIFHWBROADCAST:
	case SIOCADDMULTI: case SIOCDELMULTI: case SIOCSIFLINK: case SIOCDARP:
	case SIOCSARP: case SIOCDRARP: case SIOCSRARP: case SIOCSIFBR: case SIOCSIFVLAN:
	case SIOCBRADDBR: case SIOCBRDELBR: case SIOCBRADDIF: case SIOCBRDELIF:
		return true;
	}
	return false;
}

/* The family of the socket the caller made the request on (the kernel
 * routes some requests by it: ifreq.h), from our own copy of its fd.
 * -1 when fd is no socket (or no fd): the kernel then answers natively. */
static int socket_family(struct vcall *c, int fd)
{
	int dup = vcall_fd_copy(c, fd);
	if (dup < 0)
		return -1;
	int family = -1;
	socklen_t len = sizeof(family);
	if (getsockopt(dup, SOL_SOCKET, SO_DOMAIN, &family, &len) < 0)
		family = -1;
	close(dup);
	/* veneer's netlink stand-ins are unix sockets: netlink sockets too
	 * reach only dev_ioctl */
	return family;
}

static void h_set(struct vcall *c, unsigned int cmd, enum vn_ioc_path path)
{
	union { struct ifreq ifr; uint8_t raw[64]; } req;
	memset(&req, 0, sizeof(req));
	size_t len = vn_ifreq_set_len(path, cmd);
	/* the capability comes before the copy, as in the kernel */
	bool cap = vcall_capable(c, CAP_NET_ADMIN);
	if (cap && vcall_read(c, &req, c->args[2], len) < 0) {
		vcall_reply_errno(c, EFAULT);
		return;
	}
	/* the changes are multicast to the sandbox's subscribed sockets */
	struct vn_change ch = { .m = &c->sandbox->model, .ev = nl_mcast_events() };
	int rc = vn_ifreq_set(&ch, cap, path, cmd, &req);
	nl_mcast_flush(NULL);
	if (rc == VN_ENOIOCTLCMD)   /* route, ARP, bridge, multicast requests */
		rc = cap ? -EOPNOTSUPP : -EPERM;
	vcall_reply_errno(c, rc < 0 ? -rc : 0);
}

static void h_ethtool(struct vcall *c)
{
	struct ifreq ifr;
	uint8_t block[VN_ETHTOOL_MAX];
	if (vcall_read(c, &ifr, c->args[2], sizeof(ifr)) < 0 ||
	    vcall_read(c, block, (uint64_t)(uintptr_t)ifr.ifr_data, 4) < 0) {
		vcall_reply_errno(c, EFAULT);
		return;
	}
	uint32_t cmd;
	memcpy(&cmd, block, 4);
	size_t in = vn_ethtool_in_len(cmd), out = 0;
	if (in > 4 && vcall_read(c, block + 4, (uint64_t)(uintptr_t)ifr.ifr_data + 4, in - 4) < 0) {
		vcall_reply_errno(c, EFAULT);
		return;
	}
	char name[IFNAMSIZ];
	memcpy(name, ifr.ifr_name, IFNAMSIZ);
	name[IFNAMSIZ - 1] = '\0';
	char *colon = strchr(name, ':');
	if (colon)
		*colon = '\0';
	int rc = vn_ethtool(&c->sandbox->model, name, vcall_capable(c, CAP_NET_ADMIN), block, &out);
	if (rc < 0)
		vcall_reply_errno(c, -rc);
	else if (out && vcall_write(c, (uint64_t)(uintptr_t)ifr.ifr_data, block, out) < 0)
		vcall_reply_errno(c, EFAULT);
	else
		vcall_reply_value(c, 0);
}

void h_ioctl(struct vcall *c)
{
	unsigned int cmd = (unsigned int)c->args[1];
	if (cmd < FIRST_NET_IOCTL) {
		vcall_reply_continue(c);
		return;
	}
	if (cmd == SIOCGIFCONF) {
		h_ifconf(c);
		return;
	}
	if (cmd == SIOCETHTOOL) {
		h_ethtool(c);
		return;
	}
	enum vn_ioc_path path = VN_IOC_DEV;
	if (vn_ioc_needs_family(cmd)) {
		int family = socket_family(c, (int)c->args[0]);
		if (family < 0) {
			vcall_reply_continue(c);   /* ENOTTY / EBADF from the kernel */
			return;
		}
		path = vn_ioc_path_of(family);
	}
	if (is_set_request(cmd)) {
		h_set(c, cmd, path);
		return;
	}
	struct ifreq ifr;
	if (vcall_read(c, &ifr, c->args[2], sizeof(ifr)) < 0) {
		vcall_reply_errno(c, EFAULT);
		return;
	}
	int rc = vn_ifreq_get_on(&c->sandbox->model, path, cmd, &ifr);
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return;
	}
	if (vcall_write(c, c->args[2], &ifr, sizeof(ifr)) < 0)
		vcall_reply_errno(c, EFAULT);
	else
		vcall_reply_value(c, 0);
}
