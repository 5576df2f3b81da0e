/* The server of a fan-in cell: the next request of any client, its reply first (the
 * client's clock runs), then the request checked against that client's own next sequence
 * number and pattern, and that client's next reply built while nobody waits. One loop,
 * or, for a transport that serves each binding on a thread (TR_FANIN_THREADED), one
 * thread per lane and the process's counted phase around them all. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cell/msgio.h"
#include "cell/party_int.h"
#include "cell/payload.h"
#include "cell/phase.h"
#include "sys/futex.h"

#define LANE_STACK (256u << 10)
#define WAIT_SLICE_NS 100000000ull /* the counted phase's watch for a failed lane */

struct party_srv;

struct lane {
	struct party_srv *s;
	unsigned id;
	unsigned char *rx;
	struct side_result res; /* threaded: this lane's own report */
	_Atomic uint64_t handled;
	pthread_t thread;
};

struct party_srv {
	const struct party_ctx *c;
	const struct measure_args *a;
	int threaded;
	unsigned char **reply; /* per client: its next reply, built ahead */
	uint64_t *next;        /* per client: the sequence number of its next request */
	_Atomic unsigned *owner; /* threaded: 1 + the lane that carried a client first */
	_Atomic int failed;
	struct lane *lanes;
	unsigned nlanes;
};

static int fail_msg(struct side_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail_msg(struct side_result *res, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return mio_fail(res, msg);
}

static ssize_t take(struct party_srv *s, struct lane *l, unsigned *from)
{
	const struct tr_fanin *f = s->c->f;
	struct tr_chan *ch = (struct tr_chan *)&s->c->ch;

	return s->threaded ? f->srecv_on(ch, l->id, l->rx, s->c->wire)
			   : f->srecv(ch, from, l->rx, s->c->wire);
}

/* Whose the request is, and whether it may be: client id, or -1 (recorded). */
static long whose(struct party_srv *s, struct lane *l, unsigned from, struct side_result *res)
{
	struct msg_hdr h;
	long id;

	memcpy(&h, l->rx, sizeof(h));
	id = msg_party_of(h.seq);
	if (id < 0 || id >= (long)s->c->n)
		return fail_msg(res, "a request names no client of the cell (sequence %#llx)",
				(unsigned long long)h.seq), -1;
	if (from != TR_FROM_UNKNOWN && from != (unsigned)id)
		return fail_msg(res, "client %ld's request arrived from client %u", id, from), -1;
	if (s->threaded) {
		unsigned none = 0;

		if (!atomic_compare_exchange_strong(&s->owner[id], &none, l->id + 1) &&
		    none != l->id + 1)
			return fail_msg(res, "client %ld's requests came over two bindings (lane %u)",
					id, l->id), -1;
	}
	return id;
}

/* One request. 1 after a stop, 0 after any other, -1 on a failure (in res). */
static int serve_one(struct party_srv *s, struct lane *l, struct side_result *res)
{
	const struct measure_args *a = s->a;
	const struct tr_fanin *f = s->c->f;
	struct tr_chan *ch = (struct tr_chan *)&s->c->ch;
	unsigned from = TR_FROM_UNKNOWN;
	ssize_t r = take(s, l, &from);
	uint16_t flags;
	long id;

	if (r < 0)
		return mio_error(res, (int)r, "recv");
	if (r == 0) {
		res->status = SIDE_PEER_CLOSED;
		snprintf(res->reason, sizeof(res->reason), "a client closed its end");
		return -1;
	}
	if ((size_t)r != a->wire)
		return fail_msg(res, "message boundary broken: %zd bytes where %zu were sent", r,
				a->wire);
	if ((id = whose(s, l, from, res)) < 0)
		return -1;
	uint64_t want = msg_party_seq((unsigned)id, s->next[id]);
	unsigned char *tx = s->reply[id];

	mio_reply_hdr(a, l->rx, tx, want);
	r = s->threaded ? f->ssend_on(ch, l->id, tx, a->wire) : f->ssend(ch, (unsigned)id, tx, a->wire);
	if (r < 0 || (size_t)r != a->wire)
		return mio_error(res, r < 0 ? (int)r : -EPROTO, "send");
	if (mio_verify(a, l->rx, want, 0, 0, &flags, res) < 0)
		return -1;
	s->next[id]++;
	if (!(flags & MSG_STOP))
		msg_fill(tx, msg_party_seq((unsigned)id, s->next[id]), a->size, MSG_REPLY);
	return (flags & MSG_STOP) != 0;
}

/* One loop for every client: ends at the last client's stop. */
static void serve_loop(struct party_srv *s, struct side_result *res)
{
	const struct measure_args *a = s->a;
	struct lane *l = &s->lanes[0];
	uint64_t handled = 0, first = 0;
	unsigned stops = 0;
	struct phase ph;

	res->status = SIDE_OK;
	phase_open(&ph, a);
	while (stops < s->c->n) {
		int r = serve_one(s, l, res);

		if (r < 0)
			break;
		handled++;
		if (r == 1 && ++stops == s->c->n)
			phase_end(&ph, res, handled - 1 - first);
		if (!ph.started && a->counted_pct && phase_counting_allowed(a)) {
			phase_begin(&ph, res);
			first = handled;
		}
	}
	phase_close(&ph);
	res->messages = handled;
}

static void *lane_main(void *arg)
{
	struct lane *l = arg;
	int r;

	l->res.status = SIDE_OK;
	while ((r = serve_one(l->s, l, &l->res)) == 0)
		atomic_fetch_add(&l->handled, 1);
	if (r < 0)
		atomic_store(&l->s->failed, 1);
	else
		atomic_fetch_add(&l->handled, 1);
	return NULL;
}

static uint64_t lanes_handled(struct party_srv *s)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < s->nlanes; i++)
		n += atomic_load(&s->lanes[i].handled);
	return n;
}

