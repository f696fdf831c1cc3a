/* xlsx.c — see xlsx.h. The workbook is a zip (read from memory through
 * minizip's I/O hooks) of XML parts (read with expat, whose defaults refuse
 * entity expansion attacks): workbook.xml names the first sheet, its .rels
 * where that sheet lives, sharedStrings.xml holds the text cells, styles.xml
 * says which number formats are dates. Every part is capped in size so a
 * small zip cannot inflate without bound. */
#include "core/xlsx.h"
#include "core/csv.h"
#include "core/xalloc.h"
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <minizip/unzip.h>

#define PART_MAX ((size_t)256 << 20)  /* uncompressed bytes of one part */
#define STRINGS_MAX 4000000           /* shared strings */
#define STYLES_MAX 65536              /* cell formats */
#define COLS_MAX 16384                /* Excel's own limit (XFD) */
#define ROWS_MAX 1048576

/* ---- the zip, from memory ---- */

struct mem {
	const unsigned char *p;
	size_t n, pos;
};

static voidpf ZCALLBACK mem_open(voidpf opaque, const void *name, int mode)
{
	(void)name;
	(void)mode;
	struct mem *m = opaque;
	m->pos = 0;
	return m;
}

static uLong ZCALLBACK mem_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
	(void)opaque;
	struct mem *m = stream;
	size_t k = m->n - m->pos < size ? m->n - m->pos : size;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return (uLong)k;
}

static uLong ZCALLBACK mem_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
	(void)opaque;
	(void)stream;
	(void)buf;
	(void)size;
	return 0;
}

static ZPOS64_T ZCALLBACK mem_tell(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((struct mem *)stream)->pos;
}

static long ZCALLBACK mem_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
	(void)opaque;
	struct mem *m = stream;
	ZPOS64_T base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos : m->n;
	if (off > m->n || base + off > m->n)
		return -1;
	m->pos = (size_t)(base + off);
	return 0;
}

static int ZCALLBACK mem_close(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

static int ZCALLBACK mem_error(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

/* Feed the part named path (0 when present and parsed, 1 when absent, -1
 * when broken) to a new expat parser with handlers set by setup. */
static int parse_part(unzFile z, const char *path, void (*setup)(XML_Parser, void *), void *ud)
{
	if (unzLocateFile(z, path, 0) != UNZ_OK)
		return 1;
	if (unzOpenCurrentFile(z) != UNZ_OK)
		return -1;
	XML_Parser p = XML_ParserCreate("UTF-8");
	if (!p) {
		unzCloseCurrentFile(z);
		return -1;
	}
	setup(p, ud);
	char tmp[65536];
	size_t total = 0;
	int rc = 0, n;
	while ((n = unzReadCurrentFile(z, tmp, sizeof tmp)) > 0) {
		total += (size_t)n;
		if (total > PART_MAX || XML_Parse(p, tmp, n, 0) != XML_STATUS_OK) {
			rc = -1;
			break;
		}
	}
	if (!rc && (n < 0 || XML_Parse(p, tmp, 0, 1) != XML_STATUS_OK))
		rc = -1;
	if (unzCloseCurrentFile(z) != UNZ_OK) /* a CRC mismatch shows here */
		rc = -1;
	XML_ParserFree(p);
	return rc;
}

/* An element's local name (after any namespace prefix). */
static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **a, const char *name)
{
	for (; a && a[0]; a += 2)
		if (!strcmp(local(a[0]), name) || !strcmp(a[0], name))
			return a[1];
	return NULL;
}

/* ---- workbook.xml and its relationships: where the first sheet is ---- */

struct book {
	char rid[128];
	char target[512];
	int date1904;
	int done;
};

static void XMLCALL book_start(void *ud, const char *name, const char **a)
{
	struct book *b = ud;
	const char *n = local(name);
	if (!strcmp(n, "workbookPr")) {
		const char *d = attr(a, "date1904");
		b->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
	} else if (!strcmp(n, "sheet") && !b->rid[0]) {
		const char *id = NULL;
		for (const char **q = a; q && q[0]; q += 2)
			if (!strcmp(local(q[0]), "id") && strchr(q[0], ':'))
				id = q[1];
		if (id)
			snprintf(b->rid, sizeof b->rid, "%s", id);
	}
}

static void book_setup(XML_Parser p, void *ud)
{
	XML_SetUserData(p, ud);
	XML_SetStartElementHandler(p, book_start);
}

static void XMLCALL rels_start(void *ud, const char *name, const char **a)
{
	struct book *b = ud;
	const char *id = attr(a, "Id"), *t = attr(a, "Target");
	if (!b->done && !strcmp(local(name), "Relationship") && id && t && !strcmp(id, b->rid)) {
		if (t[0] == '/')
			snprintf(b->target, sizeof b->target, "%s", t + 1);
		else
			snprintf(b->target, sizeof b->target, "xl/%s", t);
		b->done = 1;
	}
}

static void rels_setup(XML_Parser p, void *ud)
{
	XML_SetUserData(p, ud);
	XML_SetStartElementHandler(p, rels_start);
}

/* ---- sharedStrings.xml ---- */

struct strings {
	char **v;
	size_t n, cap;
	struct buf cur;
	int in_si, in_t, in_rph, over;
};

static void XMLCALL ss_start(void *ud, const char *name, const char **a)
{
	(void)a;
	struct strings *s = ud;
	const char *n = local(name);
	if (!strcmp(n, "si")) {
		s->in_si = 1;
		buf_reset(&s->cur);
	} else if (!strcmp(n, "rPh")) {
		s->in_rph = 1; /* phonetic guides are not the cell's text */
	} else if (!strcmp(n, "t")) {
		s->in_t = 1;
	}
}

static void XMLCALL ss_end(void *ud, const char *name)
{
	struct strings *s = ud;
	const char *n = local(name);
	if (!strcmp(n, "t")) {
		s->in_t = 0;
	} else if (!strcmp(n, "rPh")) {
		s->in_rph = 0;
	} else if (!strcmp(n, "si") && s->in_si) {
		s->in_si = 0;
		if (s->n >= STRINGS_MAX) {
			s->over = 1;
			return;
		}
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 256;
			s->v = xrealloc(s->v, s->cap * sizeof *s->v);
		}
		s->v[s->n++] = xstrdup(buf_str(&s->cur));
	}
}

