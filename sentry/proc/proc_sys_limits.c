/* /proc/sys outside net: the constants of sysctl_const.h, the limits a
 * kernel sizes from memory at boot (fs/file_table.c, fs/notify/inotify,
 * fs/eventpoll.c, mm/util.c, mm/page_alloc.c via mem_zones.h) for the
 * model's memory, and kernel/random's boot_id and uuid. */
#include <inttypes.h>
#include <stdlib.h>

#include "boot_limits.h"
#include "mem_zones.h"
#include "proc_gen.h"
#include "sysctl_const.h"

#define TEXT(id, name, mode, text) [SC_##id] = text,
static const char *const const_text[SC_N] = { SYSCTL_CONSTS(TEXT) };
#undef TEXT

void gen_sysctl_const(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	if (ctx->arg >= 0 && ctx->arg < SC_N)
		buf_printf(out, "%s\n", const_text[ctx->arg]);
}

/* files_maxfiles_init: a tenth of memory in KiB, at least NR_FILE (the
 * pages the kernel holds at that point of boot are not subtracted: a
 * little above Linux, as threads-max) */
static uint64_t file_max(const struct vn_model *m)
{
	uint64_t n = boot_totalram_pages(m) * 4 / 10;
	return n > 8192 ? n : 8192;
}

void gen_fs_file_max(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_printf(out, "%" PRIu64 "\n", file_max(m));
}

/* allocated, free (always 0 since 2.6), max; the model counts no open
 * files, so none are allocated */
void gen_fs_file_nr(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_printf(out, "0\t0\t%" PRIu64 "\n", file_max(m));
}

/* inotify_user_setup: 1% of memory in watches of INOTIFY_WATCH_COST bytes
 * (a mark and two inodes: 1312 on the 6.18 veneer is checked on), within
 * 8192 .. 1048576 */
void gen_inotify_max_user_watches(const struct vn_model *m, const struct proc_ctx *ctx,
				  struct buf *out)
{
	(void)ctx;
	uint64_t n = ((boot_totalram_pages(m) / 100) << 12) / 1312;
	buf_printf(out, "%" PRIu64 "\n", n < 8192 ? 8192 : n > 1048576 ? 1048576 : n);
}

/* fanotify_user_setup: 1% of memory in inode marks of INODE_MARK_COST
 * bytes (two inodes and a mark: 1232 on the 6.18 veneer is checked on),
 * within 8192 .. 1048576; fs.fanotify.max_user_marks and
 * user.max_fanotify_marks */
void gen_fanotify_max_marks(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	uint64_t n = ((boot_totalram_pages(m) / 100) << 12) / 1232;
	buf_printf(out, "%" PRIu64 "\n", n < 8192 ? 8192 : n > 1048576 ? 1048576 : n);
}

/* user.max_*_namespaces: fork_init sets every ucount limit of the initial
 * user namespace to half of max_threads */
void gen_user_max_namespaces(const struct vn_model *m, const struct proc_ctx *ctx,
			     struct buf *out)
{
	(void)ctx;
	buf_printf(out, "%" PRIu64 "\n", boot_max_threads(m) / 2);
}

/* eventpoll_init: 4% of memory in watches of EP_ITEM_COST bytes (an
 * epitem and an eppoll_entry: 184) */
void gen_epoll_max_user_watches(const struct vn_model *m, const struct proc_ctx *ctx,
				struct buf *out)
{
	(void)ctx;
	buf_printf(out, "%" PRIu64 "\n", ((boot_totalram_pages(m) / 25) << 12) / 184);
}

void gen_vm_min_free_kbytes(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	struct vn_memory mem;
	vn_memory_of(m, 0, &mem);
	buf_printf(out, "%" PRIu64 "\n", mem.min_free_kbytes);
}

/* init_admin_reserve / init_user_reserve: 1/32 of the memory free at boot
 * (all of it, for the model), at most 8 MiB / 128 MiB */
void gen_vm_admin_reserve_kbytes(const struct vn_model *m, const struct proc_ctx *ctx,
				 struct buf *out)
{
	(void)ctx;
	uint64_t n = m->memory_kb / 32;
	buf_printf(out, "%" PRIu64 "\n", n < 8192 ? n : 8192);
}

void gen_vm_user_reserve_kbytes(const struct vn_model *m, const struct proc_ctx *ctx,
				struct buf *out)
{
	(void)ctx;
	uint64_t n = m->memory_kb / 32;
	buf_printf(out, "%" PRIu64 "\n", n < 131072 ? n : 131072);
}

/* "%pU": lower-case hex, 4-2-2-2-6 bytes */
static void print_uuid(struct buf *out, const uint8_t u[16])
{
	for (int i = 0; i < 16; i++)
		buf_printf(out, "%s%02x", i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "", u[i]);
	buf_puts(out, "\n");
}

void gen_random_boot_id(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	print_uuid(out, m->boot_id);
}

/* A new version 4 UUID at every read, as proc_do_uuid makes one: the one
 * generator that is not a function of the model (arc4random_buf is the
 * C library's getrandom). */
void gen_random_uuid(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	uint8_t u[16];
	arc4random_buf(u, sizeof(u));
	u[6] = (uint8_t)((u[6] & 0x0f) | 0x40);
	u[8] = (uint8_t)((u[8] & 0x3f) | 0x80);
	print_uuid(out, u);
}
