#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include "sys/futex.h"
#include "lrpcrun/stages.h"
#include "sys/names.h"
#include "sys/pin.h"
#include "sys/shmem.h"
#include "sys/spawn.h"

#define SAMPLES_CAP (1u << 20) /* round trips per pass; the duration usually ends first */
#define TRACE_CAP (1u << 18)
#define SERVICE "bench"
#define MIN_SAMPLES 1000u /* per measured pass, time permitting */
#define STRETCH 4u        /* ... up to this many times the pass's duration */
#define BARRIER_TIMEOUT_NS 10000000000ull

const char *const lrpcb_stage_names[LRPCB_STAGES] = {
	"client_notify", "server_wakeup", "handler", "return_notify", "client_wakeup",
};

struct lb_shared {
	_Atomic uint32_t registered;
	int failed[2];
	char reason[2][200];
	uint64_t n, ntraced;
	uint64_t rt[SAMPLES_CAP];
	uint64_t traced_rt[TRACE_CAP];
	int64_t stage[LRPCB_STAGES][TRACE_CAP];
};

struct lb_ctx {
	const struct lrpcb_spec *spec;
	struct lb_shared *sh;
	char dir[512]; /* the cell's private registry */
};

/* What the client sends with call number seq, and what must come back. */
struct lb_input {
	uint64_t args[LRPC_NARGS];
	unsigned nargs;
	unsigned char *payload;
	size_t len;
	uint64_t base; /* checksum of the payload with its first word zero */
};

static int side_fail(struct lb_ctx *c, int side, int err, const char *what)
{
	c->sh->failed[side] = 1;
	snprintf(c->sh->reason[side], sizeof(c->sh->reason[side]), "%s: %s", what,
		 strerror(err < 0 ? -err : err));
	return 1;
}

/* The handlers' work: a sum of the payload's 64-bit words and tail bytes. */
static uint64_t checksum(const unsigned char *p, size_t len)
{
	uint64_t sum = 0, w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		sum += w;
	}
	for (; i < len; i++)
		sum += p[i];
	return sum;
}

static void null_handler(struct lrpc_call *c)
{
	uint64_t *count = c->user;

	lrpc_return(c, ++*count, NULL, 0);
}

static void args_handler(struct lrpc_call *c)
{
	uint64_t sum = 0;

	for (unsigned i = 0; i < c->nargs; i++)
		sum += c->args[i];
	lrpc_return(c, sum, NULL, 0);
}

static void in_handler(struct lrpc_call *c)
{
	lrpc_return(c, checksum(c->payload, c->len), NULL, 0);
}

static int server_side(struct lb_ctx *c)
{
	static const lrpc_handler handlers[] = { null_handler, args_handler, in_handler };
	const struct lrpcb_spec *s = c->spec;
	uint64_t count = 0;
	struct lrpc_opts o = {
		.handoff = s->handoff, .safe = s->safe, .registry = c->dir, .user = &count,
		.shared_cpu = s->client_cpu == s->server_cpu,
		.astack_size = s->size > 64 ? s->size : 64,
	};
	struct lrpc_service *svc;
	int r = lrpc_register(SERVICE, handlers[s->call], &o, &svc);

	if (r < 0)
		return side_fail(c, 1, r, "lrpc_register");
	if ((r = futex_barrier(&c->sh->registered, 2, BARRIER_TIMEOUT_NS)) < 0) {
		lrpc_unregister(svc);
		return side_fail(c, 1, r, "start barrier");
	}
	r = lrpc_serve(svc, 0);
	lrpc_unregister(svc);
	return r < 0 ? side_fail(c, 1, r, "lrpc_serve") : 0;
}

static int input_init(const struct lrpcb_spec *s, struct lb_input *in)
{
	memset(in, 0, sizeof(*in));
	if (s->call == LRPCB_ARGS8)
		in->nargs = LRPC_NARGS;
	if (s->call != LRPCB_IN)
		return 0;
	in->len = s->size;
	in->payload = malloc(in->len ? in->len : 1);
	if (!in->payload)
		return -ENOMEM;
	for (size_t i = 0; i < in->len; i++)
		in->payload[i] = (unsigned char)(i * 131 + 7);
	if (in->len >= 8)
		memset(in->payload, 0, 8);
	in->base = checksum(in->payload, in->len);
	return 0;
}

/* Fills in call number seq (outside the timed region) and returns its expected result. */
static uint64_t input_next(const struct lrpcb_spec *s, struct lb_input *in, uint64_t seq)
{
	if (s->call == LRPCB_NULL)
		return seq + 1; /* the server counts calls */
	if (s->call == LRPCB_ARGS8) {
		for (unsigned i = 0; i < LRPC_NARGS; i++)
			in->args[i] = seq + i;
		return LRPC_NARGS * seq + LRPC_NARGS * (LRPC_NARGS - 1) / 2;
	}
	if (in->len < 8)
		return in->base;
	memcpy(in->payload, &seq, 8);
	return in->base + seq;
}

