/* register.c — see register.h. */
#include "domain/register.h"
#include "domain/accesslog.h"
#include <stdio.h>

struct export_ctx {
	const struct record_def *d;
	struct sheet *sh;
};

static int export_row(void *ctx, const void *rec)
{
	struct export_ctx *x = ctx;
	return record_sheet_row(x->d, rec, x->sh) ? 1 : 0;
}

int register_export_allowed(struct store *st, const struct actor *who, const struct register_def *r,
                            enum sheet_format format, struct err *e)
{
	if (actor_has(who, r->export_roles))
		return 0;
	alog_write(st, who, "export", r->object_type, format == SHEET_XLSX ? "xlsx" : "csv", "refused", "", NULL);
	return err_set(e, ERR_DENIED, "%s", r->deny_msg);
}

/* The export into out, or onto fd when out is NULL. */
static int export_to(struct store *st, const struct actor *who, const struct register_def *r, const void *filter,
                     enum sheet_format format, struct buf *out, int fd, struct err *e)
{
	const char *name = format == SHEET_XLSX ? "xlsx" : "csv";
	if (register_export_allowed(st, who, r, format, e))
		return -1;
	struct sheet_col cols[RECORD_MAX_COLS];
	size_t ncols = record_cols(r->record, cols);
	struct export_ctx x = { r->record, NULL };
	long total = 0;
	if (out ? sheet_begin(&x.sh, format, r->title, cols, ncols, e)
	        : sheet_begin_fd(&x.sh, format, r->title, cols, ncols, fd, e))
		return -1;
	if (r->list(st, who, r->register_scope, filter, 1, export_row, &x, &total, e)) {
		sheet_free(x.sh);
		return -1;
	}
	if (sheet_end(x.sh, out, e))
		return -1;
	if (out && out->oom)
		return err_set(e, ERR_NOMEM, "export too large");
	char detail[64];
	snprintf(detail, sizeof detail, "%s, %ld rows", name, total);
	return alog_write(st, who, "export", r->object_type, name, "ok", detail, e);
}

int register_export(struct store *st, const struct actor *who, const struct register_def *r, const void *filter,
                    enum sheet_format format, struct buf *out, struct err *e)
{
	return export_to(st, who, r, filter, format, out, -1, e);
}

int register_export_fd(struct store *st, const struct actor *who, const struct register_def *r, const void *filter,
                       enum sheet_format format, int fd, struct err *e)
{
	return export_to(st, who, r, filter, format, NULL, fd, e);
}
