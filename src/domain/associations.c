/* associations.c — the notifiable associations register (see associations.h).
 * The list query is one fixed statement per sort order with every filter a
 * bound parameter; an empty filter matches everything. */
#include "domain/associations.h"
#include "core/date.h"
#include "core/sheet.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/duty.h"
#include "domain/config.h"
#include "domain/listing.h"
#include "domain/validate.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct label_def association_categories[ASSOC_NCATEGORY] = {
	{ "criminal_record", "Has a criminal record" },
	{ "under_investigation", "Under investigation" },
	{ "journalist", "Journalist" },
	{ "private_investigator", "Private investigator" },
	{ "former_officer", "Former officer (dismissed or under investigation)" },
	{ "organised_crime", "Linked to organised crime" },
	{ "family_link", "Family link to any of these" },
	{ "other", "Other" },
};

const struct status_def association_statuses[ASSOC_NSTATUS] = {
	[ASSOC_DECLARED] = { "declared", "Awaiting PSD assessment", "grey", "Awaiting assessment" },
	[ASSOC_ASSESSED] = { "assessed", "Assessed", "grey", NULL },
	[ASSOC_ENDED] = { "ended", "Ended", "grey", NULL },
};

const struct status_def association_risks[ASSOC_NRISK] = {
	[ASSOC_HIGH] = { "high", "High risk", "red", "High" },
	[ASSOC_MEDIUM] = { "medium", "Medium risk", "orange", "Medium" },
	[ASSOC_LOW] = { "low", "Low risk", "green", "Low" },
};

int association_status(const struct association *a)
{
	return status_table_index(association_statuses, ASSOC_NSTATUS, a->status);
}

const struct status_def *association_shown_status(const struct association *a)
{
	int st = association_status(a);
	int risk = st == ASSOC_ASSESSED ? status_table_index(association_risks, ASSOC_NRISK, a->risk) : -1;
	return risk >= 0 ? &association_risks[risk] : &association_statuses[st >= 0 ? st : ASSOC_ASSESSED];
}

const char *association_category_label(const char *c)
{
	return label_of(association_categories, ASSOC_NCATEGORY, c, c);
}

/* An associate reference: letters, digits and - only (it is matched against audit logs). */
static int ref_ok(const char *r)
{
	for (; *r; r++)
		if (!((*r >= 'A' && *r <= 'Z') || (*r >= 'a' && *r <= 'z') || (*r >= '0' && *r <= '9') || *r == '-'))
			return 0;
	return 1;
}

void association_validate(const struct association_input *in, struct errlist *errs)
{
	char today[11];
	date_today(today);
	if (!*nz(in->associate_name))
		errlist_add(errs, "associate_name", "Enter the name of the person you are associated with");
	check_len(errs, "associate_name", "Name", in->associate_name, 200);
	if (strlen(nz(in->associate_ref)) > 32 || !ref_ok(nz(in->associate_ref)))
		errlist_add(errs, "associate_ref", "Person id must be letters and digits only, like P1234567");
	if (!*nz(in->category))
		errlist_add(errs, "category", "Select why this association is notifiable");
	else if (label_index(association_categories, ASSOC_NCATEGORY, in->category) < 0)
		errlist_add(errs, "category", "Select one of the categories listed");
	if (!*nz(in->relationship))
		errlist_add(errs, "relationship", "Describe your relationship with them");
	check_len(errs, "relationship", "Relationship", in->relationship, 500);
	if (!*nz(in->contact_frequency))
		errlist_add(errs, "contact_frequency", "Say how often you are in contact");
	check_len(errs, "contact_frequency", "How often you are in contact", in->contact_frequency, 200);
	const char *b = nz(in->began_on);
	if (!*b)
		errlist_add(errs, "began_on", "Enter when the association began");
	else if (!date_valid(b))
		errlist_add(errs, "began_on", "When it began must be a real date, like 2019-06-01");
	else if (strcmp(b, today) > 0)
		errlist_add(errs, "began_on", "When it began must be today or in the past");
	check_len(errs, "submit_key", "Form key", in->submit_key, 64);
}

int association_check(struct store *st, const struct actor *who, const struct association_input *in,
                      struct errlist *errs, struct err *e)
{
	if (!who->person_id) {
		alog_write(st, who, "create", "association", "", "refused", "no staff record", NULL);
		return err_set(e, ERR_DENIED, "Only a member of staff can declare an association");
	}
	association_validate(in, errs);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the declaration");
	return 0;
}

