/* veneer snapshot: the current network namespace and system facts as a
 * scenario (INTERFACE.md). The network parts are what iproute2 prints with
 * -j, which is the scenario format by definition, so they are taken from
 * `ip` itself rather than re-rendered. */
#include "snapshot.h"
#include "scenario.h"
#include "sysctl_apply.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Run `prog ARGS...` and parse its JSON output. NULL (with a message
 * unless quiet) on failure. */
json_t *snapshot_run_json(const char *prog, char *const args[], bool quiet)
{
	int pipefd[2];
	if (pipe(pipefd) < 0)
		return NULL;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, pipefd[0]);
	if (quiet)
		posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	char name[32];
	snprintf(name, sizeof(name), "%s", prog);
	char *argv[16];
	int n = 0;
	argv[n++] = name;
	for (; args[n - 1] && n < 15; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	pid_t pid;
	int rc = posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (rc != 0) {
		close(pipefd[0]);
		if (!quiet)
			fprintf(stderr, "veneer: snapshot: cannot run %s: %s\n", prog, strerror(rc));
		return NULL;
	}
	FILE *f = fdopen(pipefd[0], "r");
	json_error_t err;
	json_t *j = f ? json_loadf(f, JSON_DISABLE_EOF_CHECK, &err) : NULL;
	if (f)
		fclose(f);
	int status;
	waitpid(pid, &status, 0);
	if (!j || !json_is_array(j) || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (!quiet)
			fprintf(stderr, "veneer: snapshot: %s %s %s: no JSON array\n", prog, args[0],
				args[1] ? args[1] : "");
		json_decref(j);
		return NULL;
	}
	return j;
}

static json_t *ip_json(char *const args[])
{
	return snapshot_run_json("ip", args, false);
}

static int add_concat(json_t *root, const char *key, char *const *a, char *const *b)
{
	json_t *x = ip_json(a);
	if (!x)
		return -1;
	if (b) {
		json_t *y = ip_json(b);
		if (!y) {
			json_decref(x);
			return -1;
		}
		json_array_extend(x, y);
		json_decref(y);
	}
	json_object_set_new(root, key, x);
	return 0;
}

/* The kernel's build options (the scenario's "kernel" booleans), each told
 * by a file of /proc only a kernel built with it has. Read in this
 * namespace's /proc/sys/net and /proc/net, so they are the options of the
 * kernel the snapshot is of. An IPv6 probe says nothing without IPv6
 * (ipv6.disable=1): its key is left out, and the model keeps its default. */
static const struct { const char *key, *path; bool ipv6; } kconfig_probes[] = {
	{ "ipv6_mroute", "sys/net/ipv6/conf/all/mc_forwarding", true },          /* CONFIG_IPV6_MROUTE */
	{ "ipv6_seg6_hmac", "sys/net/ipv6/conf/all/seg6_require_hmac", true },   /* CONFIG_IPV6_SEG6_HMAC */
	{ "ip_route_classid", "net/rt_acct", false },           /* CONFIG_IP_ROUTE_CLASSID */
	{ "xfrm_statistics", "net/xfrm_stat", false },          /* CONFIG_XFRM_STATISTICS */
	{ "schedstats", "schedstat", false },                   /* CONFIG_SCHEDSTATS */
	{ "mptcp", "sys/net/mptcp", false },                    /* CONFIG_MPTCP */
};

static void add_kconfig(json_t *kernel)
{
	int proc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (proc < 0)
		return;
	struct stat st;
	bool ipv6 = fstatat(proc, "sys/net/ipv6/conf/all", &st, 0) == 0;
	for (size_t i = 0; i < sizeof(kconfig_probes) / sizeof(kconfig_probes[0]); i++)
		if (ipv6 || !kconfig_probes[i].ipv6)
			json_object_set_new(kernel, kconfig_probes[i].key,
					    json_boolean(fstatat(proc, kconfig_probes[i].path, &st, 0) == 0));
	close(proc);
}

/* A /proc file's first line (without its newline) as kernel[key]; left
 * out when it cannot be read. */
static void add_proc_line(json_t *kernel, const char *key, const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return;
	char line[8192];
	if (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		json_object_set_new(kernel, key, json_string(line));
	}
	fclose(f);
}

/* The network sysctls whose value here differs from what the model of
 * this snapshot would show (a new namespace's): "sysctl", by sysctl(8)
 * name. net.ipv4.ip_forward is conf.all.forwarding under another name
 * (written after a link's own, it would override it): left to that. */
struct sysctl_diff {
	const struct vn_model *m;
	json_t *out;
};

static void record_sysctl(const char *name, void *arg)
{
	struct sysctl_diff *d = arg;
	if (strcmp(name, "net.ipv4.ip_forward") == 0)
		return;
	char path[600] = "/proc/sys/";
	size_t o = strlen(path);
	for (const char *p = name; *p && o + 1 < sizeof(path); p++)
		path[o++] = *p == '.' ? '/' : *p == '/' ? '.' : *p;
	path[o] = '\0';
	char here[4096], model[4096];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return;
	ssize_t n = read(fd, here, sizeof(here) - 1);
	close(fd);
	if (n <= 0 || vn_sysctl_read(d->m, name, model, sizeof(model)) < 0)
		return;
	here[n] = '\0';
	if (strcmp(here, model) == 0)
		return;
	here[strcspn(here, "\n")] = '\0';
	/* again if an earlier value's propagation changed it: written last */
	json_object_del(d->out, name);
	json_object_set_new(d->out, name, json_string(here));
}

