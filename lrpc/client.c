/* The client half: binding to a service by name, calls, and the end of a binding. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sys/clock.h"
#include "lrpc_int.h"

#define RING 4 /* this side's stamps of the last calls */

struct lrpc_binding {
	struct lrpc_astack a;
	uint32_t call_val; /* state value of the call in progress, or of the last one */
	uint32_t last_ok;  /* state value of the last call that returned */
	int in_call, broken, trace;
	char name[LRPC_NAME_MAX + 1];
	char dir[4096];
	int own_dir;
	struct lrpc_stampset mine[RING]; /* t: call, notified, saw return */
};

/* Binds to the first A-stack of the entry that no other client has taken. */
static int bind_free(struct lrpc_binding *b, const struct reg_entry *e)
{
	for (unsigned i = 0; i < e->n; i++) {
		int r = astack_attach(&b->a, e->shm[i]);

		if (r == 0)
			return b->a.h->server_pid == e->pid ? 0 : -EPROTO;
		if (r != -ENOENT && r != -EBUSY)
			return r;
	}
	return -ENOSPC;
}

/* The A-stack is mapped and claimed: the binding starts from its state. */
static int bound(struct lrpc_binding *b, const struct lrpc_connect_opts *o)
{
	if (PHASE(atomic_load(&b->a.h->state)) == PH_CLOSED)
		return -ENOENT; /* unregistering */
	handoff_init(&b->a, (enum lrpc_handoff)b->a.h->handoff, o->shared_cpu);
	b->call_val = b->last_ok = atomic_load(&b->a.h->state);
	return 0;
}

static int connect_entry(struct lrpc_binding *b, const struct lrpc_connect_opts *o)
{
	struct reg_entry e;
	int r = registry_read(b->dir, b->name, &e);

	if (r < 0)
		return r;
	if (kill(e.pid, 0) < 0 && errno == ESRCH) {
		registry_remove(b->dir, b->name, e.pid, 1); /* a dead server's entry */
		return -ENOENT;
	}
	if ((r = bind_free(b, &e)) < 0)
		return r;
	return bound(b, o);
}

int lrpc_connect_opts(const char *name, const struct lrpc_connect_opts *o,
		      struct lrpc_binding **out)
{
	static const struct lrpc_connect_opts defaults;
	struct lrpc_binding *b;
	int r;

	o = o ? o : &defaults;
	if (registry_check_name(name) < 0)
		return -EINVAL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	snprintf(b->name, sizeof(b->name), "%s", name);
	r = registry_dir(o->registry, 0, b->dir, sizeof(b->dir), &b->own_dir);
	if (r == 0)
		r = connect_entry(b, o);
	if (r < 0) {
		if (b->a.h)
			astack_unmap(&b->a);
		registry_dir_release(b->dir, b->own_dir && r == -ENOENT);
		free(b);
		return r;
	}
	*out = b;
	return 0;
}

int lrpc_connect(const char *name, struct lrpc_binding **out)
{
	return lrpc_connect_opts(name, NULL, out);
}

/* The server is gone: no call will work again. If it died, its entry is stale: remove it. */
static int broken(struct lrpc_binding *b)
{
	b->broken = 1;
	if (b->dir[0] && !peer_alive(&b->a.peer) && registry_remove(b->dir, b->name, b->a.peer.pid, 1) == 0)
		registry_dir_release(b->dir, b->own_dir);
	return -EPIPE;
}

static void unlock(struct lrpc_binding *b)
{
	atomic_store_explicit(&b->a.h->busy, 0, memory_order_release);
}

/* Can a call start from state v? A timed-out call may still be with the server. */
static int ready(struct lrpc_binding *b, uint32_t v)
{
	if (PHASE(v) == PH_CLOSED)
		return broken(b);
	if (PHASE(v) == PH_CALL)
		return peer_alive(&b->a.peer) ? -EBUSY : broken(b);
	return 0;
}

static void put_args(struct lrpc_binding *b, const uint64_t *args, unsigned nargs,
		     const void *payload, size_t len)
{
	struct astack_hdr *h = b->a.h;

	if (nargs)
		memcpy(h->args, args, nargs * sizeof(uint64_t));
	if (len)
		memcpy(b->a.body, payload, len);
	atomic_store_explicit(&h->nargs, nargs, memory_order_relaxed);
	atomic_store_explicit(&h->len, len, memory_order_relaxed);
}

int lrpc_call_begin(struct lrpc_binding *b, const uint64_t *args, unsigned nargs,
		    const void *payload, size_t len)
{
	struct astack_hdr *h = b->a.h;
	uint64_t t0 = b->trace ? clock_rdtsc_start() : 0;
	uint32_t v;
	int r;

	if (b->broken)
		return -EPIPE;
	if (nargs > LRPC_NARGS || (nargs && !args) || (len && !payload))
		return -EINVAL;
	if (len > b->a.cap)
		return -EMSGSIZE;
	if (atomic_exchange_explicit(&h->busy, 1, memory_order_acquire))
		return -EBUSY;
	v = atomic_load_explicit(&h->state, memory_order_acquire);
	if ((r = ready(b, v)) < 0) {
		unlock(b);
		return r;
	}
	put_args(b, args, nargs, payload, len);
	if (!atomic_compare_exchange_strong_explicit(&h->state, &v, NEXT_CALL(v),
						     memory_order_release, memory_order_acquire)) {
		unlock(b);
		return broken(b); /* only a close can move the state under a held lock */
	}
	handoff_notify(&b->a, &h->srv_sleep);
	b->call_val = NEXT_CALL(v);
	b->in_call = 1;
	if (b->trace)
		b->mine[(b->call_val >> 8) % RING] =
			(struct lrpc_stampset){ b->call_val, { t0, clock_rdtsc_start(), 0 } };
	return 0;
}

