/* circumstances.c — declared changes of personal circumstances (see circumstances.h). */
#include "domain/circumstances.h"
#include "core/date.h"
#include "core/sheet.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/listing.h"
#include "domain/tasks.h"
#include "domain/validate.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct status_def circumstance_task_statuses[CIRC_NTASK] = {
	[CIRC_TASK_OPEN] = { "open", "With vetting", "yellow", NULL },
	[CIRC_TASK_CLOSED] = { "closed", "Assessed by vetting", "green", "Assessed" },
};

enum circumstance_task circumstance_task(const struct circumstance *c)
{
	return status_table_index(circumstance_task_statuses, CIRC_NTASK, c->task_status) == CIRC_TASK_CLOSED ? CIRC_TASK_CLOSED
	                                                                                                : CIRC_TASK_OPEN;
}

/* What can change, the kinds of financial difficulty and of criminal
 * justice event, and the early-intervention referrals: the values the form
 * may send and the labels shown. */
static const struct label_def kinds[] = {
	{ "partner_or_coresident", "New partner or co-resident" },
	{ "address", "Change of address" },
	{ "name", "Change of name" },
	{ "financial_difficulty", "Financial difficulty" },
	{ "criminal_justice", "Arrest, charge, conviction or caution" },
	{ "other", "Other" },
};
static const struct label_def fin_subtypes[] = {
	{ "ccj", "County court judgment" },
	{ "iva", "Individual voluntary arrangement" },
	{ "bankruptcy", "Bankruptcy" },
	{ "unmanageable_debt", "Unmanageable debt" },
};
static const struct label_def cj_subtypes[] = {
	{ "arrest", "Arrest" },
	{ "charge", "Charge" },
	{ "conviction", "Conviction" },
	{ "caution", "Caution" },
};
static const struct label_def referrals[] = {
	{ "debt_advice", "Referred for debt advice" },
	{ "welfare", "Referred to welfare" },
	{ "both", "Referred for debt advice and to welfare" },
	{ "declined", "Referral offered and declined" },
};

const char *circumstance_kind_label(const char *k) { return label_of(kinds, LABELS_N(kinds), k, k); }

const char *circumstance_subtype_label(const char *s)
{
	return label_of(fin_subtypes, LABELS_N(fin_subtypes), s, label_of(cj_subtypes, LABELS_N(cj_subtypes), s, s));
}

const char *circumstance_referral_label(const char *r)
{
	return label_of(referrals, LABELS_N(referrals), r, "None");
}

static void validate(const struct circumstance_input *in, struct errlist *l)
{
	static const char *const subjects[] = { "self", "family", NULL };
	const char *k = nz(in->kind);
	char today[11];
	date_today(today);
	if (label_index(kinds, LABELS_N(kinds), k) < 0) {
		errlist_add(l, "kind", "Select what has changed");
		k = "";
	}
	/* the name is asked under the answer that needs it (the web page reveals it there) */
	if (!strcmp(k, "partner_or_coresident") && !*nz(in->other_person))
		errlist_add(l, "other_person", "Enter the name of your partner or the person living with you");
	if (strlen(nz(in->other_person)) > 200)
		errlist_add(l, "other_person", "Name must be 200 characters or fewer");
	if (!strcmp(k, "financial_difficulty")) {
		if (label_index(fin_subtypes, LABELS_N(fin_subtypes), in->subtype) < 0)
			errlist_add(l, "fin_subtype", "Select the kind of financial difficulty");
		if (label_index(referrals, LABELS_N(referrals), in->referral) < 0)
			errlist_add(l, "referral", "Select whether you would like an early-intervention referral");
	}
	if (!strcmp(k, "criminal_justice")) {
		if (label_index(cj_subtypes, LABELS_N(cj_subtypes), in->subtype) < 0)
			errlist_add(l, "cj_subtype", "Select arrest, charge, conviction or caution");
		if (!is_one_of(nz(in->subject), subjects))
			errlist_add(l, "subject", "Select whether it was you or a family member");
		else if (!strcmp(nz(in->subject), "family") && !*nz(in->other_person))
			errlist_add(l, "other_person", "Enter the family member's name");
	}
	/* in the order the form asks, so the error summary follows the page */
	const char *d = nz(in->event_date);
	if (!*d)
		errlist_add(l, "event_date", "Enter the date of the change");
	else if (!date_valid(d))
		errlist_add(l, "event_date", "Date of the change must be a real date, like 2026-03-27");
	else if (strcmp(d, today) > 0)
		errlist_add(l, "event_date", "Date of the change must be today or in the past");
	if (!*nz(in->details))
		errlist_add(l, "details", "Describe the change");
	else if (strlen(in->details) > 2000)
		errlist_add(l, "details", "Details must be 2000 characters or fewer");
	if (strlen(nz(in->submit_key)) > 64)
		errlist_add(l, "submit_key", "Form key too long");
}

