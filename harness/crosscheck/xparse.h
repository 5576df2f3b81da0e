/* Reading the figures out of the trusted tools' output: pure functions on text, no I/O,
 * tested against captured real outputs (tests/fixtures/crosscheck/). Every time is
 * returned in ns; a figure the output does not hold is NAN. */
#ifndef IPCBENCH_XPARSE_H
#define IPCBENCH_XPARSE_H
#include <stddef.h>
#include <stdint.h>

struct xfigure {
	double mean_ns, p50_ns, p99_ns; /* round trips; NAN where the tool does not give it */
	uint64_t count;                 /* round trips (perf: loops) or observations */
};

/* `perf bench sched pipe`: "Executed N pipe operations" and "X usecs/op" (total wall time,
 * fork and exit included, over N round trips of 4 bytes each way). -EPROTO without them. */
int xparse_perf_pipe(const char *out, struct xfigure *f);
/* `sockperf ping-pong --full-rtt`: "avg-rtt=X", "percentile 50.000 = X", "percentile
 * 99.000 = X", "Total N observations", in usec, colour escapes ignored. -EPROTO without
 * them; -EDOM when the output holds one-way latencies (avg-latency: no --full-rtt). */
int xparse_sockperf(const char *out, struct xfigure *f);
/* lmbench (lat_pipe, lat_unix): "LABEL: X microseconds" on stderr. -EPROTO without it. */
int xparse_lmbench(const char *err, const char *label, struct xfigure *f);
/* Why a tool failed, in one line: the first non-empty line of stderr; else the first line
 * of stdout that says ERROR, error, Invalid, No messages or Usage; else the last non-empty
 * line of stdout; else "no output". Colour escapes removed, at most n-1 bytes. */
void xparse_failure_line(const char *out, const char *err, char *buf, size_t n);
/* Copies s without ANSI escape sequences (ESC [ ... letter) into a new string. */
char *xparse_strip_ansi(const char *s);

#endif
