/* /proc/sys/kernel files that hold model facts. */
#include "proc_gen.h"

void gen_sys_hostname(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_printf(out, "%s\n", m->hostname);
}

void gen_sys_domainname(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_printf(out, "%s\n", m->domainname);
}

void gen_sys_osrelease(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_printf(out, "%s\n", m->release);
}

void gen_sys_ostype(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m; (void)ctx;
	buf_puts(out, "Linux\n");
}

void gen_sys_version(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_printf(out, "%s\n", m->version);
}

/* /proc/version: "Linux version RELEASE (builder) VERSION" */
void gen_version(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_printf(out, "Linux version %s (veneer@veneer) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) %s\n",
		   m->release, m->version);
}
