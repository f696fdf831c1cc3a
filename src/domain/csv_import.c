/* csv_import.c — see csv_import.h. */
#include "domain/csv_import.h"
#include "domain/accesslog.h"
#include "domain/people.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

int csv_import_run(struct store *st, const char *path, const char *header, size_t ncol, csv_import_row_fn row,
                   void *ctx, const char *object_type, int dry_run, struct import_stats *s, struct err *e)
{
	struct csv c;
	memset(s, 0, sizeof *s);
	if (csv_open_file(&c, path, e)) { /* the reader keeps its input when the check of it fails */
		csv_close(&c);
		return -1;
	}
	if (csv_expect_header(&c, header, e) || store_begin(st, e)) {
		csv_close(&c);
		return -1;
	}
	int r;
	long created = 0;
	while ((r = csv_next(&c, e)) == 1) {
		if (c.nf == 1 && !*csv_field(&c, 0))
			continue;
		if (c.nf != ncol) {
			err_set(e, ERR_INPUT, "%s:%ld: has %zu columns, expected %zu", c.name, c.line, c.nf, ncol);
			r = -1;
			break;
		}
		if (row(st, &c, ctx, &created, e)) {
			r = -1;
			break;
		}
		s->rows++;
	}
	if (r < 0) {
		store_rollback(st);
		csv_close(&c);
		memset(s, 0, sizeof *s);
		return -1;
	}
	s->created = created;
	s->unchanged = s->rows - created;
	char detail[96];
	snprintf(detail, sizeof detail, "%ld rows: %ld created", s->rows, s->created);
	if (dry_run) {
		store_rollback(st);
	} else if ((created && alog_write(st, NULL, "import", object_type, c.name, "ok", detail, e)) ||
	           store_commit(st, e)) {
		store_rollback(st);
		csv_close(&c);
		return -1;
	}
	csv_close(&c);
	return 0;
}
