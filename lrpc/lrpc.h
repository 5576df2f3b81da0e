/* LRPC (Bershad, Anderson, Lazowska, Levy, 1990) emulated between Linux processes.
 *
 * A server registers a service by name. Registering creates the service's A-stacks:
 * argument stacks in shared memory (one POSIX shm object each, 0600, unpredictable name,
 * O_EXCL), each to be mapped by exactly one client, and records the service in a naming
 * service: a 0700 directory with one small file per service that lists the server's pid
 * and its A-stacks' shm names (lrpc/registry.c says why a directory). A client connects
 * by name: it maps a free A-stack, claims it, and unlinks its shm name, so that once both
 * sides hold the mapping no name is left. The pair (client, A-stack) is the binding.
 *
 * A call puts up to LRPC_NARGS 64-bit arguments in the A-stack header (the "registers")
 * and a payload in the A-stack body, then hands control to the server; the server's
 * handler reads the arguments where they are (or, in safe mode, from a private copy made
 * before anything looks at them), leaves its result in the header and any reply payload in
 * the body, and hands control back. Handing control over is the emulated part: Linux has
 * no direct transfer of a thread into another address space, so the waiting side sleeps in
 * FUTEX_WAIT, spins, spins then sleeps, or stays runnable and sched_yields (enum
 * lrpc_handoff). The server's handler runs on an E-stack of its own (lrpc/serve.c).
 *
 * Every call waits in slices: a killed peer is seen within LRPC_LIVENESS_NS (through a
 * pidfd), so no call hangs on a dead server; its binding is then broken. Errors are
 * negative errno values. The library keeps no global state: everything lives in the
 * service and binding objects, so separate threads may use separate bindings freely.
 * One binding carries one call at a time; a second concurrent call is refused (-EBUSY).
 *
 * Depends on harness/futex.h, sys/names.h, sys/clock.h and sys/cpu_relax.h of ipcbench. */
#ifndef IPCBENCH_LRPC_H
#define IPCBENCH_LRPC_H
#include <stddef.h>
#include <stdint.h>

#define LRPC_NARGS 8               /* 64-bit arguments carried in the A-stack header */
#define LRPC_NAME_MAX 64           /* service names: [A-Za-z0-9._-], not starting with '.' */
#define LRPC_MAX_ASTACKS 64
#define LRPC_LIVENESS_NS 10000000u /* how often a waiting side checks that its peer lives */

enum lrpc_handoff {
	LRPC_FUTEX = 0, /* the waiter sleeps in FUTEX_WAIT at once; the other side wakes it */
	LRPC_SPIN,      /* both poll the state word with pause (sched_yield with shared_cpu) */
	LRPC_HYBRID,    /* poll about 4 us, then FUTEX_WAIT; shared_cpu: yield once, then sleep */
	LRPC_YIELD,     /* both stay runnable and poll with sched_yield between looks */
};

/* What the handler is given. args and payload point into the shared A-stack (in-place
 * mode: the client can still change them while the handler runs) or into a private copy
 * made before the library looked at them (safe mode). results is the A-stack body: a reply
 * built there is returned without a copy; in in-place mode it overlaps payload. */
struct lrpc_call {
	const uint64_t *args;
	unsigned nargs;
	const void *payload;
	size_t len;
	void *results;
	size_t results_cap;
	void *user;                /* lrpc_opts.user */
	const void *estack;        /* lrpc_serve: the E-stack the handler runs on, else NULL */
	size_t estack_size;
	/* the library's own */
	void *as_;
	uint32_t val_;
	int returned_;
};

typedef void (*lrpc_handler)(struct lrpc_call *call);

