/* A standalone check of the shm-* slot protocol against the floor probe's, outside the
 * harness (docs/methodology.md): two processes on two CPUs pass a message back and forth
 * through two 128-byte slots of one shared mapping, either as the probe does (one 8-byte
 * store each way) or as bench/lib/shmslot.c does (24 bytes copied in, the length, then
 * the sequence word; the receiver copies the message out). The modes alternate in each
 * round, so both see the same placement of the CPUs; each prints the median round trip
 * of its round, clocked as the harness clocks (lfence; rdtsc ... rdtscp; lfence).
 * Built and run by mk/bench-slot.sh; x86-64 only. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

enum { MODE_PROBE, MODE_SLOT, NMODES, WARM = 1000 };

struct slot {
	_Alignas(128) volatile uint32_t seq;
	uint32_t waiters;
	volatile uint64_t len;
	unsigned char data[104];
};

struct shared {
	struct slot s[2]; /* 0: request, 1: reply */
	volatile int mode, go, done;
	uint32_t rt[]; /* the client's round trips of one mode, in ticks */
};

static void pin(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	if (sched_setaffinity(0, sizeof(s), &s) != 0) {
		perror("sched_setaffinity");
		exit(2);
	}
}

static inline uint64_t tick_start(void)
{
	_mm_lfence();
	return __rdtsc();
}

static inline uint64_t tick_stop(void)
{
	unsigned aux;
	uint64_t t = __rdtscp(&aux);

	_mm_lfence();
	return t;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static double ticks_per_ns(void)
{
	uint64_t n0 = mono_ns(), t0 = __rdtsc();

	while (mono_ns() - n0 < 100000000u)
		;
	return (double)(__rdtsc() - t0) / (double)(mono_ns() - n0);
}

static inline void put(struct slot *sl, uint32_t n, int mode, const unsigned char *msg)
{
	if (mode == MODE_SLOT) {
		memcpy(sl->data, msg, 16); /* shmslot's copy of 16 to 32 bytes: two moves */
		memcpy(sl->data + 8, msg + 8, 16);
		sl->len = 24;
	}
	__atomic_store_n(&sl->seq, n, __ATOMIC_RELEASE);
}

static inline void get(struct slot *sl, uint32_t n, int mode, unsigned char *out)
{
	while (__atomic_load_n(&sl->seq, __ATOMIC_ACQUIRE) != n)
		__asm__ __volatile__("pause" ::: "memory");
	if (mode == MODE_SLOT) {
		memcpy(out, sl->data, 16);
		memcpy(out + 8, sl->data + 8, 16);
	}
}

static int by_value(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void serve(struct shared *sh, uint32_t n)
{
	unsigned char msg[32] = { 0 }, out[32];

	for (uint32_t base = 0;; base += n + WARM) {
		while (!sh->go)
			__asm__ __volatile__("pause" ::: "memory");
		if (sh->done)
			_exit(0);
		int mode = sh->mode;

		for (uint32_t i = 1; i <= n + WARM; i++) {
			get(&sh->s[0], base + i, mode, out);
			msg[0] = out[0];
			put(&sh->s[1], base + i, mode, msg);
		}
		__atomic_store_n(&sh->go, 0, __ATOMIC_RELEASE);
	}
}

/* One mode's round: its median round trip in ns. */
static double client_round(struct shared *sh, int mode, uint32_t base, uint32_t n, double tpn)
{
	unsigned char msg[32] = { 0 }, out[32];

	sh->mode = mode;
	__atomic_store_n(&sh->go, 1, __ATOMIC_SEQ_CST);
	for (uint32_t i = 1; i <= n + WARM; i++) {
		msg[0] = (unsigned char)i;
		uint64_t t0 = tick_start();

		put(&sh->s[0], base + i, mode, msg);
		get(&sh->s[1], base + i, mode, out);
		uint64_t t1 = tick_stop();

		if (i > WARM)
			sh->rt[i - WARM - 1] = (uint32_t)(t1 - t0);
		if (mode == MODE_SLOT && out[0] != msg[0]) {
			fprintf(stderr, "slot-pingpong: reply %u carries %u\n", i, out[0]);
			exit(1);
		}
	}
	while (sh->go)
		__asm__ __volatile__("pause" ::: "memory");
	qsort(sh->rt, n, sizeof(sh->rt[0]), by_value);
	return sh->rt[n / 2] / tpn;
}

int main(int argc, char **argv)
{
	int ccpu = argc > 1 ? atoi(argv[1]) : 0, scpu = argc > 2 ? atoi(argv[2]) : 1;
	int rounds = argc > 3 ? atoi(argv[3]) : 8;
	uint32_t n = argc > 4 ? (uint32_t)atoi(argv[4]) : 200000;
	size_t len = sizeof(struct shared) + n * sizeof(uint32_t);
	struct shared *sh = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid;

	if (sh == MAP_FAILED || rounds < 1 || n < 2) {
		fprintf(stderr, "usage: slot-pingpong [CLIENT_CPU SERVER_CPU [ROUNDS [ROUND_TRIPS]]]\n");
		return 2;
	}
	pid = fork();
	if (pid == 0) {
		pin(scpu);
		serve(sh, n);
	}
	pin(ccpu);
	double tpn = ticks_per_ns();

	printf("round,probe_p50_ns,slot_p50_ns,slot_over_probe\n");
	for (int r = 0; r < rounds; r++) {
		uint32_t base = (uint32_t)r * NMODES * (n + WARM);
		int first = r & 1; /* alternate which mode goes first */
		double v[NMODES];

		v[first] = client_round(sh, first, base, n, tpn);
		v[!first] = client_round(sh, !first, base + n + WARM, n, tpn);
		printf("%d,%.0f,%.0f,%.3f\n", r + 1, v[MODE_PROBE], v[MODE_SLOT],
		       v[MODE_SLOT] / v[MODE_PROBE]);
		fflush(stdout);
	}
	sh->done = 1;
	__atomic_store_n(&sh->go, 1, __ATOMIC_SEQ_CST);
	waitpid(pid, NULL, 0);
	return 0;
}
