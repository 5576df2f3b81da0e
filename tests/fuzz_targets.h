/* The code paths that read untrusted text, as fuzz targets: libFuzzer drives them in
 * `make fuzz` (tests/fuzz/), and test_fuzz_replay.c replays the kept corpus and every
 * crasher ever found through the same functions in `make test`. */
#ifndef IPCBENCH_FUZZ_TARGETS_H
#define IPCBENCH_FUZZ_TARGETS_H
#include <stddef.h>
#include <stdint.h>

/* The text as a configuration file, and as a size, duration, count and CPU list. */
void fuzz_config_one(const uint8_t *data, size_t len);
/* The text as a CSV file (what compare, plot and --resume read). */
void fuzz_csv_one(const uint8_t *data, size_t len);

#endif