struct lrpc_opts {
	enum lrpc_handoff handoff;
	unsigned nastacks;      /* A-stacks, i.e. clients that can bind at once; 0: 1 */
	size_t astack_size;     /* body bytes (payload and reply); 0: 4096 */
	size_t estack_size;     /* lrpc_serve's handler stack; 0: 256 KiB */
	int safe;               /* copy arguments and payload out before use (TOCTTOU-safe) */
	int shared_cpu;         /* the server shares its CPU with the client: never spin */
	const char *registry;   /* naming-service directory (existing, 0700); NULL: default */
	void *user;
	/* Optional: called on each new A-stack mapping before anything touches it (to place
	 * its pages, e.g. mbind); 0 or a negative errno. */
	int (*place)(void *addr, size_t len, void *arg);
	void *place_arg;
};

struct lrpc_connect_opts {
	const char *registry;   /* as in lrpc_opts */
	int shared_cpu;         /* the client shares its CPU with the server */
};

struct lrpc_service;
struct lrpc_binding;

/* Server. lrpc_register creates the service and its A-stacks and publishes it (-EEXIST
 * when a live server has the name; an entry left by a dead one is replaced). handler may
 * be NULL for servers that run their own loop with lrpc_accept and lrpc_return. */
int lrpc_register(const char *name, lrpc_handler handler, const struct lrpc_opts *o,
		  struct lrpc_service **out);
/* Serves A-stack `astack` in the calling thread, the handler on an E-stack, until the
 * client disconnects or lrpc_stop (0) or the client dies (-EPIPE). A handler that returns
 * without lrpc_return returns 0 and no payload. One thread per A-stack. */
int lrpc_serve(struct lrpc_service *s, unsigned astack);
/* Waits for the next call on an A-stack: 0, -ESHUTDOWN (client disconnected or service
 * stopped), -EPIPE (client died). A call with bad lengths is refused (-EINVAL to the
 * client) without being seen here. */
int lrpc_accept(struct lrpc_service *s, unsigned astack, struct lrpc_call *call);
/* Returns the call: ret, and len bytes of reply copied into the A-stack body unless reply
 * already points there (built in call->results). -EMSGSIZE when len exceeds the body,
 * -EINVAL for len bytes at NULL: the client gets the error instead of a result. */
int lrpc_return(struct lrpc_call *call, uint64_t ret, const void *reply, size_t len);
/* Closes every A-stack: calls in progress and later fail with -EPIPE, serving threads
 * return 0. Safe from another thread. */
void lrpc_stop(struct lrpc_service *s);
/* Stops, removes the registry entry and every shm name, unmaps, frees. Call after every
 * lrpc_serve of the service has returned. */
void lrpc_unregister(struct lrpc_service *s);
/* Removes a service's registry entry and unlinks its A-stack names, whatever its state:
 * cleanup after a server that was killed. 0 or -ENOENT. */
int lrpc_purge(const char *registry, const char *name);

/* Client. -ENOENT for an unknown name (or one whose server is dead: its entry is then
 * removed), -ENOSPC when every A-stack of the service is bound, -EINVAL for a bad name. */
int lrpc_connect(const char *name, struct lrpc_binding **out);
int lrpc_connect_opts(const char *name, const struct lrpc_connect_opts *o,
		      struct lrpc_binding **out);
/* One call: nargs (0 to LRPC_NARGS) arguments, len payload bytes in, the handler's result
 * in *ret. 0, -EBUSY (another call is in progress on the binding), -EMSGSIZE, -EPIPE (the
 * server is gone; the binding is broken), or the server's refusal. */
int lrpc_call(struct lrpc_binding *b, const uint64_t *args, unsigned nargs,
	      const void *payload, size_t len, uint64_t *ret);
/* The same, giving up after timeout_ns with -ETIMEDOUT. The call stays with the server:
 * the binding refuses new calls (-EBUSY) until the late return arrives, then carries on. */
int lrpc_call_timeout(struct lrpc_binding *b, const uint64_t *args, unsigned nargs,
		      const void *payload, size_t len, uint64_t *ret, uint64_t timeout_ns);
