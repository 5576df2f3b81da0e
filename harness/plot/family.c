#include <string.h>
#include "out/runquery.h"
#include "plot/family.h"

const struct family_info families[FF_N] = {
	[FF_SYSCALL] = { "syscall", "pipes and queues (blocking system calls)",
			 "pipe pipe-big fifo sysv-msg posix-mq vmsplice cma" },
	[FF_SOCKET] = { "sockets", "sockets", "unix-stream unix-dgram unix-seqpacket tcp udp" },
	[FF_SHM] = { "shm", "shared memory",
		     "cacheline shm-spin shm-inplace shm-futex shm-hybrid shm-sem shm-eventfd" },
	[FF_NOTIFY] = { "notify", "signals and notification", "signal signal-handler signalfd eventfd" },
	[FF_LRPC] = { "lrpc", "LRPC (synchronous calls)",
		      "lrpc-futex lrpc-spin lrpc-hybrid lrpc-yield lrpc-futex-safe lrpc-spin-safe" },
	[FF_OTHER] = { "other", "other transports", "" },
};

enum fig_family family_of(const char *transport)
{
	for (int f = 0; f < FF_OTHER; f++)
		if (word_in(families[f].members, transport))
			return (enum fig_family)f;
	return FF_OTHER;
}

void family_words(const char *list, enum fig_family f, struct sbuf *out)
{
	char w[128];

	for (size_t i = 0, n = word_count(list); i < n; i++) {
		word_at(list, i, w, sizeof(w));
		if (family_of(w) == f)
			sbuf_printf(out, "%s%s", out->len ? " " : "", w);
	}
}
