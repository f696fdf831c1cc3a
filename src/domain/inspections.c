/* inspections.c — inspections, judgments, findings with their status
 * workflow and dated updates, response records with the 56-day clock,
 * dashboard queries and the findings import. Need-to-know is enforced here
 * (see inspections.h); list queries are fixed statements whose filters are
 * bound parameters, so no SQL is built from input. */
#include "domain/inspections.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/seen.h"
#include "core/sheet.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/config.h"
#include "domain/csv_import.h"
#include "domain/duty.h"
#include "domain/listing.h"
#include "domain/people.h"
#include "domain/validate.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An optional date field: empty, or a real date. */
static void check_date(struct errlist *l, const char *field, const char *label, const char *v)
{
	if (*nz(v) && !date_valid(v))
		errlist_add(l, field, "%s must be a real date, like 2026-03-27", label);
}

const char *const finding_statuses[] = { "open", "in_progress", "proposed_complete", "signed_off",
	                                 "closed", "non_compliant", NULL };
static const struct label_def finding_kinds[] = {
	{ "recommendation", "Recommendation" },
	{ "area_for_improvement", "Area for improvement" },
	{ "cause_of_concern", "Cause of concern" },
};
static const struct label_def inspection_kinds[] = {
	{ "peel", "PEEL force inspection" },
	{ "thematic", "National thematic" },
	{ "other", "Other" },
};

const struct status_def finding_status_defs[FINDING_NSTATUS] = {
	[FINDING_OPEN] = { "open", "Open", "purple", NULL },
	[FINDING_IN_PROGRESS] = { "in_progress", "In progress", "blue", NULL },
	[FINDING_PROPOSED_COMPLETE] = { "proposed_complete", "Proposed complete", "yellow", NULL },
	[FINDING_SIGNED_OFF] = { "signed_off", "Signed off", "green", NULL },
	[FINDING_CLOSED] = { "closed", "Closed", "grey", NULL },
	[FINDING_NON_COMPLIANT] = { "non_compliant", "Non-compliant", "red", NULL },
};

const char *finding_status_label(const char *s) { return status_table_label(finding_status_defs, FINDING_NSTATUS, s); }

const char *finding_kind_label(const char *k) { return label_of(finding_kinds, LABELS_N(finding_kinds), k, k); }

const char *inspection_kind_label(const char *k)
{
	return label_of(inspection_kinds, LABELS_N(inspection_kinds), k, "Other");
}

/* The workflow. closed is final; a board may send a proposal back, and a
 * signed-off finding may be reopened when the work proves not to be done. */
static const struct { const char *from, *to; } transitions[] = {
	{ "open", "in_progress" },          { "open", "non_compliant" },
	{ "in_progress", "proposed_complete" }, { "in_progress", "non_compliant" },
	{ "proposed_complete", "signed_off" }, { "proposed_complete", "in_progress" },
	{ "signed_off", "closed" },         { "signed_off", "in_progress" },
	{ "non_compliant", "in_progress" }, { "non_compliant", "proposed_complete" },
};

int finding_transition_allowed(const char *from, const char *to)
{
	for (size_t i = 0; i < sizeof transitions / sizeof transitions[0]; i++)
		if (!strcmp(transitions[i].from, from) && !strcmp(transitions[i].to, to))
			return 1;
	return 0;
}

int insp_sees_names(const struct actor *who) { return actor_has(who, INSP_MANAGE); }

void response_deadline(const char *published, long days, char deadline[11], long *days_left)
{
	long p = date_days(published);
	char today[11];
	date_today(today);
	if (p < 0) {
		deadline[0] = 0;
		*days_left = 0;
		return;
	}
	/* s.55(5A): "before the end of the period of 56 days beginning with the
	 * day on which the report is published" — the publication day is day 1,
	 * so the last day is publication + 55. */
	date_format(p + days - 1, deadline);
	*days_left = p + days - 1 - date_days(today);
}

#define DENY_READ "You do not have access to inspections and findings"
#define DENY_MANAGE "Only governance, the deputy chief constable or an administrator can change inspections and findings"

/* ---- inspections ---- */

static void validate_inspection(const struct inspection_input *in, struct errlist *l)
{
	char today[11];
	date_today(today);
	if (!*nz(in->title))
		errlist_add(l, "title", "Enter the title of the inspection report");
	check_len(l, "title", "Title", in->title, 300);
	check_len(l, "inspectorate", "Inspectorate", in->inspectorate, 200);
	if (label_index(inspection_kinds, LABELS_N(inspection_kinds), in->kind) < 0)
		errlist_add(l, "kind", "Select PEEL, national thematic or other");
	check_date(l, "fieldwork_from", "Fieldwork start", in->fieldwork_from);
	check_date(l, "fieldwork_to", "Fieldwork end", in->fieldwork_to);
	if (date_valid(nz(in->fieldwork_from)) && date_valid(nz(in->fieldwork_to)) &&
	    strcmp(in->fieldwork_to, in->fieldwork_from) < 0)
		errlist_add(l, "fieldwork_to", "Fieldwork end must be on or after its start");
	if (!*nz(in->published))
		errlist_add(l, "published", "Enter the date the report was published");
	else if (!date_valid(in->published))
		errlist_add(l, "published", "Publication date must be a real date, like 2026-03-27");
	else if (strcmp(in->published, today) > 0)
		errlist_add(l, "published", "Publication date must be today or in the past");
	check_len(l, "summary", "Summary", in->summary, 4000);
	check_len(l, "grade", "Grade", in->grade, 31);
}

int inspection_save(struct store *st, const struct actor *who, int64_t id, const struct inspection_input *in,
                    int64_t *out_id, struct errlist *errs, struct err *e)
{
	if (alog_require(st, who, INSP_MANAGE, id ? "update" : "create", "inspection", id, DENY_MANAGE, e))
		return -1;
	validate_inspection(in, errs);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the inspection");
	char now[21];
	time_now_iso(now);
	const char *insp = *nz(in->inspectorate) ? in->inspectorate
	                                         : "HM Inspectorate of Constabulary and Fire & Rescue Services";
	int64_t orig = id;
	if (store_begin(st, e))
		return -1;
	int64_t other;
	int r = store_int(st, e, &other, "SELECT id FROM inspections WHERE title = ? AND id <> ?", "ti", in->title, id);
	if (r < 0)
		goto fail;
	if (r == 1) {
		store_rollback(st);
		errlist_add(errs, "title", "An inspection with this title already exists");
		return err_set(e, ERR_INPUT, "There is a problem with the inspection");
	}
	if (id) {
		if (store_exec(st, e,
		               "UPDATE inspections SET title = ?, inspectorate = ?, kind = ?, fieldwork_from = ?, "
		               "fieldwork_to = ?, published = ?, summary = ?, grade = ? WHERE id = ?",
		               "tttttttti", in->title, insp, in->kind, nz(in->fieldwork_from), nz(in->fieldwork_to),
		               in->published, nz(in->summary), nz(in->grade), id))
			goto fail;
		if (store_changes(st) != 1) {
			store_rollback(st);
			return err_set(e, ERR_NOTFOUND, "No inspection %lld", (long long)id);
		}
	} else {
		if (store_exec(st, e,
		               "INSERT INTO inspections(title, inspectorate, kind, fieldwork_from, fieldwork_to, published, "
		               "summary, grade, created_at, import_ref) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		               "CASE WHEN EXISTS (SELECT 1 FROM inspections WHERE import_ref = ?1 || '|' || ?6) THEN NULL "
		               "ELSE ?1 || '|' || ?6 END)",
		               "ttttttttt", in->title, insp, in->kind, nz(in->fieldwork_from), nz(in->fieldwork_to),
		               in->published, nz(in->summary), nz(in->grade), now))
			goto fail;
		id = store_last_id(st);
	}
	if (alog_writei(st, who, orig ? "update" : "create", "inspection", id, "ok", "", e))
		goto fail;
	if (out_id)
		*out_id = id;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

#define INSPECTION_COLUMNS \
	"i.id, i.title, i.inspectorate, i.kind, i.fieldwork_from, i.fieldwork_to, i.published, i.summary, i.grade, " \
	"CASE WHEN COALESCE(r.published, 0) = 1 OR COALESCE(r.published_elsewhere, '') <> '' THEN 1 ELSE 0 END, " \
	"COALESCE(NULLIF(r.published_elsewhere, ''), NULLIF(r.published_at, ''), ''), " \
	"(SELECT COUNT(*) FROM findings f WHERE f.inspection_id = i.id), " \
	"(SELECT COUNT(*) FROM findings f WHERE f.inspection_id = i.id AND f.status NOT IN ('signed_off', 'closed')) "
#define INSPECTION_JOINS "FROM inspections i LEFT JOIN response_records r ON r.inspection_id = i.id "

static void read_inspection(struct store *st, struct stmt *s, struct inspection *in)
{
	memset(in, 0, sizeof *in);
	in->id = stmt_int(s, 0);
	copy(in->title, sizeof in->title, stmt_text(s, 1));
	copy(in->inspectorate, sizeof in->inspectorate, stmt_text(s, 2));
	copy(in->kind, sizeof in->kind, stmt_text(s, 3));
	copy(in->fieldwork_from, sizeof in->fieldwork_from, stmt_text(s, 4));
	copy(in->fieldwork_to, sizeof in->fieldwork_to, stmt_text(s, 5));
	copy(in->published, sizeof in->published, stmt_text(s, 6));
	copy(in->summary, sizeof in->summary, stmt_text(s, 7));
	copy(in->grade, sizeof in->grade, stmt_text(s, 8));
	in->response_published = (int)stmt_int(s, 9);
	copy(in->response_published_at, sizeof in->response_published_at, stmt_text(s, 10));
	in->findings = (long)stmt_int(s, 11);
	in->findings_open = (long)stmt_int(s, 12);
	response_deadline(in->published, (long)config_int(st, "inspections.response_days", 56), in->deadline,
	                  &in->days_left);
	/* A response published stops the clock: days left as they were on the
	 * day of publication (negative only when published late). */
	if (in->response_published && date_days(in->response_published_at) >= 0 && in->deadline[0])
		in->days_left = date_days(in->deadline) - date_days(in->response_published_at);
}

/* Call fn for each inspection s reads (INSPECTION_COLUMNS, then with total
 * the count column, into *total), then finish s. */
static int each_inspection(struct store *st, struct stmt *s, long *total, inspection_fn fn, void *ctx, struct err *e)
{
	struct inspection *in = xmalloc(sizeof *in);
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		read_inspection(st, s, in);
		if (total)
			*total = (long)stmt_int(s, 13);
		stop = fn(ctx, in);
	}
	free(in);
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

static int load_inspection(struct store *st, int64_t id, struct inspection *out, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT " INSPECTION_COLUMNS INSPECTION_JOINS "WHERE i.id = ?", "i", id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1)
		read_inspection(st, s, out);
	stmt_done(s);
	if (r < 0)
		return -1;
	return r ? 0 : err_set(e, ERR_NOTFOUND, "No inspection %lld", (long long)id);
}

int inspection_get(struct store *st, const struct actor *who, int64_t id, struct inspection *out, struct err *e)
{
	if (alog_require(st, who, INSP_READ, "view", "inspection", id, DENY_READ, e))
		return -1;
	return load_inspection(st, id, out, e);
}

static const char *const inspection_sorts[] = { "published", "-published", "title", "-title", NULL };

int inspections_list(struct store *st, const struct actor *who, const struct inspection_filter *f, inspection_fn fn,
                     void *ctx, long *total, struct err *e)
{
	*total = 0;
	if (alog_require(st, who, INSP_READ, "view", "inspections", 0, DENY_READ, e) ||
	    alog_list(st, who, "inspection", "all", e, "q=%s kind=%s sort=%s page=%d", nz(f->q), nz(f->kind), nz(f->sort),
	              f->page))
		return -1;
	const char *so = f->sort && is_one_of(f->sort, inspection_sorts) ? f->sort : "-published";
	int64_t limit = f->per_page > 0 ? f->per_page : f->per_page < 0 ? 1000000000 : 50;
	int64_t off = f->page > 1 && f->per_page >= 0 ? (int64_t)(f->page - 1) * limit : 0;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT " INSPECTION_COLUMNS ", COUNT(*) OVER () " INSPECTION_JOINS
	                "WHERE (?1 = '' OR strpos(lower(i.title), lower(?1)) > 0) AND (?2 = '' OR i.kind = ?2) "
	                "ORDER BY CASE ?3 WHEN 'published' THEN i.published END ASC, "
	                "CASE ?3 WHEN '-published' THEN i.published END DESC, "
	                "CASE ?3 WHEN 'title' THEN lower(i.title) END ASC, CASE ?3 WHEN '-title' THEN lower(i.title) END DESC, "
	                "i.id DESC LIMIT ?4 OFFSET ?5",
	                "tttii", nz(f->q), nz(f->kind), so, limit, off))
		return -1;
	return each_inspection(st, s, total, fn, ctx, e);
}

