/* buf.h — growable byte buffers with a hard cap, and length-counted slices.
 * A buf is always NUL-terminated (b->p[b->n] == 0) once anything was added,
 * so it can be handed to C string functions. Input from a request or a file
 * goes into a buf with a cap, so a hostile size fails instead of exhausting
 * memory. */
#ifndef PROBITY_BUF_H
#define PROBITY_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct slice {
	const char *p;
	size_t n;
};

#define SLICE_LIT(s) ((struct slice){ (s), sizeof(s) - 1 })
struct slice slice_cstr(const char *s);

struct buf {
	char *p;
	size_t n;     /* bytes used, excluding the terminating NUL */
	size_t cap;   /* bytes allocated */
	size_t max;   /* hard limit on n; 0 means 1 GiB */
	int oom;      /* set when an append failed; later appends are ignored */
};

#define BUF_INIT { 0, 0, 0, 0, 0 }

void buf_init(struct buf *b, size_t max);
/* Free the contents; b can be reused after buf_init. Accepts NULL. */
void buf_release(struct buf *b);
/* Take the bytes: the caller owns the returned pointer (free()), b is reset. */
char *buf_take(struct buf *b, size_t *len);
void buf_reset(struct buf *b);
/* Appends return 0, or -1 if the cap or memory was exhausted (b->oom set). */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* The contents as a C string ("" when empty). */
const char *buf_str(const struct buf *b);

#endif
