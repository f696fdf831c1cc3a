/* dipsample.h — the random draw every dip sample makes (stop and search's
 * reasonable grounds, use of force's body-worn video): a partial
 * Fisher–Yates shuffle of the candidates (in the caller's order, by id)
 * driven by splitmix64 (core/rng.h) from a recorded seed, so anyone can
 * repeat it; stratified draws allocate the size to the strata in proportion
 * to their candidates (largest remainder, ties to the lower stratum) and draw
 * within each. Also the shared checks of a requested size and seed. Pure
 * apart from the random seed; no storage. */
#ifndef PROBITY_DIPSAMPLE_H
#define PROBITY_DIPSAMPLE_H

#include "core/err.h"
#include <stddef.h>
#include <stdint.h>

/* Check size (1..1000) and seed (blank: a random one, below 2^53) as typed;
 * problems go in errs under "size" and "seed". 0 when both are good. */
int dip_size_seed(const char *size_text, const char *seed_text, long long *size, uint64_t *seed,
                  struct errlist *errs);

/* Draw k of the candidates. Unstratified: k of all[0..nall) (pick_g[i] = -1).
 * Stratified: from cand[g][0..nc[g]) for g < nstrata (pick_g[i] = g), in
 * stratum order. Shuffles the arrays in place. pick and pick_g hold k
 * entries. Returns how many were picked. */
size_t dip_draw(int64_t *const cand[], const size_t nc[], int nstrata, int64_t *all, size_t nall, size_t k,
                uint64_t seed, int stratified, int64_t *pick, int *pick_g);

#endif
