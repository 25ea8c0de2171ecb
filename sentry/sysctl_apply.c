/* See sysctl_apply.h. */
#include "sysctl_apply.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "devconf.h"
#include "proc/proc_tree.h"

/* sysctl(8)'s name to a path below /proc/sys: '.' separates, '/' stands
 * for a '.' inside a name (a link "eth0.100"). */
static int name_to_path(const char *name, char *out, size_t cap)
{
	size_t n = strlen(name);
	if (n == 0 || n >= cap)
		return -EINVAL;
	for (size_t i = 0; i <= n; i++)
		out[i] = name[i] == '.' ? '/' : name[i] == '/' ? '.' : name[i];
	return 0;
}

static int walk(const struct vn_model *m, const char *name, const struct proc_entry **row, int *dev)
{
	char path[512];
	int rc = name_to_path(name, path, sizeof(path));
	if (rc < 0)
		return rc;
	const struct proc_entry *e = proc_lookup(&proc_root_entry, "sys");
	*dev = 0;
	char *save = NULL;
	for (char *comp = strtok_r(path, "/", &save); comp; comp = strtok_r(NULL, "/", &save)) {
		if (!e || (e->kind != PK_DIR && e->kind != PK_DEVS))
			return -ENOENT;
		if (e->kind == PK_DEVS) {
			*dev = proc_devs_dev(e, m, comp);
			if (!*dev)
				return -ENOENT;
		}
		e = proc_lookup(e, comp);
	}
	if (!e || e->kind != PK_FILE)
		return -ENOENT;
	*row = e;
	return 0;
}

int vn_sysctl_apply(struct vn_model *m, const char *name, const char *value, size_t len)
{
	const struct proc_entry *e;
	int dev;
	int rc = walk(m, name, &e, &dev);
	if (rc < 0)
		return rc;
	if (!e->put || !(e->mode & 0222))
		return -EPERM;   /* read-only (mc_forwarding's 0444), as for sysctl -w */
	struct proc_ctx ctx = { .arg = e->arg, .dev = dev };
	int64_t n = e->put(m, &ctx, value, len, 0);
	return n < 0 ? (int)n : 0;
}

int vn_sysctl_read(const struct vn_model *m, const char *name, char *out, size_t cap)
{
	const struct proc_entry *e;
	int dev;
	int rc = walk(m, name, &e, &dev);
	if (rc < 0)
		return rc;
	int err = 0;
	struct proc_ctx ctx = { .arg = e->arg, .dev = dev, .err = &err };
	struct buf b;
	buf_init(&b);
	e->gen(m, &ctx, &b);
	rc = err ? -err : (b.len < cap ? (int)b.len : -ENOSPC);
	if (rc >= 0) {
		memcpy(out, b.data, b.len);
		out[b.len] = '\0';
	}
	buf_free(&b);
	return rc;
}

/* Every writable row below dir (a path of sysctl names so far), for the
 * links of m under PK_DEVS. */
static void each_row(const struct vn_model *m, const struct proc_entry *dir, char *name, size_t at,
		     size_t cap, vn_sysctl_visit fn, void *arg)
{
	for (const struct proc_entry *e = dir->children; e && e->name; e++) {
		if (!proc_row_present(e))
			continue;
		int n = snprintf(name + at, cap - at, "%s%s", at ? "." : "", e->name);
		if (n < 0 || (size_t)n >= cap - at)
			continue;
		size_t end = at + (size_t)n;
		if (e->kind == PK_FILE && e->put && (e->mode & 0222)) {
			fn(name, arg);
		} else if (e->kind == PK_DIR) {
			each_row(m, e, name, end, cap, fn, arg);
		} else if (e->kind == PK_DEVS && e->arg == PROC_DEVS_CONF) {
			const char *fixed[] = { "all", "default" };
			size_t nfixed = sizeof(fixed) / sizeof(fixed[0]);
			for (size_t i = 0; i < nfixed + m->nlinks; i++) {
				char dev[64];
				/* a '.' in a link's name is '/' in sysctl's */
				snprintf(dev, sizeof(dev), "%s", i < nfixed ? fixed[i] : m->links[i - nfixed].name);
				for (char *p = dev; *p; p++)
					if (*p == '.')
						*p = '/';
				int k = snprintf(name + end, cap - end, ".%s", dev);
				if (k > 0 && (size_t)k < cap - end)
					each_row(m, &e->children[0], name, end + (size_t)k, cap, fn, arg);
			}
		}
	}
}

void vn_sysctl_each_writable(const struct vn_model *m, const char *prefix, vn_sysctl_visit fn, void *arg)
{
	const struct proc_entry *e = proc_lookup(&proc_root_entry, "sys");
	char name[512] = "";
	size_t at = 0;
	char path[256];
	if (prefix && name_to_path(prefix, path, sizeof(path)) == 0) {
		char *save = NULL;
		for (char *comp = strtok_r(path, "/", &save); comp && e; comp = strtok_r(NULL, "/", &save))
			e = e->kind == PK_DIR ? proc_lookup(e, comp) : NULL;
		if (!e || e->kind != PK_DIR)
			return;
		at = (size_t)snprintf(name, sizeof(name), "%s", prefix);
	}
	each_row(m, e, name, at, sizeof(name), fn, arg);
}
