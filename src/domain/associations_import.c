/* associations_import.c — probity associations import: the notifiable
 * associations register read back from its own export (CSV or XLSX), or
 * from a force's earlier register laid out the same way. The reference is
 * the key, so re-importing an export changes nothing and editing one row
 * changes exactly that association (see associations.h). */
#include "domain/associations.h"
#include "core/csv.h"
#include "core/date.h"
#include "domain/accesslog.h"
#include "domain/csv_import.h"
#include "domain/duty.h"
#include "domain/validate.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

enum {
	A_REF, A_DECLARED, A_STAFF, A_NAME, A_UNIT, A_ASSOC_NAME, A_ASSOC_REF, A_CATEGORY, A_RELATIONSHIP,
	A_CONTACT, A_BEGAN, A_STATUS, A_RISK, A_ADVICE, A_REVIEW, A_ASSESSED_BY, A_NCOL
};

/* The stored association's importable columns, in A_ order (NULL: a column
 * shown for reading only). */
static const char *const stored_cols[A_NCOL] = {
	[A_DECLARED] = "declared_on", [A_ASSOC_NAME] = "associate_name", [A_ASSOC_REF] = "associate_ref",
	[A_CATEGORY] = "category", [A_RELATIONSHIP] = "relationship", [A_CONTACT] = "contact_frequency",
	[A_BEGAN] = "began_on", [A_STATUS] = "status", [A_RISK] = "risk", [A_ADVICE] = "advice",
	[A_REVIEW] = "review_date",
};

/* The first of the form's errors as "file:line: column: message". */
static int first_error(const struct errlist *l, const struct csv *c, struct err *e)
{
	return csv_row_error(e, c, l->item[0].field, "%s", l->item[0].msg);
}

/* A refusal from the domain (duty_check1: its message) as a row error. */
static int row_refused(const struct csv *c, const char *column, struct err *e)
{
	char msg[256];
	snprintf(msg, sizeof msg, "%s", e->msg);
	csv_row_error(e, c, column, "%s", msg);
	e->code = ERR_DENIED;
	return -1;
}

