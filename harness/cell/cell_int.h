/* Inside one cell (cell.c plans and runs it, child.c is what each forked side does,
 * outcome.c turns what they report into the result): the memory the parent and both
 * children share, and the parent's view of the cell. */
#ifndef IPCBENCH_CELL_INT_H
#define IPCBENCH_CELL_INT_H
#include <stdatomic.h>
#include "cell/cell.h"
#include "cell/measure.h"
#include "floors/probe.h"
#include "sys/spawn.h"

#define CELL_WINDOW_BYTES (16u << 20)  /* payload per window in bandwidth mode */
#define PROBE_MAX_RT 1000              /* round trips per floor probe at most ... */
#define PROBE_BUDGET_NS 2000000ull     /* ... and 2 ms of them at most (one CPU: yields), */
#define PROBE_MIN_RT 200               /* but at least this many, however long they take */
#define TIMED_GRACE_NS 1000000000ull   /* the timed phase's extension for min_samples at most */

struct cell_shared {
	struct probe_lines probe; /* the floor probes' line, unless the transport has one */
	_Atomic uint64_t probe_restored[2]; /* before, after: the transport's line is back */
	_Atomic uint32_t barrier, done;
	_Atomic uint32_t stage; /* STAGE_* (cell/measure.h): the client's timed phase is over */
	_Atomic uint32_t gate;  /* the server's untimed work is done up to here (cell/gate.h) */
	double probe_scratch[PROBE_MAX_RT]; /* the client's probe samples */
	struct side_result res[2];
	struct loghist overflow; /* the client's timed samples past the array */
	uint64_t samples[];
};

struct cell_ctx {
	const struct cell_spec *spec;
	struct tr_chan ch;
	struct cell_shared *sh;
	size_t sh_len;
	uint64_t max_samples;
	size_t frag, wire; /* bytes per send; bytes per message */
	int token;          /* notification-only transport: a sequence token */
	unsigned window;    /* bandwidth mode: messages per acknowledgement */
	struct ctr_set events;
	struct slopes_shared *path[2]; /* bandwidth: the path floor probed before, after */
	int between;        /* bandwidth: the stream path[0] also runs between windows (between_path) */
};

/* judge.c: the verdict on n children from their reports and exits. */
struct judge_in {
	unsigned n;
	const struct side_result *const *res;
	const char *(*name)(unsigned i, unsigned n, char *buf, size_t len); /* child i in notes */
	const int *wstatus, *killed_by_us;
	enum pair_end end;
	int fork_errno;
	uint64_t limit_ns; /* the cell's timeout, for its note */
};
void cell_judge_group(const struct judge_in *j, struct cell_result *out);

/* child.c: one side of the cell (spawn_pair's function; arg is the cell_ctx). */
int cell_child(void *arg, int side);
/* outcome.c: the status and note from the children's exits and reports ... */
void cell_judge(struct cell_ctx *c, const struct pair_outcome *o, struct cell_result *out);
/* ... and, for an ok cell, the statistics and the rest of the result. */
int cell_summarize(struct cell_ctx *c, int keep, struct cell_result *out);
/* The counted phase of client and server (res[TR_CLIENT], res[TR_SERVER]) per message into
 * out, and what was NA into its note. */
void cell_summarize_counted(const struct cell_spec *sp, const struct side_result res[2],
			    const struct ctr_set *ev, struct cell_result *out);
/* Says in the note that the percentiles came from the log histogram. */
void cell_note_hist(struct cell_result *out, uint64_t in_array);

#endif
