/* The test-only send slowdown; see run/inject.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "run/meta.h"
#include "text/parse.h"
#include "run/resume.h"
#include "run/inject.h"

/* One "TRANSPORT:NS" item. */
static int parse_item(const char *item, struct inject_spec *out, char *err, size_t errlen)
{
	const char *colon = strrchr(item, ':');
	char name[64];
	uint64_t ns = 0;
	int r;

	if (!colon || colon == item || (size_t)(colon - item) >= sizeof(name)) {
		snprintf(err, errlen, "--inject-slowdown '%s': expected TRANSPORT:NS, e.g. pipe:3000",
			 item);
		return -EINVAL;
	}
	snprintf(name, sizeof(name), "%.*s", (int)(colon - item), item);
	r = parse_u64(colon + 1, 1, INJECT_MAX_NS, &ns);
	if (r < 0 && parse_duration_ns(colon + 1, &ns) == 0 && ns >= 1 && ns <= INJECT_MAX_NS)
		r = 0;
	if (r < 0) {
		snprintf(err, errlen, "--inject-slowdown '%s': '%s' is not a time from 1 ns to 10 ms",
			 item, colon + 1);
		return -EINVAL;
	}
	if (!(out->t[out->n] = transport_find(name))) {
		snprintf(err, errlen, "--inject-slowdown '%s': unknown transport '%s' (ipcbench "
			 "list)", item, name);
		return -EINVAL;
	}
	out->ns[out->n++] = ns;
	return 0;
}

int inject_parse(const char *arg, struct inject_spec *out, char *err, size_t errlen)
{
	char **items = NULL;
	size_t n = 0;
	int r = parse_name_list(arg, &items, &n);

	memset(out, 0, sizeof(*out));
	if (r < 0 || n == 0 || n > INJECT_MAX) {
		snprintf(err, errlen, "--inject-slowdown '%s': expected TRANSPORT:NS[,TRANSPORT:NS] "
			 "(at most %d)", arg, INJECT_MAX);
		r = -EINVAL;
	}
	for (size_t i = 0; r == 0 && i < n; i++)
		r = parse_item(items[i], out, err, errlen);
	free_name_list(items, n);
	return r;
}

void inject_text(const struct inject_spec *s, char *out, size_t n)
{
	out[0] = 0;
	for (size_t i = 0; i < s->n; i++)
		snprintf(out + strlen(out), n - strlen(out), "%s%s:%lluns", i ? "," : "",
			 s->t[i]->name, (unsigned long long)s->ns[i]);
}

static uint64_t ns_for(const struct inject_spec *s, const struct transport *t)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->t[i] == t)
			return s->ns[i];
	return 0;
}

void inject_apply(const struct inject_spec *s, struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rows[i].set.inject_ns = ns_for(s, rows[i].t);
}

void inject_note(const struct inject_spec *s, struct row *r)
{
	size_t len = strlen(r->res.note);
	char what[256];

	inject_text(s, what, sizeof(what));
	snprintf(r->res.note + len, sizeof(r->res.note) - len, "%sTEST ONLY: --inject-slowdown %s "
		 "(this row %s)", len ? "; " : "", what, r->set.inject_ns ? "slowed" : "not slowed");
}

int inject_refuse_resume(const char *dir, char *err, size_t errlen)
{
	struct meta m = { 0 };
	const char *v;
	int r = 0;

	if (resume_load_meta(dir, &m, err, errlen) < 0) {
		meta_free(&m);
		return 0; /* resuming says what is wrong with it */
	}
	v = meta_get(&m, "inject_slowdown");
	if (v && strcmp(v, "none") != 0) {
		snprintf(err, errlen, "--resume: %s was a test-only run (--inject-slowdown %s): it "
			 "cannot be resumed", dir, v);
		r = -EINVAL;
	}
	meta_free(&m);
	return r;
}
