/* The results.csv table (out/schema.h): one entry per column, its accessors beside it. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sys/memplace.h"
#include "out/schema.h"
#include "stats/stats.h"

static const char *const side_suffix[2] = { "client", "server" };

/* Text columns ------------------------------------------------------------------------ */

#define TEXT_FN(fn, expr)                                                                    \
	static const char *fn(const struct row *r, struct col_ref c, char *buf, size_t n)     \
	{                                                                                    \
		(void)c;                                                                     \
		(void)buf;                                                                   \
		(void)n;                                                                     \
		return (expr);                                                               \
	}
#define PRINT_FN(fn, fmt, expr)                                                              \
	static const char *fn(const struct row *r, struct col_ref c, char *buf, size_t n)     \
	{                                                                                    \
		(void)c;                                                                     \
		snprintf(buf, n, fmt, expr);                                                 \
		return buf;                                                                  \
	}

TEXT_FN(t_transport, r->t->name)
TEXT_FN(t_mode, cell_mode_name(r->set.mode))
PRINT_FN(t_size, "%llu", (unsigned long long)r->size)
TEXT_FN(t_placement, r->placement)
PRINT_FN(t_repeat, "%u", r->rep)
TEXT_FN(t_status, cell_status_name(r->res.status))
TEXT_FN(t_note, r->res.note)
TEXT_FN(t_cache, cell_cache_name(r->set.cache))
TEXT_FN(t_touch, cell_touch_name(r->set.touch))
PRINT_FN(t_footprint, "%llu", (unsigned long long)r->set.footprint)
PRINT_FN(t_rate, "%llu", (unsigned long long)r->set.rate_per_s)
PRINT_FN(t_idle, "%llu", (unsigned long long)r->set.idle_ns)
TEXT_FN(t_loop, cell_loop_name(r->set.loop))
PRINT_FN(t_clients, "%u", r->set.clients)
PRINT_FN(t_subscribers, "%u", r->set.subscribers)
TEXT_FN(t_spread, cell_parties(&r->set) ? spread_name((enum spread)r->set.spread) : NULL)
TEXT_FN(t_oversub, !cell_parties(&r->set) ? NULL : r->oversubscribed ? "yes" : "no")
TEXT_FN(t_pct_from, !r->res.has_stats ? NULL : r->res.pct_from_hist ? "histogram" : "exact")
TEXT_FN(t_mem_policy, memplace_name(r->set.mem_policy, r->set.mem_node, buf, n))
TEXT_FN(t_floor_path, r->res.has_path_floor ? r->res.floor_path : NULL)

static const char *t_cpu(int cpu, char *buf, size_t n)
{
	if (cpu < 0)
		return NULL;
	snprintf(buf, n, "%d", cpu);
	return buf;
}

TEXT_FN(t_client_cpu, t_cpu(r->set.client_cpu, buf, n))
TEXT_FN(t_server_cpu, t_cpu(r->set.server_cpu, buf, n))

static const char *t_mem_node(const struct row *r, struct col_ref c, char *buf, size_t n)
{
	(void)c;
	if (r->res.mem_node == -2)
		return "mixed";
	return t_cpu(r->res.mem_node, buf, n);
}

static const char *t_floor_stable(const struct row *r, struct col_ref c, char *buf, size_t n)
{
	(void)c;
	(void)buf;
	(void)n;
	if (!r->res.has_stats || r->res.floor_stable < 0)
		return NULL;
	return r->res.floor_stable ? "yes" : "no";
}

/* Numeric columns --------------------------------------------------------------------- */

#define NUM_FN(fn, expr, valid)                                                              \
	static int fn(const struct row *r, struct col_ref c, double *v)                       \
	{                                                                                    \
		(void)c;                                                                     \
		*v = (double)(expr);                                                         \
		return (valid);                                                              \
	}
#define STATS(fn, field) NUM_FN(fn, r->res.st.field, r->res.has_stats)

NUM_FN(n_wire, r->res.wire_bytes, 1)
NUM_FN(n_fragments, r->res.fragments, 1)
NUM_FN(n_samples, r->res.st.n, r->res.has_stats || r->res.status == CELL_INSUFFICIENT)
STATS(n_min, min)
STATS(n_p50, p50)
/* a percentile the samples cannot support is NA (stats_quantile_supported) */
#define PCT(fn, field, q) \
	NUM_FN(fn, r->res.st.field, r->res.has_stats && stats_quantile_supported(r->res.st.n, q))
