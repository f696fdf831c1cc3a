/* csv_import.h — the one loop every register's CSV import runs: read the
 * file, check its header, then in one transaction check and insert each data
 * row (blank lines skipped; a row with the wrong number of columns refused as
 * "file:line: has N columns, expected M"). All-or-nothing: any error rolls
 * the whole file back. dry_run rolls back after counting. On success with
 * rows created it writes one access-log line ("import", object_type, file).
 *
 * row() checks and inserts one row; it adds the rows it created to *created
 * and returns 0, or sets e ("file:line: column: problem") and returns -1. */
#ifndef PROBITY_CSV_IMPORT_H
#define PROBITY_CSV_IMPORT_H

#include "core/csv.h"
#include "core/err.h"
#include <stddef.h>

struct store;
struct import_stats;

typedef int (*csv_import_row_fn)(struct store *st, const struct csv *c, void *ctx, long *created, struct err *e);

int csv_import_run(struct store *st, const char *path, const char *header, size_t ncol, csv_import_row_fn row,
                   void *ctx, const char *object_type, int dry_run, struct import_stats *s, struct err *e);

#endif
