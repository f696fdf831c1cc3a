/* seen.c — see seen.h. */
#include "core/seen.h"
#include "core/xalloc.h"
#include <stdlib.h>
#include <string.h>

/* FNV-1a */
static size_t seen_hash(const char *k)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ULL;
	return (size_t)h;
}

/* The slot holding k, or the empty slot where it would go (cap > n). */
static size_t seen_slot(const struct seen *s, const char *k)
{
	size_t j = seen_hash(k) % s->cap;
	while (s->keys[j] && strcmp(s->keys[j], k))
		j = (j + 1) % s->cap;
	return j;
}

static int seen_grow(struct seen *s)
{
	struct seen t = { 0 };
	t.cap = s->cap ? s->cap * 2 : 1024;
	t.keys = xcalloc(t.cap, sizeof *t.keys);
	t.val = xcalloc(t.cap, sizeof *t.val);
	if (!t.keys || !t.val) {
		free(t.keys);
		free(t.val);
		return -1;
	}
	for (size_t i = 0; i < s->cap; i++) {
		if (!s->keys[i])
			continue;
		size_t j = seen_slot(&t, s->keys[i]);
		t.keys[j] = s->keys[i];
		t.val[j] = s->val[i];
		t.n++;
	}
	free(s->keys);
	free(s->val);
	*s = t;
	return 0;
}

int seen_get(const struct seen *s, const char *k, int64_t *val)
{
	if (!s->cap)
		return 0;
	size_t j = seen_slot(s, k);
	if (!s->keys[j])
		return 0;
	if (val)
		*val = s->val[j];
	return 1;
}

/* k's slot, adding k (value 0) when new; -1 if out of memory. */
static long seen_add(struct seen *s, const char *k)
{
	if (s->n * 2 >= s->cap && seen_grow(s))
		return -1;
	size_t j = seen_slot(s, k);
	if (!s->keys[j]) {
		if (!(s->keys[j] = xstrdup(k)))
			return -1;
		s->val[j] = 0;
		s->n++;
	}
	return (long)j;
}

int seen_put(struct seen *s, const char *k, int64_t val)
{
	long j = seen_add(s, k);
	if (j < 0)
		return -1;
	s->val[j] = val;
	return 0;
}

int seen_bump(struct seen *s, const char *k)
{
	long j = seen_add(s, k);
	if (j < 0)
		return -1;
	return (int)s->val[j]++;
}

void seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->keys[i]);
	free(s->keys);
	free(s->val);
	memset(s, 0, sizeof *s);
}
