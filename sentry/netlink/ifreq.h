/* Answers to the interface ioctls (SIOCGIF*) from the model, as
 * net/core/dev_ioctl.c and net/ipv4/devinet.c give them. */
#ifndef VENEER_IFREQ_H
#define VENEER_IFREQ_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "../model.h"

/* Fill ifr for request cmd. 0 or -errno; -ENOTTY for requests it does not
 * know. Set requests are vn_ifreq_set's. */
int vn_ifreq_get(const struct vn_model *m, unsigned int cmd, struct ifreq *ifr);

/* The request's path in the kernel depends on the socket it is made on:
 * inet_ioctl sends the IPv4 address requests and SIOCSIFFLAGS to
 * devinet_ioctl (labels, aliases), inet6_ioctl takes SIOCSIFADDR,
 * SIOCDIFADDR and SIOCSIFDSTADDR as in6_ifreq, every other socket
 * reaches only dev_ioctl (no address requests: ENOTTY). */
enum vn_ioc_path { VN_IOC_DEV, VN_IOC_INET, VN_IOC_INET6 };
enum vn_ioc_path vn_ioc_path_of(int family);
/* Whether the answer to cmd depends on the socket's family. */
bool vn_ioc_needs_family(unsigned int cmd);
/* The IPv4 address requests as devinet_ioctl answers them on an AF_INET
 * socket; vn_ifreq_get otherwise. */
int vn_ifreq_get_on(const struct vn_model *m, enum vn_ioc_path path, unsigned int cmd,
		    struct ifreq *ifr);

/* devinet_ioctl's address of a label ("eth0", "eth0:1"): the one whose
 * local address is hint's when hint is AF_INET, else the first. */
const struct vn_addr *vn_ifreq_find_addr(const struct vn_model *m, const struct vn_link *l,
					 const char *label, const struct sockaddr *hint);

struct vn_change;
/* A set request (SIOCSIF*, SIOCDIFADDR) as dev_ioctl / devinet_ioctl /
 * addrconf make it: EPERM without cap (before anything else, as the
 * kernel checks), then the change through the model's change functions.
 * For VN_IOC_INET6 address requests req is a struct in6_ifreq.
 * -ENOIOCTLCMD (515) for requests this does not handle. */
#define VN_ENOIOCTLCMD 515
int vn_ifreq_set(struct vn_change *c, bool cap, enum vn_ioc_path path, unsigned int cmd, void *req);
/* How many bytes of the caller's argument a set request reads. */
size_t vn_ifreq_set_len(enum vn_ioc_path path, unsigned int cmd);

/* SIOCGIFCONF: one struct ifreq per IPv4 address (its label and address).
 * With out == NULL only counts. Returns the number of entries written
 * (at most max). */
size_t vn_ifconf(const struct vn_model *m, struct ifreq *out, size_t max);

#endif