/* ---- judgments ---- */

int judgment_add(struct store *st, const struct actor *who, int64_t inspection_id, const struct judgment_input *in,
                 struct errlist *errs, struct err *e)
{
	if (alog_require(st, who, INSP_MANAGE, "update", "inspection", inspection_id, DENY_MANAGE, e))
		return -1;
	struct inspection insp;
	if (load_inspection(st, inspection_id, &insp, e))
		return -1;
	if (!*nz(in->pillar))
		errlist_add(errs, "pillar", "Enter the pillar, for example Legitimacy");
	check_len(errs, "pillar", "Pillar", in->pillar, 200);
	check_len(errs, "question", "Question", in->question, 300);
	int64_t ok = 0;
	if (store_int(st, e, &ok, "SELECT COUNT(*) FROM grade_scales WHERE scale = ? AND grade = ?", "tt", nz(in->scale),
	              nz(in->grade)) < 0)
		return -1;
	if (!ok)
		errlist_add(errs, "grade", "Select a grade on the inspection's scale");
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the judgment");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO judgments(inspection_id, ordinal, pillar, question, scale, grade, carried_over) "
	               "SELECT ?, COALESCE(MAX(ordinal), 0) + 1, ?, ?, ?, ?, ? FROM judgments WHERE inspection_id = ?",
	               "itttt" "d" "i", inspection_id, in->pillar, nz(in->question), in->scale, in->grade,
	               in->carried_over && !strcmp(in->carried_over, "yes"), inspection_id) ||
	    alog_writei(st, who, "update", "inspection", inspection_id, "ok", "judgment added", e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int judgments_list(struct store *st, const struct actor *who, int64_t inspection_id, judgment_fn fn, void *ctx,
                   struct err *e)
{
	if (alog_require(st, who, INSP_READ, "view", "inspection", inspection_id, DENY_READ, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT id, pillar, question, scale, grade, carried_over FROM judgments WHERE inspection_id = ? "
	                "ORDER BY ordinal, id", "i", inspection_id))
		return -1;
	struct judgment j;
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		memset(&j, 0, sizeof j);
		j.id = stmt_int(s, 0);
		copy(j.pillar, sizeof j.pillar, stmt_text(s, 1));
		copy(j.question, sizeof j.question, stmt_text(s, 2));
		copy(j.scale, sizeof j.scale, stmt_text(s, 3));
		copy(j.grade, sizeof j.grade, stmt_text(s, 4));
		j.carried_over = (int)stmt_int(s, 5);
		stop = fn(ctx, &j);
	}
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

int grades_list(struct store *st, grade_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT scale, grade FROM grade_scales ORDER BY scale DESC, ordinal", ""))
		return -1;
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1)
		stop = fn(ctx, stmt_text(s, 0), stmt_text(s, 1));
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

/* ---- findings ---- */

static void validate_finding(struct store *st, const struct finding_input *in, int64_t *owner, int64_t *unit,
                             struct errlist *l, struct err *e)
{
	if (label_index(finding_kinds, LABELS_N(finding_kinds), in->kind) < 0)
		errlist_add(l, "kind", "Select recommendation, area for improvement or cause of concern");
	if (!*nz(in->reference))
		errlist_add(l, "reference", "Enter the finding's reference, for example Recommendation 1");
	check_len(l, "reference", "Reference", in->reference, 40);
	if (!*nz(in->text))
		errlist_add(l, "text", "Enter the text of the finding");
	check_len(l, "text", "Text", in->text, 4000);
	check_len(l, "pillar", "Pillar or question", in->pillar, 200);
	check_date(l, "due", "Due date", in->due);
	*owner = *unit = 0;
	if (*nz(in->owner)) {
		struct stmt *s;
		if (store_query(st, &s, e, "SELECT id, COALESCE(unit_id, 0) FROM people WHERE staff_number = ?", "t",
		                in->owner))
			return;
		if (stmt_next(s, e) == 1) {
			*owner = stmt_int(s, 0);
			*unit = stmt_int(s, 1);
		} else {
			errlist_add(l, "owner", "No member of staff has the staff number %s", in->owner);
		}
		stmt_done(s);
	}
}

static int finding_insert(struct store *st, const struct actor *who, int64_t inspection_id,
                          const struct finding_input *in, int64_t *out_id, struct errlist *errs, struct err *e);

int finding_add(struct store *st, const struct actor *who, int64_t inspection_id, const struct finding_input *in,
                int64_t *out_id, struct errlist *errs, struct err *e)
{
	if (alog_require(st, who, INSP_MANAGE, "create", "finding", 0, DENY_MANAGE, e))
		return -1;
	return finding_insert(st, who, inspection_id, in, out_id, errs, e);
}

int learning_add(struct store *st, const struct actor *who, const char *title, const char *by,
                 const struct finding_input *in, int64_t *out_id, struct errlist *errs, struct err *e)
{
	char now[21];
	int64_t id = 0;
	time_now_iso(now);
	/* the source is made the first time; no report, so no 56-day clock */
	if (store_exec(st, e,
	               "INSERT INTO inspections(title, inspectorate, kind, published, summary, created_at, source) "
	               "VALUES(?, ?, 'other', '', '', ?, 'learning') ON CONFLICT(title) DO NOTHING",
	               "ttt", title, by, now))
		return -1;
	int r = store_int(st, e, &id, "SELECT id FROM inspections WHERE title = ? AND source = 'learning'", "t", title);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_CONFLICT, "An inspection already has the title %s", title);
	return finding_insert(st, who, id, in, out_id, errs, e);
}

