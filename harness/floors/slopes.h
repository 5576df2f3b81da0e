/* Per-byte costs measured on a pair of CPUs, to read the slope of a transport's time
 * against size as a number of copies (run/copies.c) and a bandwidth against the floor of
 * its path (run/endfloors.h): on the client CPU the three copies a payload can take (a
 * user-space memcpy; the kernel's copy_from_user and copy_to_user, as a memfd's pwrite
 * and pread of its page-cache pages; process_vm_readv of the process's own memory, which
 * pins the pages it reads), and the client reading a buffer the server CPU has just
 * written, the server writing that buffer again (taking back the lines the client read),
 * the client writing a buffer of its own, and reading one it wrote itself. Each is a median
 * time per size and a least-squares slope over the sizes, like the transports' fits;
 * transfer (moving the lines between the CPUs) is the cross read's slope less the own
 * read's. */
#ifndef IPCBENCH_SLOPES_H
#define IPCBENCH_SLOPES_H
#include <stddef.h>
#include <stdint.h>
#include "sys/clock.h"
#include "stats/fit.h"

#define SLOPES_MAX_SIZES 32
#define SLOPES_MAX_BYTES (64u << 20)
/* A copy trial of the run's probe (slopes_measure) moves about this many bytes. */
#define SLOPES_REP_BYTES (8u << 20)
/* Streams between a cell's windows at most, and the timed rounds of each. */
#define SLOPES_BETWEEN_MAX 16
#define SLOPES_BETWEEN_ROUNDS 7

/* The copies, as slope indexes and as copy_kind_names[] say them. */
#define COPY_KIND_LIST(X) \
	X(COPY_MEMCPY, "memcpy") X(COPY_UACCESS, "copy_to/from_user") \
	X(COPY_PINNED, "process_vm_readv")
#define COPY_KIND_VALUE(e, word) e,
enum copy_kind { COPY_KIND_LIST(COPY_KIND_VALUE) COPY_KINDS };
extern const char *const copy_kind_names[];

struct slopes {
	int client_cpu, server_cpu;
	int ok;            /* the per-size medians are there; 0: the probe failed, see note */
	int fitted;        /* and the slopes (two sizes or more) */
	char note[160];
	size_t n;
	uint64_t size[SLOPES_MAX_SIZES];
	double copy_ns[COPY_KINDS][SLOPES_MAX_SIZES]; /* per copy of size[k], median */
	double xread_ns[SLOPES_MAX_SIZES], read_ns[SLOPES_MAX_SIZES], write_ns[SLOPES_MAX_SIZES];
	double xwrite_ns[SLOPES_MAX_SIZES]; /* the server writing lines the client just read */
	/* Across CPUs with a ring (slopes_pair_new): one message of the server writing and the
	 * client reading a ring of buffers at once, in place (0: not measured). */
	double stream_ns[SLOPES_MAX_SIZES];
	/* The same with two memcpy (the server copying in, the client copying out and reading
	 * its copy), as a shared-memory transport with two copies streams (0: not measured). */
	double stream_copy_ns[SLOPES_MAX_SIZES];
	/* Streams between a cell's windows (slopes_pair_stream): the median round of each, per
	 * message, and the mark its caller gave it (a cell: the windows recorded before it). */
	unsigned between_n;
	double between_ns[SLOPES_BETWEEN_MAX];
	uint64_t between_at[SLOPES_BETWEEN_MAX];
	struct fit copy[COPY_KINDS], xread, read, write, xwrite;
	double transfer_ns_per_byte; /* xread.b - read.b: lines the other CPU wrote */
};

/* Measures at the given sizes (1 to SLOPES_MAX_SIZES distinct ones, each at most
 * SLOPES_MAX_BYTES); 0, -EINVAL for bad sizes, -EINTR when interrupted, or another
 * negative errno. out->ok says whether the figures are there, out->fitted whether the
 * slopes are. */
int slopes_measure(const struct clock_src *clk, int client_cpu, int server_cpu,
		   const uint64_t *sizes, size_t n, struct slopes *out);

/* The same at one size, inside two processes that already exist and are pinned (a
 * bandwidth cell's children, so that its path floor is probed beside it): the parent
 * makes the shared state before they fork (NULL: no memory, or len out of range), each of
 * them runs its side once (client 0, server 1; a copy trial moves about rep_bytes), and
 * the parent reads the figures (0, or -EIO when a side did not run whole) and frees it.
 * Each figure is the fastest of its trials (a floor; the run's probe takes the median,
 * which the slopes over sizes are fitted to). The server writes a ring of `ring` buffers
 * of len bytes in turn (a bandwidth cell's window; at most SLOPES_MAX_BYTES in all), so
 * that its take-back write finds lines read as long ago as the stream's do; the ring lies
 * where mem says (the cell's placement; NULL: where the kernel puts it). */
struct slopes_shared;
struct mem_place;
struct slopes_shared *slopes_pair_new(const struct clock_src *clk, int client_cpu,
				      int server_cpu, uint64_t len, size_t rep_bytes, unsigned ring,
				      int keep, const struct mem_place *mem);
int slopes_pair_side(struct slopes_shared *sh, int side);
/* With keep, the pair streams again after slopes_pair_side, as often as its caller asks
 * (SLOPES_BETWEEN_MAX at most): a cell's children between two windows, so that its
 * bandwidth is read against the floor of the same minutes. slopes_pair_streams_left says
 * how many more it can (0 unless both sides ran their part whole); then both sides call
 * slopes_pair_stream at once, in place (copy 0) or with two memcpy (1), and the client
 * records the median of SLOPES_BETWEEN_ROUNDS rounds per message with the mark `at`.
 * Each side frees what it kept with slopes_pair_stream_end. */
unsigned slopes_pair_streams_left(const struct slopes_shared *sh);
void slopes_pair_stream(struct slopes_shared *sh, int side, int copy, uint64_t at);
void slopes_pair_stream_end(struct slopes_shared *sh, int side);
int slopes_pair_result(const struct slopes_shared *sh, struct slopes *out);
void slopes_pair_free(struct slopes_shared *sh);

#endif
