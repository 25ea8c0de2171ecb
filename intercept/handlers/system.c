/* System facts asked by system call rather than through /proc: uname,
 * sethostname/setdomainname, sysinfo, sched_getaffinity — answered from the
 * model so they agree with /proc/sys/kernel, /proc/meminfo and /proc/cpuinfo
 * (kernel/sys.c, kernel/sched/core.c semantics). */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

#include "handlers.h"
#include "resolve.h"
#include "sandbox_ctx.h"
#include "sandbox_facts.h"
#include "sandbox_tasks.h"

void h_uname(struct vcall *c)
{
	struct utsname u;
	memset(&u, 0, sizeof(u));
	snprintf(u.sysname, sizeof(u.sysname), "Linux");
	snprintf(u.nodename, sizeof(u.nodename), "%s", c->sandbox->model.hostname);
	snprintf(u.release, sizeof(u.release), "%s", c->sandbox->model.release);
	snprintf(u.version, sizeof(u.version), "%s", c->sandbox->model.version);
	snprintf(u.machine, sizeof(u.machine), "x86_64");
	snprintf(u.domainname, sizeof(u.domainname), "%s", c->sandbox->model.domainname);
	if (vcall_write(c, c->args[0], &u, sizeof(u)) != (ssize_t)sizeof(u)) {
		vcall_reply_errno(c, EFAULT);
		return;
	}
	vcall_reply_value(c, 0);
}

/* sethostname/setdomainname: CAP_SYS_ADMIN (the model's), at most 64 bytes. */
static void set_name(struct vcall *c, char *field, size_t cap)
{
	uint64_t len = c->args[1];
	if (!vcall_capable(c, CAP_SYS_ADMIN)) {
		vcall_reply_errno(c, EPERM);
		return;
	}
	if (len > cap - 1) {
		vcall_reply_errno(c, EINVAL);
		return;
	}
	char name[65];
	if (vcall_read(c, name, c->args[0], len) != (ssize_t)len) {
		vcall_reply_errno(c, EFAULT);
		return;
	}
	name[len] = '\0';
	memcpy(field, name, len + 1);
	vcall_reply_value(c, 0);
}

void h_sethostname(struct vcall *c)
{
	set_name(c, c->sandbox->model.hostname, sizeof(c->sandbox->model.hostname));
}

void h_setdomainname(struct vcall *c)
{
	set_name(c, c->sandbox->model.domainname, sizeof(c->sandbox->model.domainname));
}

void h_sysinfo(struct vcall *c)
{
	struct vn_sandbox sb;
	sandbox_facts(&sb);
	struct sysinfo si;
	memset(&si, 0, sizeof(si));
	uint64_t total = c->sandbox->model.memory_kb * 1024;
	uint64_t used = sb.rss_kb * 1024 < total ? sb.rss_kb * 1024 : total;
	si.uptime = (long)(sb.uptime_cs / 100);
	si.totalram = total;
	si.freeram = total - used;
	si.procs = (unsigned short)(sb.nthreads ? sb.nthreads : 1);
	si.mem_unit = 1;
	if (vcall_write(c, c->args[0], &si, sizeof(si)) != (ssize_t)sizeof(si)) {
		vcall_reply_errno(c, EFAULT);
		return;
	}
	vcall_reply_value(c, 0);
}

/* The mask of the model's CPUs 0..cpus-1, in the kernel's cpumask size
 * (nr_cpu_ids bits rounded up to a long); the syscall returns that size. */
void h_sched_getaffinity(struct vcall *c)
{
	int pid = (int)c->args[0];
	uint64_t len = c->args[1];
	int cpus = c->sandbox->model.cpus > 0 ? c->sandbox->model.cpus : 1;
	size_t size = (size_t)((cpus + 63) / 64) * 8;
	if (pid < 0 || (pid > 0 && !sandbox_has_task(pid))) {
		vcall_reply_errno(c, pid < 0 ? EINVAL : ESRCH);
		return;
	}
	if (len * 8 < (uint64_t)cpus || (len & (sizeof(long) - 1))) {
		vcall_reply_errno(c, EINVAL);
		return;
	}
	uint8_t mask[1024];
	if (size > sizeof(mask)) {
		vcall_reply_errno(c, EINVAL);
		return;
	}
	memset(mask, 0, size);
	for (int i = 0; i < cpus; i++)
		mask[i / 8] |= (uint8_t)(1u << (i % 8));
	if (vcall_write(c, c->args[2], mask, size) != (ssize_t)size) {
		vcall_reply_errno(c, EFAULT);
		return;
	}
	vcall_reply_value(c, (int64_t)size);
}
