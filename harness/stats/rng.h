/* A small seeded pseudo-random generator for resampling: xoshiro256** (Blackman and
 * Vigna), its state filled by splitmix64 from one 64-bit seed. Reproducible across
 * machines and builds: the same seed gives the same sequence. Not for cryptography. */
#ifndef IPCBENCH_RNG_H
#define IPCBENCH_RNG_H
#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* One step of splitmix64: advances *state and returns a well-mixed 64-bit value. */
uint64_t rng_splitmix64(uint64_t *state);
void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform integer in [0, n), n >= 1, without modulo bias (rejection). */
uint64_t rng_below(struct rng *r, uint64_t n);

#endif
