/* xlsx.h — the first worksheet of an XLSX workbook read as CSV text, so
 * every importer (domain/csv_import.h, through core/csv.c's readers) takes a
 * spreadsheet saved from Excel as readily as a CSV. Read with minizip and
 * expat from Debian (docs/ARCHITECTURE.md says why). Each sheet row becomes
 * one CSV line at the same line number (rows Excel left out become blank
 * lines), text cells their text, numbers as Excel shows them at full
 * precision (%.15g), numbers in a date format YYYY-MM-DD, booleans true or
 * false, formulas their cached value. Untrusted input: parts are capped in
 * size, expat's defaults refuse entity expansion, and the reader has a
 * fuzz harness (tests/fuzz/fuzz_xlsx.c). */
#ifndef PROBITY_XLSX_H
#define PROBITY_XLSX_H

#include "core/buf.h"
#include "core/err.h"
#include <stddef.h>

/* True when the n bytes at p start as a zip file (an XLSX). */
int xlsx_is_zip(const char *p, size_t n);
/* Append the first sheet of the workbook p[0..n) to out as CSV text (out's
 * cap bounds it); name is for messages. 0, or -1 with e naming the file. */
int xlsx_to_csv(const char *name, const char *p, size_t n, struct buf *out, struct err *e);

#endif