static void XMLCALL ss_text(void *ud, const char *t, int len)
{
	struct strings *s = ud;
	if (s->in_si && s->in_t && !s->in_rph)
		buf_add(&s->cur, t, (size_t)len);
}

static void ss_setup(XML_Parser p, void *ud)
{
	XML_SetUserData(p, ud);
	XML_SetElementHandler(p, ss_start, ss_end);
	XML_SetCharacterDataHandler(p, ss_text);
}

/* ---- styles.xml: which cell formats show a date ---- */

struct styles {
	struct { int id; int date; } fmt[512]; /* custom number formats */
	size_t nfmt;
	unsigned char *xf_date; /* per cellXfs entry: 1 when a date */
	size_t nxf;
	int in_xfs;
};

/* A custom format code shows a date when it has d, m or y outside quotes
 * and brackets ([Red], [h]) — "0.00" and "£#,##0" have none. */
static int code_is_date(const char *c)
{
	int q = 0, br = 0;
	for (; *c; c++) {
		if (*c == '"')
			q = !q;
		else if (!q && *c == '[')
			br = 1;
		else if (!q && *c == ']')
			br = 0;
		else if (!q && !br && *c == '\\' && c[1])
			c++;
		else if (!q && !br && strchr("dmyDMY", *c))
			return 1;
	}
	return 0;
}