void circumstance_validate(const struct circumstance_input *in, struct errlist *errs) { validate(in, errs); }

int circumstance_check(const struct actor *who, const struct circumstance_input *in, struct errlist *errs,
                       struct err *e)
{
	if (!who->person_id)
		return err_set(e, ERR_DENIED, "Only a member of staff can declare a change of circumstances");
	validate(in, errs);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the declaration");
	return 0;
}

int circumstance_declare(struct store *st, const struct actor *who, const struct circumstance_input *in, int64_t *id,
                         struct errlist *errs, struct err *e)
{
	if (!who->person_id) {
		alog_write(st, who, "create", "circumstance", "", "refused", "no staff record", NULL);
		return err_set(e, ERR_DENIED, "Only a member of staff can declare a change of circumstances");
	}
	validate(in, errs);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the declaration");
	const char *k = in->kind;
	int fin = !strcmp(k, "financial_difficulty"), cj = !strcmp(k, "criminal_justice");
	const char *subtype = fin || cj ? in->subtype : "";
	const char *subject = cj ? in->subject : "";
	const char *referral = fin ? in->referral : "";
	const char *key = in->submit_key && *in->submit_key ? in->submit_key : NULL;
	int dup = submit_begin(st, "SELECT id FROM circumstances WHERE submit_key = ? AND person_id = ?",
	                       key, who->person_id, id, e);
	if (dup) /* 1: the same form posted again, one record */
		return dup < 0 ? -1 : 0;
	char now[21], today[11];
	time_now_iso(now);
	date_today(today);
	if (store_exec(st, e,
	               "INSERT INTO circumstances(person_id, kind, subtype, subject, other_person, details, event_date, "
	               "declared_on, referral, created_at, submit_key) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	               "itttttttttt", who->person_id, k, subtype, subject, nz(in->other_person), in->details,
	               in->event_date, today, referral, now, key))
		goto fail;
	*id = store_last_id(st);
	char detail[300];
	snprintf(detail, sizeof detail, "%s%s%s declared %s%s", circumstance_kind_label(k), *subtype ? ": " : "",
	         *subtype ? circumstance_subtype_label(subtype) : "", today,
	         *subject ? (!strcmp(subject, "self") ? " (self)" : " (family member)") : "");
	int64_t task = 0;
	if (task_raise(st, who, who->person_id, "change_of_circumstances", "circumstance", *id, detail, &task, e) ||
	    store_exec(st, e, "UPDATE circumstances SET task_id = ? WHERE id = ?", "ii", task, *id) ||
	    alog_writei(st, who, "create", "circumstance", *id, "ok", k, e))
		goto fail;
	if (*referral && strcmp(referral, "declined") &&
	    alog_writei(st, who, "create", "early_intervention_referral", *id, "ok", referral, e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

#define CIRC_COLUMNS CIRCUMSTANCE_FIELDS(RECORD_SQL)
#define CIRC_JOINS \
	"FROM circumstances c JOIN people p ON p.id = c.person_id LEFT JOIN units u ON u.id = p.unit_id " \
	"LEFT JOIN vetting_tasks t ON t.id = c.task_id "

#define RECORD_TYPE struct circumstance
static const struct field_desc fields[] = { CIRCUMSTANCE_FIELDS(RECORD_FIELD) };
#undef RECORD_TYPE
#define NFIELDS (sizeof fields / sizeof fields[0])

const char *circumstance_ref(int64_t id, char out[REF_MAX]) { return record_ref("CC", id, out); }

static const struct record_def record = { fields, NFIELDS, sizeof(struct circumstance),
	                                  offsetof(struct circumstance, id), circumstance_ref, NULL };

static void read_row(struct stmt *s, struct circumstance *c) { record_read(&record, s, c); }

int circumstance_get(struct store *st, const struct actor *who, int64_t id, struct circumstance *out, struct err *e)
{
	int r = record_load(st, &record, "SELECT " CIRC_COLUMNS "0 " CIRC_JOINS "WHERE c.id = ?", id, out, NULL, e);
	if (r < 0)
		return -1;
	if (r == 0) {
		alog_writei(st, who, "view", "circumstance", id, "failed", "not found", NULL);
		return err_set(e, ERR_NOTFOUND, "No declaration %lld", (long long)id);
	}
	int own = who->person_id && who->person_id == out->person_id;
	if (!own && !actor_has(who, CIRC_READERS)) {
		memset(out, 0, sizeof *out);
		alog_writei(st, who, "view", "circumstance", id, "refused", "not the declarer, vetting or PSD", NULL);
		return err_set(e, ERR_DENIED, "You do not have access to this declaration");
	}
	return alog_writei(st, who, "view", "circumstance", id, "ok", /* no read without its row */
	                   own ? "own" : actor_has(who, ROLE_VETTING) ? "vetting" : "psd", e);
}

/* 1 scope (0 mine, 1 register)  2 me  3 kind  4 task status  5 q  6 referral only  7 person  8 limit  9 offset */
/* A narrow page of ids and the count first, then the page's wide rows by
 * primary key (the window count built every row with every column and
 * sorted them all: issue 25). */
#define LIST_WHERE \
	"JOIN people p ON p.id = c.person_id LEFT JOIN vetting_tasks t ON t.id = c.task_id " \
	"WHERE (?1 = 1 OR c.person_id = ?2) AND (?3 = '' OR c.kind = ?3) AND (?4 = '' OR t.status = ?4) " \
	"AND (?5 = '' OR strpos(lower(p.forenames || ' ' || p.surname || ' ' || p.staff_number), lower(?5)) > 0) " \
	"AND (?6 = 0 OR c.referral IN ('debt_advice', 'welfare', 'both')) AND (?7 = 0 OR c.person_id = ?7) "
#define LIST_SQL(order) \
	"WITH page(id, n) AS (SELECT c.id, COUNT(*) OVER () FROM circumstances c " LIST_WHERE \
	"ORDER BY " order ", c.id DESC LIMIT ?8 OFFSET ?9) " \
	"SELECT " CIRC_COLUMNS "(SELECT MAX(n) FROM page) " CIRC_JOINS "WHERE c.id IN (SELECT id FROM page) " \
	"ORDER BY " order ", c.id DESC"
/* The register (scope 1): no window count, so sorted by date declared the
 * page walks circumstances_declared (migration 054) and stops after the
 * page; the count is row_counts' unfiltered, else REGISTER_COUNT_SQL kept
 * per filter with the write generation. */
#define REGISTER_SQL_WHERE(where, order) \
	"WITH page(id) AS (SELECT c.id FROM circumstances c " where \
	"ORDER BY " order ", c.id DESC LIMIT ?8 OFFSET ?9) " \
	"SELECT " CIRC_COLUMNS "0 FROM page JOIN circumstances c ON c.id = page.id " \
	"JOIN people p ON p.id = c.person_id LEFT JOIN units u ON u.id = p.unit_id " \
	"LEFT JOIN vetting_tasks t ON t.id = c.task_id ORDER BY " order ", c.id DESC"
#define REGISTER_SQL(order) REGISTER_SQL_WHERE(LIST_WHERE, order)
/* With no filter set (the C side checks; the statement answers nothing
 * otherwise) by date declared, the page's ids come from the index alone, so
 * a deep page skips index entries, not rows and their declarers. */
#define REGISTER_PLAIN_SQL(order) \
	REGISTER_SQL_WHERE("WHERE ?1 = 1 AND ?2 = ?2 AND ?3 = '' AND ?4 = '' AND ?5 = '' AND ?6 = 0 AND ?7 = 0 ", order)
static const struct list_sql register_plain_sqls[] = {
	{ "-declared", REGISTER_PLAIN_SQL("c.declared_on DESC") },
	{ "declared", REGISTER_PLAIN_SQL("c.declared_on ASC") },
};
static const char REGISTER_COUNT_SQL[] =
	"SELECT COUNT(*) FROM circumstances c " LIST_WHERE "AND ?8 = ?8 AND ?9 = ?9";

#define SORTS(SQL) \
	{ "-declared", SQL("c.declared_on DESC") }, \
	{ "declared", SQL("c.declared_on ASC") }, \
	{ "person", SQL("lower(p.surname || ' ' || p.forenames) ASC") }, \
	{ "-person", SQL("lower(p.surname || ' ' || p.forenames) DESC") }, \
	{ "kind", SQL("c.kind ASC, c.declared_on DESC") }, \
	{ "-kind", SQL("c.kind DESC, c.declared_on DESC") },
static const struct list_sql list_sqls[] = { SORTS(LIST_SQL) };
static const struct list_sql register_sqls[] = { SORTS(REGISTER_SQL) };
#define NSORTS (sizeof list_sqls / sizeof list_sqls[0])

const struct list_sql *circumstances_list_statements(int register_scope, size_t *n)
{
	*n = register_scope == 2 ? 2 : NSORTS;
	return register_scope == 2 ? register_plain_sqls : register_scope ? register_sqls : list_sqls;
}

int circumstances_list(struct store *st, const struct actor *who, enum circ_scope scope,
                       const struct circumstance_filter *f, circumstance_fn fn, void *ctx, long *total, struct err *e)
{
	*total = 0;
	if (scope == CIRC_REGISTER && !actor_has(who, CIRC_READERS)) {
		alog_write(st, who, "view", "circumstance_register", "all", "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only vetting and Professional Standards can see declared circumstances");
	}
	if (alog_list(st, who, "circumstance", scope == CIRC_REGISTER ? "register" : "mine", e,
	              "kind=%s task=%s q=%s referral=%d person=%lld sort=%s page=%d", nz(f->kind), nz(f->task), nz(f->q),
	              f->referral, (long long)f->person_id, nz(f->sort), f->page))
		return -1;
	if (scope == CIRC_MINE && !who->person_id)
		return 0;
	int reg = scope == CIRC_REGISTER;
	int unfiltered = !*nz(f->kind) && !*nz(f->task) && !*nz(f->q) && !f->referral && !f->person_id;
	int plain = reg && unfiltered && (!f->sort || !strcmp(f->sort, "-declared") || !strcmp(f->sort, "declared"));
	const char *sql = plain ? list_sql_for(register_plain_sqls, 2, f->sort, register_plain_sqls[0].sql)
	                        : list_sql_for(reg ? register_sqls : list_sqls, NSORTS, f->sort,
	                                       reg ? register_sqls[0].sql : list_sqls[0].sql);
	int64_t limit = list_limit(f->per_page);
	struct stmt *s;
	if (store_query(st, &s, e, sql, "dittt" "dii" "i", reg, who->person_id, nz(f->kind),
	                nz(f->task), nz(f->q), f->referral, f->person_id, limit,
	                list_offset(f->per_page, f->page)))
		return -1;
	struct circumstance *c = xmalloc(sizeof *c);
	int r, stop = 0, rows = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		read_row(s, c);
		*total = (long)stmt_int(s, (int)NFIELDS);
		rows++;
		stop = fn(ctx, c);
	}
	free(c);
	stmt_done(s);
	if (!stop && r < 0)
		return -1;
	if (reg && rows) { /* as the window count was: 0 for a page past the end */
		int64_t count = -1;
		if (unfiltered && store_int(st, e, &count, "SELECT value FROM row_counts WHERE name = 'circumstances'", "") < 0)
			return -1;
		char key[600];
		snprintf(key, sizeof key, "circumstances|%s|%s|%d|%lld|%s", nz(f->kind), nz(f->task), f->referral,
		         (long long)f->person_id, nz(f->q));
		int64_t *m = count < 0 ? list_count_kept(st, key) : NULL;
		if (m && *m >= 0)
			count = *m;
		if (count < 0 && store_int(st, e, &count, REGISTER_COUNT_SQL, "dittt" "dii" "i", reg,
		                           who->person_id, nz(f->kind), nz(f->task), nz(f->q), f->referral, f->person_id,
		                           limit, list_offset(f->per_page, f->page)) < 0)
			return -1;
		if (m)
			*m = count;
		*total = (long)count;
	}
	return 0;
}

/* ---- the read side (domain/register.h) ---- */

REGISTER_ADAPTERS(circ, struct circumstance, struct circumstance_filter, enum circ_scope, circumstances_list,
                  circumstance_get)

const struct register_def circumstances_register_def = {
	.record = &record,
	.list = circ_reg_list,
	.get = circ_reg_get,
	.register_scope = CIRC_REGISTER,
	.export_roles = CIRC_READERS,
	.object_type = "circumstance_register",
	.deny_msg = "Only vetting and Professional Standards can export declared circumstances",
	.title = "Changes of circumstances",
};
