/* csv_import.h — the one import pipeline every CSV importer runs (people,
 * gifts, business interests, vetting applications, inspection findings,
 * procurement contracts, stop and search and its populations, the audit
 * engine's reference data), over a CSV already opened from a file or an
 * upload. Its steps, in one transaction:
 *
 *   header  check the first record (default: exactly spec->header) and set
 *           up; may set im->ncol (the row width) or im->skip (nothing to do);
 *   row     check and write one data row. Every row is first tidied by
 *           csv_normalise (core/csv.h: fields trimmed, the export's
 *           apostrophe removed, d/m/yyyy dates as YYYY-MM-DD); blank lines
 *           and lines of only commas are skipped wherever they are; a row
 *           of the wrong width is refused naming the column: "file:line:
 *           start_date: missing (the line has 9 columns, expected 10)".
 *           Counts what it created and updated;
 *   finish  after the last row: aggregates, cross-row checks; may set
 *           im->skip or im->detail (the access-log detail).
 *
 * An importer with an apply step checks and resolves every row first,
 * outside any transaction (its row step only reads and keeps what it will
 * write), then takes the write lock for one short transaction in which
 * apply writes it all: a large file never locks the web out while it is
 * read and checked (docs/scale.md).
 *
 * A file with a header and no rows is refused ("file: the file has a header
 * but no rows to import"), an empty one names itself ("file: the file is
 * empty (expected the header ...)"); the CSV reader's own errors name the
 * column by the header's name.
 * All-or-nothing: any error rolls the whole file back and zeroes the counts.
 * dry_run rolls back after counting. Otherwise one access-log line
 * ("import", object_type, file name) is written when rows were created or
 * updated, or always when finish set im->detail. Rerunning is each
 * importer's promise: its row step leaves a row already stored unchanged. */
#ifndef PROBITY_CSV_IMPORT_H
#define PROBITY_CSV_IMPORT_H

#include "core/csv.h"
#include "core/err.h"
#include "domain/actor.h"
#include "domain/people.h"
#include "domain/register.h"
#include <stddef.h>

struct store;
struct csv_import;

struct csv_import_spec {
	const char *header;        /* the exact header line; NULL when header() checks it */
	size_t ncol;               /* data row width; 0 when header() sets im->ncol, or any width */
	const char *object_type;   /* for the access log */
	int (*header_fn)(struct csv_import *im, struct csv *c, struct err *e);        /* optional */
	int (*row_fn)(struct csv_import *im, const struct csv *c, struct err *e);     /* required */
	int (*finish_fn)(struct csv_import *im, const struct csv *c, struct err *e);  /* optional */
	/* optional: write what the row steps kept, inside the one transaction
	 * (then row and finish run before it, without the write lock) */
	int (*apply_fn)(struct csv_import *im, struct err *e);
	/* Round trip (optional, with a fixed header): the register whose export
	 * the importer also reads. When the file's header is that export's
	 * (domain/register.h: reference, then its columns), the reference is the
	 * key: a row whose reference names a stored record (exists_sql, "SELECT
	 * id FROM gifts WHERE id = ?", finds it) is left as it is and counted
	 * unchanged, so re-importing an export changes nothing; any other row
	 * goes to row_fn rearranged into the import's columns, each taken from
	 * the export column of the same name or from_export's (per import
	 * column; NULL or a NULL entry: the same name). */
	const struct register_def *reg;
	const char *const *from_export;
	const char *exists_sql;
	/* A header with no rows is refused unless this is set (a companion
	 * file of a set, such as complaints' allegations, may have none). */
	int may_be_empty;
};

/* One run. The caller sets st, who (NULL: the host, from the CLI), dry_run
 * and ctx (the importer's own state); the pipeline fills the rest. */
struct csv_import {
	struct store *st;
	const struct actor *who;
	int dry_run;
	void *ctx;
	size_t ncol;
	int skip;                  /* set by a step: roll back, return 0, count nothing */
	struct import_stats n;     /* rows, created, updated (the step counts), unchanged (the rest) */
	char detail[400];
};

/* Run spec over c (opened by csv_open_file/csv_open_mem; the caller closes
 * it). Returns 0 or -1 with e set; e names "file:line: column: problem". */
int csv_import_run(const struct csv_import_spec *spec, struct csv_import *im, struct csv *c, struct err *e);
/* Open path ("-" is standard input), run, close. */
int csv_import_file(const struct csv_import_spec *spec, struct csv_import *im, const char *path, struct err *e);
/* Open n bytes at p (an upload named name), run, close. */
int csv_import_mem(const struct csv_import_spec *spec, struct csv_import *im, const char *name, const char *p,
                   size_t n, struct err *e);

/* For an importer whose own columns are its register's export (reference
 * first, then the export's columns): the row's reference as a record id.
 * 0 with *id 0 when the reference is empty (a new record); 0 with *id set
 * when it names a record exists_sql ("SELECT id FROM t WHERE id = ?")
 * finds; -1 with e "file:line: reference: ..." when it is not one of
 * reg's references, or no stored record has it (an export's reference
 * always names a stored record: one that does not is refused, never
 * created under another number). */
/* The key of a new row: "import:" and the hex SHA-256 of its fields 1 to
 * ncol-1 (each with its NUL), kept as the record's submit_key, so a file of
 * new rows imported twice adds them once. out holds 72 bytes. */
void csv_import_row_key(const struct csv *c, size_t ncol, char out[72]);
int csv_import_reference(const struct register_def *reg, struct csv_import *im, const struct csv *c,
                         const char *exists_sql, int64_t *id, struct err *e);

/* Trim s in place as csv_normalise trims a field (spaces and tabs around
 * it, a carriage return at its end), so a stored value compares equal to
 * what its export reads back as. Returns s. */
char *csv_import_trim(char *s);

/* An importer's checked row kept as its fields one after another, each
 * with its NUL (the check step's text, read again by the write step): the
 * first n of them at p into f. */
void csv_import_unpack(const char *p, const char **f, int n);

/* Seconds on a monotonic clock: PROBITY_IMPORT_TIMING's figures (stderr). */
double csv_import_seconds(void);

/* Set e to ERR_INPUT "file:line: column: <fmt...>" for c's current record
 * and return -1. */
int csv_row_error(struct err *e, const struct csv *c, const char *column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The same for a record that is no longer current (line is its first line). */
int csv_line_error(struct err *e, const struct csv *c, long line, const char *column, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