static int import_row(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct store *st = im->st;
	const struct actor *who = im->who;
	const char *f[A_NCOL];
	for (int i = 0; i < A_NCOL; i++)
		f[i] = csv_field(c, (size_t)i);
	int64_t id, person, old_person = 0;
	if (csv_import_reference(&associations_register_def, im, c, "SELECT id FROM notifiable_associations WHERE id = ?",
	                         &id, e))
		return -1;
	int r = store_int(st, e, &person, "SELECT id FROM people WHERE staff_number = ?", "t", f[A_STAFF]);
	if (r < 0)
		return -1;
	if (r == 0)
		return csv_row_error(e, c, "staff_number", "no person with staff number \"%s\"", f[A_STAFF]);
	/* the stored association, its columns as text in A_ order */
	char old[A_NCOL][1001];
	memset(old, 0, sizeof old);
	if (id) {
		struct stmt *s;
		if (store_query(st, &s, e,
		                "SELECT person_id, declared_on, associate_name, associate_ref, category, relationship, "
		                "contact_frequency, began_on, status, risk, advice, review_date "
		                "FROM notifiable_associations WHERE id = ?", "i", id))
			return -1;
		if ((r = stmt_next(s, e)) == 1) {
			old_person = stmt_int(s, 0);
			int col = 1;
			for (int i = 0; i < A_NCOL; i++)
				if (stored_cols[i]) { /* as its export reads back */
					snprintf(old[i], sizeof old[i], "%s", stmt_text(s, col++));
					csv_import_trim(old[i]);
				}
		}
		stmt_done(s);
		if (r < 0)
			return -1;
		if (person != old_person)
			return csv_row_error(e, c, "staff_number", "%s declared %s: an import cannot move an association to "
			                     "another person", csv_field(c, A_REF), f[A_STAFF]);
		int same = 1;
		for (int i = 0; i < A_NCOL; i++)
			if (stored_cols[i] && strcmp(old[i], f[i]))
				same = 0;
		if (same)
			return 0; /* as stored: unchanged */
	} else {
		char key[72];
		csv_import_row_key(c, A_NCOL, key);
		int64_t found;
		if ((r = store_int(st, e, &found, "SELECT id FROM notifiable_associations WHERE submit_key = ?", "t",
		                   key)) < 0)
			return -1;
		if (r == 1)
			return 0; /* imported before: unchanged */
	}
	if (who->person_id && who->person_id == person)
		return csv_row_error(e, c, "staff_number", "%s is your own staff number: your own declarations are "
		                     "changed through the forms, not by an import", f[A_STAFF]);
	/* the declaration, checked as the form checks it */
	struct errlist errs = { 0 };
	struct association_input in = { .associate_name = f[A_ASSOC_NAME], .associate_ref = f[A_ASSOC_REF],
		                        .category = f[A_CATEGORY], .relationship = f[A_RELATIONSHIP],
		                        .contact_frequency = f[A_CONTACT], .began_on = f[A_BEGAN] };
	association_validate(&in, &errs);
	if (errs.n)
		return first_error(&errs, c, e);
	char today[11], declared[11];
	date_today(today);
	snprintf(declared, sizeof declared, "%s", *f[A_DECLARED] ? f[A_DECLARED] : today);
	if (!date_valid(declared))
		return csv_row_error(e, c, "declared_on", "\"%s\" is not a real date, like 2026-03-27", f[A_DECLARED]);
	if (strcmp(declared, today) > 0)
		return csv_row_error(e, c, "declared_on", "Declared on must be today or in the past");
	/* the status and the assessment */
	static const char *const statuses[] = { "declared", "assessed", "ended", NULL };
	const char *status = f[A_STATUS];
	if (!is_one_of(status, statuses))
		return csv_row_error(e, c, "status", "\"%s\" is not one of declared, assessed, ended", status);
	int assessment_changed = strcmp(old[A_RISK], f[A_RISK]) || strcmp(old[A_ADVICE], f[A_ADVICE]) ||
	                         strcmp(old[A_REVIEW], f[A_REVIEW]);
	if (!strcmp(status, "declared") && (*f[A_RISK] || *f[A_ADVICE] || *f[A_REVIEW]))
		return csv_row_error(e, c, "risk", "a declared association awaiting assessment has no risk, advice or "
		                     "review date (set status to assessed)");
	if (!strcmp(status, "assessed") && !*f[A_RISK])
		return csv_row_error(e, c, "risk", "an assessed association needs its risk: low, medium or high");
	if (id && !strcmp(old[A_STATUS], "ended") && strcmp(status, "ended"))
		return csv_row_error(e, c, "status", "this association has ended: it cannot be reopened");
	if (id && !strcmp(old[A_STATUS], "assessed") && !strcmp(status, "declared"))
		return csv_row_error(e, c, "status", "an assessment cannot be withdrawn by an import");
	if (id && !strcmp(old[A_STATUS], "ended") && assessment_changed)
		return csv_row_error(e, c, "risk", "this association has ended: it cannot be assessed");
	int assesses = *f[A_RISK] && assessment_changed;
	if (assesses) {
		association_assessment_validate(f[A_RISK], f[A_ADVICE], f[A_REVIEW], &errs);
		if (errs.n)
			return first_error(&errs, c, e);
		/* setting or changing an assessment is an assessment: the same
		 * separation of duties as the assessment page */
		if (duty_check1(st, who, "decide", "assess", "association", id, "psd", person, DUTY_DECLARANT, e))
			return row_refused(c, "risk", e);
	} else if (assessment_changed) {
		return csv_row_error(e, c, "risk", "an assessment cannot be removed by an import");
	}
	char now[21];
	time_now_iso(now);
	int64_t account = who->account_id;
	if (!id) {
		char key[72];
		csv_import_row_key(c, A_NCOL, key);
		if (store_exec(st, e,
		               "INSERT INTO notifiable_associations(person_id, associate_name, associate_ref, category, "
		               "relationship, contact_frequency, began_on, declared_on, status, risk, advice, review_date, "
		               "assessed_by, assessed_at, created_at, submit_key) "
		               "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? = 1 AND ? > 0 THEN ? END, "
		               "CASE WHEN ? = 1 THEN ? ELSE '' END, ?, ?)",
		               "itttttttttttdiidttt", person, f[A_ASSOC_NAME], f[A_ASSOC_REF], f[A_CATEGORY],
		               f[A_RELATIONSHIP], f[A_CONTACT], f[A_BEGAN], declared, status, f[A_RISK], f[A_ADVICE],
		               f[A_REVIEW], assesses, account, account, assesses, now, now, key))
			return -1;
		id = store_last_id(st);
		im->n.created++;
		return alog_writei(st, who, "create", "association", id, "ok", "import", e);
	}
	if (store_exec(st, e,
	               "UPDATE notifiable_associations SET associate_name = ?, associate_ref = ?, category = ?, "
	               "relationship = ?, contact_frequency = ?, began_on = ?, declared_on = ?, status = ?, risk = ?, "
	               "advice = ?, review_date = ?, "
	               "assessed_by = CASE WHEN ? = 1 THEN (CASE WHEN ? > 0 THEN ? END) ELSE assessed_by END, "
	               "assessed_at = CASE WHEN ? = 1 THEN ? ELSE assessed_at END WHERE id = ?",
	               "ttttttttttt" "dii" "dt" "i", f[A_ASSOC_NAME], f[A_ASSOC_REF], f[A_CATEGORY], f[A_RELATIONSHIP],
	               f[A_CONTACT], f[A_BEGAN], declared, status, f[A_RISK], f[A_ADVICE], f[A_REVIEW], assesses,
	               account, account, assesses, now, id))
		return -1;
	im->n.updated++;
	return alog_writei(st, who, assesses ? "decide" : "update", "association", id, "ok",
	                   assesses ? f[A_RISK] : "import", e);
}

int associations_import(struct store *st, const struct actor *who, const char *path, int dry_run,
                        struct import_stats *s, struct err *e)
{
	static const struct csv_import_spec spec = {
		.header = ASSOCIATIONS_IMPORT_HEADER, .ncol = A_NCOL, .object_type = "association", .row_fn = import_row,
	};
	memset(s, 0, sizeof *s);
	if (alog_require(st, who, ROLE_PSD, "import", "association", 0,
	                 "Only Professional Standards can import notifiable associations", e))
		return -1;
	struct csv_import im = { .st = st, .who = who, .dry_run = dry_run };
	int r = csv_import_file(&spec, &im, path, e);
	if (r && e->code == ERR_DENIED) /* the refusal's own log line went with the rollback */
		alog_write(st, who, "import", "association", path, "refused", e->msg, NULL);
	*s = im.n;
	return r;
}
