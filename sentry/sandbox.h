/* Facts about the sandbox's live tasks that system files summarise
 * (/proc/meminfo's use, /proc/stat's times, /proc/loadavg's counts). The
 * supervisor gathers them from the host for the sandbox's tasks only
 * (intercept/host/sandbox_facts.c) and hands them to generators, which stay
 * pure functions of the model and these numbers. */
#ifndef VENEER_SANDBOX_H
#define VENEER_SANDBOX_H

#include <stddef.h>
#include <stdint.h>

#define VN_HZ 100   /* USER_HZ: the unit of times in /proc/stat */

struct vn_sandbox {
	uint64_t uptime_cs;       /* hundredths of a second since the sandbox started */
	uint64_t boot_time;       /* when it started, seconds since the epoch */
	unsigned ntasks;          /* processes */
	unsigned nthreads;        /* threads of all processes */
	unsigned nrunning;        /* threads in state R */
	int last_pid;             /* the newest process */
	uint64_t rss_kb;          /* resident memory of every task */
	uint64_t utime, stime;    /* clock ticks (VN_HZ) of every live task */
	/* One "processor" block of the host's /proc/cpuinfo: the CPU the
	 * program runs on, which CPUID shows it anyway; NULL = unknown. */
	const char *cpu_template;
};

#endif
