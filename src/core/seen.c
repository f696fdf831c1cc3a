/* seen.c — see seen.h. */
#include "core/seen.h"
#include "core/fnv.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

/* The slot holding k (hash h), or the empty slot where it would go (cap > n,
 * a power of two). */
static size_t seen_slot(const struct seen *s, const char *k, size_t h)
{
	size_t m = s->cap - 1, j = h & m;
	while (s->keys[j] && (s->hv[j] != h || strcmp(s->keys[j], k)))
		j = (j + 1) & m;
	return j;
}

static void seen_grow(struct seen *s)
{
	struct seen t = { 0 };
	t.cap = s->cap ? s->cap * 2 : 1024;
	t.keys = xcalloc(t.cap, sizeof *t.keys);
	t.val = xcalloc(t.cap, sizeof *t.val);
	t.hv = xcalloc(t.cap, sizeof *t.hv);
	for (size_t i = 0; i < s->cap; i++) {
		if (!s->keys[i])
			continue;
		size_t j = seen_slot(&t, s->keys[i], s->hv[i]);
		t.keys[j] = s->keys[i];
		t.val[j] = s->val[i];
		t.hv[j] = s->hv[i];
		t.n++;
	}
	free(s->keys);
	free(s->val);
	free(s->hv);
	*s = t;
}

int seen_get(const struct seen *s, const char *k, int64_t *val)
{
	if (!s->cap)
		return 0;
	size_t j = seen_slot(s, k, (size_t)fnv1a(k));
	if (!s->keys[j])
		return 0;
	if (val)
		*val = s->val[j];
	return 1;
}

/* k's slot, adding k (value 0) when new. */
static size_t seen_add(struct seen *s, const char *k)
{
	if (s->n * 2 >= s->cap)
		seen_grow(s);
	size_t h = (size_t)fnv1a(k), j = seen_slot(s, k, h);
	if (!s->keys[j]) {
		s->keys[j] = xstrdup(k);
		s->val[j] = 0;
		s->hv[j] = h;
		s->n++;
	}
	return j;
}

int64_t *seen_val(struct seen *s, const char *k)
{
	size_t j = seen_add(s, k);
	return &s->val[j];
}

void seen_put(struct seen *s, const char *k, int64_t val)
{
	size_t j = seen_add(s, k); /* before reading s->val: adding may move it */
	s->val[j] = val;
}

int seen_bump(struct seen *s, const char *k)
{
	size_t j = seen_add(s, k);
	return (int)s->val[j]++;
}

void seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->keys[i]);
	free(s->keys);
	free(s->val);
	free(s->hv);
	memset(s, 0, sizeof *s);
}
