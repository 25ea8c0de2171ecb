/* Issue 19, class 13: the supervisor's privilege lent to the caller.
 *
 * The runner sets trusted.veneer_canary on canary_file. Reading a trusted.*
 * attribute needs CAP_SYS_ADMIN, which the program lacks: natively it gets
 * ENODATA. Through /proc/self/root/<path> the supervisor answers getxattr
 * and listxattr itself, with all its capabilities. Likewise opening
 * /proc/self/map_files/<range> needs CAP_SYS_ADMIN (EPERM natively); the
 * supervisor follows the link with its own.
 * HELD: through /proc the attribute is neither read nor listed, and the
 * map_files open is refused, as natively.
 * Arguments: canary_file=PATH xattr_name=trusted.X xattr_value=TEXT */
#include "escape.h"

#include <sys/xattr.h>

int main(int argc, char **argv)
{
	const char *file = need(argc, argv, "canary_file");
	const char *name = need(argc, argv, "xattr_name");
	const char *value = need(argc, argv, "xattr_value");
	char buf[4096], path[4200];
	ssize_t n = getxattr(file, name, buf, sizeof(buf));
	if (n >= 0)
		setup_error("the program reads %s natively: it has CAP_SYS_ADMIN", name);
	struct findings f = { .n = 0 };
	char seen[512];

	snprintf(path, sizeof(path), "/proc/self/root%s", file);
	n = getxattr(path, name, buf, sizeof(buf) - 1);
	int gerr = errno;
	if (n >= 0) {
		buf[n] = '\0';
		found(&f, "getxattr(\"%s\", \"%s\") = \"%s\"%s", path, name, buf,
		      strcmp(buf, value) == 0 ? " (the runner's value)" : "");
	}
	n = listxattr(path, buf, sizeof(buf));
	int lerr = errno;
	for (ssize_t off = 0; n > 0 && off < n; off += (ssize_t)strlen(buf + off) + 1)
		if (strcmp(buf + off, name) == 0)
			found(&f, "listxattr(\"%s\") lists %s", path, name);

	/* map_files: the first mapping of our own maps */
	unsigned long lo = 0, hi = 0;
	char maps[4096];
	if (read_file("/proc/self/maps", maps, sizeof(maps)) <= 0 || sscanf(maps, "%lx-%lx", &lo, &hi) != 2)
		setup_error("cannot read /proc/self/maps");
	snprintf(path, sizeof(path), "/proc/self/map_files/%lx-%lx", lo, hi);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int merr = errno;
	if (fd >= 0)
		found(&f, "open(\"%s\") succeeded (Linux: EPERM without CAP_SYS_ADMIN)", path);
	snprintf(seen, sizeof(seen), "getxattr %s, listxattr %s, map_files open %s",
		 strerrorname_np(gerr), n < 0 ? strerrorname_np(lerr) : "without it", fd < 0 ? strerrorname_np(merr) : "ok");
	if (f.n)
		escaped("%s", f.text);
	held("through /proc/self/root: %s", seen);
}
