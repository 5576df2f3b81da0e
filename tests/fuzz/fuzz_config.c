/* libFuzzer entry: configuration text and value parsers. Built by `make fuzz`. */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	fuzz_config_one(data, len);
	return 0;
}
