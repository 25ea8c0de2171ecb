/* The whole of /sys: its top-level directories (as a 6.18 x86 guest has
 * them), the network devices, the CPUs and memory, and the few files of
 * the kernel's configuration that runtimes read (transparent huge pages:
 * the JVM, Go, jemalloc). What the model has no notion of is left out:
 * there is nothing of the host's, and no file pretends a device the model
 * does not have (block devices, firmware, modules). /sys/fs/cgroup is the
 * sandbox's own cgroup as the root of its cgroup namespace (sys_cgroup.c),
 * never the host's hierarchy, which names the host's units.
 *
 * Entries are put in the order kernfs lists them (by the hash of their
 * name, fs/kernfs/dir.c kernfs_name_hash), so that a directory read in the
 * tmpfs that serves them, which lists in creation order, sees Linux's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sys_cgroup.h"
#include "sys_net.h"

static const char *const top[] = {
	"block", "bus", "class", "dev", "dev/block", "dev/char", "devices", "devices/system",
	"devices/virtual", "firmware", "fs", "fs/cgroup", "kernel", "kernel/mm", "module", "power",
};

/* mm/huge_memory.c's files for a kernel that defaults to madvise (Debian's,
 * as mem_zones.h assumes), on x86_64 (2 MiB PMD pages) */
static void transparent_hugepage(struct sys_tree *t)
{
	const char *d = "kernel/mm/transparent_hugepage";
	sys_dir(t, "%s", d);
	static const struct {
		const char *name, *text;
		unsigned mode;
	} files[] = {
		{ "enabled", "always [madvise] never\n", 0644 },
		{ "defrag", "always defer defer+madvise [madvise] never\n", 0644 },
		{ "hpage_pmd_size", "2097152\n", 0444 },
		{ "shmem_enabled", "always within_size advise [never] deny force\n", 0644 },
		{ "use_zero_page", "1\n", 0644 },
	};
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		buf_reset(&b);
		buf_puts(&b, files[i].text);
		sys_file(t, files[i].mode, &b, 0, "%s/%s", d, files[i].name);
	}
	buf_free(&b);
}

/* kernfs_name_hash for a node without a namespace tag: full_name_hash's
 * partial steps, hash_long to 32 bits, kept within (1, INT_MAX). (The
 * entries of class/net carry their network namespace's address in the
 * hash, so Linux's order there is per boot; this one is as good.) */
static uint32_t kernfs_hash(const char *name, size_t len)
{
	uint64_t h = 0;
	for (size_t i = 0; i < len; i++) {
		uint64_t c = (uint64_t)(int64_t)(signed char)name[i];   /* a char, sign-extended */
		h = (h + (c << 4) + (c >> 4)) * 11;
	}
	uint32_t v = (uint32_t)((h * 0x61C8864680B583EBull) >> 32) & 0x7fffffffu;
	if (v < 2)
		v += 2;
	if (v >= 0x7fffffffu)
		v = 0x7fffffffu - 1;
	return v;
}

/* Pre-order, siblings by (hash, name): a parent before its children. */
static int kernfs_order(const void *pa, const void *pb)
{
	const char *a = ((const struct sys_node *)pa)->path, *b = ((const struct sys_node *)pb)->path;
	for (;;) {
		size_t la = strcspn(a, "/"), lb = strcspn(b, "/");
		if (la != lb || memcmp(a, b, la) != 0) {
			uint32_t ha = kernfs_hash(a, la), hb = kernfs_hash(b, lb);
			if (ha != hb)
				return ha < hb ? -1 : 1;
			int c = memcmp(a, b, la < lb ? la : lb);
			return c ? c : la < lb ? -1 : 1;
		}
		if (!a[la] || !b[lb])
			return !a[la] && !b[lb] ? 0 : !a[la] ? -1 : 1;
		a += la + 1;
		b += lb + 1;
	}
}

void sys_render(const struct vn_model *m, const struct vn_cgroup_use *use, struct sys_tree *t)
{
	for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++)
		sys_dir(t, "%s", top[i]);
	sys_render_net(m, t);
	sys_render_cpu(m, t);
	transparent_hugepage(t);
	sys_render_cgroup(m, use, t);
	qsort(t->v, t->n, sizeof(t->v[0]), kernfs_order);
}
