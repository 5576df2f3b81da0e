/* Private POSIX message queues (bench/lib/mqio.h). */
#include <errno.h>
#include <fcntl.h>
#include "bench/lib/mqio.h"
#include "bench/lib/proc_limit.h"
#include "sys/names.h"

long mqio_maxmsg(void)
{
	long max = proc_limit_read("/proc/sys/fs/mqueue/msg_max");

	return max > MQIO_MAXMSG_WANT ? MQIO_MAXMSG_WANT : max;
}

int mqio_open(const char *tag, long msgsize, mqd_t *out)
{
	struct mq_attr attr = { .mq_msgsize = msgsize, .mq_maxmsg = mqio_maxmsg() };
	char name[96];
	int r;

	if (attr.mq_maxmsg < 0)
		return (int)attr.mq_maxmsg;
	if ((r = ipc_name(name, sizeof(name), tag)) < 0)
		return r;
	*out = mq_open(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600, &attr);
	if (*out == (mqd_t)-1)
		return -errno;
	return mq_unlink(name) < 0 ? -errno : 0;
}

ssize_t mqio_send(mqd_t q, const void *buf, size_t len)
{
	int r;

	do
		r = mq_send(q, buf, len, 0);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : (ssize_t)len;
}

ssize_t mqio_recv(mqd_t q, void *buf, size_t len)
{
	ssize_t r;

	do
		r = mq_receive(q, buf, len, NULL);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	return (size_t)r != len ? -EMSGSIZE : r;
}
