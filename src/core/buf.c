/* buf.c — growable capped buffers. */
#include "core/buf.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_DEFAULT_MAX ((size_t)1 << 30)

struct slice slice_cstr(const char *s)
{
	return (struct slice){ s, s ? strlen(s) : 0 };
}

void buf_init(struct buf *b, size_t max)
{
	b->p = NULL;
	b->n = b->cap = 0;
	b->max = max;
	b->oom = 0;
}

void buf_release(struct buf *b)
{
	if (!b)
		return;
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
	b->oom = 0;
}

char *buf_take(struct buf *b, size_t *len)
{
	char *p = b->p;
	if (len)
		*len = b->n;
	if (!p) {
		p = xcalloc(1, 1);
	}
	b->p = NULL;
	b->n = b->cap = 0;
	return p;
}

void buf_reset(struct buf *b)
{
	b->n = 0;
	b->oom = 0;
	if (b->p)
		b->p[0] = 0;
}

static int grow(struct buf *b, size_t extra)
{
	size_t max = b->max ? b->max : BUF_DEFAULT_MAX;
	if (b->oom)
		return -1;
	if (extra > max || b->n > max - extra) {
		b->oom = 1;
		return -1;
	}
	size_t need = b->n + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap * 2;
	/* Plain realloc, not xrealloc: a buf holds input from a request or a
	 * file, so running out is the caller's to report (sticky oom flag). */
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

int buf_add(struct buf *b, const void *p, size_t n)
{
	if (grow(b, n))
		return -1;
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = 0;
	return 0;
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	char tmp[256];
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof tmp)
		return buf_add(b, tmp, (size_t)n);
	if (grow(b, (size_t)n))
		return -1;
	vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
	b->n += (size_t)n;
	return 0;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *buf_str(const struct buf *b)
{
	return b->p ? b->p : "";
}
