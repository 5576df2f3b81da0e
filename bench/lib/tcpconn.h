/* TCP over loopback, shared by tcp (the pair) and its fan-in: a listener on a kernel-chosen
 * port of 127.0.0.1, accepting exactly our own client (another local process may connect
 * to the port first), TCP_NODELAY. */
#ifndef IPCBENCH_TCPCONN_H
#define IPCBENCH_TCPCONN_H
#include <netinet/in.h>

/* A listening socket with a backlog of `backlog`, its address in *a; or a negative errno. */
int tcpconn_listener(struct sockaddr_in *a, int backlog);
/* A new socket connected to a (the handshake completes into the backlog); or -errno. */
int tcpconn_connect(const struct sockaddr_in *a);
/* The connection whose peer is the socket cfd, accepted from lfd; or a negative errno. */
int tcpconn_accept(int lfd, int cfd);
int tcpconn_nodelay(int fd);

#endif
