/* sheet.c — CSV or XLSX output of one table. libxlsxwriter 1.1 writes only
 * to a file, so an XLSX goes through a private temporary file that is read
 * back and removed. */
#include "core/sheet.h"
#include "core/csv.h"
#include "core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

struct sheet {
	enum sheet_format f;
	struct sheet_col *cols;
	size_t n;
	struct buf csv;
	char path[64];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *money, *bold;
	lxw_row_t row;
};

int sheet_format_parse(const char *s)
{
	if (s && !strcmp(s, "csv"))
		return SHEET_CSV;
	if (s && !strcmp(s, "xlsx"))
		return SHEET_XLSX;
	return -1;
}

void sheet_free(struct sheet *s)
{
	if (!s)
		return;
	if (s->wb)
		workbook_close(s->wb);
	if (s->path[0])
		unlink(s->path);
	buf_release(&s->csv);
	free(s->cols);
	free(s);
}

int sheet_begin(struct sheet **out, enum sheet_format f, const char *title, const struct sheet_col *cols, size_t n,
                struct err *e)
{
	struct sheet *s = xcalloc(1, sizeof *s);
	*out = NULL;
	s->cols = xcalloc(n ? n : 1, sizeof *s->cols);
	memcpy(s->cols, cols, n * sizeof *cols);
	s->n = n;
	s->f = f;
	buf_init(&s->csv, (size_t)256 << 20);
	if (f == SHEET_CSV) {
		for (size_t i = 0; i < n; i++) {
			if (i)
				buf_addc(&s->csv, ',');
			csv_cell(&s->csv, cols[i].name);
		}
		buf_addc(&s->csv, '\n');
		*out = s;
		return 0;
	}
	snprintf(s->path, sizeof s->path, "/tmp/probity-sheet-XXXXXX");
	int fd = mkstemp(s->path);
	if (fd < 0) {
		s->path[0] = 0;
		sheet_free(s);
		return err_set(e, ERR_IO, "cannot create a temporary file for the spreadsheet");
	}
	close(fd);
	if (!(s->wb = workbook_new(s->path))) {
		sheet_free(s);
		return err_set(e, ERR_IO, "cannot start the spreadsheet");
	}
	char name[32];
	snprintf(name, sizeof name, "%s", title && *title ? title : "Sheet1");
	s->ws = workbook_add_worksheet(s->wb, name);
	s->money = workbook_add_format(s->wb);
	format_set_num_format(s->money, "\xC2\xA3#,##0.00");
	s->bold = workbook_add_format(s->wb);
	format_set_bold(s->bold);
	for (size_t i = 0; i < n; i++)
		worksheet_write_string(s->ws, 0, (lxw_col_t)i, cols[i].name, s->bold);
	worksheet_freeze_panes(s->ws, 1, 0);
	*out = s;
	return 0;
}

int sheet_row(struct sheet *s, const char *const *cells)
{
	if (s->f == SHEET_CSV) {
		for (size_t i = 0; i < s->n; i++) {
			if (i)
				buf_addc(&s->csv, ',');
			csv_cell(&s->csv, cells[i] ? cells[i] : "");
		}
		buf_addc(&s->csv, '\n');
		return s->csv.oom ? -1 : 0;
	}
	s->row++;
	for (size_t i = 0; i < s->n; i++) {
		const char *c = cells[i] ? cells[i] : "";
		char *end;
		double v = strtod(c, &end);
		if (s->cols[i].kind != SHEET_TEXT && *c && !*end)
			worksheet_write_number(s->ws, s->row, (lxw_col_t)i, v,
			                       s->cols[i].kind == SHEET_MONEY ? s->money : NULL);
		else
			worksheet_write_string(s->ws, s->row, (lxw_col_t)i, c, NULL);
	}
	return 0;
}

int sheet_end(struct sheet *s, struct buf *out, struct err *e)
{
	int rc = 0;
	if (s->f == SHEET_CSV) {
		if (s->csv.oom || buf_add(out, s->csv.p, s->csv.n))
			rc = err_set(e, ERR_NOMEM, "export too large");
		sheet_free(s);
		return rc;
	}
	lxw_error le = workbook_close(s->wb);
	s->wb = NULL;
	if (le != LXW_NO_ERROR) {
		sheet_free(s);
		return err_set(e, ERR_IO, "cannot write the spreadsheet: %s", lxw_strerror(le));
	}
	FILE *fp = fopen(s->path, "rb");
	if (!fp) {
		sheet_free(s);
		return err_set(e, ERR_IO, "cannot read the spreadsheet back");
	}
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0)
		buf_add(out, tmp, n);
	fclose(fp);
	if (out->oom)
		rc = err_set(e, ERR_NOMEM, "export too large");
	sheet_free(s);
	return rc;
}
