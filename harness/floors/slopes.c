#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <unistd.h>
#include "stats/stats.h"
#include "sys/cachectl.h"
#include "sys/cpu_relax.h"
#include "sys/futex.h"
#include "sys/pagebuf.h"
#include "sys/memplace.h"
#include "sys/pin.h"
#include "sys/shmem.h"
#include "floors/slopes.h"
#include "sys/spawn.h"

#define TRIALS 7
#define XREPS 15
#define STREAM_ROUNDS 7 /* timed rounds of a ring per streamed probe */
_Static_assert(STREAM_ROUNDS <= XREPS, "a stream's rounds fit the client's trials");
_Static_assert(SLOPES_BETWEEN_ROUNDS <= XREPS, "so do the streams between windows");
#define TIMEOUT_NS 120000000000ull

const char *const copy_kind_names[] = {
#define COPY_KIND_WORD(e, word) [e] = word,
	COPY_KIND_LIST(COPY_KIND_WORD)
};

struct slopes_shared {
	_Alignas(128) _Atomic uint64_t turn; /* transfer probe: 2r+1 written, 2r+2 read */
	_Alignas(128) _Atomic uint64_t wrote; /* the streamed pass: messages written ... */
	_Alignas(128) _Atomic uint64_t taken; /* ... and read */
	_Alignas(128) _Atomic uint32_t barrier;
	const struct clock_src *clk;
	size_t maxlen;
	struct slopes s;
	size_t rep_bytes; /* bytes each trial of a copy moves (reps_for) */
	int keep; /* each side keeps its buffer for slopes_pair_stream */
	int best; /* each figure the fastest of its trials, not their median (a cell's floor) */
	_Atomic uint32_t failed; /* the client could not set up its buffers */
	_Atomic uint32_t sides_done; /* sides whose part ran whole */
	double trial[XREPS > TRIALS ? XREPS : TRIALS]; /* the client's: copies, reads, streams */
	double strial[XREPS]; /* the server's: its writes of lines the client has just read */
	unsigned ring;       /* buffers the server writes in turn (a cell's window), at least 1 */
	/* messages each side has streamed so far (each keeps its own count; both run the same
	 * streams in the same order), and its own buffer, kept for the streams between a
	 * cell's windows (slopes_pair_stream): valid in that side's process only */
	uint64_t streamed[2];
	unsigned char *kept[2];
	/* then, from the next page on (ring_at), ring x maxlen bytes: written by the server,
	 * read by the client; on a page so that the streamed copies run at distance 0 */
};

#define SHARED_HEAD (((sizeof(struct slopes_shared) + PAGEBUF_PAGE - 1) / PAGEBUF_PAGE) * PAGEBUF_PAGE)

static size_t shared_len(unsigned ring, size_t len)
{
	return SHARED_HEAD + (size_t)ring * len;
}

static unsigned char *ring_at(struct slopes_shared *sh, uint64_t r)
{
	return (unsigned char *)sh + SHARED_HEAD + (size_t)(r % sh->ring) * sh->maxlen;
}

static double pick(double *v, size_t n, int best)
{
	double m = v[0];

	if (!best)
		return stats_median(v, n);
	for (size_t i = 1; i < n; i++)
		m = v[i] < m ? v[i] : m;
	return m;
}

static double of_trials(const struct slopes_shared *sh, double *v, size_t n)
{
	return pick(v, n, sh->best);
}

static size_t reps_for(size_t rep_bytes, size_t len)
{
	size_t r = rep_bytes / len;

	return r < 3 ? 3 : r > 4096 ? 4096 : r;
}

/* One copy of len bytes of that kind; COPY_UACCESS: a pwrite into the memfd's page-cache
 * pages and a pread back (two copies). */
static void copy_once(enum copy_kind kind, unsigned char *dst, const unsigned char *src,
		      size_t len, int memfd)
{
	struct iovec l = { dst, len }, r = { (void *)src, len };

	if (kind == COPY_PINNED)
		(void)!process_vm_readv(getpid(), &l, 1, &r, 1, 0);
	else if (kind == COPY_UACCESS)
		(void)!(pwrite(memfd, src, len, 0) + pread(memfd, dst, len, 0));
	else
		memcpy(dst, src, len);
}

/* Median over trials of the mean time of one copy of len bytes of that kind. */
static double copy_ns(struct slopes_shared *sh, unsigned char *dst, const unsigned char *src,
		      size_t len, enum copy_kind kind, int memfd)
{
	size_t reps = reps_for(sh->rep_bytes, len);
	double copies = (double)reps * (kind == COPY_UACCESS ? 2 : 1);

	for (int t = 0; t < TRIALS; t++) {
		uint64_t t0 = clock_start(sh->clk);
		for (size_t i = 0; i < reps; i++) {
			copy_once(kind, dst, src, len, memfd);
			__asm__ __volatile__("" ::"r"(dst) : "memory"); /* keep every copy */
		}
		sh->trial[t] = clock_to_ns(sh->clk, clock_stop(sh->clk) - t0) / copies;
	}
	return of_trials(sh, sh->trial, TRIALS);
}

