/* circumstances_import.c — probity circumstances import: the changes of
 * circumstances register read back from its own export (CSV or XLSX), or
 * from a force's earlier register laid out the same way. The reference is
 * the key, so re-importing an export changes nothing and editing one row
 * changes exactly that declaration (see circumstances.h). */
#include "domain/circumstances.h"
#include "core/csv.h"
#include "core/date.h"
#include "domain/accesslog.h"
#include "domain/csv_import.h"
#include "domain/tasks.h"
#include "domain/validate.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

enum {
	C_REF, C_DECLARED, C_STAFF, C_NAME, C_UNIT, C_KIND, C_SUBTYPE, C_SUBJECT, C_OTHER, C_EVENT, C_DETAILS,
	C_REFERRAL, C_TASK, C_NCOL
};

/* The stored declaration's importable columns, in C_ order (NULL: a column
 * shown for reading only). */
static const char *const stored_cols[C_NCOL] = {
	[C_DECLARED] = "declared_on", [C_KIND] = "kind", [C_SUBTYPE] = "subtype", [C_SUBJECT] = "subject",
	[C_OTHER] = "other_person", [C_EVENT] = "event_date", [C_DETAILS] = "details", [C_REFERRAL] = "referral",
};

static int import_row(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct store *st = im->st;
	const struct actor *who = im->who;
	const char *f[C_NCOL];
	for (int i = 0; i < C_NCOL; i++)
		f[i] = csv_field(c, (size_t)i);
	int64_t id, person, old_person = 0;
	if (csv_import_reference(&circumstances_register_def, im, c, "SELECT id FROM circumstances WHERE id = ?", &id,
	                         e))
		return -1;
	int r = store_int(st, e, &person, "SELECT id FROM people WHERE staff_number = ?", "t", f[C_STAFF]);
	if (r < 0)
		return -1;
	if (r == 0)
		return csv_row_error(e, c, "staff_number", "no person with staff number \"%s\"", f[C_STAFF]);
	char old[C_NCOL][2001], task[8] = "";
	memset(old, 0, sizeof old);
	if (id) {
		struct stmt *s;
		if (store_query(st, &s, e,
		                "SELECT c.person_id, COALESCE(t.status, ''), c.declared_on, c.kind, c.subtype, c.subject, "
		                "c.other_person, c.event_date, c.details, c.referral "
		                "FROM circumstances c LEFT JOIN vetting_tasks t ON t.id = c.task_id WHERE c.id = ?",
		                "i", id))
			return -1;
		if ((r = stmt_next(s, e)) == 1) {
			old_person = stmt_int(s, 0);
			snprintf(task, sizeof task, "%s", stmt_text(s, 1));
			int col = 2;
			for (int i = 0; i < C_NCOL; i++)
				if (stored_cols[i]) { /* as its export reads back */
					snprintf(old[i], sizeof old[i], "%s", stmt_text(s, col++));
					csv_import_trim(old[i]);
				}
		}
		stmt_done(s);
		if (r < 0)
			return -1;
		if (person != old_person)
			return csv_row_error(e, c, "staff_number", "%s was declared by another person: an import cannot "
			                     "move a declaration to %s", f[C_REF], f[C_STAFF]);
		int same = 1;
		for (int i = 0; i < C_NCOL; i++)
			if (stored_cols[i] && strcmp(old[i], f[i]))
				same = 0;
		if (same)
			return 0; /* as stored: unchanged */
		if (!strcmp(task, "closed"))
			return csv_row_error(e, c, "reference", "vetting has assessed %s: it cannot be changed now (record "
			                     "what changed since as a new declaration)", f[C_REF]);
	} else {
		char key[72];
		csv_import_row_key(c, C_NCOL, key);
		int64_t found;
		if ((r = store_int(st, e, &found, "SELECT id FROM circumstances WHERE submit_key = ?", "t", key)) < 0)
			return -1;
		if (r == 1)
			return 0; /* imported before: unchanged */
	}
	if (who->person_id && who->person_id == person)
		return csv_row_error(e, c, "staff_number", "%s is your own staff number: your own declarations are "
		                     "changed through the forms, not by an import", f[C_STAFF]);
	/* checked as the form checks it */
	struct errlist errs = { 0 };
	struct circumstance_input in = { .kind = f[C_KIND], .subtype = f[C_SUBTYPE], .subject = f[C_SUBJECT],
		                         .other_person = f[C_OTHER], .details = f[C_DETAILS], .event_date = f[C_EVENT],
		                         .referral = f[C_REFERRAL] };
	circumstance_validate(&in, &errs);
	if (errs.n) {
		const char *col = errs.item[0].field;
		if (strstr(col, "subtype"))
			col = "subtype";
		return csv_row_error(e, c, col, "%s", errs.item[0].msg);
	}
	int fin = !strcmp(f[C_KIND], "financial_difficulty"), cj = !strcmp(f[C_KIND], "criminal_justice");
	if (!fin && !cj && *f[C_SUBTYPE])
		return csv_row_error(e, c, "subtype", "only financial_difficulty and criminal_justice have a subtype");
	if (!cj && *f[C_SUBJECT])
		return csv_row_error(e, c, "subject", "only criminal_justice has a subject (self or family)");
	if (!fin && *f[C_REFERRAL])
		return csv_row_error(e, c, "referral", "only financial_difficulty has a referral");
	char today[11], declared[11];
	date_today(today);
	snprintf(declared, sizeof declared, "%s", *f[C_DECLARED] ? f[C_DECLARED] : today);
	if (!date_valid(declared))
		return csv_row_error(e, c, "declared_on", "\"%s\" is not a real date, like 2026-03-27", f[C_DECLARED]);
	if (strcmp(declared, today) > 0)
		return csv_row_error(e, c, "declared_on", "Declared on must be today or in the past");
	if (id) {
		if (store_exec(st, e,
		               "UPDATE circumstances SET declared_on = ?, kind = ?, subtype = ?, subject = ?, "
		               "other_person = ?, event_date = ?, details = ?, referral = ? WHERE id = ?",
		               "tttttttti", declared, f[C_KIND], f[C_SUBTYPE], f[C_SUBJECT], f[C_OTHER], f[C_EVENT],
		               f[C_DETAILS], f[C_REFERRAL], id))
			return -1;
		im->n.updated++;
		return alog_writei(st, who, "update", "circumstance", id, "ok", "import", e);
	}
	char now[21], key[72], detail[300];
	time_now_iso(now);
	csv_import_row_key(c, C_NCOL, key);
	if (store_exec(st, e,
	               "INSERT INTO circumstances(person_id, kind, subtype, subject, other_person, details, event_date, "
	               "declared_on, referral, created_at, submit_key) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	               "itttttttttt", person, f[C_KIND], f[C_SUBTYPE], f[C_SUBJECT], f[C_OTHER], f[C_DETAILS],
	               f[C_EVENT], declared, f[C_REFERRAL], now, key))
		return -1;
	id = store_last_id(st);
	/* as the form: the declaration raises its vetting task */
	snprintf(detail, sizeof detail, "%s%s%s declared %s%s (imported)", circumstance_kind_label(f[C_KIND]),
	         *f[C_SUBTYPE] ? ": " : "", *f[C_SUBTYPE] ? circumstance_subtype_label(f[C_SUBTYPE]) : "", declared,
	         *f[C_SUBJECT] ? (!strcmp(f[C_SUBJECT], "self") ? " (self)" : " (family member)") : "");
	int64_t tid = 0;
	if (task_raise(st, who, person, "change_of_circumstances", "circumstance", id, detail, &tid, e) ||
	    store_exec(st, e, "UPDATE circumstances SET task_id = ? WHERE id = ?", "ii", tid, id))
		return -1;
	/* as the form: a referral (not one declined) is logged as made */
	if (*f[C_REFERRAL] && strcmp(f[C_REFERRAL], "declined") &&
	    alog_writei(st, who, "create", "early_intervention_referral", id, "ok", f[C_REFERRAL], e))
		return -1;
	im->n.created++;
	return alog_writei(st, who, "create", "circumstance", id, "ok", "import", e);
}

int circumstances_import(struct store *st, const struct actor *who, const char *path, int dry_run,
                         struct import_stats *s, struct err *e)
{
	static const struct csv_import_spec spec = {
		.header = CIRCUMSTANCES_IMPORT_HEADER, .ncol = C_NCOL, .object_type = "circumstance", .row_fn = import_row,
	};
	memset(s, 0, sizeof *s);
	if (alog_require(st, who, ROLE_PSD, "import", "circumstance", 0,
	                 "Only Professional Standards can import declared changes of circumstances", e))
		return -1;
	struct csv_import im = { .st = st, .who = who, .dry_run = dry_run };
	int r = csv_import_file(&spec, &im, path, e);
	*s = im.n;
	return r;
}
