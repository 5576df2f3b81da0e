/* Bandwidth mode. One sample is one window: the client (timed) sends `window` messages
 * back to back and waits for the server's one acknowledgement. A message that is checked
 * in full (warm-up, stop, every verify_every-th, or all with verify=full) is built in full;
 * any other is stamped: its header and the three words a sampled check reads are written
 * over what the send buffer held (cell/payload.h), so preparing it costs the same at every
 * size. Send buffers alternate, or, for a transport that reads them in place
 * (TR_SEND_INPLACE), each message in flight has its own. The server checks every header
 * at once (sequence number, length, direction), so a lost, repeated or reordered message
 * fails the cell as soon as it shows, then the payload (spot words, or in full), then
 * touches it; a stream has no gap between messages, so in this mode those are timed.
 * Between windows, untimed, both sides walk their footprint and flush (cache=cold), and
 * the client waits at the gate for the server. Where the path floor is a stream of its own
 * (cell/between.h), a window's last message may carry MSG_STREAM: after its
 * acknowledgement both sides stream that floor, untimed, and the next window is not
 * recorded. */
#include <errno.h>
#include <stdio.h>
#include "sys/cachectl.h"
#include "cell/between.h"
#include "cell/gate.h"
#include "cell/msgio.h"
#include "cell/payload.h"
#include "cell/phase.h"
#include "cell/settle.h"

static size_t ack_wire(const struct measure_args *a)
{
	return a->token ? a->wire : MSG_HDR_SIZE;
}

static unsigned char *tx_for(const struct measure_args *a, uint64_t seq)
{
	return mio_place(a, a->ring ? a->ring[seq % a->window] : a->tx[seq & 1], a->wire);
}

/* Timed: n messages out, one acknowledgement in; the last message also carries `last`. */
static int window_trip(const struct measure_args *a, uint64_t seq, unsigned n, int warm,
		       uint16_t only_flags, uint16_t last, unsigned char **ack,
		       struct side_result *res)
{
	for (unsigned i = 0; i < n; i++) {
		unsigned char *buf = tx_for(a, seq + i);
		uint16_t f = only_flags ? only_flags : mio_next_flags(a, warm, seq + i);

		if (!buf)
			return mio_error(res, -EMSGSIZE, "no place for the message");
		mio_put_checked(a, buf, seq + i, i + 1 == n ? (uint16_t)(f | last) : f);
		if (mio_send(a, buf, a->wire, res) < 0)
			return -1;
	}
	return mio_take(a, a->rx, ack_wire(a), a->rx_cap, ack, res);
}

static int check_ack(const struct measure_args *a, const unsigned char *ack, uint64_t last,
		     int stop, struct side_result *res)
{
	uint16_t f;
	char msg[160];

	if (mio_check_hdr(a, ack, ack_wire(a), 0, last, 1, &f, res) < 0)
		return -1;
	if ((!a->token && !(f & MSG_ACK)) || !(f & MSG_STOP) != !stop) {
		snprintf(msg, sizeof(msg), "acknowledgement of message %llu carries flags %#x",
			 (unsigned long long)last, f);
		return mio_fail(res, msg);
	}
	return 0;
}

/* Untimed settling and the gate, then one timed window; *now is when it ended. */
static int client_window(const struct measure_args *a, uint64_t seq, int warm, uint32_t done,
			 uint16_t last, uint64_t *ticks, uint64_t *now, struct side_result *res)
{
	settle(a, NULL, 0);
	gate_wait(a->gate, done, a->same_cpu);
	unsigned char *ack;
	uint64_t t0 = clock_start(a->clk);

	if (window_trip(a, seq, a->window, warm, 0, last, &ack, res) < 0)
		return -1;
	*now = clock_stop(a->clk);
	*ticks = *now - t0;
	return check_ack(a, ack, seq + a->window - 1, 0, res);
}

/* The streams between windows (cell/between.h): due at a time, or after so many windows
 * recorded when a count (iterations) ends the timed phase first. */
struct between {
	uint64_t next, step;   /* ticks */
	uint64_t wnext, wstep; /* windows recorded */
	int after;             /* the last window was followed by one */
};

/* Whether the coming window (the last ended at now, n recorded) is followed by a stream;
 * one is kept for the end of the timed phase. */
static int stream_due(const struct measure_args *a, const struct between *bw, uint64_t now,
		      uint64_t n)
{
	return a->between && (now >= bw->next || n >= bw->wnext) &&
	       slopes_pair_streams_left(a->between) > 1;
}

/* Both sides stream the path floor (the server on the window's MSG_STREAM); mark: the
 * windows recorded before it. */
static void stream_between(const struct measure_args *a, struct between *bw, uint64_t mark)
{
	slopes_pair_stream(a->between, 0, a->between_copy, mark);
	bw->next = clock_stop(a->clk) + bw->step;
	bw->wnext = mark + bw->wstep;
}

/* A timed window is recorded unless it came before the first stream or right after one
 * (the stream's ring moved the cell's lines out); then the stream it announced runs. */
static void timed_window(const struct measure_args *a, struct between *bw, int stream,
			 uint64_t ticks, uint64_t *n, uint64_t *msgs)
{
	if (!bw->after && !(stream && *n == 0)) {
		measure_sample(a, (*n)++, ticks);
		*msgs += a->window;
	}
	if ((bw->after = stream))
		stream_between(a, bw, *n);
}

