/* The order in which `ipcbench ab` runs the two builds: rounds in ABBA blocks. Each block
 * of two rounds runs both sides twice, once each first (AB then BA, or BA then AB, by a
 * seeded coin), so neither side is favoured by going first or by drift within a block,
 * and the order is reproducible from the seed. */
#ifndef IPCBENCH_COMPARE_ABPLAN_H
#define IPCBENCH_COMPARE_ABPLAN_H
#include <stddef.h>
#include <stdint.h>

#define AB_MAX_ROUNDS 200 /* the exact signed-rank test takes up to SR_MAX pairs */

/* first[i] = 'a' or 'b': the side that runs first in round i (0-based); rounds must be
 * even and at most AB_MAX_ROUNDS. Returns 0 or -EINVAL. */
int ab_order(size_t rounds, uint64_t seed, char *first);

#endif
