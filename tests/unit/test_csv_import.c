/* Unit tests for the import pipeline (src/domain/csv_import.c) with a small
 * importer of its own: the header check, blank lines, the row width, the
 * counts, dry run, all-or-nothing on a bad row and in the finish step, the
 * skip that a step may ask for, the access-log line, and csv_row_error's
 * "file:line: column: problem". */
#include "test.h"
#include "fixture.h"
#include "core/sheet.h"
#include "domain/associations.h"
#include "domain/csv_import.h"

/* The test importer writes into config (key, value): created when new,
 * updated when different, unchanged otherwise. */
struct ctx {
	int fail_finish, skip_finish;
};

static int row(struct csv_import *im, const struct csv *c, struct err *e)
{
	const char *k = csv_field(c, 0), *v = csv_field(c, 1);
	if (!*v)
		return csv_row_error(e, c, "value", "\"%s\" has no value", k);
	char old[64];
	int r = store_text(im->st, e, old, sizeof old, "SELECT value FROM config WHERE key = ?", "t", k);
	if (r < 0)
		return -1;
	if (r == 1 && !strcmp(old, v))
		return 0;
	if (store_exec(im->st, e, "INSERT INTO config(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET "
	                          "value = excluded.value", "tt", k, v))
		return -1;
	if (r == 1)
		im->n.updated++;
	else
		im->n.created++;
	return 0;
}

static int finish(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct ctx *x = im->ctx;
	if (x->fail_finish)
		return err_set(e, ERR_CONFLICT, "%s: refused at the end", c->name);
	im->skip = x->skip_finish;
	return 0;
}

static const struct csv_import_spec spec = { "key,value", 2, "config", NULL, row, finish };

static int run(const char *text, int dry_run, struct ctx *x, struct import_stats *n, struct err *e)
{
	struct csv_import im = { .st = st, .dry_run = dry_run, .ctx = x };
	int rc = csv_import_mem(&spec, &im, "t.csv", text, strlen(text), e);
	*n = im.n;
	return rc;
}

static long count(const char *sql)
{
	int64_t n = -1;
	struct err e = { 0 };
	store_int(st, &e, &n, sql, "");
	return (long)n;
}

#define KEYS "SELECT COUNT(*) FROM config WHERE key LIKE 't.%'"
#define LOGS "SELECT COUNT(*) FROM access_log WHERE action = 'import' AND object_type = 'config'"

TEST(test_import_counts_created_updated_unchanged_and_logs_once)
{
	struct ctx x = { 0 };
	struct import_stats n;
	struct err e = { 0 };
	long logs = count(LOGS);
	CHECK_INT(run("key,value\nt.a,1\n\nt.b,2\n", 0, &x, &n, &e), 0);
	CHECK_INT(n.rows, 2);
	CHECK_INT(n.created, 2);
	CHECK_INT(n.unchanged, 0);
	CHECK_INT(count(KEYS), 2);
	CHECK_INT(count(LOGS), logs + 1);
	CHECK_INT(run("key,value\nt.a,1\nt.b,3\n", 0, &x, &n, &e), 0);
	CHECK_INT(n.rows, 2);
	CHECK_INT(n.created, 0);
	CHECK_INT(n.updated, 1);
	CHECK_INT(n.unchanged, 1);
	CHECK_INT(count(LOGS), logs + 2);
	/* a rerun changes nothing and logs nothing */
	CHECK_INT(run("key,value\nt.a,1\nt.b,3\n", 0, &x, &n, &e), 0);
	CHECK_INT(n.unchanged, 2);
	CHECK_INT(count(LOGS), logs + 2);
}

TEST(test_import_dry_run_counts_but_writes_nothing)
{
	struct ctx x = { 0 };
	struct import_stats n;
	struct err e = { 0 };
	long logs = count(LOGS), keys = count(KEYS);
	CHECK_INT(run("key,value\nt.dry,1\n", 1, &x, &n, &e), 0);
	CHECK_INT(n.created, 1);
	CHECK_INT(count(KEYS), keys);
	CHECK_INT(count(LOGS), logs);
}

