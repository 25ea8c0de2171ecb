/* See vlog.h. A call's line is assembled in three steps: vlog_enter (its
 * start), vlog_answer (its arguments decoded while the caller still
 * waits), vlog_call (the result, once delivered). A call the handler
 * parks is remembered; if another line is written before it completes it
 * is shown as strace shows it: "<unfinished ...>", then "<... resumed>". */
#include "vlog.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "dispatch.h"
#include "vdecode.h"
#include "vout.h"
#include "vsummary.h"

/* --log-per-pid: a file per thread, FILE.TID, like strace -ff. At most
 * MAX_OPEN stay open; one closed for room is opened again to append. */
struct pidfile {
	pid_t tid;
	FILE *f;
	unsigned long used;     /* when it was last written (for the eviction) */
};
#define MAX_OPEN 64

struct vlog {
	FILE *f;
	char *path;
	struct vlog_opts o;
	struct timespec last;   /* -r: the previous line's time */
	struct vout out;        /* the call being decoded */
	struct vsummary *summary;
	struct pidfile *files;
	size_t nfiles, nopen;
	unsigned long clock;
};

/* A call between vlog_enter and its line. */
struct pending {
	uint64_t id;
	pid_t tid;
	int nr;
	struct timespec start;
	bool parked, shown_unfinished, decoded;
	size_t split;           /* where the output arguments begin in text */
	char *text;             /* the argument list, once decoded */
	json_t *args;
	const char *marker;     /* "model", "host file", "native" */
	char *path;             /* the resolved path, if any */
};

#define MAX_PENDING 64
static struct vlog *cur;
static struct pending pend[MAX_PENDING];

static void clear(struct pending *p)
{
	free(p->text);
	free(p->path);
	json_decref(p->args);
	memset(p, 0, sizeof(*p));
}

static struct pending *find(const struct vcall *c)
{
	for (int i = 0; i < MAX_PENDING; i++)
		if (pend[i].tid && pend[i].id == c->id && pend[i].tid == c->tid)
			return &pend[i];
	return NULL;
}

static struct pending *take(const struct vcall *c)
{
	struct pending *p = find(c);
	if (p)
		return p;
	for (int i = 0; i < MAX_PENDING; i++)
		if (!pend[i].tid) {
			p = &pend[i];
			break;
		}
	if (!p) {
		/* more calls in flight than slots: the oldest unparked is dropped */
		for (int i = 0; i < MAX_PENDING && !p; i++)
			if (!pend[i].parked)
				p = &pend[i];
		if (!p)
			p = &pend[0];
		clear(p);
	}
	p->id = c->id;
	p->tid = c->tid;
	p->nr = c->nr;
	clock_gettime(CLOCK_REALTIME, &p->start);
	return p;
}

struct vlog *vlog_open(const char *path, const struct vlog_opts *o)
{
	FILE *f = strcmp(path, "-") == 0 ? stderr : fopen(path, "we");
	if (!f)
		return NULL;
	struct vlog *l = calloc(1, sizeof(*l));
	if (!l)
		abort();
	l->f = f;
	l->o = *o;
	l->path = strdup(path);
	if (!l->path)
		abort();
	if (!l->o.strsize)
		l->o.strsize = 32;
	clock_gettime(CLOCK_REALTIME, &l->last);
	setvbuf(f, NULL, _IOLBF, 0);
	vout_init(&l->out, l->o.strsize);
	l->out.style = (enum vout_style)l->o.xlat_style;
	if (l->o.summary)
		l->summary = vsummary_new();
	return l;
}

/* Where tid's lines go: the log, or its own file (-ff). */
static FILE *sink(pid_t tid)
{
	if (!cur->o.per_pid)
		return cur->f;
	struct pidfile *p = NULL;
	for (size_t i = 0; i < cur->nfiles && !p; i++)
		if (cur->files[i].tid == tid)
			p = &cur->files[i];
	if (!p) {
		struct pidfile *n = realloc(cur->files, (cur->nfiles + 1) * sizeof(*n));
		if (!n)
			abort();
		cur->files = n;
		p = &cur->files[cur->nfiles++];
		*p = (struct pidfile){ tid, NULL, 0 };
		p->used = 0;   /* new: truncate on open */
	}
	if (!p->f) {
		struct pidfile *old = NULL;
		for (size_t i = 0; cur->nopen >= MAX_OPEN && i < cur->nfiles; i++)
			if (cur->files[i].f && (!old || cur->files[i].used < old->used))
				old = &cur->files[i];
		if (old) {   /* the least recently written makes room */
			fclose(old->f);
			old->f = NULL;
			cur->nopen--;
		}
		char name[4096];
		snprintf(name, sizeof(name), "%s.%d", cur->path, (int)tid);
		p->f = fopen(name, p->used ? "ae" : "we");
		if (!p->f)
			return cur->f;   /* cannot open: the main log has it */
		setvbuf(p->f, NULL, _IOLBF, 0);
		cur->nopen++;
	}
	p->used = ++cur->clock;
	return p->f;
}