PCT(n_p90, p90, 0.9)
PCT(n_p99, p99, 0.99)
PCT(n_p999, p999, 0.999)
PCT(n_p9999, p9999, 0.9999)
STATS(n_max, max)
STATS(n_mean, mean)
STATS(n_stddev, stddev)
NUM_FN(n_rate, r->res.msgs_per_s, r->res.has_stats)
NUM_FN(n_achieved, r->res.achieved_per_s, r->res.has_stats && r->res.achieved_per_s > 0)
NUM_FN(n_fairness, r->res.fairness, r->res.has_stats && cell_parties(&r->set) > 0)
#define FANOUT(fn, field) NUM_FN(fn, r->res.field, r->res.has_stats && r->set.subscribers > 0)
FANOUT(n_first50, first_p50)
FANOUT(n_first99, first_p99)
FANOUT(n_last50, last_p50)
FANOUT(n_last99, last_p99)
FANOUT(n_dropped, dropped)
#define PARTY(fn, expr, ok) NUM_FN(fn, expr, r->res.has_stats && cell_parties(&r->set) > 0 && (ok))
PARTY(n_open, r->res.open_ns, 1)
PARTY(n_lookup, r->res.bind_ns[0], r->res.has_bind)
PARTY(n_alloc, r->res.bind_ns[1], r->res.has_bind)
PARTY(n_map, r->res.bind_ns[2], r->res.has_bind)
NUM_FN(n_late, r->res.late_msgs, r->res.has_stats && r->set.rate_per_s > 0)
NUM_FN(n_verified, r->res.verified_full, r->res.has_stats)
NUM_FN(n_window, r->res.window, r->res.window > 0)
NUM_FN(n_bandwidth, r->res.bandwidth_bps, r->res.has_stats && r->set.mode == MODE_BANDWIDTH)
NUM_FN(n_floor_before, r->res.floor_before_ns, r->res.has_stats && r->res.floor_before_ns > 0)
NUM_FN(n_floor_after, r->res.floor_after_ns, r->res.has_stats && r->res.floor_after_ns > 0)
NUM_FN(n_over_floor, r->res.p50_over_floor, r->res.has_stats && r->res.p50_over_floor > 0)
NUM_FN(n_path_floor, r->res.path_floor_bps, r->res.has_path_floor)
NUM_FN(n_floor_ratio, r->res.floor_ratio, r->res.has_path_floor && r->res.floor_ratio > 0)

#define SIDE(fn, field)                                                                      \
	NUM_FN(fn, r->res.field[c.side], r->res.status == CELL_OK && r->res.has_phase[c.side])
SIDE(n_counted, counted_msgs)
SIDE(n_user, cpu_user_ns)
SIDE(n_sys, cpu_sys_ns)
SIDE(n_vol, ctxsw_vol)
SIDE(n_invol, ctxsw_invol)
SIDE(n_faults, faults)

static int n_event(const struct row *r, struct col_ref c, double *v)
{
	int e = row_event_index(r, c.ev);

	if (r->res.status != CELL_OK || e < 0 || !r->res.ctr.valid[c.side][e])
		return 0;
	*v = r->res.ctr.per_msg[c.side][e];
	return 1;
}

/* Loaders (resume) ---------------------------------------------------------------------- */

static int field_num(const char *f, double *v)
{
	if (!f || !*f || strcmp(f, "NA") == 0)
		return 0;
	*v = strtod(f, NULL);
	return 1;
}

#define LOAD_FN(fn, lvalue, type, also)                                                      \
	static void fn(struct row *r, struct col_ref c, const char *f)                        \
	{                                                                                    \
		double x;                                                                    \
		(void)c;                                                                     \
		if (field_num(f, &x)) {                                                      \
			lvalue = (type)x;                                                    \
			also;                                                                \
		}                                                                            \
	}
#define LOAD_STATS(fn, field) LOAD_FN(fn, r->res.st.field, double, )

