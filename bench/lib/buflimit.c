#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
#include "bench/lib/buflimit.h"
#include "bench/lib/proc_limit.h"
#include "bench/lib/sockmsg.h"

long buflimit_pipe_max(void)
{
	long v = proc_limit_read("/proc/sys/fs/pipe-max-size");

	return v > 0 ? v : 1L << 20;
}

void buflimit_pipe(char *out, size_t n)
{
	int fd[2], sz = -1;

	if (pipe2(fd, O_CLOEXEC) == 0) {
		sz = fcntl(fd[1], F_GETPIPE_SZ);
		close(fd[0]);
		close(fd[1]);
	}
	if (sz > 0)
		snprintf(out, n, "%d B (F_GETPIPE_SZ)", sz);
	else
		snprintf(out, n, "NA (no pipe)");
}

void buflimit_grown_pipe(char *out, size_t n)
{
	snprintf(out, n, "the message, to %ld B (fs.pipe-max-size)", buflimit_pipe_max());
}

void buflimit_unix(int type, int raised, char *out, size_t n)
{
	int sv[2], v = 0;
	socklen_t len = sizeof(v);

	int r = raised ? sockmsg_unix_pair(type, sv)
		       : socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv);

	if (r < 0) {
		snprintf(out, n, "NA (no socket)");
		return;
	}
	getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, &len);
	sockmsg_close_pair(sv);
	/* each queued message is charged its skb's true size, not only its bytes */
	snprintf(out, n, "%d B (SO_SNDBUF, charged per skb)", v);
}
