/* veneer snapshot: the current network namespace and system facts as a
 * scenario (INTERFACE.md). The network parts are what iproute2 prints with
 * -j, which is the scenario format by definition, so they are taken from
 * `ip` itself rather than re-rendered. */
#include "snapshot.h"

#include <errno.h>
#include <jansson.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Run `ip ARGS...` and parse its JSON output. NULL (with a message) on failure. */
static json_t *ip_json(const char *const args[])
{
	int pipefd[2];
	if (pipe(pipefd) < 0)
		return NULL;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, pipefd[0]);
	char *argv[16];
	int n = 0;
	argv[n++] = "ip";
	for (; args[n - 1] && n < 15; n++)
		argv[n] = (char *)args[n - 1];
	argv[n] = NULL;
	pid_t pid;
	int rc = posix_spawnp(&pid, "ip", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (rc != 0) {
		close(pipefd[0]);
		fprintf(stderr, "veneer: snapshot: cannot run ip: %s\n", strerror(rc));
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
		fprintf(stderr, "veneer: snapshot: ip %s %s: no JSON array\n", args[0], args[1] ? args[1] : "");
		json_decref(j);
		return NULL;
	}
	return j;
}

static int add_concat(json_t *root, const char *key, const char *const *a, const char *const *b)
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

int veneer_snapshot(FILE *out)
{
	json_t *root = json_object();
	char host[256] = "";
	gethostname(host, sizeof(host) - 1);
	json_object_set_new(root, "hostname", json_string(host));
	struct utsname u;
	if (uname(&u) == 0)
		json_object_set_new(root, "kernel", json_pack("{s:s, s:s}", "release", u.release,
							     "version", u.version));
	json_object_set_new(root, "cpus", json_integer(sysconf(_SC_NPROCESSORS_ONLN)));
	struct sysinfo si;
	if (sysinfo(&si) == 0)
		json_object_set_new(root, "memory_kb",
				    json_integer((json_int_t)((unsigned long long)si.totalram * si.mem_unit / 1024)));

	static const char *const links[] = { "-j", "-d", "-s", "-s", "addr", "show", NULL };
	static const char *const r4[] = { "-j", "-d", "route", "show", "table", "all", NULL };
	static const char *const r6[] = { "-j", "-6", "-d", "route", "show", "table", "all", NULL };
	static const char *const neigh[] = { "-j", "neigh", "show", NULL };
	static const char *const rule4[] = { "-j", "rule", "show", NULL };
	static const char *const rule6[] = { "-j", "-6", "rule", "show", NULL };
	if (add_concat(root, "links", links, NULL) < 0 ||
	    add_concat(root, "routes", r4, r6) < 0 ||
	    add_concat(root, "neighbours", neigh, NULL) < 0 ||
	    add_concat(root, "rules", rule4, rule6) < 0) {
		json_decref(root);
		return 2;
	}
	json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
	return 0;
}
