/* export.c — see export.h. */
#include "domain/export.h"
#include "domain/accesslog.h"
#include <stdio.h>

int register_export(struct store *st, const struct actor *who, unsigned roles, const char *object_type,
                    const char *deny_msg, enum sheet_format format, const char *title, const struct sheet_col *cols,
                    size_t ncols, export_list_fn list, const void *filter, struct buf *out, struct err *e)
{
	const char *name = format == SHEET_XLSX ? "xlsx" : "csv";
	if (!actor_has(who, roles)) {
		alog_write(st, who, "export", object_type, name, "refused", "", NULL);
		return err_set(e, ERR_DENIED, "%s", deny_msg);
	}
	struct sheet *sh;
	long total = 0;
	if (sheet_begin(&sh, format, title, cols, ncols, e))
		return -1;
	if (list(st, who, filter, sh, &total, e)) {
		sheet_free(sh);
		return -1;
	}
	if (sheet_end(sh, out, e))
		return -1;
	if (out->oom)
		return err_set(e, ERR_NOMEM, "export too large");
	char detail[64];
	snprintf(detail, sizeof detail, "%s, %ld rows", name, total);
	return alog_write(st, who, "export", object_type, name, "ok", detail, e);
}
