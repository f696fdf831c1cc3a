/* sheet.c — CSV or XLSX output of one table. libxlsxwriter 1.1 writes only
 * to a file, so an XLSX goes through a private temporary file that is read
 * back (into a buffer, or onto the caller's descriptor) and removed. A CSV
 * for a descriptor is flushed every 64 KiB, so an export of any size holds
 * one piece in memory. */
#include "core/sheet.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/xalloc.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define CSV_FLUSH ((size_t)64 << 10)
#define WIDTH_MAX 60

struct sheet {
	enum sheet_format f;
	struct sheet_col *cols;
	size_t n;
	struct buf csv;
	int fd;              /* -1: the output is a buffer */
	int failed;          /* a write to fd failed */
	char path[64];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *money, *bold, *date;
	lxw_row_t row;
	unsigned *width;     /* per column, in characters */
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
	free(s->width);
	free(s);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Send what the CSV buffer holds to fd (when writing to one). */
static int csv_flush(struct sheet *s)
{
	if (s->fd < 0 || s->failed)
		return s->failed ? -1 : 0;
	if (s->csv.n && write_all(s->fd, s->csv.p, s->csv.n))
		s->failed = 1;
	buf_reset(&s->csv);
	return s->failed ? -1 : 0;
}

/* Characters (UTF-8 code points) in c, for the column widths. */
static unsigned text_width(const char *c)
{
	unsigned w = 0;
	for (; *c && w < WIDTH_MAX; c++)
		w += ((unsigned char)*c & 0xC0) != 0x80;
	return w;
}

static int begin(struct sheet **out, enum sheet_format f, const char *title, const struct sheet_col *cols, size_t n,
                 int fd, struct err *e)
{
	struct sheet *s = xcalloc(1, sizeof *s);
	*out = NULL;
	s->cols = xcalloc(n ? n : 1, sizeof *s->cols);
	s->width = xcalloc(n ? n : 1, sizeof *s->width);
	memcpy(s->cols, cols, n * sizeof *cols);
	s->n = n;
	s->f = f;
	s->fd = fd;
	buf_init(&s->csv, fd >= 0 ? CSV_FLUSH * 2 : (size_t)256 << 20);
	if (f != SHEET_XLSX) {
		if (f == SHEET_CSV)
			buf_adds(&s->csv, "\xEF\xBB\xBF");
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
	int tfd = mkstemp(s->path);
	if (tfd < 0) {
		s->path[0] = 0;
		sheet_free(s);
		return err_set(e, ERR_IO, "cannot create a temporary file for the spreadsheet");
	}
	close(tfd);
	/* constant memory: each row goes to libxlsxwriter's temporary file as
	 * it is written (strings inline), so a large export stays small */
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	if (!(s->wb = workbook_new_opt(s->path, &opt))) {
		sheet_free(s);
		return err_set(e, ERR_IO, "cannot start the spreadsheet");
	}
	char name[32];
	snprintf(name, sizeof name, "%s", title && *title ? title : "Sheet1");
	s->ws = workbook_add_worksheet(s->wb, name);
	s->money = workbook_add_format(s->wb);
	format_set_num_format(s->money, "\xC2\xA3#,##0.00");
	s->date = workbook_add_format(s->wb);
	format_set_num_format(s->date, "dd/mm/yyyy");
	s->bold = workbook_add_format(s->wb);
	format_set_bold(s->bold);
	if (!s->ws) {
		sheet_free(s);
		return err_set(e, ERR_IO, "cannot start the spreadsheet");
	}
	for (size_t i = 0; i < n; i++) {
		worksheet_write_string(s->ws, 0, (lxw_col_t)i, cols[i].name, s->bold);
		s->width[i] = text_width(cols[i].name) + 3; /* room for the filter button */
		if (cols[i].kind == SHEET_DATE && s->width[i] < 11)
			s->width[i] = 11;
	}
	worksheet_freeze_panes(s->ws, 1, 0);
	*out = s;
	return 0;
}

int sheet_begin(struct sheet **out, enum sheet_format f, const char *title, const struct sheet_col *cols, size_t n,
                struct err *e)
{
	return begin(out, f, title, cols, n, -1, e);
}

int sheet_begin_fd(struct sheet **out, enum sheet_format f, const char *title, const struct sheet_col *cols,
                   size_t n, int fd, struct err *e)
{
	return begin(out, f, title, cols, n, fd, e);
}

int sheet_row(struct sheet *s, const char *const *cells)
{
	if (s->f != SHEET_XLSX) {
		for (size_t i = 0; i < s->n; i++) {
			if (i)
				buf_addc(&s->csv, ',');
			csv_cell(&s->csv, cells[i] ? cells[i] : "");
		}
		buf_addc(&s->csv, '\n');
		if (s->csv.oom)
			return -1;
		return s->csv.n >= CSV_FLUSH ? csv_flush(s) : 0;
	}
	s->row++;
	for (size_t i = 0; i < s->n; i++) {
		const char *c = cells[i] ? cells[i] : "";
		char *end;
		int y, m, d;
		if (s->cols[i].kind == SHEET_DATE && strlen(c) == 10 && date_parse(c, &y, &m, &d) == 0) {
			lxw_datetime dt = { y, m, d, 0, 0, 0 };
			worksheet_write_datetime(s->ws, s->row, (lxw_col_t)i, &dt, s->date);
			continue;
		}
		double v = strtod(c, &end);
		if (s->cols[i].kind != SHEET_TEXT && s->cols[i].kind != SHEET_DATE && *c && !*end)
			worksheet_write_number(s->ws, s->row, (lxw_col_t)i, v,
			                       s->cols[i].kind == SHEET_MONEY ? s->money : NULL);
		else
			worksheet_write_string(s->ws, s->row, (lxw_col_t)i, c, NULL);
		unsigned w = text_width(c) + 1;
		if (w > s->width[i])
			s->width[i] = w > WIDTH_MAX ? WIDTH_MAX : w;
	}
	return 0;
}

/* Copy the finished workbook at s->path to out or to s->fd. */
static int copy_back(struct sheet *s, struct buf *out, struct err *e)
{
	FILE *fp = fopen(s->path, "rb");
	if (!fp)
		return err_set(e, ERR_IO, "cannot read the spreadsheet back");
	char tmp[65536];
	size_t n;
	int rc = 0;
	while (!rc && (n = fread(tmp, 1, sizeof tmp, fp)) > 0) {
		if (out)
			buf_add(out, tmp, n);
		else if (write_all(s->fd, tmp, n))
			rc = err_set(e, ERR_IO, "cannot write the export (a full disk, or a download cut short)");
	}
	fclose(fp);
	if (!rc && out && out->oom)
		rc = err_set(e, ERR_NOMEM, "export too large");
	return rc;
}

int sheet_end(struct sheet *s, struct buf *out, struct err *e)
{
	int rc = 0;
	if (s->f != SHEET_XLSX) {
		if (out ? s->csv.oom || buf_add(out, s->csv.p, s->csv.n) : s->csv.oom || csv_flush(s))
			rc = s->failed ? err_set(e, ERR_IO, "cannot write the export (a full disk, or a download cut short)")
			               : err_set(e, ERR_NOMEM, "export too large");
		sheet_free(s);
		return rc;
	}
	for (size_t i = 0; i < s->n; i++)
		worksheet_set_column(s->ws, (lxw_col_t)i, (lxw_col_t)i, s->width[i], NULL);
	if (s->n)
		worksheet_autofilter(s->ws, 0, 0, s->row, (lxw_col_t)(s->n - 1));
	lxw_error le = workbook_close(s->wb);
	s->wb = NULL;
	if (le != LXW_NO_ERROR) {
		sheet_free(s);
		return err_set(e, ERR_IO, "cannot write the spreadsheet: %s", lxw_strerror(le));
	}
	rc = copy_back(s, out, e);
	sheet_free(s);
	return rc;
}
