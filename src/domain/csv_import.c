/* csv_import.c — see csv_import.h. */
#include "domain/csv_import.h"
#include "domain/accesslog.h"
#include "core/xalloc.h"
#include "store/store.h"
#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int line_error(struct err *e, const struct csv *c, long line, const char *column, const char *fmt,
                      va_list ap)
{
	char what[300];
	vsnprintf(what, sizeof what, fmt, ap);
	return err_set(e, ERR_INPUT, "%s:%ld: %s: %s", c->name, line, column, what), -1;
}

int csv_row_error(struct err *e, const struct csv *c, const char *column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = line_error(e, c, c->line, column, fmt, ap);
	va_end(ap);
	return r;
}

int csv_line_error(struct err *e, const struct csv *c, long line, const char *column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = line_error(e, c, line, column, fmt, ap);
	va_end(ap);
	return r;
}

/* Keep the header's names (the record just read) for the messages. */
static void keep_names(struct csv *c, char ***names)
{
	*names = xcalloc(c->nf ? c->nf : 1, sizeof **names);
	for (size_t i = 0; i < c->nf; i++)
		(*names)[i] = xstrdup(csv_field(c, i));
	c->names = (const char *const *)*names;
	c->nnames = c->nf;
}

/* "file:line: column: missing (the line has N columns, expected M)", the
 * column being the first one missing, or the last expected one followed by
 * something extra. */
static int width_error(const struct csv *c, size_t want, struct err *e)
{
	char col[80];
	size_t i = c->nf < want ? c->nf : want - 1;
	if (c->names && i < c->nnames)
		snprintf(col, sizeof col, "%s", c->names[i]);
	else
		snprintf(col, sizeof col, "column %zu", i + 1);
	return err_set(e, ERR_INPUT, "%s:%ld: %s: %s (the line has %zu column%s, expected %zu)", c->name, c->line, col,
	               c->nf < want ? "missing" : "followed by more values than the header names", c->nf,
	               c->nf == 1 ? "" : "s", want);
}

/* The register export's header (reference, then its columns) into b. */
static void export_header(const struct register_def *r, struct buf *b)
{
	struct sheet_col cols[RECORD_MAX_COLS];
	size_t n = record_cols(r->record, cols);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(b, ',');
		buf_adds(b, cols[i].name);
	}
}

/* The header step of a round-trip importer: its own header, or (*xcols set
 * to the export's width and map[] to where each import column is in it)
 * the register export's. */
static int header_or_export(const struct csv_import_spec *spec, struct csv *c, size_t *xcols, size_t *map,
                            struct err *e)
{
	struct buf got, want;
	buf_init(&got, 0);
	buf_init(&want, 0);
	int rc = csv_read_header(c, spec->header, &got, e);
	*xcols = 0;
	if (rc == 0 && strcmp(buf_str(&got), spec->header) != 0) {
		export_header(spec->reg, &want);
		if (strcmp(buf_str(&got), buf_str(&want)) != 0) {
			rc = err_set(e, ERR_INPUT, "%s:1: header is \"%.200s\", expected \"%s\" (or the register's export, "
			             "\"%.200s\")", c->name, buf_str(&got), spec->header, buf_str(&want));
		} else {
			/* each import column's place in the export */
			const char *h = spec->header;
			for (size_t i = 0; rc == 0 && i < spec->ncol; i++) {
				size_t len = strcspn(h, ",");
				char name[64];
				snprintf(name, sizeof name, "%.*s", (int)len, h);
				const char *x = spec->from_export && spec->from_export[i] ? spec->from_export[i] : name;
				map[i] = SIZE_MAX;
				for (size_t k = 0; k < c->nf; k++)
					if (!strcmp(csv_field(c, k), x))
						map[i] = k;
				if (map[i] == SIZE_MAX)
					rc = err_set(e, ERR_INPUT, "%s:1: %s: the export has no column %s", c->name, name, x);
				h += len + (h[len] == ',');
			}
			*xcols = c->nf;
		}
	}
	buf_release(&got);
	buf_release(&want);
	return rc;
}

