#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cell/cell.h"
#include "cell/cellx.h"
#include "floors/probe.h"
#include "sys/futex.h"
#include "cell/measure.h"
#include "sys/memplace.h"
#include "sys/names.h"
#include "cell/payload.h"
#include "sys/pin.h"
#include "sys/shmem.h"
#include "sys/spawn.h"

#define SAMPLES_CAP (4u << 20)      /* per cell; the duration usually ends first */
#define RX_SLACK 64                 /* room to see an oversized message */
#define PREFAULT_SAMPLES (64u << 10) /* 512 KiB of the sample array faulted in up front */
#define BARRIER_TIMEOUT_NS 10000000000ull
#define PROBE_MAX_RT 1000           /* round trips per floor probe at most ... */
#define PROBE_BUDGET_NS 2000000ull  /* ... and 2 ms of them at most (one CPU: yields) */
#define PROBE_TIMEOUT_NS 1000000000ull

struct cell_shared {
	struct probe_lines probe[2]; /* the floor probes before and after (floors/probe.h) */
	_Atomic uint32_t barrier, done;
	_Atomic uint32_t stage; /* STAGE_* (cell/measure.h): the client's timed phase is over */
	_Atomic uint32_t gate; /* the server's untimed work is done up to here (cell/gate.h) */
	double probe_scratch[PROBE_MAX_RT]; /* the client's probe samples */
	struct side_result res[2];
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
};

const double cell_spectrum_q[CELL_SPECTRUM_N] = { 0, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995,
						     0.999, 0.9995, 0.9999, 0.99999, 1 };

static const char *const status_names[] = {
	[CELL_OK] = "ok", [CELL_FAIL] = "fail", [CELL_ERROR] = "error",
	[CELL_TIMEOUT] = "timeout", [CELL_PEER_DIED] = "peer-died",
	[CELL_UNSUPPORTED] = "unsupported", [CELL_SKIPPED] = "skipped",
	[CELL_INTERRUPTED] = "interrupted",
};

const char *cell_status_name(enum cell_status s)
{
	return status_names[s];
}

static void *alloc_buf(size_t len)
{
	size_t n = (len + 63) & ~(size_t)63;
	void *p = aligned_alloc(64, n);

	if (p)
		memset(p, 0, n); /* fault the pages in before anything is timed */
	return p;
}

/* Busy CPUs reach their working frequency: spin, untimed, after pinning. */
static void preheat(uint64_t ns)
{
	uint64_t end = clock_mono_ns() + ns;

	while (ns && clock_mono_ns() < end)
		;
}

static int child_prepare(struct cell_ctx *c, enum tr_side side, struct measure_args *a)
{
	const struct cell_settings *s = c->spec->set;
	struct side_result *res = &c->sh->res[side];
	int cpu = side == TR_CLIENT ? s->client_cpu : s->server_cpu;
	int r = pin_self(cpu);

	if (r < 0) {
		snprintf(res->reason, sizeof(res->reason), "pin to CPU %d: %s", cpu, strerror(-r));
		return r;
	}
	preheat(s->preheat_ns);
	r = c->spec->t->open(&c->ch, side);
	if (r < 0) {
		snprintf(res->reason, sizeof(res->reason), "open: %s", strerror(-r));
		return r;
	}
	*a = (struct measure_args){
		.t = c->spec->t, .ch = &c->ch, .side = side, .clk = c->spec->clk,
		.size = (uint32_t)c->spec->size, .wire = c->wire, .token = c->token,
		.frag = c->frag, .max_samples = c->max_samples,
		.warmup_ticks = clock_from_ns(c->spec->clk, s->warmup_ns),
		.duration_ticks = clock_from_ns(c->spec->clk, s->duration_ns),
		.verify_full = s->verify_full, .verify_every = s->verify_every,
		.rx_cap = c->wire + RX_SLACK,
		.stage = &c->sh->stage, .counted_pct = s->counted_pct,
	};
	a->tx[0] = alloc_buf(a->wire);
	a->tx[1] = alloc_buf(a->wire);
	a->rx = alloc_buf(a->rx_cap);
	if (!a->tx[0] || !a->tx[1] || !a->rx ||
	    cellx_child_args(c->spec, c->window, &c->sh->gate, &c->events, a) < 0) {
		snprintf(res->reason, sizeof(res->reason), "out of memory for message buffers");
		return -ENOMEM;
	}
	if (side == TR_CLIENT) {
		a->samples = c->sh->samples;
		/* fault in the first pages only: a later page fault lands after a round trip's
		 * stop stamp and before the next start, never inside a sample */
		memset(a->samples, 0, (c->max_samples < PREFAULT_SAMPLES ? c->max_samples
								 : PREFAULT_SAMPLES) * sizeof(uint64_t));
	}
	return 0;
}

