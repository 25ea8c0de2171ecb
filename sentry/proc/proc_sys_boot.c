/* /proc/sys/kernel and net.core files whose value the machine sets at
 * boot: the command line (panic=, quiet, loglevel=, debug), the CPUs
 * (cpumasks), and the sandbox's pid namespace (ns_last_pid). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../sandbox.h"
#include "proc_gen.h"

/* The kernel's parameters on the command line, in order (those after
 * "--" are init's): each call sets *p and *n to the next one, false at
 * the end. */
static bool next_param(const char **s, const char **p, size_t *n)
{
	*s += strspn(*s, " ");
	*n = strcspn(*s, " ");
	*p = *s;
	*s += *n;
	return *n > 0 && !(*n == 2 && strncmp(*p, "--", 2) == 0);
}

/* the number after "key=" in p (n bytes), or -1 if p is not key= */
static int param_int(const char *p, size_t n, const char *key)
{
	size_t k = strlen(key);
	char v[16];
	if (n <= k || n - k >= sizeof(v) || strncmp(p, key, k) != 0)
		return -1;
	memcpy(v, p + k, n - k);
	v[n - k] = '\0';
	return atoi(v);
}

/* panic= (CONFIG_PANIC_TIMEOUT, 0, when not given; the last one wins) */
void gen_sys_panic(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	int secs = 0, v;
	const char *s = m->cmdline, *p;
	size_t n;
	while (next_param(&s, &p, &n))
		if ((v = param_int(p, n, "panic=")) >= 0)
			secs = v;
	buf_printf(out, "%d\n", secs);
}

/* console_loglevel, default_message_loglevel, minimum_console_loglevel,
 * default_console_loglevel: 7 4 1 7, the first set by "quiet" (4),
 * "debug" (10) or "loglevel=N", whichever comes last */
void gen_sys_printk(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	int level = 7, v;
	const char *s = m->cmdline, *p;
	size_t n;
	while (next_param(&s, &p, &n)) {
		if (n == 5 && strncmp(p, "quiet", 5) == 0)
			level = 4;
		else if (n == 5 && strncmp(p, "debug", 5) == 0)
			level = 10;
		else if ((v = param_int(p, n, "loglevel=")) >= 0)
			level = v;
	}
	buf_printf(out, "%d\t4\t1\t7\n", level);
}

/* "%*pbl" of every CPU: the watchdog runs on all of them */
void gen_sys_watchdog_cpumask(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	if (m->cpus > 1)
		buf_printf(out, "0-%d\n", m->cpus - 1);
	else
		buf_puts(out, "0\n");
}

/* "%*pb" of an empty mask of nr_cpu_ids bits: hex digits, in groups of
 * eight (32 bits) separated by commas, the first group as wide as its
 * bits need */
void gen_core_rps_default_mask(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	int bits = m->cpus > 0 ? m->cpus : 1;
	int first = bits % 32 ? bits % 32 : 32;
	for (int i = 0; i < (first + 3) / 4; i++)
		buf_puts(out, "0");
	for (int left = bits - first; left > 0; left -= 32)
		buf_puts(out, ",00000000");
	buf_puts(out, "\n");
}

/* the last pid handed out in the sandbox's pid namespace */
void gen_sys_ns_last_pid(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	buf_printf(out, "%d\n", ctx->sb ? ctx->sb->last_pid : 0);
}