/* The model's own propagation (a write to "default" reaches the links
 * that kept the default) may differ from the kernel's in corners: the
 * values are applied to the model and compared again, and what still
 * differs is written after them, at most a few rounds. */
static void add_sysctls(json_t *root)
{
	char *text = json_dumps(root, JSON_PRESERVE_ORDER);
	json_t *out = json_object();
	for (int round = 0; text && round < 3; round++) {
		struct vn_model m;
		vn_model_init(&m);
		char err[256];
		bool ok = vn_scenario_load_string(&m, text, strlen(text), "<snapshot>", err, sizeof(err)) == 0;
		const char *name;
		json_t *v;
		json_object_foreach(out, name, v) {
			const char *val = json_string_value(v);
			if (ok)
				vn_sysctl_apply(&m, name, val, strlen(val));
		}
		size_t before = json_object_size(out);
		struct sysctl_diff d = { &m, out };
		if (ok)
			vn_sysctl_each_writable(&m, "net", record_sysctl, &d);
		vn_model_free(&m);
		if (!ok || json_object_size(out) == before)
			break;
	}
	if (json_object_size(out))
		json_object_set_new(root, "sysctl", out);
	else
		json_decref(out);
	free(text);
}

/* net.core.default_qdisc is the initial namespace's sysctl: elsewhere it
 * shows in the qdiscs the kernel made, a root with handle 0 (but noqueue,
 * which devices without a queue get, and mq) or an mq's first queue's. */
static void infer_default_qdisc(json_t *kernel, json_t *tc)
{
	json_t *q;
	size_t i;
	json_array_foreach(json_object_get(tc, "qdiscs"), i, q) {
		const char *kind = json_string_value(json_object_get(q, "kind"));
		const char *handle = json_string_value(json_object_get(q, "handle"));
		const char *parent = json_string_value(json_object_get(q, "parent"));
		if (!kind || !handle || !parent || strcmp(handle, "0:") != 0)
			continue;
		if ((strcmp(parent, "root") == 0 && strcmp(kind, "noqueue") != 0 &&
		     strcmp(kind, "mq") != 0) ||
		    strcmp(parent, ":1") == 0) {
			json_object_set_new(kernel, "default_qdisc", json_string(kind));
			return;
		}
	}
}

int veneer_snapshot(FILE *out)
{
	json_t *root = json_object();
	char host[256] = "";
	gethostname(host, sizeof(host) - 1);
	json_object_set_new(root, "hostname", json_string(host));
	struct utsname u;
	json_t *kernel = json_object();
	if (uname(&u) == 0) {
		json_object_set_new(kernel, "release", json_string(u.release));
		json_object_set_new(kernel, "version", json_string(u.version));
	}
	/* the machine's, as a snapshot copies its host: /proc/cmdline and
	 * kernel.random.boot_id */
	add_proc_line(kernel, "cmdline", "/proc/cmdline");
	add_proc_line(kernel, "boot_id", "/proc/sys/kernel/random/boot_id");
	add_proc_line(kernel, "default_qdisc", "/proc/sys/net/core/default_qdisc");
	add_kconfig(kernel);
	snapshot_tc_kinds(kernel);
	json_object_set_new(root, "kernel", kernel);
	json_object_set_new(root, "cpus", json_integer(sysconf(_SC_NPROCESSORS_ONLN)));
	struct sysinfo si;
	if (sysinfo(&si) == 0)
		json_object_set_new(root, "memory_kb",
				    json_integer((json_int_t)((unsigned long long)si.totalram * si.mem_unit / 1024)));

	static char *const links[] = { "-j", "-d", "-s", "-s", "addr", "show", NULL };
	static char *const r4[] = { "-j", "-d", "route", "show", "table", "all", NULL };
	static char *const r6[] = { "-j", "-6", "-d", "route", "show", "table", "all", NULL };
	/* every entry, the NOARP multicast ones the output path makes included
	 * (`ip neigh` hides them; a dump lists them); -s: the ages */
	static char *const neigh[] = { "-j", "-s", "neigh", "show", "nud", "all", NULL };
	static char *const rule4[] = { "-j", "rule", "show", NULL };
	static char *const rule6[] = { "-j", "-6", "rule", "show", NULL };
	if (add_concat(root, "links", links, NULL) < 0 ||
	    add_concat(root, "routes", r4, r6) < 0 ||
	    add_concat(root, "neighbours", neigh, NULL) < 0 ||
	    add_concat(root, "rules", rule4, rule6) < 0) {
		json_decref(root);
		return 2;
	}
	/* nexthop objects (Linux 5.3): left out where there are none, or
	 * where the kernel has none to dump */
	static char *const nexthops[] = { "-j", "nexthop", "show", NULL };
	json_t *nh = snapshot_run_json("ip", nexthops, true);
	if (nh && json_array_size(nh))
		json_object_set_new(root, "nexthops", nh);
	else
		json_decref(nh);
	json_t *netns = snapshot_netns();
	if (netns && json_array_size(netns))
		json_object_set_new(root, "netns", netns);
	else
		json_decref(netns);
	json_t *tc = snapshot_tc();
	if (!tc) {
		fprintf(stderr, "veneer: snapshot: cannot dump traffic control objects\n");
		json_decref(root);
		return 2;
	}
	json_object_set_new(root, "tc", tc);
	snapshot_bridge(root);
	if (!json_object_get(kernel, "default_qdisc"))
		infer_default_qdisc(kernel, tc);
	add_sysctls(root);
	json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
	return 0;
}
