/* libFuzzer harness for the procurement importer and the supplier name
 * matcher (src/domain/procurement.c). Each input is imported as a contract
 * list into an in-memory database, with the exact header and with a column
 * mapping. Invariants: an import either succeeds or leaves the contracts
 * table as it was (all or nothing); a second import of an accepted input
 * creates nothing; normalising is idempotent and never longer than its
 * input plus the "&" expansions; scores are in [0, 1] and symmetric. */
#include "core/err.h"
#include "domain/people.h"
#include "domain/procurement.h"
#include "store/store.h"
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *st;

static int64_t contracts(void)
{
	int64_t n = -1;
	store_int(st, NULL, &n, "SELECT COUNT(*) FROM contracts", "");
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e;
	if (!st && store_open(&st, ":memory:", &e))
		abort();
	/* The name functions on the raw input (as a C string). */
	char *s = strndup((const char *)data, size > 300 ? 300 : size);
	if (!s)
		return 0;
	char a[SUPPLIER_NAME_MAX], b[SUPPLIER_NAME_MAX];
	supplier_normalise(s, a, sizeof a);
	supplier_normalise(a, b, sizeof b);
	assert(!strcmp(a, b) || strlen(b) <= strlen(a));
	const char *half = s + strlen(s) / 2;
	double x = supplier_score(s, half), y = supplier_score(half, s);
	assert(x >= 0.0 && x <= 1.0 + 1e-9);
	assert(x - y < 1e-9 && y - x < 1e-9);
	free(s);

	struct import_stats stats;
	int64_t before = contracts();
	static const char header[] = "supplier,contract_ref,title,award_date,value,department\n";
	size_t n = sizeof header - 1 + size;
	char *buf = malloc(n + 1);
	if (!buf)
		return 0;
	memcpy(buf, header, sizeof header - 1);
	memcpy(buf + sizeof header - 1, data, size);
	if (procurement_import_mem(st, NULL, "fuzz.csv", buf, n, NULL, 0, &stats, &e) == 0) {
		assert(contracts() == before + stats.created);
		assert(procurement_import_mem(st, NULL, "fuzz.csv", buf, n, NULL, 0, &stats, &e) == 0);
		assert(stats.created == 0);
	} else {
		assert(contracts() == before);
	}
	/* With a mapping, the input's own first line is the header. */
	struct proc_mapping m = { { 0 } };
	m.col[PC_SUPPLIER] = "a";
	m.col[PC_REF] = "b";
	m.col[PC_AWARD] = "c";
	before = contracts();
	if (procurement_import_mem(st, NULL, "fuzz.csv", (const char *)data, size, &m, 0, &stats, &e) == 0)
		assert(contracts() == before + stats.created);
	else
		assert(contracts() == before);
	free(buf);
	return 0;
}
