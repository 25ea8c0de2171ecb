/* See creds.h. Raw system calls: glibc would apply setgroups and friends
 * to every thread; these must change only the calling thread. */
#include "creds.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "task_status.h"

int creds_of(pid_t tid, struct task_creds *out)
{
	struct task_status ts;
	memset(out, 0, sizeof(*out));
	int rc = task_status_read(tid, &ts);
	if (rc < 0)
		return rc;
	if ((ts.have & (TS_UID | TS_GID)) != (TS_UID | TS_GID))
		return -ESRCH;
	out->uid = ts.uid[0];
	out->euid = ts.uid[1];
	out->suid = ts.uid[2];
	out->fsuid = ts.uid[3];
	out->gid = ts.gid[0];
	out->egid = ts.gid[1];
	out->fsgid = ts.gid[3];
	out->ngroups = ts.ngroups;
	memcpy(out->groups, ts.groups, sizeof(out->groups));
	return 0;
}

/* In a user namespace of an ordinary user setgroups is denied: the groups
 * are the caller's already (the supervisor is that user). */
static bool keep_groups;

void creds_keep_groups(void) { keep_groups = true; }

/* per thread: a thread that opens for a caller (async_open.c) has its own */
static _Thread_local struct __user_cap_data_struct saved_caps[2];
static _Thread_local uid_t saved_fsuid;
static _Thread_local gid_t saved_fsgid;

int creds_enter(const struct task_creds *c)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	if (syscall(SYS_capget, &h, saved_caps) < 0)
		return -errno;
	/* setfsuid(-1) changes nothing and returns the current value */
	saved_fsuid = (uid_t)syscall(SYS_setfsuid, -1);
	saved_fsgid = (gid_t)syscall(SYS_setfsgid, -1);
	if (!keep_groups && syscall(SYS_setgroups, c->ngroups, c->groups) < 0)
		return -errno;
	syscall(SYS_setfsgid, c->fsgid);
	syscall(SYS_setfsuid, c->fsuid);
	/* The program runs with no capabilities (veneer dropped them);
	 * neither may what we do for it. */
	struct __user_cap_data_struct none[2] = {
		{ 0, saved_caps[0].permitted, saved_caps[0].inheritable },
		{ 0, saved_caps[1].permitted, saved_caps[1].inheritable },
	};
	if (syscall(SYS_capset, &h, none) < 0) {
		creds_leave();
		return -errno;
	}
	return 0;
}

void creds_leave(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	/* Rights first: setgroups needs CAP_SETGID. A supervisor that cannot
	 * get its own identity back fails closed. */
	syscall(SYS_setfsuid, saved_fsuid);
	syscall(SYS_setfsgid, saved_fsgid);
	if (syscall(SYS_capset, &h, saved_caps) < 0 ||
	    (!keep_groups && syscall(SYS_setgroups, 0, NULL) < 0))
		abort();
}
