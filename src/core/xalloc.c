/* xalloc.c — the allocation wrappers of xalloc.h: abort with a message
 * rather than hand back NULL. */
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(const char *what, size_t n)
{
	fprintf(stderr, "probity: out of memory (%s of %zu bytes)\n", what, n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom("malloc", n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom("calloc", count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom("realloc", n);
	return q;
}

void *xgrow(void *p, size_t n, size_t *cap, size_t first, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : first;
	return xrealloc(p, *cap * size);
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		oom("strdup", strlen(s) + 1);
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);
	if (!p)
		oom("strndup", n + 1);
	return p;
}
