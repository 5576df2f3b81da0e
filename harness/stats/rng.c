/* xoshiro256** seeded by splitmix64; see stats/rng.h. Reference: https://prng.di.unimi.it/ */
#include "stats/rng.h"

uint64_t rng_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* splitmix64 never yields four zero words in a row, so the state is never all zero. */
void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = rng_splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Values below 2^64 mod n would make the low residues more likely: draw again. */
uint64_t rng_below(struct rng *r, uint64_t n)
{
	uint64_t lim = (0 - n) % n, x;

	if (n <= 1)
		return 0;
	do
		x = rng_next(r);
	while (x < lim);
	return x % n;
}
