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

/* strace's -X: constants as names (abbrev, the default), as numbers
 * (raw), or both, the name in a comment (verbose). JSON always has the
 * names. */
enum vout_style { VOUT_ABBREV, VOUT_RAW, VOUT_VERBOSE };

/* How a value with no name prints (strace's XLAT_STYLE_FMT_*). */
enum vout_fmt { VF_HEX, VF_UNSIGNED, VF_SIGNED };

struct vout {
	struct buf text;
	json_t *root;                  /* the argument list (a JSON array) */
	unsigned strsize;              /* -s: string bytes and array elements shown */
	enum vout_style style;         /* -X */
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
/* A name from x, or the number (hex, with strace's unknown comment);
 * as -X says (strace's printxval). */
void vout_xlat(struct vout *o, const char *key, const struct xlat *x, uint64_t v);
/* Same, the number printed as fmt says. */
void vout_xlat_fmt(struct vout *o, const char *key, const struct xlat *x, uint64_t v,
		   enum vout_fmt fmt);
/* Same, but the unknown value printed as a decimal. */
void vout_xlat_dec(struct vout *o, const char *key, const struct xlat *x, uint64_t v);
/* Flags: A|B|0x40; zero prints as zero_name or "0" (strace's printflags). */
void vout_flags(struct vout *o, const char *key, const struct xlat *x, uint64_t v,
		const char *zero_name);
/* The text of flags as vout_flags writes it in style (NUL-terminated, in b). */
void vout_flags_text(struct buf *b, enum vout_style style, const struct xlat *x, uint64_t v,
		     const char *zero_name);
/* A value and what it means (strace's print_xlat_ex): raw prints raw,
 * abbrev the meaning (raw if NULL), verbose raw then the meaning in a
 * comment. JSON
 * gets j (taken), or the meaning as a string. */
void vout_xval(struct vout *o, const char *key, const char *raw, const char *meaning, json_t *j);
/* The same text, appended to b: for values printed in pieces (A|B). */
void vout_xval_text(struct buf *b, enum vout_style style, const char *raw, const char *meaning);
/* Bytes as a C string: cut at strsize unless whole; nul_term: stop at
 * the first NUL (a string the kernel reads as one); hex: every byte \x. */
void vout_str(struct vout *o, const char *key, const void *p, size_t len, bool nul_term, bool hex);
/* A string attribute (strace's decode_nla_str): its trailing NUL not
 * shown, "..." after it if it has none or is cut at strsize. */
void vout_nlastr(struct vout *o, const char *key, const void *p, size_t len);
/* A path: strace does not cut paths at strsize. */
void vout_path(struct vout *o, const char *key, const char *path);
/* fn("arg") in text, "arg" in JSON: inet_addr("1.2.3.4"), if_nametoindex("lo");
 * raw is what -X raw prints instead (the address's bytes, the index). */
void vout_call(struct vout *o, const char *key, const char *raw, const char *fn, const char *arg);
/* An IPv6 address as strace prints it: inet_pton(AF_INET6, "::1", &key) */
void vout_inet6(struct vout *o, const char *key, const unsigned char addr[16]);
/* bytes as strace's QUOTE_FORCE_HEX string, whole (for a raw form) */
void vout_hexstr(struct buf *b, const void *p, size_t len);
/* Verbatim text and a JSON string: for forms like 00:11:22:33:44:55. */
void vout_raw(struct vout *o, const char *key, const char *text);
/* strace's "..." after the fields it abbreviates (-X/verbose off). */
void vout_more(struct vout *o);

/* C-string escaping as strace does it, appended to b (for tests). */
void vout_escape(struct buf *b, const unsigned char *p, size_t len, bool hex);

#endif