LOAD_FN(l_wire, r->res.wire_bytes, size_t, )
LOAD_FN(l_fragments, r->res.fragments, unsigned, )
LOAD_FN(l_samples, r->res.st.n, size_t, )
LOAD_STATS(l_min, min)
LOAD_FN(l_p50, r->res.st.p50, double, r->res.has_stats = r->res.status == CELL_OK)
LOAD_STATS(l_p90, p90)
LOAD_STATS(l_p99, p99)
LOAD_STATS(l_p999, p999)
LOAD_STATS(l_p9999, p9999)
LOAD_STATS(l_max, max)
LOAD_STATS(l_mean, mean)
LOAD_STATS(l_stddev, stddev)
LOAD_FN(l_rate, r->res.msgs_per_s, double, )
LOAD_FN(l_achieved, r->res.achieved_per_s, double, )
LOAD_FN(l_fairness, r->res.fairness, double, )
LOAD_FN(l_first50, r->res.first_p50, double, )
LOAD_FN(l_first99, r->res.first_p99, double, )
LOAD_FN(l_last50, r->res.last_p50, double, )
LOAD_FN(l_last99, r->res.last_p99, double, )
LOAD_FN(l_dropped, r->res.dropped, uint64_t, )
LOAD_FN(l_open, r->res.open_ns, double, )
LOAD_FN(l_lookup, r->res.bind_ns[0], double, r->res.has_bind = 1)
LOAD_FN(l_alloc, r->res.bind_ns[1], double, )
LOAD_FN(l_map, r->res.bind_ns[2], double, )
LOAD_FN(l_late, r->res.late_msgs, uint64_t, )
LOAD_FN(l_verified, r->res.verified_full, uint64_t, )
LOAD_FN(l_window, r->res.window, unsigned, )
LOAD_FN(l_bandwidth, r->res.bandwidth_bps, double, )
LOAD_FN(l_floor_before, r->res.floor_before_ns, double, )
LOAD_FN(l_floor_after, r->res.floor_after_ns, double, )
LOAD_FN(l_over_floor, r->res.p50_over_floor, double, )
LOAD_FN(l_path_floor, r->res.path_floor_bps, double, r->res.has_path_floor = 1)
LOAD_FN(l_floor_ratio, r->res.floor_ratio, double, )
LOAD_FN(l_counted, r->res.counted_msgs[c.side], uint64_t, )
LOAD_FN(l_user, r->res.cpu_user_ns[c.side], double, r->res.has_phase[c.side] = 1)
LOAD_FN(l_sys, r->res.cpu_sys_ns[c.side], double, )
LOAD_FN(l_vol, r->res.ctxsw_vol[c.side], double, )
LOAD_FN(l_invol, r->res.ctxsw_invol[c.side], double, )
LOAD_FN(l_faults, r->res.faults[c.side], double, )

/* The status named f, or -1: the one lookup of the reader and of resume's check (two
 * loops had drifted apart and the check refused 'insufficient'). */
static int status_of(const char *f)
{
	for (int i = CELL_OK; f && i < CELL_STATUS_COUNT; i++)
		if (strcmp(cell_status_name((enum cell_status)i), f) == 0)
			return i;
	return -1;
}

static void l_status(struct row *r, struct col_ref c, const char *f)
{
	int s = status_of(f);

	(void)c;
	r->res.status = s < 0 ? CELL_ERROR : (enum cell_status)s;
}

static void l_note(struct row *r, struct col_ref c, const char *f)
{
	(void)c;
	snprintf(r->res.note, sizeof(r->res.note), "%s", f ? f : "");
}

static void l_pct_from(struct row *r, struct col_ref c, const char *f)
{
	(void)c;
	r->res.pct_from_hist = f && strcmp(f, "histogram") == 0;
}

static void l_mem_node(struct row *r, struct col_ref c, const char *f)
{
	double x;

	(void)c;
	r->res.mem_node = f && strcmp(f, "mixed") == 0 ? -2 : field_num(f, &x) ? (int)x : -1;
}

static void l_floor_stable(struct row *r, struct col_ref c, const char *f)
{
	(void)c;
	r->res.floor_stable = !f ? -1 : strcmp(f, "yes") == 0 ? 1 : strcmp(f, "no") == 0 ? 0 : -1;
}

static void l_floor_path(struct row *r, struct col_ref c, const char *f)
{
	(void)c;
	snprintf(r->res.floor_path, sizeof(r->res.floor_path), "%s", f ? f : "");
}

static void l_event(struct row *r, struct col_ref c, const char *f)
{
	int e = row_event_index(r, c.ev);

	if (e >= 0)
		r->res.ctr.valid[c.side][e] = field_num(f, &r->res.ctr.per_msg[c.side][e]);
}

/* The table ----------------------------------------------------------------------------- */

#define COL(name, unit, role, phase, fam, dec, sum, num, text, load, dflt, cond, help) \
	{ name, unit, role, phase, fam, dec, sum, num, text, load, help, dflt, cond }
#define SET(name, unit, fn, dflt, help) \
	COL(name, unit, COL_SETTING, PH_CONFIG, FAM_ONE, COL_TEXT, SUM_KEY, NULL, fn, NULL, dflt, 0, help)
/* an outcome of the cell as a whole; cond: runs that differ in it measured something else */
#define OUTCOME(name, unit, dec, sum, num, text, load, cond, help) \
	COL(name, unit, COL_OUTCOME, PH_CELL, FAM_ONE, dec, sum, num, text, load, NULL, cond, help)
#define METRIC(name, unit, phase, dec, sum, num, load, help) \
	COL(name, unit, COL_METRIC, phase, FAM_ONE, dec, sum, num, NULL, load, NULL, 0, help)
#define TIMED_NS(name, num, load, help) METRIC(name, "ns", PH_TIMED, 1, SUM_NONE, num, load, help)
#define COUNTED(name, unit, dec, num, load, help) \
	COL(name, unit, COL_METRIC, PH_COUNTED, FAM_SIDE, dec, SUM_MEDIAN, num, NULL, load, NULL, 0, \
	    help)