void stream_client(const struct measure_args *a, struct side_result *res)
{
	struct phase ph;
	uint64_t seq = 0, n = 0, msgs = 0, counted = 0, target = 0, ticks, now, end;
	uint32_t done = 0;
	int warm = a->warmup_ticks > 0, stream = 0;
	uint64_t wstep = a->max_msgs / a->window / BETWEEN_SEGMENTS;
	struct between bw = { .next = warm ? UINT64_MAX : 0, .wnext = warm ? UINT64_MAX : 0,
			      .step = a->duration_ticks / BETWEEN_SEGMENTS,
			      .wstep = wstep ? wstep : 1 };

	res->status = SIDE_OK;
	phase_open(&ph, a);
	now = clock_start(a->clk);
	end = now + (warm ? a->warmup_ticks : a->duration_ticks);
	for (;; done++) {
		stream = !warm && !ph.started && stream_due(a, &bw, now, n);
		if (client_window(a, seq, warm, done, stream ? MSG_STREAM : 0, &ticks, &now, res) < 0)
			break;
		seq += a->window;
		if (warm) {
			if (now >= end) {
				warm = 0;
				end = now + a->duration_ticks;
				bw.next = now;
				bw.wnext = 0;
			}
			continue;
		}
		if (ph.started) { /* counted phase */
			if (++counted >= target)
				break;
			continue;
		}
		timed_window(a, &bw, stream, ticks, &n, &msgs);
		if (now < end && msgs < a->max_msgs)
			continue;
		if (!stream && n > 0 && a->between && slopes_pair_streams_left(a->between) > 0) {
			/* the stream after the last part, behind a window of its own */
			if (client_window(a, seq, 0, ++done, MSG_STREAM, &ticks, &now, res) < 0)
				break;
			seq += a->window;
			stream_between(a, &bw, n);
		}
		phase_timed_over(a);
		if (!(target = phase_counted_target(a, n)))
			break;
		phase_begin(&ph, res);
	}
	phase_end(&ph, res, counted * a->window);
	phase_close(&ph);
	res->nsamples = n;
	res->messages = seq;
	if (res->status != SIDE_OK)
		return;
	gate_wait(a->gate, done + 1, a->same_cpu);
	unsigned char *ack;

	if (window_trip(a, seq, 1, 0, MSG_STOP, 0, &ack, res) == 0)
		check_ack(a, ack, seq, 1, res);
}

static int send_ack(const struct measure_args *a, uint64_t last, uint16_t f,
		    struct side_result *res)
{
	uint16_t keep = f & (MSG_WARMUP | MSG_STOP);
	unsigned char *tx = mio_place(a, a->tx[0], ack_wire(a));

	if (!tx)
		return mio_error(res, -EMSGSIZE, "no place for the acknowledgement");
	if (a->token)
		token_put(tx, a->wire, last, (uint16_t)(keep | MSG_REPLY));
	else
		msg_set_hdr(tx, last, 0, (uint16_t)(keep | MSG_REPLY | MSG_ACK));
	return mio_send(a, tx, ack_wire(a), res);
}

/* One message: header at once, then payload and touch. */
static int server_take(const struct measure_args *a, uint64_t seq, uint16_t *f,
		       struct side_result *res)
{
	unsigned char *got;

	if (mio_take(a, a->rx, a->wire, a->rx_cap, &got, res) < 0 ||
	    mio_check_hdr(a, got, a->wire, a->size, seq, 0, f, res) < 0 ||
	    mio_check_payload(a, got, seq, *f, res) < 0)
		return -1;
	if (a->touch != TOUCH_NONE && !a->token) {
		uint64_t sum = cache_touch(got + MSG_HDR_SIZE, a->size, a->touch);
		__asm__ __volatile__("" ::"r"(sum)); /* keeps the reads */
	}
	return 0;
}

/* Takes up to window messages; returns how many (the stop message ends a window early),
 * or -1. */
static int server_window(const struct measure_args *a, uint64_t seq, struct phase *ph,
			 uint64_t *first, uint16_t *last_flags, struct side_result *res)
{
	unsigned i;

	for (i = 0; i < a->window; i++) {
		if (server_take(a, seq + i, last_flags, res) < 0)
			return -1;
		/* the client moved the stage on before it sent this message: count from here */
		if (!ph->started && a->counted_pct && phase_counting_allowed(a)) {
			phase_begin(ph, res);
			*first = seq + i;
		}
		if (*last_flags & MSG_STOP) {
			phase_end(ph, res, seq + i - *first);
			return (int)i + 1;
		}
	}
	return (int)i;
}

void stream_server(const struct measure_args *a, struct side_result *res)
{
	struct phase ph;
	uint64_t seq = 0, first = 0;
	uint32_t done = 0;

	res->status = SIDE_OK;
	phase_open(&ph, a);
	for (;;) {
		uint16_t f = 0;
		int n = server_window(a, seq, &ph, &first, &f, res);

		if (n < 0 || send_ack(a, seq + (uint64_t)n - 1, f, res) < 0)
			break;
		seq += (uint64_t)n;
		res->messages = seq;
		if (f & MSG_STOP)
			break;
		if ((f & MSG_STREAM) && a->between)
			slopes_pair_stream(a->between, 1, a->between_copy, 0);
		settle(a, NULL, 0);
		gate_open(a->gate, ++done);
	}
	phase_close(&ph);
}
