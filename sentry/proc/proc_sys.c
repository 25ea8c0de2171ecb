/* /proc/sys/kernel files that hold model facts. */
#include "proc_gen.h"

#include <string.h>

#include "../sysctl_parse.h"
#include "boot_limits.h"

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

/* pid_max as a new kernel sizes it: 32768, or 1024 per CPU when more
 * (pid_idr_init) */
void gen_sys_pid_max(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	int n = m->cpus * 1024;
	buf_printf(out, "%d\n", n > 32768 ? n : 32768);
}

void gen_sys_threads_max(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_printf(out, "%llu\n", (unsigned long long)boot_max_threads(m));
}

/* proc_do_uts_string: a string of at most 64 bytes */
static int64_t put_name(char *field, const char *buf, size_t len, int64_t pos)
{
	char name[65];
	if (sysctl_parse_string(field, sizeof(name), buf, len, pos, name))
		memcpy(field, name, sizeof(name));
	return (int64_t)len;
}

int64_t put_sys_hostname(struct vn_model *m, const struct proc_ctx *ctx, const char *buf,
			 size_t len, int64_t pos)
{
	(void)ctx;
	return put_name(m->hostname, buf, len, pos);
}

int64_t put_sys_domainname(struct vn_model *m, const struct proc_ctx *ctx, const char *buf,
			   size_t len, int64_t pos)
{
	(void)ctx;
	return put_name(m->domainname, buf, len, pos);
}
