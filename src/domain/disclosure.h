/* disclosure.h — disclosure control for aggregates published outside the
 * force: no published cell may count fewer than k people.
 *
 * THE RULE (docs/complaints.md, "Disclosure control"):
 *   k      config disclosure.k, default 10 (at least 1);
 *   primary suppression: a count v with 0 < v < k is not shown ("[c]");
 *          zeros are shown (a zero identifies nobody);
 *   complementary suppression: when the cells are parts of a total that is
 *          also published and exactly one of them is suppressed (so it
 *          could be worked out as the total minus the rest), the smallest
 *          other non-zero cell is suppressed too; if there is none, the
 *          total itself must be withheld (the return value says so);
 *   figures derived from a count (rates, shares, means) are withheld with
 *          the count they are computed from (the caller passes that count).
 * Written for complaints (issue 19) as the one shared function; the
 * disclosure-control module of issue 15 is meant to adopt it, so every
 * publishing capability applies the same k. */
#ifndef PROBITY_DISCLOSURE_H
#define PROBITY_DISCLOSURE_H

#include <stddef.h>
#include <stdint.h>

struct store;

#define DISCLOSURE_K_DEFAULT 10

/* config disclosure.k, default DISCLOSURE_K_DEFAULT; values below 1 count as 1. */
int64_t disclosure_k(struct store *st);

/* Mark in suppressed[0..n) (1 = withhold) the cells of v[0..n) under the
 * rule above; has_total: the cells' total is published beside them.
 * Returns 1 when the total must be withheld too, else 0. */
int disclosure_suppress(const int64_t *v, size_t n, int64_t k, int has_total, unsigned char *suppressed);

#endif
