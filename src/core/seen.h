/* seen.h — the strings met so far in an import, each with a number: a small
 * open-addressing hash table (string -> int64_t). Imports use it to count
 * identical rows, to name the line a repeated key was first on, or to keep
 * the id a key was given.
 *
 *   struct seen s = { 0 };
 *   int before = seen_bump(&s, key);        // times key was bumped before
 *   if (seen_get(&s, key, &line)) ...       // 1 and its value when there
 *   seen_put(&s, key, line);                // add or replace
 *   seen_free(&s); */
#ifndef PROBITY_SEEN_H
#define PROBITY_SEEN_H

#include <stddef.h>
#include <stdint.h>

struct seen {
	char **keys; /* NULL = empty slot; owned copies */
	int64_t *val;
	size_t cap, n; /* cap: 0 or a power of two */
	size_t *hv;  /* each slot's key hash: a probe compares it before the string */
};

/* 1 with k's value in *val (when val is not NULL) if k is there, else 0. */
int seen_get(const struct seen *s, const char *k, int64_t *val);
/* Set k's value to val, adding k when new (memory from xalloc: it aborts
 * rather than fail). */
void seen_put(struct seen *s, const char *k, int64_t val);
/* k's value, k added with 0 when new: the pointer is good until the next
 * key is added (one probe where seen_get then seen_put take two). */
int64_t *seen_val(struct seen *s, const char *k);
/* How many times k was bumped before (and count this time: k's value is the
 * count). */
int seen_bump(struct seen *s, const char *k);
/* Free the table; s is empty again afterwards. */
void seen_free(struct seen *s);

#endif
