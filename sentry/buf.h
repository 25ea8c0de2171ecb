/* A growable byte buffer: what generators write into. Allocation failure
 * aborts: the supervisor cannot answer half a file. */
#ifndef VENEER_BUF_H
#define VENEER_BUF_H
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
/* Make room for n more bytes; returns a pointer to the free space. */
char *buf_reserve(struct buf *b, size_t n);
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Pad the line that started at offset `line_start` with spaces to `width`
 * characters (not counting the newline), then add '\n'. */
void buf_pad_line(struct buf *b, size_t line_start, size_t width);

#endif
