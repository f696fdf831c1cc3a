/* intel.c — counter-corruption intelligence items, lines of enquiry,
 * interventions, reviewed closure, the dashboard, the quality sample and
 * the import. The rules and the need-to-know policy are in intel.h. */
#include "domain/intel.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/csv_import.h"
#include "domain/duty.h"
#include "domain/listing.h"
#include "domain/people.h"
#include "domain/validate.h"
#include "store/store.h"
#include <ctype.h>
#include <sodium.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct status_def intel_statuses[INTEL_NSTATUS] = {
	[INTEL_OPEN] = { "open", "Open", "blue", NULL },
	[INTEL_AWAITING_REVIEW] = { "awaiting_review", "Awaiting review", "yellow", NULL },
	[INTEL_CLOSED] = { "closed", "Closed", "grey", NULL },
};

const struct status_def intel_line_statuses[LINE_NSTATUS] = {
	[LINE_OPEN] = { "open", "Open", "blue", NULL },
	[LINE_PURSUED] = { "pursued", "Pursued", "green", NULL },
	[LINE_NOT_PURSUED] = { "not_pursued", "Not pursued", "orange", NULL },
};

int intel_item_status(const struct intel_item *it)
{
	return status_table_index(intel_statuses, INTEL_NSTATUS, it->status);
}

const struct intel_code intel_sources[] = {
	{ "anonymous", "Anonymous reporting line" },
	{ "named", "Named report" },
	{ "line_manager", "Line manager" },
	{ "complaint", "Complaint or grievance" },
	{ "partner", "Partner agency" },
	{ "ict_audit", "ICT audit alert" },
	{ "other_force", "Other force or agency" },
	{ "external_line", "Crimestoppers or another external line" },
	{ "open_internet", "Open-internet monitoring" },
	{ NULL, NULL },
};

const struct intel_code intel_intervention_kinds[] = {
	{ "counselling", "Counselling" },
	{ "debt_advice", "Debt advice" },
	{ "ethical_interview", "Ethical interview" },
	{ "restricted_access", "Restricted system access" },
	{ "supervisory_plan", "Supervisory plan" },
	{ "management_action", "Management action" },
	{ "misconduct_referral", "Misconduct referral" },
	{ "iopc_referral", "IOPC referral" },
	{ "criminal_investigation", "Criminal investigation" },
	{ NULL, NULL },
};

/* 3x5x2 (College of Policing intelligence-management APP). The labels are
 * from training material and are configuration, not law. */
const struct intel_code intel_grade_source[] = {
	{ "1", "1: Reliable" }, { "2", "2: Untested" }, { "3", "3: Not reliable" }, { NULL, NULL },
};
const struct intel_code intel_grade_assessment[] = {
	{ "A", "A: Known directly to the source" },
	{ "B", "B: Known indirectly to the source but corroborated" },
	{ "C", "C: Known indirectly to the source" },
	{ "D", "D: Not known" },
	{ "E", "E: Suspected to be false" },
	{ NULL, NULL },
};
const struct intel_code intel_grade_handling[] = {
	{ "P", "P: Lawful sharing permitted" }, { "C", "C: Lawful sharing permitted with conditions" }, { NULL, NULL },
};

const char *intel_label(const struct intel_code *t, const char *key)
{
	for (; t->key; t++)
		if (key && strcmp(t->key, key) == 0)
			return t->label;
	return key ? key : "";
}

static int code_known(const struct intel_code *t, const char *key)
{
	for (; t->key; t++)
		if (key && strcmp(t->key, key) == 0)
			return 1;
	return 0;
}

int intel_categories(struct store *st, int (*fn)(void *ctx, const char *key, const char *name), void *ctx,
                     struct err *e)
{
	struct stmt *s = NULL;
	int r, rc = -1;
	if (store_query(st, &s, e, "SELECT key, name FROM intel_categories ORDER BY position", ""))
		goto out;
	while ((r = stmt_next(s, e)) == 1)
		if (fn(ctx, stmt_text(s, 0), stmt_text(s, 1)))
			goto out;
	rc = r == 0 ? 0 : -1;
out:
	stmt_done(s);
	return rc;
}

/* The category key for a key or an exact name; 0 when found. */
static int category_key(struct store *st, const char *v, char key[24])
{
	struct err e = { 0 };
	return store_text(st, &e, key, 24, "SELECT key FROM intel_categories WHERE key = ? OR name = ?", "tt", v, v) == 1
		       ? 0
		       : -1;
}


static int grade_3x5x2_ok(const char *g)
{
	return g && strlen(g) == 3 && strchr("123", g[0]) && strchr("ABCDE", g[1]) && strchr("PC", g[2]) && g[0] &&
	       g[1] && g[2];
}

/* Split staff numbers on ';', ',' or white space; each must be a person.
 * ids (may be NULL) receive the person ids. Returns the count or -1 (errs). */
static int subjects_parse(struct store *st, const char *list, int64_t ids[INTEL_SUBJECTS_MAX], struct errlist *errs)
{
	int n = 0;
	const char *p = nz(list);
	while (*p) {
		while (*p == ';' || *p == ',' || isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		size_t len = strcspn(p, ";, \t\r\n");
		char sn[64];
		if (len >= sizeof sn) {
			errlist_add(errs, "subject_staff_numbers", "A staff number is longer than %zu characters",
			            sizeof sn - 1);
			return -1;
		}
		memcpy(sn, p, len);
		sn[len] = 0;
		p += len;
		if (n == INTEL_SUBJECTS_MAX) {
			errlist_add(errs, "subject_staff_numbers", "An item has at most %d subjects", INTEL_SUBJECTS_MAX);
			return -1;
		}
		int64_t id = 0;
		struct err e = { 0 };
		if (person_id_by_staff_number(st, sn, &id, &e) || id <= 0) {
			errlist_add(errs, "subject_staff_numbers", "No person has the staff number %s", sn);
			return -1;
		}
		for (int i = 0; i < n; i++)
			if (ids && ids[i] == id) {
				errlist_add(errs, "subject_staff_numbers", "Staff number %s is given twice", sn);
				return -1;
			}
		if (ids)
			ids[n] = id;
		n++;
	}
	return n;
}

static void text_limit(struct errlist *errs, const char *field, const char *v, size_t max, const char *what)
{
	if (strlen(nz(v)) > max)
		errlist_add(errs, field, "%s must be %zu characters or fewer", what, max);
}

void intel_validate(struct store *st, const struct intel_input *in, int import, struct errlist *errs)
{
	char key[24];
	int64_t ids[INTEL_SUBJECTS_MAX];
	if (import) {
		const char *r = nz(in->reference);
		size_t k = 3;
		if (strncmp(r, "INT", 3) != 0 || !r[3] || strlen(r) > 12)
			errlist_add(errs, "reference", "Reference must be INT followed by a number, like INT1234");
		else
			for (; r[k]; k++)
				if (!isdigit((unsigned char)r[k])) {
					errlist_add(errs, "reference", "Reference must be INT followed by a number, like INT1234");
					break;
				}
	} else if (in->reference && *in->reference) {
		errlist_add(errs, "reference", "Reference is given by Probity: leave it out");
	}
	if (!in->received || !*in->received)
		errlist_add(errs, "received", "Enter the date the intelligence was received");
	else if (!date_valid(in->received))
		errlist_add(errs, "received", "Date received must be a real date, like 2026-03-27");
	else {
		char today[11];
		date_today(today);
		if (strcmp(in->received, today) > 0)
			errlist_add(errs, "received", "Date received must be today or in the past");
	}
	if (!in->source_type || !*in->source_type)
		errlist_add(errs, "source_type", "Select the source type");
	else if (!code_known(intel_sources, in->source_type))
		errlist_add(errs, "source_type", "Source type must be one of anonymous, named, line_manager, complaint, "
		                                 "partner, ict_audit, other_force, external_line, open_internet");
	const char *scheme = nz(in->grading_scheme);
	if (!*scheme)
		errlist_add(errs, "grading_scheme", "Select the grading scheme (3x5x2, or 5x5x5 for a legacy grade)");
	else if (strcmp(scheme, "3x5x2") && strcmp(scheme, "5x5x5"))
		errlist_add(errs, "grading_scheme", "Grading scheme must be 3x5x2 or 5x5x5");
	if (!in->grade || !*in->grade)
		errlist_add(errs, "grade", "Grade the intelligence: source evaluation, assessment and handling code");
	else if (strcmp(scheme, "3x5x2") == 0 && !grade_3x5x2_ok(in->grade))
		errlist_add(errs, "grade", "A 3x5x2 grade is its three codes, like 1AP: source evaluation 1-3, "
		                           "assessment A-E, handling code P or C");
	else if (strlen(in->grade) > 60)
		errlist_add(errs, "grade", "Grade must be 60 characters or fewer");
	if (!in->category || !*in->category)
		errlist_add(errs, "category", "Select the national corruption category");
	else if (category_key(st, in->category, key))
		errlist_add(errs, "category", "Category must be the exact name of one of the 12 national categories");
	else if (strcmp(key, "other") == 0 && !import && (!in->category_reason || !*in->category_reason))
		errlist_add(errs, "category_reason", "Say why no other category fits");
	text_limit(errs, "category_reason", in->category_reason, 500, "The reason");
	if (subjects_parse(st, in->subject_staff_numbers, ids, errs) < 0) {
		/* subjects_parse named the problem */
	}
	if (!in->summary || !*in->summary)
		errlist_add(errs, "summary", "Enter the intelligence as received");
	text_limit(errs, "summary", in->summary, INTEL_TEXT_MAX, "The intelligence");
	text_limit(errs, "sanitised", in->sanitised, INTEL_TEXT_MAX, "The sanitised text");
	const char *status = nz(in->status);
	if (import) {
		if (strcmp(status, "open") && strcmp(status, "closed"))
			errlist_add(errs, "status", "Status must be open or closed");
		else if (strcmp(status, "closed") == 0 && !date_valid(nz(in->closed)))
			errlist_add(errs, "closed", "A closed item needs the date it was closed, like 2024-05-01");
		else if (strcmp(status, "open") == 0 && in->closed && *in->closed)
			errlist_add(errs, "closed", "An open item has no closing date");
		text_limit(errs, "outcome", in->outcome, 2000, "The outcome");
	} else {
		if (*status && strcmp(status, "open"))
			errlist_add(errs, "status", "A new item is open: leave status out or give open");
		if (in->closed && *in->closed)
			errlist_add(errs, "closed", "A new item is not closed: leave closed out");
		if (in->outcome && *in->outcome)
			errlist_add(errs, "outcome", "A new item has no outcome: propose closure on the item");
	}
}

static const char NEXT_REF_SQL[] =
	"SELECT COALESCE(MAX(CAST(substr(reference, 4) AS INTEGER)), 0) + 1 FROM intel_items";

/* Insert a checked item; ref receives its reference. */
static int insert_item(struct store *st, const struct actor *who, const struct intel_input *in, int import,
                       int64_t *id, char ref[16], struct err *e)
{
	char key[24], now[21], reason[600];
	int64_t ids[INTEL_SUBJECTS_MAX];
	struct errlist errs = { 0 };
	int n = subjects_parse(st, in->subject_staff_numbers, ids, &errs);
	if (n < 0 || category_key(st, in->category, key))
		return err_set(e, ERR_INPUT, "invalid item");
	copy(reason, sizeof reason, in->category_reason);
	if (import && strcmp(key, "other") == 0 && !reason[0])
		copy(reason, sizeof reason, "recorded as Other in the force's earlier register");
	if (import) {
		copy(ref, 16, in->reference);
	} else {
		int64_t next;
		if (store_int(st, e, &next, NEXT_REF_SQL, "") != 1)
			return -1;
		snprintf(ref, 16, "INT%06lld", (long long)next);
	}
	time_now_iso(now);
	int64_t acct = who && who->account_id ? who->account_id : 0;
	int closed = import && strcmp(nz(in->status), "closed") == 0;
	if (store_exec(st, e,
	               "INSERT INTO intel_items(reference, received, source_type, grading_scheme, grade, category, "
	               "category_reason, original_text, sanitised_text, owner_id, created_by, status, outcome, closed, "
	               "alert_id, report_id, imported, created_at) "
	               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, ?)",
	               "ttttttttt" "ii" "ttt" "ii" "d" "t", ref, in->received, in->source_type, in->grading_scheme,
	               in->grade, key, reason, nz(in->summary), nz(in->sanitised), acct, acct,
	               closed ? "closed" : "open", closed ? nz(in->outcome) : "", closed ? nz(in->closed) : "",
	               in->alert_id, in->report_id, import, now))
		return -1;
	*id = store_last_id(st);
	for (int i = 0; i < n; i++)
		if (store_exec(st, e, "INSERT INTO intel_subjects(item_id, person_id) VALUES (?, ?)", "ii", *id, ids[i]))
			return -1;
	return 0;
}

