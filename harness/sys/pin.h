/* Where processes run: the one place that sets CPU affinity. */
#ifndef IPCBENCH_PIN_H
#define IPCBENCH_PIN_H

/* Pins the calling process to one CPU. Returns 0 or a negative errno. */
int pin_self(int cpu);
/* 0 when this process may run on cpu, else -EINVAL (-errno if affinity cannot be read). */
int pin_cpu_allowed(int cpu);
/* The first two CPUs this process may use (the same one twice on a one-CPU machine). */
int pin_default_pair(int *client, int *server);
/* Number of CPUs this process may use. */
int pin_allowed_count(void);

#endif