const struct col_def results_cols[] = {
	SET("transport", "", t_transport, NULL, "mechanism name (ipcbench list)"),
	SET("mode", "", t_mode, "latency", "latency: round trips of size_bytes each way; "
	    "bandwidth: streamed windows of messages, one acknowledgement each"),
	SET("size_bytes", "bytes", t_size, NULL, "payload bytes per one-way message"),
	OUTCOME("wire_bytes", "bytes", 0, SUM_KEY, n_wire, NULL, l_wire, 1,
		"bytes per one-way message with the 16-byte header (the token for "
		"notification-only transports)"),
	OUTCOME("fragments", "count", 0, SUM_KEY, n_fragments, NULL, l_fragments, 1,
		"sends per message (1 unless above the transport's limit)"),
	SET("placement", "", t_placement, NULL, "relationship of the two CPUs: same-cpu, smt, "
	    "same-l2, same-l3, cross-l3, cross-package, cross-numa (ipcbench topo)"),
	SET("client_cpu", "", t_client_cpu, NULL, "CPU the client was pinned to (NA: a skipped "
	    "class)"),
	SET("server_cpu", "", t_server_cpu, NULL, "CPU the server was pinned to (NA: a skipped "
	    "class)"),
	SET("mem_policy", "", t_mem_policy, "none", "NUMA placement asked for shared buffers: "
	    "none, a node, client, server or interleave"),
	OUTCOME("mem_node", "", COL_TEXT, SUM_KEY, NULL, t_mem_node, l_mem_node, 1,
		"node where the shared buffers' pages were found (move_pages), mixed, or NA when "
		"the transport has no shared buffer"),
	COL("repeat", "", COL_REPEAT, PH_CONFIG, FAM_ONE, COL_TEXT, SUM_NONE, NULL, t_repeat, NULL,
	    NULL, 0, "repetition number, from 1 (a fresh process pair each)"),
	METRIC("samples", "count", PH_TIMED, 0, SUM_NONE, n_samples, l_samples,
	       "round trips (latency) or windows (bandwidth) timed"),
	TIMED_NS("min_ns", n_min, l_min, "fastest sample (latency: round trip; bandwidth: time "
		 "per message of a window)"),
	TIMED_NS("p50_ns", n_p50, l_p50, "median sample; percentiles interpolate between ranks; paced "
		 "cells: from each message's due time, not its send"),
	TIMED_NS("p90_ns", n_p90, l_p90, "90th percentile (NA below 10 samples)"),
	TIMED_NS("p99_ns", n_p99, l_p99, "99th percentile (NA below 100 samples)"),
	TIMED_NS("p999_ns", n_p999, l_p999, "99.9th percentile (NA below 1000 samples)"),
	TIMED_NS("max_ns", n_max, l_max, "slowest sample"),
	TIMED_NS("mean_ns", n_mean, l_mean, "mean sample"),
	TIMED_NS("stddev_ns", n_stddev, l_stddev, "sample standard deviation"),
	METRIC("msgs_per_s", "1/s", PH_TIMED, 0, SUM_NONE, n_rate, l_rate,
	       "latency: round trips per second of timed phase; bandwidth: messages per second "
	       "(both 1e9 / mean_ns); paced or idle cells: achieved_per_s"),
	OUTCOME("verified_full", "count", 0, SUM_NONE, n_verified, NULL, l_verified, 0,
		"messages whose whole payload was checked, both sides"),
	OUTCOME("status", "", COL_TEXT, SUM_NONE, NULL, t_status, l_status, 0,
		"ok, fail (wrong data), error, timeout, peer-died, unsupported, skipped, "
		"interrupted, insufficient (too few samples)"),
	OUTCOME("note", "", COL_TEXT, SUM_NONE, NULL, t_note, l_note, 0,
		"why, for anything but a plain ok"),
	SET("cache", "", t_cache, "warm", "warm, or cold: buffers flushed between messages"),
	SET("touch", "", t_touch, "none", "what the receiver does with each payload: none, read "
	    "or write"),
	SET("footprint_bytes", "bytes", t_footprint, "0",
	    "working set each side walks between messages"),
	OUTCOME("window", "count", 0, SUM_KEY, n_window, NULL, l_window, 1,
		"bandwidth: messages per acknowledgement actually used (NA in latency mode)"),
	METRIC("bandwidth_bytes_per_s", "bytes/s", PH_TIMED, 0, SUM_MEDIAN, n_bandwidth,
	       l_bandwidth, "bandwidth: payload bytes per second of timed phase"),
	METRIC("floor_before_ns", "ns", PH_PROBE, 1, SUM_MEDIAN, n_floor_before, l_floor_before,
	       "cache-line round trip on the cell's CPUs just before it, on the transport's "
	       "own request and reply lines where it has them (shm-*, cacheline, lrpc-*), else "
	       "on one line of the harness's (one CPU: the sched_yield hand-over)"),
	METRIC("floor_after_ns", "ns", PH_PROBE, 1, SUM_MEDIAN, n_floor_after, l_floor_after,
	       "the same just after it"),
	METRIC("p50_over_floor", "ratio", PH_TIMED, 3, SUM_MEDIAN, n_over_floor, l_over_floor,
	       "latency: p50_ns over the mean of the two floors; NA when they disagree "
	       "(floor_stable = no: no one floor held for the cell)"),
	COL("floor_stable", "", COL_OUTCOME, PH_PROBE, FAM_ONE, COL_TEXT, SUM_NONE, NULL,
	    t_floor_stable, l_floor_stable, NULL, 0, "yes when the two floors (on the same lines) "
	    "agree within 25 %; "
	    "no: the host moved or halted a CPU during the cell (the note says so)"),
	COL("floor_path", "", COL_OUTCOME, PH_RUN, FAM_ONE, COL_TEXT, SUM_KEY, NULL, t_floor_path,
	    l_floor_path, NULL, 0, "bandwidth: the passes over the payload "
	    "path_floor_bytes_per_s is made of: the transport's copies (memcpy, "
	    "copy_to/from_user or process_vm_readv, as copy_unit in copies.csv), the move of the "
	    "lines between the CPUs, the receiver's touch; in series on one CPU or with one "
	    "message in flight, else the slower of sender and receiver (docs/copies.md)"),
	METRIC("path_floor_bytes_per_s", "bytes/s", PH_RUN, 0, SUM_MEDIAN, n_path_floor,
	       l_path_floor, "bandwidth: the floor of that path at this size on the cell's CPUs, "
	       "the faster of its probes just before and after the cell by its own processes "
	       "(floor_path ends 'beside the cell'); a path the cell streams between its windows "
	       "(shared memory across CPUs, a window, touch = read: floor_path ends 'streamed "
	       "between the cell's windows'), the median of those streams; else from the run's "
	       "probe after the last cell, meta.csv slopes_cpus_A_B"),
	METRIC("floor_ratio", "ratio", PH_RUN, 3, SUM_MEDIAN, n_floor_ratio, l_floor_ratio,
	       "bandwidth: bandwidth_bytes_per_s over path_floor_bytes_per_s (1: the path's "
	       "floor); streamed between the windows, the median over the parts of the timed "
	       "phase of each part's bandwidth over the streams at its two ends; NA when the "
	       "host moved a CPU during the cell (floor_stable = no) and it was not streamed"),
	COUNTED("counted_msgs", "count", 0, n_counted, l_counted, "round trips (latency) or "
		"messages (bandwidth) of the counted phase, per side"),
	COUNTED("cpu_user_ns_per_msg", "ns", 1, n_user, l_user, "user CPU time per round trip "
		"or message (getrusage; tick-sampled split, precise sum)"),
	COUNTED("cpu_sys_ns_per_msg", "ns", 1, n_sys, l_sys, "system CPU time per round trip "
		"or message"),
	COUNTED("ctxsw_vol_per_msg", "count", 4, n_vol, l_vol, "voluntary context switches per "
		"round trip or message"),
	COUNTED("ctxsw_invol_per_msg", "count", 4, n_invol, l_invol, "involuntary context "
		"switches per round trip or message"),
	COUNTED("faults_per_msg", "count", 4, n_faults, l_faults, "page faults (minor and "
		"major, getrusage) per round trip or message"),
	SET("rate_per_s", "1/s", t_rate, "0", "offered load: round trips per second on a schedule "
	    "fixed in advance (latency then from each one's due time); 0: the closed loop (the "
	    "hot loop)"),
	SET("idle_ns", "ns", t_idle, "0", "closed loop with this sleep after each reply (rt-tests "
	    "style); 0: none"),
	SET("loop", "", t_loop, "closed", "with a rate: closed (one message in flight) or open "
	    "(sent on schedule by one thread, replies taken by another, several in flight: "
	    "docs/parties.md); always closed in a hot cell"),
	SET("clients", "count", t_clients, "0", "fan-in: clients of the one server, each a process "
	    "in its own loop; the latency figures are all clients' round trips together, "
	    "msgs_per_s their sum, client_cpu the first client's CPU (parties.csv has each "
	    "client); 0: the pair"),
	SET("subscribers", "count", t_subscribers, "0", "fan-out: subscribers of the one "
	    "publisher, each message delivered to all; the latency figures are the one-way times "
	    "of every delivery together, msgs_per_s the messages published per second, "
	    "server_cpu the publisher's CPU and the _server counted columns the publisher's "
	    "(parties.csv has each subscriber); 0: none"),
	SET("spread", "", t_spread, "NA", "fan-in, fan-out: how the parties were placed: core, "
	    "l3, package or numa (NA: the pair)"),
	OUTCOME("oversubscribed", "", COL_TEXT, SUM_KEY, NULL, t_oversub, NULL, 1,
		"fan-in, fan-out: yes when the plan put more processes than CPUs (some share one)"),
	METRIC("first_p50_ns", "ns", PH_TIMED, 1, SUM_MEDIAN, n_first50, l_first50,
	       "fan-out: median one-way time from the publish to the first subscriber's receive "
	       "of each message"),
	METRIC("first_p99_ns", "ns", PH_TIMED, 1, SUM_MEDIAN, n_first99, l_first99,
	       "fan-out: its 99th percentile"),
	METRIC("last_p50_ns", "ns", PH_TIMED, 1, SUM_MEDIAN, n_last50, l_last50,
	       "fan-out: median one-way time to the last subscriber of each message (when all "
	       "had it)"),
	METRIC("last_p99_ns", "ns", PH_TIMED, 1, SUM_MEDIAN, n_last99, l_last99,
	       "fan-out: its 99th percentile"),
	METRIC("dropped_msgs", "count", PH_CELL, 0, SUM_MEDIAN, n_dropped, l_dropped,
	       "fan-out: copies subscribers never got (a lossy mechanism drops rather than block "
	       "the publisher; the others never do)"),
	METRIC("open_ns", "ns", PH_CELL, 0, SUM_MEDIAN, n_open, l_open,
	       "fan-in, fan-out: median over the clients (subscribers) of their channel's open "
	       "before the start, untimed: for lrpc-*, the binding through the naming-service "
	       "process"),
	METRIC("bind_lookup_ns", "ns", PH_CELL, 0, SUM_MEDIAN, n_lookup, l_lookup,
	       "lrpc-* fan-in: median over the clients of the binding's lookup (a round trip to "
	       "the naming service, which checks the client's credentials), apart from any call"),
	METRIC("bind_alloc_ns", "ns", PH_CELL, 0, SUM_MEDIAN, n_alloc, l_alloc,
	       "lrpc-* fan-in: the same of the A-stack's allocation (a round trip that takes a "
	       "free A-stack and brings its descriptor)"),
	METRIC("bind_map_ns", "ns", PH_CELL, 0, SUM_MEDIAN, n_map, l_map,
	       "lrpc-* fan-in: the same of its mapping (mmap, the header's check, the claim)"),
	METRIC("fairness_jain", "ratio", PH_TIMED, 4, SUM_MEDIAN, n_fairness, l_fairness,
	       "fan-in, fan-out: Jain's index over the clients' (subscribers') rates, "
	       "(sum x)^2 / (n sum x^2): 1 when all got the same, 1/n when one got everything"),
	TIMED_NS("p9999_ns", n_p9999, l_p9999, "99.99th percentile (NA below 10000 samples)"),
	METRIC("achieved_per_s", "1/s", PH_TIMED, 1, SUM_MEDIAN, n_achieved, l_achieved,
	       "latency: timed round trips per second of the timed phase, from the first one's "
	       "start (paced: its due time) to the last one's reply; against rate_per_s: the load "
	       "achieved against the load offered"),
	METRIC("late_msgs", "count", PH_TIMED, 0, SUM_MEDIAN, n_late, l_late,
	       "paced: timed messages whose due time had passed before they could go (the "
	       "previous reply came late); their latency still counts from the due time"),
	COL("percentiles_from", "", COL_OUTCOME, PH_TIMED, FAM_ONE, COL_TEXT, SUM_NONE, NULL,
	    t_pct_from, l_pct_from, NULL, 0, "exact (every sample kept), or histogram: more "
	    "samples than the array holds, the percentiles from a log-bucketed histogram (within "
	    "0.4 %; min, max, mean exact)"),
	COL("EVENT_per_msg", "count", COL_METRIC, PH_COUNTED, FAM_EVENT, 3, SUM_MEDIAN, n_event,
	    NULL, l_event, NULL, 0, "each counted event (events) per round trip or message and "
	    "side, the name with every character other than a letter, digit or _ made _; NA "
	    "where it cannot be counted here (the note says why)"),
};
const size_t nresults_cols = sizeof(results_cols) / sizeof(results_cols[0]);

