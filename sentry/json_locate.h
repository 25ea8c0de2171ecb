/* Where a value sits in JSON text.
 *
 * jansson reports line and column only for syntax errors; a value that
 * parses but is wrong (links[1].mtu is a string) has no position in the
 * json_t tree. These functions find it again by scanning the original text
 * along the path. */
#ifndef VENEER_JSON_LOCATE_H
#define VENEER_JSON_LOCATE_H

#include <stdbool.h>
#include <stddef.h>

/* One step of a path: an object member (key != NULL) or an array element. */
struct vn_jpath {
	const char *key;
	size_t index;
};

/* Line and column (both 1-based; the column counts characters, i.e. UTF-8
 * sequences, as jansson's error column does) of the first character of the
 * value at path (depth steps; depth 0 = the top-level value). False when the
 * text has no such value. text need not be NUL-terminated; any bytes are
 * safe, but on text jansson rejected the answer is meaningless. Duplicate
 * keys: the first one wins (load with JSON_REJECT_DUPLICATES). */
bool vn_json_locate(const char *text, size_t len, const struct vn_jpath *path, size_t depth,
		    int *line, int *column);

/* The same with the path written as messages print it: "links[1].mtu",
 * "kernel.release", "[0].ifname", "" for the top level. Keys containing '.'
 * or '[' cannot be written this way; use vn_json_locate. */
bool vn_json_locate_str(const char *text, size_t len, const char *path, int *line, int *column);

#endif
