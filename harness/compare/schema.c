/* The results.csv schema table; see schema.h. */
#include <fnmatch.h>
#include "compare/schema.h"

#define SET(name, dflt, what) { name, COL_SETTING, 0, dflt, what }
#define COND(name, what) { name, COL_MEASURED, COL_CONDITION, NULL, what }
#define METRIC(name, what) { name, COL_MEASURED, COL_METRIC, NULL, what }
#define OUTCOME(name, what) { name, COL_MEASURED, 0, NULL, what }

static const struct col_schema table[] = {
	SET("transport", NULL, "mechanism"),
	SET("mode", "latency", "latency or bandwidth"),
	SET("size_bytes", NULL, "payload bytes per one-way message"),
	COND("wire_bytes", "bytes per message with the header (follows from the build)"),
	COND("fragments", "sends per message (follows from the transport's limit)"),
	SET("placement", NULL, "relationship of the two CPUs"),
	SET("client_cpu", NULL, "CPU of the client"),
	SET("server_cpu", NULL, "CPU of the server"),
	SET("mem_policy", "none", "NUMA placement asked for the shared buffers"),
	COND("mem_node", "node where the shared buffers were found"),
	{ "repeat", COL_ID, 0, NULL, "repetition number" },
	OUTCOME("samples", "round trips or windows measured"),
	METRIC("min_ns", "smallest sample"),
	METRIC("p50_ns", "median sample"),
	METRIC("p90_ns", "90th percentile"),
	METRIC("p99_ns", "99th percentile"),
	METRIC("p999_ns", "99.9th percentile"),
	METRIC("max_ns", "largest sample"),
	METRIC("mean_ns", "mean sample"),
	METRIC("stddev_ns", "sample standard deviation"),
	METRIC("msgs_per_s", "round trips or messages per second"),
	OUTCOME("verified_full", "messages checked in full"),
	OUTCOME("status", "ok, fail, error, timeout, ..."),
	OUTCOME("note", "why, for anything but a plain ok"),
	SET("cache", "warm", "cache state between messages"),
	SET("touch", "none", "what a receiver does with a payload"),
	SET("footprint_bytes", "0", "working set walked between messages"),
	COND("window", "messages per acknowledgement actually used"),
	METRIC("bandwidth_bytes_per_s", "payload bytes per second"),
	METRIC("cpu_user_ns_per_msg_client", "user CPU time per message, client"),
	METRIC("cpu_sys_ns_per_msg_client", "system CPU time per message, client"),
	METRIC("ctxsw_vol_per_msg_client", "voluntary context switches per message, client"),
	METRIC("ctxsw_invol_per_msg_client", "involuntary context switches per message, client"),
	METRIC("cpu_user_ns_per_msg_server", "user CPU time per message, server"),
	METRIC("cpu_sys_ns_per_msg_server", "system CPU time per message, server"),
	METRIC("ctxsw_vol_per_msg_server", "voluntary context switches per message, server"),
	METRIC("ctxsw_invol_per_msg_server", "involuntary context switches per message, server"),
	/* one pair per counted event, named after the `events` setting */
	METRIC("*_per_msg_client", "a counted event per message, client"),
	METRIC("*_per_msg_server", "a counted event per message, server"),
};

const struct col_schema *col_schema_find(const char *name)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (fnmatch(table[i].name, name, 0) == 0)
			return &table[i];
	return NULL;
}

const struct col_schema *col_schema_table(size_t *n)
{
	*n = sizeof(table) / sizeof(table[0]);
	return table;
}
