#include <string.h>
#include "out/runquery.h"
#include "bench/transport.h"
#include "plot/family.h"

const struct family_info families[FF_N] = {
	[FF_SYSCALL] = { "syscall", "pipes and queues (blocking system calls)" },
	[FF_SOCKET] = { "sockets", "sockets" },
	[FF_SHM] = { "shm", "shared memory" },
	[FF_NOTIFY] = { "notify", "signals and notification" },
	[FF_LRPC] = { "lrpc", "LRPC (synchronous calls)" },
	[FF_OTHER] = { "other", "other transports" },
};

/* The transport's own family (bench/transport.h), as a figure family. */
enum fig_family family_of(const char *transport)
{
	static const enum fig_family of[] = { [TF_OTHER] = FF_OTHER, [TF_QUEUE] = FF_SYSCALL,
					      [TF_SOCKET] = FF_SOCKET, [TF_SHM] = FF_SHM,
					      [TF_NOTIFY] = FF_NOTIFY, [TF_LRPC] = FF_LRPC };
	const struct transport *t = transport_find(transport);

	return t ? of[t->family] : FF_OTHER;
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
