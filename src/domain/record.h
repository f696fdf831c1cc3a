/* record.h — one field list per record type. A register's record is written
 * once, as an X-macro list of its fields (as src/web/pages.h lists pages):
 *
 *   #define ASSOCIATION_FIELDS(X) \
 *       X(I64,  id,           0,  "a.id",           NULL,           NULL) \
 *       X(TEXT, staff_number, 32, "p.staff_number", "staff_number", "staff_number") \
 *
 * each line: kind, C member, size of a text member, SQL expression, JSON key
 * ("a.b" puts b in a nested object a; NULL: not in the JSON) and export
 * column (NULL: not exported). The list's order is the export's column order.
 * From that one list come
 *   - the struct's members:        struct association { ASSOCIATION_FIELDS(RECORD_MEMBER) };
 *   - the SELECT column list, a string literal so the statement stays in the
 *     store's statement cache:      "SELECT " ASSOCIATION_FIELDS(RECORD_SQL) "COUNT(*) OVER () FROM ..."
 *     (each column is followed by ", ", so one more column must close it);
 *   - a table of field descriptors (RECORD_FIELD, with RECORD_TYPE defined as
 *     the struct) from which record_read fills the struct from a row,
 *     record_cells makes the export row and the web layer the JSON object.
 * A record's reference (G000012, BI000012, NA000012, CC000012) comes from
 * its module's X_ref(), the one place its format is written. */
#ifndef PROBITY_RECORD_H
#define PROBITY_RECORD_H

#include "core/sheet.h"
#include <stddef.h>
#include <stdint.h>

struct stmt;

enum field_kind {
	FIELD_TEXT,   /* char[size]; JSON string; export text */
	FIELD_STATUS, /* char[size]; JSON the code; export the record's status label */
	FIELD_I64,    /* int64_t; JSON integer; export number */
	FIELD_INT,    /* int; JSON integer; export number */
	FIELD_BOOL,   /* int 0/1; JSON true/false; export yes/no */
	FIELD_MONEY,  /* int64_t pence; JSON integer pence; export pounds ("12.50") */
};

#define RECORD_MEMBER(kind, name, size, sql, json, col) RECORD_MEMBER_##kind(name, size)
#define RECORD_MEMBER_TEXT(name, size) char name[size];
#define RECORD_MEMBER_STATUS(name, size) char name[size];
#define RECORD_MEMBER_I64(name, size) int64_t name;
#define RECORD_MEMBER_INT(name, size) int name;
#define RECORD_MEMBER_BOOL(name, size) int name;
#define RECORD_MEMBER_MONEY(name, size) int64_t name;

#define RECORD_SQL(kind, name, size, sql, json, col) sql ", "

#define RECORD_FIELD(kind, name, size, sql, json, col) \
	{ FIELD_##kind, offsetof(RECORD_TYPE, name), sizeof(((RECORD_TYPE *)0)->name), json, col },

struct field_desc {
	enum field_kind kind;
	size_t offset, size;
	const char *json, *col;
};

/* The longest reference, with its NUL. */
#define REF_MAX 24

/* What the shared code needs to know of one record type. */
struct store;
struct err;

struct record_def {
	const struct field_desc *fields;
	size_t nfields;
	size_t size;                               /* sizeof the struct */
	size_t id_offset;                          /* offsetof its int64_t id */
	const char *(*ref)(int64_t id, char out[REF_MAX]); /* NULL: the record has no reference */
	const char *(*status_label)(const char *); /* FIELD_STATUS export cells; NULL: the code */
};

/* prefix then id in six digits or more ("NA", 12: "NA000012"); returns out. */
const char *record_ref(const char *prefix, int64_t id, char out[REF_MAX]);
/* The record's id and reference. */
int64_t record_id(const struct record_def *d, const void *rec);
const char *record_reference(const struct record_def *d, const void *rec, char out[REF_MAX]);

/* Fill rec (d->size bytes, zeroed first) from the current row of s, whose
 * columns 0..nfields-1 are the field list's. */
void record_read(const struct record_def *d, struct stmt *s, void *rec);
/* One record by id: sql selects the field list's columns, then one integer
 * column more (*extra when extra is not NULL: e.g. the holder's manager),
 * with ? the id. 1 found (rec filled by record_read), 0 not found, -1 on
 * an error (e set). */
int record_load(struct store *st, const struct record_def *d, const char *sql, int64_t id, void *rec,
                int64_t *extra, struct err *e);

/* The export's columns: "reference" (when the record has one), then every
 * field with a column, into cols (room for RECORD_MAX_COLS); returns how many.
 * A TEXT field of size 11 is a YYYY-MM-DD date (an XLSX date cell). */
#define RECORD_MAX_COLS 64
size_t record_cols(const struct record_def *d, struct sheet_col *cols);
/* One export row of rec, matching record_cols, through sheet_row. */
int record_sheet_row(const struct record_def *d, const void *rec, struct sheet *sh);

#endif