const struct sum_def summary_own_cols[] = {
	{ "repeats", "count", "repetitions of the key" },
	{ "repeats_ok", "count", "repetitions that ended ok" },
	{ "p50_ns", "ns", "median of the repetitions' p50" },
	{ "p50_ci_lo_ns", "ns", "distribution-free confidence interval of that median: low end" },
	{ "p50_ci_hi_ns", "ns", "... high end" },
	{ "p50_ci_level_pct", "%", "the interval's real coverage (below 95 with fewer than 6 "
	  "repetitions)" },
	{ "p99_ns", "ns", "median of the repetitions' p99" },
	{ "min_ns", "ns", "fastest sample of any repetition" },
	{ "max_ns", "ns", "slowest sample of any repetition" },
	{ "msgs_per_s", "1/s", "median of the repetitions' msgs_per_s" },
	{ "bandwidth_ci_lo_bytes_per_s", "bytes/s", "bandwidth: distribution-free confidence "
	  "interval of the median over the repetitions of bandwidth_bytes_per_s, low end (the "
	  "same method and coverage as p50's)" },
	{ "bandwidth_ci_hi_bytes_per_s", "bytes/s", "... high end" },
	{ "status", "", "ok, or the status of the first repetition that was not" },
	{ "note", "", "that repetition's note (or the first one's)" },
};
const size_t nsummary_own_cols = sizeof(summary_own_cols) / sizeof(summary_own_cols[0]);

