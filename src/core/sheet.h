/* sheet.h — one table of rows written as CSV or as an XLSX workbook, the
 * two export formats every register offers. Text cells are written as text
 * (CSV cells that look like formulas are defused by csv_cell; XLSX cells are
 * strings, never formulas); money and number columns become numbers in XLSX,
 * date columns (YYYY-MM-DD) real dates (a serial number shown dd/mm/yyyy).
 * A CSV starts with a UTF-8 byte-order mark (so Excel on Windows reads "£"
 * and accents) unless it is SHEET_CSV_NOBOM. An XLSX has a bold, frozen
 * header row with an autofilter and column widths fitted to the content
 * (at most 60 characters).
 *
 *   struct sheet *s;
 *   sheet_begin(&s, SHEET_XLSX, "Gifts", cols, ncols, &e);
 *   for each row: sheet_row(s, cells);           // ncols strings
 *   sheet_end(s, &out, &e);                       // appends the file's bytes, frees s */
#ifndef PROBITY_SHEET_H
#define PROBITY_SHEET_H

#include "core/buf.h"
#include "core/err.h"
#include <stddef.h>

enum sheet_format { SHEET_CSV, SHEET_XLSX, SHEET_CSV_NOBOM };
/* MONEY cells are pounds, e.g. "12.50"; DATE cells YYYY-MM-DD (anything else
 * is written as text) */
enum sheet_kind { SHEET_TEXT, SHEET_MONEY, SHEET_NUMBER, SHEET_DATE };

struct sheet_col {
	const char *name;
	enum sheet_kind kind;
};

struct sheet;

/* Start a sheet titled title (the XLSX worksheet name, at most 31 chars)
 * with a header row of cols[0..n). */
int sheet_begin(struct sheet **out, enum sheet_format f, const char *title, const struct sheet_col *cols, size_t n,
                struct err *e);
/* The same, writing to the file descriptor fd (borrowed, left open) instead
 * of a buffer: a CSV goes out in 64 KiB pieces as rows come, an XLSX is built
 * in libxlsxwriter's constant-memory mode and copied to fd by sheet_end.
 * Memory stays bounded whatever the number of rows. Finish with
 * sheet_end(s, NULL, e). */
int sheet_begin_fd(struct sheet **out, enum sheet_format f, const char *title, const struct sheet_col *cols,
                   size_t n, int fd, struct err *e);
/* One row of n cells (NULL is an empty cell). Returns -1 once out of memory. */
int sheet_row(struct sheet *s, const char *const *cells);
/* Finish: append the file's bytes to out (NULL for sheet_begin_fd: flush to
 * its fd) and free s (also on failure). */
int sheet_end(struct sheet *s, struct buf *out, struct err *e);
/* Free s without output (an error part-way). Accepts NULL. */
void sheet_free(struct sheet *s);
/* The format named by s ("csv", "xlsx"); -1 if neither. */
int sheet_format_parse(const char *s);

#endif
