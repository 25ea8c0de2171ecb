/* One host task's /proc/<pid>/stat, the fields the supervisor uses
 * (sandbox membership by ancestry, the sandbox's figures). */
#ifndef VENEER_PROCSTAT_H
#define VENEER_PROCSTAT_H

#include <stdbool.h>

struct procstat {
	char state;
	int ppid;
	unsigned long long utime, stime;   /* clock ticks */
	unsigned threads;
	unsigned long long starttime;      /* clock ticks after boot */
	unsigned long long rss_pages;
};

/* false if the task is gone or its stat unreadable. */
bool procstat_read(int pid, struct procstat *st);

#endif