/* Generic use of the table --------------------------------------------------------------- */

void schema_col_name(const struct col_def *d, struct col_ref c, char *out, size_t n)
{
	char stem[CTR_NAME_LEN];

	if (d->fam == FAM_ONE)
		snprintf(out, n, "%s", d->name);
	else if (d->fam == FAM_SIDE)
		snprintf(out, n, "%s_%s", d->name, side_suffix[c.side]);
	else {
		ctr_column_name(c.ev, stem, sizeof(stem));
		snprintf(out, n, "%s_per_msg_%s", stem, side_suffix[c.side]);
	}
}

const struct col_def *schema_find(const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < nresults_cols; i++) {
		const struct col_def *d = &results_cols[i];
		char a[96], b[96];

		if (d->fam == FAM_ONE && strcmp(d->name, name) == 0)
			return d;
		if (d->fam == FAM_SIDE) {
			snprintf(a, sizeof(a), "%s_client", d->name);
			snprintf(b, sizeof(b), "%s_server", d->name);
			if (strcmp(a, name) == 0 || strcmp(b, name) == 0)
				return d;
		}
		if (d->fam == FAM_EVENT && len > 15 &&
		    (strcmp(name + len - 15, "_per_msg_client") == 0 ||
		     strcmp(name + len - 15, "_per_msg_server") == 0))
			return d; /* checked after every named family: see the table's order */
	}
	return NULL;
}

