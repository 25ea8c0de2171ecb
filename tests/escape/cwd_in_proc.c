/* Issue 19, class 5: a working directory in the real procfs.
 *
 * The runner starts veneer with its cwd in /proc/net, i.e. in
 * /proc/<veneer>/net of the host's procfs. The cover is mounted after the
 * namespace copy, so the program's cwd stays in the host's procfs and
 * relative opens resolve there natively: "dev" is the host's
 * /proc/net/dev, "../status" a host process's, "../../<canary>" the
 * canary's directory (where ".." does not cross into the cover).
 * HELD: none of these relative paths gives host data (veneer refusing to
 * start from such a cwd, with a `veneer:` line, is accepted by the runner).
 * Arguments: canary_pid=N host_ifaces=... veneer_pid=N host_pids=N,... */
#include "escape.h"

static ssize_t read_text(const char *path, char *buf, size_t cap)
{
	ssize_t n = read_file(path, buf, cap);
	for (ssize_t i = 0; i + 1 < n; i++)
		if (!buf[i])
			buf[i] = ' ';
	return n;
}

int main(int argc, char **argv)
{
	const char *canary = need(argc, argv, "canary_pid");
	char cwd[4096] = "", buf[8192], path[64];
	struct findings f = { .n = 0 };
	if (!getcwd(cwd, sizeof(cwd)))
		snprintf(cwd, sizeof(cwd), "(getcwd: %s)", strerror(errno));

	const char *leak;
	if (read_text("dev", buf, sizeof(buf)) > 0 && (leak = text_leak(argc, argv, buf)))
		found(&f, "open(\"dev\") lists host interface %s", leak);

	/* the directory we were started in: veneer's own /proc/<pid> */
	int pid = 0;
	if (sscanf(cwd, "/proc/%d/", &pid) == 1 && host_pid(argc, argv, pid) &&
	    read_text("../status", buf, sizeof(buf)) > 0) {
		char *nl = strchr(buf, '\n');
		if (nl)
			*nl = '\0';
		found(&f, "open(\"../status\") read host pid %d's status (%s)", pid, buf);
	}

	snprintf(path, sizeof(path), "../../%s/cmdline", canary);
	if (read_text(path, buf, sizeof(buf)) > 0 && strncmp(buf, "sleep", 5) == 0)
		found(&f, "open(\"%s\") read the canary's cmdline \"%s\"", path, buf);
	if (chdir("../..") == 0 && chdir(canary) == 0 && read_text("cmdline", buf, sizeof(buf)) > 0 &&
	    strncmp(buf, "sleep", 5) == 0)
		found(&f, "chdir(\"../..\"), chdir(\"%s\"), open(\"cmdline\") read \"%s\"", canary, buf);

	if (f.n)
		escaped("from cwd %s: %s", cwd, f.text);
	held("from cwd %s nothing of the host's procfs is reachable", cwd);
}