/* The counted phase around the lanes: from the moment every client's timed phase is over
 * to the last lane's end. Returns the messages handled before it began. */
static uint64_t wait_counting(struct party_srv *s, struct phase *ph, struct side_result *res)
{
	const struct measure_args *a = s->a;

	while (a->counted_pct && !atomic_load(&s->failed)) {
		uint32_t v = atomic_load(a->stage);

		if (v >= a->parties) {
			phase_begin(ph, res);
			return lanes_handled(s);
		}
		futex_wait(a->stage, v, WAIT_SLICE_NS);
	}
	return 0;
}

static void serve_threads(struct party_srv *s, struct side_result *res)
{
	pthread_attr_t at;
	struct phase ph;
	unsigned started = 0;
	uint64_t first;

	res->status = SIDE_OK;
	phase_open(&ph, s->a);
	pthread_attr_init(&at);
	pthread_attr_setstacksize(&at, LANE_STACK);
	for (; started < s->nlanes; started++)
		if (pthread_create(&s->lanes[started].thread, &at, lane_main, &s->lanes[started]))
			break;
	pthread_attr_destroy(&at);
	if (started < s->nlanes) {
		mio_error(res, -EAGAIN, "starting the server's lane threads");
		atomic_store(&s->failed, 1);
	}
	first = wait_counting(s, &ph, res);
	for (unsigned i = 0; i < started; i++)
		pthread_join(s->lanes[i].thread, NULL);
	phase_end(&ph, res, lanes_handled(s) - first - s->c->n);
	phase_close(&ph);
	for (unsigned i = 0; i < started; i++) {
		const struct side_result *lr = &s->lanes[i].res;

		if (lr->status != SIDE_OK && res->status == SIDE_OK) {
			res->status = lr->status;
			res->err = lr->err;
			snprintf(res->reason, sizeof(res->reason), "%s", lr->reason);
		}
		res->verified_full += lr->verified_full;
	}
	res->messages = lanes_handled(s);
}

/* Everything the loop needs, allocated and touched before the start: 0 or -ENOMEM. */
static int prepare(struct party_srv *s)
{
	const struct party_ctx *c = s->c;

	s->nlanes = s->threaded ? c->n : 1;
	s->reply = calloc(c->n, sizeof(*s->reply));
	s->next = calloc(c->n, sizeof(*s->next));
	s->owner = calloc(c->n, sizeof(*s->owner));
	s->lanes = calloc(s->nlanes, sizeof(*s->lanes));
	if (!s->reply || !s->next || !s->owner || !s->lanes)
		return -ENOMEM;
	for (unsigned k = 0; k < c->n; k++) {
		if (!(s->reply[k] = mio_alloc(s->a->t, c->wire)))
			return -ENOMEM;
		msg_fill(s->reply[k], msg_party_seq(k, 0), s->a->size, MSG_REPLY);
	}
	for (unsigned i = 0; i < s->nlanes; i++) {
		s->lanes[i].s = s;
		s->lanes[i].id = i;
		if (!(s->lanes[i].rx = mio_alloc(s->a->t, c->wire + 64)))
			return -ENOMEM;
	}
	return 0;
}

struct party_srv *party_server_new(struct party_ctx *c, const struct measure_args *a)
{
	struct party_srv *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	*s = (struct party_srv){ .c = c, .a = a, .threaded = (c->f->flags & TR_FANIN_THREADED) != 0 };
	if (prepare(s) < 0) {
		party_server_free(s);
		return NULL;
	}
	return s;
}

void party_serve(struct party_srv *s, struct side_result *res)
{
	if (s->threaded)
		serve_threads(s, res);
	else
		serve_loop(s, res);
}

void party_server_free(struct party_srv *s)
{
	if (!s)
		return;
	for (unsigned k = 0; s->reply && k < s->c->n; k++)
		mio_free(s->reply[k]);
	for (unsigned i = 0; s->lanes && i < s->nlanes; i++)
		mio_free(s->lanes[i].rx);
	free(s->reply);
	free(s->next);
	free((void *)s->owner);
	free(s->lanes);
	free(s);
}