void schema_each_column(const struct row_events *u,
			void (*fn)(const struct col_def *d, struct col_ref c, void *arg), void *arg)
{
	for (size_t i = 0; i < nresults_cols; i++) {
		const struct col_def *d = &results_cols[i];

		if (d->fam == FAM_ONE) {
			fn(d, (struct col_ref){ 0, NULL }, arg);
			continue;
		}
		for (size_t e = 0; e < (d->fam == FAM_EVENT ? u->n : 1); e++)
			for (int s = 0; s < 2; s++)
				fn(d, (struct col_ref){ s, d->fam == FAM_EVENT ? u->name[e] : NULL },
				   arg);
	}
}

struct write_ctx {
	struct sbuf *b;
	const struct row *r;
	int first;
};

static void put_name(const struct col_def *d, struct col_ref c, void *arg)
{
	struct write_ctx *w = arg;
	char name[128];

	schema_col_name(d, c, name, sizeof(name));
	sbuf_printf(w->b, "%s%s", w->first ? "" : ",", name);
	w->first = 0;
}

/* The field unquoted; NULL for NA. */
static const char *field_text(const struct col_def *d, const struct row *r, struct col_ref c,
			      char *buf, size_t n)
{
	double v = 0;

	if (d->decimals == COL_TEXT)
		return d->text(r, c, buf, n);
	if (!d->num(r, c, &v))
		return NULL;
	snprintf(buf, n, "%.*f", d->decimals, v);
	return buf;
}

void schema_field(struct sbuf *b, const struct col_def *d, const struct row *r,
		  struct col_ref c)
{
	char buf[64];

	sbuf_csv_field(b, field_text(d, r, c, buf, sizeof(buf)));
}

static void put_field(const struct col_def *d, struct col_ref c, void *arg)
{
	struct write_ctx *w = arg;

	if (!w->first)
		sbuf_putc(w->b, ',');
	w->first = 0;
	schema_field(w->b, d, w->r, c);
}

void schema_results_header(struct sbuf *b, const struct row_events *u)
{
	struct write_ctx w = { b, NULL, 1 };

	schema_each_column(u, put_name, &w);
	sbuf_putc(b, '\n');
}

void schema_results_line(struct sbuf *b, const struct row *r, const struct row_events *u)
{
	struct write_ctx w = { b, r, 1 };

	if (r->carried) { /* a resumed row goes back exactly as it was read */
		sbuf_printf(b, "%s\n", r->carried);
		return;
	}
	schema_each_column(u, put_field, &w);
	sbuf_putc(b, '\n');
}

/* Reading back ----------------------------------------------------------------------------- */

struct load_ctx {
	const struct csv_table *t;
	size_t i;
	struct row *r;
};

static void load_field(const struct col_def *d, struct col_ref c, void *arg)
{
	struct load_ctx *l = arg;
	char name[128];
	const char *f;

	if (!d->load)
		return;
	schema_col_name(d, c, name, sizeof(name));
	f = csv_get(l->t, l->i, name);
	if (f)
		d->load(l->r, c, f);
}

