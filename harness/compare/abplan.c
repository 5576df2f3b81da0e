/* ABBA blocks; see abplan.h. */
#include <errno.h>
#include "compare/abplan.h"
#include "stats/rng.h"

int ab_order(size_t rounds, uint64_t seed, char *first)
{
	struct rng g;

	if (rounds == 0 || rounds % 2 || rounds > AB_MAX_ROUNDS || !first)
		return -EINVAL;
	rng_seed(&g, seed);
	for (size_t i = 0; i < rounds; i += 2) {
		int a_first = (int)(rng_next(&g) >> 63);
		first[i] = a_first ? 'a' : 'b';
		first[i + 1] = a_first ? 'b' : 'a';
	}
	return 0;
}
