#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>
#include "cell/capacity.h"
#include "cell/payload.h"
#include "sys/clock.h"
#include "sys/futex.h"
#include "sys/memplace.h"
#include "sys/names.h"
#include "sys/shmem.h"
#include "sys/spawn.h"

#define TIMEOUT_NS 15000000000ull

struct cap_shared {
	_Alignas(128) _Atomic uint64_t bytes, msgs;
	_Atomic uint32_t in_send, done, barrier;
	_Atomic int pid;
	int blocked, err;
	char why[120];
};

struct cap_ctx {
	const struct transport *t;
	struct tr_chan ch;
	size_t send_bytes;
	struct cap_shared *sh;
};

/* One send; ZERO_COPY transports take the message where send_place says. */
static ssize_t send_one(struct cap_ctx *c, unsigned char *buf)
{
	unsigned char *p = buf;

	if (c->t->flags & TR_ZERO_COPY) {
		p = c->t->send_place(&c->ch, TR_CLIENT, c->send_bytes);
		if (!p)
			return -EMSGSIZE;
	}
	return c->t->send(&c->ch, TR_CLIENT, p, c->send_bytes);
}

static int sender(struct cap_ctx *c)
{
	struct cap_shared *sh = c->sh;
	unsigned char *buf = calloc(1, c->send_bytes);
	uint64_t cap = c->t->probe_cap ? c->t->probe_cap : CAP_MAX_MSGS;
	ssize_t r = 0;

	if (!buf)
		return 4;
	while (atomic_load(&sh->bytes) < CAP_MAX_BYTES && atomic_load(&sh->msgs) < cap) {
		atomic_store(&sh->in_send, 1);
		r = send_one(c, buf);
		atomic_store(&sh->in_send, 0);
		if (r < 0)
			break;
		atomic_fetch_add(&sh->bytes, (uint64_t)r);
		atomic_store(&sh->msgs, atomic_load(&sh->bytes) / c->send_bytes);
	}
	sh->blocked = r == -EAGAIN;
	sh->err = r < 0 && r != -EAGAIN ? (int)-r : 0;
	atomic_store(&sh->done, 1);
	free(buf);
	return 0;
}

/* The state letter of /proc/PID/stat ('S' asleep, 'R' running, ...), or 0. */
static char proc_state(int pid)
{
	char path[64], line[512], *close_paren;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (!(f = fopen(path, "r")))
		return 0;
	close_paren = fgets(line, sizeof(line), f) ? strrchr(line, ')') : NULL;
	fclose(f);
	return close_paren && close_paren[1] == ' ' ? close_paren[2] : 0;
}

static int looks_blocked(const struct cap_ctx *c)
{
	char st = proc_state(atomic_load(&c->sh->pid));

	return atomic_load(&c->sh->in_send) &&
	       (st == 'S' || st == 'D' || (st == 'R' && (c->t->flags & TR_POLLING)));
}

/* The server: opens its end, takes nothing, and watches the client's count. */
static int watcher(struct cap_ctx *c)
{
	struct cap_shared *sh = c->sh;
	uint64_t start = clock_mono_ns(), moved = start, last = 0;
	struct timespec tick = { 0, 1000000 };

	while (!atomic_load(&sh->done)) {
		uint64_t now = clock_mono_ns(), b = atomic_load(&sh->bytes);

		if (b != last || !looks_blocked(c)) { /* moving, or held up by something else */
			last = b;
			moved = now;
		} else if (now - moved >= CAP_STALL_NS) {
			sh->blocked = 1;
			break;
		}
		if (now - start >= CAP_GIVE_UP_NS) {
			snprintf(sh->why, sizeof(sh->why), "the sender neither finished nor blocked "
				 "within %.0f s", CAP_GIVE_UP_NS / 1e9);
			break;
		}
		nanosleep(&tick, NULL);
	}
	if (!atomic_load(&sh->done)) {
		atomic_store(&sh->done, 2);
		kill(atomic_load(&sh->pid), SIGKILL); /* asleep in send: nothing else ends it */
	}
	return 0;
}

static int cap_child(void *arg, int side)
{
	struct cap_ctx *c = arg;
	int r;

	prctl(PR_SET_NAME, "ipcbench-cap");
	if (side == TR_CLIENT)
		atomic_store(&c->sh->pid, (int)getpid());
	if ((r = c->t->open(&c->ch, (enum tr_side)side)) < 0) {
		snprintf(c->sh->why, sizeof(c->sh->why), "open: %s", strerror(-r));
		return 3;
	}
	if (side == TR_CLIENT && c->t->send_nonblock && (r = c->t->send_nonblock(&c->ch, TR_CLIENT)) < 0) {
		snprintf(c->sh->why, sizeof(c->sh->why), "send_nonblock: %s", strerror(-r));
		return 3;
	}
	if (futex_barrier(&c->sh->barrier, 2, TIMEOUT_NS) < 0)
		return 3;
	return side == TR_CLIENT ? sender(c) : watcher(c);
}