static double touch_ns(struct slopes_shared *sh, const unsigned char *p, size_t len,
		       enum touch_mode how)
{
	uint64_t t0 = clock_start(sh->clk);
	uint64_t sum = cache_touch((void *)p, len, how);

	__asm__ __volatile__("" ::"r"(sum));
	return clock_to_ns(sh->clk, clock_stop(sh->clk) - t0);
}

static void await(_Atomic uint64_t *w, uint64_t want, int yield)
{
	while (atomic_load_explicit(w, memory_order_acquire) != want)
		yield ? sched_yield() : cpu_relax();
}

/* A ring of buffers streamed as a transport with that many messages in flight streams
 * them: the server puts message r into buffer r % ring once the client has taken the
 * message ring before it, the client takes each once it is there, both at once. In place
 * (copy 0) the server writes the buffer and the client reads it; with copies (1) the server
 * copies its own buffer `own` in and the client copies out into its `own` and reads that,
 * as a shared-memory transport with two copies and touch = read does. The client times
 * each of `rounds` rounds of `ring` messages after the first (a warm-up) into sh->trial;
 * the fastest (best) or median round per message is the floor of that path: its passes
 * overlapped as the stream's are. The server returns 0. */
static double stream_rounds(struct slopes_shared *sh, int side, size_t k, int copy,
			    unsigned char *own, unsigned rounds, int best)
{
	size_t len = sh->s.size[k];
	uint64_t n = (1 + rounds) * (uint64_t)sh->ring, t0 = 0;
	uint64_t base = sh->streamed[side]; /* the counts go on across streams */

	for (uint64_t r = 0; r < n; r++) {
		unsigned char *b = ring_at(sh, r);

		if (side == 1) {
			while (base + r - atomic_load_explicit(&sh->taken, memory_order_acquire) >=
			       sh->ring)
				cpu_relax();
			if (copy)
				memcpy(b, own, len);
			else
				cache_touch(b, len, TOUCH_WRITE);
			atomic_store_explicit(&sh->wrote, base + r + 1, memory_order_release);
			continue;
		}
		while (atomic_load_explicit(&sh->wrote, memory_order_acquire) <= base + r)
			cpu_relax();
		if (r % sh->ring == 0 && r > 0) {
			uint64_t t = clock_stop(sh->clk);

			if (r > sh->ring)
				sh->trial[r / sh->ring - 2] = clock_to_ns(sh->clk, t - t0) / sh->ring;
			t0 = clock_start(sh->clk);
		}
		if (copy)
			memcpy(own, b, len);
		__asm__ __volatile__("" ::"r"(cache_touch(copy ? own : b, len, TOUCH_READ)) : "memory");
		atomic_store_explicit(&sh->taken, base + r + 1, memory_order_release);
	}
	sh->streamed[side] = base + n;
	if (side == 1)
		return 0;
	sh->trial[rounds - 1] = clock_to_ns(sh->clk, clock_stop(sh->clk) - t0) / sh->ring;
	return pick(sh->trial, rounds, best);
}

/* The client reads what the server has just written, and the server times its writes,
 * which take back the lines the client read: the time before with one buffer, or `ring`
 * messages before with a ring of them, as a stream with that many in flight does (lines
 * read that long ago may have left the reader's cache). The first `ring` writes of a
 * size find their lines elsewhere and are not counted; XREPS are. For comparison, the
 * client writes a buffer of its own and reads one it has just written itself. */