void vlog_finish(void)
{
	if (!cur)
		return;
	if (cur->summary)
		vsummary_write(cur->summary, cur->f, cur->o.json);
	for (size_t i = 0; i < cur->nfiles; i++)
		if (cur->files[i].f)
			fclose(cur->files[i].f);
	cur->nfiles = cur->nopen = 0;
	fflush(cur->f);
}

int vlog_parse_filter(const char *s, struct vlog_opts *o)
{
	static const struct { const char *word; unsigned classes, served; } words[] = {
		{ "%file", TC_FILE, 0 }, { "%network", TC_NETWORK, 0 }, { "%net", TC_NETWORK, 0 },
		{ "%process", TC_PROCESS, 0 }, { "%desc", TC_DESC, 0 },
		{ "served", 0, VLOG_SERVED }, { "native", 0, VLOG_NATIVE },
	};
	char *copy = strdup(s), *save = NULL;
	if (!copy)
		abort();
	int rc = 0;
	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		size_t i = 0;
		for (; i < sizeof(words) / sizeof(words[0]); i++)
			if (strcmp(words[i].word, w) == 0)
				break;
		if (i == sizeof(words) / sizeof(words[0])) {
			rc = -1;
			break;
		}
		o->classes |= words[i].classes;
		o->served |= words[i].served;
	}
	free(copy);
	return rc;
}

void vlog_set(struct vlog *l) { cur = l; }

static bool wanted(const struct vcall *c)
{
	if (cur->o.classes && !(vdecode_classes(c->nr) & cur->o.classes))
		return false;
	if (cur->o.served) {
		unsigned what = c->reply == VR_CONTINUE ? VLOG_NATIVE : VLOG_SERVED;
		if (!(cur->o.served & what))
			return false;
	}
	return true;
}

void vlog_enter(struct vcall *c)
{
	if (cur)
		take(c);
}

void vlog_path(struct vcall *c, const char *path, const struct resolution *r)
{
	(void)path;
	if (!cur)
		return;
	struct pending *p = take(c);
	free(p->path);
	p->path = NULL;
	switch (r->kind) {
	case RES_VIRT:
		p->marker = "model";
		p->path = strdup(r->node.vpath);
		break;
	case RES_HOST: p->marker = "host file"; break;
	case RES_NATIVE: p->marker = "native"; break;
	case RES_ERR: p->marker = "model"; break;
	}
}

void vlog_netlink(struct vcall *c, const void *data, size_t len)
{
	/* the sent bytes are decoded from the caller's buffer with the
	 * call's arguments (vdecode.c) */
	(void)c;
	(void)data;
	(void)len;
}

