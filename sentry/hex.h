/* The value of a hexadecimal digit, or -1: the kernel's hex_to_bin
 * (lib/hexdump.c), for every reader of hex text in the model (JSON's \u
 * escapes, link-layer addresses, UUIDs, sysctl numbers). */
#ifndef VENEER_HEX_H
#define VENEER_HEX_H

static inline int vn_hex_to_bin(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