static int finding_insert(struct store *st, const struct actor *who, int64_t inspection_id,
                          const struct finding_input *in, int64_t *out_id, struct errlist *errs, struct err *e)
{
	struct inspection insp;
	if (load_inspection(st, inspection_id, &insp, e))
		return -1;
	int64_t owner, unit, dup;
	validate_finding(st, in, &owner, &unit, errs, e);
	if (!errs->n) {
		int r = store_int(st, e, &dup, "SELECT id FROM findings WHERE inspection_id = ? AND reference = ?", "it",
		                  inspection_id, in->reference);
		if (r < 0)
			return -1;
		if (r == 1)
			errlist_add(errs, "reference", "This inspection already has a finding %s", in->reference);
	}
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the finding");
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO findings(inspection_id, kind, national, reference, text, pillar, owner_person_id, "
	               "owner_unit_id, due, status, status_at, created_at) "
	               "VALUES(?, ?, ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, 'open', ?, ?)",
	               "it" "d" "ttt" "ii" "ttt", inspection_id, in->kind, in->national && !strcmp(in->national, "yes"),
	               in->reference, in->text, nz(in->pillar), owner, unit, nz(in->due), now, now))
		goto fail;
	int64_t id = store_last_id(st);
	if (store_exec(st, e,
	               "INSERT INTO finding_status_history(finding_id, status, at, account_id, by_name, note) "
	               "VALUES(?, 'open', ?, NULLIF(?, 0), ?, 'Recorded')",
	               "iti" "t", id, now, who->account_id, who->name) ||
	    alog_writei(st, who, "create", "finding", id, "ok", "", e))
		goto fail;
	if (out_id)
		*out_id = id;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int finding_edit(struct store *st, const struct actor *who, int64_t id, const struct finding_input *in,
                 struct errlist *errs, struct err *e)
{
	if (alog_require(st, who, INSP_MANAGE, "update", "finding", id, DENY_MANAGE, e))
		return -1;
	int64_t owner, unit, insp = 0, dup;
	int r = store_int(st, e, &insp, "SELECT inspection_id FROM findings WHERE id = ?", "i", id);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "No such finding");
	validate_finding(st, in, &owner, &unit, errs, e);
	if (!errs->n) {
		r = store_int(st, e, &dup, "SELECT id FROM findings WHERE inspection_id = ? AND reference = ? AND id <> ?",
		              "iti", insp, in->reference, id);
		if (r < 0)
			return -1;
		if (r == 1)
			errlist_add(errs, "reference", "This inspection already has a finding %s", in->reference);
	}
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the finding");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "UPDATE findings SET kind = ?, national = ?, reference = ?, text = ?, pillar = ?, "
	               "owner_person_id = NULLIF(?, 0), owner_unit_id = NULLIF(?, 0), due = ? WHERE id = ?",
	               "tdttt" "ii" "ti", in->kind, in->national && !strcmp(in->national, "yes"), in->reference, in->text,
	               nz(in->pillar), owner, unit, nz(in->due), id) ||
	    alog_writei(st, who, "update", "finding", id, "ok", "details edited", e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int finding_owner_staff_number(struct store *st, const struct actor *who, int64_t id, char out[32], struct err *e)
{
	out[0] = 0;
	if (alog_require(st, who, INSP_MANAGE, "view", "finding", id, DENY_MANAGE, e))
		return -1;
	return store_text(st, e, out, 32,
	                  "SELECT COALESCE(p.staff_number, '') FROM findings f LEFT JOIN people p ON p.id = f.owner_person_id "
	                  "WHERE f.id = ?", "i", id) < 0 ? -1 : 0;
}

#define FINDING_COLUMNS \
	"f.id, f.inspection_id, i.title, i.published, f.kind, f.national, f.reference, f.text, f.pillar, " \
	"COALESCE(f.owner_person_id, 0), COALESCE(p.forenames || ' ' || p.surname, ''), COALESCE(po.title, ''), " \
	"COALESCE(u.name, ''), f.due, f.status, f.status_at, f.caveat, f.revisit, " \
	"COALESCE(lu.update_date, ''), COALESCE(lu.text, ''), f.follow_up "
#define FINDING_JOINS \
	"FROM findings f JOIN inspections i ON i.id = f.inspection_id " \
	"LEFT JOIN people p ON p.id = f.owner_person_id LEFT JOIN posts po ON po.id = p.post_id " \
	"LEFT JOIN units u ON u.id = COALESCE(f.owner_unit_id, p.unit_id) " \
	"LEFT JOIN finding_updates lu ON lu.id = (SELECT x.id FROM finding_updates x WHERE x.finding_id = f.id " \
	"ORDER BY x.update_date DESC, x.id DESC LIMIT 1) "

static void read_finding(struct stmt *s, struct finding *f, int names)
{
	memset(f, 0, sizeof *f);
	f->id = stmt_int(s, 0);
	f->inspection_id = stmt_int(s, 1);
	copy(f->inspection, sizeof f->inspection, stmt_text(s, 2));
	copy(f->inspection_published, sizeof f->inspection_published, stmt_text(s, 3));
	copy(f->kind, sizeof f->kind, stmt_text(s, 4));
	f->national = (int)stmt_int(s, 5);
	copy(f->reference, sizeof f->reference, stmt_text(s, 6));
	copy(f->text, sizeof f->text, stmt_text(s, 7));
	copy(f->pillar, sizeof f->pillar, stmt_text(s, 8));
	if (names) { /* staff names only for those who manage findings */
		f->owner_person_id = stmt_int(s, 9);
		copy(f->owner_name, sizeof f->owner_name, stmt_text(s, 10));
	}
	copy(f->owner_post, sizeof f->owner_post, stmt_text(s, 11));
	copy(f->owner_unit, sizeof f->owner_unit, stmt_text(s, 12));
	copy(f->due, sizeof f->due, stmt_text(s, 13));
	copy(f->status, sizeof f->status, stmt_text(s, 14));
	copy(f->status_at, sizeof f->status_at, stmt_text(s, 15));
	copy(f->caveat, sizeof f->caveat, stmt_text(s, 16));
	copy(f->revisit, sizeof f->revisit, stmt_text(s, 17));
	copy(f->last_update_date, sizeof f->last_update_date, stmt_text(s, 18));
	copy(f->last_update, sizeof f->last_update, stmt_text(s, 19));
	char today[11];
	date_today(today);
	long p = date_days(f->inspection_published);
	f->age_days = p < 0 ? 0 : date_days(today) - p;
	copy(f->follow_up, sizeof f->follow_up, stmt_text(s, 20));
	int active = strcmp(f->status, "signed_off") && strcmp(f->status, "closed");
	f->past_due = active && f->due[0] && strcmp(f->due, today) < 0;
	f->follow_up_due = !strcmp(f->status, "signed_off") && f->follow_up[0] && strcmp(f->follow_up, today) <= 0;
	f->revisit_due = !strcmp(f->status, "non_compliant") && f->revisit[0] && strcmp(f->revisit, today) <= 0;
}

/* Call fn for each finding s reads (FINDING_COLUMNS, then with total the
 * count column, into *total), then finish s. */
static int each_finding(struct stmt *s, int names, long *total, finding_fn fn, void *ctx, struct err *e)
{
	struct finding *x = xmalloc(sizeof *x);
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		read_finding(s, x, names);
		if (total)
			*total = (long)stmt_int(s, 21);
		stop = fn(ctx, x);
	}
	free(x);
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

static int load_finding(struct store *st, int64_t id, struct finding *f, int names, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT " FINDING_COLUMNS FINDING_JOINS "WHERE f.id = ?", "i", id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1)
		read_finding(s, f, names);
	stmt_done(s);
	if (r < 0)
		return -1;
	return r ? 0 : err_set(e, ERR_NOTFOUND, "No finding %lld", (long long)id);
}

int finding_get(struct store *st, const struct actor *who, int64_t id, struct finding *out, struct err *e)
{
	if (alog_require(st, who, INSP_READ, "view", "finding", id, DENY_READ, e))
		return -1;
	return load_finding(st, id, out, insp_sees_names(who), e);
}

/* The overdue cut-off: a date before which the last update is too old. */
static void overdue_cutoff(struct store *st, char out[11])
{
	char today[11];
	date_today(today);
	date_format(date_days(today) - (long)config_int(st, "inspections.update_interval_days", 90), out);
}

/* Parameters: 1 inspection  2 status  3 kind  4 q  5 overdue  6 cut-off  7 continuing  8 sort  9 limit  10 offset
 * 11 today  12 past due  13 follow-up due  14 revisit due */
static const char findings_sql[] =
	"SELECT " FINDING_COLUMNS ", COUNT(*) OVER () " FINDING_JOINS
	"WHERE (?1 = 0 OR f.inspection_id = ?1) "
	"AND (?2 = '' OR f.status = ?2 OR (?2 = 'active' AND f.status NOT IN ('signed_off', 'closed'))) "
	"AND (?3 = '' OR f.kind = ?3) "
	"AND (?4 = '' OR strpos(lower(f.reference || ' ' || f.text || ' ' || i.title), lower(?4)) > 0) "
	"AND (?5 = 0 OR (f.status NOT IN ('signed_off', 'closed') "
	"     AND COALESCE(lu.update_date, substr(f.created_at, 1, 10)) < ?6)) "
	"AND (?7 = 0 OR (f.status = 'signed_off' AND f.caveat <> '')) "
	"AND (?12 = 0 OR (f.status NOT IN ('signed_off', 'closed') AND f.due <> '' AND f.due < ?11)) "
	"AND (?13 = 0 OR (f.status = 'signed_off' AND f.follow_up <> '' AND f.follow_up <= ?11)) "
	"AND (?14 = 0 OR (f.status = 'non_compliant' AND f.revisit <> '' AND f.revisit <= ?11)) "
	"ORDER BY CASE ?8 WHEN 'age' THEN i.published END ASC, CASE ?8 WHEN '-age' THEN i.published END DESC, "
	"CASE ?8 WHEN 'due' THEN (CASE WHEN f.due = '' THEN '9999' ELSE f.due END) END ASC, "
	"CASE ?8 WHEN '-due' THEN f.due END DESC, "
	"CASE ?8 WHEN 'status' THEN f.status END ASC, CASE ?8 WHEN '-status' THEN f.status END DESC, "
	"CASE ?8 WHEN 'owner' THEN lower(COALESCE(u.name, '')) END ASC, "
	"CASE ?8 WHEN '-owner' THEN lower(COALESCE(u.name, '')) END DESC, "
	"CASE ?8 WHEN 'inspection' THEN lower(i.title) END ASC, CASE ?8 WHEN '-inspection' THEN lower(i.title) END DESC, "
	"CASE ?8 WHEN '-reference' THEN f.id END DESC, "
	"i.published, f.inspection_id, f.id LIMIT ?9 OFFSET ?10";

static const char *const finding_sorts[] = { "age", "-age", "due", "-due", "status", "-status", "owner", "-owner",
	                                     "inspection", "-inspection", "reference", "-reference", NULL };

int findings_list(struct store *st, const struct actor *who, const struct finding_filter *f, finding_fn fn,
                  void *ctx, long *total, struct err *e)
{
	*total = 0;
	if (alog_require(st, who, INSP_READ, "view", "findings", 0, DENY_READ, e) ||
	    alog_list(st, who, "finding", f->inspection_id ? "inspection" : "all", e,
	              "inspection=%lld status=%s kind=%s q=%s overdue=%d continuing=%d past_due=%d follow_up=%d "
	              "revisit=%d sort=%s page=%d",
	              (long long)f->inspection_id, nz(f->status), nz(f->kind), nz(f->q), f->overdue, f->continuing,
	              f->past_due, f->follow_up_due, f->revisit_due, nz(f->sort), f->page))
		return -1;
	char cut[11], today[11];
	overdue_cutoff(st, cut);
	date_today(today);
	const char *sort = f->sort && is_one_of(f->sort, finding_sorts) ? f->sort : "reference";
	int64_t limit = list_limit(f->per_page);
	struct stmt *s;
	if (store_query(st, &s, e, findings_sql, "ittt" "d" "t" "d" "t" "ii" "t" "ddd", f->inspection_id,
	                nz(f->status), nz(f->kind), nz(f->q), f->overdue, cut, f->continuing, sort, limit,
	                list_offset(f->per_page, f->page), today, f->past_due, f->follow_up_due, f->revisit_due))
		return -1;
	return each_finding(s, insp_sees_names(who), total, fn, ctx, e);
}

/* ---- export ---- */

static const struct sheet_col finding_export_cols[] = {
	{ "inspection", SHEET_TEXT }, { "published", SHEET_TEXT }, { "kind", SHEET_TEXT }, { "reference", SHEET_TEXT },
	{ "text", SHEET_TEXT }, { "pillar", SHEET_TEXT }, { "owner", SHEET_TEXT }, { "owner_office", SHEET_TEXT },
	{ "owner_unit", SHEET_TEXT }, { "due", SHEET_TEXT }, { "status", SHEET_TEXT }, { "caveat", SHEET_TEXT },
	{ "follow_up", SHEET_TEXT }, { "revisit", SHEET_TEXT }, { "latest_update_date", SHEET_TEXT },
	{ "latest_update", SHEET_TEXT }, { "flags", SHEET_TEXT },
};
#define NFEXPORT (sizeof finding_export_cols / sizeof finding_export_cols[0])

static int finding_export_row(void *ctx, const struct finding *f)
{
	char flags[64];
	snprintf(flags, sizeof flags, "%s%s%s", f->past_due ? "past due;" : "", f->follow_up_due ? "follow-up due;" : "",
	         f->revisit_due ? "revisit due;" : "");
	const char *cells[NFEXPORT] = { f->inspection, f->inspection_published, f->kind, f->reference, f->text,
		                        f->pillar, f->owner_name, f->owner_post, f->owner_unit, f->due,
		                        finding_status_label(f->status), f->caveat, f->follow_up, f->revisit,
		                        f->last_update_date, f->last_update, flags };
	return sheet_row(ctx, cells);
}

/* The export: the role check (a refusal is logged), every row the list shows
 * for the filter (all pages) through core/sheet.h, and one access-log line
 * ("export", "finding", "csv"|"xlsx", "ok", "FORMAT, N rows"), as the
 * registers' exports (domain/register.h). */
int findings_export(struct store *st, const struct actor *who, const struct finding_filter *f, int xlsx,
                    struct buf *out, struct err *e)
{
	const char *name = xlsx ? "xlsx" : "csv";
	if (!actor_has(who, INSP_READ)) {
		alog_write(st, who, "export", "finding", name, "refused", "", NULL);
		return err_set(e, ERR_DENIED, DENY_READ);
	}
	struct finding_filter all = *f;
	all.page = 1;
	all.per_page = -1;
	struct sheet *sh = NULL;
	long total = 0;
	if (sheet_begin(&sh, xlsx ? SHEET_XLSX : SHEET_CSV, "Findings", finding_export_cols, NFEXPORT, e))
		return -1;
	if (findings_list(st, who, &all, finding_export_row, sh, &total, e)) {
		sheet_free(sh);
		return -1;
	}
	if (sheet_end(sh, out, e))
		return -1;
	if (out->oom)
		return err_set(e, ERR_NOMEM, "export too large");
	char detail[64];
	snprintf(detail, sizeof detail, "%s, %ld rows", name, total);
	return alog_write(st, who, "export", "finding", name, "ok", detail, e);
}

int finding_link(struct store *st, const struct actor *who, int64_t id, int64_t related, const char *note,
                 struct err *e)
{
	if (alog_require(st, who, INSP_MANAGE, "update", "finding", id, DENY_MANAGE, e))
		return -1;
	if (id == related)
		return err_set(e, ERR_INPUT, "A finding cannot be linked to itself");
	int64_t n = 0;
	if (store_int(st, e, &n, "SELECT COUNT(*) FROM findings WHERE id IN (?, ?)", "ii", id, related) < 0)
		return -1;
	if (n != 2)
		return err_set(e, ERR_NOTFOUND, "No such finding");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "INSERT INTO finding_links(finding_id, related_id, note) VALUES(?, ?, ?) "
	                      "ON CONFLICT DO NOTHING", "iit", id, related, nz(note)) ||
	    alog_writei(st, who, "update", "finding", id, "ok", "linked", e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int finding_related(struct store *st, const struct actor *who, int64_t id, finding_fn fn, void *ctx, struct err *e)
{
	if (alog_require(st, who, INSP_READ, "view", "finding", id, DENY_READ, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT " FINDING_COLUMNS FINDING_JOINS
	                "WHERE f.id IN (SELECT related_id FROM finding_links WHERE finding_id = ?1 "
	                "UNION SELECT finding_id FROM finding_links WHERE related_id = ?1) ORDER BY i.published, f.id",
	                "i", id))
		return -1;
	return each_finding(s, insp_sees_names(who), NULL, fn, ctx, e);
}

/* ---- status ---- */

static void validate_status(const struct status_input *in, struct errlist *l)
{
	char today[11];
	date_today(today);
	const char *to = nz(in->status);
	check_len(l, "note", "Note", in->note, 1000);
	check_len(l, "evidence", "Evidence", in->evidence, 2000);
	check_len(l, "board", "Board", in->board, 200);
	check_len(l, "caveat", "Caveat", in->caveat, 300);
	check_len(l, "rationale", "Rationale", in->rationale, 2000);
	check_len(l, "risk_accepted", "Risk accepted", in->risk_accepted, 1000);
	if (!strcmp(to, "proposed_complete") && !*nz(in->evidence))
		errlist_add(l, "evidence", "Describe the evidence that the work is complete");
	if (!strcmp(to, "signed_off")) {
		if (!*nz(in->board))
			errlist_add(l, "board", "Enter the board that signed it off");
		if (!*nz(in->board_date))
			errlist_add(l, "board_date", "Enter the date of the board's sign-off");
		else if (!date_valid(in->board_date))
			errlist_add(l, "board_date", "Board date must be a real date, like 2026-03-27");
		else if (strcmp(in->board_date, today) > 0)
			errlist_add(l, "board_date", "Board date must be today or in the past");
		/* signed off with work continuing: when to check the work again */
		if (*nz(in->caveat) && !*nz(in->follow_up))
			errlist_add(l, "follow_up", "Enter the date to follow up the work that continues");
		else if (*nz(in->follow_up) && !date_valid(in->follow_up))
			errlist_add(l, "follow_up", "Follow-up date must be a real date, like 2026-03-27");
	}
	if (!strcmp(to, "non_compliant")) {
		if (!*nz(in->rationale))
			errlist_add(l, "rationale", "Explain why the force will not comply");
		if (!*nz(in->risk_accepted))
			errlist_add(l, "risk_accepted", "Describe the risk the force accepts");
		if (!*nz(in->revisit))
			errlist_add(l, "revisit", "Enter the date to revisit this decision");
		else if (!date_valid(in->revisit))
			errlist_add(l, "revisit", "Revisit date must be a real date, like 2026-03-27");
	}
}

/* The sign-off's separation of duties: the account that last proposed the
 * finding complete, and its owner. */
static void signoff_act(struct store *st, const struct finding *f, struct duty_party p[2], struct duty_act *a)
{
	int64_t proposer = 0;
	store_int(st, NULL, &proposer,
	          "SELECT COALESCE(account_id, 0) FROM finding_status_history WHERE finding_id = ? "
	          "AND status = 'proposed_complete' ORDER BY id DESC LIMIT 1", "i", f->id);
	p[0] = (struct duty_party){ 0, proposer, DUTY_PROPOSER };
	p[1] = (struct duty_party){ f->owner_person_id, 0, DUTY_SUBJECT };
	*a = (struct duty_act){ "update", "sign off", "finding", f->id, NULL, NULL, p, 2 };
}

int finding_may_move(struct store *st, const struct actor *who, const struct finding *f, const char *to)
{
	if (!actor_has(who, INSP_MANAGE) || !finding_transition_allowed(f->status, to))
		return 0;
	if (strcmp(to, "signed_off"))
		return 1;
	if (!actor_has(who, INSP_BOARD))
		return 0;
	struct duty_party p[2];
	struct duty_act a;
	signoff_act(st, f, p, &a);
	return !duty_conflict(st, who, &a);
}

/* The checks of a status change, shared by the check and the change. */
static int status_check(struct store *st, const struct actor *who, int64_t id, const struct status_input *in,
                        struct finding *f, struct errlist *errs, struct err *e)
{
	if (alog_require(st, who, INSP_MANAGE, "update", "finding", id, DENY_MANAGE, e))
		return -1;
	if (load_finding(st, id, f, 1, e))
		return -1;
	const char *to = nz(in->status);
	if (!is_one_of(to, finding_statuses)) {
		errlist_add(errs, "status", "Select the new status");
		return err_set(e, ERR_INPUT, "There is a problem with the status change");
	}
	if (!finding_transition_allowed(f->status, to)) {
		alog_writei(st, who, "update", "finding", id, "refused", "transition not allowed", NULL);
		return err_set(e, ERR_CONFLICT, "A finding that is %s cannot become %s", finding_status_label(f->status),
		               finding_status_label(to));
	}
	if (!strcmp(to, "signed_off") && !actor_has(who, INSP_BOARD)) {
		alog_writei(st, who, "update", "finding", id, "refused", "sign-off is for the board", NULL);
		return err_set(e, ERR_DENIED, "Only the board (the deputy chief constable or governance) can sign off");
	}
	if (!strcmp(to, "signed_off")) {
		struct duty_party p[2];
		struct duty_act a;
		signoff_act(st, f, p, &a);
		if (duty_check(st, who, &a, e))
			return -1;
	}
	validate_status(in, errs);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the status change");
	return 0;
}

int finding_check_status(struct store *st, const struct actor *who, int64_t id, const struct status_input *in,
                         struct errlist *errs, struct err *e)
{
	struct finding f;
	return status_check(st, who, id, in, &f, errs, e);
}

int finding_set_status(struct store *st, const struct actor *who, int64_t id, const struct status_input *in,
                       struct errlist *errs, struct err *e)
{
	struct finding f;
	if (status_check(st, who, id, in, &f, errs, e))
		return -1;
	const char *to = in->status;
	char now[21];
	time_now_iso(now);
	int signed_off = !strcmp(to, "signed_off"), nc = !strcmp(to, "non_compliant");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "UPDATE findings SET status = ?, status_at = ?, caveat = ?, revisit = ?, follow_up = ? "
	               "WHERE id = ? AND status = ?",
	               "ttttt" "i" "t", to, now, signed_off ? nz(in->caveat) : "", nc ? nz(in->revisit) : "",
	               signed_off ? nz(in->follow_up) : "", id, f.status))
		goto fail;
	if (store_changes(st) != 1) { /* changed by someone else a moment ago */
		store_rollback(st);
		return err_set(e, ERR_CONFLICT, "This finding's status has just been changed by someone else");
	}
	if (store_exec(st, e,
	               "INSERT INTO finding_status_history(finding_id, status, at, account_id, by_name, note, evidence, "
	               "board, board_date, caveat, rationale, risk_accepted, revisit, follow_up) "
	               "VALUES(?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	               "itti" "tttttttttt", id, to, now, who->account_id, who->name, nz(in->note), nz(in->evidence),
	               signed_off ? nz(in->board) : "", signed_off ? nz(in->board_date) : "",
	               signed_off ? nz(in->caveat) : "", nc ? nz(in->rationale) : "", nc ? nz(in->risk_accepted) : "",
	               nc ? nz(in->revisit) : "", signed_off ? nz(in->follow_up) : ""))
		goto fail;
	char detail[64];
	snprintf(detail, sizeof detail, "%s -> %s", f.status, to);
	if (alog_writei(st, who, "update", "finding", id, "ok", detail, e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int finding_history(struct store *st, const struct actor *who, int64_t id, status_fn fn, void *ctx, struct err *e)
{
	if (alog_require(st, who, INSP_READ, "view", "finding", id, DENY_READ, e))
		return -1;
	int names = insp_sees_names(who);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT id, status, at, by_name, note, evidence, board, board_date, caveat, rationale, "
	                "risk_accepted, revisit, follow_up FROM finding_status_history WHERE finding_id = ? ORDER BY id DESC",
	                "i", id))
		return -1;
	struct status_change *c = xmalloc(sizeof *c);
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		memset(c, 0, sizeof *c);
		c->id = stmt_int(s, 0);
		copy(c->status, sizeof c->status, stmt_text(s, 1));
		copy(c->at, sizeof c->at, stmt_text(s, 2));
		if (names)
			copy(c->by, sizeof c->by, stmt_text(s, 3));
		copy(c->note, sizeof c->note, stmt_text(s, 4));
		copy(c->evidence, sizeof c->evidence, stmt_text(s, 5));
		copy(c->board, sizeof c->board, stmt_text(s, 6));
		copy(c->board_date, sizeof c->board_date, stmt_text(s, 7));
		copy(c->caveat, sizeof c->caveat, stmt_text(s, 8));
		copy(c->rationale, sizeof c->rationale, stmt_text(s, 9));
		copy(c->risk_accepted, sizeof c->risk_accepted, stmt_text(s, 10));
		copy(c->revisit, sizeof c->revisit, stmt_text(s, 11));
		copy(c->follow_up, sizeof c->follow_up, stmt_text(s, 12));
		stop = fn(ctx, c);
	}
	free(c);
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

/* ---- updates ---- */

int finding_add_update(struct store *st, const struct actor *who, int64_t id, const char *date, const char *text,
                       const char *link, const char *submit_key, struct errlist *errs, struct err *e)
{
	struct finding f;
	if (alog_require(st, who, INSP_MANAGE, "update", "finding", id, DENY_MANAGE, e))
		return -1;
	if (load_finding(st, id, &f, 1, e))
		return -1;
	char today[11];
	date_today(today);
	if (!*nz(date))
		errlist_add(errs, "date", "Enter the date of the update");
	else if (!date_valid(date))
		errlist_add(errs, "date", "Date must be a real date, like 2026-03-27");
	else if (strcmp(date, today) > 0)
		errlist_add(errs, "date", "Date must be today or in the past");
	if (!*nz(text))
		errlist_add(errs, "text", "Enter the update");
	check_len(errs, "text", "Update", text, 4000);
	check_len(errs, "link", "Related record", link, 300);
	check_len(errs, "submit_key", "Form key", submit_key, 64);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the update");
	const char *key = submit_key && *submit_key ? submit_key : NULL;
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO finding_updates(finding_id, update_date, text, link, account_id, by_name, created_at, "
	               "submit_key) VALUES(?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?) ON CONFLICT(submit_key) DO NOTHING",
	               "itttittt", id, date, text, nz(link), who->account_id, who->name, now, key))
		goto fail;
	if (store_changes(st) == 1 && alog_writei(st, who, "update", "finding", id, "ok", "force update", e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

int finding_updates(struct store *st, const struct actor *who, int64_t id, update_fn fn, void *ctx, struct err *e)
{
	if (alog_require(st, who, INSP_READ, "view", "finding", id, DENY_READ, e))
		return -1;
	int names = insp_sees_names(who);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT id, update_date, text, link, by_name, created_at FROM finding_updates "
	                "WHERE finding_id = ? ORDER BY update_date DESC, id DESC", "i", id))
		return -1;
	struct finding_update *u = xmalloc(sizeof *u);
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		memset(u, 0, sizeof *u);
		u->id = stmt_int(s, 0);
		copy(u->date, sizeof u->date, stmt_text(s, 1));
		copy(u->text, sizeof u->text, stmt_text(s, 2));
		copy(u->link, sizeof u->link, stmt_text(s, 3));
		if (names)
			copy(u->by, sizeof u->by, stmt_text(s, 4));
		copy(u->created_at, sizeof u->created_at, stmt_text(s, 5));
		stop = fn(ctx, u);
	}
	free(u);
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

/* ---- response records ---- */

/* True when the inspection's findings (status, caveat, text, latest force
 * update) differ from those frozen in version v of its response record. */
static int findings_changed_since(struct store *st, int64_t inspection_id, int v, struct err *e)
{
	int64_t n = 0;
	if (store_int(st, e, &n,
	              "SELECT COUNT(*) FROM findings f LEFT JOIN finding_updates u ON u.id = (SELECT x.id FROM "
	              "finding_updates x WHERE x.finding_id = f.id ORDER BY x.update_date DESC, x.id DESC LIMIT 1) "
	              "LEFT JOIN response_version_findings w ON w.inspection_id = f.inspection_id AND w.version = ?2 "
	              "AND w.finding_id = f.id WHERE f.inspection_id = ?1 AND (w.finding_id IS NULL OR "
	              "w.status IS NOT f.status OR w.caveat IS NOT f.caveat OR w.text IS NOT f.text OR "
	              "w.update_date IS NOT COALESCE(u.update_date, '') OR w.update_text IS NOT COALESCE(u.text, ''))",
	              "ii", inspection_id, (int64_t)v) < 0)
		return -1;
	return n > 0;
}

static int load_response(struct store *st, int64_t inspection_id, struct response_record *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	out->inspection_id = inspection_id;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT force_name, pcc_name, chief_constable, pcc_statement, cc_response, published, "
	                "published_at, updated_at, version, changed, published_elsewhere FROM response_records "
	                "WHERE inspection_id = ?", "i", inspection_id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		copy(out->force_name, sizeof out->force_name, stmt_text(s, 0));
		copy(out->pcc_name, sizeof out->pcc_name, stmt_text(s, 1));
		copy(out->chief_constable, sizeof out->chief_constable, stmt_text(s, 2));
		copy(out->pcc_statement, sizeof out->pcc_statement, stmt_text(s, 3));
		copy(out->cc_response, sizeof out->cc_response, stmt_text(s, 4));
		out->published = (int)stmt_int(s, 5);
		copy(out->published_at, sizeof out->published_at, stmt_text(s, 6));
		copy(out->updated_at, sizeof out->updated_at, stmt_text(s, 7));
		out->version = (int)stmt_int(s, 8);
		out->changed = (int)stmt_int(s, 9);
		copy(out->published_elsewhere, sizeof out->published_elsewhere, stmt_text(s, 10));
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	if (out->version > 0 && !out->changed) { /* new force updates or statuses are changes too */
		int c = findings_changed_since(st, inspection_id, out->version, e);
		if (c < 0)
			return -1;
		out->changed = c;
	}
	return 0;
}

int response_get(struct store *st, const struct actor *who, int64_t inspection_id, struct response_record *out,
                 struct err *e)
{
	struct inspection in;
	if (inspection_get(st, who, inspection_id, &in, e))
		return -1;
	return load_response(st, inspection_id, out, e);
}

int response_save(struct store *st, const struct actor *who, int64_t inspection_id, const struct response_input *in,
                  struct errlist *errs, struct err *e)
{
	if (alog_require(st, who, ROLE_PCC | INSP_BOARD, "update", "response_record", inspection_id,
	                 "Only the PCC's office, governance or the deputy chief constable can write a response record", e))
		return -1;
	struct inspection insp;
	struct response_record r;
	if (load_inspection(st, inspection_id, &insp, e) || load_response(st, inspection_id, &r, e))
		return -1;
	int pcc = actor_has(who, ROLE_PCC), force = actor_has(who, INSP_BOARD);
	if (pcc) {
		check_len(errs, "pcc_name", "Police and Crime Commissioner", in->pcc_name, 200);
		check_len(errs, "pcc_statement", "Commissioner's statement", in->pcc_statement, 8000);
		copy(r.pcc_name, sizeof r.pcc_name, in->pcc_name);
		copy(r.pcc_statement, sizeof r.pcc_statement, in->pcc_statement);
	}
	if (force) {
		check_len(errs, "force_name", "Force", in->force_name, 200);
		check_len(errs, "chief_constable", "Chief Constable", in->chief_constable, 200);
		check_len(errs, "cc_response", "Chief Constable's response", in->cc_response, 8000);
		copy(r.force_name, sizeof r.force_name, in->force_name);
		copy(r.chief_constable, sizeof r.chief_constable, in->chief_constable);
		copy(r.cc_response, sizeof r.cc_response, in->cc_response);
	}
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the response record");
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO response_records(inspection_id, force_name, pcc_name, chief_constable, pcc_statement, "
	               "cc_response, updated_at) VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(inspection_id) DO UPDATE SET "
	               "force_name = excluded.force_name, pcc_name = excluded.pcc_name, "
	               "chief_constable = excluded.chief_constable, pcc_statement = excluded.pcc_statement, "
	               "cc_response = excluded.cc_response, updated_at = excluded.updated_at, "
	               "changed = CASE WHEN response_records.version > 0 THEN 1 ELSE 0 END",
	               "itttttt", inspection_id, r.force_name, r.pcc_name, r.chief_constable, r.pcc_statement,
	               r.cc_response, now) ||
	    alog_writei(st, who, "update", "response_record", inspection_id, "ok", pcc ? "pcc" : "force", e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int response_published_elsewhere(struct store *st, const struct actor *who, int64_t inspection_id, const char *date,
                                 struct errlist *errs, struct err *e)
{
	if (alog_require(st, who, ROLE_PCC, "update", "response_record", inspection_id,
	                 "Only the PCC's office can record when its comments were published", e))
		return -1;
	struct inspection in;
	struct response_record r;
	if (load_inspection(st, inspection_id, &in, e) || load_response(st, inspection_id, &r, e))
		return -1;
	if (r.published)
		return err_set(e, ERR_CONFLICT, "This response record is already published in Probity");
	char today[11];
	date_today(today);
	if (!*nz(date))
		errlist_add(errs, "published_elsewhere", "Enter the date the comments were published");
	else if (!date_valid(date))
		errlist_add(errs, "published_elsewhere", "The date must be a real date, like 2020-03-30");
	else if (strcmp(date, today) > 0)
		errlist_add(errs, "published_elsewhere", "The date must be today or in the past");
	else if (strcmp(date, in.published) < 0)
		errlist_add(errs, "published_elsewhere", "The date cannot be before the report was published (%s)",
		            in.published);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the date");
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO response_records(inspection_id, published_elsewhere, updated_at) VALUES(?, ?, ?) "
	               "ON CONFLICT(inspection_id) DO UPDATE SET published_elsewhere = excluded.published_elsewhere",
	               "itt", inspection_id, date, now) ||
	    alog_writei(st, who, "update", "response_record", inspection_id, "ok", "published elsewhere", e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

const char *explanation_action_label(const char *action)
{
	if (!strcmp(action, "taken"))
		return "Action taken";
	if (!strcmp(action, "proposed"))
		return "Action proposed";
	if (!strcmp(action, "none"))
		return "No action, and why";
	return "Not explained yet";
}

static int read_explanations(struct store *st, struct stmt *s, explanation_fn fn, void *ctx, struct err *e)
{
	(void)st;
	struct response_explanation *x = xmalloc(sizeof *x);
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		memset(x, 0, sizeof *x);
		x->finding_id = stmt_int(s, 0);
		copy(x->reference, sizeof x->reference, stmt_text(s, 1));
		copy(x->recommendation, sizeof x->recommendation, stmt_text(s, 2));
		copy(x->action, sizeof x->action, stmt_text(s, 3));
		copy(x->proposed_date, sizeof x->proposed_date, stmt_text(s, 4));
		copy(x->text, sizeof x->text, stmt_text(s, 5));
		stop = fn(ctx, x);
	}
	free(x);
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

static int draft_explanations(struct store *st, int64_t inspection_id, explanation_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT f.id, f.reference, f.text, COALESCE(x.action, ''), COALESCE(x.proposed_date, ''), "
	                "COALESCE(x.text, '') FROM findings f LEFT JOIN response_explanations x ON x.finding_id = f.id "
	                "WHERE f.inspection_id = ? AND f.kind = 'recommendation' ORDER BY f.id",
	                "i", inspection_id))
		return -1;
	return read_explanations(st, s, fn, ctx, e);
}

int response_explanations(struct store *st, const struct actor *who, int64_t inspection_id, explanation_fn fn,
                          void *ctx, struct err *e)
{
	struct inspection in;
	if (inspection_get(st, who, inspection_id, &in, e))
		return -1;
	return draft_explanations(st, inspection_id, fn, ctx, e);
}

int response_explain(struct store *st, const struct actor *who, int64_t inspection_id, int64_t finding_id,
                     const char *action, const char *proposed_date, const char *text, struct errlist *errs,
                     struct err *e)
{
	if (alog_require(st, who, ROLE_PCC, "update", "response_record", inspection_id,
	                 "Only the PCC's office can explain the action on a recommendation", e))
		return -1;
	int64_t ok = 0;
	if (store_int(st, e, &ok,
	              "SELECT COUNT(*) FROM findings WHERE id = ? AND inspection_id = ? AND kind = 'recommendation'", "ii",
	              finding_id, inspection_id) < 0)
		return -1;
	if (!ok)
		return err_set(e, ERR_NOTFOUND, "That is not a recommendation of this inspection");
	action = nz(action);
	if (strcmp(action, "taken") && strcmp(action, "proposed") && strcmp(action, "none"))
		errlist_add(errs, "action", "Select the action taken, the action proposed, or no action");
	if (!strcmp(action, "proposed")) {
		if (!*nz(proposed_date))
			errlist_add(errs, "proposed_date", "Enter the date by which the proposed action will be taken");
		else if (!date_valid(proposed_date))
			errlist_add(errs, "proposed_date", "The proposed date must be a real date, like 2026-03-27");
	}
	if (!*nz(text))
		errlist_add(errs, "text", "%s", !strcmp(action, "none") ? "Explain why no action is taken"
		                                                          : "Describe the action");
	check_len(errs, "text", "Explanation", text, 4000);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the explanation");
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO response_explanations(finding_id, inspection_id, action, proposed_date, text, updated_at) "
	               "VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(finding_id) DO UPDATE SET action = excluded.action, "
	               "proposed_date = excluded.proposed_date, text = excluded.text, updated_at = excluded.updated_at",
	               "iitttt", finding_id, inspection_id, action, !strcmp(action, "proposed") ? proposed_date : "", text,
	               now) ||
	    store_exec(st, e,
	               "INSERT INTO response_records(inspection_id, updated_at) VALUES(?, ?) ON CONFLICT(inspection_id) "
	               "DO UPDATE SET updated_at = excluded.updated_at, "
	               "changed = CASE WHEN response_records.version > 0 THEN 1 ELSE 0 END",
	               "it", inspection_id, now) ||
	    alog_writei(st, who, "update", "response_record", inspection_id, "ok", "s.55(5B) explanation", e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

struct missing_ctx {
	struct buf names;
	int n;
};

static int missing_one(void *ctx, const struct response_explanation *x)
{
	struct missing_ctx *m = ctx;
	if (x->action[0])
		return 0;
	buf_printf(&m->names, "%s%s", m->n ? ", " : "", x->reference);
	m->n++;
	return 0;
}

static int check_publish(struct store *st, int64_t inspection_id, const struct response_record *r, const char *note,
                         struct errlist *problems, struct err *e)
{
	if (!r->pcc_statement[0])
		errlist_add(problems, "pcc_statement", "Write the Commissioner's statement before publishing");
	struct missing_ctx m = { .n = 0 };
	buf_init(&m.names, 0);
	if (draft_explanations(st, inspection_id, missing_one, &m, e)) {
		buf_release(&m.names);
		return -1;
	}
	if (m.n)
		errlist_add(problems, "explanations",
		            "Explain the action taken, proposed or why none for each recommendation (s.55(5B)): %s",
		            buf_str(&m.names));
	buf_release(&m.names);
	version_check_publish(r->version, r->changed, note, problems);
	return 0;
}

int response_check_publish(struct store *st, const struct actor *who, int64_t inspection_id, const char *note,
                           struct errlist *problems, struct err *e)
{
	if (alog_require(st, who, ROLE_PCC, "publish", "response_record", inspection_id,
	                 "Only the PCC's office can publish a response record", e))
		return -1;
	struct response_record r;
	if (response_get(st, who, inspection_id, &r, e))
		return -1;
	return check_publish(st, inspection_id, &r, note, problems, e);
}

int response_publish(struct store *st, const struct actor *who, int64_t inspection_id, const char *note,
                     struct errlist *problems, struct err *e)
{
	if (alog_require(st, who, ROLE_PCC, "publish", "response_record", inspection_id,
	                 "Only the PCC's office can publish a response record", e))
		return -1;
	struct inspection in;
	struct response_record r;
	if (load_inspection(st, inspection_id, &in, e) || load_response(st, inspection_id, &r, e))
		return -1;
	if (check_publish(st, inspection_id, &r, note ? note : "", problems, e))
		return -1;
	if (problems->n)
		return err_set(e, ERR_INPUT, "%s", problems->item[0].msg);
	char today[11];
	date_today(today);
	int v = r.version + 1;
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO response_versions(inspection_id, version, published_at, account_id, by_name, note, "
	               "force_name, pcc_name, chief_constable, pcc_statement, cc_response) "
	               "VALUES(?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?)",
	               "iiti" "ttttttt", inspection_id, (int64_t)v, today, who->account_id, who->name, nz(note),
	               r.force_name, r.pcc_name, r.chief_constable, r.pcc_statement, r.cc_response) ||
	    store_exec(st, e,
	               "INSERT INTO response_version_explanations(inspection_id, version, finding_id, reference, "
	               "recommendation, action, proposed_date, text) SELECT f.inspection_id, ?, f.id, f.reference, f.text, "
	               "x.action, x.proposed_date, x.text FROM findings f JOIN response_explanations x ON x.finding_id = f.id "
	               "WHERE f.inspection_id = ? AND f.kind = 'recommendation'",
	               "ii", (int64_t)v, inspection_id) ||
	    store_exec(st, e, response_freeze_findings_sql, "ii", inspection_id, (int64_t)v) ||
	    store_exec(st, e,
	               "UPDATE response_records SET published = 1, published_at = CASE WHEN published = 1 THEN published_at "
	               "ELSE ? END, version = ?, changed = 0 WHERE inspection_id = ?",
	               "tii", today, (int64_t)v, inspection_id)) {
		store_rollback(st);
		return -1;
	}
	char detail[32];
	snprintf(detail, sizeof detail, "version %d", v);
	if (alog_writei(st, who, "publish", "response_record", inspection_id, "ok", detail, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

#define VERSION_QUERY \
	"SELECT version, published_at, by_name, note FROM response_versions WHERE inspection_id = ? " \
	"ORDER BY version DESC"

int response_versions(struct store *st, const struct actor *who, int64_t inspection_id, record_version_fn fn,
                      void *ctx, struct err *e)
{
	struct inspection in;
	if (inspection_get(st, who, inspection_id, &in, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e, VERSION_QUERY, "i", inspection_id))
		return -1;
	return versions_read(s, insp_sees_names(who) || actor_has(who, ROLE_PCC), fn, ctx, e);
}

/* ---- dashboards ---- */

int findings_by_owner(struct store *st, const struct actor *who, owner_fn fn, void *ctx, struct err *e)
{
	if (alog_require(st, who, INSP_READ, "view", "findings", 0, DENY_READ, e))
		return -1;
	char today[11], m6[11], m12[11], m24[11];
	date_today(today);
	long t = date_days(today);
	date_format(t - 182, m6);
	date_format(t - 365, m12);
	date_format(t - 730, m24);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT COALESCE(po.title, ''), COALESCE(u.name, ''), COUNT(*), "
	                "COUNT(CASE WHEN i.published > ?1 THEN 1 END), COUNT(CASE WHEN i.published <= ?1 AND i.published > ?2 THEN 1 END), "
	                "COUNT(CASE WHEN i.published <= ?2 AND i.published > ?3 THEN 1 END), COUNT(CASE WHEN i.published <= ?3 THEN 1 END), MIN(i.published) "
	                "FROM findings f JOIN inspections i ON i.id = f.inspection_id "
	                "LEFT JOIN people p ON p.id = f.owner_person_id LEFT JOIN posts po ON po.id = p.post_id "
	                "LEFT JOIN units u ON u.id = COALESCE(f.owner_unit_id, p.unit_id) "
	                "WHERE f.status NOT IN ('signed_off', 'closed') "
	                "GROUP BY 1, 2 ORDER BY COUNT(*) DESC, MIN(i.published), 2",
	                "ttt", m6, m12, m24))
		return -1;
	struct owner_load o;
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		memset(&o, 0, sizeof o);
		copy(o.office, sizeof o.office, stmt_text(s, 0));
		copy(o.unit, sizeof o.unit, stmt_text(s, 1));
		o.open = (long)stmt_int(s, 2);
		o.under_6m = (long)stmt_int(s, 3);
		o.to_12m = (long)stmt_int(s, 4);
		o.to_24m = (long)stmt_int(s, 5);
		o.over_24m = (long)stmt_int(s, 6);
		long d = date_days(stmt_text(s, 7));
		o.oldest_days = d < 0 ? 0 : t - d;
		stop = fn(ctx, &o);
	}
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

int inspections_counts(struct store *st, const struct actor *who, struct insp_counts *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (alog_require(st, who, INSP_READ, "view", "findings", 0, DENY_READ, e))
		return -1;
	char today[11], cut[11], horizon[11], soon[11];
	date_today(today);
	overdue_cutoff(st, cut);
	long t = date_days(today), days = (long)config_int(st, "inspections.response_days", 56);
	date_format(t + (long)config_int(st, "inspections.review_horizon_days", 90), horizon);
	char first_overdue[11], first_soon[11];
	/* deadline = published + days - 1 (the publication day is day 1) */
	date_format(t - days + 1, first_overdue);  /* published before this: past the deadline */
	date_format(t - days + 16, soon);          /* before this: the deadline is within 14 days */
	copy(first_soon, sizeof first_soon, soon);
	int64_t v[12] = { 0 };
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT "
	                "(SELECT COUNT(*) FROM findings WHERE status NOT IN ('signed_off', 'closed')), "
	                "(SELECT COUNT(*) FROM findings f WHERE f.status NOT IN ('signed_off', 'closed') AND "
	                " COALESCE((SELECT MAX(update_date) FROM finding_updates x WHERE x.finding_id = f.id), "
	                " substr(f.created_at, 1, 10)) < ?1), "
	                "(SELECT COUNT(*) FROM findings WHERE status = 'signed_off' AND caveat <> ''), "
	                "(SELECT COUNT(*) FROM findings WHERE status = 'non_compliant'), "
	                "(SELECT COUNT(*) FROM inspections i LEFT JOIN response_records r ON r.inspection_id = i.id "
	                " WHERE COALESCE(r.published, 0) = 0 AND COALESCE(r.published_elsewhere, '') = '' "
	                " AND i.source = 'inspection' AND i.published < ?2), "
	                "(SELECT COUNT(*) FROM inspections i LEFT JOIN response_records r ON r.inspection_id = i.id "
	                " WHERE COALESCE(r.published, 0) = 0 AND COALESCE(r.published_elsewhere, '') = '' "
	                " AND i.source = 'inspection' AND i.published >= ?2 AND i.published < ?3), "
	                "(SELECT COUNT(*) FROM reviews WHERE further_review <> '' AND further_review <= ?4 AND further_done_on = ''), "
	                "(SELECT COUNT(*) FROM findings WHERE status NOT IN ('signed_off', 'closed') AND due <> '' "
	                " AND due < ?5), "
	                "(SELECT COUNT(*) FROM findings WHERE status = 'signed_off' AND follow_up <> '' AND follow_up <= ?5), "
	                "(SELECT COUNT(*) FROM findings WHERE status = 'non_compliant' AND revisit <> '' AND revisit <= ?5), "
	                "(SELECT COUNT(*) FROM findings WHERE status = 'proposed_complete'), "
	                "(SELECT COUNT(*) FROM review_questions WHERE response = '')",
	                "ttttt", cut, first_overdue, first_soon, horizon, today))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1)
		for (int i = 0; i < 12; i++)
			v[i] = stmt_int(s, i);
	stmt_done(s);
	if (r < 0)
		return -1;
	out->active = (long)v[0];
	out->overdue_updates = (long)v[1];
	out->continuing = (long)v[2];
	out->non_compliant = (long)v[3];
	out->responses_overdue = (long)v[4];
	out->responses_due_soon = (long)v[5];
	out->reviews_due = (long)v[6];
	out->past_due = (long)v[7];
	out->follow_up_due = (long)v[8];
	out->revisit_due = (long)v[9];
	out->for_board = (long)v[10];
	out->questions_open = (long)v[11];
	return 0;
}

