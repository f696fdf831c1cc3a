/* libFuzzer harness for the business interests importer
 * (src/domain/interests.c). Each input, after the exact header, is imported
 * into an in-memory database holding one person (staff number 1), through a
 * temporary file as the command does. Invariants: all or nothing (a failed
 * import leaves the table as it was); an accepted file imported again
 * creates nothing; a dry run never writes. */
#include "core/err.h"
#include "domain/interests.h"
#include "domain/people.h"
#include "store/store.h"
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *st;
static char path[64];

static int64_t count(void)
{
	int64_t n = -1;
	store_int(st, NULL, &n, "SELECT COUNT(*) FROM business_interests", "");
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e;
	if (!st) {
		if (store_open(&st, ":memory:", &e) ||
		    store_exec(st, &e, "INSERT INTO people(staff_number, forenames, surname, kind) VALUES('1', 'A', 'B', 'staff')", ""))
			abort();
		snprintf(path, sizeof path, "/tmp/fuzz-interests-%d.csv", (int)getpid());
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fputs(INTERESTS_IMPORT_HEADER "\n", f);
	fwrite(data, 1, size, f);
	fclose(f);
	struct import_stats s;
	int64_t before = count();
	if (interests_import(st, path, 1, &s, &e) == 0)
		assert(count() == before);
	if (interests_import(st, path, 0, &s, &e) == 0) {
		assert(count() == before + s.created);
		assert(interests_import(st, path, 0, &s, &e) == 0 && s.created == 0);
	} else {
		assert(count() == before);
	}
	unlink(path);
	return 0;
}
