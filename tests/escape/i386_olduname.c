/* Issue 19, class 8: 32-bit calls the filter does not know.
 *
 * i386 olduname (109) and oldolduname (59) reach the same UTS namespace as
 * uname but are not in veneer's table; the sandbox shares the host's UTS
 * namespace, so they show the host's node name. Made with `int $0x80` from
 * this 64-bit program (the filter sees the i386 ABI; no -m32 needed); i386
 * uname (122) and x32 uname are tried too. The runner gives the model a
 * hostname different from the host's.
 * HELD: no call names the host's node name (ENOSYS, or the model's).
 * SKIP: the kernel has no i386 entry (int $0x80 getpid fails).
 * Arguments: host_hostname=NAME */
#include "escape.h"

#include <sys/mman.h>
#include <sys/syscall.h>

static long int80(long nr, long a)
{
	long ret;
	/* the kernel may clobber r8-r11 on this entry from 64-bit code */
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a) : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

int main(int argc, char **argv)
{
	const char *host = need(argc, argv, "host_hostname");
	if (int80(20 /* i386 getpid */, 0) != getpid())
		skip("no i386 system call entry (int $0x80)");
	/* i386 pointers are 32 bits: the buffer must live below 4 GiB */
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (p == MAP_FAILED)
		setup_error("mmap below 4 GiB: %s", strerror(errno));
	struct findings f = { .n = 0 };
	char seen[512] = "";
	static const struct {
		const char *name;
		long nr;
		size_t field;   /* the length of each utsname field */
	} calls[] = {
		{ "oldolduname", 59, 9 },
		{ "olduname", 109, 65 },
		{ "uname", 122, 65 },
	};
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		memset(p, 0, 4096);
		long r = int80(calls[i].nr, (long)p);
		const char *node = p + calls[i].field;   /* sysname, then nodename */
		size_t len = strlen(host) < calls[i].field - 1 ? strlen(host) : calls[i].field - 1;
		size_t used = strlen(seen);
		snprintf(seen + used, sizeof(seen) - used, "%s%s=%s", used ? ", " : "", calls[i].name,
			 r < 0 ? strerrorname_np((int)-r) : node);
		if (r >= 0 && strlen(node) == len && strncmp(node, host, len) == 0)
			found(&f, "i386 %s names the host's node \"%s\"", calls[i].name, node);
	}
	/* x32: the same table with bit 30 set, if the kernel has the ABI */
	struct utsname_x {
		char f[6][65];
	} u;
	memset(&u, 0, sizeof(u));
	long r = syscall(0x40000000L | SYS_uname, &u);
	size_t used = strlen(seen);
	snprintf(seen + used, sizeof(seen) - used, ", x32 uname=%s", r < 0 ? strerrorname_np(errno) : u.f[1]);
	if (r == 0 && strcmp(u.f[1], host) == 0)
		found(&f, "x32 uname names the host's node \"%s\"", u.f[1]);
	if (f.n)
		escaped("%s", f.text);
	held("%s", seen);
}
