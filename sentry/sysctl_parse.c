/* See sysctl_parse.h: proc_get_long, __do_proc_dointvec and _proc_do_string
 * of kernel/sysctl.c, for one buffer written at once. */
#include "sysctl_parse.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "hex.h"

#define TMPBUFLEN 22   /* the kernel copies at most 21 characters of a number */

/* the kernel's isspace */
static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static void skip_blanks(const char **p, size_t *left)
{
	while (*left && blank(**p)) {
		(*p)++;
		(*left)--;
	}
}

static int digit(char c, unsigned base)
{
	int d = vn_hex_to_bin(c);
	return d < (int)base ? d : -1;
}

/* proc_get_long with strtoul_lenient (base 0) and the blank separators */
static int get_long(const char **buf, size_t *size, uint64_t *val, bool *neg)
{
	char tmp[TMPBUFLEN];
	size_t len = *size < TMPBUFLEN - 1 ? *size : TMPBUFLEN - 1;
	memcpy(tmp, *buf, len);
	tmp[len] = '\0';
	const char *p = tmp;
	*neg = *p == '-' && *size > 1;
	if (*neg)
		p++;
	if (*p < '0' || *p > '9')
		return -EINVAL;
	unsigned base = 10;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && digit(p[2], 16) >= 0) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	}
	uint64_t v = 0;
	for (int d; (d = digit(*p, base)) >= 0; p++) {
		if (v > (UINT64_MAX - (unsigned)d) / base)
			return -EINVAL;     /* -ERANGE, which the callers make EINVAL */
		v = v * base + (unsigned)d;
	}
	len = (size_t)(p - tmp);
	/* a number this long may go on: the kernel refuses it */
	if (len == TMPBUFLEN - 1)
		return -EINVAL;
	if (len < *size && !(*p == ' ' || *p == '\t' || *p == '\n'))
		return -EINVAL;
	*val = v;
	*buf += len;
	*size -= len;
	return 0;
}

int sysctl_parse_ints(const char *buf, size_t len, int64_t *vals, int max, bool is_unsigned,
		      size_t *used)
{
	const char *p = buf;
	size_t left = len;
	int n = 0;
	while (left && n < max) {
		skip_blanks(&p, &left);
		if (!left)
			break;
		uint64_t v;
		bool neg;
		if (get_long(&p, &left, &v, &neg) < 0)
			return -EINVAL;
		if (is_unsigned ? neg || v > UINT_MAX
				: neg ? v > (uint64_t)INT_MAX + 1 : v > INT_MAX)
			return -EINVAL;
		vals[n++] = neg ? -(int64_t)v : (int64_t)v;
	}
	if (n == 0)
		return -EINVAL;
	skip_blanks(&p, &left);
	*used = len - left;
	return n;
}

bool sysctl_parse_string(const char *cur, size_t cap, const char *buf, size_t len, int64_t pos,
			 char *out)
{
	size_t n = strnlen(cur, cap - 1);
	if (pos < 0 || (uint64_t)pos > n)
		return false;
	memcpy(out, cur, (size_t)pos);
	n = (size_t)pos;
	for (size_t i = 0; i < len && n < cap - 1; i++) {
		if (buf[i] == '\0' || buf[i] == '\n')
			break;
		out[n++] = buf[i];
	}
	out[n] = '\0';
	return true;
}
