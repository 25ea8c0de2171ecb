/* sysctls by sysctl(8)'s names ("net.ipv4.conf.all.forwarding"), through
 * the /proc/sys rows of the tree: the scenario's "sysctl" object is applied
 * with them (as `sysctl -w` would write each), and `veneer snapshot`
 * records the values that differ from what the model would show. */
#ifndef VENEER_SYSCTL_APPLY_H
#define VENEER_SYSCTL_APPLY_H

#include <stddef.h>

#include "model.h"

/* Write value (len bytes, as to the file) to the sysctl: 0, or -ENOENT (no
 * such row for this model), -EPERM (read-only), -EINVAL (the row's own
 * refusal). */
int vn_sysctl_apply(struct vn_model *m, const char *name, const char *value, size_t len);
/* The file's content as the model renders it, NUL-terminated: its length,
 * or -errno. */
int vn_sysctl_read(const struct vn_model *m, const char *name, char *out, size_t cap);

typedef void (*vn_sysctl_visit)(const char *name, void *arg);
/* Every writable sysctl below prefix ("net"; NULL: all), for the model's
 * links under conf/, by its sysctl(8) name. */
void vn_sysctl_each_writable(const struct vn_model *m, const char *prefix, vn_sysctl_visit fn, void *arg);

#endif