/* Stages of one traced call from its six stamps (see lrpcrun/stages.h). */
static void stages_of(const uint64_t t[LRPC_NSTAMPS], int64_t out[LRPCB_STAGES])
{
	uint64_t m1 = t[LRPC_T_NOTIFIED] < t[LRPC_T_SAW_CALL] ? t[LRPC_T_NOTIFIED] : t[LRPC_T_SAW_CALL];
	uint64_t m2 = t[LRPC_T_RETURNED] < t[LRPC_T_SAW_RETURN] ? t[LRPC_T_RETURNED]
								 : t[LRPC_T_SAW_RETURN];

	out[0] = (int64_t)(m1 - t[LRPC_T_CALL]);
	out[1] = (int64_t)(t[LRPC_T_SAW_CALL] - m1);
	out[2] = (int64_t)(t[LRPC_T_HANDLED] - t[LRPC_T_SAW_CALL]);
	out[3] = (int64_t)(m2 - t[LRPC_T_HANDLED]);
	out[4] = (int64_t)(t[LRPC_T_SAW_RETURN] - m2);
}

struct lb_pass {
	uint64_t ticks;   /* how long */
	uint64_t cap;     /* at most this many samples */
	uint64_t *rt;     /* round trips, or NULL (warm-up) */
	int traced;       /* also keep each call's stages */
	uint64_t n;       /* samples kept */
};

/* One call, timed; its result checked. */
static int one_call(struct lb_ctx *c, struct lrpc_binding *b, struct lb_input *in,
		    uint64_t seq, uint64_t *ticks)
{
	const struct clock_src *clk = c->spec->clk;
	uint64_t want = input_next(c->spec, in, seq), ret = ~want;
	uint64_t t0 = clock_start(clk);
	int r = lrpc_call(b, in->args, in->nargs, in->payload, in->len, &ret);
	uint64_t t1 = clock_stop(clk);

	if (r < 0) {
		side_fail(c, 0, r, "lrpc_call");
		return r;
	}
	if (ret != want) {
		c->sh->failed[0] = 1;
		snprintf(c->sh->reason[0], sizeof(c->sh->reason[0]),
			 "call %llu returned %llu, expected %llu", (unsigned long long)seq,
			 (unsigned long long)ret, (unsigned long long)want);
		return -EBADMSG;
	}
	*ticks = t1 - t0;
	return 0;
}

/* Keeps one call's samples: its round trip, and in a traced pass its stages (from the
 * call before: see lrpc_trace_prev), only when they are there. */
static void keep(struct lb_ctx *c, struct lrpc_binding *b, struct lb_pass *p, uint64_t rt)
{
	uint64_t t[LRPC_NSTAMPS];
	int64_t st[LRPCB_STAGES];

	if (!p->rt)
		return;
	if (p->traced) {
		if (lrpc_trace_prev(b, t) < 0)
			return;
		stages_of(t, st);
		for (int k = 0; k < LRPCB_STAGES; k++)
			c->sh->stage[k][p->n] = st[k];
	}
	p->rt[p->n++] = rt;
}

/* Calls for the pass's time; a pass that other load starved of calls goes on until it has
 * MIN_SAMPLES, for at most STRETCH times its time. */
static int run_pass(struct lb_ctx *c, struct lrpc_binding *b, struct lb_input *in,
		    uint64_t *seq, struct lb_pass *p)
{
	uint64_t now = clock_start(c->spec->clk), end = now + p->ticks;
	uint64_t last = now + STRETCH * p->ticks, rt;
	uint64_t want = p->rt ? MIN_SAMPLES : 0;

	for (p->n = 0; p->n < p->cap;) {
		int r = one_call(c, b, in, (*seq)++, &rt);

		if (r < 0)
			return r;
		keep(c, b, p, rt);
		now = clock_start(c->spec->clk);
		if ((now >= end && p->n >= want) || now >= last)
			break;
	}
	return 0;
}

static int client_calls(struct lb_ctx *c, struct lrpc_binding *b, struct lb_input *in)
{
	const struct lrpcb_spec *s = c->spec;
	struct lb_pass warm = { clock_from_ns(s->clk, s->warmup_ns), UINT64_MAX, NULL, 0, 0 };
	struct lb_pass meas = { clock_from_ns(s->clk, s->duration_ns), SAMPLES_CAP, c->sh->rt, 0, 0 };
	struct lb_pass traced = { clock_from_ns(s->clk, s->duration_ns / 2), TRACE_CAP,
				  c->sh->traced_rt, 1, 0 };
	uint64_t seq = 0;
	int r = run_pass(c, b, in, &seq, &warm);

	if (r == 0)
		r = run_pass(c, b, in, &seq, &meas);
	lrpc_trace(b, 1);
	if (r == 0)
		r = run_pass(c, b, in, &seq, &traced);
	c->sh->n = meas.n;
	c->sh->ntraced = traced.n;
	return r;
}