/* Floor probe k (0: before, 1: after the measurement) on the cell's own CPUs. */
static void cell_probe(struct cell_ctx *c, int side, int k)
{
	struct probe_args p = {
		.out = &c->sh->probe[k].req, .in = &c->sh->probe[k].req, .clk = c->spec->clk,
		.yield = c->spec->set->client_cpu == c->spec->set->server_cpu,
		.max_rt = PROBE_MAX_RT, .budget_ns = PROBE_BUDGET_NS,
		.timeout_ns = PROBE_TIMEOUT_NS, .scratch = c->sh->probe_scratch,
	};
	double v = floor_probe(&p, side);

	if (side == TR_CLIENT)
		c->sh->res[side].floor_ns[k] = v > 0 ? v : 0;
}

/* The child: pin, open, meet the peer at the barrier, measure, report. */
static int cell_child(void *arg, int side)
{
	struct cell_ctx *c = arg;
	struct side_result *res = &c->sh->res[side];
	struct measure_args a;
	int r;

	prctl(PR_SET_NAME, side == TR_CLIENT ? "ipcbench-client" : "ipcbench-server");
	r = child_prepare(c, (enum tr_side)side, &a);

	if (r == 0) {
		r = futex_barrier(&c->sh->barrier, 2, BARRIER_TIMEOUT_NS);
		if (r < 0)
			snprintf(res->reason, sizeof(res->reason), "peer never reached the start barrier");
	}
	if (r < 0) {
		res->status = SIDE_ERROR;
		res->err = r;
		return 1;
	}
	cell_probe(c, side, 0);
	if (side == TR_CLIENT)
		measure_client(&a, res);
	else
		measure_server(&a, res);
	/* both sides finished before either closes: the last send's buffer may still be
	 * read in place by the peer (see bench/transport.) */
	if (res->status == SIDE_OK && futex_barrier(&c->sh->done, 2, BARRIER_TIMEOUT_NS) == 0)
		cell_probe(c, side, 1);
	if (c->spec->t->describe)
		c->spec->t->describe(&c->ch, (enum tr_side)side, res->note, sizeof(res->note));
	c->spec->t->close(&c->ch, (enum tr_side)side);
	return res->status == SIDE_OK ? 0 : 1;
}

/* Appends "; text" to the cell's note. */
static void add_note(struct cell_result *out, const char *text)
{
	size_t len = strlen(out->note);

	if (text[0])
		snprintf(out->note + len, sizeof(out->note) - len, "%s%s", len ? "; " : "", text);
}

static const char *side_name(int side)
{
	return side == TR_CLIENT ? "client" : "server";
}