/* For an export row: 1 when its reference names a stored record, 0 when
 * not (or it is empty), -1 on error. */
static int stored_reference(const struct csv_import_spec *spec, struct csv_import *im, const struct csv *c,
                            struct err *e)
{
	const char *ref = csv_field(c, 0), *d = ref;
	while (*d && (*d < '0' || *d > '9'))
		d++;
	char *end;
	long long id = strtoll(d, &end, 10);
	char again[REF_MAX];
	if (!*d || *end || id <= 0 || !spec->reg->record->ref || strcmp(spec->reg->record->ref(id, again), ref))
		return *ref ? csv_row_error(e, c, "reference", "\"%s\" is not a reference of this register", ref) : 0;
	int64_t found;
	return store_int(im->st, e, &found, spec->exists_sql, "i", (int64_t)id);
}

int csv_import_reference(const struct register_def *reg, struct csv_import *im, const struct csv *c,
                         const char *exists_sql, int64_t *id, struct err *e)
{
	const char *ref = csv_field(c, 0), *d = ref;
	*id = 0;
	if (!*ref)
		return 0;
	while (*d && (*d < '0' || *d > '9'))
		d++;
	char *end;
	long long n = strtoll(d, &end, 10);
	char again[REF_MAX];
	if (!*d || *end || n <= 0 || !reg->record->ref || strcmp(reg->record->ref(n, again), ref))
		return csv_row_error(e, c, "reference", "\"%s\" is not a reference of this register", ref);
	int64_t found;
	int r = store_int(im->st, e, &found, exists_sql, "i", (int64_t)n);
	if (r < 0)
		return -1;
	if (r == 0)
		return csv_row_error(e, c, "reference", "no record has the reference \"%s\" (leave the reference empty "
		                     "to add a new one)", ref);
	*id = n;
	return 0;
}

