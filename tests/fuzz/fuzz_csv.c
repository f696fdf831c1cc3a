/* libFuzzer harness for the import CSV reader (src/core/csv.c) and the
 * field parsers every importer uses (dates, money). Invariants checked:
 * the reader never reads past its input, every record's fields are
 * NUL-terminated and no longer than CSV_FIELD_MAX, line numbers only grow,
 * and the encoder's output re-reads to the same cell. */
#include "core/csv.h"
#include "core/date.h"
#include <assert.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv c;
	struct err e;
	if (csv_open_mem(&c, "fuzz.csv", (const char *)data, size, &e) == 0) {
		long last = 0;
		int r;
		while ((r = csv_next(&c, &e)) == 1) {
			assert(c.line > last || c.line == last);
			last = c.line;
			assert(c.nf >= 1 && c.nf <= CSV_MAX_FIELDS);
			for (size_t i = 0; i < c.nf; i++) {
				const char *f = csv_field(&c, i);
				size_t n = strlen(f);
				assert(n <= CSV_FIELD_MAX);
				int64_t p;
				money_parse(f, INT64_MAX / 2, &p);
				date_valid(f);
				/* Round trip one cell through the encoder (non-formula cells). */
				if (!csv_formula_like(f) && n < 512 && strncmp(f, "\xEF\xBB\xBF", 3) != 0) {
					struct buf b;
					buf_init(&b, 0);
					csv_cell(&b, f);
					struct csv c2;
					struct err e2;
					if (csv_open_mem(&c2, "cell", b.p, b.n, &e2) == 0) {
						if (csv_next(&c2, &e2) == 1 && n > 0 && !strpbrk(f, "\r\n"))
							assert(c2.nf == 1 && strcmp(csv_field(&c2, 0), f) == 0);
					}
					csv_close(&c2);
					buf_release(&b);
				}
			}
		}
	}
	csv_close(&c);
	return 0;
}