static char *dup_text(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (!d)
		abort();
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static void decode(struct pending *p, struct vcall *c, bool done, int64_t ret)
{
	struct vout *out = &cur->out;
	vout_reset(out);
	size_t split = vdecode_args(out, c, done, ret);
	const char *t = out->text.data ? out->text.data : "";
	free(p->text);
	p->text = dup_text(t, out->text.len);
	p->split = split;
	json_decref(p->args);
	p->args = json_incref(out->root);
	p->decoded = true;
}

void vlog_answer(struct vcall *c)
{
	if (!cur || c->reply == VR_PARKED)
		return;
	struct pending *p = take(c);
	if (cur->summary) {   /* counts only: nothing to decode */
		if (p->parked && c->reply == VR_VALUE)
			vlog_call(c);
		return;
	}
	/* outputs are there when the handler answered a value (an fd
	 * installed has none, a native call's come later) */
	decode(p, c, c->reply == VR_VALUE, c->reply == VR_VALUE ? c->value : 0);
	/* a parked recv completes here with no vlog_call after it */
	if (p->parked && c->reply == VR_VALUE)
		vlog_call(c);
}

static void put_prefix(struct buf *b, pid_t tid)
{
	if (!cur->o.per_pid)
		buf_printf(b, "[pid %d] ", tid);
	if (cur->o.ts == VLOG_TS_NONE)
		return;
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	if (cur->o.ts == VLOG_TS_REL) {
		long long ns = (now.tv_sec - cur->last.tv_sec) * 1000000000LL + (now.tv_nsec - cur->last.tv_nsec);
		buf_printf(b, "%6lld.%06lld ", ns / 1000000000, ns % 1000000000 / 1000);
		cur->last = now;
	} else if (cur->o.ts == VLOG_TS_TTT) {
		buf_printf(b, "%lld.%06ld ", (long long)now.tv_sec, now.tv_nsec / 1000);
	} else {
		struct tm tm;
		char hms[16];
		localtime_r(&now.tv_sec, &tm);
		strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
		if (cur->o.ts == VLOG_TS_TT)
			buf_printf(b, "%s.%06ld ", hms, now.tv_nsec / 1000);
		else
			buf_printf(b, "%s ", hms);
	}
}

static void write_buf(struct buf *b, pid_t tid)
{
	fwrite(b->data, 1, b->len, sink(tid));
}

/* Another line is about to be written: parked calls not yet shown get
 * their "<unfinished ...>" line first, as strace -f does. */
static void show_unfinished(const struct pending *except)
{
	if (cur->o.json || cur->o.per_pid)   /* -ff: a thread's file has its lines alone */
		return;
	for (int i = 0; i < MAX_PENDING; i++) {
		struct pending *p = &pend[i];
		if (!p->tid || !p->parked || p->shown_unfinished || p == except)
			continue;
		struct buf b;
		buf_init(&b);
		put_prefix(&b, p->tid);
		buf_printf(&b, "%s(%.*s <unfinished ...>\n", syscall_name(p->nr), (int)p->split,
			   p->text ? p->text : "");
		write_buf(&b, p->tid);
		buf_free(&b);
		p->shown_unfinished = true;
	}
}

static double secs(struct timespec a, struct timespec b)
{
	return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

static void line_json(struct pending *p, struct vcall *c, const char *what, struct timespec now)
{
	json_t *j = json_object();
	json_object_set_new(j, "v", json_integer(1));
	json_object_set_new(j, "pid", json_integer(c->pid ? c->pid : c->tid));
	json_object_set_new(j, "tid", json_integer(c->tid));
	json_object_set_new(j, "syscall", json_string(syscall_name(c->nr)));
	json_object_set_new(j, "args", p->args ? json_incref(p->args) : json_array());
	if (c->reply == VR_CONTINUE) {
		json_object_set_new(j, "return", json_null());
	} else if (c->reply == VR_VALUE && c->value < 0) {
		json_object_set_new(j, "return", json_integer(-1));
		const char *e = strerrorname_np((int)-c->value);
		json_object_set_new(j, "errno", e ? json_string(e) : json_integer(-c->value));
	} else {
		json_object_set_new(j, "return", json_integer(c->value));
	}
	json_object_set_new(j, "veneer", json_string(what));
	if (p->path)
		json_object_set_new(j, "resolved", json_string(p->path));
	if (p->parked)
		json_object_set_new(j, "parked", json_true());
	json_object_set_new(j, "start", json_real((double)p->start.tv_sec + (double)p->start.tv_nsec / 1e9));
	json_object_set_new(j, "duration", json_real(secs(p->start, now)));
	char *s = json_dumps(j, JSON_COMPACT);
	if (s) {
		fprintf(sink(c->tid), "%s\n", s);
		free(s);
	}
	json_decref(j);
}

void vlog_call(struct vcall *c)
{
	if (!cur)
		return;
	struct pending *p = find(c);
	if (!p)
		return;   /* already written (a parked call answered in vlog_answer) */
	if (c->reply == VR_PARKED) {
		p->parked = true;
		if (!cur->summary)
			decode(p, c, false, 0);
		return;
	}
	if (!wanted(c)) {
		clear(p);
		return;
	}
	if (cur->summary) {
		struct timespec now;
		clock_gettime(CLOCK_REALTIME, &now);
		vsummary_add(cur->summary, c->nr, c->reply == VR_CONTINUE,
			     c->reply == VR_VALUE && c->value < 0, secs(p->start, now));
		clear(p);
		return;
	}
	if (!p->decoded)
		decode(p, c, c->reply == VR_VALUE, c->value);
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	const char *what = c->reply == VR_CONTINUE ? "native" : p->marker ? p->marker : "model";
	if (c->reply == VR_CONTINUE)
		what = "native";
	if (cur->o.json) {
		line_json(p, c, what, now);
		clear(p);
		return;
	}
	show_unfinished(p);
	struct buf b;
	buf_init(&b);
	put_prefix(&b, c->tid);
	const char *name = syscall_name(c->nr);
	if (p->shown_unfinished)
		buf_printf(&b, "<... %s resumed>%s) = ", name, p->text + p->split);
	else
		buf_printf(&b, "%s(%s) = ", name, p->text);
	if (c->reply == VR_CONTINUE)
		buf_puts(&b, "?");
	else if (c->reply == VR_VALUE && c->value < 0)
		buf_printf(&b, "-1 %s (%s)", strerrorname_np((int)-c->value) ?: "E???",
			   strerror((int)-c->value));
	else
		buf_printf(&b, "%lld", (long long)c->value);
	if (cur->o.durations)
		buf_printf(&b, " <%.6f>", secs(p->start, now));
	buf_printf(&b, " <%s", what);
	if (p->path)
		buf_printf(&b, " %s", p->path);
	buf_puts(&b, ">\n");
	write_buf(&b, c->tid);
	buf_free(&b);
	clear(p);
}

void vlog_note(const char *fmt, ...)
{
	if (!cur || cur->summary)   /* -c: the table alone */
		return;
	va_list ap;
	va_start(ap, fmt);
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (cur->o.json) {
		json_t *j = json_pack("{s:i,s:s}", "v", 1, "veneer_note", msg);
		char *s = json_dumps(j, JSON_COMPACT);
		if (s)
			fprintf(cur->f, "%s\n", s);
		free(s);
		json_decref(j);
	} else {
		fprintf(cur->f, "veneer: %s\n", msg);
	}
}
