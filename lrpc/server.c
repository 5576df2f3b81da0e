/* The server half: registering a service, taking calls off its A-stacks, returning them,
 * and going away without leaving a name behind. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "sys/clock.h"
#include "lrpc_int.h"

#define DEFAULT_ASTACK 4096u
#define DEFAULT_ESTACK (256u << 10)
#define MAX_ASTACK ((size_t)1 << 30)

static void destroy(struct lrpc_service *s)
{
	for (unsigned i = 0; i < s->n; i++) {
		struct srv_astack *sa = &s->as[i];

		if (!sa->a.h)
			continue;
		astack_close(&sa->a);
		shm_unlink(sa->a.shm_name); /* ENOENT once its client took it */
		astack_unmap(&sa->a);
		free(sa->copy);
	}
	registry_dir_release(s->dir, s->own_dir);
	free(s->as);
	free(s);
}

static int create_astacks(struct lrpc_service *s, struct reg_entry *e)
{
	size_t cap = s->o.astack_size ? s->o.astack_size : DEFAULT_ASTACK;

	e->pid = (int)getpid();
	for (unsigned i = 0; i < s->n; i++) {
		struct srv_astack *sa = &s->as[i];
		int r = astack_create(&sa->a, cap, &s->o);

		if (r < 0)
			return r;
		handoff_init(&sa->a, s->o.handoff, s->o.shared_cpu);
		sa->last = atomic_load(&sa->a.h->state);
		if (s->o.safe && !(sa->copy = malloc(cap ? cap : 1)))
			return -ENOMEM;
		memcpy(e->shm[e->n++], sa->a.shm_name, sizeof(sa->a.shm_name));
	}
	return 0;
}

/* Publishes the entry, replacing a dead server's; a default directory removed meanwhile
 * by another process's last unregister is made again. */
static int publish(struct lrpc_service *s, const struct reg_entry *e)
{
	struct reg_entry old;
	int r = -EEXIST;

	for (int tries = 0; tries < 4; tries++) {
		r = registry_add(s->dir, s->name, e);
		if (r == -ENOENT && s->own_dir) {
			r = registry_dir(NULL, 1, s->dir, sizeof(s->dir), &s->own_dir);
			if (r < 0)
				return r;
			continue;
		}
		if (r != -EEXIST || registry_read(s->dir, s->name, &old) < 0 ||
		    kill(old.pid, 0) == 0 || errno != ESRCH)
			return r;
		registry_remove(s->dir, s->name, old.pid, 1); /* stale */
	}
	return r;
}

static int check_opts(const char *name, const struct lrpc_opts *o)
{
	if (registry_check_name(name) < 0 || (unsigned)o->handoff > LRPC_YIELD)
		return -EINVAL;
	if (o->nastacks > LRPC_MAX_ASTACKS || o->astack_size > MAX_ASTACK)
		return -EINVAL;
	return 0;
}

int lrpc_register(const char *name, lrpc_handler handler, const struct lrpc_opts *o,
		  struct lrpc_service **out)
{
	static const struct lrpc_opts defaults;
	struct reg_entry e = { 0 };
	struct lrpc_service *s;
	int r;

	o = o ? o : &defaults;
	if ((r = check_opts(name, o)) < 0)
		return r;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->handler = handler;
	s->o = *o;
	s->o.registry = NULL; /* the caller's string need not outlive this call */
	s->n = o->nastacks ? o->nastacks : 1;
	s->as = calloc(s->n, sizeof(*s->as));
	r = s->as ? registry_dir(o->registry, 1, s->dir, sizeof(s->dir), &s->own_dir) : -ENOMEM;
	if (r == 0)
		r = create_astacks(s, &e);
	if (r == 0)
		r = publish(s, &e);
	if (r < 0) {
		destroy(s);
		return r;
	}
	*out = s;
	return 0;
}

/* Publishes the return (or refusal) of the call in state v and wakes the client. */
static void finish(struct srv_astack *sa, uint32_t v, uint64_t ret, size_t rlen, int status)
{
	struct astack_hdr *h = sa->a.h;
	uint32_t expect = v;

	atomic_store_explicit(&h->ret, ret, memory_order_relaxed);
	atomic_store_explicit(&h->rlen, rlen, memory_order_relaxed);
	atomic_store_explicit(&h->status, status, memory_order_relaxed);
	/* a CAS, not a store: a client that disconnected meanwhile left CLOSED there */
	if (atomic_compare_exchange_strong_explicit(&h->state, &expect, WITH_PHASE(v, PH_RET),
						    memory_order_release, memory_order_relaxed))
		sa->last = WITH_PHASE(v, PH_RET);
	else
		sa->last = expect;
	handoff_notify(&sa->a, &h->cli_sleep);
}

