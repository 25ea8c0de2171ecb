/* The seccomp filter, built with libseccomp from the dispatch table.
 *
 * x86_64: each trapped call goes to the supervisor under its condition.
 * i386 (int 0x80) and x32: veneer serves no calls of those ABIs, so each
 * call the native ABI would trap is refused with ENOSYS there, plus
 * socketcall (i386's way to reach socket()). Everything else runs natively
 * for all three. */
#include "filter.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <linux/sockios.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <seccomp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dispatch.h"
#include "vfd.h"

static int add_native(scmp_filter_ctx ctx, const struct syscall_entry *e, uint32_t trap)
{
	switch (e->when) {
	case TRAP_ALWAYS:
		return seccomp_rule_add_exact(ctx, trap, e->nr, 0);
	case REFUSE:
		return seccomp_rule_add_exact(ctx, SCMP_ACT_ERRNO(ENOSYS), e->nr, 0);
	case TRAP_VFD:
		/* fd arguments are unsigned int to the kernel: a value with
		 * upper bits set is >= vfd_base() too, so nothing slips by. */
		return seccomp_rule_add_exact(ctx, trap, e->nr, 1,
					      SCMP_A0(SCMP_CMP_GE, (scmp_datum_t)vfd_base()));
	case TRAP_VFD2: {
		int rc = seccomp_rule_add_exact(ctx, trap, e->nr, 1,
						SCMP_A0(SCMP_CMP_GE, (scmp_datum_t)vfd_base()));
		return rc < 0 ? rc
			      : seccomp_rule_add_exact(ctx, trap, e->nr, 1,
						       SCMP_CMP((unsigned)e->argi, SCMP_CMP_GE, (scmp_datum_t)vfd_base()));
	}
	case TRAP_NO_EMPTY_PATH:
		return seccomp_rule_add_exact(ctx, trap, e->nr, 1,
					      SCMP_CMP((unsigned)e->argi, SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, 0));
	case TRAP_REWIND:
		return seccomp_rule_add_exact(ctx, trap, e->nr, 2,
					      SCMP_A1(SCMP_CMP_EQ, 0),
					      SCMP_A2(SCMP_CMP_MASKED_EQ, 0xffffffffu, SEEK_SET));
	case TRAP_NETLINK:
		/* int arguments: compare only the 32 bits the kernel reads */
		return seccomp_rule_add_exact(ctx, trap, e->nr, 1,
					      SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffu, AF_NETLINK));
	case TRAP_NET_IOCTL:
		return seccomp_rule_add_exact(ctx, trap, e->nr, 1,
					      SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffff00u, 0x8900));
	}
	return -EINVAL;
}

/* Rules of every filter, whichever backend (docs/design.md, "Threat
 * model"):
 * - a seccomp filter of the program's own with a listener is refused with
 *   EBUSY, as the kernel refuses a second listener in a filter stack: its
 *   notifications would come before ours (equal precedence, newest
 *   first) and a CONTINUE would let socket(AF_NETLINK) reach the kernel.
 *   Under notify the kernel says so itself; under ptrace veneer's filter
 *   has no listener, so this rule does.
 * - a userfaultfd that can stall the kernel's own accesses to the
 *   program's memory (ours: process_vm_readv of a path argument) is
 *   refused with EPERM, as for an unprivileged process while
 *   vm.unprivileged_userfaultfd is 0; one with UFFD_USER_MODE_ONLY, whose
 *   faults from the kernel fail with EFAULT instead, is left alone. */
