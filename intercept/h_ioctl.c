/* Interface ioctls (0x89xx): answered from the model on any socket, as
 * the kernel answers them on any socket. The filter traps only this range. */
#include <errno.h>
#include <linux/capability.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "handlers.h"
#include "netlink/ifreq.h"
#include "supervisor.h"

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
	size_t total = vn_ifconf(&sv.model, NULL, 0);
	if (!ifc.ifc_buf) {
		ifc.ifc_len = (int)(total * sizeof(struct ifreq));
	} else {
		size_t max = ifc.ifc_len < 0 ? 0 : (size_t)ifc.ifc_len / sizeof(struct ifreq);
		struct ifreq *reqs = calloc(total ? total : 1, sizeof(*reqs));
		if (!reqs)
			abort();
		size_t n = vn_ifconf(&sv.model, reqs, max);
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
	if (is_set_request(cmd)) {
		/* Changing the model through ioctls comes with the change
		 * requests of rtnetlink; until then a kernel that refuses. */
		vcall_reply_errno(c, sv_has_cap(CAP_NET_ADMIN) ? EOPNOTSUPP : EPERM);
		return;
	}
	if (cmd == SIOCETHTOOL) {
		/* No ethtool driver behind the model's links. */
		vcall_reply_errno(c, EOPNOTSUPP);
		return;
	}
	struct ifreq ifr;
	if (vcall_read(c, &ifr, c->args[2], sizeof(ifr)) < 0) {
		vcall_reply_errno(c, EFAULT);
		return;
	}
	int rc = vn_ifreq_get(&sv.model, cmd, &ifr);
	if (rc < 0) {
		vcall_reply_errno(c, -rc);
		return;
	}
	if (vcall_write(c, c->args[2], &ifr, sizeof(ifr)) < 0)
		vcall_reply_errno(c, EFAULT);
	else
		vcall_reply_value(c, 0);
}
