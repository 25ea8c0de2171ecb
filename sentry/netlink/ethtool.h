/* SIOCETHTOOL as net/ethtool/ioctl.c answers it for the model's links:
 * the driver of each link kind (veth, bridge, tun, dummy, loopback) with
 * the ethtool_ops that driver has, in Linux 6.18. */
#ifndef VENEER_ETHTOOL_H
#define VENEER_ETHTOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model.h"

#define VN_ETHTOOL_MAX 4096  /* the largest block an answer writes (GSTRINGS of link modes) */

/* How many bytes of the command block at ifr_data the kernel reads for
 * cmd (the first 4 are cmd itself). */
size_t vn_ethtool_in_len(uint32_t cmd);

/* Answer the command in buf (vn_ethtool_in_len bytes read from the
 * caller, room for VN_ETHTOOL_MAX) for device name: 0 with *out_len
 * bytes to copy back, or -errno (ENODEV, EPERM for commands only
 * CAP_NET_ADMIN may make, EOPNOTSUPP where the driver has no op). */
int vn_ethtool(const struct vn_model *m, const char *name, bool cap, uint8_t *buf, size_t *out_len);

/* What the driver's get_link_ksettings says of l: speed (SPEED_UNKNOWN
 * is ~0) and duplex (DUPLEX_*), as sysfs's speed and duplex show them.
 * 0, or -EOPNOTSUPP when the driver has no such op. */
int vn_ethtool_speed(const struct vn_model *m, const struct vn_link *l, uint32_t *speed,
		     uint8_t *duplex);

#endif
