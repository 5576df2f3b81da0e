/* Reading the CSV files ipcbench writes (RFC 4180: quoted fields, doubled quotes,
 * newlines inside quotes), by column name. Used by the commands that read runs back. */
#ifndef IPCBENCH_CSVREAD_H
#define IPCBENCH_CSVREAD_H
#include <stddef.h>

struct csv_table {
	char **cols;   /* header names */
	size_t ncols;
	char ***rows;  /* rows[i][j]: field j of data row i; every row has ncols fields */
	size_t nrows;
};

/* Parses buf; a row with a different number of fields than the header is an error.
 * On error returns a negative errno and writes "NAME:LINE: what" into err. */
int csv_parse(const char *name, const char *buf, size_t len, struct csv_table *t, char *err,
	      size_t errlen);
int csv_read_file(const char *path, struct csv_table *t, char *err, size_t errlen);
/* Column index of name, or -1. */
int csv_col(const struct csv_table *t, const char *name);
/* Field of row by column name, or NULL when there is no such column. */
const char *csv_get(const struct csv_table *t, size_t row, const char *name);
void csv_table_free(struct csv_table *t);

#endif
