/* csv.c — RFC 4180 reader over an in-memory copy of the file. */
#include "core/csv.h"
#include "core/xlsx.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

size_t utf8_valid_prefix(const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = p[i];
		size_t k;
		unsigned min;
		if (c < 0x80) { i++; continue; }
		else if ((c & 0xE0) == 0xC0) { k = 1; min = 0x80; c &= 0x1F; }
		else if ((c & 0xF0) == 0xE0) { k = 2; min = 0x800; c &= 0x0F; }
		else if ((c & 0xF8) == 0xF0) { k = 3; min = 0x10000; c &= 0x07; }
		else return i;
		if (n - i <= k)
			return i;
		unsigned v = c;
		for (size_t j = 1; j <= k; j++) {
			if ((p[i + j] & 0xC0) != 0x80)
				return i;
			v = (v << 6) | (p[i + j] & 0x3F);
		}
		if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			return i;
		i += k + 1;
	}
	return n;
}

/* An XLSX workbook (a zip) in c->data becomes its first sheet as CSV text
 * (core/xlsx.h), so every importer reads either. */
static int from_xlsx(struct csv *c, const char *name, struct err *e)
{
	if (!xlsx_is_zip(c->data, c->len))
		return 0;
	struct buf b;
	buf_init(&b, CSV_FILE_MAX);
	if (xlsx_to_csv(name, c->data, c->len, &b, e)) {
		buf_release(&b);
		return -1;
	}
	if (buf_addc(&b, 0)) { /* room for the NUL the reader relies on */
		buf_release(&b);
		return err_set(e, ERR_INPUT, "%s: the sheet is larger than %zu MiB as text", name, CSV_FILE_MAX >> 20);
	}
	free(c->data);
	c->data = buf_take(&b, &c->len);
	c->len--;
	return 0;
}

static int setup(struct csv *c, const char *name, struct err *e)
{
	if (from_xlsx(c, name, e))
		return -1;
	snprintf(c->name, sizeof c->name, "%s", name);
	c->pos = 0;
	c->line = 0;
	c->next_line = 1;
	c->nf = 0;
	buf_init(&c->fields, CSV_FIELD_MAX * 4 + CSV_MAX_FIELDS);
	if (c->len >= 3 && memcmp(c->data, "\xEF\xBB\xBF", 3) == 0)
		c->pos = 3;
	const char *nul = memchr(c->data, 0, c->len);
	if (nul) {
		long line = 1;
		for (const char *q = c->data; q < nul; q++)
			line += *q == '\n';
		return err_set(e, ERR_INPUT, "%s:%ld: a NUL byte is not allowed in a CSV file", c->name, line);
	}
	size_t ok = utf8_valid_prefix((const unsigned char *)c->data, c->len);
	if (ok != c->len) {
		long line = 1;
		for (size_t i = 0; i < ok; i++)
			line += c->data[i] == '\n';
		return err_set(e, ERR_INPUT, "%s:%ld: invalid UTF-8", c->name, line);
	}
	return 0;
}

int csv_open_mem(struct csv *c, const char *name, const char *p, size_t n, struct err *e)
{
	memset(c, 0, sizeof *c);
	/* Plain malloc, not xmalloc: n is the size of the file being imported,
	 * and one too big for memory is an error for its uploader, not a reason
	 * to stop the worker. */
	c->data = malloc(n + 1);
	if (!c->data)
		return err_set(e, ERR_NOMEM, "out of memory");
	memcpy(c->data, p, n);
	c->data[n] = 0;
	c->len = n;
	if (setup(c, name, e)) {
		csv_close(c); /* the caller need not close a reader that failed to open */
		return -1;
	}
	return 0;
}

int csv_open_file(struct csv *c, const char *path, struct err *e)
{
	memset(c, 0, sizeof *c);
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
	struct buf b;
	buf_init(&b, CSV_FILE_MAX);
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		if (buf_add(&b, tmp, n)) {
			if (f != stdin) fclose(f);
			buf_release(&b);
			return err_set(e, ERR_INPUT, "%s: the file is larger than %zu MiB", path, CSV_FILE_MAX >> 20);
		}
	int bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad) {
		buf_release(&b);
		return err_set(e, ERR_IO, "%s: read error", path);
	}
	c->data = buf_take(&b, &c->len);
	if (setup(c, strcmp(path, "-") == 0 ? "stdin" : path, e)) {
		csv_close(c);
		return -1;
	}
	return 0;
}

