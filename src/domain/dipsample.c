/* dipsample.c — the shared dip-sample draw (see dipsample.h). */
#include "domain/dipsample.h"
#include "core/rng.h"
#include "core/xalloc.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Move k random elements of v[0..n) to its front (uniform, unbiased enough:
 * modulo bias is below 2^-40 for any realistic n). */
static void partial_shuffle(int64_t *v, size_t n, size_t k, struct rng *state)
{
	for (size_t i = 0; i < k && i < n; i++) {
		size_t j = i + (size_t)(rng_next(state) % (uint64_t)(n - i));
		int64_t t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}

int dip_size_seed(const char *size_text, const char *seed_text, long long *size, uint64_t *seed,
                  struct errlist *errs)
{
	char *end;
	int before = errs->n;
	*size = size_text ? strtoll(size_text, &end, 10) : 0;
	if (!size_text || !*size_text || *end || *size < 1 || *size > 1000)
		errlist_add(errs, "size", "Enter a sample size from 1 to 1000");
	*seed = 0;
	if (seed_text && *seed_text) {
		unsigned long long v = strtoull(seed_text, &end, 10);
		if (*end || seed_text[0] == '-' || strlen(seed_text) > 20)
			errlist_add(errs, "seed", "Enter the seed as a whole number, or leave it blank for a random one");
		*seed = v;
	} else {
		randombytes_buf(seed, sizeof *seed);
		*seed >>= 11; /* stays exact when read back as a double by spreadsheets */
	}
	return errs->n > before ? -1 : 0;
}

size_t dip_draw(int64_t *const cand[], const size_t nc[], int nstrata, int64_t *all, size_t nall, size_t k,
                uint64_t seed, int stratified, int64_t *pick, int *pick_g)
{
	struct rng state = { seed };
	size_t npick = 0;
	if (!stratified) {
		partial_shuffle(all, nall, k, &state);
		for (size_t i = 0; i < k && i < nall; i++) {
			pick[npick] = all[i];
			pick_g[npick++] = -1;
		}
		return npick;
	}
	size_t total = 0, given = 0;
	for (int g = 0; g < nstrata; g++)
		total += nc[g];
	if (!total)
		return 0;
	size_t *quota = xcalloc((size_t)nstrata, sizeof *quota);
	double *rem = xcalloc((size_t)nstrata, sizeof *rem);
	for (int g = 0; g < nstrata; g++) {
		double exact = (double)k * (double)nc[g] / (double)total;
		quota[g] = (size_t)exact;
		rem[g] = exact - (double)quota[g];
		given += quota[g];
	}
	while (given < k) { /* largest remainder, ties to the lower stratum */
		int best = -1;
		for (int g = 0; g < nstrata; g++)
			if (quota[g] < nc[g] && (best < 0 || rem[g] > rem[best]))
				best = g;
		if (best < 0)
			break;
		quota[best]++;
		rem[best] = -1;
		given++;
	}
	for (int g = 0; g < nstrata; g++) {
		partial_shuffle(cand[g], nc[g], quota[g], &state);
		for (size_t i = 0; i < quota[g]; i++) {
			pick[npick] = cand[g][i];
			pick_g[npick++] = g;
		}
	}
	free(quota);
	free(rem);
	return npick;
}