/* Turns the children's exits and reports into the cell's status and note. */
static void judge(struct cell_ctx *c, const struct pair_outcome *o, struct cell_result *out)
{
	const struct side_result *res = c->sh->res;
	double limit_s = (double)cell_timeout_ns(c->spec->set) / 1e9;
	static const int order[] = { SIDE_FAIL, SIDE_ERROR };
	const int *wst = o->wstatus, *killed_by_us = o->killed_by_us;

	if (o->end == PAIR_FORK_FAILED) {
		out->status = CELL_ERROR;
		snprintf(out->note, sizeof(out->note), "fork: %s", strerror(o->fork_errno));
		return;
	}
	if (o->end == PAIR_INTERRUPTED) {
		out->status = CELL_INTERRUPTED;
		snprintf(out->note, sizeof(out->note), "interrupted by a signal to the harness");
		return;
	}
	if (o->end == PAIR_TIMEOUT) {
		out->status = CELL_TIMEOUT;
		snprintf(out->note, sizeof(out->note),
			 "no result within the cell timeout of %.1f s; both sides killed", limit_s);
		return;
	}
	for (size_t k = 0; k < 2; k++)
		for (int i = 0; i < 2; i++)
			if (res[i].status == order[k]) {
				out->status = order[k] == SIDE_FAIL ? CELL_FAIL : CELL_ERROR;
				snprintf(out->note, sizeof(out->note), "%s: %s", side_name(i),
					 res[i].reason);
				return;
			}
	for (int i = 0; i < 2; i++)
		if (res[i].phase_violation) {
			out->status = CELL_ERROR;
			snprintf(out->note, sizeof(out->note), "%s: harness bug: the counted phase "
				 "began while samples were taken", side_name(i));
			return;
		}
	for (int i = 0; i < 2; i++) {
		if (WIFSIGNALED(wst[i]) && !killed_by_us[i]) {
			out->status = CELL_PEER_DIED;
			snprintf(out->note, sizeof(out->note), "%s killed by signal %d (%s)",
				 side_name(i), WTERMSIG(wst[i]), strsignal(WTERMSIG(wst[i])));
			return;
		}
	}
	for (int i = 0; i < 2; i++) {
		if (res[i].status != SIDE_OK || !WIFEXITED(wst[i]) || WEXITSTATUS(wst[i]) != 0) {
			out->status = res[i].status == SIDE_PEER_CLOSED ? CELL_PEER_DIED : CELL_ERROR;
			snprintf(out->note, sizeof(out->note), "%s: %s", side_name(i),
				 res[i].reason[0] ? res[i].reason : "exited early");
			return;
		}
	}
	out->status = CELL_OK;
	add_note(out, res[TR_CLIENT].note);
	add_note(out, res[TR_SERVER].note);
}

/* The floors probed beside the cell, and its p50 read against them (latency mode). */
static void read_floors(const struct cell_ctx *c, struct cell_result *out)
{
	double b = c->sh->res[TR_CLIENT].floor_ns[0], a = c->sh->res[TR_CLIENT].floor_ns[1];
	char text[160];

	out->floor_before_ns = b;
	out->floor_after_ns = a;
	out->floor_stable = -1;
	if (b <= 0 || a <= 0)
		return;
	out->floor_stable = fabs(a - b) <= CELL_FLOOR_TOL * (a < b ? a : b);
	if (c->spec->set->mode == MODE_LATENCY)
		out->p50_over_floor = out->st.p50 / ((a + b) / 2);
	if (!out->floor_stable) {
		snprintf(text, sizeof(text), "the floor moved during the cell (%.0f ns before, %.0f "
			 "after): the host moved or halted a CPU", b, a);
		add_note(out, text);
	}
}

