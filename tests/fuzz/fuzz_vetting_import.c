/* libFuzzer harness for the vetting import's row validation
 * (src/domain/vetting_import.c) on top of the CSV reader: the input becomes
 * the body of a file under the exact header, imported as a dry run into one
 * database. Invariants: it never crashes or leaks; a failure names the file
 * and a line and leaves the counts at zero; a success counts every row as
 * created (nothing is ever stored, so nothing is "unchanged"); and a dry run
 * never leaves an application behind. */
#include "core/err.h"
#include "domain/people.h"
#include "domain/vetting.h"
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = { 0 };
	if (!st) {
		char db[64];
		snprintf(db, sizeof db, "/tmp/probity-fuzz-vetting-%d.db", (int)getpid());
		unlink(db);
		if (store_open(&st, db, &e))
			abort();
		snprintf(path, sizeof path, "/tmp/probity-fuzz-vetting-%d.csv", (int)getpid());
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fputs(VETTING_IMPORT_HEADER "\n", f);
	fwrite(data, 1, size, f);
	fclose(f);
	struct import_stats s;
	int rc = vetting_import(st, path, 1, &s, &e);
	if (rc) {
		assert(strstr(e.msg, path) == e.msg || e.code != ERR_INPUT);
		assert(s.rows == 0 && s.created == 0);
	} else {
		assert(s.created == s.rows && s.unchanged == 0);
	}
	int64_t n = -1;
	assert(store_int(st, NULL, &n, "SELECT COUNT(*) FROM vetting_applications", "") == 1 && n == 0);
	return 0;
}