int association_declare(struct store *st, const struct actor *who, const struct association_input *in, int64_t *id,
                        struct errlist *errs, struct err *e)
{
	int rc = association_check(st, who, in, errs, e);
	if (rc)
		return rc; /* ERR_INPUT or ERR_DENIED, as err_set gives */
	char today[11];
	date_today(today);
	const char *b = in->began_on;
	const char *key = in->submit_key && *in->submit_key ? in->submit_key : NULL;
	int dup = submit_begin(st, "SELECT id FROM notifiable_associations WHERE submit_key = ? AND person_id = ?",
	                       key, who->person_id, id, e);
	if (dup) /* 1: the same form posted again, one record */
		return dup < 0 ? -1 : 0;
	char now[21];
	time_now_iso(now);
	if (store_exec(st, e,
	               "INSERT INTO notifiable_associations(person_id, associate_name, associate_ref, category, "
	               "relationship, contact_frequency, began_on, declared_on, created_at, submit_key) "
	               "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	               "itttttttt" "t", who->person_id, in->associate_name, nz(in->associate_ref), in->category,
	               in->relationship, in->contact_frequency, b, today, now, key))
		goto fail;
	*id = store_last_id(st);
	if (alog_writei(st, who, "create", "association", *id, "ok", in->category, e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

#define ASSOC_COLUMNS ASSOCIATION_FIELDS(RECORD_SQL)
#define ASSOC_JOINS \
	"FROM notifiable_associations a JOIN people p ON p.id = a.person_id LEFT JOIN units u ON u.id = p.unit_id " \
	"LEFT JOIN accounts aa ON aa.id = a.assessed_by LEFT JOIN people ap ON ap.id = aa.person_id "

#define RECORD_TYPE struct association
static const struct field_desc fields[] = { ASSOCIATION_FIELDS(RECORD_FIELD) };
#undef RECORD_TYPE
#define NFIELDS (sizeof fields / sizeof fields[0])

const char *association_ref(int64_t id, char out[REF_MAX]) { return record_ref("NA", id, out); }

static const struct record_def record = { fields, NFIELDS, sizeof(struct association),
	                                  offsetof(struct association, id), association_ref, NULL };

static void read_row(struct stmt *s, struct association *a) { record_read(&record, s, a); }

static int load(struct store *st, int64_t id, struct association *a, struct err *e)
{
	int r = record_load(st, &record, "SELECT " ASSOC_COLUMNS "0 " ASSOC_JOINS "WHERE a.id = ?", id, a, NULL, e);
	if (r < 0)
		return -1;
	return r ? 0 : err_set(e, ERR_NOTFOUND, "No association %lld", (long long)id);
}

int association_get(struct store *st, const struct actor *who, int64_t id, struct association *out, struct err *e)
{
	if (load(st, id, out, e)) {
		if (e && e->code == ERR_NOTFOUND)
			alog_writei(st, who, "view", "association", id, "failed", "not found", NULL);
		return -1;
	}
	int own = who->person_id && who->person_id == out->person_id;
	if (!own && !actor_has(who, ASSOC_READERS)) {
		memset(out, 0, sizeof *out);
		alog_writei(st, who, "view", "association", id, "refused", "not the declarer, PSD or ACU", NULL);
		return err_set(e, ERR_DENIED, "You do not have access to this association");
	}
	return alog_writei(st, who, "view", "association", id, "ok", /* no read without its row */
	                   own ? "own" : actor_has(who, ROLE_PSD) ? "psd" : "acu", e);
}

int association_may_assess(struct store *st, const struct actor *who, const struct association *a)
{
	return actor_has(who, ROLE_PSD) && association_status(a) != ASSOC_ENDED &&
	       !duty_conflict1(st, who, "psd", a->person_id, DUTY_DECLARANT);
}

void association_assessment_validate(const char *risk, const char *advice, const char *review_date,
                                     struct errlist *errs)
{
	static const char *const risks[] = { "low", "medium", "high", NULL };
	char today[11];
	date_today(today);
	risk = nz(risk);
	advice = nz(advice);
	review_date = nz(review_date);
	if (!is_one_of(risk, risks))
		errlist_add(errs, "risk", "Select the risk: low, medium or high");
	else if (strcmp(risk, "low") && !*advice)
		errlist_add(errs, "advice", "Give the advice or conditions for a %s risk", risk);
	if (strlen(advice) > 1000)
		errlist_add(errs, "advice", "Advice must be 1000 characters or fewer");
	if (!*review_date)
		errlist_add(errs, "review_date", "Enter the date of the next review");
	else if (!date_valid(review_date))
		errlist_add(errs, "review_date", "Review date must be a real date, like 2027-03-31");
	else if (strcmp(review_date, today) < 0)
		errlist_add(errs, "review_date", "Review date must be today or later");
}

int association_assess(struct store *st, const struct actor *who, int64_t id, const char *risk, const char *advice,
                       const char *review_date, struct errlist *errs, struct err *e)
{
	struct association a;
	if (load(st, id, &a, e))
		return -1;
	if (duty_check1(st, who, "decide", "assess", "association", id, "psd", a.person_id, DUTY_DECLARANT, e))
		return -1;
	if (!actor_has(who, ROLE_PSD) || who->person_id == a.person_id) {
		alog_writei(st, who, "decide", "association", id, "refused", "not PSD, or own declaration", NULL);
		return err_set(e, ERR_DENIED, "Only Professional Standards can assess an association");
	}
	if (association_status(&a) == ASSOC_ENDED) {
		alog_writei(st, who, "decide", "association", id, "refused", "ended", NULL);
		return err_set(e, ERR_CONFLICT, "This association has ended");
	}
	association_assessment_validate(risk, advice, review_date, errs);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the assessment");
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "UPDATE notifiable_associations SET status = 'assessed', risk = ?, advice = ?, review_date = ?, "
	               "assessed_by = ?, assessed_at = ? WHERE id = ? AND status <> 'ended'",
	               "tttiti", nz(risk), nz(advice), nz(review_date), who->account_id, now, id) ||
	    alog_writei(st, who, "decide", "association", id, "ok", risk, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int association_end(struct store *st, const struct actor *who, int64_t id, const char *note, struct err *e)
{
	struct association a;
	if (load(st, id, &a, e))
		return -1;
	int own = who->person_id && who->person_id == a.person_id;
	if (!own && !actor_has(who, ROLE_PSD)) {
		alog_writei(st, who, "update", "association", id, "refused", "end", NULL);
		return err_set(e, ERR_DENIED, "Only the declarer or Professional Standards can end an association");
	}
	if (association_status(&a) == ASSOC_ENDED)
		return err_set(e, ERR_CONFLICT, "This association has already ended");
	char detail[300];
	snprintf(detail, sizeof detail, "ended%s%.250s", note && *note ? ": " : "", nz(note));
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE notifiable_associations SET status = 'ended' WHERE id = ?", "i", id) ||
	    alog_writei(st, who, "update", "association", id, "ok", detail, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int association_air_notes(struct store *st, int64_t id, association_note_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT r.year, i.response, i.note FROM air_return_items i JOIN air_returns t ON t.id = i.return_id "
	                "JOIN air_rounds r ON r.id = t.round_id WHERE i.register = 'association' AND i.record_id = ? "
	                "AND i.response <> 'confirmed' ORDER BY r.year DESC, i.id DESC", "i", id))
		return -1;
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1)
		stop = fn(ctx, (int)stmt_int(s, 0), stmt_text(s, 1), stmt_text(s, 2));
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

/* 1 scope (0 mine, 1 register)  2 me  3 category  4 risk ("none": unassessed)  5 status  6 q
 * 7 due-by date ("" any)  8 person  9 limit  10 offset */
/* A narrow page of ids and the count first, then the page's wide rows by
 * primary key (the window count built every row with every column and
 * sorted them all: issue 25). */
#define LIST_WHERE \
	"JOIN people p ON p.id = a.person_id " \
	"WHERE (?1 = 1 OR a.person_id = ?2) AND (?3 = '' OR a.category = ?3) " \
	"AND (?4 = '' OR a.risk = ?4 OR (?4 = 'none' AND a.risk = '')) AND (?5 = '' OR a.status = ?5) " \
	"AND (?6 = '' OR strpos(lower(a.associate_name || ' ' || a.associate_ref || ' ' || p.forenames || ' ' || " \
	"p.surname || ' ' || p.staff_number), lower(?6)) > 0) " \
	"AND (?7 = '' OR (a.status = 'assessed' AND a.review_date <> '' AND a.review_date <= ?7)) " \
	"AND (?8 = 0 OR a.person_id = ?8) "
#define LIST_SQL(order) \
	"WITH page(id, n) AS (SELECT a.id, COUNT(*) OVER () FROM notifiable_associations a " LIST_WHERE \
	"ORDER BY " order ", a.id DESC LIMIT ?9 OFFSET ?10) " \
	"SELECT " ASSOC_COLUMNS "(SELECT MAX(n) FROM page) " ASSOC_JOINS "WHERE a.id IN (SELECT id FROM page) " \
	"ORDER BY " order ", a.id DESC"
/* The register (scope 1): no window count, so sorted by date declared the
 * page walks associations_declared (migration 054) and stops after the
 * page; the count is row_counts' unfiltered, else REGISTER_COUNT_SQL kept
 * per filter with the write generation. */
#define REGISTER_SQL_WHERE(where, order) \
	"WITH page(id) AS (SELECT a.id FROM notifiable_associations a " where \
	"ORDER BY " order ", a.id DESC LIMIT ?9 OFFSET ?10) " \
	"SELECT " ASSOC_COLUMNS "0 FROM page JOIN notifiable_associations a ON a.id = page.id " \
	"JOIN people p ON p.id = a.person_id LEFT JOIN units u ON u.id = p.unit_id " \
	"LEFT JOIN accounts aa ON aa.id = a.assessed_by LEFT JOIN people ap ON ap.id = aa.person_id " \
	"ORDER BY " order ", a.id DESC"
#define REGISTER_SQL(order) REGISTER_SQL_WHERE(LIST_WHERE, order)
/* With no filter set (the C side checks; the statement answers nothing
 * otherwise) by date declared, the page's ids come from the index alone, so
 * a deep page skips index entries, not rows and their declarers. */
#define REGISTER_PLAIN_SQL(order) \
	REGISTER_SQL_WHERE("WHERE ?1 = 1 AND ?2 = ?2 AND ?3 = '' AND ?4 = '' AND ?5 = '' AND ?6 = '' AND ?7 = '' " \
	                   "AND ?8 = 0 ", order)
static const struct list_sql register_plain_sqls[] = {
	{ "-declared", REGISTER_PLAIN_SQL("a.declared_on DESC") },
	{ "declared", REGISTER_PLAIN_SQL("a.declared_on ASC") },
};
static const char REGISTER_COUNT_SQL[] =
	"SELECT COUNT(*) FROM notifiable_associations a " LIST_WHERE "AND ?9 = ?9 AND ?10 = ?10";

#define SORTS(SQL) \
	{ "-declared", SQL("a.declared_on DESC") }, \
	{ "declared", SQL("a.declared_on ASC") }, \
	{ "name", SQL("lower(a.associate_name) ASC") }, \
	{ "-name", SQL("lower(a.associate_name) DESC") }, \
	{ "person", SQL("lower(p.surname || ' ' || p.forenames) ASC") }, \
	{ "-person", SQL("lower(p.surname || ' ' || p.forenames) DESC") }, \
	{ "risk", SQL("CASE a.risk WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END ASC") }, \
	{ "-risk", SQL("CASE a.risk WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END DESC") }, \
	{ "review", SQL("CASE a.review_date WHEN '' THEN '9999' ELSE a.review_date END ASC") }, \
	{ "-review", SQL("a.review_date DESC") },
static const struct list_sql list_sqls[] = { SORTS(LIST_SQL) };
static const struct list_sql register_sqls[] = { SORTS(REGISTER_SQL) };
#define NSORTS (sizeof list_sqls / sizeof list_sqls[0])

const struct list_sql *associations_list_statements(int register_scope, size_t *n)
{
	*n = register_scope == 2 ? 2 : NSORTS;
	return register_scope == 2 ? register_plain_sqls : register_scope ? register_sqls : list_sqls;
}

static void due_by(char out[11])
{
	char today[11];
	date_today(today);
	date_format(date_days(today) + 30, out);
}

int associations_list(struct store *st, const struct actor *who, enum assoc_scope scope,
                      const struct association_filter *f, association_fn fn, void *ctx, long *total, struct err *e)
{
	*total = 0;
	if (scope == ASSOC_REGISTER && !actor_has(who, ASSOC_READERS)) {
		alog_write(st, who, "view", "association_register", "all", "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only Professional Standards and the Anti-Corruption Unit can see the register");
	}
	if (alog_list(st, who, "association", scope == ASSOC_REGISTER ? "register" : "mine", e,
	              "category=%s risk=%s status=%s q=%s due=%d person=%lld sort=%s page=%d", nz(f->category),
	              nz(f->risk), nz(f->status), nz(f->q), f->due, (long long)f->person_id, nz(f->sort), f->page))
		return -1;
	if (scope == ASSOC_MINE && !who->person_id)
		return 0;
	int reg = scope == ASSOC_REGISTER;
	int unfiltered = !*nz(f->category) && !*nz(f->risk) && !*nz(f->status) && !*nz(f->q) && !f->due &&
	                 !f->person_id;
	int plain = reg && unfiltered && (!f->sort || !strcmp(f->sort, "-declared") || !strcmp(f->sort, "declared"));
	const char *sql = plain ? list_sql_for(register_plain_sqls, 2, f->sort, register_plain_sqls[0].sql)
	                        : list_sql_for(reg ? register_sqls : list_sqls, NSORTS, f->sort,
	                                       reg ? register_sqls[0].sql : list_sqls[0].sql);
	int64_t limit = list_limit(f->per_page);
	char due[11] = "";
	if (f->due)
		due_by(due);
	struct stmt *s;
	if (store_query(st, &s, e, sql, "dittttt" "iii", reg, who->person_id, nz(f->category),
	                nz(f->risk), nz(f->status), nz(f->q), due, f->person_id, limit,
	                list_offset(f->per_page, f->page)))
		return -1;
	struct association *a = xmalloc(sizeof *a);
	int r, stop = 0, rows = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		read_row(s, a);
		*total = (long)stmt_int(s, (int)NFIELDS);
		rows++;
		stop = fn(ctx, a);
	}
	free(a);
	stmt_done(s);
	if (!stop && r < 0)
		return -1;
	if (reg && rows) { /* as the window count was: 0 for a page past the end */
		int64_t count = -1;
		if (unfiltered &&
		    store_int(st, e, &count, "SELECT value FROM row_counts WHERE name = 'notifiable_associations'", "") < 0)
			return -1;
		char key[600];
		snprintf(key, sizeof key, "associations|%s|%s|%s|%s|%lld|%s", nz(f->category), nz(f->risk),
		         nz(f->status), due, (long long)f->person_id, nz(f->q));
		int64_t *m = count < 0 ? list_count_kept(st, key) : NULL;
		if (m && *m >= 0)
			count = *m;
		if (count < 0 && store_int(st, e, &count, REGISTER_COUNT_SQL, "dittttt" "iii", reg,
		                           who->person_id, nz(f->category), nz(f->risk), nz(f->status), nz(f->q), due,
		                           f->person_id, limit, list_offset(f->per_page, f->page)) < 0)
			return -1;
		if (m)
			*m = count;
		*total = (long)count;
	}
	return 0;
}

int associations_reviews_due(struct store *st, const struct actor *who, long *n, struct err *e)
{
	*n = 0;
	if (!actor_has(who, ASSOC_READERS))
		return 0;
	char due[11];
	due_by(due);
	int64_t v = 0;
	if (store_int(st, e, &v,
	              "SELECT COUNT(*) FROM notifiable_associations WHERE status = 'assessed' AND review_date <> '' "
	              "AND review_date <= ?", "t", due) < 0)
		return -1;
	*n = (long)v;
	return 0;
}

/* ---- the read side (domain/register.h) ---- */

REGISTER_ADAPTERS(assoc, struct association, struct association_filter, enum assoc_scope, associations_list,
                  association_get)

const struct register_def associations_register_def = {
	.record = &record,
	.list = assoc_reg_list,
	.get = assoc_reg_get,
	.register_scope = ASSOC_REGISTER,
	.export_roles = ASSOC_READERS,
	.object_type = "association_register",
	.deny_msg = "Only Professional Standards and the Anti-Corruption Unit can export it",
	.title = "Notifiable associations",
};