int intel_item_check(struct store *st, const struct actor *who, const struct intel_input *in, struct errlist *errs,
                     struct err *e)
{
	if (alog_require(st, who, ROLE_ACU, "create", "intel_item", 0, "Only the counter-corruption unit records "
	                                                                 "intelligence", e))
		return -1;
	intel_validate(st, in, 0, errs);
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	return 0;
}

int intel_item_create(struct store *st, const struct actor *who, const struct intel_input *in, struct errlist *errs,
                      int64_t *id, char ref[16], struct err *e)
{
	if (intel_item_check(st, who, in, errs, e))
		return -1;
	if (store_begin(st, e))
		return -1;
	if (insert_item(st, who, in, 0, id, ref, e) ||
	    (in->alert_id && store_exec(st, e, "UPDATE audit_referrals SET status = 'closed' WHERE alert_id = ?", "i",
	                                in->alert_id)) ||
	    (in->report_id &&
	     store_exec(st, e, "UPDATE anon_reports SET status = 'converted', item_id = ? WHERE id = ?", "ii", *id,
	                in->report_id)) ||
	    alog_writei(st, who, "create", "intel_item", *id, "ok", ref, e) || store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int intel_item_refer(struct store *st, const struct actor *who, const char *source_type, const char *original,
                     const char *sanitised, int64_t *id, char ref[16], struct err *e)
{
	char today[11];
	date_today(today);
	struct intel_input in = { .received = today, .source_type = source_type, .grading_scheme = "3x5x2",
		                  .grade = "2CP", .category = "other",
		                  .category_reason = "Referred in: the counter-corruption unit categorises and grades it",
		                  .summary = original, .sanitised = sanitised };
	if (!source_type || (strcmp(source_type, "named") && strcmp(source_type, "anonymous")))
		return err_set(e, ERR_INPUT, "A referral is named or anonymous");
	if (store_begin(st, e))
		return -1;
	/* who is NULL to insert_item: no owner and no creator, so the referrer
	 * gains no sight of the item; the ACU takes it from the open list */
	if (insert_item(st, NULL, &in, 0, id, ref, e) || alog_writei(st, who, "refer", "intel_item", *id, "ok", ref, e) ||
	    store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

/* ---- need to know ---- */

struct vis {
	int64_t reviewer_id, owner_id, created_by;
	char status[20];
	int subject;
};

/* 0 when who may see item id (v filled); otherwise logs the refusal of
 * action and returns ERR_DENIED or ERR_NOTFOUND. */
static int visible(struct store *st, const struct actor *who, int64_t id, const char *action, struct vis *v,
                   struct err *e)
{
	struct stmt *s = NULL;
	int r;
	memset(v, 0, sizeof *v);
	if (!who)
		return err_set(e, ERR_DENIED, "Sign in");
	if (store_query(st, &s, e,
	                "SELECT COALESCE(reviewer_id, 0), COALESCE(owner_id, 0), COALESCE(created_by, 0), status, "
	                "EXISTS (SELECT 1 FROM intel_subjects WHERE item_id = i.id AND person_id = ?) "
	                "FROM intel_items i WHERE id = ?",
	                "ii", who->person_id, id))
		return -1;
	r = stmt_next(s, e);
	if (r == 1) {
		v->reviewer_id = stmt_int(s, 0);
		v->owner_id = stmt_int(s, 1);
		v->created_by = stmt_int(s, 2);
		copy(v->status, sizeof v->status, stmt_text(s, 3));
		v->subject = who->person_id && stmt_int(s, 4);
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	if (r == 0) {
		alog_writei(st, who, action, "intel_item", id, "refused", "not found", NULL);
		return err_set(e, ERR_NOTFOUND, "No intelligence item %lld", (long long)id);
	}
	const char *why = NULL;
	if (v->subject)
		why = "need to know: subject";
	else if (!actor_has(who, ROLE_ACU) && !(actor_has(who, ROLE_REVIEWER) && v->reviewer_id == who->account_id))
		why = "need to know: not the counter-corruption unit or the item's reviewer";
	if (why) {
		alog_writei(st, who, action, "intel_item", id, "refused", why, NULL);
		return err_set(e, ERR_DENIED, "You cannot see this intelligence item");
	}
	return 0;
}

static const char ITEM_SQL[] =
	"SELECT i.id, reference, received, source_type, grading_scheme, grade, category, c.name, category_reason, "
	"original_text, sanitised_text, status, proposed_outcome, proposed_on, outcome, closed, i.created_at, "
	"COALESCE(owner_id, 0), COALESCE(created_by, 0), COALESCE(reviewer_id, 0), COALESCE(reviewed_by, 0), "
	"COALESCE(alert_id, 0), COALESCE(report_id, 0), imported, "
	"COALESCE(o.username, ''), COALESCE(cr.username, ''), COALESCE(rv.username, ''), COALESCE(ap.username, '') "
	"FROM intel_items i JOIN intel_categories c ON c.key = i.category "
	"LEFT JOIN accounts o ON o.id = i.owner_id LEFT JOIN accounts cr ON cr.id = i.created_by "
	"LEFT JOIN accounts rv ON rv.id = i.reviewer_id LEFT JOIN accounts ap ON ap.id = i.reviewed_by "
	"WHERE i.id = ?";

static int load_item(struct store *st, int64_t id, struct intel_item *it, struct err *e)
{
	struct stmt *s = NULL;
	int r;
	memset(it, 0, sizeof *it);
	if (store_query(st, &s, e, ITEM_SQL, "i", id))
		return -1;
	r = stmt_next(s, e);
	if (r == 1) {
		it->id = stmt_int(s, 0);
		copy(it->reference, sizeof it->reference, stmt_text(s, 1));
		copy(it->received, sizeof it->received, stmt_text(s, 2));
		copy(it->source_type, sizeof it->source_type, stmt_text(s, 3));
		copy(it->scheme, sizeof it->scheme, stmt_text(s, 4));
		copy(it->grade, sizeof it->grade, stmt_text(s, 5));
		copy(it->category, sizeof it->category, stmt_text(s, 6));
		copy(it->category_name, sizeof it->category_name, stmt_text(s, 7));
		copy(it->category_reason, sizeof it->category_reason, stmt_text(s, 8));
		copy(it->original, sizeof it->original, stmt_text(s, 9));
		copy(it->sanitised, sizeof it->sanitised, stmt_text(s, 10));
		copy(it->status, sizeof it->status, stmt_text(s, 11));
		copy(it->proposed_outcome, sizeof it->proposed_outcome, stmt_text(s, 12));
		copy(it->proposed_on, sizeof it->proposed_on, stmt_text(s, 13));
		copy(it->outcome, sizeof it->outcome, stmt_text(s, 14));
		copy(it->closed, sizeof it->closed, stmt_text(s, 15));
		copy(it->created_at, sizeof it->created_at, stmt_text(s, 16));
		it->owner_id = stmt_int(s, 17);
		it->created_by = stmt_int(s, 18);
		it->reviewer_id = stmt_int(s, 19);
		it->reviewed_by = stmt_int(s, 20);
		it->alert_id = stmt_int(s, 21);
		it->report_id = stmt_int(s, 22);
		it->imported = (int)stmt_int(s, 23);
		copy(it->owner, sizeof it->owner, stmt_text(s, 24));
		copy(it->creator, sizeof it->creator, stmt_text(s, 25));
		copy(it->reviewer, sizeof it->reviewer, stmt_text(s, 26));
		copy(it->approver, sizeof it->approver, stmt_text(s, 27));
	}
	stmt_done(s);
	if (r <= 0)
		return r < 0 ? -1 : err_set(e, ERR_NOTFOUND, "No intelligence item %lld", (long long)id);
	if (store_query(st, &s, e,
	                "SELECT p.id, p.staff_number, p.forenames || ' ' || p.surname FROM intel_subjects s "
	                "JOIN people p ON p.id = s.person_id WHERE s.item_id = ? ORDER BY p.staff_number",
	                "i", id))
		return -1;
	while ((r = stmt_next(s, e)) == 1 && it->nsubjects < INTEL_SUBJECTS_MAX) {
		struct intel_subject *sj = &it->subjects[it->nsubjects++];
		sj->person_id = stmt_int(s, 0);
		copy(sj->staff_number, sizeof sj->staff_number, stmt_text(s, 1));
		copy(sj->name, sizeof sj->name, stmt_text(s, 2));
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

int intel_item_get(struct store *st, const struct actor *who, int64_t id, struct intel_item *out, struct err *e)
{
	struct vis v;
	if (visible(st, who, id, "view", &v, e) || load_item(st, id, out, e))
		return -1;
	if (!actor_has(who, ROLE_ACU))
		out->original[0] = 0; /* restricted: the reviewer reads the sanitised text */
	return alog_writei(st, who, "view", "intel_item", id, "ok", out->reference, e);
}

#define RECORD_TYPE struct intel_row
static const struct field_desc row_fields[] = { INTEL_ROW_FIELDS(RECORD_FIELD) };
#undef RECORD_TYPE
static const struct record_def row_record = { row_fields, sizeof row_fields / sizeof row_fields[0],
	                                      sizeof(struct intel_row), offsetof(struct intel_row, id), NULL, NULL };
#define ROW_FROM \
	"FROM intel_items i JOIN intel_categories c ON c.key = i.category LEFT JOIN accounts o ON o.id = i.owner_id "

/* One fixed statement: the filters are bound, empty meaning any. The page's
 * ids come through intel_items_list (migration 054), which holds every
 * column the filters read, then the page's wide rows by primary key; the
 * count is a narrow COUNT of the same (a window count copied every item's
 * wide row, its texts too, for each page: issue 25).
 * 1 me (person)  2 is ACU  3 me (account)  4 category  5 status  6 from  7 to  8 limit  9 offset */
#define LIST_WHERE \
	"FROM intel_items i JOIN intel_categories c ON c.key = i.category " \
	"WHERE i.id NOT IN (SELECT item_id FROM intel_subjects WHERE person_id = ?1) " \
	"AND (?2 = 1 OR i.reviewer_id = ?3) " \
	"AND (?4 = '' OR i.category = ?4 OR c.name = ?4) AND (?5 = '' OR i.status = ?5) " \
	"AND (?6 = '' OR i.received >= ?6) AND (?7 = '' OR i.received <= ?7) "
static const char LIST_SQL[] =
	"WITH page(id) AS (SELECT i.id " LIST_WHERE "ORDER BY i.received DESC, i.id DESC LIMIT ?8 OFFSET ?9) "
	"SELECT " INTEL_ROW_FIELDS(RECORD_SQL) "0 FROM page JOIN intel_items i ON i.id = page.id "
	"JOIN intel_categories c ON c.key = i.category LEFT JOIN accounts o ON o.id = i.owner_id "
	"ORDER BY i.received DESC, i.id DESC";
static const char COUNT_SQL[] = "SELECT COUNT(*) " LIST_WHERE "AND ?8 = ?8 AND ?9 = ?9";

const char *intel_items_list_sql(int count) { return count ? COUNT_SQL : LIST_SQL; }

int intel_items_list(struct store *st, const struct actor *who, const struct intel_filter *f,
                     int (*fn)(void *ctx, const struct intel_row *r), void *ctx, long *total, struct err *e)
{
	char detail[256];
	const char *cat = nz(f->category), *status = nz(f->status), *from = nz(f->from), *to = nz(f->to);
	snprintf(detail, sizeof detail, "category=%s status=%s from=%s to=%s page=%d", cat, status, from, to, f->page);
	*total = 0;
	if (alog_require(st, who, ROLE_ACU | ROLE_REVIEWER, "list", "intel_item", 0,
	                 "Only the counter-corruption unit and reviewers see intelligence", e))
		return -1;
	if ((*from && !date_valid(from)) || (*to && !date_valid(to)))
		return err_set(e, ERR_INPUT, "from and to must be dates like 2026-01-31");
	if (*status && strcmp(status, "open") && strcmp(status, "awaiting_review") && strcmp(status, "closed"))
		return err_set(e, ERR_INPUT, "status must be open, awaiting_review or closed");
	struct stmt *s = NULL;
	int r, rc = -1;
	int64_t n = 0, seen = 0;
	if (store_query(st, &s, e, LIST_SQL, "idi" "tttt" "ii", who->person_id, actor_has(who, ROLE_ACU) ? 1 : 0,
	                who->account_id, cat, status, from, to, list_limit(f->per_page),
	                list_offset(f->per_page, f->page)))
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		struct intel_row row;
		record_read(&row_record, s, &row);
		if (!seen++ && store_int(st, e, &n, COUNT_SQL, "idi" "tttt" "ii", who->person_id,
		                         actor_has(who, ROLE_ACU) ? 1 : 0, who->account_id, cat, status, from, to,
		                         list_limit(f->per_page), list_offset(f->per_page, f->page)) < 0)
			goto out;
		*total = (long)n; /* as the window count was: 0 for a page past the end */
		if (fn && fn(ctx, &row))
			goto out;
	}
	if (r < 0)
		goto out;
	stmt_done(s);
	s = NULL;
	rc = alog_write(st, who, "list", "intel_item", "", "ok", detail, e);
out:
	stmt_done(s);
	return rc;
}

int intel_row_get(struct store *st, const struct actor *who, int64_t id, struct intel_row *out, struct err *e)
{
	struct vis v;
	struct stmt *s = NULL;
	int r;
	if (visible(st, who, id, "view", &v, e))
		return -1;
	if (store_query(st, &s, e, "SELECT " INTEL_ROW_FIELDS(RECORD_SQL) "0 " ROW_FROM "WHERE i.id = ?", "i", id))
		return -1;
	if ((r = stmt_next(s, e)) == 1)
		record_read(&row_record, s, out);
	stmt_done(s);
	if (r != 1)
		return r < 0 ? -1 : err_set(e, ERR_NOTFOUND, "No intelligence item %lld", (long long)id);
	return alog_writei(st, who, "view", "intel_item", id, "ok", out->reference, e);
}

/* ---- the read side (domain/register.h) ---- */

static int items_list_scoped(struct store *st, const struct actor *who, enum intel_scope scope,
                             const struct intel_filter *f, int (*fn)(void *ctx, const struct intel_row *r), void *ctx,
                             long *total, struct err *e)
{
	(void)scope; /* one scope: what the caller may see */
	return intel_items_list(st, who, f, fn, ctx, total, e);
}

REGISTER_ADAPTERS(intel, struct intel_row, struct intel_filter, enum intel_scope, items_list_scoped, intel_row_get)

const struct register_def intel_register_def = {
	.record = &row_record,
	.list = intel_reg_list,
	.get = intel_reg_get,
	.register_scope = INTEL_VISIBLE,
	.export_roles = ROLE_ACU,
	.object_type = "intel_item",
	.deny_msg = "Only the counter-corruption unit can export intelligence items",
	.title = "Intelligence items",
};

/* ---- changes: who may change an item ---- */

/* The ACU, not a subject, the item open (or awaiting review when open_only is 0). */
static int may_work(struct store *st, const struct actor *who, int64_t item_id, const char *action, int open_only,
                    struct vis *v, struct err *e)
{
	if (alog_require(st, who, ROLE_ACU, action, "intel_item", item_id,
	                 "Only the counter-corruption unit works on intelligence", e) ||
	    visible(st, who, item_id, action, v, e))
		return -1;
	if (open_only && strcmp(v->status, "open") != 0) {
		alog_writei(st, who, action, "intel_item", item_id, "refused", "not open", NULL);
		return err_set(e, ERR_CONFLICT, "This item is %s: it cannot be changed now",
		               strcmp(v->status, "closed") == 0 ? "closed" : "awaiting review");
	}
	return 0;
}

static int thread_add(struct store *st, const struct actor *who, int64_t item_id, const char *kind, const char *body,
                      struct err *e)
{
	char now[21];
	time_now_iso(now);
	return store_exec(st, e, "INSERT INTO intel_thread(item_id, kind, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
	                  "ititt", item_id, kind, who->account_id, nz(body), now);
}

/* Run a change in one transaction with its access-log row. */
#define IN_TX(st, e, body)                         \
	do {                                       \
		if (store_begin(st, e))            \
			return -1;                 \
		if (body) {                        \
			store_rollback(st);        \
			return -1;                 \
		}                                  \
		if (store_commit(st, e)) {         \
			store_rollback(st);        \
			return -1;                 \
		}                                  \
	} while (0)

static void need_date(struct errlist *errs, const char *field, const char *v, const char *what, int required)
{
	if (!v || !*v) {
		if (required)
			errlist_add(errs, field, "Enter %s", what);
	} else if (!date_valid(v)) {
		errlist_add(errs, field, "%s must be a real date, like 2026-03-27", what);
	}
}

int intel_line_add(struct store *st, const struct actor *who, int64_t item_id, const char *description,
                   const char *due, struct errlist *errs, struct err *e)
{
	struct vis v;
	char now[21];
	if (may_work(st, who, item_id, "add_line", 1, &v, e))
		return -1;
	if (!description || !*description)
		errlist_add(errs, "description", "Describe the line of enquiry");
	text_limit(errs, "description", description, 2000, "The description");
	need_date(errs, "due", due, "the due date", 0);
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	time_now_iso(now);
	IN_TX(st, e,
	      store_exec(st, e, "INSERT INTO intel_lines(item_id, description, owner_id, due, created_at) VALUES (?, ?, ?, ?, ?)",
	                 "ititt", item_id, description, who->account_id, nz(due), now) ||
		      alog_writei(st, who, "add_line", "intel_item", item_id, "ok", NULL, e));
	return 0;
}

int intel_line_update(struct store *st, const struct actor *who, int64_t item_id, int64_t line_id, const char *status,
                      const char *rationale, const char *result, struct errlist *errs, struct err *e)
{
	struct vis v;
	int64_t n;
	if (may_work(st, who, item_id, "update_line", 1, &v, e))
		return -1;
	if (store_int(st, e, &n, "SELECT COUNT(*) FROM intel_lines WHERE id = ? AND item_id = ?", "ii", line_id, item_id) !=
	    1)
		return -1;
	if (!n)
		return err_set(e, ERR_NOTFOUND, "No such line of enquiry on this item");
	const char *s = nz(status);
	if (strcmp(s, "open") && strcmp(s, "pursued") && strcmp(s, "not_pursued"))
		errlist_add(errs, "status", "Select whether the line was pursued or not");
	else if (strcmp(s, "not_pursued") == 0) {
		const char *p = nz(rationale);
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			errlist_add(errs, "rationale", "Write why this line of enquiry is not pursued");
	} else if (strcmp(s, "pursued") == 0 && (!result || !*result))
		errlist_add(errs, "result", "Record the result of the line of enquiry");
	text_limit(errs, "rationale", rationale, 2000, "The rationale");
	text_limit(errs, "result", result, 8000, "The result");
	if (errs->n) {
		alog_writei(st, who, "update_line", "intel_item", item_id, "refused", errs->item[0].msg, NULL);
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	}
	char detail[48];
	snprintf(detail, sizeof detail, "line %lld: %s", (long long)line_id, s);
	IN_TX(st, e,
	      store_exec(st, e, "UPDATE intel_lines SET status = ?, rationale = ?, result = ? WHERE id = ?", "ttti", s,
	                 strcmp(s, "not_pursued") == 0 ? nz(rationale) : "", strcmp(s, "pursued") == 0 ? nz(result) : "",
	                 line_id) ||
		      alog_writei(st, who, "update_line", "intel_item", item_id, "ok", detail, e));
	return 0;
}

/* The check's result: the first AUDIT_CHECK_ROWS events as text lines. */
#define AUDIT_CHECK_ROWS 50
struct audit_check_ctx {
	struct buf *b;
	long n;
	const unsigned char *k;         /* the pseudonymised queue: users as codes */
};

static int audit_row_text(void *ctx, const struct slice f[EV_NCOLS])
{
	struct audit_check_ctx *c = ctx;
	if (c->n++ >= AUDIT_CHECK_ROWS)
		return 0;
	char code[16];
	struct slice u = f[EV_USER];
	if (c->k) {
		audit_code_of(c->k, u.p, u.n, code);
		u = slice_cstr(code);
	}
	buf_printf(c->b, "%.*s %.*s %.*s %.*s %.*s %.*s", (int)f[EV_TS].n, f[EV_TS].p, (int)u.n, u.p,
	           (int)f[EV_SYSTEM].n, f[EV_SYSTEM].p, (int)f[EV_ACTION].n, f[EV_ACTION].p, (int)f[EV_RECORD_TYPE].n,
	           f[EV_RECORD_TYPE].p, (int)f[EV_RECORD_ID].n, f[EV_RECORD_ID].p);
	if (f[EV_SUBJECT].n)
		buf_printf(c->b, " subject %.*s", (int)f[EV_SUBJECT].n, f[EV_SUBJECT].p);
	if (f[EV_REASON].n)
		buf_printf(c->b, " reason: %.*s", (int)f[EV_REASON].n, f[EV_REASON].p);
	buf_adds(c->b, "\n");
	return 0;
}

int intel_line_audit(struct store *st, const struct actor *who, int64_t item_id, const char *mode, const char *target,
                     const char *from, const char *to, struct errlist *errs, struct err *e)
{
	struct vis v;
	char now[21], desc[512];
	if (may_work(st, who, item_id, "audit_check", 1, &v, e))
		return -1;
	const char *m = nz(mode);
	if (strcmp(m, "user") && strcmp(m, "subject") && strcmp(m, "record"))
		errlist_add(errs, "mode", "Select what to check: a person's accesses, who looked up a person, or who "
		                          "accessed a record");
	if (!target || !*target)
		errlist_add(errs, "target", "Enter the staff number or record to check");
	text_limit(errs, "target", target, 120, "The staff number or record");
	need_date(errs, "from", from, "the start of the period", 1);
	need_date(errs, "to", to, "the end of the period", 1);
	if (!errs->n && strcmp(from, to) > 0)
		errlist_add(errs, "to", "The end of the period must be on or after its start");
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	struct audit_trail_q q = { 0 };
	if (strcmp(m, "user") == 0)
		q.user = target;
	else if (strcmp(m, "subject") == 0)
		q.subject = target;
	else
		q.record = target;
	q.from = from;
	q.to = to;
	char purpose[96];
	snprintf(purpose, sizeof purpose, "ICT audit check, a line of enquiry on intelligence item INT%lld",
	         (long long)item_id);
	/* pseudonymised: the users in the result (and a user checked) as their
	 * codes; who they are stays a reveal on an alert, logged */
	unsigned char pk[32];
	char tcode[16];
	int on = audit_pseudonym_key(st, pk, e);
	if (on < 0)
		return -1;
	const char *shown = target;
	if (on && q.user) {
		audit_code_of(pk, target, strlen(target), tcode);
		shown = tcode;
	}
	struct buf res;
	buf_init(&res, 16384);
	struct audit_check_ctx c = { &res, 0, on ? pk : NULL };
	long count = 0;
	int qr = audit_trail_query(st, who, &q, purpose, audit_row_text, &c, &count, e);
	sodium_memzero(pk, sizeof pk);
	if (qr) {
		buf_release(&res);
		return -1;
	}
	struct buf head;
	buf_init(&head, 24576);
	buf_printf(&head, "%ld event%s found in the audit trail from %s to %s.%s\n", count, count == 1 ? "" : "s", from,
	           to, count > AUDIT_CHECK_ROWS ? " The first 50:" : "");
	buf_adds(&head, buf_str(&res));
	buf_release(&res);
	snprintf(desc, sizeof desc, "ICT audit check: %s %s, %s to %s",
	         q.user ? "accesses made by" : q.subject ? "who looked up person" : "who accessed record", shown, from,
	         to);
	time_now_iso(now);
	int rc = 0;
	if (store_begin(st, e) ||
	    store_exec(st, e,
	               "INSERT INTO intel_lines(item_id, description, owner_id, status, result, kind, audit_mode, "
	               "audit_target, audit_from, audit_to, audit_count, created_at) "
	               "VALUES (?, ?, ?, 'pursued', ?, 'ict_audit', ?, ?, ?, ?, ?, ?)",
	               "itit" "tttt" "it", item_id, desc, who->account_id, head.oom ? "(result too long)" : buf_str(&head),
	               m, shown, from, to, (int64_t)count, now) ||
	    alog_writei(st, who, "audit_check", "intel_item", item_id, "ok", desc, e) || store_commit(st, e)) {
		store_rollback(st);
		rc = -1;
	}
	buf_release(&head);
	return rc;
}

int intel_lines_list(struct store *st, const struct actor *who, int64_t item_id,
                     int (*fn)(void *ctx, const struct intel_line *l), void *ctx, struct err *e)
{
	struct vis v;
	struct stmt *s = NULL;
	int r, rc = -1;
	if (visible(st, who, item_id, "view", &v, e))
		return -1;
	struct intel_line *l = xmalloc(sizeof *l);
	if (store_query(st, &s, e,
	                "SELECT l.id, description, COALESCE(a.username, ''), due, status, rationale, result, kind, "
	                "audit_mode, audit_target, audit_from, audit_to, audit_count FROM intel_lines l "
	                "LEFT JOIN accounts a ON a.id = l.owner_id WHERE item_id = ? ORDER BY l.id",
	                "i", item_id))
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		l->id = stmt_int(s, 0);
		copy(l->description, sizeof l->description, stmt_text(s, 1));
		copy(l->owner, sizeof l->owner, stmt_text(s, 2));
		copy(l->due, sizeof l->due, stmt_text(s, 3));
		copy(l->status, sizeof l->status, stmt_text(s, 4));
		copy(l->rationale, sizeof l->rationale, stmt_text(s, 5));
		copy(l->result, sizeof l->result, stmt_text(s, 6));
		copy(l->kind, sizeof l->kind, stmt_text(s, 7));
		copy(l->audit_mode, sizeof l->audit_mode, stmt_text(s, 8));
		copy(l->audit_target, sizeof l->audit_target, stmt_text(s, 9));
		copy(l->audit_from, sizeof l->audit_from, stmt_text(s, 10));
		copy(l->audit_to, sizeof l->audit_to, stmt_text(s, 11));
		l->audit_count = (long)stmt_int(s, 12);
		if (fn(ctx, l))
			goto out;
	}
	rc = r < 0 ? -1 : 0;
out:
	stmt_done(s);
	free(l);
	return rc;
}

/* ---- interventions ---- */

int intel_intervention_add(struct store *st, const struct actor *who, int64_t item_id, const char *kind,
                           const char *start_date, const char *due_date, struct errlist *errs, struct err *e)
{
	struct vis v;
	char now[21];
	if (may_work(st, who, item_id, "add_intervention", 1, &v, e))
		return -1;
	if (!code_known(intel_intervention_kinds, kind))
		errlist_add(errs, "kind", "Select the intervention");
	need_date(errs, "start_date", start_date, "the start date", 1);
	need_date(errs, "due_date", due_date, "the due date", 0);
	if (!errs->n && due_date && *due_date && strcmp(due_date, start_date) < 0)
		errlist_add(errs, "due_date", "The due date must be on or after the start date");
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	time_now_iso(now);
	IN_TX(st, e,
	      store_exec(st, e,
	                 "INSERT INTO intel_interventions(item_id, kind, owner_id, start_date, due_date, created_at) "
	                 "VALUES (?, ?, ?, ?, ?, ?)",
	                 "itittt", item_id, kind, who->account_id, start_date, nz(due_date), now) ||
		      alog_writei(st, who, "add_intervention", "intel_item", item_id, "ok", kind, e));
	return 0;
}

int intel_intervention_end(struct store *st, const struct actor *who, int64_t item_id, int64_t iv_id,
                           const char *end_date, const char *outcome, struct errlist *errs, struct err *e)
{
	struct vis v;
	char start[11];
	if (may_work(st, who, item_id, "end_intervention", 1, &v, e))
		return -1;
	int r = store_text(st, e, start, sizeof start,
	                   "SELECT start_date FROM intel_interventions WHERE id = ? AND item_id = ?", "ii", iv_id, item_id);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "No such intervention on this item");
	need_date(errs, "end_date", end_date, "the end date", 1);
	if (!errs->n && strcmp(end_date, start) < 0)
		errlist_add(errs, "end_date", "The end date must be on or after the start date");
	if (!outcome || !*outcome)
		errlist_add(errs, "outcome", "Record the outcome");
	text_limit(errs, "outcome", outcome, 2000, "The outcome");
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	IN_TX(st, e,
	      store_exec(st, e, "UPDATE intel_interventions SET end_date = ?, outcome = ? WHERE id = ?", "tti", end_date,
	                 outcome, iv_id) ||
		      alog_writei(st, who, "end_intervention", "intel_item", item_id, "ok", NULL, e));
	return 0;
}

int intel_interventions_list(struct store *st, const struct actor *who, int64_t item_id,
                             int (*fn)(void *ctx, const struct intel_intervention *v), void *ctx, struct err *e)
{
	struct vis vi;
	struct stmt *s = NULL;
	int r, rc = -1;
	if (visible(st, who, item_id, "view", &vi, e))
		return -1;
	if (store_query(st, &s, e,
	                "SELECT v.id, kind, COALESCE(a.username, ''), start_date, due_date, end_date, outcome "
	                "FROM intel_interventions v LEFT JOIN accounts a ON a.id = v.owner_id WHERE item_id = ? ORDER BY v.id",
	                "i", item_id))
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		struct intel_intervention v;
		v.id = stmt_int(s, 0);
		copy(v.kind, sizeof v.kind, stmt_text(s, 1));
		copy(v.owner, sizeof v.owner, stmt_text(s, 2));
		copy(v.start_date, sizeof v.start_date, stmt_text(s, 3));
		copy(v.due_date, sizeof v.due_date, stmt_text(s, 4));
		copy(v.end_date, sizeof v.end_date, stmt_text(s, 5));
		copy(v.outcome, sizeof v.outcome, stmt_text(s, 6));
		if (fn(ctx, &v))
			goto out;
	}
	rc = r < 0 ? -1 : 0;
out:
	stmt_done(s);
	return rc;
}

/* ---- review ---- */

int intel_thread_list(struct store *st, const struct actor *who, int64_t item_id,
                      int (*fn)(void *ctx, const struct intel_post *p), void *ctx, struct err *e)
{
	struct vis v;
	struct stmt *s = NULL;
	int r, rc = -1;
	if (visible(st, who, item_id, "view", &v, e))
		return -1;
	struct intel_post *p = xmalloc(sizeof *p);
	if (store_query(st, &s, e,
	                "SELECT kind, COALESCE(a.username, ''), body, t.created_at FROM intel_thread t "
	                "LEFT JOIN accounts a ON a.id = t.author_id WHERE item_id = ? ORDER BY t.id",
	                "i", item_id))
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		copy(p->kind, sizeof p->kind, stmt_text(s, 0));
		copy(p->author, sizeof p->author, stmt_text(s, 1));
		copy(p->body, sizeof p->body, stmt_text(s, 2));
		copy(p->created_at, sizeof p->created_at, stmt_text(s, 3));
		if (fn(ctx, p))
			goto out;
	}
	rc = r < 0 ? -1 : 0;
out:
	stmt_done(s);
	free(p);
	return rc;
}

/* The parties a reviewer must not be: owner, creator, every subject. */
static int review_parties(struct store *st, int64_t item_id, int64_t owner, int64_t creator,
                          struct duty_party p[INTEL_SUBJECTS_MAX + 2], struct err *e)
{
	int n = 0;
	struct stmt *s = NULL;
	int r;
	if (owner)
		p[n++] = (struct duty_party){ 0, owner, DUTY_OWNER };
	if (creator)
		p[n++] = (struct duty_party){ 0, creator, DUTY_CREATOR };
	if (store_query(st, &s, e, "SELECT person_id FROM intel_subjects WHERE item_id = ? ORDER BY person_id", "i",
	                item_id))
		return -1;
	while ((r = stmt_next(s, e)) == 1 && n < INTEL_SUBJECTS_MAX + 2)
		p[n++] = (struct duty_party){ stmt_int(s, 0), 0, DUTY_SUBJECT };
	stmt_done(s);
	return r < 0 ? -1 : n;
}

static int review_conflict(struct store *st, const struct actor *reviewer, int64_t item_id, int64_t owner,
                           int64_t creator)
{
	struct duty_party p[INTEL_SUBJECTS_MAX + 2];
	struct err e = { 0 };
	int n = review_parties(st, item_id, owner, creator, p, &e);
	if (n < 0)
		return 1;
	struct duty_act a = { "review", "review", "intel_item", item_id, NULL, "acu", p, n };
	return duty_conflict(st, reviewer, &a);
}

struct reviewers_ctx {
	int64_t ids[256];
	int n;
};
static int collect_id(void *ctx, int64_t id)
{
	struct reviewers_ctx *c = ctx;
	if (c->n < 256)
		c->ids[c->n++] = id;
	return 0;
}

int intel_reviewers(struct store *st, const struct intel_item *it,
                    int (*fn)(void *ctx, const char *username, const char *name), void *ctx, struct err *e)
{
	struct reviewers_ctx *c = xcalloc(1, sizeof *c);
	struct stmt *s = NULL;
	int r, rc = -1;
	if (store_query(st, &s, e,
	                "SELECT a.id FROM accounts a JOIN account_roles r ON r.account_id = a.id "
	                "WHERE r.role = 'reviewer' AND a.disabled = 0 ORDER BY a.username",
	                ""))
		goto out;
	while ((r = stmt_next(s, e)) == 1)
		collect_id(c, stmt_int(s, 0));
	stmt_done(s);
	s = NULL;
	if (r < 0)
		goto out;
	for (int i = 0; i < c->n; i++) {
		struct actor a;
		if (actor_load(st, c->ids[i], &a, e))
			goto out;
		if (review_conflict(st, &a, it->id, it->owner_id, it->created_by))
			continue;
		if (fn(ctx, a.username, a.name))
			break;
	}
	rc = 0;
out:
	stmt_done(s);
	free(c);
	return rc;
}

int intel_propose_closure(struct store *st, const struct actor *who, int64_t item_id, const char *outcome,
                          const char *reviewer, struct errlist *errs, struct err *e)
{
	struct vis v;
	char today[11];
	if (may_work(st, who, item_id, "propose_closure", 1, &v, e))
		return -1;
	if (v.owner_id && v.owner_id != who->account_id) {
		alog_writei(st, who, "propose_closure", "intel_item", item_id, "refused", "not the owner", NULL);
		return err_set(e, ERR_DENIED, "Only the item's owner proposes its closure");
	}
	if (!outcome || !*outcome)
		errlist_add(errs, "outcome", "Write the outcome you propose");
	text_limit(errs, "outcome", outcome, 2000, "The outcome");
	int64_t rid = 0;
	struct actor ra;
	if (!reviewer || !*reviewer)
		errlist_add(errs, "reviewer", "Select the reviewer to send it to");
	else if (account_id_by_username(st, reviewer, &rid, e) || rid <= 0 || actor_load(st, rid, &ra, e) ||
	         !actor_has(&ra, ROLE_REVIEWER))
		errlist_add(errs, "reviewer", "Select a reviewer from the list");
	else if (review_conflict(st, &ra, item_id, v.owner_id ? v.owner_id : who->account_id, v.created_by))
		errlist_add(errs, "reviewer", "That reviewer cannot review this item: they own, created or are a subject of it");
	if (errs->n) {
		memset(e, 0, sizeof *e);
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	}
	date_today(today);
	IN_TX(st, e,
	      store_exec(st, e,
	                 "UPDATE intel_items SET status = 'awaiting_review', owner_id = COALESCE(owner_id, ?), "
	                 "reviewer_id = ?, proposed_outcome = ?, proposed_on = ? WHERE id = ? AND status = 'open'",
	                 "iitti", who->account_id, rid, outcome, today, item_id) ||
		      thread_add(st, who, item_id, "proposal", outcome, e) ||
		      alog_writei(st, who, "propose_closure", "intel_item", item_id, "ok", reviewer, e));
	return 0;
}

int intel_may_review(struct store *st, const struct actor *who, const struct intel_item *it)
{
	return who && actor_has(who, ROLE_REVIEWER) && strcmp(it->status, "awaiting_review") == 0 &&
	       it->reviewer_id == who->account_id && !review_conflict(st, who, it->id, it->owner_id, it->created_by);
}

int intel_review(struct store *st, const struct actor *who, int64_t item_id, const char *decision, const char *note,
                 struct errlist *errs, struct err *e)
{
	struct vis v;
	char today[11];
	if (alog_require(st, who, ROLE_REVIEWER, "review", "intel_item", item_id,
	                 "Only a reviewer reviews the closure of intelligence", e) ||
	    visible(st, who, item_id, "review", &v, e))
		return -1;
	if (v.reviewer_id != who->account_id) {
		alog_writei(st, who, "review", "intel_item", item_id, "refused", "not sent to this reviewer", NULL);
		return err_set(e, ERR_DENIED, "This item's closure was not sent to you");
	}
	struct duty_party p[INTEL_SUBJECTS_MAX + 2];
	int n = review_parties(st, item_id, v.owner_id, v.created_by, p, e);
	if (n < 0)
		return -1;
	struct duty_act a = { "review", "review", "intel_item", item_id, NULL, "acu", p, n };
	if (duty_check(st, who, &a, e))
		return -1;
	if (strcmp(v.status, "awaiting_review") != 0) {
		alog_writei(st, who, "review", "intel_item", item_id, "refused", "not awaiting review", NULL);
		return err_set(e, ERR_CONFLICT, "This item is not awaiting review");
	}
	const char *d = nz(decision);
	if (strcmp(d, "approve") && strcmp(d, "return"))
		errlist_add(errs, "decision", "Select whether you approve the closure or return it");
	else if (strcmp(d, "return") == 0 && (!note || !*note))
		errlist_add(errs, "note", "Write the questions the owner must answer");
	text_limit(errs, "note", note, 4000, "The note");
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	date_today(today);
	if (strcmp(d, "approve") == 0)
		IN_TX(st, e,
		      store_exec(st, e,
		                 "UPDATE intel_items SET status = 'closed', outcome = proposed_outcome, closed = ?, "
		                 "reviewed_by = ? WHERE id = ? AND status = 'awaiting_review'",
		                 "tii", today, who->account_id, item_id) ||
			      thread_add(st, who, item_id, "approval", note, e) ||
			      alog_writei(st, who, "review", "intel_item", item_id, "ok", "approved", e));
	else
		IN_TX(st, e,
		      store_exec(st, e, "UPDATE intel_items SET status = 'open' WHERE id = ? AND status = 'awaiting_review'",
		                 "i", item_id) ||
			      thread_add(st, who, item_id, "return", note, e) ||
			      alog_writei(st, who, "review", "intel_item", item_id, "ok", "returned", e));
	return 0;
}

int intel_reply(struct store *st, const struct actor *who, int64_t item_id, const char *body, struct errlist *errs,
                struct err *e)
{
	struct vis v;
	if (may_work(st, who, item_id, "reply", 0, &v, e))
		return -1;
	if (!body || !*body)
		errlist_add(errs, "body", "Write your answer");
	text_limit(errs, "body", body, 4000, "The answer");
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	IN_TX(st, e, thread_add(st, who, item_id, "reply", body, e) ||
		             alog_writei(st, who, "reply", "intel_item", item_id, "ok", NULL, e));
	return 0;
}

int intel_reopen(struct store *st, const struct actor *who, int64_t item_id, const char *reason, struct errlist *errs,
                 struct err *e)
{
	struct vis v;
	if (may_work(st, who, item_id, "reopen", 0, &v, e))
		return -1;
	if (strcmp(v.status, "closed") != 0)
		return err_set(e, ERR_CONFLICT, "Only a closed item is reopened");
	if (!reason || !*reason)
		errlist_add(errs, "reason", "Say why the item is reopened");
	text_limit(errs, "reason", reason, 2000, "The reason");
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	IN_TX(st, e,
	      store_exec(st, e,
	                 "UPDATE intel_items SET status = 'open', outcome = '', closed = '', reviewed_by = NULL, "
	                 "reviewer_id = NULL, proposed_outcome = '', proposed_on = '' WHERE id = ?",
	                 "i", item_id) ||
		      thread_add(st, who, item_id, "reopen", reason, e) ||
		      alog_writei(st, who, "reopen", "intel_item", item_id, "ok", NULL, e));
	return 0;
}

/* ---- dashboard ---- */

static void dash_cat_month(struct intel_dash *d, int nc, const char *cat, const char *month, long n)
{
	for (int c = 0; c < nc; c++)
		if (strcmp(d->cat_key[c], cat) == 0)
			for (int i = 0; i < INTEL_MONTHS; i++)
				if (strcmp(d->months[i], month) == 0)
					d->by_cat_month[c][i] += n;
}

static void dash_source(struct intel_dash *d, const char *src, long n)
{
	for (int i = 0; intel_sources[i].key; i++)
		if (strcmp(intel_sources[i].key, src) == 0)
			d->by_source[i] += n;
}

static void day_offset(const char *today, long delta, char out[11])
{
	date_format(date_days(today) + delta, out);
}

int intel_dashboard(struct store *st, const struct actor *who, struct intel_dash *d, struct err *e)
{
	struct stmt *s = NULL;
	int r, rc = -1;
	char today[11], from[11], c30[11], c90[11], c180[11], due14[11];
	memset(d, 0, sizeof *d);
	if (alog_require(st, who, ROLE_ACU, "view", "intel_dashboard", 0, "Only the counter-corruption unit", e))
		return -1;
	date_today(today);
	int y, m, dd;
	date_parse(today, &y, &m, &dd);
	for (int i = INTEL_MONTHS - 1; i >= 0; i--) {
		snprintf(d->months[i], sizeof d->months[i], "%04d-%02d", y, m);
		if (--m == 0) {
			m = 12;
			y--;
		}
	}
	snprintf(from, sizeof from, "%s-01", d->months[0]);
	day_offset(today, -30, c30);
	day_offset(today, -90, c90);
	day_offset(today, -180, c180);
	day_offset(today, 14, due14);
	int nc = 0;
	if (store_query(st, &s, e, "SELECT key, name FROM intel_categories ORDER BY position", ""))
		goto out;
	while ((r = stmt_next(s, e)) == 1 && nc < INTEL_NCAT) {
		copy(d->cat_key[nc], sizeof d->cat_key[nc], stmt_text(s, 0));
		copy(d->cat_name[nc], sizeof d->cat_name[nc], stmt_text(s, 1));
		nc++;
	}
	stmt_done(s);
	s = NULL;
	if (r < 0)
		goto out;
	/* Every figure leaves out the items in which who is a subject: the
	 * totals are counted over all items (covering indexes, no per-row
	 * test) and then who's own items, a handful, are taken off. */
	if (store_query(st, &s, e,
	                "SELECT category, substr(received, 1, 7), COUNT(*) FROM intel_items WHERE received >= ? GROUP BY 1, 2",
	                "t", from))
		goto out;
	while ((r = stmt_next(s, e)) == 1)
		dash_cat_month(d, nc, stmt_text(s, 0), stmt_text(s, 1), (long)stmt_int(s, 2));
	stmt_done(s);
	s = NULL;
	if (r < 0)
		goto out;
	if (store_query(st, &s, e, "SELECT source_type, COUNT(*) FROM intel_items GROUP BY 1", ""))
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		dash_source(d, stmt_text(s, 0), (long)stmt_int(s, 1));
		d->items += (long)stmt_int(s, 1);
	}
	stmt_done(s);
	s = NULL;
	if (r < 0)
		goto out;
	if (store_query(st, &s, e,
	                "SELECT COUNT(*), COUNT(CASE WHEN received > ? THEN 1 END), "
	                "COUNT(CASE WHEN received <= ? AND received > ? THEN 1 END), "
	                "COUNT(CASE WHEN received <= ? AND received > ? THEN 1 END), COUNT(CASE WHEN received <= ? THEN 1 END) "
	                "FROM intel_items WHERE status IN ('open', 'awaiting_review')",
	                "tttttt", c30, c30, c90, c90, c180, c180) ||
	    stmt_next(s, e) != 1)
		goto out;
	d->open = (long)stmt_int(s, 0);
	for (int a = 0; a < 4; a++)
		d->open_age[a] = (long)stmt_int(s, 1 + a);
	stmt_done(s);
	s = NULL;
	if (store_query(st, &s, e,
	                "SELECT COUNT(*), COUNT(CASE WHEN trim(rationale) = '' THEN 1 END) FROM intel_lines "
	                "WHERE status = 'not_pursued'",
	                "") ||
	    stmt_next(s, e) != 1)
		goto out;
	d->not_pursued = (long)stmt_int(s, 0);
	d->not_pursued_without_rationale = (long)stmt_int(s, 1);
	stmt_done(s);
	s = NULL;
	if (who->person_id) { /* take who's own items off */
		if (store_query(st, &s, e,
		                "SELECT i.category, substr(i.received, 1, 7), i.source_type, i.status, i.received, "
		                "(SELECT COUNT(*) FROM intel_lines l WHERE l.item_id = i.id AND l.status = 'not_pursued'), "
		                "(SELECT COUNT(*) FROM intel_lines l WHERE l.item_id = i.id AND l.status = 'not_pursued' "
		                "AND trim(l.rationale) = '') "
		                "FROM intel_subjects sj JOIN intel_items i ON i.id = sj.item_id WHERE sj.person_id = ?",
		                "i", who->person_id))
			goto out;
		while ((r = stmt_next(s, e)) == 1) {
			const char *rec = stmt_text(s, 4), *stt = stmt_text(s, 3);
			if (strcmp(rec, from) >= 0)
				dash_cat_month(d, nc, stmt_text(s, 0), stmt_text(s, 1), -1);
			dash_source(d, stmt_text(s, 2), -1);
			d->items--;
			if (strcmp(stt, "closed") != 0) {
				d->open--;
				d->open_age[strcmp(rec, c30) > 0 ? 0 : strcmp(rec, c90) > 0 ? 1 : strcmp(rec, c180) > 0 ? 2 : 3]--;
			}
			d->not_pursued -= (long)stmt_int(s, 5);
			d->not_pursued_without_rationale -= (long)stmt_int(s, 6);
		}
		stmt_done(s);
		s = NULL;
		if (r < 0)
			goto out;
	}
	if (store_query(st, &s, e,
	                "SELECT COUNT(*), COALESCE(MIN(proposed_on), '') FROM intel_items WHERE status = 'awaiting_review' "
	                "AND id NOT IN (SELECT item_id FROM intel_subjects WHERE person_id = ?)",
	                "i", who->person_id) ||
	    stmt_next(s, e) != 1)
		goto out;
	d->awaiting = (long)stmt_int(s, 0);
	if (date_valid(stmt_text(s, 1)))
		d->awaiting_oldest_days = date_days(today) - date_days(stmt_text(s, 1));
	stmt_done(s);
	s = NULL;
	if (store_query(st, &s, e,
	                "SELECT COUNT(CASE WHEN due_date >= ? THEN 1 END), COUNT(CASE WHEN due_date < ? THEN 1 END) "
	                "FROM intel_interventions "
	                "WHERE end_date = '' AND due_date <> '' AND due_date <= ? "
	                "AND item_id NOT IN (SELECT item_id FROM intel_subjects WHERE person_id = ?)",
	                "ttti", today, today, due14, who->person_id) ||
	    stmt_next(s, e) != 1)
		goto out;
	d->interventions_due = (long)stmt_int(s, 0);
	d->interventions_overdue = (long)stmt_int(s, 1);
	stmt_done(s);
	s = NULL;
	rc = alog_write(st, who, "view", "intel_dashboard", "", "ok", NULL, e);
out:
	stmt_done(s);
	return rc;
}

/* ---- quality sample ---- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static const char SAMPLE_ROW_SQL[] =
	"SELECT reference, closed, grade, grading_scheme, category <> '', sanitised_text <> '', "
	"NOT EXISTS (SELECT 1 FROM intel_lines l WHERE l.item_id = i.id AND l.status = 'not_pursued' "
	"AND trim(l.rationale) = ''), "
	"(reviewed_by IS NOT NULL AND reviewed_by <> COALESCE(owner_id, 0)) "
	"FROM intel_items i WHERE id = ?";

int intel_sample(struct store *st, const struct actor *who, const char *from, const char *to, int n, uint64_t seed,
                 int (*fn)(void *ctx, const struct intel_sample_row *r), void *ctx, struct intel_sample_sum *sum,
                 struct err *e)
{
	struct stmt *s = NULL;
	int64_t *ids = NULL;
	size_t nids = 0, cap = 0;
	int r, rc = -1;
	memset(sum, 0, sizeof *sum);
	if (alog_require(st, who, ROLE_ACU, "sample", "intel_item", 0, "Only the counter-corruption unit", e))
		return -1;
	if (!date_valid(nz(from)) || !date_valid(nz(to)) || strcmp(from, to) > 0)
		return err_set(e, ERR_INPUT, "The period must be two dates, from on or before to");
	if (n < 1 || n > 1000)
		return err_set(e, ERR_INPUT, "The sample size must be between 1 and 1000");
	/* who's own items (a handful) are left out of the population */
	int64_t own[64];
	int nown = 0;
	if (store_query(st, &s, e, "SELECT item_id FROM intel_subjects WHERE person_id = ? ORDER BY item_id LIMIT 64", "i",
	                who->person_id))
		goto out;
	while ((r = stmt_next(s, e)) == 1)
		own[nown++] = stmt_int(s, 0);
	stmt_done(s);
	s = NULL;
	if (r < 0)
		goto out;
	/* the population in the covering index's order (closed, id): the same items, the same order */
	if (store_query(st, &s, e,
	                "SELECT id FROM intel_items WHERE status = 'closed' AND closed BETWEEN ? AND ? ORDER BY closed, id",
	                "tt", from, to))
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		int64_t id = stmt_int(s, 0);
		int mine = 0;
		for (int k = 0; k < nown && !mine; k++)
			mine = own[k] == id;
		if (mine)
			continue;
		if (nids == cap) {
			cap = cap ? cap * 2 : 1024;
			ids = xrealloc(ids, cap * sizeof *ids);
		}
		ids[nids++] = id;
	}
	stmt_done(s);
	s = NULL;
	if (r < 0)
		goto out;
	sum->population = (long)nids;
	/* a partial Fisher-Yates shuffle with splitmix64: the seed fixes the draw */
	size_t k = (size_t)n < nids ? (size_t)n : nids;
	uint64_t x = seed;
	for (size_t i = 0; i < k; i++) {
		size_t j = i + (size_t)(splitmix64(&x) % (uint64_t)(nids - i));
		int64_t t = ids[i];
		ids[i] = ids[j];
		ids[j] = t;
	}
	if (k)
		qsort(ids, k, sizeof *ids, cmp_i64);
	for (size_t i = 0; i < k; i++) {
		struct intel_sample_row row = { 0 };
		if (store_query(st, &s, e, SAMPLE_ROW_SQL, "i", ids[i]) || stmt_next(s, e) != 1)
			goto out;
		row.id = ids[i];
		copy(row.reference, sizeof row.reference, stmt_text(s, 0));
		copy(row.closed, sizeof row.closed, stmt_text(s, 1));
		copy(row.grade, sizeof row.grade, stmt_text(s, 2));
		copy(row.scheme, sizeof row.scheme, stmt_text(s, 3));
		row.categorised = (int)stmt_int(s, 4);
		row.graded = row.grade[0] != 0;
		row.sanitised = (int)stmt_int(s, 5);
		row.rationales = (int)stmt_int(s, 6);
		row.reviewed = (int)stmt_int(s, 7);
		stmt_done(s);
		s = NULL;
		sum->n++;
		sum->categorised += row.categorised;
		sum->graded += row.graded;
		sum->sanitised += row.sanitised;
		sum->rationales += row.rationales;
		sum->reviewed += row.reviewed;
		if (fn && fn(ctx, &row))
			goto out;
	}
	char detail[128];
	snprintf(detail, sizeof detail, "from=%s to=%s n=%d seed=%llu drawn=%ld", from, to, n, (unsigned long long)seed,
	         sum->n);
	rc = alog_write(st, who, "sample", "intel_item", "", "ok", detail, e);
