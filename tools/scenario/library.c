/* See library.h. A scenario of the library is a file NAME.json; its
 * top-level "description" (a key the loader ignores) says what machine it
 * is. */
#include "library.h"

#include <dirent.h>
#include <jansson.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef VENEER_SCENARIO_DIR
#define VENEER_SCENARIO_DIR "/usr/local/share/veneer/scenarios"
#endif

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The first of: $VENEER_SCENARIOS; scenarios/ beside the executable (a
 * build directory, where meson copies the library); ../share/veneer/
 * scenarios from it (an installed tree, wherever it was moved); the
 * directory the build was configured to install to. */
const char *veneer_library_dir(void)
{
	static char found[PATH_MAX];
	static bool looked;
	if (looked)
		return found[0] ? found : NULL;
	looked = true;
	const char *env = getenv("VENEER_SCENARIOS");
	if (env && *env) {
		snprintf(found, sizeof(found), "%s", env);
		return is_dir(found) ? found : (found[0] = '\0', NULL);
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *dir = dirname(exe);
		static const char *const rel[] = { "scenarios", "../share/veneer/scenarios" };
		for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			char path[PATH_MAX + 32];
			snprintf(path, sizeof(path), "%s/%s", dir, rel[i]);
			if (is_dir(path) && realpath(path, found))
				return found;
		}
	}
	snprintf(found, sizeof(found), "%s", VENEER_SCENARIO_DIR);
	return is_dir(found) ? found : (found[0] = '\0', NULL);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_json(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	return e->d_name[0] != '.' && n > 5 && strcmp(e->d_name + n - 5, ".json") == 0;
}

int veneer_scenarios_main(int argc, char **argv)
{
	bool path_only = argc == 2 && strcmp(argv[1], "--path") == 0;
	if (argc > 1 && !path_only) {
		fprintf(stderr, "veneer: scenarios takes no arguments but --path: %s\n", argv[1]);
		return 2;
	}
	const char *dir = veneer_library_dir();
	if (!dir) {
		fprintf(stderr, "veneer: scenarios: no scenario library (looked beside the executable and in "
			"%s; VENEER_SCENARIOS names another)\n", VENEER_SCENARIO_DIR);
		return 2;
	}
	if (path_only) {
		printf("%s\n", dir);
		return 0;
	}
	struct dirent **ents;
	int n = scandir(dir, &ents, is_json, by_name);
	if (n < 0) {
		fprintf(stderr, "veneer: scenarios: %s: cannot list it\n", dir);
		return 2;
	}
	size_t width = 0;
	for (int i = 0; i < n; i++) {
		size_t w = strlen(ents[i]->d_name) - 5;
		width = w > width ? w : width;
	}
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX + 256];
		snprintf(path, sizeof(path), "%s/%s", dir, ents[i]->d_name);
		json_t *j = json_load_file(path, 0, NULL);
		const char *d = json_string_value(json_object_get(j, "description"));
		printf("%-*.*s  %s\n", (int)width, (int)(strlen(ents[i]->d_name) - 5), ents[i]->d_name,
		       d ? d : j ? "" : "(not valid JSON)");
		json_decref(j);
		free(ents[i]);
	}
	free(ents);
	return 0;
}