TEST(test_import_is_all_or_nothing_naming_file_line_column)
{
	struct ctx x = { 0 };
	struct import_stats n;
	struct err e = { 0 };
	long keys = count(KEYS);
	CHECK(run("key,value\nt.c,1\nt.d,\n", 0, &x, &n, &e) != 0);
	CHECK_STR(e.msg, "t.csv:3: value: \"t.d\" has no value");
	CHECK_INT(n.rows, 0);
	CHECK_INT(count(KEYS), keys);
	CHECK(run("key,value\nt.c,1\nt.d,1,extra\n", 0, &x, &n, &e) != 0);
	CHECK_STR(e.msg, "t.csv:3: value: followed by more values than the header names (the line has 3 columns, "
	                 "expected 2)");
	CHECK(run("k,v\nt.c,1\n", 0, &x, &n, &e) != 0);
	CHECK_HAS(e.msg, "t.csv:1:");
	x.fail_finish = 1;
	CHECK(run("key,value\nt.c,1\n", 0, &x, &n, &e) != 0);
	CHECK_STR(e.msg, "t.csv: refused at the end");
	CHECK_INT(count(KEYS), keys);
}

/* Issue 25: structural errors name the column by the header's name. */
TEST(test_import_structural_errors_name_the_column)
{
	struct ctx x = { 0 };
	struct import_stats n;
	struct err e = { 0 };
	CHECK(run("key,value\nt.s1,1\nt.s2\n", 0, &x, &n, &e) != 0);
	CHECK_STR(e.msg, "t.csv:3: value: missing (the line has 1 column, expected 2)");
	CHECK(run("key,value\nt.s1,\"unterminated\n", 0, &x, &n, &e) != 0);
	CHECK_STR(e.msg, "t.csv:2: value: unterminated quote");
	CHECK_INT(count("SELECT COUNT(*) FROM config WHERE key LIKE 't.s%'"), 0);
}

/* Issue 25: a header with no rows, and an empty file, are refused plainly. */
TEST(test_import_refuses_header_only_and_empty_files)
{
	struct ctx x = { 0 };
	struct import_stats n;
	struct err e = { 0 };
	long logs = count(LOGS);
	CHECK(run("key,value\n", 0, &x, &n, &e) != 0);
	CHECK_STR(e.msg, "t.csv: the file has a header but no rows to import");
	CHECK(run("key,value\n\n,\n \n", 0, &x, &n, &e) != 0);
	CHECK_STR(e.msg, "t.csv: the file has a header but no rows to import");
	CHECK(run("", 0, &x, &n, &e) != 0);
	CHECK_STR(e.msg, "t.csv: the file is empty (expected the header key,value)");
	CHECK_INT(count(LOGS), logs);
}

/* Blank lines and lines of only commas are skipped wherever they are (Excel
 * leaves ",,," rows at the end); fields are trimmed, UK dates become ISO and
 * the exporter's apostrophe before formula-like text is taken off. */
TEST(test_import_tidies_rows_the_same_for_every_importer)
{
	struct ctx x = { 0 };
	struct import_stats n;
	struct err e = { 0 };
	CHECK_INT(run("key,value\n  t.n1 ,27/03/2026\n\n,\nt.n2,'-5\nt.n3,1/2/2026\n,\n,\n", 0, &x, &n, &e), 0);
	CHECK_INT(n.rows, 3);
	char v[64];
	CHECK_INT(store_text(st, &e, v, sizeof v, "SELECT value FROM config WHERE key = 't.n1'", ""), 1);
	CHECK_STR(v, "2026-03-27");
	CHECK_INT(store_text(st, &e, v, sizeof v, "SELECT value FROM config WHERE key = 't.n2'", ""), 1);
	CHECK_STR(v, "-5");
	CHECK_INT(store_text(st, &e, v, sizeof v, "SELECT value FROM config WHERE key = 't.n3'", ""), 1);
	CHECK_STR(v, "2026-02-01");
	CHECK_INT(csv_yes_no("YES"), 1);
	CHECK_INT(csv_yes_no("True"), 1);
	CHECK_INT(csv_yes_no("no"), 0);
	CHECK_INT(csv_yes_no("FALSE"), 0);
	CHECK_INT(csv_yes_no("maybe"), -1);
}

/* An XLSX workbook goes through the same pipeline as a CSV: written here by
 * the export writer (core/sheet.h), so a date column is a real date cell. */
