/* Parsing a value written to a sysctl file as the kernel's handlers parse
 * it (kernel/sysctl.c), so that a write accepted or refused by Linux is
 * accepted or refused here, consuming as many bytes. */
#ifndef VENEER_SYSCTL_PARSE_H
#define VENEER_SYSCTL_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* proc_dointvec / proc_douintvec writing at position 0: up to max integers
 * (base 0: 0x.. hex, 0.. octal) separated by blanks; each must fit an int
 * (or, unsigned, an unsigned int: no sign). Returns how many were read, or
 * -EINVAL; *used: the bytes consumed (trailing blanks included; the
 * kernel's write returns that count, so a caller writes the rest again,
 * at a non-zero position, where it is ignored). */
int sysctl_parse_ints(const char *buf, size_t len, int64_t *vals, int max, bool is_unsigned,
		      size_t *used);

/* proc_dostring writing at position pos into a string of size cap that
 * holds cur: the new string (stops at NUL or newline, at most cap-1
 * bytes; a position beyond the current end changes nothing: returns
 * false). */
bool sysctl_parse_string(const char *cur, size_t cap, const char *buf, size_t len, int64_t pos,
			 char *out);

#endif