static int declared(const struct transport *t, struct capacity_result *out)
{
	if (!t->window_limit && !(t->flags & TR_SLOTS))
		return 0;
	out->method = "declared";
	if (t->window_limit) {
		out->messages = t->window_limit;
		out->measured = 1;
	}
	snprintf(out->note, sizeof(out->note), "not pushed: send never waits for room; past %s "
		 "a message would be lost, merged or overwritten", t->window_limit ?
		 "window_limit" : "its slots (the window)");
	return 1;
}

/* Bytes per send: the message, or the one-send limit it would be fragmented at. */
static int send_size(const struct transport *t, uint64_t payload, struct capacity_result *out)
{
	long limit = transport_max_msg(t);
	uint64_t wire = (t->flags & TR_NOPAYLOAD) ? (uint64_t)limit : MSG_HDR_SIZE + payload;

	if (limit < 0 || wire == 0) {
		snprintf(out->note, sizeof(out->note), "no message size: %s", strerror((int)-limit));
		return -1;
	}
	out->send_bytes = limit && wire > (uint64_t)limit ? (size_t)limit : (size_t)wire;
	if (out->send_bytes < wire)
		snprintf(out->note, sizeof(out->note), "sends of the %ld-byte limit", limit);
	return 0;
}

static void judge(const struct cap_ctx *c, const struct pair_outcome *o,
		  struct capacity_result *out)
{
	const struct cap_shared *sh = c->sh;

	out->method = c->t->send_nonblock || (sh->blocked && sh->done == 1) ? "EAGAIN" : "stall";
	if (!sh->done) {
		snprintf(out->note, sizeof(out->note), "no result (%s)", sh->why[0] ? sh->why :
			 o->end == PAIR_TIMEOUT ? "timeout" : "the children failed");
		return;
	}
	out->measured = 1;
	out->blocked = sh->blocked;
	out->bytes = atomic_load(&c->sh->bytes);
	out->messages = atomic_load(&c->sh->msgs);
	if (sh->err)
		snprintf(out->note, sizeof(out->note), "send failed: %s", strerror(sh->err));
	else if (sh->why[0])
		snprintf(out->note, sizeof(out->note), "%s", sh->why);
	else if (!sh->blocked && c->t->probe_cap)
		snprintf(out->note, sizeof(out->note), "stopped at %u messages: the buffer is shared "
			 "by every process of the user, and not filled on purpose", c->t->probe_cap);
	else if (!sh->blocked)
		snprintf(out->note, sizeof(out->note), "did not block within %llu MiB or %llu messages",
			 CAP_MAX_BYTES >> 20, CAP_MAX_MSGS);
}

int capacity_probe(const struct transport *t, uint64_t payload, struct capacity_result *out)
{
	struct mem_place mp = { .policy = MEM_DEFAULT };
	struct tr_params params = { .window = 1, .mem = &mp };
	struct cap_ctx c = { .t = t, .ch = { .params = &params } };
	struct pair_outcome o = { .end = PAIR_DONE };
	char tmpdir[512];
	int r;

	memset(out, 0, sizeof(*out));
	out->method = "stall";
	if (send_size(t, payload, out) < 0 || declared(t, out))
		return 0;
	c.send_bytes = params.max_wire = out->send_bytes;
	params.tmpdir = tmpdir;
	if (!(c.sh = shmem_alloc(sizeof(*c.sh))))
		return -errno;
	if ((r = ipc_tmpdir_create(tmpdir, sizeof(tmpdir))) == 0) {
		if ((r = t->setup(&c.ch)) == 0)
			spawn_pair(cap_child, &c, TIMEOUT_NS, &o);
		else
			snprintf(out->note, sizeof(out->note), "setup: %s", strerror(-r));
		t->teardown(&c.ch);
		ipc_tmpdir_remove(tmpdir);
		if (r == 0)
			judge(&c, &o, out);
	}
	shmem_free(c.sh, sizeof(*c.sh));
	return o.end == PAIR_INTERRUPTED ? -EINTR : r < 0 && !out->note[0] ? r : 0;
}
