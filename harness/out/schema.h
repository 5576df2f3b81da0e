/* The columns of results.csv and summary.csv: one table each, from which the writers,
 * resume (reading rows back, matching planned cells), compare (which columns form a
 * row's key), the column reference (`ipcbench help columns`, docs, man page) and the
 * tests all work. Every column says what it holds, its unit, its role, and the phase of
 * the cell it comes from, so that a reader can tell a timed figure from a counted one. */
#ifndef IPCBENCH_SCHEMA_H
#define IPCBENCH_SCHEMA_H

/* meta.csv's schema_version: raised whenever results.csv's columns change (2: offered load
 * and many parties), so that resume can say why an older run does not fit. */
#define SCHEMA_VERSION 2
#include <stdio.h>
#include "text/csv.h"
#include "text/csvread.h"
#include "out/row.h"

enum col_role {
	COL_SETTING, /* what was asked: part of a row's key */
	COL_REPEAT,  /* which repetition: part of a results.csv row's key, not of summary's */
	COL_OUTCOME, /* how the cell went (status, wire bytes, the node found): never a key */
	COL_METRIC,  /* a measured figure */
};

enum col_phase {
	PH_CONFIG,  /* the configuration */
	PH_CELL,    /* the cell as a whole */
	PH_TIMED,   /* the timed phase: the samples, observed by nothing but the clock */
	PH_COUNTED, /* the counted phase after it: counters and getrusage (cell/phase.h) */
	PH_PROBE,   /* the floor probes on the cell's CPUs just before and after it */
	PH_RUN,     /* the run's floors, measured once its cells are done, on the cell's CPUs */
};

enum col_family {
	FAM_ONE,   /* one column */
	FAM_SIDE,  /* NAME_client and NAME_server */
	FAM_EVENT, /* EVENT_per_msg_client and EVENT_per_msg_server for each counted event */
};

/* Which member of a family a field is. */
struct col_ref {
	int side;       /* TR_CLIENT or TR_SERVER */
	const char *ev; /* FAM_EVENT: the event's name */
};

enum col_summary {
	SUM_NONE,   /* per repetition only */
	SUM_KEY,    /* summary.csv carries it from the key (the same in every repetition) */
	SUM_MEDIAN, /* summary.csv carries its median over the repetitions that have it */
};

#define COL_TEXT (-1) /* decimals of a text column */

struct col_def {
	const char *name; /* FAM_SIDE: the stem; FAM_EVENT: "EVENT_per_msg" in the docs */
	const char *unit;
	enum col_role role;
	enum col_phase phase;
	enum col_family fam;
	int decimals; /* digits after the point, or COL_TEXT */
	enum col_summary summary;
	/* numeric columns: the value, and whether it was measured (else NA) */
	int (*num)(const struct row *r, struct col_ref c, double *v);
	/* text columns: the field, or NULL for NA; buf may hold it */
	const char *(*text)(const struct row *r, struct col_ref c, char *buf, size_t n);
	/* puts the field back into r (resume); NULL: nothing to put back */
	void (*load)(struct row *r, struct col_ref c, const char *field);
	const char *help;
	/* settings: the value a key's label leaves out (NULL: always shown) */
	const char *dflt;
	/* an outcome that says what was measured (where the buffers landed, bytes on the
	 * wire): when two runs differ in it, compare calls the key inconclusive */
	int condition;
};

extern const struct col_def results_cols[];
extern const size_t nresults_cols;

/* A column of summary.csv that is its own (an aggregate over the repetitions). */
struct sum_def {
	const char *name, *unit, *help;
};
extern const struct sum_def summary_own_cols[];
extern const size_t nsummary_own_cols;

/* The column def whose written name is `name` (an event column matches its family),
 * or NULL. */
const struct col_def *schema_find(const char *name);
/* The written name of a family member. */
void schema_col_name(const struct col_def *d, struct col_ref c, char *out, size_t n);

/* Calls fn for every written column, in order (families expanded over sides and u). */
void schema_each_column(const struct row_events *u,
			void (*fn)(const struct col_def *d, struct col_ref c, void *arg),
			void *arg);
/* results.csv: the header and one line per row that is done. */
void schema_results_header(struct sbuf *b, const struct row_events *u);
void schema_results_line(struct sbuf *b, const struct row *r, const struct row_events *u);
/* One field of r as written (text or number), for key matching. */
void schema_field(struct sbuf *b, const struct col_def *d, const struct row *r,
		  struct col_ref c);
/* Puts a results.csv row (row i of t) back into r; the settings stay r's. */
void schema_load_row(const struct csv_table *t, size_t i, struct row *r);
/* 1 when row i of t is the planned cell r (every setting and the repetition match; a
 * column the file lacks matches, as an older file's default did). */
int schema_same_cell(const struct csv_table *t, size_t i, const struct row *r);
/* Checks row i of t field by field: a known status, numbers or NA where the column holds
 * numbers, and so on. 0, or -EINVAL with the column and the value in why. */
int schema_check_row(const struct csv_table *t, size_t i, char *why, size_t n);

const char *schema_phase_name(enum col_phase p);
const char *schema_role_name(enum col_role r);
/* The column reference: name, unit, phase, role and meaning of every column. */
void schema_print_reference(FILE *f, int markdown);

#endif
