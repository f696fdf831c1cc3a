/* libFuzzer harness for the XLSX reader every importer uses (src/core/xlsx.c,
 * reached through csv_open_mem like an upload). The input is taken as a
 * zip, and also wrapped as the worksheet part of a minimal workbook so the
 * XML handlers (rows, cells, shared-string indexes, styles) see arbitrary
 * XML without the fuzzer having to find the zip format first. Invariants:
 * no crash or sanitizer report, the output is bounded and, when accepted,
 * reads as CSV records of at most CSV_MAX_FIELDS fields. */
#include "core/csv.h"
#include "core/xlsx.h"
#include <assert.h>
#include <minizip/zip.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_all(const char *p, size_t n)
{
	struct csv c;
	struct err e;
	if (csv_open_mem(&c, "fuzz.xlsx", p, n, &e) != 0)
		return;
	while (csv_next(&c, &e) == 1)
		assert(c.nf >= 1 && c.nf <= CSV_MAX_FIELDS);
	csv_close(&c);
}

static void add(zipFile z, const char *name, const void *p, size_t n)
{
	zipOpenNewFileInZip(z, name, NULL, NULL, 0, NULL, 0, NULL, 0, 0);
	zipWriteInFileInZip(z, p, (unsigned)n);
	zipCloseFileInZip(z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* as a whole file */
	struct buf out;
	struct err e;
	buf_init(&out, (size_t)16 << 20);
	xlsx_to_csv("fuzz.xlsx", (const char *)data, size, &out, &e);
	buf_release(&out);
	read_all((const char *)data, size);

	/* as the sheet of a workbook with two shared strings and a date style */
	char path[] = "/tmp/fuzz-xlsx-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	close(fd);
	zipFile z = zipOpen(path, APPEND_STATUS_CREATE);
	if (z) {
		static const char wb[] = "<workbook xmlns:r=\"r\"><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>";
		static const char rels[] = "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
		                           "</Relationships>";
		static const char ss[] = "<sst><si><t>a</t></si><si><r><t>b</t></r><rPh><t>x</t></rPh></si></sst>";
		static const char st[] = "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
		                         "</numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>";
		add(z, "xl/workbook.xml", wb, sizeof wb - 1);
		add(z, "xl/_rels/workbook.xml.rels", rels, sizeof rels - 1);
		add(z, "xl/sharedStrings.xml", ss, sizeof ss - 1);
		add(z, "xl/styles.xml", st, sizeof st - 1);
		add(z, "xl/worksheets/sheet1.xml", data, size);
		zipClose(z, NULL);
		FILE *f = fopen(path, "rb");
		if (f) {
			struct buf b;
			buf_init(&b, (size_t)64 << 20);
			char tmp[65536];
			size_t n;
			while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
				buf_add(&b, tmp, n);
			fclose(f);
			read_all(b.p ? b.p : "", b.n);
			buf_release(&b);
		}
	}
	unlink(path);
	return 0;
}
