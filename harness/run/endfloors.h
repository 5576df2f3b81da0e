/* The floors a finished run measures last, on every CPU pair its studies need, so that
 * they see the same CPUs (and the same host placement, as far as a VM lets one know) as
 * the cells just before: the copy slopes at the sizes asked for (floors/slopes.h), and the
 * futex wake-up round trip on the client CPU alone and across the pair (floors/wakeup.h).
 * The copy study (run/copies.h) and the bandwidth floors (run/bwfloor.h) say what they
 * need, then one call measures it all and writes it into meta.csv. */
#ifndef IPCBENCH_ENDFLOORS_H
#define IPCBENCH_ENDFLOORS_H
#include <stddef.h>
#include <stdint.h>
#include "floors/slopes.h"
#include "floors/wakeup.h"
#include "run/meta.h"

struct pair_floors {
	int client_cpu, server_cpu;
	size_t nsizes;
	uint64_t size[SLOPES_MAX_SIZES]; /* asked for; sl holds them ascending once measured */
	int want_wakeup;
	struct slopes sl;
	struct wakeup_floor same, cross; /* cross: only for two different CPUs */
};

struct end_floors {
	struct pair_floors *p;
	size_t n, cap;
};

/* Asks for the slopes at size on the pair (sizes past SLOPES_MAX_SIZES distinct ones are
 * dropped: their rows get no floor), and the wake-up floor when wakeup is 1. */
int endfloors_ask(struct end_floors *f, int client_cpu, int server_cpu, uint64_t size,
		  int wakeup);
/* Measures everything asked for and records it in m (slopes_cpus_A_B, wakeup_cpus_A_B,
 * ...). 0, -EINTR when interrupted, or a negative errno. */
int endfloors_measure(const struct clock_src *clk, struct end_floors *f, struct meta *m);
/* The pair's floors, or NULL. */
const struct pair_floors *endfloors_find(const struct end_floors *f, int client_cpu,
					 int server_cpu);
/* Index of size among the pair's measured slopes, or -1. */
int endfloors_size_index(const struct pair_floors *p, uint64_t size);
/* The wake-up floor of one context switch on the pair's path: across the CPUs, or on the
 * one CPU; NULL when not measured. */
const struct wakeup_floor *endfloors_wakeup(const struct pair_floors *p);
void endfloors_free(struct end_floors *f);

#endif
