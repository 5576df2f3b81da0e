/* The library's insides: the A-stack's layout in shared memory, the per-process view of
 * one A-stack, and the helpers the client and server halves share. */
#ifndef IPCBENCH_LRPC_INT_H
#define IPCBENCH_LRPC_INT_H
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "lrpc/lrpc.h"

#define LRPC_MAGIC 0x4c525043u /* "LRPC" */
#define LRPC_LAYOUT 1

/* The state word: a 24-bit call sequence number and a phase. Each call moves it from
 * (n, IDLE or RET) to (n+1, CALL) (client) and then to (n+1, RET) (server); either side
 * may close it. The sequence number lets a late return be told from a new call's. */
enum { PH_IDLE = 0, PH_CALL = 1, PH_RET = 2, PH_CLOSED = 3 };
#define PHASE(v) ((v) & 0xffu)
#define WITH_PHASE(v, p) (((v) & ~0xffu) | (p))
#define NEXT_CALL(v) ((((v) & ~0xffu) + 0x100u) | PH_CALL)

struct lrpc_stampset {
	uint64_t key; /* state value of the call */
	uint64_t t[3];
};

/* Laid out in 128-byte granules (two cache lines that an adjacent-line prefetcher pairs),
 * so that what a call moves shares nothing with what only one side touches. */
struct astack_hdr {
	/* granule 0: one call. A null call moves only the first line. */
	_Alignas(128) _Atomic uint32_t state;
	_Atomic uint32_t srv_sleep, cli_sleep; /* futex: this side may be asleep on state */
	_Atomic uint32_t nargs;
	_Atomic uint64_t len;    /* request payload bytes */
	_Atomic uint64_t rlen;   /* reply payload bytes */
	_Atomic uint64_t ret;
	_Atomic int32_t status;  /* 0, or the library's refusal of the call */
	_Alignas(64) uint64_t args[LRPC_NARGS];
	/* granule 1: the callers' lock (-EBUSY), touched by no one else */
	_Alignas(128) _Atomic uint32_t busy;
	/* granule 2: fixed once bound */
	_Alignas(128) uint32_t magic, layout, handoff;
	_Atomic uint32_t trace;      /* the client asks the server for stamps */
	_Atomic int32_t client_pid;  /* 0 until a client claims the A-stack */
	int32_t server_pid;
	uint64_t cap;                /* body bytes */
	/* granule 3: the server's stamps of the last two calls, for a tracing client */
	_Alignas(128) struct lrpc_stampset stamp[2];
};
#define ASTACK_BODY_OFF ((sizeof(struct astack_hdr) + 127) & ~(size_t)127)

/* A peer process, watched through a pidfd (kill(pid, 0) where pidfds are missing). */
struct lrpc_peer {
	int pid;
	int pidfd;
};

/* One A-stack as this process sees it. */
struct lrpc_astack {
	struct astack_hdr *h;
	unsigned char *body;
	size_t map_len, cap;
	char shm_name[96];
	int server;                 /* this process is the server side */
	enum lrpc_handoff handoff;
	int shared_cpu;
	unsigned long spin_iters;   /* hybrid: pause iterations in its spin budget */
	struct lrpc_peer peer;
};

/* astack.c: create (server) or open and claim (client) one A-stack object. */
int astack_create(struct lrpc_astack *a, size_t cap, const struct lrpc_opts *o);
int astack_attach(struct lrpc_astack *a, const char *shm_name);
/* The same for an A-stack handed over as a descriptor (the naming-service process). */
int astack_attach_fd(struct lrpc_astack *a, int fd);
void astack_unmap(struct lrpc_astack *a);
/* Moves the state word to CLOSED (keeping the sequence number) and wakes every waiter. */
void astack_close(struct lrpc_astack *a);

/* handoff.c: waiting for the state word to leave v, and telling the peer it did. */
void handoff_init(struct lrpc_astack *a, enum lrpc_handoff h, int shared_cpu);
/* Waits until state != v; *out gets the new value. deadline: CLOCK_MONOTONIC_RAW ns, 0
 * none. -ETIMEDOUT, -EPIPE (the peer died). my_flag: this side's sleep announcement. */
int handoff_wait(struct lrpc_astack *a, _Atomic uint32_t *my_flag, uint32_t v,
		 uint64_t deadline, uint32_t *out);
/* After a store to state: wakes the peer if it announced it may sleep. */
void handoff_notify(struct lrpc_astack *a, _Atomic uint32_t *peer_flag);

/* peer.c */
void peer_watch(struct lrpc_peer *p, int pid);
int peer_alive(const struct lrpc_peer *p);
void peer_forget(struct lrpc_peer *p);

/* registry.c: the naming service. dir is an existing directory, or NULL for the default,
 * made on demand; own tells whether it is the default (removed when empty). */
struct reg_entry {
	int pid;
	unsigned n;
	char shm[LRPC_MAX_ASTACKS][96];
};
int registry_check_name(const char *name);
int registry_dir(const char *given, int create, char *buf, size_t n, int *own);
int registry_add(const char *dir, const char *name, const struct reg_entry *e);
int registry_read(const char *dir, const char *name, struct reg_entry *e);
/* Removes the entry if it names pid (0: any) and unlinks its shm names when purge. */
int registry_remove(const char *dir, const char *name, int pid, int purge);
void registry_dir_release(const char *dir, int own);


/* client.c: a binding to the A-stack open at fd (handed over by the naming-service
 * process); it has no registry entry. */
int binding_from_fd(int fd, const char *name, const struct lrpc_connect_opts *o,
		    struct lrpc_binding **out);

/* A server's view of one of its A-stacks. */
struct srv_astack {
	struct lrpc_astack a;
	uint32_t last;               /* the state as this server last left it */
	int trace;                   /* the current call is traced */
	uint64_t saw;                /* its LRPC_T_SAW_CALL stamp */
	void *copy;                  /* safe mode: the private copy of the payload */
	uint64_t args[LRPC_NARGS];   /* safe mode: the private copy of the arguments */
};

struct lrpc_service {
	char name[LRPC_NAME_MAX + 1];
	char dir[4096];
	int own_dir;
	lrpc_handler handler;
	struct lrpc_opts o;
	unsigned n;
	struct srv_astack *as;
};

/* serve.c: lrpc_serve's loop, run on a fresh E-stack of `size` bytes. */
int serve_on_estack(struct lrpc_service *s, unsigned astack, size_t size);

#endif
