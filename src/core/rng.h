/* rng.h — splitmix64, the one deterministic pseudo-random generator.
 * The demo force's streams (src/demo) and the stop and search dip samples
 * draw from it, so the same seed gives the same data and the same sample on
 * every machine (never rand()). It is not for secrets: tokens and salts come
 * from libsodium. The draw functions are inline because the demo's audit
 * part calls them a few million times. */
#ifndef PROBITY_RNG_H
#define PROBITY_RNG_H

#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t s; /* the whole state: { seed } starts a stream at seed */
};

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); 0 when n <= 0. Modulo bias is below 2^-40 for any
 * n this program draws. */
static inline long rng_below(struct rng *r, long n)
{
	return n <= 0 ? 0 : (long)(rng_next(r) % (uint64_t)n);
}

/* Uniform in [lo, hi]; lo when hi <= lo. */
static inline long rng_range(struct rng *r, long lo, long hi)
{
	return hi <= lo ? lo : lo + rng_below(r, hi - lo + 1);
}

/* True p times in a thousand. */
static inline int rng_permille(struct rng *r, int p)
{
	return rng_below(r, 1000) < p;
}

/* Uniform in [0, 1), 53 bits. */
static inline double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* A stream of its own for each named part: seed mixed with the FNV-1a hash
 * of name, advanced once. Adding a part never changes what the others draw. */
void rng_seed(struct rng *r, uint64_t seed, const char *name);

/* An index in [0, n) drawn with the weights w[0..n) (non-negative, not all 0). */
size_t rng_weighted(struct rng *r, const int *w, size_t n);

/* One of list[0..n), uniformly. */
const char *rng_pick(struct rng *r, const char *const *list, size_t n);

#endif
