/* Questions the plotting side asks of a run's tables before it draws anything: which
 * placements (and CPU pairs) were measured, which transports and sizes have usable values,
 * so that every figure it asks gnuplot for has data in every line. */
#ifndef IPCBENCH_RUNQUERY_H
#define IPCBENCH_RUNQUERY_H
#include "text/csv.h"
#include "text/csvread.h"

/* Where the two processes ran: placement class and CPU pair (one figure each). */
struct group {
	char placement[32];
	int ccpu, scpu;
};

/* Rows wanted: every non-NULL condition holds, every column in need (NULL-terminated
 * early) holds a finite number > 0 and every column in nonneg one >= 0. */
struct rowsel {
	const char *mode;         /* column mode equals this */
	const struct group *g;    /* placement, client_cpu, server_cpu equal these */
	const char *col[3];       /* column col[k] equals value[k] (col[k] NULL: no condition) */
	const char *value[3];
	const char *zero[4];      /* columns that are 0 where the table has them */
	const char *need[3];
	const char *nonneg[5];    /* like need, but >= 0 */
	int any_pattern;          /* also rows of offered load and many parties (else: only the
				   * classic closed-loop pair, as in every figure before them) */
};

/* The columns that say a row is not the classic closed-loop pair of one client and one
 * server (rate_per_s, idle_ns, clients, subscribers): any of them non-zero. Appends the
 * ones t has to list, blank-separated (for the scripts' classic()). */
void pattern_columns(const struct csv_table *t, struct sbuf *list);
/* 1 when every pattern column t has is 0 (or NA) in the row. */
int row_classic(const struct csv_table *t, size_t row);

/* A field as a finite number; 0 when it is not one (NA, empty, text). */
int field_num(const char *s, double *v);
int row_selected(const struct csv_table *t, size_t row, const struct rowsel *s);
/* Selected rows; 0 when the table lacks a column the selection names. */
size_t count_selected(const struct csv_table *t, const struct rowsel *s);

/* Distinct (placement, client_cpu, server_cpu) of the selected rows, in order of first
 * appearance; at most max. */
size_t find_groups(const struct csv_table *t, const struct rowsel *s, struct group *out,
		   size_t max);
/* Short tag of group i for file names: the placement, with "-cA-sB" when another group
 * has the same placement. */
void group_tag(const struct group *g, size_t n, size_t i, char *out, size_t len);

/* Distinct values of column col over the selected rows, in order of first appearance,
 * appended to list separated by blanks (the word lists the scripts read); values with
 * blanks or quotes, which would not survive as one word, are left out. */
void distinct_words(const struct csv_table *t, const struct rowsel *s, const char *col,
		    struct sbuf *list);
/* Distinct positive size_bytes of the selected rows, ascending, into v (at most max). */
size_t selected_sizes(const struct csv_table *t, const struct rowsel *s, double *v, size_t max);
/* Adds the sizes v[0..m) to the ascending set all[0..*n), at most max. */
void merge_sizes(double *all, size_t *n, size_t max, const double *v, size_t m);
/* Appends v[0..n) as integers separated by blanks. */
void size_words(struct sbuf *list, const double *v, size_t n);
/* Whether w is one of the words of list. */
int word_in(const char *list, const char *w);
/* Number of words in a blank-separated list, and a copy of word i (0-based). */
size_t word_count(const char *list);
void word_at(const char *list, size_t i, char *out, size_t len);

#endif
