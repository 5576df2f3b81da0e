#include <string.h>
#include "sys/cachectl.h"
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define X86 1
#else
#define X86 0
#endif

#define LINE 64

typedef uint64_t u64x2 __attribute__((vector_size(16)));
/* the same at any alignment, and allowed to alias the bytes it reads */
typedef uint64_t u64x2u __attribute__((vector_size(16), aligned(1), may_alias));

int cache_has_clflushopt(void)
{
#if X86
	unsigned a, b, c, d;

	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return 0;
	return (b >> 23) & 1;
#else
	return 0;
#endif
}

const char *cache_flush_method(void)
{
	return !X86 ? "none" : cache_has_clflushopt() ? "clflushopt" : "clflush";
}

void cache_flush(const void *p, size_t len, int use_clflushopt)
{
#if X86
	const char *c = (const char *)((uintptr_t)p & ~(uintptr_t)(LINE - 1));
	const char *end = (const char *)p + len;

	if (!p || !len)
		return;
	if (use_clflushopt) {
		for (; c < end; c += LINE)
			__asm__ __volatile__("clflushopt %0" : "+m"(*(volatile char *)c));
		__asm__ __volatile__("sfence" ::: "memory"); /* clflushopt is ordered by fences only */
	} else {
		for (; c < end; c += LINE)
			__asm__ __volatile__("clflush %0" : "+m"(*(volatile char *)c));
		__asm__ __volatile__("mfence" ::: "memory");
	}
#else
	(void)p;
	(void)len;
	(void)use_clflushopt;
#endif
}

uint64_t cache_walk(const void *p, size_t len)
{
	const unsigned char *c = p;
	uint64_t sum = 0;

	for (size_t off = 0; off + 8 <= len; off += LINE) {
		uint64_t w;
		memcpy(&w, c + off, 8);
		sum += w;
	}
	return sum;
}

/* Eight words per step in four vector registers, so that a touch runs at memory speed,
 * like the copies it is compared with. */
uint64_t cache_touch(void *p, size_t len, int mode)
{
	unsigned char *c = p;
	u64x2 a0 = { 0, 0 }, a1 = a0, a2 = a0, a3 = a0;
	u64x2 v0 = { 0, 8 }, v1 = { 16, 24 }, v2 = { 32, 40 }, v3 = { 48, 56 };
	const u64x2 step = { 64, 64 };
	uint64_t sum = 0;
	size_t off = 0;

	for (; mode == TOUCH_READ && off + 64 <= len; off += 64) {
		const u64x2u *q = (const u64x2u *)(c + off);
		a0 += q[0], a1 += q[1], a2 += q[2], a3 += q[3];
	}
	for (; mode == TOUCH_WRITE && off + 64 <= len; off += 64) {
		u64x2u *q = (u64x2u *)(c + off);
		q[0] = v0, q[1] = v1, q[2] = v2, q[3] = v3;
		v0 += step, v1 += step, v2 += step, v3 += step;
	}
	for (; mode != TOUCH_NONE && off + 8 <= len; off += 8) {
		uint64_t w;
		if (mode == TOUCH_READ) {
			memcpy(&w, c + off, 8);
			sum += w;
		} else {
			memcpy(c + off, &off, 8);
		}
	}
	a0 += a1 + a2 + a3;
	return sum + a0[0] + a0[1];
}
