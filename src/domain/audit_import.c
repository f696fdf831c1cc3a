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
			return err_set(e, ERR_INPUT, "%s:%ld: subject: is empty", c->name, c->line), -1;
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
			return err_set(e, ERR_INPUT, "%s:%ld: user: is empty", c->name, c->line), -1;
		if (!*f1)
			return err_set(e, ERR_INPUT, "%s:%ld: reason: is empty", c->name, c->line), -1;
		if (audit_parse_date(from, strlen(from), &d1))
			return err_set(e, ERR_INPUT, "%s:%ld: from: \"%.40s\" is not a date (YYYY-MM-DD)", c->name, c->line,
			               from), -1;
		if (audit_parse_date(to, strlen(to), &d2))
			return err_set(e, ERR_INPUT, "%s:%ld: to: \"%.40s\" is not a date (YYYY-MM-DD)", c->name, c->line,
			               to), -1;
		if (d2 < d1)
			return err_set(e, ERR_INPUT, "%s:%ld: to: %s is before from %s", c->name, c->line, to, from), -1;
		if (store_exec(st, e,
		               "INSERT INTO audit_assignments(user, reason, from_date, to_date) VALUES (?, ?, ?, ?) "
		               "ON CONFLICT DO NOTHING",
		               "tttt", f0, f1, from, to))
			return -1;
		return store_changes(st) ? 1 : 0;
	}
	case AUDIT_REF_STAFF:
		if (!*f0)
			return err_set(e, ERR_INPUT, "%s:%ld: user: is empty", c->name, c->line), -1;
		r = store_text(st, e, old, sizeof old, "SELECT person_ref FROM people WHERE staff_number = ?", "t", f0);
		if (r < 0)
			return -1;
		if (r == 0)
			return err_set(e, ERR_INPUT, "%s:%ld: user: no person with staff number %.64s (import people first)",
			               c->name, c->line, f0), -1;
		if (strcmp(old, f1) == 0)
			return 0;
		if (store_exec(st, e, "UPDATE people SET person_ref = ? WHERE staff_number = ?", "tt", f1, f0))
			return -1;
		return 2;
	}
	return err_set(e, ERR_INTERNAL, "unknown reference kind"), -1;
}

int audit_import(struct store *st, enum audit_ref kind, const char *path, int dry_run, struct import_stats *s,
                 struct err *e)
{
	struct csv c;
	memset(s, 0, sizeof *s);
	if (csv_open_file(&c, path, e))
		return -1;
	if (csv_expect_header(&c, headers[kind], e)) {
		csv_close(&c);
		return -1;
	}
	if (store_begin(st, e)) {
		csv_close(&c);
		return -1;
	}
	int x;
	while ((x = csv_next(&c, e)) == 1) {
		if (c.nf != ncols[kind]) {
			err_set(e, ERR_INPUT, "%s:%ld: has %zu columns, expected %zu (%s)", c.name, c.line, c.nf, ncols[kind],
			        headers[kind]);
			goto fail;
		}
		int r = import_row(st, kind, &c, e);
		if (r < 0)
			goto fail;
		s->rows++;
		if (r == 1)
			s->created++;
		else if (r == 2)
			s->updated++;
		else
			s->unchanged++;
	}
	if (x < 0)
		goto fail;
	if (dry_run) {
		store_rollback(st);
	} else {
		char detail[128];
		snprintf(detail, sizeof detail, "%ld rows: %ld created, %ld updated", s->rows, s->created, s->updated);
		if ((s->created || s->updated) && alog_write(st, NULL, "import", what[kind], c.name, "ok", detail, e))
			goto fail;
		if (store_commit(st, e))
			goto fail;
	}
	csv_close(&c);
	return 0;
fail:
	store_rollback(st);
	csv_close(&c);
	memset(s, 0, sizeof *s);
	return -1;
}
