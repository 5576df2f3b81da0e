/* lrpc_serve: the handler runs on an E-stack, an execution stack of the server's own,
 * allocated here (with a guard page below it) and entered with makecontext/setcontext; the
 * context's uc_link brings the thread back to its own stack when serving ends.
 *
 * In LRPC the client's thread itself crosses into the server and the kernel switches it
 * onto an E-stack at every call. Here a server thread already waits inside the server, so
 * it moves onto the E-stack once, when serving starts, and runs its wait-call-return loop
 * there. Switching at every call would add two rt_sigprocmask system calls (the ucontext
 * functions save and restore the signal mask) and emulate nothing: the E-stack is the
 * server thread's stack either way. No assembly. Under AddressSanitizer both switches are
 * announced through its fiber interface (its own swapcontext support warns of false
 * positives, hence getcontext/setcontext). */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>
#include "lrpc_int.h"

#if defined(__SANITIZE_ADDRESS__)
#define LRPC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LRPC_ASAN 1
#endif
#endif
#ifdef LRPC_ASAN
#include <sanitizer/common_interface_defs.h>
#define fiber_start __sanitizer_start_switch_fiber
#define fiber_finish __sanitizer_finish_switch_fiber
#else
static void fiber_start(void **save, const void *bottom, size_t size)
{
	(void)save, (void)bottom, (void)size;
}

static void fiber_finish(void *save, const void **bottom, size_t *size)
{
	(void)save, (void)bottom, (void)size;
}
#endif

struct estack {
	ucontext_t ctx, back;
	struct lrpc_service *s;
	unsigned idx;
	int result;
	unsigned char *base; /* lowest usable byte, above the guard page */
	size_t size;
	const void *home;    /* the thread's own stack, for the sanitizer */
	size_t home_size;
	void *fake;
};

static int serve_loop(struct estack *e)
{
	for (;;) {
		struct lrpc_call c;
		int r = lrpc_accept(e->s, e->idx, &c);

		if (r == -ESHUTDOWN)
			return 0;
		if (r < 0)
			return r;
		c.estack = e->base;
		c.estack_size = e->size;
		e->s->handler(&c);
		if (!c.returned_)
			lrpc_return(&c, 0, NULL, 0);
	}
}

/* makecontext passes int arguments only: the pointer travels in two halves. */
static void entry(unsigned hi, unsigned lo)
{
	struct estack *e = (struct estack *)(uintptr_t)(((uint64_t)hi << 32) | lo);

	fiber_finish(NULL, &e->home, &e->home_size);
	e->result = serve_loop(e);
	fiber_start(NULL, e->home, e->home_size); /* leaving for good */
}

static int run_on(struct estack *e)
{
	volatile int entered = 0;
	uint64_t p = (uint64_t)(uintptr_t)e;

	if (getcontext(&e->ctx) < 0)
		return -errno;
	e->ctx.uc_stack.ss_sp = e->base;
	e->ctx.uc_stack.ss_size = e->size;
	e->ctx.uc_link = &e->back;
	makecontext(&e->ctx, (void (*)(void))entry, 2, (unsigned)(p >> 32), (unsigned)p);
	if (getcontext(&e->back) < 0)
		return -errno;
	if (!entered) { /* first return from getcontext; the second comes through uc_link */
		entered = 1;
		fiber_start(&e->fake, e->base, e->size);
		setcontext(&e->ctx);
		return -errno; /* setcontext returns only on failure */
	}
	fiber_finish(e->fake, NULL, NULL);
	return e->result;
}

int serve_on_estack(struct lrpc_service *s, unsigned astack, size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), len = ((size + page - 1) & ~(page - 1)) + page;
	struct estack e = { .s = s, .idx = astack };
	unsigned char *map = mmap(NULL, len, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	int r;

	if (map == MAP_FAILED)
		return -errno;
	e.base = map + page;
	e.size = len - page;
	r = mprotect(map, page, PROT_NONE) < 0 ? -errno : run_on(&e);
	munmap(map, len);
	return r;
}
