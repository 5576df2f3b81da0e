/* What the fleet report says about a merged fleet: every host's p50 of every cell (one
 * configuration: transport, mode, size, placement, cache settings), the fleet's median of
 * it, the median among the hosts with the same fingerprint, and which hosts stand out
 * from their identical peers. Sorting and hash maps keep it O(rows log rows). */
#ifndef IPCBENCH_FLEET_ANALYSIS_H
#define IPCBENCH_FLEET_ANALYSIS_H
#include <stddef.h>
#include "text/csvread.h"
#include "fleet/status.h"

#define CELL_NFIELDS 8
extern const char *const cell_fields[CELL_NFIELDS]; /* transport, mode, size_bytes, ... */
#define CELL_SIZE_FIELD 2                            /* size_bytes: varies within a figure */
#define GROUP_MIN_HOSTS 3 /* fewer identical hosts give no median one host cannot pull */

struct fleet_member {
	const char *name, *fp; /* hosts.csv host, fingerprint */
	size_t fp_index;       /* 0 .. nfp-1 */
	size_t display;        /* 1-based position in the figures: by fingerprint, then name */
	size_t group_hosts;    /* hosts with the same fingerprint, itself included */
	size_t compared, standing_out; /* cells judged against the group, and beyond X */
	double worst;          /* largest |ratio to group - 1| */
};

/* One host's p50 of one cell (summary.csv row). */
struct fleet_entry {
	size_t cell, host, row;  /* row of fleet_summary.csv */
	size_t fp, display;      /* the host's, copied for sorting */
	double p50_ns, lo_ns, hi_ns;
	double fleet_med_ns, group_med_ns;
	size_t fleet_n, group_n; /* hosts behind each median */
	int outlier;             /* -1: not judged (group too small), 0, 1 */
};

struct fleet_cell {
	size_t row;  /* a summary row with its field values */
	size_t fig;  /* the figure that draws it: same fields but size */
};

struct fleet_view {
	struct csv_table hosts, summary;
	struct fleet_status status; /* of fleet slurm/ssh; n = 0 without fleet-status.csv */
	double outlier_frac;        /* X: 0.2 for 20 % */
	struct fleet_member *host;
	size_t nhosts, nfp, skipped_rows; /* rows of hosts hosts.csv lacks, or not ok */
	size_t *by_display;         /* host index of display position i (0-based) */
	struct fleet_entry *e;      /* ordered by display position, then cell */
	size_t ne;
	struct fleet_cell *cell;
	size_t ncells, nfigs;
	char **keys;                /* cell keys, then figure keys (owned) */
};

/* Reads DIR/hosts.csv, DIR/fleet_summary.csv and DIR/fleet-status.csv (if there) and
 * judges every entry. Returns 0, -EINVAL (not a fleet directory, or a file without the
 * columns it needs; err says which) or -ENOMEM. */
int fleet_view_load(struct fleet_view *v, const char *dir, double outlier_frac, char *err,
		    size_t errlen);
void fleet_view_free(struct fleet_view *v);
/* Field k of a cell (a CELL_NFIELDS index), "" when the fleet has no such column. */
const char *fleet_cell_field(const struct fleet_view *v, size_t cell, int k);

#endif
