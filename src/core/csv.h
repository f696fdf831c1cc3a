/* csv.h — RFC 4180 reader for imports, and the CSV cell encoder for exports.
 * The reader takes the whole input in memory (imports are at most tens of
 * megabytes; the audit engine has its own streaming reader for the hot path),
 * accepts CRLF or LF line ends, quoted fields with commas, doubled quotes and
 * newlines, a UTF-8 byte order mark, and a last line without a newline.
 * An XLSX workbook is read as its first sheet (core/xlsx.h), one line per row.
 * It rejects invalid UTF-8, unterminated quotes, text after a closing quote
 * and fields over CSV_FIELD_MAX bytes, naming the physical line. */
#ifndef PROBITY_CSV_H
#define PROBITY_CSV_H

#include "core/buf.h"
#include "core/err.h"
#include <stddef.h>

#define CSV_FIELD_MAX 8192
#define CSV_MAX_FIELDS 64
#define CSV_FILE_MAX ((size_t)512 << 20)

struct csv {
	char name[256];      /* file name for messages */
	char *data;          /* owned input */
	size_t len, pos;
	long line;           /* physical line where the current record starts (1-based) */
	long next_line;      /* physical line where the next record starts */
	struct buf fields;   /* the current record's fields, each NUL-terminated */
	size_t off[CSV_MAX_FIELDS];
	size_t nf;
	const char *const *names; /* the header's column names (borrowed), for messages; NULL: "field N" */
	size_t nnames;
};

/* Read path ("-" is standard input) into c. */
int csv_open_file(struct csv *c, const char *path, struct err *e);
/* Copy n bytes at p into c; name is used in messages. */
int csv_open_mem(struct csv *c, const char *name, const char *p, size_t n, struct err *e);
void csv_close(struct csv *c);
/* Parse the next record: 1 when one was read, 0 at end of input, -1 on a
 * malformed record (e names "file:line: ..."). */
int csv_next(struct csv *c, struct err *e);
/* Field i of the current record as a NUL-terminated string (borrowed until
 * the next csv_next). i must be < c->nf. */
const char *csv_field(const struct csv *c, size_t i);
/* Check the current record is the header `want` (comma-separated names). */
int csv_expect_header(struct csv *c, const char *want, struct err *e);
/* Read the header record into got (its fields joined by commas; got is the
 * caller's, initialised): 0, or -1 with e set (an empty file: "expected
 * header want"). */
int csv_read_header(struct csv *c, const char *want, struct buf *got, struct err *e);

/* Tidy the current record as every importer reads it: surrounding spaces
 * and tabs removed (identifiers arrive padded from spreadsheets), the
 * apostrophe csv_cell puts before formula-like text removed (so an export
 * reads back as it was), and a date written d/m/yyyy or dd/mm/yyyy (UK
 * Excel) turned into YYYY-MM-DD. Returns 1 when every field is then empty
 * (a blank line, or one of only commas), else 0. */
int csv_normalise(struct csv *c);
/* 1 for yes, y or true, 0 for no, n or false, in any case; -1 otherwise. */
int csv_yes_no(const char *s);

/* Append s to b as one CSV cell: quoted when it holds a comma, quote, CR or
 * LF; a cell that a spreadsheet would run as a formula (starting =, +, -, @,
 * any whitespace including newline, no-break and ideographic space, or the
 * full-width ＝ ＋ － ＠) is prefixed with an apostrophe. */
void csv_cell(struct buf *b, const char *s);
/* Append cells[0..n) to b as one CSV line (csv_cell each, comma-separated, then LF). */
void csv_line(struct buf *b, const char *const *cells, size_t n);
/* True when s starts like a spreadsheet formula. */
int csv_formula_like(const char *s);
/* The same for the n bytes at p (not NUL-terminated). */
int csv_formula_like_n(const char *p, size_t n);

/* Length of the valid UTF-8 prefix of p[0..n): n when all of it is valid. */
size_t utf8_valid_prefix(const unsigned char *p, size_t n);

#endif
