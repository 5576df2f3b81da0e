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
	int *line;     /* line of the file where data row i starts (the header is line 1) */
	char **raw;    /* csv_read_file_strict: data row i as in the file, without its line end */
};

/* Parses buf; a row with a different number of fields than the header is an error, so is
 * a NUL byte anywhere.
 * On error returns a negative errno and writes "NAME:LINE: what" into err. */
int csv_parse(const char *name, const char *buf, size_t len, struct csv_table *t, char *err,
	      size_t errlen);
int csv_read_file(const char *path, struct csv_table *t, char *err, size_t errlen);
/* The same for a file ipcbench wrote and will write back (resume): it must end with a line
 * end (else it was cut short), and each data row's text is kept in t->raw. */
int csv_read_file_strict(const char *path, struct csv_table *t, char *err, size_t errlen);
/* Column index of name, or -1. */
int csv_col(const struct csv_table *t, const char *name);
/* Field of row by column name, or NULL when there is no such column. */
const char *csv_get(const struct csv_table *t, size_t row, const char *name);
void csv_table_free(struct csv_table *t);

#endif
