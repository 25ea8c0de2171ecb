/* libFuzzer target: arbitrary scenario files. Loading must succeed or fail
 * with one message; never crash, never leak. */
#include <stdint.h>
#include <string.h>

#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vn_model m;
	char err[512];
	vn_model_init(&m);
	err[0] = '\0';
	if (vn_scenario_load_string(&m, (const char *)data, size, "fuzz.json", err, sizeof(err)) < 0) {
		if (!err[0] || memchr(err, '\n', strlen(err)))
			__builtin_trap();   /* one line, always */
	}
	vn_model_free(&m);
	return 0;
}