/* Reads each shared length once; in safe mode copies arguments and payload out before
 * anything uses them. The length must be checked before the copy it bounds. */
static int take(struct lrpc_service *s, struct srv_astack *sa, uint32_t v, struct lrpc_call *c)
{
	struct astack_hdr *h = sa->a.h;
	uint32_t nargs = atomic_load_explicit(&h->nargs, memory_order_relaxed);
	uint64_t len = atomic_load_explicit(&h->len, memory_order_relaxed);

	if (nargs > LRPC_NARGS || len > sa->a.cap)
		return -EINVAL;
	*c = (struct lrpc_call){
		.args = h->args, .nargs = nargs, .payload = sa->a.body, .len = (size_t)len,
		.results = sa->a.body, .results_cap = sa->a.cap, .user = s->o.user,
		.as_ = sa, .val_ = v,
	};
	if (s->o.safe) {
		memcpy(sa->args, h->args, nargs * sizeof(uint64_t));
		memcpy(sa->copy, sa->a.body, (size_t)len);
		c->args = sa->args;
		c->payload = sa->copy;
	}
	return 0;
}

int lrpc_accept(struct lrpc_service *s, unsigned astack, struct lrpc_call *c)
{
	struct srv_astack *sa;

	if (astack >= s->n)
		return -EINVAL;
	sa = &s->as[astack];
	for (;;) {
		uint32_t v;
		int r;

		if (PHASE(sa->last) == PH_CLOSED)
			return -ESHUTDOWN; /* also when the client closed during the last call */
		if ((r = handoff_wait(&sa->a, &sa->a.h->srv_sleep, sa->last, 0, &v)) < 0)
			return r;
		sa->last = v;
		if (PHASE(v) != PH_CALL)
			continue;
		sa->trace = (int)atomic_load_explicit(&sa->a.h->trace, memory_order_relaxed);
		sa->saw = sa->trace ? clock_rdtsc_start() : 0;
		if ((r = take(s, sa, v, c)) == 0)
			return 0;
		finish(sa, v, 0, 0, r); /* refused: the client gets the error */
	}
}

int lrpc_return(struct lrpc_call *c, uint64_t ret, const void *reply, size_t len)
{
	struct srv_astack *sa = c->as_;
	uint64_t handled = sa->trace ? clock_rdtsc_start() : 0;
	int status = 0;

	if (c->returned_)
		return -EALREADY;
	c->returned_ = 1;
	if (len > sa->a.cap || (len && !reply)) {
		status = len > sa->a.cap ? -EMSGSIZE : -EINVAL;
		len = 0;
	} else if (len && reply != sa->a.body) {
		memmove(sa->a.body, reply, len); /* the reply may be built inside the A-stack */
	}
	finish(sa, c->val_, ret, len, status);
	if (sa->trace) {
		struct lrpc_stampset *st = &sa->a.h->stamp[(c->val_ >> 8) & 1];

		*st = (struct lrpc_stampset){ c->val_, { sa->saw, handled, clock_rdtsc_start() } };
	}
	return status;
}

int lrpc_serve(struct lrpc_service *s, unsigned astack)
{
	if (astack >= s->n || !s->handler)
		return -EINVAL;
	return serve_on_estack(s, astack, s->o.estack_size ? s->o.estack_size : DEFAULT_ESTACK);
}

void lrpc_stop(struct lrpc_service *s)
{
	for (unsigned i = 0; i < s->n; i++)
		astack_close(&s->as[i].a);
}

void lrpc_unregister(struct lrpc_service *s)
{
	if (!s)
		return;
	registry_remove(s->dir, s->name, (int)getpid(), 0);
	destroy(s);
}

int lrpc_purge(const char *registry, const char *name)
{
	char dir[4096];
	int own, r = registry_check_name(name);

	if (r == 0)
		r = registry_dir(registry, 0, dir, sizeof(dir), &own);
	if (r == 0) {
		r = registry_remove(dir, name, 0, 1);
		registry_dir_release(dir, own);
	}
	return r;
}

void *lrpc_service_handoff_word(struct lrpc_service *s, unsigned astack)
{
	return astack < s->n ? (void *)&s->as[astack].a.h->state : NULL;
}
