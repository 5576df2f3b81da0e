/* The one table of transports. Adding a mechanism: its own file in bench/ and one line here. */
#include <string.h>
#include "bench/transport.h"

extern const struct transport tr_cacheline;
extern const struct transport tr_pipe;
extern const struct transport tr_unix_stream;
extern const struct transport tr_shm_spin;
extern const struct transport tr_shm_inplace;
extern const struct transport tr_fifo;
extern const struct transport tr_sysv_msg;
extern const struct transport tr_posix_mq;
extern const struct transport tr_signal;
extern const struct transport tr_signal_handler;
extern const struct transport tr_signalfd;
extern const struct transport tr_vmsplice;
extern const struct transport tr_cma;
extern const struct transport tr_shm_futex;
extern const struct transport tr_shm_hybrid;
extern const struct transport tr_shm_sem;
extern const struct transport tr_shm_eventfd;
extern const struct transport tr_eventfd;
extern const struct transport tr_unix_dgram;
extern const struct transport tr_unix_seqpacket;
extern const struct transport tr_tcp;
extern const struct transport tr_udp;
extern const struct transport tr_lrpc_futex;
extern const struct transport tr_lrpc_spin;
extern const struct transport tr_lrpc_hybrid;
extern const struct transport tr_lrpc_yield;
extern const struct transport tr_lrpc_futex_safe;
extern const struct transport tr_lrpc_spin_safe;

const struct transport *const transports[] = {
	&tr_pipe,
	&tr_cacheline,
	&tr_unix_stream,
	&tr_shm_spin,
	&tr_shm_inplace,
	&tr_fifo,
	&tr_sysv_msg,
	&tr_posix_mq,
	&tr_signal,
	&tr_signal_handler,
	&tr_signalfd,
	&tr_vmsplice,
	&tr_cma,
	&tr_shm_futex,
	&tr_shm_hybrid,
	&tr_shm_sem,
	&tr_shm_eventfd,
	&tr_eventfd,
	&tr_unix_dgram,
	&tr_unix_seqpacket,
	&tr_tcp,
	&tr_udp,
	&tr_lrpc_futex,
	&tr_lrpc_spin,
	&tr_lrpc_hybrid,
	&tr_lrpc_yield,
	&tr_lrpc_futex_safe,
	&tr_lrpc_spin_safe,
};
const size_t ntransports = sizeof(transports) / sizeof(transports[0]);

const struct transport *transport_find(const char *name)
{
	for (size_t i = 0; i < ntransports; i++)
		if (strcmp(transports[i]->name, name) == 0)
			return transports[i];
	return NULL;
}

long transport_max_msg(const struct transport *t)
{
	return t->probe_max_msg ? t->probe_max_msg() : (long)t->max_msg;
}
