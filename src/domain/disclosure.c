/* disclosure.c — see disclosure.h: small-number suppression for published
 * aggregates, primary and complementary. */
#include "domain/disclosure.h"
#include "domain/config.h"

int64_t disclosure_k(struct store *st)
{
	int64_t k = config_int(st, "disclosure.k", DISCLOSURE_K_DEFAULT);
	return k < 1 ? 1 : k;
}

int disclosure_suppress(const int64_t *v, size_t n, int64_t k, int has_total, unsigned char *suppressed)
{
	size_t nsup = 0;
	for (size_t i = 0; i < n; i++) {
		suppressed[i] = v[i] > 0 && v[i] < k;
		nsup += suppressed[i];
	}
	if (!has_total || nsup != 1)
		return 0;
	/* One suppressed cell could be worked out from the total: hide the next smallest. */
	size_t best = n;
	for (size_t i = 0; i < n; i++)
		if (!suppressed[i] && v[i] > 0 && (best == n || v[i] < v[best]))
			best = i;
	if (best == n)
		return 1;
	suppressed[best] = 1;
	return 0;
}
