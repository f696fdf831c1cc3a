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
