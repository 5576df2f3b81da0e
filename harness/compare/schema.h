/* The columns of results.csv and what each is to a comparison, in one table: a setting
 * (chosen before the run; the settings of a row are its key), a measured outcome (never
 * part of the key), or the row's id within its key (the repetition). `compare`, `ab` and
 * the key labels read only this table. */
#ifndef IPCBENCH_COMPARE_SCHEMA_H
#define IPCBENCH_COMPARE_SCHEMA_H
#include <stddef.h>

enum col_role { COL_SETTING, COL_MEASURED, COL_ID };

#define COL_METRIC 1u    /* a number `compare --metric` can gate on */
#define COL_CONDITION 2u /* a measured outcome that says what was measured (where the buffers
			  * landed, bytes on the wire): when the two sides differ in it, the
			  * key is inconclusive rather than compared */

struct col_schema {
	const char *name;  /* column name, or a glob for generated columns */
	enum col_role role;
	unsigned flags;    /* COL_METRIC, COL_CONDITION */
	const char *dflt;  /* settings: the value a key label leaves out; NULL: always shown */
	const char *what;  /* one line for people */
};

/* The row for a column (the first whose name or glob matches), or NULL for a column the
 * table does not know. */
const struct col_schema *col_schema_find(const char *name);
/* The whole table, in results.csv order (for help texts and documentation). */
const struct col_schema *col_schema_table(size_t *n);

#endif