out:
	stmt_done(s);
	free(ids);
	return rc;
}

/* ---- import ---- */

enum { C_REF, C_RECEIVED, C_SOURCE, C_SCHEME, C_GRADE, C_CATEGORY, C_SUBJECTS, C_SUMMARY, C_STATUS, C_CLOSED,
       C_OUTCOME, C_NCOL };

static int import_row(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct store *st = im->st;
	struct intel_input in = { 0 };
	struct errlist errs = { 0 };
	in.reference = csv_field(c, C_REF);
	in.received = csv_field(c, C_RECEIVED);
	in.source_type = csv_field(c, C_SOURCE);
	in.grading_scheme = csv_field(c, C_SCHEME);
	in.grade = csv_field(c, C_GRADE);
	in.category = csv_field(c, C_CATEGORY);
	in.subject_staff_numbers = csv_field(c, C_SUBJECTS);
	in.summary = csv_field(c, C_SUMMARY);
	in.status = csv_field(c, C_STATUS);
	in.closed = csv_field(c, C_CLOSED);
	in.outcome = csv_field(c, C_OUTCOME);
	intel_validate(st, &in, 1, &errs);
	if (errs.n)
		return csv_row_error(e, c, errs.item[0].field, "%s", errs.item[0].msg);
	int64_t have;
	int r = store_int(st, e, &have, "SELECT id FROM intel_items WHERE reference = ?", "t", in.reference);
	if (r < 0)
		return -1;
	if (r == 1)
		return 0; /* already imported: a rerun changes nothing */
	int64_t id;
	char ref[16];
	if (insert_item(st, NULL, &in, 1, &id, ref, e))
		return -1;
	im->n.created++;
	return 0;
}