/* The return of the call is in: its result, and the reply copied out. */
static long take_return(struct lrpc_binding *b, uint32_t v, uint64_t *ret, void *reply,
			size_t cap)
{
	struct astack_hdr *h = b->a.h;
	int status = atomic_load_explicit(&h->status, memory_order_relaxed);
	uint64_t rlen = atomic_load_explicit(&h->rlen, memory_order_relaxed);

	if (PHASE(v) != PH_RET || (v >> 8) != (b->call_val >> 8))
		return broken(b);
	if (status < 0)
		return status;
	if (rlen > b->a.cap)
		return -EPROTO;
	if (rlen > cap || (rlen && !reply))
		return -EMSGSIZE;
	if (ret)
		*ret = atomic_load_explicit(&h->ret, memory_order_relaxed);
	if (rlen)
		memcpy(reply, b->a.body, (size_t)rlen);
	return (long)rlen;
}

long lrpc_call_end(struct lrpc_binding *b, uint64_t *ret, void *reply, size_t cap,
		   uint64_t timeout_ns)
{
	uint64_t deadline = timeout_ns ? clock_mono_ns() + timeout_ns : 0;
	uint32_t v;
	long r;

	if (!b->in_call)
		return b->broken ? -EPIPE : -EINVAL;
	r = handoff_wait(&b->a, &b->a.h->cli_sleep, b->call_val, deadline, &v);
	if (b->trace && r == 0)
		b->mine[(b->call_val >> 8) % RING].t[2] = clock_rdtsc_start();
	b->in_call = 0;
	if (r == 0)
		r = take_return(b, v, ret, reply, cap);
	else if (r == -EPIPE)
		broken(b);
	if (r >= 0 || (r != -EPIPE && r != -ETIMEDOUT))
		b->last_ok = b->call_val;
	unlock(b);
	return r;
}

int lrpc_call_timeout(struct lrpc_binding *b, const uint64_t *args, unsigned nargs,
		      const void *payload, size_t len, uint64_t *ret, uint64_t timeout_ns)
{
	int r = lrpc_call_begin(b, args, nargs, payload, len);
	long n = r < 0 ? r : lrpc_call_end(b, ret, NULL, 0, timeout_ns);

	return n < 0 ? (int)n : 0;
}

int lrpc_call(struct lrpc_binding *b, const uint64_t *args, unsigned nargs,
	      const void *payload, size_t len, uint64_t *ret)
{
	return lrpc_call_timeout(b, args, nargs, payload, len, ret, 0);
}

size_t lrpc_capacity(const struct lrpc_binding *b)
{
	return b->a.cap;
}

int lrpc_broken(const struct lrpc_binding *b)
{
	return b->broken;
}

void lrpc_disconnect(struct lrpc_binding *b)
{
	if (!b)
		return;
	astack_close(&b->a); /* the server's lrpc_serve returns */
	astack_unmap(&b->a);
	free(b);
}

void lrpc_trace(struct lrpc_binding *b, int on)
{
	b->trace = on;
	atomic_store(&b->a.h->trace, (uint32_t)on);
}

int lrpc_trace_prev(const struct lrpc_binding *b, uint64_t t[LRPC_NSTAMPS])
{
	uint32_t key = (((b->last_ok >> 8) - 1) << 8) | PH_CALL;
	const struct lrpc_stampset *mine = &b->mine[(key >> 8) % RING];
	const struct lrpc_stampset *srv = &b->a.h->stamp[(key >> 8) & 1];

	if (!b->trace || mine->key != key || srv->key != key || !mine->t[2])
		return -EAGAIN;
	t[LRPC_T_CALL] = mine->t[0];
	t[LRPC_T_NOTIFIED] = mine->t[1];
	t[LRPC_T_SAW_CALL] = srv->t[0];
	t[LRPC_T_HANDLED] = srv->t[1];
	t[LRPC_T_RETURNED] = srv->t[2];
	t[LRPC_T_SAW_RETURN] = mine->t[2];
	return 0;
}

int binding_from_fd(int fd, const char *name, const struct lrpc_connect_opts *o,
		    struct lrpc_binding **out)
{
	static const struct lrpc_connect_opts defaults;
	struct lrpc_binding *b = calloc(1, sizeof(*b));
	int r;

	if (!b)
		return -ENOMEM;
	snprintf(b->name, sizeof(b->name), "%s", name);
	r = astack_attach_fd(&b->a, fd);
	if (r == 0 && (r = bound(b, o ? o : &defaults)) < 0)
		astack_unmap(&b->a);
	if (r < 0) {
		free(b);
		return r;
	}
	*out = b;
	return 0;
}

void *lrpc_handoff_word(struct lrpc_binding *b)
{
	return (void *)&b->a.h->state;
}
