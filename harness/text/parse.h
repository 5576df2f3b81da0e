/* Parsers for the values users type: sizes, durations, counts, CPU lists, comma lists.
 * Each returns 0 on success or a negative errno: -EINVAL for garbage (empty, bad suffix,
 * trailing characters, a sign), -ERANGE for overflow or a value outside the allowed range.
 * They never print; callers report with file/line context. */
#ifndef IPCBENCH_PARSE_H
#define IPCBENCH_PARSE_H
#include <stddef.h>
#include <stdint.h>

#define CPU_LIST_MAX 4096

/* "64", "4K", "4k", "1M", "2G", "1T", with optional "B"/"iB" ("4KiB", "4KB" = 4096): binary
 * multiples. Leading/trailing blanks are allowed; anything else around the number is not. */
int parse_size(const char *s, uint64_t *out);

/* "250ns", "500us", "100ms", "1s", "1.5s", "2m": a number with its unit (only 0 may go
 * without: 10 alone could mean seconds or milliseconds). Result in ns. */
int parse_duration_ns(const char *s, uint64_t *out);
/* A duration for people: "800 ns", "1.0 ms", "2.5 s", "3 min". Returns out. */
const char *format_duration(uint64_t ns, char *out, size_t n);
/* A byte count for people, in the largest unit it is a whole multiple of: "64 B", "4 KiB",
 * "1 MiB", "1536 B". Returns out. */
const char *format_bytes(uint64_t v, char *out, size_t n);

/* Decimal unsigned integer within [min, max]. */
int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* "0,1", "0-3,8", "2": CPU ids in the order given, ranges expanded, each < CPU_LIST_MAX.
 * Duplicates are kept (a pair "0,0" means both sides on CPU 0). */
struct cpu_list {
	size_t n;
	int cpu[CPU_LIST_MAX];
};
int parse_cpu_list(const char *s, struct cpu_list *out);

/* Comma-separated sizes ("1,64,4K,1M"): at most max entries. */
int parse_size_list(const char *s, uint64_t *out, size_t max, size_t *n);

/* Comma-separated counts with optional decimal multiples ("1,2,4", "1k,10k,1M": k = 1000,
 * M = 1000000), each in [min, max]; zero_word (if not NULL, any case) stands for 0 and is
 * allowed outside the range, as 0 itself is then. At most maxn entries. */
int parse_count_list(const char *s, const char *zero_word, uint64_t min, uint64_t max,
		     uint64_t *out, size_t maxn, size_t *n);

/* Splits a comma-separated list of names, trimming blanks around each, into a newly
 * allocated array of newly allocated strings (free with free_name_list). Empty items are
 * -EINVAL. */
int parse_name_list(const char *s, char ***out, size_t *n);
void free_name_list(char **v, size_t n);

/* Nearest candidate to word by edit distance, or NULL when none is close enough
 * (distance <= 2, or <= a third of the word's length for long words). */
const char *suggest_nearest(const char *word, const char *const *candidates, size_t n);

#endif
