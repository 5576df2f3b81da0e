/* `ipcbench fleet synth`: a synthetic fleet of HOSTS run directories of CELLS rows each,
 * made from real runs with the host fields varied (see synth.c), to measure the cost of
 * merge, compare and plot as a fleet grows. Written to OUT/hosts/synth-NN/. */
#ifndef IPCBENCH_FLEET_SYNTH_H
#define IPCBENCH_FLEET_SYNTH_H
#include <stddef.h>
#include <stdint.h>

struct synth_opts {
	char **src;      /* real run directories */
	size_t nsrc;
	size_t hosts, cells;
	uint64_t seed;   /* of the per-host factors and per-row jitter */
	const char *out;
};

/* 0, or a negative errno with why in err (-EINVAL: a source that is not a run). */
int fleet_synth(const struct synth_opts *o, char *err, size_t errlen);

#endif
