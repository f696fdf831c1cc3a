/* libFuzzer harness for the stop and search importer (src/domain/stopsearch.c)
 * on an in-memory database: any input either imports or is refused with a
 * message naming the file; after any input the report's Total equals the
 * number of rows the importer said it added, and the per-group counts add
 * up to it (the ss_counts totals stay in step with the rows). The input is
 * tried both as it is and after the public header, so row validation is
 * reached quickly. */
#include "domain/stopsearch.h"
#include "store/store.h"
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *st;

static void check_totals(const char *area, long rows)
{
	struct ss_query q = { area, "1900-01", "9999-12", 0 };
	struct ss_row r[SS_NGROUPS + 1];
	struct err e = { 0 };
	assert(ss_report(st, NULL, &q, r, &e) == 0);
	assert(r[SS_TOTAL].c.searches == rows);
	int64_t sum = 0;
	for (int g = 0; g < SS_NGROUPS; g++)
		sum += r[g].c.searches;
	assert(sum == rows);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = { 0 };
	if (!st && store_open(&st, ":memory:", &e))
		abort();
	store_exec(st, &e, "DELETE FROM ss_counts", "");
	store_exec(st, &e, "DELETE FROM ss_file_months", "");
	store_exec(st, &e, "DELETE FROM ss_searches", "");
	store_exec(st, &e, "DELETE FROM ss_files", "");
	struct ss_import_stats s;
	if (ss_import_mem(st, "f.csv", (const char *)data, size, "A", 0, &s, &e) == 0)
		check_totals("A", s.already ? 0 : s.rows);
	else
		assert(!strncmp(e.msg, "f.csv", 5) || e.code != ERR_INPUT);
	size_t hn = strlen(SS_PUBLIC_HEADER "\n");
	char *buf = malloc(hn + size);
	if (!buf)
		return 0;
	memcpy(buf, SS_PUBLIC_HEADER "\n", hn);
	memcpy(buf + hn, data, size);
	if (ss_import_mem(st, "g.csv", buf, hn + size, "B", 0, &s, &e) == 0)
		check_totals("B", s.already ? 0 : s.rows);
	free(buf);
	return 0;
}