void csv_close(struct csv *c)
{
	if (!c)
		return;
	free(c->data);
	c->data = NULL;
	buf_release(&c->fields);
}

/* The name of field i (0-based) of the current record for messages: the
 * header's name once the importer has set c->names, else "field N". */
static const char *field_name(const struct csv *c, size_t i, char tmp[24])
{
	if (c->names && i < c->nnames && c->names[i][0])
		return c->names[i];
	snprintf(tmp, 24, "field %zu", i + 1);
	return tmp;
}

static int end_field(struct csv *c, size_t start, struct err *e)
{
	char fn[24];
	if (c->fields.n - start > CSV_FIELD_MAX)
		return err_set(e, ERR_INPUT, "%s:%ld: %s: longer than %d bytes",
		               c->name, c->line, field_name(c, c->nf, fn), CSV_FIELD_MAX);
	if (c->nf >= CSV_MAX_FIELDS)
		return err_set(e, ERR_INPUT, "%s:%ld: more than %d fields", c->name, c->line, CSV_MAX_FIELDS);
	c->off[c->nf++] = start;
	if (buf_addc(&c->fields, 0))
		return err_set(e, ERR_INPUT, "%s:%ld: record too long", c->name, c->line);
	return 0;
}

int csv_next(struct csv *c, struct err *e)
{
	char fn[24];
	buf_reset(&c->fields);
	c->nf = 0;
	if (c->pos >= c->len)
		return 0;
	c->line = c->next_line;
	const char *d = c->data;
	size_t i = c->pos, start = 0;
	for (;;) {
		start = c->fields.n;
		if (i < c->len && d[i] == '"') {
			long qline = c->next_line;
			i++;
			for (;;) {
				if (i >= c->len) {
					{ err_set(e, ERR_INPUT, "%s:%ld: %s: unterminated quote",
					               c->name, qline, field_name(c, c->nf, fn)); return -1; }
				}
				if (d[i] == '"') {
					if (i + 1 < c->len && d[i + 1] == '"') {
						buf_addc(&c->fields, '"');
						i += 2;
						continue;
					}
					i++;
					break;
				}
				if (d[i] == '\n')
					c->next_line++;
				buf_addc(&c->fields, d[i]);
				i++;
				if (c->fields.n - start > CSV_FIELD_MAX)
					{ err_set(e, ERR_INPUT, "%s:%ld: %s: longer than %d bytes",
					               c->name, c->line, field_name(c, c->nf, fn), CSV_FIELD_MAX); return -1; }
			}
			if (i < c->len && d[i] != ',' && d[i] != '\n' && !(d[i] == '\r' && i + 1 < c->len && d[i + 1] == '\n') &&
			    !(d[i] == '\r' && i + 1 == c->len))
				{ err_set(e, ERR_INPUT, "%s:%ld: %s: text after closing quote",
				               c->name, c->line, field_name(c, c->nf, fn)); return -1; }
		} else {
			/* Find the field's end, then copy it in one go. */
			size_t j = i;
			while (j < c->len && d[j] != ',' && d[j] != '\n' && d[j] != '"' &&
			       !(d[j] == '\r' && (j + 1 == c->len || d[j + 1] == '\n')))
				j++;
			if (j < c->len && d[j] == '"')
				{ err_set(e, ERR_INPUT, "%s:%ld: %s: quote inside an unquoted field",
				               c->name, c->line, field_name(c, c->nf, fn)); return -1; }
			if (j - i > CSV_FIELD_MAX)
				{ err_set(e, ERR_INPUT, "%s:%ld: %s: longer than %d bytes",
				               c->name, c->line, field_name(c, c->nf, fn), CSV_FIELD_MAX); return -1; }
			buf_add(&c->fields, d + i, j - i);
			i = j;
		}
		if (end_field(c, start, e))
			return -1;
		if (i >= c->len)
			break;
		if (d[i] == ',') {
			i++;
			continue;
		}
		if (d[i] == '\r')
			i++;
		if (i < c->len && d[i] == '\n')
			i++;
		c->next_line++;
		break;
	}
	c->pos = i;
	return 1;
}

const char *csv_field(const struct csv *c, size_t i)
{
	return c->fields.p + c->off[i];
}

int csv_read_header(struct csv *c, const char *want, struct buf *got, struct err *e)
{
	int r = csv_next(c, e);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_INPUT, "%s: the file is empty (expected the header %s)", c->name, want);
	for (size_t i = 0; i < c->nf; i++) {
		if (i)
			buf_addc(got, ',');
		buf_adds(got, csv_field(c, i));
	}
	return 0;
}