static int builtin_date(int id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

static void XMLCALL st_start(void *ud, const char *name, const char **a)
{
	struct styles *s = ud;
	const char *n = local(name);
	if (!strcmp(n, "numFmt") && s->nfmt < sizeof s->fmt / sizeof s->fmt[0]) {
		const char *id = attr(a, "numFmtId"), *code = attr(a, "formatCode");
		if (id && code) {
			s->fmt[s->nfmt].id = atoi(id);
			s->fmt[s->nfmt].date = code_is_date(code);
			s->nfmt++;
		}
	} else if (!strcmp(n, "cellXfs")) {
		s->in_xfs = 1;
	} else if (!strcmp(n, "xf") && s->in_xfs && s->nxf < STYLES_MAX) {
		const char *id = attr(a, "numFmtId");
		int v = id ? atoi(id) : 0, date = builtin_date(v);
		for (size_t i = 0; i < s->nfmt; i++)
			if (s->fmt[i].id == v)
				date = s->fmt[i].date;
		s->xf_date = xrealloc(s->xf_date, s->nxf + 1);
		s->xf_date[s->nxf++] = (unsigned char)date;
	}
}

static void XMLCALL st_end(void *ud, const char *name)
{
	struct styles *s = ud;
	if (!strcmp(local(name), "cellXfs"))
		s->in_xfs = 0;
}

static void st_setup(XML_Parser p, void *ud)
{
	XML_SetUserData(p, ud);
	XML_SetElementHandler(p, st_start, st_end);
}

/* ---- the sheet, written out as CSV ---- */

struct sheet_rd {
	const struct strings *ss;
	const struct styles *st;
	int date1904;
	struct buf *out;
	long row;          /* the last row written (1-based) */
	long col;          /* cells written on the current row */
	long width;        /* the first row's cells: later rows are padded to it */
	char type[16];     /* the current cell's t attribute */
	long style;
	long cell_col;     /* its column (0-based) from r="B3", or -1 */
	struct buf val;
	int in_v, in_is_t, in_cell, bad;
};

/* The 0-based column of a cell reference such as "AB12"; -1 when absent. */
static long ref_col(const char *r)
{
	long c = 0;
	int n = 0;
	if (!r)
		return -1;
	for (; *r >= 'A' && *r <= 'Z' && n < 4; r++, n++)
		c = c * 26 + (*r - 'A' + 1);
	return n && n < 4 && c <= COLS_MAX ? c - 1 : -1;
}

/* Write s as one CSV cell, quoted when it needs it (no formula guard: this
 * is input being read, not a file for a spreadsheet). */
static void cell_out(struct buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

/* An Excel serial day number as YYYY-MM-DD (1900 system with its phantom
 * 29 February 1900, or the 1904 system); -1 outside 1900..9999. */
static int serial_date(double v, int date1904, char out[11])
{
	if (!(v >= 1 && v < 2958466))
		return -1;
	long days = (long)v; /* the time of day is dropped */
	if (date1904)
		days += 1462;
	else if (days >= 60)
		days -= 1; /* Lotus's 1900-02-29 */
	/* days since 1899-12-31; civil-from-days (H. Hinnant) from 1970-01-01 */
	long z = days - 25568 + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 1900 || y > 9999)
		return -1;
	snprintf(out, 11, "%04ld-%02ld-%02ld", y, m, d);
	return 0;
}

/* End the current row: Excel leaves trailing empty cells out, so a row is
 * padded with empty fields to the first row's (the header's) width. */
static void row_end(struct sheet_rd *s)
{
	if (s->row <= 0)
		return;
	if (!s->width)
		s->width = s->col;
	while (s->col && s->col < s->width) {
		buf_addc(s->out, ',');
		s->col++;
	}
	buf_addc(s->out, '\n');
}

static void XMLCALL sh_start(void *ud, const char *name, const char **a)
{
	struct sheet_rd *s = ud;
	const char *n = local(name);
	if (!strcmp(n, "row")) {
		const char *r = attr(a, "r");
		long want = r ? atol(r) : s->row + 1;
		if (want <= s->row || want > ROWS_MAX) {
			s->bad = 1;
			want = s->row + 1;
		}
		row_end(s);
		/* rows Excel left out are blank lines, so line numbers stay Excel's */
		while (s->row + 1 < want) {
			buf_addc(s->out, '\n');
			s->row++;
		}
		s->row = want;
		s->col = 0;
	} else if (!strcmp(n, "c")) {
		const char *t = attr(a, "t"), *st = attr(a, "s");
		snprintf(s->type, sizeof s->type, "%s", t ? t : "n");
		s->style = st ? atol(st) : 0;
		s->cell_col = ref_col(attr(a, "r"));
		buf_reset(&s->val);
		s->in_cell = 1;
	} else if (s->in_cell && !strcmp(n, "v")) {
		s->in_v = 1;
	} else if (s->in_cell && !strcmp(n, "t")) {
		s->in_is_t = 1; /* an inline string's text (rich runs append) */
	}
}

static void XMLCALL sh_end(void *ud, const char *name)
{
	struct sheet_rd *s = ud;
	const char *n = local(name);
	if (!strcmp(n, "v")) {
		s->in_v = 0;
	} else if (!strcmp(n, "t")) {
		s->in_is_t = 0;
	} else if (!strcmp(n, "c") && s->in_cell) {
		s->in_cell = 0;
		long at = s->cell_col >= 0 ? s->cell_col : s->col;
		if (at < s->col || at >= CSV_MAX_FIELDS) {
			if (buf_str(&s->val)[0])
				s->bad = 1; /* out of order, or more columns than any import reads */
			return;
		}
		while (s->col < at) {
			if (s->col)
				buf_addc(s->out, ',');
			s->col++;
		}
		if (s->col)
			buf_addc(s->out, ',');
		s->col++;
		const char *v = buf_str(&s->val);
		char tmp[40];
		if (!strcmp(s->type, "s")) {
			char *end;
			unsigned long i = strtoul(v, &end, 10);
			if (!*v || *end || i >= s->ss->n) {
				s->bad = 1;
				return;
			}
			v = s->ss->v[i];
		} else if (!strcmp(s->type, "b")) {
			v = !strcmp(v, "1") ? "true" : "false";
		} else if (!strcmp(s->type, "n") && *v) {
			char *end;
			double d = strtod(v, &end);
			if (*end)
				s->bad = 1;
			else if (s->style >= 0 && (size_t)s->style < s->st->nxf && s->st->xf_date[s->style] &&
			         serial_date(d, s->date1904, tmp) == 0)
				v = tmp;
			else if (snprintf(tmp, sizeof tmp, "%.15g", d) < (int)sizeof tmp)
				v = tmp; /* 0.30000000000000004 reads as 0.3, as Excel shows it */
		}
		cell_out(s->out, v);
	}
}

static void XMLCALL sh_text(void *ud, const char *t, int len)
{
	struct sheet_rd *s = ud;
	if (s->in_cell && (s->in_v || s->in_is_t))
		buf_add(&s->val, t, (size_t)len);
}

static void sh_setup(XML_Parser p, void *ud)
{
	XML_SetUserData(p, ud);
	XML_SetElementHandler(p, sh_start, sh_end);
	XML_SetCharacterDataHandler(p, sh_text);
}

int xlsx_is_zip(const char *p, size_t n)
{
	return n >= 4 && memcmp(p, "PK\x03\x04", 4) == 0;
}

int xlsx_to_csv(const char *name, const char *p, size_t n, struct buf *out, struct err *e)
{
	int rc = -1;
	struct mem m = { (const unsigned char *)p, n, 0 };
	zlib_filefunc64_def io = { mem_open, mem_read, mem_write, mem_tell, mem_seek, mem_close, mem_error, &m };
	struct book b = { 0 };
	struct strings ss = { 0 };
	struct styles st = { 0 };
	struct sheet_rd sh = { 0 };
	buf_init(&ss.cur, CSV_FIELD_MAX * 4);
	buf_init(&sh.val, CSV_FIELD_MAX * 4);
	unzFile z = unzOpen2_64("workbook", &io);
	if (!z) {
		err_set(e, ERR_INPUT, "%s: not a readable XLSX workbook (the zip is damaged)", name);
		goto out;
	}
	if (parse_part(z, "xl/workbook.xml", book_setup, &b) != 0) {
		err_set(e, ERR_INPUT, "%s: not an XLSX workbook (no readable xl/workbook.xml)", name);
		goto out;
	}
	if (!b.rid[0] || parse_part(z, "xl/_rels/workbook.xml.rels", rels_setup, &b) < 0 || !b.done)
		snprintf(b.target, sizeof b.target, "xl/worksheets/sheet1.xml");
	if (parse_part(z, "xl/sharedStrings.xml", ss_setup, &ss) < 0 || ss.over) {
		err_set(e, ERR_INPUT, "%s: the workbook's shared strings cannot be read", name);
		goto out;
	}
	if (parse_part(z, "xl/styles.xml", st_setup, &st) < 0) {
		err_set(e, ERR_INPUT, "%s: the workbook's styles cannot be read", name);
		goto out;
	}
	sh.ss = &ss;
	sh.st = &st;
	sh.date1904 = b.date1904;
	sh.out = out;
	int r = parse_part(z, b.target, sh_setup, &sh);
	if (r) {
		err_set(e, ERR_INPUT, "%s: the workbook's first sheet (%s) %s", name, b.target,
		        r > 0 ? "is missing" : "cannot be read");
		goto out;
	}
	if (sh.bad) {
		err_set(e, ERR_INPUT, "%s: the first sheet has cells this import cannot read (more than %d columns, "
		        "or rows and cells out of order)", name, CSV_MAX_FIELDS);
		goto out;
	}
	row_end(&sh);
	if (out->oom) {
		err_set(e, ERR_INPUT, "%s: the sheet is larger than %zu MiB as text", name, out->max >> 20);
		goto out;
	}
	rc = 0;
out:
	if (z)
		unzClose(z);
	for (size_t i = 0; i < ss.n; i++)
		free(ss.v[i]);
	free(ss.v);
	free(st.xf_date);
	buf_release(&ss.cur);
	buf_release(&sh.val);
	return rc;
}
