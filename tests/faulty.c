#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "faulty.h"
#include "bench/lib/fdfan.h"
#include "bench/lib/fdpair.h"

extern const struct transport tr_pipe;

struct fault_plan fault_plan;

static uint64_t sends[2], recvs[2];
static unsigned char scratch[(2u << 20) + 64];

/* A copy of the message with byte `at` flipped (the message itself when it is too short). */
static const void *flipped(const void *buf, size_t len)
{
	if (fault_plan.at >= len || len > sizeof(scratch))
		return buf;
	memcpy(scratch, buf, len);
	scratch[fault_plan.at] ^= 0x40;
	return scratch;
}

static ssize_t faulty_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	uint64_t n = sends[side]++;

	if (side == TR_SERVER && n == fault_plan.msg) {
		if (fault_plan.kind == FAULT_SERVER_HANG)
			for (;;)
				pause();
		if (fault_plan.kind == FAULT_SERVER_DIE)
			raise(SIGKILL);
		if (fault_plan.kind == FAULT_SERVER_STALL) {
			struct timespec ts = { (time_t)(fault_plan.stall_ns / 1000000000u),
					       (long)(fault_plan.stall_ns % 1000000000u) };
			nanosleep(&ts, NULL);
		}
	}
	if (side == TR_CLIENT && n == fault_plan.msg && fault_plan.kind == FAULT_CLIENT_DIE)
		raise(SIGKILL);
	if (side == TR_CLIENT && n == fault_plan.msg && fault_plan.kind == FAULT_DROP)
		return (ssize_t)len; /* lost on the way */
	if (side == TR_CLIENT && n == fault_plan.msg && fault_plan.kind == FAULT_FLIP_BYTE)
		buf = flipped(buf, len);
	if (side == TR_CLIENT && n == fault_plan.msg && fault_plan.kind == FAULT_SHORT_SEND) {
		ssize_t r = fdpair_send(ch, side, buf, len);

		return r > 0 ? r - 1 : r;
	}
	return fdpair_send(ch, side, buf, len);
}

static ssize_t faulty_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	uint64_t n = recvs[side]++;
	ssize_t r = fdpair_recv(ch, side, buf, len);

	if (side == TR_SERVER && n == fault_plan.msg && fault_plan.kind == FAULT_SHORT_RECV && r > 0)
		return r - 1;
	/* the server keeps a copy of the request to send back instead of its reply */
	if (fault_plan.kind == FAULT_REFLECT && side == TR_SERVER && r > 0 &&
	    (size_t)r <= sizeof(scratch))
		memcpy(scratch, buf, (size_t)r);
	return r;
}

static ssize_t reflect_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	if (fault_plan.kind == FAULT_REFLECT && side == TR_SERVER)
		buf = scratch;
	return faulty_send(ch, side, buf, len);
}

static int faulty_setup(struct tr_chan *ch)
{
	sends[0] = sends[1] = recvs[0] = recvs[1] = 0;
	return tr_pipe.setup(ch);
}

/* What the two variants share: a pipe underneath, each call able to misbehave. */
#define FAULTY_PIPE_OPS                                                              \
	.notification = TN_SYSCALL, .direction = TD_ONE_WAY, .synchrony = TS_ASYNC,   \
	.copies = 2, .copies_note = "as pipe", .setup = faulty_setup,                 \
	.open = fdpair_open, .recv = faulty_recv, .close = fdpair_close,               \
	.teardown = fdpair_teardown

const struct transport tr_faulty = {
	.name = "faulty-pipe",
	.description = "test only: a pipe that corrupts, hangs, dies or reflects on request",
	.abstraction = TA_STREAM,
	.participants = TP_MANY,
	.flags = TR_STREAM,
	.send = reflect_send,
	.open_window = 256, /* as pipe: each side's counter is touched by one thread only */
	FAULTY_PIPE_OPS,
};

const struct transport tr_faulty_msg = {
	.name = "faulty-msg",
	.description = "test only: faulty-pipe as a message transport (one call per message)",
	.abstraction = TA_MESSAGE,
	.participants = TP_PAIR,
	.flags = TR_MESSAGE,
	.max_msg = 4096, /* PIPE_BUF: a write up to it is one read's worth */
	.send = faulty_send,
	FAULTY_PIPE_OPS,
};

/* Fan-in: pipe's, with each client's request `msg` flipped at `at` (FAULT_FLIP_BYTE) or the
 * server's reply number `msg` sent to the next client instead (FAULT_MISDELIVER). */
extern const struct tr_fanin fanin_pipe;

static uint64_t fan_sends;

static int faulty_fan_setup(struct tr_chan *ch, unsigned n)
{
	fan_sends = 0;
	return fanin_pipe.setup(ch, n);
}

static ssize_t faulty_fan_csend(struct tr_chan *ch, unsigned k, const void *buf, size_t len)
{
	if (fault_plan.kind == FAULT_FLIP_BYTE && fan_sends++ == fault_plan.msg)
		buf = flipped(buf, len);
	return fanin_pipe.csend(ch, k, buf, len);
}

static ssize_t faulty_fan_ssend(struct tr_chan *ch, unsigned to, const void *buf, size_t len)
{
	if (fault_plan.kind == FAULT_MISDELIVER && fan_sends++ == fault_plan.msg)
		to = (to + 1) % fault_plan.clients;
	return fanin_pipe.ssend(ch, to, buf, len);
}

const struct tr_fanin *faulty_fanin_ops(void)
{
	static struct tr_fanin f;

	f = fanin_pipe;
	f.how = "test only: pipe's fan-in that corrupts or misdelivers on request";
	f.setup = faulty_fan_setup;
	f.csend = faulty_fan_csend;
	f.ssend = faulty_fan_ssend;
	return &f;
}

/* Fan-out: pipe's, with publish `msg` flipped at `at` in subscriber 1's copy
 * (FAULT_FLIP_BYTE), or left out of subscriber 0's and said dropped (FAULT_DROP: lossy). */
extern const struct tr_fanout fanout_pipe;

static uint64_t publishes;

static int faulty_out_setup(struct tr_chan *ch, unsigned n)
{
	publishes = 0;
	return fanout_pipe.setup(ch, n);
}

static ssize_t faulty_publish(struct tr_chan *ch, const void *buf, size_t len, unsigned *dropped)
{
	const struct fdfan *fds = ch->priv; /* fanout_fd.c's channel begins with it */
	int fault = publishes++ == fault_plan.msg;
	unsigned k = 0;

	*dropped = 0;
	for (size_t i = 0; i < fds->nfd; i++) { /* the publisher's ends, subscriber by subscriber */
		const void *p = buf;

		if (fds->owner[i] != FAN_SERVER)
			continue;
		if (fault && fault_plan.kind == FAULT_DROP && k == 0) {
			(*dropped)++;
			k++;
			continue;
		}
		if (fault && fault_plan.kind == FAULT_FLIP_BYTE && k == 1)
			p = flipped(buf, len);
		if (write(fds->fd[i], p, len) != (ssize_t)len)
			return -EIO;
		k++;
	}
	return (ssize_t)len;
}

const struct tr_fanout *faulty_fanout_ops(void)
{
	static struct tr_fanout f;

	f = fanout_pipe;
	f.how = "test only: pipe's fan-out that corrupts or drops on request";
	f.flags = TR_FANOUT_LOSSY;
	f.setup = faulty_out_setup;
	f.publish = faulty_publish;
	return &f;
}
