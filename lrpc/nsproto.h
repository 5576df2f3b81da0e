/* The naming-service process's protocol (lrpc/nameserver.c): one fixed-size message per
 * request and per reply over an AF_UNIX SOCK_SEQPACKET connection, with descriptors
 * (SCM_RIGHTS) on a publish (the A-stacks) and on the reply to an alloc (one A-stack). */
#ifndef IPCBENCH_LRPC_NSPROTO_H
#define IPCBENCH_LRPC_NSPROTO_H
#include <stdint.h>
#include "lrpc/lrpc.h"

enum { NS_PUBLISH = 1, NS_LOOKUP = 2, NS_ALLOC = 3, NS_REPLY = 4 };

struct ns_msg {
	uint32_t op;
	int32_t status; /* reply: 0 or a negative errno */
	uint32_t n;     /* lookup and alloc replies: A-stacks still free */
	uint32_t nuids;
	char name[LRPC_NAME_MAX + 1];
	uint32_t uids[LRPC_NS_MAX_UIDS]; /* publish: who may bind */
	char why[200];  /* reply: the reason of a refusal */
};

/* One message with nfd descriptors; 0 or a negative errno. */
int ns_send(int sock, const struct ns_msg *m, const int *fds, unsigned nfd);
/* One message and up to max descriptors (*nfd of them); 0, -ECONNRESET at the peer's end,
 * -EPROTO for a message of another size, or a negative errno. */
int ns_recv(int sock, struct ns_msg *m, int *fds, unsigned max, unsigned *nfd);
/* A connection to the naming service at path; the socket or a negative errno. */
int ns_dial(const char *path);

#endif
