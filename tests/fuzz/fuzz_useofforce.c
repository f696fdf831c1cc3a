/* libFuzzer harness for the use of force importer (src/domain/useofforce.c)
 * on an in-memory database: any input either imports or is refused with a
 * message naming the file; after any input the report's Total (any tactic,
 * over all days) equals the number of records stored, and the groups add up
 * to it (uof_counts stays in step with uof_records, through creates and
 * updates). The input is tried as it is and after the header, so row
 * validation is reached quickly, and the second import of the same input is
 * rerun, which must change nothing. */
#include "domain/useofforce.h"
#include "store/store.h"
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *st;

static void check_totals(const char *area)
{
	struct uof_query q = { area, "1800-01-01", "2200-12-31", NULL }; /* every date date_valid accepts */
	struct uof_report r;
	struct err e = { 0 };
	int64_t stored = 0;
	assert(uof_report(st, NULL, &q, &r, &e) == 0);
	assert(store_int(st, &e, &stored, "SELECT COUNT(*) FROM uof_records WHERE area = ?", "t", area) == 1);
	assert(r.rows[SS_TOTAL].c.searches == stored);
	int64_t sum = 0;
	for (int g = 0; g < SS_NGROUPS; g++)
		sum += r.rows[g].c.searches;
	assert(sum == stored);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = { 0 };
	if (!st && store_open(&st, ":memory:", &e))
		abort();
	store_exec(st, &e, "DELETE FROM uof_counts", "");
	store_exec(st, &e, "DELETE FROM uof_records", "");
	struct uof_import_stats s;
	if (uof_import_mem(st, "f.csv", (const char *)data, size, "A", 0, &s, &e) == 0)
		check_totals("A");
	else
		assert(!strncmp(e.msg, "f.csv", 5) || e.code != ERR_INPUT);
	size_t hn = strlen(UOF_HEADER "\n");
	char *buf = malloc(hn + size);
	if (!buf)
		return 0;
	memcpy(buf, UOF_HEADER "\n", hn);
	memcpy(buf + hn, data, size);
	if (uof_import_mem(st, "g.csv", buf, hn + size, "B", 0, &s, &e) == 0) {
		check_totals("B");
		assert(uof_import_mem(st, "g.csv", buf, hn + size, "B", 0, &s, &e) == 0);
		assert(s.created == 0 && s.updated == 0);
		check_totals("B");
	}
	free(buf);
	return 0;
}