char *csv_import_trim(char *s)
{
	size_t a = 0, n = strlen(s);
	while (a < n && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	memmove(s, s + a, n - a);
	s[n - a] = 0;
	return s;
}

void csv_import_unpack(const char *p, const char **f, int n)
{
	for (int i = 0; i < n; i++) {
		f[i] = p;
		p += strlen(p) + 1;
	}
}

double csv_import_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu_seconds_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int csv_import_run(const struct csv_import_spec *spec, struct csv_import *im, struct csv *c, struct err *e)
{
	/* PROBITY_IMPORT_TIMING set: how long the check and the write (the
	 * write lock held) took, on stderr, for bench/scale.sh and profiling */
	double t_start = csv_import_seconds(), t_lock = 0, t_commit = 0, cpu_start = cpu_seconds_now(), cpu_lock = 0;
	size_t xcols = 0, map[CSV_MAX_FIELDS];
	int rc = -1, r = 0, began = 0;
	char **names = NULL;
	size_t nnames = 0;
	memset(&im->n, 0, sizeof im->n);
	im->skip = 0;
	im->detail[0] = 0;
	im->ncol = spec->ncol;
	if (!spec->apply_fn) {
		if (store_begin(im->st, e))
			goto out;
		began = 1;
	}
	if (spec->header_fn    ? spec->header_fn(im, c, e)
	    : spec->reg        ? header_or_export(spec, c, &xcols, map, e)
	                       : csv_expect_header(c, spec->header, e))
		goto out;
	keep_names(c, &names);
	nnames = c->nnames;
	while (!im->skip && (r = csv_next(c, e)) == 1) {
		if (csv_normalise(c))
			continue; /* a blank line (or one of only commas), wherever it is */
		if (xcols) { /* the register's own export read back */
			if (c->nf != xcols) {
				width_error(c, xcols, e);
				goto out;
			}
			int s = stored_reference(spec, im, c, e);
			if (s < 0)
				goto out;
			if (s) {
				im->n.rows++; /* already stored: unchanged */
				continue;
			}
			size_t off[CSV_MAX_FIELDS];
			for (size_t i = 0; i < spec->ncol; i++)
				off[i] = c->off[map[i]];
			memcpy(c->off, off, spec->ncol * sizeof off[0]);
			c->nf = spec->ncol;
		}
		if (im->ncol && c->nf != im->ncol) {
			width_error(c, im->ncol, e);
			goto out;
		}
		if (spec->row_fn(im, c, e))
			goto out;
		im->n.rows++;
	}
	if (!im->skip && r < 0)
		goto out;
	if (!im->skip && im->n.rows == 0 && !spec->may_be_empty) {
		err_set(e, ERR_INPUT, "%s: the file has a header but no rows to import", c->name);
		goto out;
	}
	if (!im->skip && spec->finish_fn && spec->finish_fn(im, c, e))
		goto out;
	if (im->skip || im->dry_run) {
		if (began)
			store_rollback(im->st);
		began = 0;
	} else {
		if (spec->apply_fn) { /* every row checked: now the short write */
			t_lock = csv_import_seconds();
			cpu_lock = cpu_seconds_now();
			if (store_begin(im->st, e))
				goto out;
			began = 1;
			if (spec->apply_fn(im, e))
				goto out;
		}
		if (!im->detail[0] && (im->n.created || im->n.updated))
			snprintf(im->detail, sizeof im->detail, "%ld rows: %ld created, %ld updated", im->n.rows,
			         im->n.created, im->n.updated);
		if (im->detail[0] &&
		    alog_write(im->st, im->who, "import", spec->object_type, c->name, "ok", im->detail, e))
			goto out;
		t_commit = csv_import_seconds();
		if (store_commit(im->st, e))
			goto out;
		began = 0;
		if (t_lock > 0 && getenv("PROBITY_IMPORT_TIMING"))
			fprintf(stderr, "%s: %ld rows checked in %.2f s (%.2f s CPU), written with the write lock held "
			        "%.2f s (%.2f s CPU; the commit %.2f s)\n", c->name, im->n.rows, t_lock - t_start,
			        cpu_lock - cpu_start, csv_import_seconds() - t_lock, cpu_seconds_now() - cpu_lock,
			        csv_import_seconds() - t_commit);
	}
	if (im->skip)
		memset(&im->n, 0, sizeof im->n);
	im->n.unchanged = im->n.rows - im->n.created - im->n.updated;
	rc = 0;
out:
	if (rc) {
		if (began)
			store_rollback(im->st);
		memset(&im->n, 0, sizeof im->n);
	}
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	c->names = NULL;
	c->nnames = 0;
	return rc;
}

int csv_import_file(const struct csv_import_spec *spec, struct csv_import *im, const char *path, struct err *e)
{
	struct csv c;
	memset(&im->n, 0, sizeof im->n);
	int rc = csv_open_file(&c, path, e) ? -1 : csv_import_run(spec, im, &c, e);
	csv_close(&c);
	return rc;
}

int csv_import_mem(const struct csv_import_spec *spec, struct csv_import *im, const char *name, const char *p,
                   size_t n, struct err *e)
{
	struct csv c;
	memset(&im->n, 0, sizeof im->n);
	int rc = csv_open_mem(&c, name, p, n, e) ? -1 : csv_import_run(spec, im, &c, e);
	csv_close(&c);
	return rc;
}

void csv_import_row_key(const struct csv *c, size_t ncol, char out[72])
{
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	for (size_t i = 1; i < ncol; i++) {
		const char *f = csv_field(c, i);
		crypto_hash_sha256_update(&h, (const unsigned char *)f, strlen(f) + 1);
	}
	unsigned char d[32];
	crypto_hash_sha256_final(&h, d);
	memcpy(out, "import:", 7);
	sodium_bin2hex(out + 7, 65, d, sizeof d);
}
