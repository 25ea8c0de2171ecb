/* The log's emitter: decoders describe a value once (a field, a struct,
 * an array, a string) and it is written both as strace's text and as a
 * JSON value (jansson), so the two forms cannot drift apart.
 *
 * Text follows strace: fields "name=value" joined by ", ", structs in
 * {}, arrays in [], strings escaped and cut at strsize with "...", and an
 * array shows at most strsize elements then "...". JSON keeps every
 * element and the whole string. */
#ifndef VENEER_VOUT_H
#define VENEER_VOUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "xlat.h"

#define VOUT_DEPTH 24

struct vout {
	struct buf text;
	json_t *root;                  /* the argument list (a JSON array) */
	unsigned strsize;              /* -s: string bytes and array elements shown */
	int depth;
	struct vout_level {
		json_t *j;             /* NULL: a level JSON does not see (too deep) */
		unsigned count;
		char kind;             /* '(' unbracketed, '{', '[', 't' a pair */
		bool mute;             /* this level's text is past the array limit */
	} lv[VOUT_DEPTH];
};

void vout_init(struct vout *o, unsigned strsize);
void vout_free(struct vout *o);
/* Empty the argument list (keeping its buffers). */
void vout_reset(struct vout *o);

/* Containers: key is the field name inside a struct, NULL elsewhere. */
void vout_struct(struct vout *o, const char *key);
void vout_array(struct vout *o, const char *key);
/* "key=" then what follows, unbracketed (JSON: an array under key): a
 * field whose value is a decoded buffer. */
void vout_group(struct vout *o, const char *key);
/* [a, b] with no element limit: strace's pairs (an attribute's header and value). */
void vout_tuple(struct vout *o, const char *key);
void vout_end(struct vout *o);

void vout_int(struct vout *o, const char *key, int64_t v);
void vout_uint(struct vout *o, const char *key, uint64_t v);
void vout_hex(struct vout *o, const char *key, uint64_t v);            /* 0x1f */
void vout_oct(struct vout *o, const char *key, uint64_t v);            /* 0644 */
void vout_ptr(struct vout *o, const char *key, uint64_t addr);         /* NULL / 0x... */
/* A name from x, or the number (hex, with strace's unknown comment). */
void vout_xlat(struct vout *o, const char *key, const struct xlat *x, uint64_t v);
/* Same, but the unknown value printed as a decimal. */
void vout_xlat_dec(struct vout *o, const char *key, const struct xlat *x, uint64_t v);
/* Flags: A|B|0x40; zero prints as zero_name or "0". */
void vout_flags(struct vout *o, const char *key, const struct xlat *x, uint64_t v,
		const char *zero_name);
/* Bytes as a C string: cut at strsize unless whole; nul_term: stop at
 * the first NUL (a string the kernel reads as one); hex: every byte \x. */
void vout_str(struct vout *o, const char *key, const void *p, size_t len, bool nul_term, bool hex);
/* A path: strace does not cut paths at strsize. */
void vout_path(struct vout *o, const char *key, const char *path);
/* fn("arg") in text, "arg" in JSON: inet_addr("1.2.3.4"), if_nametoindex("lo"). */
void vout_call(struct vout *o, const char *key, const char *fn, const char *arg);
/* Verbatim text and a JSON string: for forms like 00:11:22:33:44:55. */
void vout_raw(struct vout *o, const char *key, const char *text);
/* strace's "..." after the fields it abbreviates (-X/verbose off). */
void vout_more(struct vout *o);

/* C-string escaping as strace does it, appended to b (for tests). */
void vout_escape(struct buf *b, const unsigned char *p, size_t len, bool hex);

#endif