int findings_owned_counts(struct store *st, const struct actor *who, long *open, long *past_due, struct err *e)
{
	*open = *past_due = 0;
	if (!who || !who->person_id)
		return 0;
	char today[11];
	date_today(today);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT COUNT(*), COUNT(CASE WHEN due <> '' AND due < ?2 THEN 1 END) FROM findings "
	                "WHERE owner_person_id = ?1 AND status NOT IN ('signed_off', 'closed')",
	                "it", who->person_id, today))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		*open = (long)stmt_int(s, 0);
		*past_due = (long)stmt_int(s, 1);
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	return alog_writei(st, who, "view", "findings", who->person_id, "ok", "own findings: counts", e);
}

/* ---- import ---- */

enum { F_INSP, F_PUB, F_KIND, F_REF, F_TEXT, F_PILLAR, F_OWNER, F_DUE, F_NCOL, F_INSP_KIND = F_NCOL };


/* The import's state: the references seen, and whether the file is the
 * findings export (FINDINGS_EXPORT_HEADER), whose columns map[] places. */
struct findings_import_ctx {
	struct seen seen;
	int from_export;
	size_t map[F_NCOL];
};

/* Check and apply one row (its import columns f[], F_INSP_KIND included)
 * inside the import's transaction. From the export, owner is the owner's
 * name as the export shows it (or a staff number). */
