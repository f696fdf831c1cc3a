/* audit_import.c — the audit engine's reference data that Probity does not
 * already hold: vulnerable-person flags, the watch list, assignments to
 * occurrences, and the link from staff to their person id in force systems.
 * Same contract as the other imports: the header line exactly as in the
 * audit-bench files, all-or-nothing in one transaction, rerunnable without
 * duplicates (flags and categories are updated in place, assignments are
 * unique rows), --dry-run, errors "file:line: column: problem". Rows are
 * only added or updated, never deleted (the ingest engine's reference data
 * grows; see docs/audit.md). */
#include "audit/engine.h"
#include "core/csv.h"
#include "domain/accesslog.h"
#include "domain/audit.h"
#include "domain/csv_import.h"
#include "store/store.h"
#include <string.h>

static const char *const headers[] = {
	[AUDIT_REF_VULNERABLE] = "subject,flag",
	[AUDIT_REF_WATCHLIST] = "subject,category",
	[AUDIT_REF_ASSIGNMENTS] = "user,reason,from,to",
	[AUDIT_REF_STAFF] = "user,person,surname,unit",
};
static const char *const what[] = { "audit_vulnerable", "audit_watchlist", "audit_assignments", "people.person_ref" };
static const size_t ncols[] = { 2, 2, 4, 4 };

/* 1 created, 2 updated, 0 unchanged; -1 on error. */
static int import_row(struct store *st, enum audit_ref kind, const struct csv *c, struct err *e)
{
	const char *f0 = csv_field(c, 0), *f1 = csv_field(c, 1);
	char old[CSV_FIELD_MAX + 1];
	int r;
	switch (kind) {
	case AUDIT_REF_VULNERABLE:
	case AUDIT_REF_WATCHLIST:
		if (!*f0)
			return csv_row_error(e, c, "subject", "is empty");
		r = kind == AUDIT_REF_VULNERABLE
		            ? store_text(st, e, old, sizeof old, "SELECT flag FROM audit_vulnerable WHERE subject = ?", "t", f0)
		            : store_text(st, e, old, sizeof old, "SELECT category FROM audit_watchlist WHERE subject = ?",
		                         "t", f0);
		if (r < 0)
			return -1;
		if (r == 1 && strcmp(old, f1) == 0)
			return 0;
		if (kind == AUDIT_REF_VULNERABLE
		            ? store_exec(st, e,
		                         "INSERT INTO audit_vulnerable(subject, flag) VALUES (?, ?) "
		                         "ON CONFLICT(subject) DO UPDATE SET flag = excluded.flag",
		                         "tt", f0, f1)
		            : store_exec(st, e,
		                         "INSERT INTO audit_watchlist(subject, category) VALUES (?, ?) "
		                         "ON CONFLICT(subject) DO UPDATE SET category = excluded.category",
		                         "tt", f0, f1))
			return -1;
		return r == 1 ? 2 : 1;
	case AUDIT_REF_ASSIGNMENTS: {
		const char *from = csv_field(c, 2), *to = csv_field(c, 3);
		int32_t d1, d2;
		if (!*f0)
			return csv_row_error(e, c, "user", "is empty");
		if (!*f1)
			return csv_row_error(e, c, "reason", "is empty");
		if (audit_parse_date(from, strlen(from), &d1))
			return csv_row_error(e, c, "from", "\"%.40s\" is not a date (YYYY-MM-DD)", from);
		if (audit_parse_date(to, strlen(to), &d2))
			return csv_row_error(e, c, "to", "\"%.40s\" is not a date (YYYY-MM-DD)", to);
		if (d2 < d1)
			return csv_row_error(e, c, "to", "%s is before from %s", to, from);
		if (store_exec(st, e,
		               "INSERT INTO audit_assignments(user, reason, from_date, to_date) VALUES (?, ?, ?, ?) "
		               "ON CONFLICT DO NOTHING",
		               "tttt", f0, f1, from, to))
			return -1;
		return store_changes(st) ? 1 : 0;
	}
	case AUDIT_REF_STAFF:
		if (!*f0)
			return csv_row_error(e, c, "user", "is empty");
		r = store_text(st, e, old, sizeof old, "SELECT person_ref FROM people WHERE staff_number = ?", "t", f0);
		if (r < 0)
			return -1;
		if (r == 0)
			return csv_row_error(e, c, "user", "no person with staff number %.64s (import people first)", f0);
		if (strcmp(old, f1) == 0)
			return 0;
		if (store_exec(st, e, "UPDATE people SET person_ref = ? WHERE staff_number = ?", "tt", f1, f0))
			return -1;
		return 2;
	}
	return err_set(e, ERR_INTERNAL, "unknown reference kind"), -1;
}

/* The pipeline's row step: the width is checked here to name the header. */
static int row_step(struct csv_import *im, const struct csv *c, struct err *e)
{
	enum audit_ref kind = *(const enum audit_ref *)im->ctx;
	if (c->nf != ncols[kind])
		return err_set(e, ERR_INPUT, "%s:%ld: has %zu columns, expected %zu (%s)", c->name, c->line, c->nf,
		               ncols[kind], headers[kind]);
	int r = import_row(im->st, kind, c, e);
	if (r < 0)
		return -1;
	im->n.created += r == 1;
	im->n.updated += r == 2;
	return 0;
}

int audit_import(struct store *st, enum audit_ref kind, const char *path, int dry_run, struct import_stats *s,
                 struct err *e)
{
	const struct csv_import_spec spec = { headers[kind], 0, what[kind], NULL, row_step, NULL };
	struct csv_import im = { .st = st, .dry_run = dry_run, .ctx = &kind };
	int r = csv_import_file(&spec, &im, path, e);
	*s = im.n;
	return r;
}