static int client_side(struct lb_ctx *c)
{
	const struct lrpcb_spec *s = c->spec;
	struct lrpc_connect_opts o = { .registry = c->dir,
				       .shared_cpu = s->client_cpu == s->server_cpu };
	struct lrpc_binding *b;
	struct lb_input in;
	int r = futex_barrier(&c->sh->registered, 2, BARRIER_TIMEOUT_NS);

	if (r < 0)
		return side_fail(c, 0, r, "start barrier");
	if ((r = lrpc_connect_opts(SERVICE, &o, &b)) < 0)
		return side_fail(c, 0, r, "lrpc_connect");
	if ((r = input_init(s, &in)) < 0)
		side_fail(c, 0, r, "payload");
	else
		r = client_calls(c, b, &in);
	lrpc_disconnect(b);
	free(in.payload);
	return r < 0;
}

static int lb_child(void *arg, int side)
{
	struct lb_ctx *c = arg;
	int cpu = side == 0 ? c->spec->client_cpu : c->spec->server_cpu;
	int r = pin_self(cpu);

	prctl(PR_SET_NAME, side == 0 ? "ipcbench-client" : "ipcbench-server");
	if (r < 0)
		return side_fail(c, side, r, "pinning");
	return side == 0 ? client_side(c) : server_side(c);
}

static int stats_ns(const struct clock_src *clk, const void *v, int is_signed, uint64_t n,
		     struct stats *st)
{
	double *d = malloc(n * sizeof(*d));
	int r;

	if (!d)
		return -ENOMEM;
	for (uint64_t i = 0; i < n; i++)
		d[i] = is_signed ? (double)((const int64_t *)v)[i] * clk->ns_per_tick
				 : clock_to_ns(clk, ((const uint64_t *)v)[i]);
	r = stats_compute(d, n, st);
	free(d);
	return r;
}

static int summarize(struct lb_ctx *c, struct lrpcb_result *r)
{
	const struct clock_src *clk = c->spec->clk;
	struct lb_shared *sh = c->sh;
	struct stats st;
	int e;

	if (sh->n == 0) {
		snprintf(r->note, sizeof(r->note), "no samples recorded");
		return 0;
	}
	if ((e = stats_ns(clk, sh->rt, 0, sh->n, &r->st)) < 0)
		return e;
	r->ok = 1;
	if (!clk->tsc || sh->ntraced == 0)
		return 0;
	for (int k = 0; k < LRPCB_STAGES; k++) {
		if ((e = stats_ns(clk, sh->stage[k], 1, sh->ntraced, &st)) < 0)
			return e;
		r->stage_ns[k] = st.p50;
	}
	if ((e = stats_ns(clk, sh->traced_rt, 0, sh->ntraced, &st)) < 0)
		return e;
	r->traced_p50_ns = st.p50;
	r->has_stages = 1;
	return 0;
}

static void judge(struct lb_ctx *c, const struct pair_outcome *o, struct lrpcb_result *r)
{
	if (o->end == PAIR_TIMEOUT)
		snprintf(r->note, sizeof(r->note), "no result before the cell's deadline");
	else if (o->end == PAIR_FORK_FAILED)
		snprintf(r->note, sizeof(r->note), "fork: %s", strerror(o->fork_errno));
	else if (c->sh->failed[0] || c->sh->failed[1])
		snprintf(r->note, sizeof(r->note), "%s: %s", c->sh->failed[0] ? "client" : "server",
			 c->sh->reason[c->sh->failed[0] ? 0 : 1]);
	else if (!spawn_exited_ok(o->wstatus[0]) || !spawn_exited_ok(o->wstatus[1]))
		snprintf(r->note, sizeof(r->note), "a side died (status %#x, %#x)", o->wstatus[0],
			 o->wstatus[1]);
}

int lrpcb_run(const struct lrpcb_spec *s, struct lrpcb_result *r)
{
	struct lb_ctx c = { .spec = s };
	struct pair_outcome o;
	uint64_t limit = STRETCH * (s->warmup_ns + 2 * s->duration_ns) + BARRIER_TIMEOUT_NS;
	int e = 0;

	memset(r, 0, sizeof(*r));
	c.sh = shmem_alloc(sizeof(*c.sh));
	if (!c.sh)
		return -errno;
	if ((e = ipc_tmpdir_create(c.dir, sizeof(c.dir))) == 0) {
		spawn_pair(lb_child, &c, limit, &o);
		lrpc_purge(c.dir, SERVICE); /* after a killed side */
		ipc_tmpdir_remove(c.dir);
		judge(&c, &o, r);
		if (!r->note[0] && o.end == PAIR_DONE)
			e = summarize(&c, r);
		else if (o.end == PAIR_INTERRUPTED)
			e = -EINTR;
	}
	shmem_free(c.sh, sizeof(*c.sh));
	return e;
}
