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

/* Defines static NAME_reg_list and NAME_reg_get, the register_def's list and get
 * over a module's typed X_list (taking enum SCOPE_T, const FILTER_T * with
 * page and per_page, and a callback on const REC_T *) and X_get:
 *   REGISTER_ADAPTERS(assoc, struct association, struct association_filter,
 *                     enum assoc_scope, associations_list, association_get)
 *   const struct register_def associations_register_def = {
 *       .list = assoc_reg_list, .get = assoc_reg_get, ... }; */
#define REGISTER_ADAPTERS(NAME, REC_T, FILTER_T, SCOPE_T, LIST_FN, GET_FN)                                         \
	struct NAME##_reg_typed {                                                                                  \
		record_fn fn;                                                                                  \
		void *ctx;                                                                                     \
	};                                                                                                     \
	static int NAME##_reg_call(void *ctx, const REC_T *rec)                                                    \
	{                                                                                                      \
		struct NAME##_reg_typed *t = ctx;                                                                  \
		return t->fn(t->ctx, rec);                                                                     \
	}                                                                                                      \
	static int NAME##_reg_list(struct store *st, const struct actor *who, int scope, const void *filter, int all, \
	                       record_fn fn, void *ctx, long *total, struct err *e)                            \
	{                                                                                                      \
		FILTER_T f = *(const FILTER_T *)filter;                                                        \
		if (all) {                                                                                     \
			f.page = 1;                                                                            \
			f.per_page = -1;                                                                       \
		}                                                                                              \
		struct NAME##_reg_typed t = { fn, ctx };                                                           \
		return LIST_FN(st, who, (SCOPE_T)scope, &f, NAME##_reg_call, &t, total, e);                        \
	}                                                                                                      \
	static int NAME##_reg_get(struct store *st, const struct actor *who, int64_t id, void *out, struct err *e) \
	{                                                                                                      \
		return GET_FN(st, who, id, out, e);                                                            \
	}

/* The register's rows for filter (all pages) as format, appended to out. */
int register_export(struct store *st, const struct actor *who, const struct register_def *r, const void *filter,
                    enum sheet_format format, struct buf *out, struct err *e);
/* The same written onto fd as rows come (core/sheet.h's sheet_begin_fd):
 * memory stays bounded for any number of rows. The access-log line is
 * written after the last row. */
int register_export_fd(struct store *st, const struct actor *who, const struct register_def *r, const void *filter,
                       enum sheet_format format, int fd, struct err *e);
/* The export's role check alone (a refusal is access-logged, as by
 * register_export): 0 when who may export r. */
int register_export_allowed(struct store *st, const struct actor *who, const struct register_def *r,
                            enum sheet_format format, struct err *e);

#endif
