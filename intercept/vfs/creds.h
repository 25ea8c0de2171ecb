/* Acting for a caller: the supervisor thread takes on the caller's file
 * system identity (fsuid, fsgid, groups) and drops its own capabilities, so
 * that what it opens for the caller obeys the caller's permissions. */
#ifndef VENEER_CREDS_H
#define VENEER_CREDS_H
#include <stdbool.h>
#include <sys/types.h>

struct task_creds {
	uid_t uid, euid, suid, fsuid;
	gid_t gid, egid, fsgid;
	int ngroups;
	gid_t groups[64];
};

int creds_of(pid_t tid, struct task_creds *out);
/* The supervisor runs in the user namespace of an ordinary user, where
 * setgroups is denied: acting for a caller then keeps its own groups,
 * which are that user's. Told once by run/, before the program starts. */
void creds_keep_groups(void);
/* 0 or -errno; creds_leave always restores. */
int creds_enter(const struct task_creds *c);
void creds_leave(void);

#endif
