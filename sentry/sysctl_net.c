/* The rows of sysctl_net.h, from its lists. */
#include "sysctl_net.h"

#define ROW(n, mode, k, a, b, lo, hi) { #n, k, { a, b }, lo, hi },
const struct sysctl_row sysctl_net[SN_N] = {
	SYSCTL_CORE_ROWS(ROW)
	SYSCTL_IPV4_ROWS(ROW)
	SYSCTL_IPV6_ROWS(ROW)
};