/* ---- the items export read back (INTEL_EXPORT_HEADER) ---- */

enum { X_REF, X_RECEIVED, X_SOURCE, X_SCHEME, X_GRADE, X_CATEGORY, X_STATUS, X_OWNER, X_CLOSED, X_NCOL };

/* One export row: the reference names a held item; an open one is
 * regraded where received, source, scheme, grade or category differ
 * (checked as the import checks a new item); its status and closing date
 * change only through the closure review; owner is shown, not imported. */
static int export_row(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct store *st = im->st;
	const char *f[X_NCOL];
	for (int i = 0; i < X_NCOL; i++)
		f[i] = csv_field(c, (size_t)i);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT i.id, i.received, i.source_type, i.grading_scheme, i.grade, c.name, i.status, i.closed, "
	                "i.original_text FROM intel_items i JOIN intel_categories c ON c.key = i.category "
	                "WHERE i.reference = ?", "t", f[X_REF]))
		return -1;
	int r = stmt_next(s, e), same = 0;
	int64_t id = 0;
	char status[20] = "", summary[INTEL_TEXT_MAX + 1] = "";
	if (r == 1) {
		id = stmt_int(s, 0);
		same = !strcmp(stmt_text(s, 1), f[X_RECEIVED]) && !strcmp(stmt_text(s, 2), f[X_SOURCE]) &&
		       !strcmp(stmt_text(s, 3), f[X_SCHEME]) && !strcmp(stmt_text(s, 4), f[X_GRADE]) &&
		       !strcmp(stmt_text(s, 5), f[X_CATEGORY]);
		copy(status, sizeof status, stmt_text(s, 6));
		if (strcmp(status, f[X_STATUS]) || strcmp(stmt_text(s, 7), f[X_CLOSED]))
			r = 2; /* its status or closing date changed */
		copy(summary, sizeof summary, stmt_text(s, 8));
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	if (r == 0)
		return csv_row_error(e, c, "reference", "no item has the reference \"%s\" (a new item is imported with "
		                     "its subjects and summary: see probity intel import --help)", f[X_REF]);
	if (r == 2)
		return csv_row_error(e, c, "status", "an item is closed through its closure review, not by import");
	if (same)
		return 0; /* as held: unchanged */
	if (strcmp(status, "open"))
		return csv_row_error(e, c, "reference", "%s is %s: it cannot be regraded now", f[X_REF],
		                     strcmp(status, "closed") ? "awaiting review" : "closed");
	struct intel_input in = { .reference = f[X_REF], .received = f[X_RECEIVED], .source_type = f[X_SOURCE],
		                  .grading_scheme = f[X_SCHEME], .grade = f[X_GRADE], .category = f[X_CATEGORY],
		                  .summary = *summary ? summary : "(held)", .status = "open" };
	struct errlist errs = { 0 };
	intel_validate(st, &in, 1, &errs);
	if (errs.n)
		return csv_row_error(e, c, errs.item[0].field, "%s", errs.item[0].msg);
	char key[24];
	if (category_key(st, f[X_CATEGORY], key))
		return csv_row_error(e, c, "category", "Category must be the exact name of one of the 12 national "
		                     "categories");
	if (store_exec(st, e,
	               "UPDATE intel_items SET received = ?, source_type = ?, grading_scheme = ?, grade = ?, category = ?, "
	               "category_reason = CASE WHEN ? = 'other' AND category_reason = '' "
	               "THEN 'recategorised as Other by import' ELSE category_reason END WHERE id = ?",
	               "tttttti", f[X_RECEIVED], f[X_SOURCE], f[X_SCHEME], f[X_GRADE], key, key, id) ||
	    alog_writei(st, im->who, "update", "intel_item", id, "ok", "regraded by import", e))
		return -1;
	im->n.updated++;
	return 0;
}

