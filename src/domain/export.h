/* export.h — a register's CSV/XLSX export: the role check (a refusal is
 * access-logged), every row the register shows for the caller's filter (all
 * pages) written through core/sheet.h, and one access-log line
 * ("export", object_type, "csv"|"xlsx", "ok", "FORMAT, N rows"). */
#ifndef PROBITY_EXPORT_H
#define PROBITY_EXPORT_H

#include "core/buf.h"
#include "core/err.h"
#include "core/sheet.h"
#include "domain/actor.h"
#include <stddef.h>

struct store;

/* List every row for filter into sh (sheet_row), setting *total; the
 * module's own X_list over all pages of its register. */
typedef int (*export_list_fn)(struct store *st, const struct actor *who, const void *filter, struct sheet *sh,
                              long *total, struct err *e);

/* Refuse with ERR_DENIED and deny_msg unless who holds one of roles. */
int register_export(struct store *st, const struct actor *who, unsigned roles, const char *object_type,
                    const char *deny_msg, enum sheet_format format, const char *title, const struct sheet_col *cols,
                    size_t ncols, export_list_fn list, const void *filter, struct buf *out, struct err *e);

#endif
