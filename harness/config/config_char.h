/* The configuration keys of the characterisation layer (mode bandwidth is in config/config.c):
 * window, cache, touch, footprint and events. Setters in the form config/config.c's key table
 * takes: 0, or a negative errno with the reason in why. */
#ifndef IPCBENCH_CONFIG_CHAR_H
#define IPCBENCH_CONFIG_CHAR_H
#include <stddef.h>
#include "config/config.h"

int set_window(struct sweep *sw, const char *v, char *why, size_t n);
int set_cache(struct sweep *sw, const char *v, char *why, size_t n);
int set_touch(struct sweep *sw, const char *v, char *why, size_t n);
int set_footprint(struct sweep *sw, const char *v, char *why, size_t n);
int set_events(struct sweep *sw, const char *v, char *why, size_t n);
int set_counted_share(struct sweep *sw, const char *v, char *why, size_t n);

#endif