static int import_row(struct store *st, const struct csv *c, const char *const *f, int from_export,
                      struct import_stats *s, struct err *e)
{
	char today[11];
	date_today(today);
	if (!*f[F_INSP])
		return csv_row_error(e, c, "inspection", "required");
	if (strlen(f[F_INSP]) > 300)
		return csv_row_error(e, c, "inspection", "longer than 300 characters");
	/* an export's row of an unpublished inspection (learning from complaints) has no date */
	if (!date_valid(f[F_PUB]) && (*f[F_PUB] || !from_export))
		return csv_row_error(e, c, "published", "%s is not a date (YYYY-MM-DD)",
		                     *f[F_PUB] ? f[F_PUB] : "(empty)");
	if (strcmp(f[F_PUB], today) > 0)
		return csv_row_error(e, c, "published", "%s is in the future", f[F_PUB]);
	if (*f[F_INSP_KIND] && label_index(inspection_kinds, LABELS_N(inspection_kinds), f[F_INSP_KIND]) < 0)
		return csv_row_error(e, c, "inspection_kind", "\"%s\" is not one of peel, thematic, other",
		                     f[F_INSP_KIND]);
	if (label_index(finding_kinds, LABELS_N(finding_kinds), f[F_KIND]) < 0)
		return csv_row_error(e, c, "kind",
		                     "\"%s\" is not one of recommendation, area_for_improvement, cause_of_concern", f[F_KIND]);
	if (!*f[F_REF])
		return csv_row_error(e, c, "reference", "required");
	if (strlen(f[F_REF]) > 40)
		return csv_row_error(e, c, "reference", "longer than 40 characters");
	if (!*f[F_TEXT])
		return csv_row_error(e, c, "text", "required");
	if (strlen(f[F_TEXT]) > 4000)
		return csv_row_error(e, c, "text", "longer than 4000 characters");
	if (strlen(f[F_PILLAR]) > 200)
		return csv_row_error(e, c, "pillar", "longer than 200 characters");
	if (*f[F_DUE] && !date_valid(f[F_DUE]))
		return csv_row_error(e, c, "due", "%s is not a date (YYYY-MM-DD)", f[F_DUE]);
	int64_t owner = 0, unit = 0;
	if (*f[F_OWNER]) {
		struct stmt *q;
		if (store_query(st, &q, e, "SELECT id, COALESCE(unit_id, 0) FROM people WHERE staff_number = ?", "t",
		                f[F_OWNER]))
			return -1;
		int r = stmt_next(q, e);
		if (r == 1) {
			owner = stmt_int(q, 0);
			unit = stmt_int(q, 1);
		}
		stmt_done(q);
		if (r < 0)
			return -1;
		if (r == 0 && from_export) { /* the export names the owner: the finding's own, else the one so called */
			if (store_query(st, &q, e,
			                "SELECT f.owner_person_id, COALESCE(f.owner_unit_id, 0) FROM findings f "
			                "JOIN inspections i ON i.id = f.inspection_id JOIN people p ON p.id = f.owner_person_id "
			                "WHERE i.title = ? AND f.reference = ? AND p.forenames || ' ' || p.surname = ?",
			                "ttt", f[F_INSP], f[F_REF], f[F_OWNER]))
				return -1;
			if ((r = stmt_next(q, e)) == 1) {
				owner = stmt_int(q, 0);
				unit = stmt_int(q, 1);
			}
			stmt_done(q);
			if (r < 0)
				return -1;
		}
		if (r == 0 && from_export) {
			int64_t n = 0;
			if (store_int(st, e, &n, "SELECT COUNT(*) FROM people WHERE forenames || ' ' || surname = ?", "t",
			              f[F_OWNER]) < 0 ||
			    (n == 1 && store_int(st, e, &owner, "SELECT id FROM people WHERE forenames || ' ' || surname = ?",
			                         "t", f[F_OWNER]) < 0) ||
			    (n == 1 && store_int(st, e, &unit, "SELECT COALESCE(unit_id, 0) FROM people WHERE id = ?", "i",
			                         owner) < 0))
				return -1;
			if (n > 1)
				return csv_row_error(e, c, "owner", "%lld people are called \"%s\": give the owner's staff "
				                     "number instead", (long long)n, f[F_OWNER]);
			r = (int)n;
		}
		if (r == 0)
			return csv_row_error(e, c, "owner", "no person with staff number \"%s\"%s", f[F_OWNER],
			                     from_export ? " or that name" : "");
	}
	char now[21], pub[11] = "";
	time_now_iso(now);
	int64_t insp = 0;
	struct stmt *q;
	/* the stable reference first (a renamed inspection keeps it), then the current title */
	size_t kl = strlen(f[F_INSP]) + strlen(f[F_PUB]) + 2;
	char *key = xmalloc(kl);
	snprintf(key, kl, "%s|%s", f[F_INSP], f[F_PUB]);
	int r = 0;
	if (store_query(st, &q, e,
	                "SELECT id, published, kind FROM inspections WHERE import_ref = ?1 UNION ALL "
	                "SELECT id, published, kind FROM inspections WHERE title = ?2 LIMIT 1", "tt", key, f[F_INSP]))
		goto key_fail;
	char ikind[16] = "";
	r = stmt_next(q, e);
	if (r == 1) {
		insp = stmt_int(q, 0);
		copy(pub, sizeof pub, stmt_text(q, 1));
		copy(ikind, sizeof ikind, stmt_text(q, 2));
	}
	stmt_done(q);
	if (r < 0)
		goto key_fail;
	if (insp && strcmp(pub, f[F_PUB])) {
		free(key);
		return csv_row_error(e, c, "published", "\"%s\" was published on %s, not %s", f[F_INSP], pub, f[F_PUB]);
	}
	if (!insp && !*f[F_PUB]) {
		free(key);
		return csv_row_error(e, c, "published", "(empty) is not a date (YYYY-MM-DD)");
	}
	if (!insp) {
		if (store_exec(st, e,
		               "INSERT INTO inspections(title, published, kind, created_at, import_ref) VALUES(?, ?, ?, ?, ?)",
		               "ttttt", f[F_INSP], f[F_PUB], *f[F_INSP_KIND] ? f[F_INSP_KIND] : "other", now, key))
			goto key_fail;
		insp = store_last_id(st);
	} else if (*f[F_INSP_KIND] && strcmp(ikind, f[F_INSP_KIND])) {
		if (store_exec(st, e, "UPDATE inspections SET kind = ? WHERE id = ?", "ti", f[F_INSP_KIND], insp))
			goto key_fail;
		s->updated++;
	}
	free(key);
	int64_t id = 0;
	if (store_query(st, &q, e,
	                "SELECT id, kind = ? AND trim(text) = ? AND trim(pillar) = ? AND COALESCE(owner_person_id, 0) = ? "
	                "AND due = ? "
	                "FROM findings WHERE inspection_id = ? AND reference = ?",
	                "tttit" "it", f[F_KIND], f[F_TEXT], f[F_PILLAR], owner, f[F_DUE], insp, f[F_REF]))
		return -1;
	int same = 0;
	r = stmt_next(q, e);
	if (r == 1) {
		id = stmt_int(q, 0);
		same = (int)stmt_int(q, 1);
	}
	stmt_done(q);
	if (r < 0)
		return -1;
	if (id && same)
		return 0; /* unchanged */
	if (id) {
		if (store_exec(st, e,
		               "UPDATE findings SET kind = ?, text = ?, pillar = ?, owner_person_id = NULLIF(?, 0), "
		               "owner_unit_id = NULLIF(?, 0), due = ? WHERE id = ?",
		               "ttt" "ii" "t" "i", f[F_KIND], f[F_TEXT], f[F_PILLAR], owner, unit, f[F_DUE], id))
			return -1;
		s->updated++;
		return 0;
	}
	if (store_exec(st, e,
	               "INSERT INTO findings(inspection_id, kind, reference, text, pillar, owner_person_id, owner_unit_id, "
	               "due, status, status_at, created_at) VALUES(?, ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, 'open', ?, ?)",
	               "itttt" "ii" "ttt", insp, f[F_KIND], f[F_REF], f[F_TEXT], f[F_PILLAR], owner, unit, f[F_DUE], now,
	               now))
		return -1;
	id = store_last_id(st);
	if (store_exec(st, e,
	               "INSERT INTO finding_status_history(finding_id, status, at, note) VALUES(?, 'open', ?, 'Imported')",
	               "it", id, now))
		return -1;
	s->created++;
	return 0;
key_fail:
	free(key);
	return -1;
}

