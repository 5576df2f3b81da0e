#include <stdio.h>
#include "text/csv.h"
#include "fleet/fingerprint.h"
#include "text/strmap.h"

const char *const fp_fields[FP_NFIELDS] = { "cpu_model", "cpu_microcode", "kernel",
					    "topology", "cpu_governor", "cpu_vulnerabilities" };

void fp_values(const struct run_dir *r, const char *values[FP_NFIELDS])
{
	for (int k = 0; k < FP_NFIELDS; k++) {
		values[k] = run_meta(r, fp_fields[k]);
		if (!values[k])
			values[k] = "NA";
	}
}

void fp_make(const char *const values[FP_NFIELDS], char *out)
{
	struct sbuf b = { 0 };

	for (int k = 0; k < FP_NFIELDS; k++)
		sbuf_printf(&b, "%s=%s\n", fp_fields[k], values[k]);
	snprintf(out, FP_LEN + 1, "%012llx",
		 (strmap_hash(b.p ? b.p : "") >> 16) & 0xffffffffffffull);
	sbuf_free(&b);
}