/* The header: the import's own columns, or the items export's. */
static int import_header(struct csv_import *im, struct csv *c, struct err *e)
{
	struct buf got;
	buf_init(&got, 0);
	int rc = csv_read_header(c, INTEL_IMPORT_HEADER, &got, e);
	int *from_export = im->ctx;
	if (rc == 0 && !strcmp(buf_str(&got), INTEL_IMPORT_HEADER))
		im->ncol = C_NCOL;
	else if (rc == 0 && !strcmp(buf_str(&got), INTEL_EXPORT_HEADER)) {
		im->ncol = X_NCOL;
		*from_export = 1;
	} else if (rc == 0)
		rc = err_set(e, ERR_INPUT, "%s:1: header is \"%.200s\", expected \"%s\" (or the items export's, \"%s\")",
		             c->name, buf_str(&got), INTEL_IMPORT_HEADER, INTEL_EXPORT_HEADER);
	buf_release(&got);
	return rc;
}

static int any_row(struct csv_import *im, const struct csv *c, struct err *e)
{
	return *(int *)im->ctx ? export_row(im, c, e) : import_row(im, c, e);
}

int intel_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e)
{
	static const struct csv_import_spec spec = { .object_type = "intel_items", .header_fn = import_header,
		                                     .row_fn = any_row };
	int from_export = 0;
	struct csv_import im = { .st = st, .dry_run = dry_run, .ctx = &from_export };
	int r = csv_import_file(&spec, &im, path, e);
	*s = im.n;
	return r;
}