/* The pipeline's row step: a reference repeated within the file is named
 * with the line it is first on; then the row is checked and applied. */
static int row_step(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct findings_import_ctx *ctx = im->ctx;
	struct seen *seen = &ctx->seen; /* "inspection\nreference" -> the line it is first on */
	const char *f[F_NCOL + 1];
	for (int i = 0; i < F_NCOL; i++)
		f[i] = csv_field(c, ctx->from_export ? ctx->map[i] : (size_t)i);
	f[F_INSP_KIND] = !ctx->from_export && c->nf > F_NCOL ? csv_field(c, F_INSP_KIND) : "";
	size_t kl = strlen(f[F_INSP]) + strlen(f[F_REF]) + 2;
	char *key = xmalloc(kl);
	int64_t dup = 0;
	snprintf(key, kl, "%s\n%s", f[F_INSP], f[F_REF]);
	if (!seen_get(seen, key, &dup))
		seen_put(seen, key, c->line);
	free(key);
	if (dup)
		return csv_row_error(e, c, "reference", "%s of \"%s\" is already on line %ld", f[F_REF], f[F_INSP],
		                     (long)dup);
	return import_row(im->st, c, f, ctx->from_export, &im->n, e);
}

/* The header: FINDINGS_IMPORT_HEADER, optionally followed by inspection_kind. */
static int header_step(struct csv_import *im, struct csv *c, struct err *e)
{
	struct buf got;
	buf_init(&got, 0);
	int rc = csv_read_header(c, FINDINGS_IMPORT_HEADER, &got, e);
	if (rc == 0 && !strcmp(buf_str(&got), FINDINGS_IMPORT_HEADER))
		im->ncol = F_NCOL;
	else if (rc == 0 && !strcmp(buf_str(&got), FINDINGS_IMPORT_HEADER ",inspection_kind"))
		im->ncol = F_NCOL + 1;
	else if (rc == 0 && !strcmp(buf_str(&got), FINDINGS_EXPORT_HEADER)) {
		/* the export read back: each import column from the export's column of that name */
		struct findings_import_ctx *ctx = im->ctx;
		static const char *const names[F_NCOL] = { "inspection", "published", "kind", "reference",
			                                   "text", "pillar", "owner", "due" };
		ctx->from_export = 1;
		im->ncol = NFEXPORT;
		for (size_t i = 0; i < F_NCOL; i++)
			for (size_t k = 0; k < NFEXPORT; k++)
				if (!strcmp(finding_export_cols[k].name, names[i]))
					ctx->map[i] = k;
	} else if (rc == 0)
		rc = err_set(e, ERR_INPUT, "%s:1: header is \"%.200s\", expected \"%s\" (optionally followed by "
		             ",inspection_kind) or the findings export's \"%s\"", c->name, buf_str(&got),
		             FINDINGS_IMPORT_HEADER, FINDINGS_EXPORT_HEADER);
	buf_release(&got);
	return rc;
}

