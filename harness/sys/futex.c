#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "sys/clock.h"
#include "sys/futex.h"

int futex_wait(_Atomic uint32_t *word, uint32_t val, uint64_t timeout_ns)
{
	struct timespec ts = { (time_t)(timeout_ns / 1000000000u), (long)(timeout_ns % 1000000000u) };
	long r = syscall(SYS_futex, word, FUTEX_WAIT, val, timeout_ns ? &ts : NULL, NULL, 0);

	if (r == 0 || errno == EAGAIN || errno == EINTR)
		return 0;
	return -errno;
}

int futex_wake(_Atomic uint32_t *word, int n)
{
	long r = syscall(SYS_futex, word, FUTEX_WAKE, n, NULL, NULL, 0);

	return r < 0 ? -errno : (int)r;
}

int futex_barrier(_Atomic uint32_t *word, uint32_t parties, uint64_t timeout_ns)
{
	uint64_t end = clock_mono_ns() + timeout_ns;
	uint32_t v = atomic_fetch_add(word, 1) + 1;

	if (v >= parties) {
		futex_wake(word, INT_MAX);
		return 0;
	}
	while ((v = atomic_load(word)) < parties) {
		uint64_t now = clock_mono_ns();

		if (timeout_ns && now >= end)
			return -ETIMEDOUT;
		int r = futex_wait(word, v, timeout_ns ? end - now : 0);
		if (r < 0 && r != -ETIMEDOUT)
			return r;
	}
	return 0;
}
