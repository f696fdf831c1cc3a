/* Unit tests for the CSV/XLSX table writer used by every export. */
#include "test.h"
#include "core/sheet.h"
#include <minizip/unzip.h>
#include <stdio.h>
#include <unistd.h>

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
	CHECK_STR(buf_str(&out), "\xEF\xBB\xBFname,value,n\n\"Acme, Ltd\",12.50,3\n\"'=cmd()\",,x\n");
	buf_release(&out);
}

/* Issue 14: a CSV starts with a UTF-8 byte-order mark unless asked not to. */
TEST(test_sheet_csv_without_bom)
{
	struct sheet *s;
	struct err e = { 0 };
	struct buf out;
	buf_init(&out, 0);
	CHECK_INT(sheet_begin(&s, SHEET_CSV_NOBOM, "T", cols, 3, &e), 0);
	const char *r1[] = { "\xC2\xA3 sterling", "1.00", "1" };
	CHECK_INT(sheet_row(s, r1), 0);
	CHECK_INT(sheet_end(s, &out, &e), 0);
	CHECK_STR(buf_str(&out), "name,value,n\n\xC2\xA3 sterling,1.00,1\n");
	buf_release(&out);
}

/* Issue 25: written to a descriptor, the bytes are the buffered ones. */
TEST(test_sheet_fd_matches_buffer)
{
	struct err e = { 0 };
	struct buf a, b;
	buf_init(&a, 0);
	buf_init(&b, 0);
	FILE *f = tmpfile();
	CHECK(f != NULL);
	struct sheet *s1, *s2;
	CHECK_INT(sheet_begin(&s1, SHEET_CSV, "T", cols, 3, &e), 0);
	CHECK_INT(sheet_begin_fd(&s2, SHEET_CSV, "T", cols, 3, fileno(f), &e), 0);
	for (int i = 0; i < 20000; i++) { /* several 64 KiB pieces */
		char n[16];
		snprintf(n, sizeof n, "%d", i);
		const char *r[] = { "a row, with a comma", "3.25", n };
		CHECK_INT(sheet_row(s1, r), 0);
		CHECK_INT(sheet_row(s2, r), 0);
	}
	CHECK_INT(sheet_end(s1, &a, &e), 0);
	CHECK_INT(sheet_end(s2, NULL, &e), 0);
	rewind(f);
	char tmp[65536];
	size_t k;
	while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, k);
	fclose(f);
	CHECK(a.n > 600000);
	CHECK_INT((long)a.n, (long)b.n);
	CHECK(memcmp(a.p, b.p, a.n) == 0);
	buf_release(&a);
	buf_release(&b);
}

/* The worksheet's XML inside an XLSX, unzipped with minizip. */
static void sheet_xml(const struct buf *x, struct buf *xml)
{
	char path[] = "/tmp/probity-test-sheet-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0 && write(fd, x->p, x->n) == (ssize_t)x->n);
	close(fd);
	unzFile z = unzOpen(path);
	CHECK(z != NULL);
	CHECK_INT(unzLocateFile(z, "xl/worksheets/sheet1.xml", 0), UNZ_OK);
	CHECK_INT(unzOpenCurrentFile(z), UNZ_OK);
	char tmp[65536];
	int n;
	while ((n = unzReadCurrentFile(z, tmp, sizeof tmp)) > 0)
		buf_add(xml, tmp, (size_t)n);
	unzCloseCurrentFile(z);
	unzClose(z);
	unlink(path);
}

/* Issue 14: dates are date cells (a serial number with a date style), the
 * header row has an autofilter and the columns have widths. */
TEST(test_sheet_xlsx_dates_filter_widths)
{
	static const struct sheet_col dc[] = { { "date_offered", SHEET_DATE }, { "description", SHEET_TEXT } };
	struct sheet *s;
	struct err e = { 0 };
	struct buf out, xml;
	buf_init(&out, 0);
	buf_init(&xml, 0);
	CHECK_INT(sheet_begin(&s, SHEET_XLSX, "T", dc, 2, &e), 0);
	const char *r1[] = { "2026-03-27", "a long description of what was offered to the officer" };
	const char *r2[] = { "not a date", "x" };
	CHECK_INT(sheet_row(s, r1), 0);
	CHECK_INT(sheet_row(s, r2), 0);
	CHECK_INT(sheet_end(s, &out, &e), 0);
	sheet_xml(&out, &xml);
	CHECK_HAS(buf_str(&xml), "<v>46108</v>"); /* 27 March 2026 as Excel's serial day */
	CHECK_HAS(buf_str(&xml), "<autoFilter ref=\"A1:B3\"/>");
	CHECK_HAS(buf_str(&xml), "<col min=\"2\" max=\"2\" width=\"54");
	CHECK_HAS(buf_str(&xml), "not a date"); /* kept as text */
	buf_release(&out);
	buf_release(&xml);
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

TEST_MAIN(T(test_sheet_csv_exact), T(test_sheet_xlsx_is_a_workbook), T(test_sheet_format_parse),
          T(test_sheet_csv_without_bom), T(test_sheet_fd_matches_buffer), T(test_sheet_xlsx_dates_filter_widths))
