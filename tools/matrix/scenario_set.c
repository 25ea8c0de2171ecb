/* The scenarios a matrix runs, from what --scenarios names: a file, a
 * directory (its *.json), a glob, lib:NAME or lib:all (the library shipped
 * with veneer). A scenario is named after its file, without ".json". */
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "library.h"
#include "plan.h"
#include "scenario.h"

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void add(struct mx_plan *p, const char *path)
{
	p->scns = mx_realloc_array(p->scns, p->nscns + 1, sizeof(*p->scns));
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t len = strlen(base);
	if (len > 5 && strcmp(base + len - 5, ".json") == 0)
		len -= 5;
	struct mx_scenario *s = &p->scns[p->nscns++];
	s->path = mx_strdup(path);
	s->name = mx_strdup(base);
	s->name[len] = '\0';
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory's *.json files, in name order. */
static int add_dir(struct mx_plan *p, const char *dir, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len <= 5 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		names = mx_realloc_array(names, n + 1, sizeof(char *));
		names[n++] = mx_strdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX + 256];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (is_file(path))
			add(p, path);
		free(names[i]);
	}
	free(names);
	if (n == 0) {
		snprintf(err, errlen, "%s: no *.json scenarios in it", dir);
		return -1;
	}
	return 0;
}

static int add_lib(struct mx_plan *p, const char *name, char *err, size_t errlen)
{
	const char *lib = veneer_library_dir();
	if (!lib) {
		snprintf(err, errlen, "lib:%s: the scenario library is not installed (set VENEER_SCENARIOS "
			 "to its directory)", name);
		return -1;
	}
	if (strcmp(name, "all") == 0)
		return add_dir(p, lib, err, errlen);
	char path[PATH_MAX + 256];
	snprintf(path, sizeof(path), "%s/%s.json", lib, name);
	if (!*name || strchr(name, '/') || !is_file(path)) {
		snprintf(err, errlen, "lib:%s: no such scenario in %s (veneer scenarios lists them)", name,
			 lib);
		return -1;
	}
	add(p, path);
	return 0;
}

int mx_scenarios_add(struct mx_plan *p, const char *spec, char *err, size_t errlen)
{
	if (strncmp(spec, "lib:", 4) == 0)
		return add_lib(p, spec + 4, err, errlen);
	if (is_dir(spec))
		return add_dir(p, spec, err, errlen);
	if (is_file(spec)) {
		add(p, spec);
		return 0;
	}
	if (!strpbrk(spec, "*?[")) {
		snprintf(err, errlen, "%s: %s", spec, strerror(errno ? errno : ENOENT));
		return -1;
	}
	glob_t g;
	int rc = glob(spec, 0, NULL, &g);   /* sorted, as the shell sorts */
	size_t added = 0;
	for (size_t i = 0; rc == 0 && i < g.gl_pathc; i++) {
		if (is_file(g.gl_pathv[i])) {
			add(p, g.gl_pathv[i]);
			added++;
		}
	}
	if (rc == 0)
		globfree(&g);
	if (added == 0) {
		snprintf(err, errlen, "%s: matches no scenario file", spec);
		return -1;
	}
	return 0;
}

int mx_scenarios_check(const struct mx_plan *p, char *err, size_t errlen)
{
	for (size_t i = 0; i < p->nscns; i++) {
		const struct mx_scenario *s = &p->scns[i];
		for (const char *c = s->name; *c; c++) {
			if ((unsigned char)*c < 0x20 || *c == 0x7f) {
				snprintf(err, errlen, "%s: a scenario's name cannot hold control characters",
					 s->path);
				return -1;
			}
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(p->scns[j].name, s->name) == 0) {
				snprintf(err, errlen, "two scenarios are named %s: %s and %s", s->name,
					 p->scns[j].path, s->path);
				return -1;
			}
		}
		/* load it now: a bad scenario is the matrix's input error (exit
		 * 2, one line), not a failure of every case that uses it */
		struct scn_compose c = p->comp;
		c.base = s->path;
		char *text = scn_compose_load(&c, NULL, err, errlen);
		if (!text)
			return -1;
		free(text);
	}
	return 0;
}