static const struct csv_import_spec findings_spec = { NULL, 0, "findings", header_step, row_step, NULL };

/* The import over an opened reader (file or upload): managers only. */
static int import_csv(struct store *st, const struct actor *who, struct csv *c, int dry_run, struct import_stats *s,
                      struct err *e)
{
	memset(s, 0, sizeof *s);
	if (who && !actor_has(who, INSP_MANAGE)) {
		alog_write(st, who, "import", "findings", c->name, "refused", "role", NULL);
		return err_set(e, ERR_DENIED, DENY_MANAGE);
	}
	struct findings_import_ctx ctx = { 0 };
	struct csv_import im = { .st = st, .who = who, .dry_run = dry_run, .ctx = &ctx };
	int rc = csv_import_run(&findings_spec, &im, c, e);
	seen_free(&ctx.seen);
	*s = im.n;
	return rc;
}

int findings_import(struct store *st, const struct actor *who, const char *path, int dry_run,
                    struct import_stats *s, struct err *e)
{
	struct csv c;
	int rc = csv_open_file(&c, path, e) ? -1 : import_csv(st, who, &c, dry_run, s, e);
	csv_close(&c);
	return rc;
}

int findings_import_mem(struct store *st, const struct actor *who, const char *name, const char *data, size_t len,
                        int dry_run, struct import_stats *s, struct err *e)
{
	struct csv c;
	int rc = csv_open_mem(&c, name, data, len, e) ? -1 : import_csv(st, who, &c, dry_run, s, e);
	csv_close(&c);
	return rc;
}

