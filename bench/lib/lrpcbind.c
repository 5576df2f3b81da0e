/* Binding with retries (bench/lib/lrpcbind.h). */
#include <errno.h>
#include <time.h>
#include "bench/lib/lrpcbind.h"
#include "sys/clock.h"

#define CONNECT_TIMEOUT_NS 10000000000ull /* the server child registers meanwhile */

int lrpcbind_connect(const char *name, const char *registry, int shared_cpu,
		     struct lrpc_binding **out)
{
	struct lrpc_connect_opts o = { .registry = registry, .shared_cpu = shared_cpu };
	uint64_t end = clock_mono_ns() + CONNECT_TIMEOUT_NS;
	struct timespec pause = { 0, 100000 };
	int r;

	while ((r = lrpc_connect_opts(name, &o, out)) == -ENOENT && clock_mono_ns() < end)
		nanosleep(&pause, NULL);
	return r;
}
