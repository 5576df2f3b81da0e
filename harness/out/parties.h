/* parties.csv: one row per client of every fan-in cell that measured (cell/party.h), beside
 * results.csv. Its key columns are results.csv's (the settings and the repetition, from
 * out/schema.c), then the client's own, from the table party_cols. */
#ifndef IPCBENCH_PARTIES_H
#define IPCBENCH_PARTIES_H
#include <stdio.h>
#include "cell/party.h"
#include "out/row.h"
#include "text/csv.h"
#include "text/csvread.h"

struct party_col {
	const char *name, *unit;
	int decimals;
	double (*get)(const struct party_client *c, unsigned k); /* k: the client's number */
	void (*put)(struct party_client *c, double v);         /* back from the file (resume) */
	const char *help;
};

extern const struct party_col party_cols[];
extern const size_t nparty_cols;

/* The header, and one line per client of every row that is done and has them. */
void parties_csv(struct sbuf *b, const struct row *rows, size_t n);
/* Puts the clients of t's lines that are the cell r back into r (resume): 0, -ENOENT when
 * t lacks some of them, or -ENOMEM. */
int parties_load(const struct csv_table *t, struct row *r);
/* The column reference, after results.csv's. */
void parties_print_reference(FILE *f, int markdown);

#endif
