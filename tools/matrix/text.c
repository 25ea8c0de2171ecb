/* Text helpers of veneer matrix: allocation that aborts (a report cannot be
 * half written), the cleaning of program output into what XML 1.0 can
 * carry, command labels, widths and the clock. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "matrix.h"

void *mx_alloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p)
		abort();
	return p;
}

void *mx_realloc_array(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		abort();
	void *q = realloc(p, n && size ? n * size : 1);
	if (!q)
		abort();
	return q;
}

char *mx_strdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d)
		abort();
	return d;
}

char *mx_buf_take(struct buf *b)
{
	buf_reserve(b, 0);
	b->data[b->len] = '\0';
	char *s = b->data;
	buf_init(b);
	return s;
}

/* The length of the UTF-8 sequence at p (at most n bytes) if it is valid
 * and a character XML 1.0 allows (tab, newline, carriage return,
 * U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF); 0 if not. */
static size_t xml_char_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	if (c < 0x80)
		return c >= 0x20 || c == '\t' || c == '\n' || c == '\r' ? 1 : 0;
	size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
	if (len == 0 || len > n || c > 0xf4)
		return 0;
	unsigned cp = c & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	static const unsigned min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe ||
	    cp == 0xffff)
		return 0;
	return len;
}

char *mx_text_clean(const char *p, size_t n)
{
	struct buf b;
	buf_init(&b);
	const unsigned char *u = (const unsigned char *)p;
	for (size_t i = 0; i < n;) {
		size_t l = xml_char_len(u + i, n - i);
		if (l) {
			buf_append(&b, p + i, l);
			i += l;
		} else {
			buf_puts(&b, "\xef\xbf\xbd");   /* U+FFFD REPLACEMENT CHARACTER */
			i++;
		}
	}
	return mx_buf_take(&b);
}

void mx_text_copy(char *dst, size_t size, const char *src)
{
	char *s = mx_text_clean(src, strlen(src));
	size_t n = strlen(s);
	if (n >= size) {   /* cut before a whole character, not inside one */
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
	free(s);
}

int mx_read_file(const char *path, struct buf *out)
{
	int fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_append(out, chunk, (size_t)n);
	int e = errno;
	close(fd);
	errno = e;
	return n < 0 ? -1 : 0;
}

/* Characters sh takes as they are; a word with any other is quoted. */
static bool plain_word(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			    "@%+=:,./_-", *s))
			return false;
	return true;
}

char *mx_shell_join(char *const argv[])
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; argv[i]; i++) {
		if (i)
			buf_puts(&b, " ");
		if (plain_word(argv[i])) {
			buf_puts(&b, argv[i]);
			continue;
		}
		buf_puts(&b, "'");
		for (const char *s = argv[i]; *s; s++) {
			if (*s == '\'')
				buf_puts(&b, "'\\''");
			else
				buf_append(&b, s, 1);
		}
		buf_puts(&b, "'");
	}
	return mx_buf_take(&b);
}

size_t mx_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

uint64_t mx_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}