static int add_common(scmp_filter_ctx ctx, uint32_t action)
{
	int rc;
	if ((rc = seccomp_rule_add_exact(ctx, SCMP_ACT_ERRNO(EBUSY), SCMP_SYS(seccomp), 2,
					 SCMP_A0(SCMP_CMP_EQ, SECCOMP_SET_MODE_FILTER),
					 SCMP_A1(SCMP_CMP_MASKED_EQ, SECCOMP_FILTER_FLAG_NEW_LISTENER,
						 SECCOMP_FILTER_FLAG_NEW_LISTENER))) < 0)
		return rc;
	if ((rc = seccomp_rule_add_exact(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(userfaultfd), 1,
					 SCMP_A0(SCMP_CMP_MASKED_EQ, UFFD_USER_MODE_ONLY, 0))) < 0)
		return rc;
	if ((rc = seccomp_rule_add_exact(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 2,
					 SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, USERFAULTFD_IOC_NEW),
					 SCMP_A2(SCMP_CMP_MASKED_EQ, UFFD_USER_MODE_ONLY, 0))) < 0)
		return rc;
	/* Under ptrace a task of the program's could otherwise be traced by
	 * the program itself (a CLONE_UNTRACED child, which we do not
	 * attach): its RET_TRACE stops would go to the program, which would
	 * let every trapped call run. The program's tasks are ours to trace,
	 * so ptrace fails as for a task already traced. */
	if (action != SCMP_ACT_NOTIFY &&
	    (rc = seccomp_rule_add_exact(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ptrace), 0)) < 0)
		return rc;
	return 0;
}

/* Calls of the i386 ABI alone that reach what the native table traps:
 * the UTS names through the old uname structures. */
static const char *const i386_only[] = { "olduname", "oldolduname", "userfaultfd" };

/* For a non-native ABI: refuse what the native one traps. libseccomp takes
 * native numbers and translates them for the filter's arch (skipping calls
 * the ABI lacks, and covering i386's socketcall multiplexer). */
static int add_refusals(scmp_filter_ctx ctx)
{
	int rc;
	for (unsigned i = 0; i < dispatch_count; i++) {
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), dispatch_table[i].nr, 0);
		if (rc < 0 && rc != -EEXIST)
			return rc;
	}
	rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), seccomp_syscall_resolve_name("socketcall"), 0);
	if (rc < 0 && rc != -EEXIST)
		return rc;
	for (size_t i = 0; i < sizeof(i386_only) / sizeof(i386_only[0]); i++) {
		/* the native resolution: a pseudo number libseccomp
		 * translates for the sub-filter's arch, or skips */
		int nr = seccomp_syscall_resolve_name(i386_only[i]);
		if (nr == __NR_SCMP_ERROR)
			continue;
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0);
		if (rc < 0 && rc != -EEXIST)
			return rc;
	}
	return 0;
}

int filter_install(uint32_t action)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return -ENOMEM;
	int rc;
	/* The supervisor installs it while it still holds CAP_SYS_ADMIN, so
	 * no_new_privs stays as the program sets it. */
	if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0)) < 0)
		goto out;
	/* The kernel's own errno (EBUSY: a listener exists up the stack),
	 * not libseccomp's ECANCELED: it decides the fallback to ptrace. */
	if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1)) < 0)
		goto out;
	for (unsigned i = 0; i < dispatch_count; i++)
		if ((rc = add_native(ctx, &dispatch_table[i], action)) < 0)
			goto out;
	if ((rc = add_common(ctx, action)) < 0)
		goto out;
	/* Per-arch sub-filters: x86 and x32 calls are refused, not served. */
	scmp_filter_ctx other[2] = { seccomp_init(SCMP_ACT_ALLOW), seccomp_init(SCMP_ACT_ALLOW) };
	uint32_t arches[2] = { SCMP_ARCH_X86, SCMP_ARCH_X32 };
	for (int i = 0; i < 2; i++) {
		if (!other[i]) {
			rc = -ENOMEM;
			goto out;
		}
		if ((rc = seccomp_attr_set(other[i], SCMP_FLTATR_CTL_NNP, 0)) < 0 ||
		    (rc = seccomp_arch_remove(other[i], SCMP_ARCH_NATIVE)) < 0 ||
		    (rc = seccomp_arch_add(other[i], arches[i])) < 0 ||
		    (rc = add_refusals(other[i])) < 0 ||
		    (rc = seccomp_merge(ctx, other[i])) < 0) {
			seccomp_release(other[i]);
			goto out;
		}
	}
	errno = 0;
	if ((rc = seccomp_load(ctx)) < 0) {
		/* libseccomp 2.5.4 returns a stale code (EFAULT of its probes)
		 * where the kernel said EBUSY; errno holds the kernel's. */
		if (errno)
			rc = -errno;
		goto out;
	}
	rc = action == SCMP_ACT_NOTIFY ? seccomp_notify_fd(ctx) : 0;
out:
	seccomp_release(ctx);
	return rc;
}
