#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run/endfloors.h"

static struct pair_floors *pair_of(struct end_floors *f, int ccpu, int scpu)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->p[i].client_cpu == ccpu && f->p[i].server_cpu == scpu)
			return &f->p[i];
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 4;
		struct pair_floors *p = realloc(f->p, cap * sizeof(*p));

		if (!p)
			return NULL;
		f->p = p;
		f->cap = cap;
	}
	f->p[f->n] = (struct pair_floors){ .client_cpu = ccpu, .server_cpu = scpu };
	return &f->p[f->n++];
}

int endfloors_ask(struct end_floors *f, int client_cpu, int server_cpu, uint64_t size,
		  int wakeup)
{
	struct pair_floors *p;
	size_t k;

	if (client_cpu < 0 || server_cpu < 0 || size == 0 || size > SLOPES_MAX_BYTES)
		return 0;
	if (!(p = pair_of(f, client_cpu, server_cpu)))
		return -ENOMEM;
	p->want_wakeup |= wakeup;
	for (k = 0; k < p->nsizes && p->size[k] != size; k++)
		;
	if (k == p->nsizes && p->nsizes < SLOPES_MAX_SIZES)
		p->size[p->nsizes++] = size;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static void meta_slopes(struct meta *m, const struct slopes *s)
{
	char key[96];

	snprintf(key, sizeof(key), "slopes_cpus_%d_%d", s->client_cpu, s->server_cpu);
	if (!s->ok || !s->fitted)
		meta_set(m, key, "%s: %s", s->ok ? "no slopes" : "failed", s->note);
	else
		meta_set(m, key, "memcpy %.5f, copy_to/from_user %.5f, process_vm_readv %.5f, "
			 "transfer %.5f ns/byte (read of the peer's lines %.5f, of own lines %.5f, "
			 "write of own lines %.5f, of lines the peer just read %.5f)",
			 s->copy[COPY_MEMCPY].b, s->copy[COPY_UACCESS].b, s->copy[COPY_PINNED].b,
			 s->transfer_ns_per_byte, s->xread.b, s->read.b, s->write.b, s->xwrite.b);
}

static void meta_wakeup(struct meta *m, const struct wakeup_floor *w)
{
	char key[96];

	snprintf(key, sizeof(key), "wakeup_cpus_%d_%d", w->client_cpu, w->server_cpu);
	if (!w->ok) {
		meta_set(m, key, "failed: %s", w->note);
		return;
	}
	meta_set(m, key, "futex wake-up round trip %.1f ns, %.2f context switches per round trip "
		 "(%.2f voluntary): %.1f ns per voluntary switch", w->rt_ns, w->switches_per_rt,
		 w->voluntary_per_rt, w->per_switch_ns);
	snprintf(key, sizeof(key), "wakeup_per_switch_ns_cpus_%d_%d", w->client_cpu, w->server_cpu);
	meta_set(m, key, "%.1f", w->per_switch_ns);
}

static int measure_pair(const struct clock_src *clk, struct pair_floors *p, struct meta *m)
{
	int r = 0;

	qsort(p->size, p->nsizes, sizeof(p->size[0]), cmp_u64);
	if (p->nsizes) {
		r = slopes_measure(clk, p->client_cpu, p->server_cpu, p->size, p->nsizes, &p->sl);
		if (r < 0)
			return r;
		meta_slopes(m, &p->sl);
	}
	if (!p->want_wakeup)
		return 0;
	r = wakeup_measure(clk, p->client_cpu, p->client_cpu, &p->same);
	if (r == 0)
		meta_wakeup(m, &p->same);
	if (r == 0 && p->client_cpu != p->server_cpu) {
		r = wakeup_measure(clk, p->client_cpu, p->server_cpu, &p->cross);
		if (r == 0)
			meta_wakeup(m, &p->cross);
	}
	return r;
}

int endfloors_measure(const struct clock_src *clk, struct end_floors *f, struct meta *m)
{
	for (size_t i = 0; i < f->n; i++) {
		int r = measure_pair(clk, &f->p[i], m);

		if (r < 0)
			return r;
	}
	return 0;
}

const struct pair_floors *endfloors_find(const struct end_floors *f, int client_cpu,
					 int server_cpu)
{
	for (size_t i = 0; f && i < f->n; i++)
		if (f->p[i].client_cpu == client_cpu && f->p[i].server_cpu == server_cpu)
			return &f->p[i];
	return NULL;
}

int endfloors_size_index(const struct pair_floors *p, uint64_t size)
{
	for (size_t k = 0; p && p->sl.ok && k < p->sl.n; k++)
		if (p->sl.size[k] == size)
			return (int)k;
	return -1;
}

const struct wakeup_floor *endfloors_wakeup(const struct pair_floors *p)
{
	const struct wakeup_floor *w;

	if (!p || !p->want_wakeup)
		return NULL;
	w = p->client_cpu == p->server_cpu ? &p->same : &p->cross;
	return w->ok && w->per_switch_ns > 0 ? w : NULL;
}

void endfloors_free(struct end_floors *f)
{
	free(f->p);
	*f = (struct end_floors){ 0 };
}
