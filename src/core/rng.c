/* rng.c — the out-of-line parts of the deterministic generator (see rng.h):
 * seeding a named stream and the two list draws. */
#include "core/rng.h"
#include "core/fnv.h"

void rng_seed(struct rng *r, uint64_t seed, const char *name)
{
	r->s = seed ^ fnv1a(name);
	rng_next(r);
}

size_t rng_weighted(struct rng *r, const int *w, size_t n)
{
	long sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += w[i];
	long x = rng_below(r, sum);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

const char *rng_pick(struct rng *r, const char *const *list, size_t n)
{
	return list[rng_below(r, (long)n)];
}
