/* The renderers of /sys that sys_root.c puts together. */
#ifndef VENEER_SYS_NET_H
#define VENEER_SYS_NET_H

#include "sys_tree.h"

/* What an attribute of a network device is shown for. */
struct sys_netdev {
	const struct vn_model *m;
	const struct vn_link *l;
};

/* /sys/class/net and the device directory of every link (sys_net.c). */
void sys_render_net(const struct vn_model *m, struct sys_tree *t);
/* The kind's own attributes in the device directory dir of x->l:
 * bridge/, brif/ and brforward of a bridge, brport/ of a bridge's port,
 * tun_flags, owner and group of a tun or tap (sys_net_kind.c). */
void sys_render_net_kind(const struct sys_netdev *x, struct sys_tree *t, const char *dir);
/* The directory of a link below /sys: devices/virtual/net/<name>. */
void sys_netdev_dir(const struct vn_link *l, char *out, size_t len);

/* /sys/devices/system/{cpu,node} and /sys/bus/{cpu,node} (sys_cpu.c). */
void sys_render_cpu(const struct vn_model *m, struct sys_tree *t);

#endif
