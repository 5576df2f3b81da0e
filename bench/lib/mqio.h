/* POSIX message queues as posix-mq and its fan-in and fan-out use them: a private queue
 * (a random name, O_EXCL, 0600, unlinked at once: the children inherit the descriptor and
 * nothing is left by name; mq_maxmsg min(fs.mqueue.msg_max, 10)), and whole messages. */
#ifndef IPCBENCH_MQIO_H
#define IPCBENCH_MQIO_H
#include <mqueue.h>
#include <sys/types.h>

#define MQIO_MAXMSG_WANT 10L

/* mq_maxmsg of every queue: min(fs.mqueue.msg_max, MQIO_MAXMSG_WANT), or a negative errno. */
long mqio_maxmsg(void);

/* A new private queue of messages up to msgsize bytes; 0 or a negative errno (*out is set
 * as soon as the queue is open, so that the caller closes it whatever followed). */
int mqio_open(const char *tag, long msgsize, mqd_t *out);
/* One message of len bytes; len or a negative errno. */
ssize_t mqio_send(mqd_t q, const void *buf, size_t len);
/* The next message, which must be exactly len bytes (-EMSGSIZE otherwise). */
ssize_t mqio_recv(mqd_t q, void *buf, size_t len);

#endif
