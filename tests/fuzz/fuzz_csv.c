/* libFuzzer entry: the CSV reader. Built by `make fuzz`. */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	fuzz_csv_one(data, len);
	return 0;
}