/* ---- publication: published records only, no staff names ---- */

int published_responses(struct store *st, inspection_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT " INSPECTION_COLUMNS INSPECTION_JOINS "WHERE r.published = 1 ORDER BY i.published DESC, i.id",
	                ""))
		return -1;
	return each_inspection(st, s, NULL, fn, ctx, e);
}

int published_response_get(struct store *st, int64_t inspection_id, int version, struct inspection *in,
                           struct response_record *r, struct err *e)
{
	struct response_record live;
	if (load_inspection(st, inspection_id, in, e) || load_response(st, inspection_id, &live, e))
		return -1;
	if (!live.published || live.version < 1)
		return err_set(e, ERR_NOTFOUND, "Response record %lld is not published", (long long)inspection_id);
	memset(r, 0, sizeof *r);
	r->inspection_id = inspection_id;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT version, published_at, force_name, pcc_name, chief_constable, pcc_statement, cc_response "
	                "FROM response_versions WHERE inspection_id = ? AND version = ?",
	                "ii", inspection_id, (int64_t)(version > 0 ? version : live.version)))
		return -1;
	int rc = stmt_next(s, e);
	if (rc == 1) {
		r->published = 1;
		r->version = (int)stmt_int(s, 0);
		copy(r->published_at, sizeof r->published_at, stmt_text(s, 1));
		copy(r->force_name, sizeof r->force_name, stmt_text(s, 2));
		copy(r->pcc_name, sizeof r->pcc_name, stmt_text(s, 3));
		copy(r->chief_constable, sizeof r->chief_constable, stmt_text(s, 4));
		copy(r->pcc_statement, sizeof r->pcc_statement, stmt_text(s, 5));
		copy(r->cc_response, sizeof r->cc_response, stmt_text(s, 6));
	}
	stmt_done(s);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return err_set(e, ERR_NOTFOUND, "Response record %lld has no version %d", (long long)inspection_id, version);
	return 0;
}

const char response_freeze_findings_sql[] =
	"INSERT INTO response_version_findings(inspection_id, version, finding_id, kind, reference, pillar, text, "
	"status, caveat, update_date, update_text) SELECT f.inspection_id, ?2, f.id, f.kind, f.reference, f.pillar, "
	"f.text, f.status, f.caveat, COALESCE(u.update_date, ''), COALESCE(u.text, '') FROM findings f "
	"LEFT JOIN finding_updates u ON u.id = (SELECT x.id FROM finding_updates x WHERE x.finding_id = f.id "
	"ORDER BY x.update_date DESC, x.id DESC LIMIT 1) WHERE f.inspection_id = ?1";

int published_version_findings(struct store *st, int64_t inspection_id, int version, finding_fn fn, void *ctx,
                               struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT finding_id, kind, reference, pillar, text, status, caveat, update_date, update_text "
	                "FROM response_version_findings WHERE inspection_id = ? AND version = ? ORDER BY finding_id",
	                "ii", inspection_id, (int64_t)version))
		return -1;
	struct finding *x = xmalloc(sizeof *x);
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		memset(x, 0, sizeof *x);
		x->id = stmt_int(s, 0);
		x->inspection_id = inspection_id;
		copy(x->kind, sizeof x->kind, stmt_text(s, 1));
		copy(x->reference, sizeof x->reference, stmt_text(s, 2));
		copy(x->pillar, sizeof x->pillar, stmt_text(s, 3));
		copy(x->text, sizeof x->text, stmt_text(s, 4));
		copy(x->status, sizeof x->status, stmt_text(s, 5));
		copy(x->caveat, sizeof x->caveat, stmt_text(s, 6));
		copy(x->last_update_date, sizeof x->last_update_date, stmt_text(s, 7));
		copy(x->last_update, sizeof x->last_update, stmt_text(s, 8));
		stop = fn(ctx, x);
	}
	free(x);
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

int published_explanations(struct store *st, int64_t inspection_id, int version, explanation_fn fn, void *ctx,
                           struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT finding_id, reference, recommendation, action, proposed_date, text "
	                "FROM response_version_explanations WHERE inspection_id = ? AND version = ? ORDER BY finding_id",
	                "ii", inspection_id, (int64_t)version))
		return -1;
	return read_explanations(st, s, fn, ctx, e);
}

int published_versions(struct store *st, int64_t inspection_id, record_version_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e, VERSION_QUERY, "i", inspection_id))
		return -1;
	return versions_read(s, 0, fn, ctx, e);
}

int published_findings(struct store *st, int64_t inspection_id, finding_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT " FINDING_COLUMNS FINDING_JOINS
	                "JOIN response_records rr ON rr.inspection_id = f.inspection_id AND rr.published = 1 "
	                "WHERE (?1 = 0 OR f.inspection_id = ?1) ORDER BY i.published DESC, f.inspection_id, f.id",
	                "i", inspection_id))
		return -1;
	return each_finding(s, 0, NULL, fn, ctx, e);
}
