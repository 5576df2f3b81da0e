/* Parsers for user-typed values; see text/parse.h. All work on [b, e) spans so that list items
 * can be parsed in place without copying. */
#include "text/parse.h"

#include <ctype.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NS_PER_S 1000000000ULL
/* Fraction digits beyond this are ignored: they weigh less than 1e-8 ns even for minutes. */
#define FRAC_DIGITS_MAX 19

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Narrows [*b, *e) to exclude blanks at both ends. */
static void trim(const char **b, const char **e)
{
	while (*b < *e && is_blank(**b))
		(*b)++;
	while (*e > *b && is_blank((*e)[-1]))
		(*e)--;
}

/* Advances past the run of digits at p (up to e) and returns its end. */
static const char *skip_digits(const char *p, const char *e)
{
	while (p < e && is_digit(*p))
		p++;
	return p;
}

/* Converts a non-empty run of decimal digits; -ERANGE when it does not fit 64 bits. */
static int digits_u64(const char *b, const char *e, uint64_t *out)
{
	uint64_t v = 0;

	for (; b < e; b++) {
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, (uint64_t)(*b - '0'), &v))
			return -ERANGE;
	}
	*out = v;
	return 0;
}

/* A span that is exactly one or more decimal digits, no blanks, no sign. */
static int span_u64(const char *b, const char *e, uint64_t *out)
{
	if (b == e || skip_digits(b, e) != e)
		return -EINVAL;
	return digits_u64(b, e, out);
}

/* True when the span equals the NUL-terminated word, ignoring case. */
static int span_eq_nocase(const char *b, const char *e, const char *word)
{
	size_t n = (size_t)(e - b);

	return strlen(word) == n && strncasecmp(b, word, n) == 0;
}

static int span_eq(const char *b, const char *e, const char *word)
{
	size_t n = (size_t)(e - b);

	return strlen(word) == n && memcmp(b, word, n) == 0;
}

/* Multiplier for a size suffix: "", "B", "K", "KB", "KiB", ... (any case); 0 if unknown. */
static uint64_t size_multiplier(const char *b, const char *e)
{
	static const char prefixes[] = "KMGT";

	if (b == e || span_eq_nocase(b, e, "B"))
		return 1;
	const char *p = strchr(prefixes, toupper((unsigned char)*b));
	if (!p || !*p)
		return 0;
	if (e - b > 1 && !span_eq_nocase(b + 1, e, "B") && !span_eq_nocase(b + 1, e, "iB"))
		return 0;
	return 1ULL << (10 * (p - prefixes + 1));
}

/* Digits, then a suffix that multiplies them (mult: its factor, 0 if unknown); no blanks. */
static int multiple_span(const char *b, const char *e, uint64_t (*mult)(const char *, const char *),
			 uint64_t *out)
{
	const char *d = skip_digits(b, e);
	uint64_t m = mult(d, e);
	uint64_t v;

	if (d == b || m == 0)
		return -EINVAL;
	int r = digits_u64(b, d, &v);
	if (r)
		return r;
	if (__builtin_mul_overflow(v, m, &v))
		return -ERANGE;
	*out = v;
	return 0;
}

/* A size with no surrounding blanks. */
static int size_span(const char *b, const char *e, uint64_t *out)
{
	return multiple_span(b, e, size_multiplier, out);
}

int parse_size(const char *s, uint64_t *out)
{
	const char *b = s, *e = s + strlen(s);

	trim(&b, &e);
	return size_span(b, e, out);
}

/* Nanoseconds per duration unit; 0 if unknown. Units are lower-case only. */
static uint64_t duration_unit_ns(const char *b, const char *e)
{
	static const struct {
		const char *name;
		uint64_t ns;
	} units[] = { { "ns", 1 },	  { "us", 1000 },	    { "ms", 1000000 },
		      { "s", NS_PER_S }, { "m", 60 * NS_PER_S } };

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (span_eq(b, e, units[i].name))
			return units[i].ns;
	return 0;
}

