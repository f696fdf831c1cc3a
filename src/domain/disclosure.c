/* disclosure.c — the disclosure-control rule (see disclosure.h): one
 * threshold from configuration and complementary suppression of a line of
 * cells with a known total. */
#include "domain/disclosure.h"
#include "domain/config.h"

long disclosure_k(struct store *st)
{
	long k = (long)config_int(st, "disclosure.k", config_int(st, "vetting.suppress_under", DISCLOSURE_K_DEFAULT));
	return k < 1 ? 1 : k;
}

int disclosure_complement(const long *n, unsigned char *hide, size_t count)
{
	int added = 0;
	for (;;) {
		size_t hidden = 0, pick = count;
		for (size_t i = 0; i < count; i++) {
			if (hide[i])
				hidden++;
			else if (pick == count || n[i] < n[pick])
				pick = i;
		}
		if (hidden != 1 || pick == count)
			return added;
		hide[pick] = 1;
		added++;
	}
}

int disclosure_suppress(const int64_t *v, size_t n, int64_t k, int has_total, unsigned char *suppressed)
{
	size_t nsup = 0;
	for (size_t i = 0; i < n; i++) {
		suppressed[i] = (unsigned char)disclosure_small((long)v[i], (long)k);
		nsup += suppressed[i];
	}
	if (!has_total || nsup != 1)
		return 0;
	/* One withheld cell could be worked out from the total: hide the next smallest. */
	size_t best = n;
	for (size_t i = 0; i < n; i++)
		if (!suppressed[i] && v[i] > 0 && (best == n || v[i] < v[best]))
			best = i;
	if (best == n)
		return 1;
	suppressed[best] = 1;
	return 0;
}