int csv_expect_header(struct csv *c, const char *want, struct err *e)
{
	struct buf got;
	buf_init(&got, 0);
	int rc = csv_read_header(c, want, &got, e);
	if (rc == 0 && strcmp(buf_str(&got), want) != 0)
		rc = err_set(e, ERR_INPUT, "%s:1: header is \"%.200s\", expected \"%s\"", c->name, buf_str(&got), want);
	buf_release(&got);
	return rc;
}

/* A spreadsheet runs a cell as a formula when it starts with = + - @, and
 * Excel and LibreOffice also strip leading whitespace first and accept the
 * full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20) as the operators. So any
 * leading whitespace (ASCII, no-break space U+00A0, ideographic space U+3000)
 * or full-width operator counts as formula-like too. */
int csv_formula_like_n(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	if (n >= 1 && u[0] && strchr("=+-@ \t\r\n\v\f", u[0]))
		return 1;
	if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 1;
	if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 1;
	return n >= 3 && u[0] == 0xEF && u[1] == 0xBC && (u[2] == 0x9D || u[2] == 0x8B || u[2] == 0x8D || u[2] == 0xA0);
}

int csv_formula_like(const char *s)
{
	return csv_formula_like_n(s, strlen(s));
}

void csv_cell(struct buf *b, const char *s)
{
	int formula = csv_formula_like(s);
	int quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	if (formula)
		buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

void csv_line(struct buf *b, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(b, ',');
		csv_cell(b, cells[i]);
	}
	buf_addc(b, '\n');
}

int csv_yes_no(const char *s)
{
	static const char *const yes[] = { "yes", "y", "true", NULL }, *const no[] = { "no", "n", "false", NULL };
	for (int i = 0; s && yes[i]; i++)
		if (!strcasecmp(s, yes[i]))
			return 1;
	for (int i = 0; s && no[i]; i++)
		if (!strcasecmp(s, no[i]))
			return 0;
	return -1;
}

/* d/m/yyyy or dd/mm/yyyy (what UK Excel writes) as YYYY-MM-DD into out;
 * 0, or -1 when s is not of that shape. The calendar check is the caller's. */
static int uk_date(const char *s, char out[11])
{
	unsigned d = 0, m = 0, y = 0;
	int nd = 0, nm = 0, ny = 0;
	while (*s >= '0' && *s <= '9' && nd < 3)
		d = d * 10 + (unsigned)(*s++ - '0'), nd++;
	if (*s++ != '/')
		return -1;
	while (*s >= '0' && *s <= '9' && nm < 3)
		m = m * 10 + (unsigned)(*s++ - '0'), nm++;
	if (*s++ != '/')
		return -1;
	while (*s >= '0' && *s <= '9' && ny < 5)
		y = y * 10 + (unsigned)(*s++ - '0'), ny++;
	if (*s || nd < 1 || nd > 2 || nm < 1 || nm > 2 || ny != 4)
		return -1;
	snprintf(out, 11, "%04u-%02u-%02u", y, m, d);
	return 0;
}

/* Replace field i's text with s (appended to the record's storage). */
static void set_field(struct csv *c, size_t i, const char *s, size_t n)
{
	size_t at = c->fields.n;
	if (buf_add(&c->fields, s, n) || buf_addc(&c->fields, 0))
		return; /* out of memory: the field keeps its text */
	c->off[i] = at;
}

int csv_normalise(struct csv *c)
{
	int blank = 1;
	for (size_t i = 0; i < c->nf; i++) {
		char *f = c->fields.p + c->off[i];
		size_t n = strlen(f), a = 0;
		/* the exporter's apostrophe before formula-like text (csv_cell) */
		if (n > 1 && f[0] == '\'' && csv_formula_like(f + 1))
			a = 1;
		while (a < n && (f[a] == ' ' || f[a] == '\t'))
			a++;
		while (n > a && (f[n - 1] == ' ' || f[n - 1] == '\t' || f[n - 1] == '\r'))
			n--;
		char d[11];
		char tmp[16];
		if (n - a < sizeof tmp) {
			memcpy(tmp, f + a, n - a);
			tmp[n - a] = 0;
			if (uk_date(tmp, d) == 0) {
				set_field(c, i, d, 10);
				blank = 0;
				continue;
			}
		}
		memmove(f, f + a, n - a); /* only ever shorter: in place */
		f[n - a] = 0;
		if (n > a)
			blank = 0;
	}
	return blank;
}
