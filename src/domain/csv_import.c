/* csv_import.c — see csv_import.h. */
#include "domain/csv_import.h"
#include "domain/accesslog.h"
#include "core/xalloc.h"
#include "store/store.h"
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

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

int csv_import_run(const struct csv_import_spec *spec, struct csv_import *im, struct csv *c, struct err *e)
{
	int rc = -1, r = 0, began = 0;
	char **names = NULL;
	size_t nnames = 0;
	memset(&im->n, 0, sizeof im->n);
	im->skip = 0;
	im->detail[0] = 0;
	im->ncol = spec->ncol;
	if (store_begin(im->st, e))
		goto out;
	began = 1;
	if (spec->header_fn ? spec->header_fn(im, c, e) : csv_expect_header(c, spec->header, e))
		goto out;
	keep_names(c, &names);
	nnames = c->nnames;
	while (!im->skip && (r = csv_next(c, e)) == 1) {
		if (csv_normalise(c))
			continue; /* a blank line (or one of only commas), wherever it is */
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
	if (!im->skip && im->n.rows == 0) {
		err_set(e, ERR_INPUT, "%s: the file has a header but no rows to import", c->name);
		goto out;
	}
	if (!im->skip && spec->finish_fn && spec->finish_fn(im, c, e))
		goto out;
	if (im->skip || im->dry_run) {
		store_rollback(im->st);
		began = 0;
	} else {
		if (!im->detail[0] && (im->n.created || im->n.updated))
			snprintf(im->detail, sizeof im->detail, "%ld rows: %ld created, %ld updated", im->n.rows,
			         im->n.created, im->n.updated);
		if (im->detail[0] &&
		    alog_write(im->st, im->who, "import", spec->object_type, c->name, "ok", im->detail, e))
			goto out;
		if (store_commit(im->st, e))
			goto out;
		began = 0;
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
