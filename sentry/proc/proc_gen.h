/* Generators: pure functions from the model to the bytes of one /proc file. */
#ifndef VENEER_PROC_GEN_H
#define VENEER_PROC_GEN_H

#include "../buf.h"
#include "../model.h"

/* Who is reading: per-task files depend on it. pid/tid as the reader sees them. */
struct proc_ctx {
	int pid;
	int tid;
};

typedef void (*proc_gen_fn)(const struct vn_model *m, const struct proc_ctx *ctx,
			    struct buf *out);

void gen_net_dev(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_route(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_if_inet6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_net_ipv6_route(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);


/* proc_sys.c */
void gen_sys_hostname(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_domainname(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_osrelease(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_ostype(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_sys_version(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);
void gen_version(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out);

#endif
