/* cma: cross-memory attach. The sender publishes the address and length of its buffer in
 * a shared control block and wakes the receiver with a futex on the direction's sequence
 * word; the receiver pulls the bytes with process_vm_readv() from the sender's pid. */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "sys/futex.h"
#include "sys/shmem.h"
#include "bench/transport.h"

struct cma_dir {
	_Alignas(64) _Atomic uint32_t seq; /* futex word, bumped after addr and len are set */
	_Atomic uint32_t done;             /* the last seq the receiver has finished reading */
	uint64_t addr, len;
};

struct cma_shared {
	_Atomic int pid[2]; /* pid[side], published by open() */
	struct cma_dir dir[2]; /* dir[0] carries requests, dir[1] replies */
};

struct cma {
	struct cma_shared *sh;
	uint32_t sent, seen; /* per process: each child has its own copy after fork */
};

static int cma_setup(struct tr_chan *ch)
{
	struct cma *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->sh = shmem_alloc(sizeof(*c->sh));
	if (!c->sh) {
		int r = -errno;
		free(c);
		return r;
	}
	ch->priv = c;
	return 0;
}

/* Under Yama ptrace_scope 1 only a declared ptracer's descendants may read this process:
 * declaring the parent admits the sibling. Without Yama the call fails, harmlessly. */
static int cma_open(struct tr_chan *ch, enum tr_side side)
{
	struct cma *c = ch->priv;

	prctl(PR_SET_PTRACER, (unsigned long)getppid(), 0, 0, 0);
	atomic_store(&c->sh->pid[side], (int)getpid());
	return 0;
}

static ssize_t cma_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	struct cma *c = ch->priv;
	struct cma_dir *d = &c->sh->dir[side == TR_CLIENT ? 0 : 1];
	int r;

	d->addr = (uint64_t)(uintptr_t)buf;
	d->len = len;
	atomic_store_explicit(&d->seq, ++c->sent, memory_order_release);
	r = futex_wake(&d->seq, 1);
	return r < 0 ? r : (ssize_t)len;
}

/* Sleeps until the direction's sequence word moves past the last message seen. */
static int cma_wait(struct cma *c, struct cma_dir *d)
{
	uint32_t v;

	while ((v = atomic_load_explicit(&d->seq, memory_order_acquire)) == c->seen) {
		int r = futex_wait(&d->seq, c->seen, 0);

		if (r < 0)
			return r;
	}
	c->seen = v;
	return 0;
}

static ssize_t cma_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	struct cma *c = ch->priv;
	struct cma_dir *d = &c->sh->dir[side == TR_CLIENT ? 1 : 0];
	pid_t peer = atomic_load(&c->sh->pid[side == TR_CLIENT ? TR_SERVER : TR_CLIENT]);
	struct iovec local = { buf, 0 }, remote = { NULL, 0 };
	ssize_t r = cma_wait(c, d);

	if (r < 0)
		return r;
	if (d->len > len)
		return -EMSGSIZE;
	local.iov_len = remote.iov_len = d->len;
	remote.iov_base = (void *)(uintptr_t)d->addr;
	do
		r = process_vm_readv(peer, &local, 1, &remote, 1, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		r = -errno;
	atomic_store_explicit(&d->done, c->seen, memory_order_release);
	return r;
}

/* The peer reads our last message (the reply to the stop request) after send returned:
 * stay alive until it has, or for at most a second if it never does. Polled, so that the
 * measured recv path needs no extra wake-up. */
static void cma_close(struct tr_chan *ch, enum tr_side side)
{
	struct cma *c = ch->priv;
	struct cma_dir *d = &c->sh->dir[side == TR_CLIENT ? 0 : 1];
	struct timespec nap = { 0, 100000 };

	for (int i = 0; i < 10000; i++) {
		if (atomic_load_explicit(&d->done, memory_order_acquire) == c->sent)
			return;
		nanosleep(&nap, NULL);
	}
}

static void cma_shared_region(struct tr_chan *ch, void **base, size_t *len)
{
	struct cma *c = ch->priv;

	*base = c->sh;
	*len = sizeof(*c->sh);
}

static void cma_teardown(struct tr_chan *ch)
{
	struct cma *c = ch->priv;

	if (!c)
		return;
	shmem_free(c->sh, sizeof(*c->sh));
	free(c);
	ch->priv = NULL;
}

const struct transport tr_cma = {
	.name = "cma",
	.description = "cross-memory attach: sender publishes its buffer's address and length in a "
		       "shared control block and wakes the receiver by futex (FUTEX_WAKE on every "
		       "send); receiver sleeps in FUTEX_WAIT, then pulls with process_vm_readv",
	.abstraction = TA_MEMORY,
	.family = TF_QUEUE,
	.notification = TN_FUTEX,
	.participants = TP_PAIR,
	.direction = TD_ONE_WAY,
	.synchrony = TS_ASYNC,
	.copies = 1,
	.copies_note = "process_vm_readv copies from the sender's buffer straight into the "
		       "receiver's",
	.flags = TR_MESSAGE | TR_SEND_INPLACE,
	.buffering = "one address and length per direction",
	.setup = cma_setup,
	.open = cma_open,
	.send = cma_send,
	.recv = cma_recv,
	.close = cma_close,
	.teardown = cma_teardown,
	.window_limit = 1, /* one address/length pair per direction */
	.shared_region = cma_shared_region,
	.no_fanin = "process_vm_readv reads the memory of one known peer: a pair",
	.no_fanout = "process_vm_readv reads the memory of one known peer: a pair",
};
