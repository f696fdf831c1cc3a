/* Unit tests for the CSV/XLSX table writer used by every export. */
#include "test.h"
#include "core/sheet.h"

static const struct sheet_col cols[] = { { "name", SHEET_TEXT }, { "value", SHEET_MONEY }, { "n", SHEET_NUMBER } };

TEST(test_sheet_csv_exact)
{
	struct sheet *s;
	struct err e = { 0 };
	struct buf out;
	buf_init(&out, 0);
	CHECK_INT(sheet_begin(&s, SHEET_CSV, "T", cols, 3, &e), 0);
	const char *r1[] = { "Acme, Ltd", "12.50", "3" };
	const char *r2[] = { "=cmd()", NULL, "x" };
	CHECK_INT(sheet_row(s, r1), 0);
	CHECK_INT(sheet_row(s, r2), 0);
	CHECK_INT(sheet_end(s, &out, &e), 0);
	CHECK_STR(buf_str(&out), "name,value,n\n\"Acme, Ltd\",12.50,3\n\"'=cmd()\",,x\n");
	buf_release(&out);
}

TEST(test_sheet_xlsx_is_a_workbook)
{
	struct sheet *s;
	struct err e = { 0 };
	struct buf out;
	buf_init(&out, 0);
	CHECK_INT(sheet_begin(&s, SHEET_XLSX, "Register", cols, 3, &e), 0);
	const char *r1[] = { "=HYPERLINK(\"x\")", "12.50", "3" };
	CHECK_INT(sheet_row(s, r1), 0);
	CHECK_INT(sheet_end(s, &out, &e), 0);
	CHECK(out.n > 1000);
	CHECK(memcmp(out.p, "PK\x03\x04", 4) == 0);
	/* zip entry names are stored as plain text in the archive */
	int found = 0;
	for (size_t i = 0; i + 24 < out.n; i++)
		if (memcmp(out.p + i, "xl/worksheets/sheet1.xml", 24) == 0)
			found = 1;
	CHECK(found);
	buf_release(&out);
}

TEST(test_sheet_format_parse)
{
	CHECK_INT(sheet_format_parse("csv"), SHEET_CSV);
	CHECK_INT(sheet_format_parse("xlsx"), SHEET_XLSX);
	CHECK_INT(sheet_format_parse("pdf"), -1);
	CHECK_INT(sheet_format_parse(NULL), -1);
}

TEST_MAIN(T(test_sheet_csv_exact), T(test_sheet_xlsx_is_a_workbook), T(test_sheet_format_parse))
