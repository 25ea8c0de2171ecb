/* Answers to the interface ioctls (SIOCGIF*) from the model, as
 * net/core/dev_ioctl.c and net/ipv4/devinet.c give them. */
#ifndef VENEER_IFREQ_H
#define VENEER_IFREQ_H

#include <net/if.h>
#include <stddef.h>

#include "../model.h"

/* Fill ifr for request cmd. 0 or -errno; -ENOTTY for requests it does not
 * know. Set requests (SIOCSIF*) are the caller's business. */
int vn_ifreq_get(const struct vn_model *m, unsigned int cmd, struct ifreq *ifr);

/* SIOCGIFCONF: one struct ifreq per IPv4 address (its label and address).
 * With out == NULL only counts. Returns the number of entries written
 * (at most max). */
size_t vn_ifconf(const struct vn_model *m, struct ifreq *out, size_t max);

#endif