/* floor(0.<digits> * unit) computed in integers, so "0.1s" is exactly 100000000 ns. */
static uint64_t fraction_ns(const char *b, const char *e, uint64_t unit)
{
	unsigned __int128 num = 0, den = 1;

	for (int i = 0; b < e && i < FRAC_DIGITS_MAX; b++, i++) {
		num = num * 10 + (unsigned)(*b - '0');
		den *= 10;
	}
	return (uint64_t)(num * unit / den);
}

int parse_duration_ns(const char *s, uint64_t *out)
{
	const char *b = s, *e = s + strlen(s);

	trim(&b, &e);
	const char *ip_end = skip_digits(b, e), *fb = ip_end, *fe = ip_end;
	if (ip_end == b)
		return -EINVAL;
	if (fb < e && *fb == '.') {
		fb++;
		fe = skip_digits(fb, e);
		if (fe == fb) /* "1." and "1.s" */
			return -EINVAL;
	}
	uint64_t unit = duration_unit_ns(fe, e), whole;
	int r = digits_u64(b, ip_end, &whole);
	if (r)
		return r;
	if (unit == 0 && fe == e && whole == 0 && fb == fe) /* a bare 0 needs no unit */
		unit = 1;
	if (unit == 0)
		return -EINVAL;
	if (__builtin_mul_overflow(whole, unit, &whole) ||
	    __builtin_add_overflow(whole, fraction_ns(fb, fe, unit), &whole))
		return -ERANGE;
	*out = whole;
	return 0;
}

int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	const char *b = s, *e = s + strlen(s);
	uint64_t v;

	trim(&b, &e);
	int r = span_u64(b, e, &v);
	if (r)
		return r;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/* Yields the next comma-separated item of a list, trimmed. Returns 0 once the list is
 * exhausted; an empty list is a single empty item, so "" and "a," report empty items. */
static int next_item(const char **p, const char *end, const char **b, const char **e)
{
	if (!*p)
		return 0;
	const char *comma = memchr(*p, ',', (size_t)(end - *p));

	*b = *p;
	*e = comma ? comma : end;
	*p = comma ? comma + 1 : NULL;
	trim(b, e);
	return 1;
}

static int cpu_id(const char *b, const char *e, uint64_t *id)
{
	int r = span_u64(b, e, id);

	if (r == 0 && *id >= CPU_LIST_MAX)
		r = -ERANGE;
	return r;
}

/* Appends "N" or "N-M" to out. */
static int cpu_item(const char *b, const char *e, struct cpu_list *out)
{
	const char *dash = memchr(b, '-', (size_t)(e - b));
	uint64_t lo, hi;
	int r = cpu_id(b, dash ? dash : e, &lo);

	if (r)
		return r;
	hi = lo;
	if (dash && (r = cpu_id(dash + 1, e, &hi)))
		return r;
	if (hi < lo)
		return -EINVAL;
	if (hi - lo + 1 > CPU_LIST_MAX - out->n)
		return -ERANGE;
	for (uint64_t c = lo; c <= hi; c++)
		out->cpu[out->n++] = (int)c;
	return 0;
}

int parse_cpu_list(const char *s, struct cpu_list *out)
{
	const char *p = s, *end = s + strlen(s), *b, *e;

	out->n = 0;
	while (next_item(&p, end, &b, &e)) {
		int r = cpu_item(b, e, out);
		if (r) {
			out->n = 0;
			return r;
		}
	}
	return 0;
}

int parse_size_list(const char *s, uint64_t *out, size_t max, size_t *n)
{
	const char *p = s, *end = s + strlen(s), *b, *e;
	size_t k = 0;

	*n = 0;
	while (next_item(&p, end, &b, &e)) {
		if (k == max)
			return -ERANGE;
		int r = size_span(b, e, &out[k]);
		if (r)
			return r;
		k++;
	}
	*n = k;
	return 0;
}

