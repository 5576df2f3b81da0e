/* Shared by the fan-in channels built on file descriptors (bench/transport.h, struct
 * tr_fanin): the parent makes every descriptor before fork and says whose each is; each
 * child keeps its own and closes the rest, so that a party's death reads as end of file
 * to its peers. Whole messages: writes and reads loop until the length is done. */
#ifndef IPCBENCH_FDFAN_H
#define IPCBENCH_FDFAN_H
#include <stddef.h>
#include <sys/types.h>

#define FAN_SERVER (-1)  /* owner: the server (TR_FANIN_SERVER) */
#define FAN_CLIENTS (-2) /* owner: every client */

struct fdfan {
	size_t nfd, cap;
	int *fd;
	int *owner; /* a client's number, FAN_SERVER or FAN_CLIENTS */
};

/* Records fd as owner's; the index, or -ENOMEM (fd is closed then). */
int fdfan_add(struct fdfan *f, int fd, int owner);
/* In the child of who (a client's number or FAN_SERVER): closes everyone else's. */
void fdfan_keep(struct fdfan *f, int who);
/* Closes every descriptor still open and frees the lists. */
void fdfan_free(struct fdfan *f);
/* Raises RLIMIT_NOFILE so that `more` descriptors fit beside those open; 0 or -EMFILE. */
int fdfan_room(size_t more);
/* All of len bytes; len, 0 at end of file, or a negative errno. */
ssize_t fdfan_write(int fd, const void *buf, size_t len);
ssize_t fdfan_read(int fd, void *buf, size_t len);

#endif
