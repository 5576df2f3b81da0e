/* The one table of transports. Adding a mechanism: its own file in bench/ defining
 * `const struct transport tr_NAME`, and one line here. The order is `ipcbench list`'s. */
#include <string.h>
#include "bench/transport.h"

#define TRANSPORTS(X) \
	X(pipe) X(pipe_big) X(cacheline) X(unix_stream) X(shm_spin) X(shm_inplace) X(fifo) X(sysv_msg) \
	X(posix_mq) X(signal) X(signal_handler) X(signalfd) X(vmsplice) X(cma) X(shm_futex) \
	X(shm_hybrid) X(shm_sem) X(shm_eventfd) X(eventfd) X(unix_dgram) X(unix_seqpacket) \
	X(tcp) X(udp) X(lrpc_futex) X(lrpc_spin) X(lrpc_hybrid) X(lrpc_yield) \
	X(lrpc_futex_safe) X(lrpc_spin_safe)

#define DECLARE(id) extern const struct transport tr_##id;
TRANSPORTS(DECLARE)
#define ENTRY(id) &tr_##id,
const struct transport *const transports[] = { TRANSPORTS(ENTRY) };
const size_t ntransports = sizeof(transports) / sizeof(transports[0]);

#define WORD(e, word) word,
const char *const tr_abstraction_names[] = { TR_ABSTRACTION_LIST(WORD) NULL };
const char *const tr_notify_names[] = { TR_NOTIFY_LIST(WORD) NULL };
const char *const tr_peers_names[] = { TR_PEERS_LIST(WORD) NULL };
const char *const tr_direction_names[] = { TR_DIRECTION_LIST(WORD) NULL };
const char *const tr_sync_names[] = { TR_SYNC_LIST(WORD) NULL };
const char *const tr_family_names[] = { TR_FAMILY_LIST(WORD) NULL };
#define FLAG(e, bit, word, help) { e, word, help },
const struct tr_flag_name tr_flag_names[] = { TR_FLAG_LIST(FLAG) };
const size_t ntr_flag_names = sizeof(tr_flag_names) / sizeof(tr_flag_names[0]);

const struct transport *transport_find(const char *name)
{
	for (size_t i = 0; i < ntransports; i++)
		if (strcmp(transports[i]->name, name) == 0)
			return transports[i];
	return NULL;
}

const char *transport_no_open(const struct transport *t)
{
	if (t->open_window)
		return NULL;
	if (t->no_open)
		return t->no_open;
	if (t->window_limit == 1)
		return "it holds one message per direction";
	if (t->flags & TR_SHARED_MEM)
		return "its shared slots are handed over by one thread per side";
	if (t->flags & TR_SEND_INPLACE)
		return "the peer reads each send buffer in place after send returned";
	if (t->notification == TN_SIGNAL)
		return "a signal sent to the process may be taken by either of its two threads";
	return "it is not cleared for send and recv on two threads at once";
}

long transport_max_msg(const struct transport *t)
{
	return t->probe_max_msg ? t->probe_max_msg() : (long)t->max_msg;
}
