#include <string.h>
#include "cachectl.h"
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define X86 1
#else
#define X86 0
#endif

#define LINE 64

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

uint64_t cache_touch(void *p, size_t len, int mode)
{
	unsigned char *c = p;
	uint64_t sum = 0;

	if (mode == TOUCH_READ) {
		for (size_t off = 0; off + 8 <= len; off += 8) {
			uint64_t w;
			memcpy(&w, c + off, 8);
			sum += w;
		}
	} else if (mode == TOUCH_WRITE) {
		for (size_t off = 0; off + 8 <= len; off += 8) {
			uint64_t w = off;
			memcpy(c + off, &w, 8);
		}
	}
	return sum;
}