/* A call in two halves: begin hands the call over and returns at once; end waits for the
 * return (timeout_ns 0: no limit, dead servers are still seen), copies up to cap reply
 * bytes to reply and returns the reply's length (-EMSGSIZE if it did not fit). */
int lrpc_call_begin(struct lrpc_binding *b, const uint64_t *args, unsigned nargs,
		    const void *payload, size_t len);
long lrpc_call_end(struct lrpc_binding *b, uint64_t *ret, void *reply, size_t cap,
		   uint64_t timeout_ns);
/* Largest payload (and reply) a call on b may carry. */
size_t lrpc_capacity(const struct lrpc_binding *b);
int lrpc_broken(const struct lrpc_binding *b);
/* The word a call and its return hand over (the A-stack's state, at the start of its line),
 * as the client and as the server of A-stack i see it: for a benchmark's floor probe, which
 * may use it only while no call is in progress and must put back what it held. */
void *lrpc_handoff_word(struct lrpc_binding *b);
void *lrpc_service_handoff_word(struct lrpc_service *s, unsigned astack);
void lrpc_disconnect(struct lrpc_binding *b);

/* The naming service as a process of its own (lrpc/nameserver.c), as the LRPC design has
 * it: lrpc_ns_start forks it, listening on an AF_UNIX socket at path (mode 0666: who may
 * reach it is the directory's to say, who may bind the allow list's), and returns once it
 * listens; lrpc_ns_stop ends it and removes the
 * socket. A server publishes a service it registered (lrpc_register) there, handing it the
 * A-stacks and the uids that may bind (nuids 0: its own only); from then on no A-stack has
 * a name, so a client can bind only through the naming service, which checks the client's
 * credentials as the kernel reports them (SO_PEERCRED) against that list and hands it one
 * A-stack nobody holds. lrpc_ns_connect: -ENOENT (no such service), -EACCES (refused),
 * -ENOSPC (all bound), with the naming service's reason in why; the binding's cost in
 * *cost, in three parts: the lookup (a round trip that finds the service and checks the
 * client), the A-stack's allocation (a round trip that takes one and brings its descriptor)
 * and the mapping (mmap, the header's check, the claim). */
#define LRPC_NS_MAX_UIDS 16

struct lrpc_ns;
struct lrpc_bind_cost {
	uint64_t lookup_ns, alloc_ns, map_ns;
};

int lrpc_ns_start(const char *path, struct lrpc_ns **out);
void lrpc_ns_stop(struct lrpc_ns *ns);
int lrpc_ns_publish(const char *path, struct lrpc_service *s, const uint32_t *uids,
		    unsigned nuids, char *why, size_t whylen);
int lrpc_ns_connect(const char *path, const char *name, const struct lrpc_connect_opts *o,
		    struct lrpc_binding **out, struct lrpc_bind_cost *cost, char *why,
		    size_t whylen);

/* Tracing, for the benchmark: with tracing on, each call leaves TSC stamps of its stages
 * (taken with lfence; rdtsc on both CPUs: only meaningful with an invariant TSC that is
 * synchronised across CPUs). The server's stamps of a call are complete once the next call
 * has returned, so lrpc_trace_prev gives the call before the last one (-EAGAIN if none). */
enum lrpc_stamp {
	LRPC_T_CALL,       /* client: call entered */
	LRPC_T_NOTIFIED,   /* client: call published, server notified */
	LRPC_T_SAW_CALL,   /* server: saw the call */
	LRPC_T_HANDLED,    /* server: handler done, lrpc_return entered */
	LRPC_T_RETURNED,   /* server: return published, client notified */
	LRPC_T_SAW_RETURN, /* client: saw the return */
	LRPC_NSTAMPS
};
void lrpc_trace(struct lrpc_binding *b, int on);
int lrpc_trace_prev(const struct lrpc_binding *b, uint64_t stamps[LRPC_NSTAMPS]);

#endif