int parse_name_list(const char *s, char ***out, size_t *n)
{
	const char *p = s, *end = s + strlen(s), *b, *e;
	size_t k = 0, cap = 1;

	*out = NULL;
	*n = 0;
	for (const char *c = s; *c; c++)
		cap += *c == ',';
	char **v = calloc(cap, sizeof(*v));
	if (!v)
		return -ENOMEM;
	while (next_item(&p, end, &b, &e)) {
		int r = b == e ? -EINVAL : 0;
		if (!r && !(v[k] = strndup(b, (size_t)(e - b))))
			r = -ENOMEM;
		if (r) {
			free_name_list(v, k);
			return r;
		}
		k++;
	}
	*out = v;
	*n = k;
	return 0;
}

void free_name_list(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Case-insensitive Levenshtein distance; row holds strlen(b) + 1 cells of scratch. */
static size_t edit_distance(const char *a, const char *b, size_t *row)
{
	size_t nb = strlen(b);

	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; a[i - 1]; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j];
			size_t subst = diag + (tolower((unsigned char)a[i - 1]) !=
					       tolower((unsigned char)b[j - 1]));
			size_t best = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
			row[j] = subst < best ? subst : best;
			diag = up;
		}
	}
	return row[nb];
}

const char *suggest_nearest(const char *word, const char *const *candidates, size_t n)
{
	size_t maxlen = 0, limit, best_d = SIZE_MAX;
	const char *best = NULL;

	/* An empty word (e.g. an empty value) is nowhere near anything worth suggesting. */
	if (!word || !*word || n == 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (candidates[i] && strlen(candidates[i]) > maxlen)
			maxlen = strlen(candidates[i]);
	size_t *row = malloc((maxlen + 1) * sizeof(*row));
	if (!row)
		return NULL;
	limit = strlen(word) / 3 > 2 ? strlen(word) / 3 : 2;
	for (size_t i = 0; i < n; i++) {
		if (!candidates[i])
			continue;
		size_t d = edit_distance(word, candidates[i], row);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	free(row);
	return best_d <= limit ? best : NULL;
}

const char *format_duration(uint64_t ns, char *out, size_t n)
{
	double v = (double)ns;

	if (ns < 1000)
		snprintf(out, n, "%llu ns", (unsigned long long)ns);
	else if (ns < 1000000)
		snprintf(out, n, "%.1f us", v / 1e3);
	else if (ns < 1000000000)
		snprintf(out, n, "%.1f ms", v / 1e6);
	else if (ns < 120000000000ull)
		snprintf(out, n, "%.1f s", v / 1e9);
	else
		snprintf(out, n, "%.0f min", v / 6e10);
	return out;
}

/* The decimal multiple of a count: "" 1, "k" or "K" 1000, "M" 1000000; 0 if unknown. */
static uint64_t count_multiplier(const char *b, const char *e)
{
	return b == e ? 1 : span_eq_nocase(b, e, "k") ? 1000 : span_eq(b, e, "M") ? 1000000 : 0;
}

int parse_count_list(const char *s, const char *zero_word, uint64_t min, uint64_t max,
		     uint64_t *out, size_t maxn, size_t *n)
{
	const char *p = s, *end = s + strlen(s), *b, *e;
	size_t k = 0;

	*n = 0;
	while (next_item(&p, end, &b, &e)) {
		if (k == maxn)
			return -ERANGE;
		int r = 0;

		if (zero_word && span_eq_nocase(b, e, zero_word))
			out[k] = 0;
		else
			r = multiple_span(b, e, count_multiplier, &out[k]);
		if (r)
			return r;
		if ((out[k] != 0 || !zero_word) && (out[k] < min || out[k] > max))
			return -ERANGE;
		k++;
	}
	*n = k;
	return 0;
}

const char *format_bytes(uint64_t v, char *out, size_t n)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	int k = 0;

	while (k < 4 && v >= 1024 && v % 1024 == 0)
		v /= 1024, k++;
	snprintf(out, n, "%llu %s", (unsigned long long)v, unit[k]);
	return out;
}