void schema_load_row(const struct csv_table *t, size_t i, struct row *r)
{
	struct row_events u = { 0 };
	struct load_ctx l = { t, i, r };
	struct cell_result *res = &r->res;

	memset(res, 0, sizeof(*res));
	res->mem_node = -1;
	res->floor_stable = -1;
	res->ctr.n = (unsigned)row_event_names(r->set.events, res->ctr.name, CTR_MAX);
	u.n = res->ctr.n;
	memcpy(u.name, res->ctr.name, u.n * CTR_NAME_LEN);
	load_field(schema_find("status"), (struct col_ref){ 0, NULL }, &l); /* p50 needs it */
	schema_each_column(&u, load_field, &l);
	if (res->status != CELL_OK)
		res->has_stats = 0;
}

int schema_same_cell(const struct csv_table *t, size_t i, const struct row *r)
{
	for (size_t k = 0; k < nresults_cols; k++) {
		const struct col_def *d = &results_cols[k];
		const char *f = csv_get(t, i, d->name), *mine;
		char buf[64];

		if ((d->role != COL_SETTING && d->role != COL_REPEAT) || !f)
			continue;
		mine = field_text(d, r, (struct col_ref){ 0, NULL }, buf, sizeof(buf));
		if (strcmp(mine ? mine : "NA", f) != 0)
			return 0;
	}
	return 1;
}

/* The reference ------------------------------------------------------------------------- */

static const char *const role_names[] = { [COL_SETTING] = "setting (key)",
					  [COL_REPEAT] = "repetition (key)",
					  [COL_OUTCOME] = "outcome", [COL_METRIC] = "metric" };
static const char *const phase_names[] = { [PH_CONFIG] = "config", [PH_CELL] = "cell",
					   [PH_TIMED] = "timed", [PH_COUNTED] = "counted",
					   [PH_PROBE] = "probe", [PH_RUN] = "run" };

const char *schema_phase_name(enum col_phase p)
{
	return phase_names[p];
}

const char *schema_role_name(enum col_role r)
{
	return role_names[r];
}

static void ref_name(const struct col_def *d, char *out, size_t n)
{
	if (d->fam == FAM_SIDE)
		snprintf(out, n, "%s_client, %s_server", d->name, d->name);
	else if (d->fam == FAM_EVENT)
		snprintf(out, n, "EVENT_per_msg_client, EVENT_per_msg_server");
	else
		snprintf(out, n, "%s", d->name);
}

void schema_print_reference(FILE *f, int markdown)
{
	char name[128];

	if (markdown)
		fprintf(f, "| column | unit | phase | role | meaning |\n|---|---|---|---|---|\n");
	for (size_t i = 0; i < nresults_cols; i++) {
		const struct col_def *d = &results_cols[i];

		ref_name(d, name, sizeof(name));
		if (markdown)
			fprintf(f, "| %s | %s | %s | %s | %s |\n", name, d->unit, phase_names[d->phase],
				role_names[d->role], d->help);
		else
			fprintf(f, "  %-44s %-7s %-8s %s\n  %44s %s\n", name, d->unit,
				phase_names[d->phase], role_names[d->role], "", d->help);
	}
}

/* Checking rows read back ------------------------------------------------------------- */

static int is_number(const char *f)
{
	char *end;
	double v = strtod(f, &end);

	return end != f && *end == 0 && isfinite(v);
}

static int is_count(const char *f)
{
	return *f && strspn(f, "0123456789") == strlen(f);
}

/* Why field f cannot be in column d, or NULL when it can. */
static const char *bad_field(const struct col_def *d, const char *f)
{
	if (d->load == l_status)
		return status_of(f) < 0 ? "not a status (ipcbench help columns)" : NULL;
	if (d->load == l_mem_node)
		return strcmp(f, "NA") == 0 || strcmp(f, "mixed") == 0 || is_count(f) ? NULL
			: "expected a node number, mixed or NA";
	if (d->load == l_floor_stable)
		return strcmp(f, "NA") == 0 || strcmp(f, "yes") == 0 || strcmp(f, "no") == 0
			? NULL : "expected yes, no or NA";
	if (d->decimals != COL_TEXT)
		return strcmp(f, "NA") == 0 || is_number(f) ? NULL : "expected a number or NA";
	if (d->role == COL_SETTING || d->role == COL_REPEAT)
		return *f ? NULL : "empty";
	return NULL;
}

int schema_check_row(const struct csv_table *t, size_t i, char *why, size_t n)
{
	for (size_t c = 0; c < t->ncols; c++) {
		const struct col_def *d = schema_find(t->cols[c]);
		const char *f = t->rows[i][c], *bad = d ? bad_field(d, f) : "not a results.csv column";

		if (bad) {
			snprintf(why, n, "column %s: '%.60s': %s", t->cols[c], f, bad);
			return -EINVAL;
		}
	}
	return 0;
}
