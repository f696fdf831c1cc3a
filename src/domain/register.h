/* register.h — the read side every register shares (gifts, interests,
 * associations, circumstances, and the capabilities to come). A register is
 * one struct register_def: its record's field list (domain/record.h), its
 * list and get functions, who may export it and what the export is called.
 * From it come the CSV/XLSX export here, and in src/web (regpage.h) the JSON
 * list and item, the export downloads and the paged list table. Forms and
 * detail pages stay hand-written.
 *
 * The export: the role check (a refusal is access-logged), every row the
 * register shows for the caller's filter (all pages) written through
 * core/sheet.h, and one access-log line ("export", object_type,
 * "csv"|"xlsx", "ok", "FORMAT, N rows"). */
#ifndef PROBITY_REGISTER_H
#define PROBITY_REGISTER_H

#include "core/buf.h"
#include "core/err.h"
#include "core/sheet.h"
#include "domain/actor.h"
#include "domain/record.h"
#include <stddef.h>
#include <stdint.h>

struct store;

/* Called once per listed record, in order; non-zero stops the list. */
typedef int (*record_fn)(void *ctx, const void *rec);

struct register_def {
	const struct record_def *record;
	/* The module's X_list for scope (its enum) and filter (its struct
	 * X_filter); all: every row, whatever the filter's page. */
	int (*list)(struct store *st, const struct actor *who, int scope, const void *filter, int all, record_fn fn,
	            void *ctx, long *total, struct err *e);
	/* The module's X_get: its need-to-know check, into out (record->size bytes). */
	int (*get)(struct store *st, const struct actor *who, int64_t id, void *out, struct err *e);
	int register_scope;      /* the force-wide scope, the one exported */
	unsigned export_roles;   /* who may export */
	const char *object_type; /* access-log object of the register, e.g. "association_register" */
	const char *deny_msg;    /* the refusal's message */
	const char *title;       /* the XLSX worksheet's name (at most 31 chars) */
};

/* The register's rows for filter (all pages) as format, appended to out. */
int register_export(struct store *st, const struct actor *who, const struct register_def *r, const void *filter,
                    enum sheet_format format, struct buf *out, struct err *e);

#endif