TEST(test_import_reads_xlsx)
{
	static const struct sheet_col cols[] = { { "key", SHEET_TEXT }, { "value", SHEET_DATE } };
	struct sheet *s;
	struct err e = { 0 };
	struct buf out;
	buf_init(&out, 0);
	CHECK_INT(sheet_begin(&s, SHEET_XLSX, "T", cols, 2, &e), 0);
	const char *r1[] = { "t.x1", "2026-03-27" }, *r2[] = { "t.x2", "1999-12-31" };
	CHECK_INT(sheet_row(s, r1), 0);
	CHECK_INT(sheet_row(s, r2), 0);
	CHECK_INT(sheet_end(s, &out, &e), 0);
	struct ctx x = { 0 };
	struct csv_import im = { .st = st, .ctx = &x };
	CHECK_INT(csv_import_mem(&spec, &im, "t.xlsx", out.p, out.n, &e), 0);
	CHECK_INT(im.n.created, 2);
	char v[64];
	CHECK_INT(store_text(st, &e, v, sizeof v, "SELECT value FROM config WHERE key = 't.x1'", ""), 1);
	CHECK_STR(v, "2026-03-27");
	CHECK_INT(store_text(st, &e, v, sizeof v, "SELECT value FROM config WHERE key = 't.x2'", ""), 1);
	CHECK_STR(v, "1999-12-31");
	/* a damaged (cut short) workbook is named as one */
	CHECK(csv_import_mem(&spec, &im, "t.xlsx", out.p, out.n / 2, &e) != 0);
	CHECK_STR(e.msg, "t.xlsx: not a readable XLSX workbook (the zip is damaged)");
	buf_release(&out);
}

TEST(test_import_skip_rolls_back_and_counts_nothing)
{
	struct ctx x = { .skip_finish = 1 };
	struct import_stats n;
	struct err e = { 0 };
	long keys = count(KEYS), logs = count(LOGS);
	CHECK_INT(run("key,value\nt.skip,1\n", 0, &x, &n, &e), 0);
	CHECK_INT(n.rows, 0);
	CHECK_INT(n.created, 0);
	CHECK_INT(count(KEYS), keys);
	CHECK_INT(count(LOGS), logs);
}

/* An importer reading its register's export: the reference is the key. An
 * empty one is a new record; one that names a stored record gives its id;
 * one no record has, or another register's, is refused naming the row. */
TEST(test_import_reference_is_the_key)
{
	static const char text[] = "reference,x\nNA000007,a\n,b\nNA000008,c\nG000007,d\n";
	struct csv c;
	struct err e = { 0 };
	struct csv_import im = { .st = st };
	int64_t id = -1;
	CHECK_INT(csv_open_mem(&c, "t.csv", text, strlen(text), &e), 0);
	CHECK_INT(csv_next(&c, &e), 1); /* the header */
	static const char exists[] = "SELECT 1 WHERE ? = 7"; /* record 7 is stored */
	CHECK_INT(csv_next(&c, &e), 1);
	CHECK_INT(csv_import_reference(&associations_register_def, &im, &c, exists, &id, &e), 0);
	CHECK_INT(id, 7);
	CHECK_INT(csv_next(&c, &e), 1);
	CHECK_INT(csv_import_reference(&associations_register_def, &im, &c, exists, &id, &e), 0);
	CHECK_INT(id, 0);
	CHECK_INT(csv_next(&c, &e), 1);
	CHECK(csv_import_reference(&associations_register_def, &im, &c, exists, &id, &e) != 0);
	CHECK_STR(e.msg, "t.csv:4: reference: no record has the reference \"NA000008\" (leave the reference empty to "
	                 "add a new one)");
	CHECK_INT(csv_next(&c, &e), 1);
	CHECK(csv_import_reference(&associations_register_def, &im, &c, exists, &id, &e) != 0);
	CHECK_STR(e.msg, "t.csv:5: reference: \"G000007\" is not a reference of this register");
	csv_close(&c);
	/* a stored value compares as its export reads back */
	char v[] = " \tCousin \r";
	CHECK_STR(csv_import_trim(v), "Cousin");
}

__attribute__((constructor)) static void setup(void)
{
	fixture_open("csv_import");
}

TEST_MAIN(T(test_import_counts_created_updated_unchanged_and_logs_once),
          T(test_import_dry_run_counts_but_writes_nothing), T(test_import_is_all_or_nothing_naming_file_line_column),
          T(test_import_skip_rolls_back_and_counts_nothing), T(test_import_structural_errors_name_the_column),
          T(test_import_refuses_header_only_and_empty_files), T(test_import_tidies_rows_the_same_for_every_importer),
          T(test_import_reads_xlsx), T(test_import_reference_is_the_key))
