/* The strace-like log (--log): one line per trapped call in strace -f's
 * text (vdecode.c, vnetlink.c), then what veneer did; or one JSON object
 * per call (docs/log-format.md). */
#ifndef VENEER_VLOG_H
#define VENEER_VLOG_H

#include <stdbool.h>
#include <stddef.h>

#include "backend.h"
#include "resolve.h"

enum vlog_ts { VLOG_TS_NONE, VLOG_TS_T, VLOG_TS_TT, VLOG_TS_TTT, VLOG_TS_REL };
enum { VLOG_SERVED = 1, VLOG_NATIVE = 2 };

struct vlog_opts {
	bool json;
	unsigned strsize;        /* -s; 0 = strace's 32 */
	enum vlog_ts ts;         /* -t, -tt, -ttt, -r */
	bool durations;          /* -T */
	unsigned classes;        /* TC_* (vdecode.h) the filter keeps; 0 = all */
	unsigned served;         /* VLOG_SERVED|VLOG_NATIVE kept; 0 = both */
	int xlat_style;          /* -X: VOUT_ABBREV (0), VOUT_RAW, VOUT_VERBOSE */
	bool per_pid;            /* -ff: each thread's lines to FILE.TID, no prefix */
	bool summary;            /* -c: only the table of counts, at the end */
};

struct vlog;

struct vlog *vlog_open(const char *path, const struct vlog_opts *o);   /* NULL + errno */
/* "%file,%network,served": fills o->classes and o->served. -1 if a word is unknown. */
int vlog_parse_filter(const char *s, struct vlog_opts *o);
void vlog_set(struct vlog *l);
/* A call arrives (before its handler): its start time. */
void vlog_enter(struct vcall *c);
/* What a path argument resolved to (remembered for the call's line). */
void vlog_path(struct vcall *c, const char *path, const struct resolution *r);
/* Netlink messages the program sent on a served socket (decoded with the
 * call's arguments; kept for compatibility with the send path). */
void vlog_netlink(struct vcall *c, const void *data, size_t len);
/* The answer is about to go back: the caller still waits, so its memory
 * holds what the handler wrote (vcall_respond). */
void vlog_answer(struct vcall *c);
/* After the answer (or the park): the call's line. */
void vlog_call(struct vcall *c);
/* The program is done: the summary, if asked for; files flushed. */
void vlog_finish(void);
/* A note from veneer itself ("backend: ..."). */
void vlog_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