static int summarize(struct cell_ctx *c, int keep, struct cell_result *out)
{
	uint64_t n = c->sh->res[TR_CLIENT].nsamples;
	double *v;

	if (n == 0 || n > c->max_samples) {
		out->status = CELL_ERROR;
		snprintf(out->note, sizeof(out->note), "no samples recorded");
		return 0;
	}
	v = malloc(n * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (uint64_t i = 0; i < n; i++)
		v[i] = clock_to_ns(c->spec->clk, c->sh->samples[i]) / c->window; /* per message */
	if (keep) {
		out->samples_ns = malloc(n * sizeof(*v));
		if (out->samples_ns)
			memcpy(out->samples_ns, v, n * sizeof(*v));
	}
	int r = stats_compute(v, n, &out->st);

	for (size_t i = 0; r == 0 && i < CELL_SPECTRUM_N; i++)
		out->spectrum[i] = stats_percentile_sorted(v, n, cell_spectrum_q[i]);
	free(v);
	if (r < 0)
		return r;
	out->has_stats = 1;
	out->msgs_per_s = out->st.mean > 0 ? 1e9 / out->st.mean : 0;
	out->verified_full = c->sh->res[TR_CLIENT].verified_full + c->sh->res[TR_SERVER].verified_full;
	cellx_summarize(c->spec, c->sh->res, &c->events, out);
	read_floors(c, out);
	return 0;
}

static int unsupported(struct cell_result *out, enum cell_status st, const char *fmt, long v)
{
	out->status = st;
	snprintf(out->note, sizeof(out->note), fmt, v);
	return -1;
}

/* How a message of this size travels: whole, in fragments, as a token, or not at all. */
static int plan_fragments(struct cell_ctx *c, struct cell_result *out)
{
	const struct cell_spec *sp = c->spec;
	long limit = transport_max_msg(sp->t);

	if (limit < 0)
		return unsupported(out, CELL_ERROR, "probing the message size limit: error %ld", -limit);
	if (sp->size > UINT32_MAX - MSG_HDR_SIZE)
		return unsupported(out, CELL_UNSUPPORTED, "sizes above %ld bytes are not supported",
				   (long)(UINT32_MAX - MSG_HDR_SIZE));
	if (sp->t->flags & TR_NOPAYLOAD) {
		if (limit < 1 || limit > 8)
			return unsupported(out, CELL_ERROR, "bad token size %ld", limit);
		if (sp->size > (uint64_t)limit)
			return unsupported(out, CELL_UNSUPPORTED, "notification only: carries at most "
				"%ld bytes (the sequence number), no payload", limit);
		c->token = 1;
		c->wire = c->frag = (size_t)limit;
		out->wire_bytes = c->wire;
		out->fragments = 1;
		return 0;
	}
	c->wire = out->wire_bytes = MSG_HDR_SIZE + sp->size;
	c->frag = limit && c->wire > (size_t)limit ? (size_t)limit : c->wire;
	if (c->frag < c->wire && !sp->set->fragment)
		return unsupported(out, CELL_UNSUPPORTED,
				   "message exceeds the %ld-byte limit of one send and fragment=no", limit);
	out->fragments = (unsigned)((c->wire + c->frag - 1) / c->frag);
	return 0;
}

int cell_run(const struct cell_spec *spec, int keep_samples, struct cell_result *out)
{
	struct cell_ctx c = { .spec = spec };
	struct tr_params params = { .same_cpu = spec->set->client_cpu == spec->set->server_cpu };
	struct pair_outcome o = { .end = PAIR_DONE };
	struct mem_place mp = { .policy = spec->set->mem_policy, .node = spec->set->mem_node };
	char tmpdir[512];
	int r;

	memset(out, 0, sizeof(*out));
	out->mem_node = -1;
	memplace_resolve(&mp, spec->set->client_cpu, spec->set->server_cpu);
	params.mem = &mp;
	if (plan_fragments(&c, out) < 0)
		return 0;
	params.max_wire = c.frag;
	c.window = cellx_window(spec, spec->size, out->note, sizeof(out->note));
	params.window = c.window;
	out->window = spec->set->mode == MODE_BANDWIDTH ? c.window : 0;
	if (ctr_resolve(spec->set->events, &c.events, out->note, sizeof(out->note)) < 0) {
		out->status = CELL_ERROR;
		return 0;
	}
	params.tmpdir = tmpdir;
	c.ch.params = &params;
	c.max_samples = spec->set->iterations < SAMPLES_CAP ? spec->set->iterations : SAMPLES_CAP;
	c.sh_len = sizeof(struct cell_shared) + c.max_samples * sizeof(uint64_t);
	c.sh = shmem_alloc(c.sh_len);
	if (!c.sh)
		return -errno;
	c.sh->res[0].status = c.sh->res[1].status = SIDE_NOT_STARTED;
	r = ipc_tmpdir_create(tmpdir, sizeof(tmpdir));
	if (r == 0) {
		r = spec->t->setup(&c.ch);
		if (r < 0) {
			out->status = CELL_ERROR;
			snprintf(out->note, sizeof(out->note), "setup: %s", strerror(-r));
		} else {
			spawn_pair(cell_child, &c, cell_timeout_ns(spec->set), &o);
			judge(&c, &o, out);
			out->mem_node = memplace_actual(&mp); /* before teardown unmaps */
		}
		spec->t->teardown(&c.ch);
		if (ipc_tmpdir_remove(tmpdir) > 0 && out->status == CELL_OK)
			add_note(out, "transport left files in its temp dir (removed)");
	} else {
		out->status = CELL_ERROR;
		snprintf(out->note, sizeof(out->note), "private temp dir: %s", strerror(-r));
	}
	r = out->status == CELL_OK ? summarize(&c, keep_samples, out) : 0;
	shmem_free(c.sh, c.sh_len);
	if (r < 0)
		return r;
	return o.end == PAIR_INTERRUPTED ? -EINTR : 0;
}

void cell_result_free(struct cell_result *r)
{
	free(r->samples_ns);
	r->samples_ns = NULL;
}
