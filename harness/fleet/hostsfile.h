/* The hosts file of `ipcbench fleet ssh`: one host per line as [user@]host[:port], blank
 * lines and # comments ignored. Anything else is refused with file, line and value. */
#ifndef IPCBENCH_FLEET_HOSTSFILE_H
#define IPCBENCH_FLEET_HOSTSFILE_H
#include <stddef.h>

#define HOST_NAME_MAXLEN 253
#define HOST_USER_MAXLEN 64

struct fleet_host {
	char name[HOST_NAME_MAXLEN + 1]; /* as written: a name, an alias of ssh_config, an address */
	char user[HOST_USER_MAXLEN + 1]; /* "" when not given */
	int port;                        /* 0 when not given */
	int line;                        /* where it was written */
};

struct host_list {
	struct fleet_host *v;
	size_t n;
};

/* Parses one entry ("alice@lab-07:2222"); returns 0 or -EINVAL with why in err. */
int host_parse(const char *text, struct fleet_host *h, char *err, size_t errlen);
/* Reads path; on error returns a negative errno and says "PATH:LINE: 'VALUE': why" (or
 * "PATH: why") in err. A host listed twice is an error (two runs would share it). */
int hosts_file_load(const char *path, struct host_list *l, char *err, size_t errlen);
void host_list_free(struct host_list *l);
/* Whether s is a host or node name these tools accept: letters, digits, '.', '-', '_',
 * not starting with '-' or '.', at most HOST_NAME_MAXLEN characters. */
int host_name_valid(const char *s, size_t len);

#endif