static int transfer_probe(struct slopes_shared *sh, int side, unsigned char *own)
{
	int yield = sh->s.client_cpu == sh->s.server_cpu;
	unsigned ring = sh->ring, skip = ring > 1 ? ring : 0;
	uint64_t turn = 0;

	for (size_t k = 0; k < sh->s.n; k++) {
		size_t len = sh->s.size[k];

		for (unsigned r = 0; r < skip + XREPS; r++, turn += 2) {
			unsigned char *b = ring_at(sh, r);
			double t;

			if (side == 1) {
				await(&sh->turn, turn, yield);
				t = touch_ns(sh, b, len, TOUCH_WRITE); /* as own below */
				atomic_store_explicit(&sh->turn, turn + 1, memory_order_release);
				if (r >= skip)
					sh->strial[r - skip] = t;
				continue;
			}
			await(&sh->turn, turn + 1, yield);
			t = touch_ns(sh, b, len, TOUCH_READ);
			atomic_store_explicit(&sh->turn, turn + 2, memory_order_release);
			if (r >= skip)
				sh->trial[r - skip] = t;
		}
		if (side == 1) {
			sh->s.xwrite_ns[k] = of_trials(sh, sh->strial, XREPS);
		} else {
			sh->s.xread_ns[k] = of_trials(sh, sh->trial, XREPS);
			for (int r = 0; r < XREPS; r++)
				sh->trial[r] = touch_ns(sh, own, len, TOUCH_WRITE);
			sh->s.write_ns[k] = of_trials(sh, sh->trial, XREPS);
			for (int r = 0; r < XREPS; r++) {
				cache_touch(own, len, TOUCH_WRITE);
				sh->trial[r] = touch_ns(sh, own, len, TOUCH_READ);
			}
			sh->s.read_ns[k] = of_trials(sh, sh->trial, XREPS);
		}
		if (ring > 1 && !yield && own) { /* last: it reuses the client's trials */
			double in_place = stream_rounds(sh, side, k, 0, own, STREAM_ROUNDS, sh->best);
			double copied = stream_rounds(sh, side, k, 1, own, STREAM_ROUNDS, sh->best);

			if (side == 0) {
				sh->s.stream_ns[k] = in_place;
				sh->s.stream_copy_ns[k] = copied;
			}
		}
	}
	return 0;
}

/* One side's part of the probe, in a process pinned to its CPU. */
static int slopes_side(struct slopes_shared *sh, int side)
{
	unsigned char *src = NULL, *dst = NULL;
	int memfd = -1, r = 0;

	if (side == 0) {
		/* 0 bytes apart mod 4096, and from the memfd's pages (sys/pagebuf.h) */
		src = pagebuf_alloc(sh->maxlen, 0);
		dst = pagebuf_alloc(sh->maxlen, 0);
		if (!src || !dst)
			r = 4;
		if (r == 0) {
			memset(src, 1, sh->maxlen);
			memset(dst, 2, sh->maxlen);
			/* its pages exist before the first timed pwrite: a copy, not an allocation */
			memfd = memfd_create("ipcbench-slopes", MFD_CLOEXEC);
			if (memfd < 0 || pwrite(memfd, src, sh->maxlen, 0) != (ssize_t)sh->maxlen)
				r = 4;
		}
		for (size_t k = 0; r == 0 && k < sh->s.n; k++)
			for (int c = 0; c < COPY_KINDS; c++)
				sh->s.copy_ns[c][k] = copy_ns(sh, dst, src, sh->s.size[k], c, memfd);
		if (memfd >= 0)
			close(memfd);
	} else if (sh->ring > 1 && !(src = pagebuf_alloc(sh->maxlen, 0))) {
		r = 4; /* the server's own buffer, which its streamed copies copy in from */
	}
	if (r != 0)
		atomic_fetch_or(&sh->failed, 1);
	/* the server waits here while the client copies; a side that failed still meets it */
	if (futex_barrier(&sh->barrier, 2, TIMEOUT_NS) < 0)
		r = 3;
	if (r == 0 && !atomic_load(&sh->failed))
		transfer_probe(sh, side, side == 0 ? dst : src);
	if (r == 0 && !atomic_load(&sh->failed)) {
		unsigned char **own = side == 0 ? &dst : &src;

		if (sh->keep) { /* for slopes_pair_stream */
			sh->kept[side] = *own;
			*own = NULL;
		}
		atomic_fetch_add(&sh->sides_done, 1);
	}
	pagebuf_free(src);
	pagebuf_free(dst);
	return r;
}

static int slopes_child(void *arg, int side)
{
	struct slopes_shared *sh = arg;

	prctl(PR_SET_NAME, "ipcbench-slopes");
	if (pin_self(side == 0 ? sh->s.client_cpu : sh->s.server_cpu) < 0)
		return 2;
	return slopes_side(sh, side);
}

/* The per-size medians are there (ok); the slopes need two sizes or more (fitted). */
static void fit_all(struct slopes *s)
{
	double x[SLOPES_MAX_SIZES];

	s->ok = 1;
	for (size_t k = 0; k < s->n; k++)
		x[k] = (double)s->size[k];
	s->fitted = s->n >= 2;
	for (int c = 0; c < COPY_KINDS; c++)
		s->fitted = s->fitted && fit_line(x, s->copy_ns[c], s->n, &s->copy[c]) == 0;
	s->fitted = s->fitted && fit_line(x, s->xread_ns, s->n, &s->xread) == 0 &&
		    fit_line(x, s->read_ns, s->n, &s->read) == 0 &&
		    fit_line(x, s->write_ns, s->n, &s->write) == 0 &&
		    fit_line(x, s->xwrite_ns, s->n, &s->xwrite) == 0;
	s->transfer_ns_per_byte = s->xread.b - s->read.b;
	if (!s->fitted)
		snprintf(s->note, sizeof(s->note), s->n < 2 ? "one size: no slopes" : "slope fit failed");
}

