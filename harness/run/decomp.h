/* The decomposition of one group's one-way times (run/copies.c): least squares over every
 * size and repetition of
 *     one-way ns = a + b * bytes + c * switches + d * fragments + e * faults,
 * each "step" term (switches, sends and page faults per one-way message, from the cells'
 * counted phase and plan) taken only where it varies with size; b read against one copy's
 * slope gives copies_measured, c is the cost of one context switch on the path.
 * Regimes: runs of sizes over which the step terms stay constant (within DECOMP_STEP_TOL)
 * are flat; sizes where they change at every step form a growing regime. When the data
 * cannot tell bytes from a step term (a variance inflation above FIT_VIF_MAX, or an exact
 * combination), the count comes from the largest flat regime of DECOMP_MIN_SIZES sizes or
 * more, fitted on bytes alone; without one it is NA, and the note says why. The step
 * terms' costs are then fitted over all sizes with the per-byte cost fixed at that slope.
 * The interval is a seeded stratified bootstrap over the repetitions of each size
 * (stats/boot.h) of the very same procedure. Pure: no I/O, unit-tested. */
#ifndef IPCBENCH_DECOMP_H
#define IPCBENCH_DECOMP_H
#include <stddef.h>
#include <stdint.h>
#include "stats/fit.h"

#define DECOMP_MAX_SIZES 32
#define DECOMP_MAX_POINTS 1024
#define DECOMP_MAX_REGIMES 8
#define DECOMP_MIN_SIZES 3
#define DECOMP_RESAMPLES 2000
#define DECOMP_CONF 0.95
/* Two sizes are in one flat regime when each step term differs by at most
 * max(DECOMP_STEP_TOL, DECOMP_STEP_REL * the regime's first value). */
#define DECOMP_STEP_TOL 0.3
#define DECOMP_STEP_REL 0.15

enum decomp_term { DT_BYTES, DT_SWITCHES, DT_FRAGMENTS, DT_FAULTS, DT_COUNT };
#define DT_STEPS (DT_COUNT - 1) /* the terms after bytes */
extern const char *const decomp_term_names[DT_COUNT];

/* One repetition at one size. switches and faults are NAN where not counted. */
struct decomp_point {
	double bytes, oneway_ns;
	double step[DT_STEPS]; /* switches, fragments (sends), faults per one-way message */
};

struct decomp_input {
	const struct decomp_point *p;
	size_t n;                    /* at most DECOMP_MAX_POINTS */
	double unit_ns_per_byte;     /* one copy of the transport's kind; <= 0: no count */
	double transfer_ns_per_byte; /* moving the lines between the CPUs */
	int copies_model;
	uint64_t seed;
};

struct decomp_regime {
	size_t first, last;            /* indexes into decomp.size */
	int flat;                      /* every step term constant over it */
	double lo[DT_STEPS], hi[DT_STEPS]; /* range of the per-size medians (NAN: not counted) */
};

struct decomp_fit {
	int ok;          /* fitted (coefficients valid) */
	unsigned terms;  /* 1u << DT_* */
	double a, coef[DT_COUNT], r2, vif_bytes;
	size_t npoints;
	int has_copies;  /* copies (and its interval, when has_ci) hold a count */
	double copies;   /* point estimate, (b - transfer) / unit */
	int has_ci;
	double copies_lo, copies_hi;
	int has_sw_ci;
	double sw_lo, sw_hi; /* interval of coef[DT_SWITCHES] */
	/* What the table reports: copies, or 0 when the estimate is negative and its interval
	 * includes 0 (reported_zero); the interval cut at 0, where a count ends. */
	int has_reported, reported_zero;
	double reported, reported_lo, reported_hi;
	char note[256];
};

struct decomp {
	size_t nsizes;
	double size[DECOMP_MAX_SIZES];
	double med[DT_STEPS][DECOMP_MAX_SIZES]; /* per-size medians of the step terms */
	struct decomp_regime reg[DECOMP_MAX_REGIMES];
	size_t nreg;
	struct decomp_fit all;               /* the reported decomposition */
	int from_regime;                     /* -1: all sizes; else the regime it came from */
	/* When the count came from a flat regime: the step terms over all sizes with the
	 * per-byte cost fixed at that regime's slope (ok 0 when not made). */
	struct decomp_fit steps;
	struct decomp_fit per[DECOMP_MAX_REGIMES]; /* each regime on bytes alone */
};

/* Regimes of nsizes sizes (ascending) from the step terms' per-size medians
 * (med[t][k]; NAN entries are ignored). Returns how many (at most max). */
size_t decomp_regimes(double med[DT_STEPS][DECOMP_MAX_SIZES], size_t nsizes,
		      struct decomp_regime *out, size_t max);
/* 0 (out filled; out->all.note says what could not be done), -EINVAL for bad input,
 * -ENOMEM. */
int decomp_run(const struct decomp_input *in, struct decomp *out);

#endif
