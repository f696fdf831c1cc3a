/* disclosure.h — the one statistical disclosure-control rule for every
 * aggregate Probity shows (vetting disproportionality, published tables,
 * scrutiny and PCC views). A cell based on fewer than k people (config
 * disclosure.k, default 10) is hidden; where the hidden cells of a line
 * whose total is known would leave one cell recoverable (one hidden cell,
 * the total shown or known), the next smallest cell is hidden too
 * (complementary suppression); a group whose cells are all hidden is not
 * named by the caller. Pure functions apart from disclosure_k; callers in
 * src/domain decide which lines share a total. See docs/vetting.md. */
#ifndef PROBITY_DISCLOSURE_H
#define PROBITY_DISCLOSURE_H

#include <stddef.h>
#include <stdint.h>

struct store;

#define DISCLOSURE_K_DEFAULT 10

/* The threshold k: config disclosure.k (else the older vetting.suppress_under),
 * default 10, never under 1. */
long disclosure_k(struct store *st);

/* Whether a count must be hidden on its own: based on at least one and
 * fewer than k people. */
static inline int disclosure_small(long n, long k) { return n > 0 && n < k; }

/* Complementary suppression on one line of count cells whose total is known:
 * while exactly one cell is hidden (hide[i] != 0) and another is shown, hide
 * the smallest shown cell (the first of equals). Returns how many cells it
 * hid. */
int disclosure_complement(const long *n, unsigned char *hide, size_t count);

/* For a published table (complaints): mark in suppressed[0..n) (1 = withhold)
 * the cells of v[0..n) that are small (disclosure_small), and, when the
 * cells' total is published beside them (has_total) and exactly one cell is
 * withheld, the smallest other non-zero cell too (zeros are shown: a zero
 * identifies nobody). Returns 1 when no such cell exists, so the total
 * itself must be withheld; else 0. Figures derived from a count are
 * withheld with it by the caller. */
int disclosure_suppress(const int64_t *v, size_t n, int64_t k, int has_total, unsigned char *suppressed);

#endif