int slopes_measure(const struct clock_src *clk, int client_cpu, int server_cpu,
		   const uint64_t *sizes, size_t n, struct slopes *out)
{
	size_t maxlen = 0;
	struct slopes_shared *sh;
	struct pair_outcome o;

	memset(out, 0, sizeof(*out));
	if (n < 1 || n > SLOPES_MAX_SIZES)
		return -EINVAL;
	for (size_t k = 0; k < n; k++) {
		if (sizes[k] == 0 || sizes[k] > SLOPES_MAX_BYTES)
			return -EINVAL;
		maxlen = sizes[k] > maxlen ? sizes[k] : maxlen;
	}
	sh = shmem_alloc(shared_len(1, maxlen));
	if (!sh)
		return -errno;
	*sh = (struct slopes_shared){ .clk = clk, .maxlen = maxlen, .rep_bytes = SLOPES_REP_BYTES, .ring = 1,
				      .s = { .client_cpu = client_cpu, .server_cpu = server_cpu, .n = n } };
	memcpy(sh->s.size, sizes, n * sizeof(*sizes));
	spawn_pair(slopes_child, sh, TIMEOUT_NS, &o);
	*out = sh->s;
	shmem_free(sh, shared_len(1, maxlen));
	if (o.end == PAIR_INTERRUPTED)
		return -EINTR;
	if (o.end != PAIR_DONE || !spawn_exited_ok(o.wstatus[0]) || !spawn_exited_ok(o.wstatus[1])) {
		snprintf(out->note, sizeof(out->note), "slope probe children failed (%s)",
			 o.end == PAIR_TIMEOUT ? "timeout" : "pinning, memory or start-up");
		return 0;
	}
	fit_all(out);
	return 0;
}

struct slopes_shared *slopes_pair_new(const struct clock_src *clk, int client_cpu,
				      int server_cpu, uint64_t len, size_t rep_bytes, unsigned ring,
				      int keep, const struct mem_place *mem)
{
	struct slopes_shared *sh;

	ring = ring ? ring : 1;
	if (len == 0 || len > SLOPES_MAX_BYTES || ring > SLOPES_MAX_BYTES / len)
		return NULL;
	if (mem) { /* as the transport's buffers, but not among its regions (mem_node) */
		struct mem_place own = { .policy = mem->policy, .node = mem->node };

		sh = shmem_alloc_placed(&own, shared_len(ring, len));
	} else {
		sh = shmem_alloc(shared_len(ring, len));
	}
	if (!sh)
		return NULL;
	*sh = (struct slopes_shared){ .clk = clk, .maxlen = len, .rep_bytes = rep_bytes, .best = 1,
				      .ring = ring, .keep = keep,
				      .s = { .client_cpu = client_cpu, .server_cpu = server_cpu,
					     .n = 1, .size = { len } } };
	return sh;
}

int slopes_pair_side(struct slopes_shared *sh, int side)
{
	return slopes_side(sh, side) == 0 ? 0 : -EIO;
}

int slopes_pair_result(const struct slopes_shared *sh, struct slopes *out)
{
	*out = sh->s;
	out->ok = atomic_load(&sh->sides_done) == 2;
	return out->ok ? 0 : -EIO;
}

void slopes_pair_free(struct slopes_shared *sh)
{
	if (sh)
		shmem_free(sh, shared_len(sh->ring, sh->maxlen));
}

unsigned slopes_pair_streams_left(const struct slopes_shared *sh)
{
	if (!sh || !sh->keep || sh->ring < 2 || atomic_load(&sh->sides_done) != 2)
		return 0;
	return SLOPES_BETWEEN_MAX - sh->s.between_n;
}

void slopes_pair_stream(struct slopes_shared *sh, int side, int copy, uint64_t at)
{
	double v = stream_rounds(sh, side, 0, copy, sh->kept[side], SLOPES_BETWEEN_ROUNDS, 0);

	if (side == 0 && sh->s.between_n < SLOPES_BETWEEN_MAX) {
		sh->s.between_ns[sh->s.between_n] = v;
		sh->s.between_at[sh->s.between_n++] = at;
	}
}

void slopes_pair_stream_end(struct slopes_shared *sh, int side)
{
	if (sh) {
		pagebuf_free(sh->kept[side]);
		sh->kept[side] = NULL;
	}
}
