/* Generators: pure functions from the model to the bytes of one /proc file. */
#ifndef VENEER_PROC_GEN_H
#define VENEER_PROC_GEN_H

#include "../buf.h"
#include "../model.h"
#include "../sandbox.h"

/* Who is reading: per-task files depend on it. pid/tid as the reader sees
 * them. sb: the sandbox's live figures, for the system files (NULL: none,
 * as if nothing ran and no time had passed). */
struct proc_ctx {
	int pid;
	int tid;
	const struct vn_sandbox *sb;
};

typedef void (*proc_gen_fn)(const struct vn_model *m, const struct proc_ctx *ctx,
			    struct buf *out);

void gen_net_dev(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_route(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_if_inet6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_ipv6_route(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);


/* proc_system.c: the machine as the model declares it */
void gen_meminfo(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_cpuinfo(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_stat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_uptime(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_loadavg(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_swaps(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);

/* proc_sys.c */
void gen_sys_hostname(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_domainname(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_osrelease(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_ostype(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_version(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_version(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);

#endif
