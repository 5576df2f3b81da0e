/* Text building: a growable string buffer and CSV field quoting (RFC 4180). Files are
 * written by sys/files.h. */
#ifndef IPCBENCH_CSV_H
#define IPCBENCH_CSV_H
#include <stddef.h>

struct sbuf {
	char *p;
	size_t len, cap;
	int oom; /* an allocation failed: the content is incomplete */
};

void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_putc(struct sbuf *b, char c);
/* Appends n bytes as they are (NUL bytes included). */
void sbuf_add(struct sbuf *b, const void *p, size_t n);
void sbuf_reset(struct sbuf *b); /* empty again, keeping the memory */
void sbuf_free(struct sbuf *b);
/* Appends s as one CSV field, quoted when it holds a comma, quote, CR, LF or leading or
 * trailing blank; quotes inside are doubled. NULL is written as NA. */
void sbuf_csv_field(struct sbuf *b, const char *s);
/* Appends a number with `decimals` decimals, or NA when !valid. */
void sbuf_csv_num(struct sbuf *b, int valid, double v, int decimals);

#endif
