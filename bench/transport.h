/* The transport interface: one `struct transport` per IPC mechanism, filled in that
 * mechanism's own file in bench/ and listed once in bench/registry.c.
 *
 * Life of a channel in one cell (one repetition of one transport at one size):
 *   parent:  setup(ch, params)          before fork: create the kernel or shared objects
 *   child:   open(ch, side)             after fork, pinned: attach, close the peer's ends
 *   child:   send / recv ...            the measured traffic
 *   child:   close(ch, side)            before the child exits
 *   parent:  teardown(ch)               after both children are gone: remove everything
 *
 * send and recv move one message (or fragment) and return the byte count or a negative
 * errno. They never print, time, allocate or exit: the harness owns all of that.
 * The buffer given to send stays unchanged until the sender has received the peer's next
 * message, or, for the last message, until both sides have finished (the harness
 * alternates two send buffers and meets at a barrier before close), so a transport may
 * let the peer read it in place (vmsplice, process_vm_readv) and return before it has been read.
 * A TR_NOPAYLOAD transport carries a sequence token of max_msg bytes (1 to 8) instead
 * of a message; larger sizes are reported unsupported, never faked.
 * Named objects (paths, POSIX names) live in params->tmpdir or are made with ipc_name()
 * (harness/names.h), and are removed as soon as both sides hold them, and in teardown.
 * A byte-stream transport (TR_STREAM) may return fewer bytes than asked; the harness loops.
 * A message transport returns exactly one message per recv; a size the harness did not
 * expect is a boundary error. recv returning 0 means the peer closed its end. */
#ifndef IPCBENCH_TRANSPORT_H
#define IPCBENCH_TRANSPORT_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum tr_side { TR_CLIENT = 0, TR_SERVER = 1 };

struct mem_place; /* harness/memplace.h */

enum tr_flags {
	TR_STREAM = 1u << 0,     /* byte stream: no message boundaries, short transfers */
	TR_MESSAGE = 1u << 1,    /* each send arrives as one recv */
	TR_POLLING = 1u << 2,    /* waits by spinning: needs its own CPU, or must yield */
	TR_NOPAYLOAD = 1u << 3,  /* notification only: carries at most max_msg bytes, no frames */
	TR_SHARED_MEM = 1u << 4, /* data travels through a shared mapping (NUMA-placeable) */
};

/* What the harness tells setup about the cell. */
struct tr_params {
	size_t max_wire;   /* largest message (header + payload) the cell will send */
	int same_cpu;      /* both sides pinned to one CPU: spinning must yield */
	const char *tmpdir; /* private 0700 directory of this run, for named objects */
	struct mem_place *mem; /* NUMA placement of shared buffers: shmem_alloc_placed() */
};

/* Per-cell state, owned by the transport through priv; the harness only carries it.
 * setup allocates priv (before fork, so both children inherit it); teardown frees it. */
struct tr_chan {
	const struct tr_params *params;
	void *priv;
};

struct transport {
	const char *name;         /* canonical name used on the command line and in CSV */
	const char *description;  /* one line: what is measured, how it waits */
	const char *abstraction;  /* "byte stream", "message", "memory", "signal" */
	const char *notification; /* "blocking syscall", "spin", "futex", ... */
	const char *participants; /* "2" (a connected pair) or "many" (any number may share it) */
	const char *direction;    /* "one-way" (one object per direction) or "two-way" */
	const char *synchrony;    /* "synchronous" (send waits for the receiver) or "asynchronous" */
	int copies;               /* analytic copies of the payload per one-way message */
	const char *copies_note;  /* how the copies are counted */
	unsigned flags;           /* enum tr_flags */
	size_t max_msg;           /* largest message one send carries; 0: no limit */
	/* Run-time probe of max_msg (e.g. from /proc limits); NULL: use max_msg. Returns
	 * the limit in bytes, 0 for none, or a negative errno. */
	long (*probe_max_msg)(void);

	int (*setup)(struct tr_chan *ch);
	int (*open)(struct tr_chan *ch, enum tr_side side);
	ssize_t (*send)(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len);
	ssize_t (*recv)(struct tr_chan *ch, enum tr_side side, void *buf, size_t len);
	void (*close)(struct tr_chan *ch, enum tr_side side);
	void (*teardown)(struct tr_chan *ch);
	/* Optional, in the child after measuring: a short note for the cell (drops seen,
	 * the notification path used, ...). Must not block. */
	void (*describe)(struct tr_chan *ch, enum tr_side side, char *buf, size_t len);
};

/* The table, in bench/registry.c. */
extern const struct transport *const transports[];
extern const size_t ntransports;
const struct transport *transport_find(const char *name);
/* Effective one-send limit: the probe's answer, or max_msg. 0 means unlimited. */
long transport_max_msg(const struct transport *t);

#endif
