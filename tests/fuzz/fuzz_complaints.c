/* libFuzzer harness for the complaints importer (src/domain/complaints.c).
 * The input is split at its first NUL byte into CASES.csv and
 * ALLEGATIONS.csv bodies (each given the exact header), and imported into an
 * in-memory database; the bulletin is then computed over everything.
 * Invariants: an import either succeeds or leaves the tables as they were
 * (all or nothing across both files); a second import of an accepted input
 * creates and updates nothing; the bulletin always has its fixed rows. */
#include "core/err.h"
#include "domain/complaints.h"
#include "store/store.h"
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *st;

static int64_t rows(void)
{
	int64_t a = -1, b = -1;
	store_int(st, NULL, &a, "SELECT COUNT(*) FROM complaint_cases", "");
	store_int(st, NULL, &b, "SELECT COUNT(*) FROM complaint_allegations", "");
	return a * 1000003 + b;
}

static char *with_header(const char *header, const uint8_t *p, size_t n, size_t *len)
{
	size_t h = strlen(header);
	char *out = malloc(h + 1 + n + 1);
	if (!out)
		abort();
	memcpy(out, header, h);
	out[h] = '\n';
	memcpy(out + h + 1, p, n);
	*len = h + 1 + n;
	out[*len] = 0;
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e;
	if (!st && store_open(&st, ":memory:", &e))
		abort();
	const uint8_t *nul = memchr(data, 0, size);
	size_t n1 = nul ? (size_t)(nul - data) : size;
	const uint8_t *p2 = nul ? nul + 1 : data + size;
	size_t n2 = nul ? size - n1 - 1 : 0, l1, l2;
	char *cases = with_header(CPL_CASES_HEADER, data, n1, &l1);
	char *alleg = with_header(CPL_ALLEGATIONS_HEADER, p2, n2, &l2);
	struct cpl_import_stats s;
	int64_t before = rows();
	if (complaints_import_mem(st, NULL, cases, l1, alleg, l2, NULL, 0, 0, &s, &e) == 0) {
		assert(rows() == before + s.cases.created * 1000003 + s.allegations.created);
		assert(complaints_import_mem(st, NULL, cases, l1, alleg, l2, NULL, 0, 0, &s, &e) == 0);
		assert(s.cases.created + s.cases.updated + s.allegations.created + s.allegations.updated == 0);
	} else {
		assert(rows() == before);
		assert(e.code == ERR_INPUT);
	}
	struct cpl_bulletin b;
	assert(complaints_bulletin(st, NULL, "2000-01-01", "2030-12-31", -1, &b, &e) == 0);
	assert(cpl_bulletin_get(&b, "open_over_12_months", "all") != NULL);
	cpl_bulletin_release(&b);
	free(cases);
	free(alleg);
	return 0;
}
