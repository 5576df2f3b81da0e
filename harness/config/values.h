/* The value parsers of the configuration keys (config/keys.c pairs each key with one):
 * each parses one key's text into the sweep, or returns a negative errno with the reason
 * in why. */
#ifndef IPCBENCH_VALUES_H
#define IPCBENCH_VALUES_H
#include <stddef.h>
#include "config/config.h"

#define VALUE_SETTER(name) int set_##name(struct sweep *sw, const char *v, char *why, size_t n);
VALUE_SETTER(transports) VALUE_SETTER(sizes) VALUE_SETTER(mode) VALUE_SETTER(duration)
VALUE_SETTER(warmup) VALUE_SETTER(timeout) VALUE_SETTER(iterations) VALUE_SETTER(repeat)
VALUE_SETTER(verify_every) VALUE_SETTER(verify) VALUE_SETTER(fragment) VALUE_SETTER(cpus)
VALUE_SETTER(placement) VALUE_SETTER(matrix) VALUE_SETTER(mem_node) VALUE_SETTER(preheat)
VALUE_SETTER(window) VALUE_SETTER(cache) VALUE_SETTER(touch) VALUE_SETTER(footprint)
VALUE_SETTER(events) VALUE_SETTER(counted_share) VALUE_SETTER(min_samples) VALUE_SETTER(rate)
VALUE_SETTER(idle) VALUE_SETTER(loop) VALUE_SETTER(clients) VALUE_SETTER(spread)
VALUE_SETTER(subscribers)
#undef VALUE_SETTER

/* "A,B", "auto" (two different allowed CPUs) or "same" (both on the first). */
int config_parse_cpus(const char *v, int *client, int *server, char *why, size_t n);

#endif
