/* interests.c — business interests and secondary employment: apply,
 * recommend, decide, appeal, review, end, list, export, figures, import.
 * Need-to-know is enforced here (see interests.h). The list query is one
 * fixed statement per sort order whose filters are all bound parameters. */
#include "domain/interests.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/sheet.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/config.h"
#include "domain/duty.h"
#include "domain/csv_import.h"
#include "domain/listing.h"
#include "domain/people.h"
#include "domain/validate.h"
#include "store/store.h"
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = { "second_job", "own_business", "property_letting", "shareholding",
	                             "directorship", "voluntary", "family_business", NULL };
static const char *const kind_labels[] = { "Second job", "Own business", "Property letting", "Shareholding",
	                                   "Directorship", "Unpaid or voluntary role", "Family member's business" };

int interest_kind_valid(const char *kind) { return kind && index_of(kind, kinds) >= 0; }

const char *interest_kind_label(const char *k)
{
	int i = index_of(nz(k), kinds);
	return i >= 0 ? kind_labels[i] : nz(k);
}

const struct status_def interest_statuses[INTEREST_NSTATUS] = {
	[INTEREST_APPLIED] = { "applied", "Awaiting line manager", "yellow", NULL },
	[INTEREST_AWAITING_PSD] = { "awaiting_psd", "Awaiting PSD decision", "purple", NULL },
	[INTEREST_APPROVED] = { "approved", "Approved", "green", NULL },
	[INTEREST_APPROVED_WITH_CONDITIONS] = { "approved_with_conditions", "Approved with conditions", "turquoise", NULL },
	[INTEREST_REFUSED] = { "refused", "Refused", "red", NULL },
	[INTEREST_WITHDRAWN] = { "withdrawn", "Approval withdrawn", "red", NULL },
	[INTEREST_ENDED] = { "ended", "Ended", "grey", NULL },
};

const char *interest_status_label(const char *s) { return status_table_label(interest_statuses, INTEREST_NSTATUS, s); }

int interest_status(const struct interest *it) { return status_table_index(interest_statuses, INTEREST_NSTATUS, it->status); }

const struct status_def interest_appeals[APPEAL_NSTATUS] = {
	[APPEAL_NONE] = { "", "No appeal", "grey", NULL },
	[APPEAL_PENDING] = { "pending", "Appealed", "orange", NULL },
	[APPEAL_UPHELD] = { "upheld", "Decision upheld", "grey", NULL },
	[APPEAL_OVERTURNED] = { "overturned", "Decision overturned", "green", NULL },
};

int interest_appeal_state(const struct interest *it)
{
	return status_table_index(interest_appeals, APPEAL_NSTATUS, it->appeal_status);
}

void interests_add_months(const char *date, int months, char out[11])
{
	int y, m, d;
	if (date_parse(date, &y, &m, &d)) {
		out[0] = 0;
		return;
	}
	long mm = (long)y * 12 + (m - 1) + months;
	y = (int)(mm / 12);
	m = (int)(mm % 12) + 1;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int last = mdays[m - 1] + (m == 2 && leap);
	if (d > last)
		d = last;
	date_format(days_from_civil(y, m, d), out);
}

static void next_review(struct store *st, char out[11])
{
	char today[11];
	date_today(today);
	interests_add_months(today, (int)config_int(st, "interests.review_months", 12), out);
}

/* Whole hours 0..80 into *hours; -1 when not. */
static int parse_hours(const char *s, int *hours)
{
	if (!s || !*s || strlen(s) > 3)
		return -1;
	int v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v > 80)
		return -1;
	*hours = v;
	return 0;
}

/* The start-date rule the form and the import share: the message, or NULL
 * when d (YYYY-MM-DD) is a real date from 1950 to 2100. */
static const char *start_date_problem(const char *d)
{
	if (!*d)
		return "Enter the date the interest started or will start";
	if (!date_valid(d))
		return "Start date must be a real date, like 2026-03-27";
	if (strcmp(d, "1950-01-01") < 0 || strcmp(d, "2100-01-01") > 0)
		return "Start date must be between 1950 and 2100";
	return NULL;
}
static void validate(const struct interest_input *in, struct errlist *l, int *hours)
{
	if (!*nz(in->kind))
		errlist_add(l, "kind", "Select the kind of business interest");
	else if (!interest_kind_valid(in->kind))
		errlist_add(l, "kind", "Select one of the kinds listed");
	if (!*nz(in->organisation))
		errlist_add(l, "organisation", "Enter the organisation, business or property address");
	check_len(l, "organisation", "Organisation", in->organisation, 200);
	if (!*nz(in->description))
		errlist_add(l, "description", "Describe the interest and what you do");
	check_len(l, "description", "Description", in->description, 1000);
	if (parse_hours(nz(in->hours_per_week), hours))
		errlist_add(l, "hours_per_week", "Hours a week must be a whole number from 0 to 80");
	const char *sp = start_date_problem(nz(in->start_date));
	if (sp)
		errlist_add(l, "start_date", "%s", sp);
	if (!*nz(in->conflict))
		errlist_add(l, "conflict", "Say how it could conflict with your police duties, or that it could not and why");
	check_len(l, "conflict", "Possible conflict", in->conflict, 1000);
	check_len(l, "submit_key", "Form key", in->submit_key, 64);
}

/* Who may apply, and what they typed: 0, or ERR_DENIED / ERR_INPUT. */
static int apply_checks(struct store *st, const struct actor *who, const struct interest_input *in,
                        struct errlist *errs, int *hours, struct err *e)
{
	if (!who->person_id) {
		alog_write(st, who, "create", "business_interest", "", "refused", "no staff record", NULL);
		return err_set(e, ERR_DENIED, "Only a member of staff can apply");
	}
	validate(in, errs, hours);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the application");
	return 0;
}

int interest_check(struct store *st, const struct actor *who, const struct interest_input *in,
                   struct errlist *errs, struct err *e)
{
	int hours = 0;
	return apply_checks(st, who, in, errs, &hours, e);
}

int interest_apply(struct store *st, const struct actor *who, const struct interest_input *in, int64_t *id,
                   struct errlist *errs, struct err *e)
{
	int hours = 0;
	int64_t mgr = 0;
	int rc = apply_checks(st, who, in, errs, &hours, e);
	if (rc)
		return rc; /* ERR_INPUT or ERR_DENIED, as err_set gives */
	const char *key = in->submit_key && *in->submit_key ? in->submit_key : NULL;
	int dup = submit_begin(st, "SELECT id FROM business_interests WHERE submit_key = ? AND person_id = ?",
	                       key, who->person_id, id, e);
	if (dup) /* 1: the same form posted again, one record */
		return dup < 0 ? -1 : 0;
	if (store_int(st, e, &mgr, "SELECT COALESCE(manager_id, 0) FROM people WHERE id = ?", "i", who->person_id) < 0)
		goto fail;
	char now[21];
	time_now_iso(now);
	/* Someone with no line manager goes straight to PSD. */
	if (store_exec(st, e,
	               "INSERT INTO business_interests(person_id, kind, organisation, description, hours_per_week, "
	               "start_date, conflict, status, manager_id, created_at, created_by, submit_key) "
	               "VALUES(?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?)",
	               "itttdttt" "i" "t" "i" "t", who->person_id, in->kind, in->organisation, in->description, hours,
	               in->start_date, in->conflict, mgr ? "applied" : "awaiting_psd", mgr, now, who->account_id, key))
		goto fail;
	*id = store_last_id(st);
	if (alog_writei(st, who, "create", "business_interest", *id, "ok", "", e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

#define INTEREST_COLUMNS INTEREST_FIELDS(RECORD_SQL) "COALESCE(p.manager_id, 0) "
#define INTEREST_JOINS "FROM business_interests b " INTEREST_JOINS_REST
#define INTEREST_JOINS_REST \
	"JOIN people p ON p.id = b.person_id LEFT JOIN units u ON u.id = p.unit_id " \
	"LEFT JOIN people m ON m.id = b.manager_id LEFT JOIN accounts pa ON pa.id = b.psd_account_id " \
	"LEFT JOIN accounts da ON da.id = b.dcc_account_id "

#define RECORD_TYPE struct interest
static const struct field_desc fields[] = { INTEREST_FIELDS(RECORD_FIELD) };
#undef RECORD_TYPE
#define NFIELDS (sizeof fields / sizeof fields[0])

const char *interest_ref(int64_t id, char out[REF_MAX]) { return record_ref("BI", id, out); }

static const struct record_def record = { fields, NFIELDS, sizeof(struct interest), offsetof(struct interest, id),
	                                  interest_ref, interest_status_label };


static int load(struct store *st, int64_t id, struct interest *it, int64_t *mgr, struct err *e)
{
	memset(it, 0, sizeof *it);
	int r = record_load(st, &record, "SELECT " INTEREST_COLUMNS INTEREST_JOINS "WHERE b.id = ?", id, it, mgr, e);
	if (r < 0)
		return -1;
	return r ? 0 : err_set(e, ERR_NOTFOUND, "No business interest %lld", (long long)id);
}

int interest_get(struct store *st, const struct actor *who, int64_t id, struct interest *out, struct err *e)
{
	int64_t mgr = 0;
	if (load(st, id, out, &mgr, e)) {
		if (e && e->code == ERR_NOTFOUND)
			alog_writei(st, who, "view", "business_interest", id, "failed", "not found", NULL);
		return -1;
	}
	int own = who->person_id && who->person_id == out->person_id;
	int manager = who->person_id && mgr == who->person_id;
	if (!own && !manager && !actor_has(who, INTERESTS_ALL_ROLES)) {
		memset(out, 0, sizeof *out);
		alog_writei(st, who, "view", "business_interest", id, "refused", "not the holder, their manager, PSD or DCC",
		            NULL);
		return err_set(e, ERR_DENIED, "You do not have access to this business interest");
	}
	return alog_writei(st, who, "view", "business_interest", id, "ok", /* no read without its row */
		            own ? "own" : manager ? "line manager" : actor_has(who, ROLE_PSD) ? "psd" : actor_has(who, ROLE_DCC) ? "dcc" : "admin",
		            e);
}

/* Refuse an action: log it and return ERR_DENIED or ERR_CONFLICT. */
static int refuse(struct store *st, const struct actor *who, const char *action, int64_t id, int conflict,
                  const char *msg, struct err *e)
{
	alog_writei(st, who, action, "business_interest", id, "refused", msg, NULL);
	return err_set(e, conflict ? ERR_CONFLICT : ERR_DENIED, "%s", msg);
}

/* Finish a one-row update: it must have changed exactly one row (else the
 * state moved under us), then log and commit. */
static int finish(struct store *st, const struct actor *who, const char *action, int64_t id, const char *detail,
                  struct err *e)
{
	if (store_changes(st) != 1) {
		store_rollback(st);
		return err_set(e, ERR_CONFLICT, "This business interest has changed since you opened it");
	}
	if (alog_writei(st, who, action, "business_interest", id, "ok", detail, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

/* Who may take each step; the state each step needs is checked beside it.
 * The actions refuse by these and interest_next_step offers by them, so a
 * form is offered exactly when its POST would be accepted. mgr: the holder's
 * line manager. */
static int is_holder(const struct actor *who, const struct interest *it)
{
	return who->person_id && who->person_id == it->person_id;
}
/* Separation of duties (duty.h), without logging: the actions log their own
 * refusal through duty_check1 before asking these. */
static int duty_ok(struct store *st, const struct actor *who, const char *kind, const struct interest *it)
{
	return !duty_conflict1(st, who, kind, it->person_id, DUTY_APPLICANT);
}
static int may_recommend(struct store *st, const struct actor *who, const struct interest *it, int64_t mgr)
{
	return who->person_id && !is_holder(who, it) && mgr == who->person_id && duty_ok(st, who, NULL, it);
}
static int may_decide(struct store *st, const struct actor *who, const struct interest *it)
{
	return actor_has(who, ROLE_PSD) && !is_holder(who, it) && duty_ok(st, who, "psd", it);
}
static int may_decide_appeal(struct store *st, const struct actor *who, const struct interest *it)
{
	return actor_has(who, ROLE_DCC) && !is_holder(who, it) && duty_ok(st, who, "dcc", it);
}
static int may_review(struct store *st, const struct actor *who, const struct interest *it)
{
	return actor_has(who, ROLE_PSD) && !is_holder(who, it) && duty_ok(st, who, "psd", it);
}
/* A refusal or conditions of approval, not yet appealed. */
static int appealable(const struct interest *it)
{
	int status = interest_status(it);
	return (status == INTEREST_REFUSED || status == INTEREST_APPROVED_WITH_CONDITIONS) && !it->appeal_status[0];
}
/* Approved (with or without conditions), no appeal pending. */
static int reviewable(const struct interest *it)
{
	int status = interest_status(it);
	return (status == INTEREST_APPROVED || status == INTEREST_APPROVED_WITH_CONDITIONS) &&
	       interest_appeal_state(it) != APPEAL_PENDING;
}

int interest_recommend(struct store *st, const struct actor *who, int64_t id, const char *rec, const char *comment,
                       struct errlist *errs, struct err *e)
{
	struct interest it;
	int64_t mgr = 0;
	if (load(st, id, &it, &mgr, e))
		return -1;
	rec = nz(rec);
	comment = nz(comment);
	if (duty_check1(st, who, "recommend", "recommend on", "business_interest", id, NULL, it.person_id,
	                DUTY_APPLICANT, e))
		return ERR_DENIED;
	if (!may_recommend(st, who, &it, mgr))
		return refuse(st, who, "recommend", id, 0, "Only the applicant's line manager can recommend", e);
	if (interest_status(&it) != INTEREST_APPLIED)
		return refuse(st, who, "recommend", id, 1, "This application is no longer waiting for the line manager", e);
	if (strcmp(rec, "support") && strcmp(rec, "do_not_support"))
		errlist_add(errs, "recommendation", "Select whether you support the application");
	if (!strcmp(rec, "do_not_support") && !*comment)
		errlist_add(errs, "manager_comment", "Say why you do not support it");
	if (strlen(comment) > 1000)
		errlist_add(errs, "manager_comment", "Comment must be 1000 characters or fewer");
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the recommendation");
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "UPDATE business_interests SET status = 'awaiting_psd', manager_id = ?, manager_recommendation = ?, "
	               "manager_comment = ?, manager_at = ? WHERE id = ? AND status = 'applied'",
	               "ittti", who->person_id, rec, comment, now, id)) {
		store_rollback(st);
		return -1;
	}
	return finish(st, who, "recommend", id, rec, e);
}

int interest_decide(struct store *st, const struct actor *who, int64_t id, const char *decision,
                    const char *conditions, const char *reason, struct errlist *errs, struct err *e)
{
	struct interest it;
	int64_t mgr = 0;
	if (load(st, id, &it, &mgr, e))
		return -1;
	decision = nz(decision);
	conditions = nz(conditions);
	reason = nz(reason);
	if (duty_check1(st, who, "decide", "decide", "business_interest", id, "psd", it.person_id, DUTY_APPLICANT, e))
		return ERR_DENIED;
	if (!may_decide(st, who, &it))
		return refuse(st, who, "decide", id, 0, "Only Professional Standards can decide, and not on their own interest",
		              e);
	if (interest_status(&it) != INTEREST_AWAITING_PSD)
		return refuse(st, who, "decide", id, 1, "This application is not waiting for a PSD decision", e);
	int approved = !strcmp(decision, "approved"), cond = !strcmp(decision, "approved_with_conditions"),
	    refused = !strcmp(decision, "refused");
	if (!approved && !cond && !refused)
		errlist_add(errs, "decision", "Select approve, approve with conditions or refuse");
	if (cond && !*conditions)
		errlist_add(errs, "conditions", "Enter the conditions of approval");
	if (refused && !*reason)
		errlist_add(errs, "reason", "Give the reason for refusing");
	check_len(errs, "conditions", "Conditions", conditions, 1000);
	check_len(errs, "reason", "Reason", reason, 1000);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the decision");
	char now[21], review[11] = "";
	time_now_iso(now);
	if (!refused)
		next_review(st, review);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "UPDATE business_interests SET status = ?, decision = ?, conditions = ?, decision_reason = ?, "
	               "psd_account_id = ?, decided_at = ?, review_date = ? WHERE id = ? AND status = 'awaiting_psd'",
	               "tttt" "i" "tt" "i", decision, decision, cond ? conditions : "", reason, who->account_id, now, review,
	               id)) {
		store_rollback(st);
		return -1;
	}
	return finish(st, who, "decide", id, decision, e);
}

int interest_appeal(struct store *st, const struct actor *who, int64_t id, const char *grounds, struct errlist *errs,
                    struct err *e)
{
	struct interest it;
	int64_t mgr = 0;
	if (load(st, id, &it, &mgr, e))
		return -1;
	grounds = nz(grounds);
	if (!is_holder(who, &it))
		return refuse(st, who, "appeal", id, 0, "Only the applicant can appeal", e);
	int of_refusal = interest_status(&it) == INTEREST_REFUSED;
	if (!appealable(&it))
		return refuse(st, who, "appeal", id, 1,
		              it.appeal_status[0] ? "You have already appealed this decision"
		                                  : "Only a refusal or conditions of approval can be appealed",
		              e);
	if (!*grounds)
		errlist_add(errs, "grounds", "Give your grounds of appeal");
	check_len(errs, "grounds", "Grounds of appeal", grounds, 1000);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the appeal");
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "UPDATE business_interests SET appeal_status = 'pending', appeal_of = ?, appeal_grounds = ?, "
	               "appealed_at = ? WHERE id = ? AND status = ? AND appeal_status = ''",
	               "ttti" "t", of_refusal ? "refusal" : "conditions", grounds, now, id, it.status)) {
		store_rollback(st);
		return -1;
	}
	return finish(st, who, "appeal", id, of_refusal ? "refusal" : "conditions", e);
}

int interest_appeal_decide(struct store *st, const struct actor *who, int64_t id, const char *outcome,
                           const char *reason, struct errlist *errs, struct err *e)
{
	struct interest it;
	int64_t mgr = 0;
	if (load(st, id, &it, &mgr, e))
		return -1;
	outcome = nz(outcome);
	reason = nz(reason);
	if (duty_check1(st, who, "appeal_decide", "decide the appeal on", "business_interest", id, "dcc", it.person_id,
	                DUTY_APPLICANT, e))
		return ERR_DENIED;
	if (!may_decide_appeal(st, who, &it))
		return refuse(st, who, "appeal_decide", id, 0, "Only the DCC can decide an appeal", e);
	if (interest_appeal_state(&it) != APPEAL_PENDING)
		return refuse(st, who, "appeal_decide", id, 1, "There is no appeal waiting for a decision", e);
	if (strcmp(outcome, "overturned") && strcmp(outcome, "upheld"))
		errlist_add(errs, "outcome", "Select whether you uphold or overturn the decision");
	if (!*reason)
		errlist_add(errs, "appeal_reason", "Give the reason for your decision");
	check_len(errs, "appeal_reason", "Reason", reason, 1000);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the appeal decision");
	char now[21], review[11] = "";
	time_now_iso(now);
	next_review(st, review);
	if (store_begin(st, e))
		return -1;
	/* Overturning a refusal approves; overturning conditions removes them. */
	if (store_exec(st, e,
	               "UPDATE business_interests SET appeal_status = ?, appeal_reason = ?, dcc_account_id = ?, "
	               "appeal_decided_at = ?, status = CASE WHEN ?1 = 'overturned' THEN 'approved' ELSE status END, "
	               "conditions = CASE WHEN ?1 = 'overturned' THEN '' ELSE conditions END, "
	               "review_date = CASE WHEN ?1 = 'overturned' AND status = 'refused' THEN ? ELSE review_date END "
	               "WHERE id = ? AND appeal_status = 'pending'",
	               "tt" "i" "t" "t" "i", outcome, reason, who->account_id, now, review, id)) {
		store_rollback(st);
		return -1;
	}
	return finish(st, who, "appeal_decide", id, outcome, e);
}

int interest_review(struct store *st, const struct actor *who, int64_t id, const char *outcome,
                    const char *conditions, const char *note, struct errlist *errs, struct err *e)
{
	struct interest it;
	int64_t mgr = 0;
	if (load(st, id, &it, &mgr, e))
		return -1;
	outcome = nz(outcome);
	conditions = nz(conditions);
	note = nz(note);
	if (duty_check1(st, who, "review", "review", "business_interest", id, "psd", it.person_id, DUTY_APPLICANT, e))
		return ERR_DENIED;
	if (!may_review(st, who, &it))
		return refuse(st, who, "review", id, 0, "Only Professional Standards can review an interest", e);
	if (interest_status(&it) != INTEREST_APPROVED && interest_status(&it) != INTEREST_APPROVED_WITH_CONDITIONS)
		return refuse(st, who, "review", id, 1, "Only an approved interest can be reviewed", e);
	if (interest_appeal_state(&it) == APPEAL_PENDING)
		return refuse(st, who, "review", id, 1, "An appeal is waiting for the DCC's decision", e);
	int confirm = !strcmp(outcome, "confirmed"), change = !strcmp(outcome, "conditions_changed"),
	    withdraw = !strcmp(outcome, "withdrawn");
	if (!confirm && !change && !withdraw)
		errlist_add(errs, "outcome", "Select confirm, change the conditions or withdraw approval");
	if (withdraw && !*note)
		errlist_add(errs, "note", "Give the reason for withdrawing approval");
	check_len(errs, "review_conditions", "Conditions", conditions, 1000);
	check_len(errs, "note", "Note", note, 1000);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the review");
	char now[21], review[11];
	time_now_iso(now);
	next_review(st, review);
	const char *status = withdraw ? "withdrawn"
	                     : change ? (*conditions ? "approved_with_conditions" : "approved")
	                              : it.status;
	const char *conds = change ? conditions : it.conditions;
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO interest_reviews(interest_id, outcome, conditions, note, account_id, reviewed_at) "
	               "VALUES(?, ?, ?, ?, ?, ?)",
	               "itt" "t" "i" "t", id, outcome, change ? conditions : "", note, who->account_id, now) ||
	    store_exec(st, e,
	               "UPDATE business_interests SET status = ?, conditions = ?, review_date = ? WHERE id = ? AND status = ?",
	               "ttt" "i" "t", status, conds, withdraw ? "" : review, id, it.status)) {
		store_rollback(st);
		return -1;
	}
	return finish(st, who, "review", id, outcome, e);
}

int interest_may_end(const struct actor *who, const struct interest *it)
{
	int status = interest_status(it);
	return who->person_id && who->person_id == it->person_id &&
	       (status == INTEREST_APPLIED || status == INTEREST_AWAITING_PSD || status == INTEREST_APPROVED ||
	        status == INTEREST_APPROVED_WITH_CONDITIONS);
}

enum interest_step interest_next_step(struct store *st, const struct actor *who, const struct interest *it)
{
	if (interest_status(it) == INTEREST_APPLIED &&
	    may_recommend(st, who, it, person_manages(st, who->person_id, it->person_id) ? who->person_id : 0))
		return INTEREST_STEP_RECOMMEND;
	if (interest_status(it) == INTEREST_AWAITING_PSD && may_decide(st, who, it))
		return INTEREST_STEP_DECIDE;
	if (interest_appeal_state(it) == APPEAL_PENDING && may_decide_appeal(st, who, it))
		return INTEREST_STEP_APPEAL_DECIDE;
	if (appealable(it) && is_holder(who, it))
		return INTEREST_STEP_APPEAL;
	if (reviewable(it) && may_review(st, who, it))
		return INTEREST_STEP_REVIEW;
	return INTEREST_STEP_NONE;
}

int interest_reviews_list(struct store *st, const struct interest *it, interest_review_fn fn, void *ctx,
                          struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT r.reviewed_at, r.outcome, r.conditions, r.note, "
	                "COALESCE((SELECT x.forenames || ' ' || x.surname FROM people x WHERE x.id = a.person_id), a.username, '') "
	                "FROM interest_reviews r LEFT JOIN accounts a ON a.id = r.account_id WHERE r.interest_id = ? "
	                "ORDER BY r.reviewed_at DESC, r.id DESC", "i", it->id))
		return -1;
	int r = 0, stop = 0;
	struct interest_review_row row;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		memset(&row, 0, sizeof row);
		snprintf(row.reviewed_at, sizeof row.reviewed_at, "%s", stmt_text(s, 0));
		snprintf(row.outcome, sizeof row.outcome, "%s", stmt_text(s, 1));
		snprintf(row.conditions, sizeof row.conditions, "%s", stmt_text(s, 2));
		snprintf(row.note, sizeof row.note, "%s", stmt_text(s, 3));
		snprintf(row.by, sizeof row.by, "%s", stmt_text(s, 4));
		stop = fn(ctx, &row);
	}
	stmt_done(s);
	return stop ? stop : r < 0 ? -1 : 0;
}

int interest_holder_get(struct store *st, const struct actor *who, int64_t person_id, struct person *out,
                        struct err *e)
{
	/* The DCC sees every interest, and so each holder's name and unit,
	 * though not the rest of their personnel record (person_get). */
	int dcc_only = actor_has(who, ROLE_DCC) && !actor_has(who, ROLE_PSD | ROLE_ADMIN) && who->person_id != person_id;
	if (!dcc_only)
		return person_get(st, who, person_id, out, e);
	struct stmt *s;
	memset(out, 0, sizeof *out);
	if (store_query(st, &s, e,
	                "SELECT p.id, p.staff_number, p.forenames, p.surname, p.rank, COALESCE(u.name, '') "
	                "FROM people p LEFT JOIN units u ON u.id = p.unit_id WHERE p.id = ?", "i", person_id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		out->id = stmt_int(s, 0);
		snprintf(out->staff_number, sizeof out->staff_number, "%s", stmt_text(s, 1));
		snprintf(out->forenames, sizeof out->forenames, "%s", stmt_text(s, 2));
		snprintf(out->surname, sizeof out->surname, "%s", stmt_text(s, 3));
		snprintf(out->rank, sizeof out->rank, "%s", stmt_text(s, 4));
		snprintf(out->unit, sizeof out->unit, "%s", stmt_text(s, 5));
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	return r ? 0 : err_set(e, ERR_NOTFOUND, "No person %lld", (long long)person_id);
}

int interests_person_scope(struct store *st, const struct actor *who, const struct person *p, enum interest_scope *scope,
                           struct err *e)
{
	if (actor_has(who, INTERESTS_ALL_ROLES))
		*scope = INTERESTS_REGISTER;
	else if (who->person_id && who->person_id == p->id)
		*scope = INTERESTS_MINE;
	else if (who->person_id && who->person_id == p->manager_id)
		*scope = INTERESTS_TEAM;
	else {
		alog_writei(st, who, "view", "person_interests", p->id, "refused", "role", NULL);
		return err_set(e, ERR_DENIED, "Only the person, their line manager, Professional Standards and the deputy "
		                              "chief constable can see their business interests");
	}
	return 0;
}

int interest_end(struct store *st, const struct actor *who, int64_t id, const char *end_date, const char *reason,
                 struct errlist *errs, struct err *e)
{
	struct interest it;
	int64_t mgr = 0;
	if (load(st, id, &it, &mgr, e))
		return -1;
	char today[11];
	date_today(today);
	end_date = end_date && *end_date ? end_date : today;
	reason = nz(reason);
	if (!who->person_id || who->person_id != it.person_id)
		return refuse(st, who, "end", id, 0, "Only the holder can end their interest", e);
	if (!interest_may_end(who, &it))
		return refuse(st, who, "end", id, 1, "This interest has already ended or was not approved", e);
	if (!date_valid(end_date))
		errlist_add(errs, "end_date", "End date must be a real date, like 2026-03-27");
	else if (strcmp(end_date, today) > 0)
		errlist_add(errs, "end_date", "End date must be today or in the past");
	check_len(errs, "end_reason", "Reason", reason, 500);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the end of the interest");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "UPDATE business_interests SET status = 'ended', end_date = ?, end_reason = ?, review_date = '' "
	               "WHERE id = ? AND status = ?",
	               "tt" "i" "t", end_date, reason, id, it.status)) {
		store_rollback(st);
		return -1;
	}
	return finish(st, who, "end", id, "", e);
}

/* ---- lists ----
 * Parameters: 1 scope (0 mine, 1 awaiting, 2 register, 3 team, 4 reviews)
 * 2 me (person id) 3 is_psd 4 is_dcc 5 from 6 to 7 unit 8 organisation
 * 9 kind 10 status 11 person 12 review-by date 13 limit 14 offset
 * One statement a page: the CTE "page" finds the page's ids in order (and
 * the count of all matches), the outer query joins each to its wide row. */
#define LIST_FROM \
	"WITH RECURSIVE sub(id) AS (SELECT CAST(?7 AS BIGINT) UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id), " \
	"page(id, n) AS (SELECT b.id, COUNT(*) OVER () FROM business_interests b "
#define LIST_PEOPLE "JOIN people p ON p.id = b.person_id "
#define LIST_PAGE \
	"SELECT " INTEREST_COLUMNS ", page.n FROM page JOIN business_interests b ON b.id = page.id " INTEREST_JOINS_REST
#define LIST_SQL(order) \
	LIST_FROM LIST_PEOPLE "WHERE (CASE ?1 WHEN 0 THEN b.person_id = ?2 " \
	"  WHEN 1 THEN ((b.status = 'applied' AND p.manager_id = ?2) OR (b.status = 'awaiting_psd' AND ?3 = 1) " \
	"          OR (b.appeal_status = 'pending' AND ?4 = 1)) AND b.person_id <> ?2 " \
	"  WHEN 3 THEN p.manager_id = ?2 " \
	"  WHEN 4 THEN b.status IN ('approved', 'approved_with_conditions') AND b.review_date <> '' " \
	"          AND b.review_date <= ?12 ELSE 1 = 1 END) " \
	"AND (?5 = '' OR b.start_date >= ?5) AND (?6 = '' OR b.start_date <= ?6) " \
	"AND (?7 = 0 OR p.unit_id IN (SELECT id FROM sub)) " \
	"AND (?8 = '' OR strpos(lower(b.organisation), lower(?8)) > 0) " \
	"AND (?9 = '' OR b.kind = ?9) " \
	"AND (?10 = '' OR b.status = ?10 OR (?10 = 'active' AND b.status IN " \
	"     ('applied', 'awaiting_psd', 'approved', 'approved_with_conditions')) " \
	"     OR (?10 = 'appealed' AND b.appeal_status <> '')) " \
	"AND (?11 = 0 OR b.person_id = ?11) " \
	"ORDER BY " order ", b.id DESC LIMIT ?13 OFFSET ?14) " LIST_PAGE "ORDER BY " order ", b.id DESC"
#define SORTS(X) \
	{ "-start", X("b.start_date DESC") }, { "start", X("b.start_date ASC") }, \
	{ "organisation", X("lower(b.organisation) ASC") }, { "-organisation", X("lower(b.organisation) DESC") }, \
	{ "person", X("lower(p.surname || ' ' || p.forenames) ASC") }, \
	{ "-person", X("lower(p.surname || ' ' || p.forenames) DESC") }, \
	{ "status", X("b.status ASC") }, { "-status", X("b.status DESC") }, \
	{ "review", X("b.review_date = '' ASC, b.review_date ASC") }, { "-review", X("b.review_date DESC") }, \
	{ "kind", X("b.kind ASC") }, { "-kind", X("b.kind DESC") }
#define ORDER_ONLY(order) order
static const struct list_sql list_sqls[] = { SORTS(LIST_SQL) };
static const struct list_sql orders[] = { SORTS(ORDER_ONLY) };
#define NSORTS (sizeof orders / sizeof orders[0])
#define SORT_REVIEW 8 /* the reviews' default */

/* ---- the statements per filter shape (listing.h, docs/postgresql.md) ----
 * LIST_SQL holds every scope (a CASE) and every filter ("?N = '' OR …"):
 * PostgreSQL's generic plan of it used no index for a scope, so a person's
 * list read every interest (docs/postgresql.md). A shape's statement
 * holds its scope's branch alone and the filters set as plain terms; the
 * status filter's term is one of three forms (a status, "active",
 * "appealed"). Only shapes of few filters are built (two for the
 * register, one for the other scopes), which bounds what a connection may
 * prepare (43 register shapes and 10 for each other scope, x 12 sorts:
 * 996 statements); more filters at once take LIST_SQL. */
enum { SHAPE_FROM = 1, SHAPE_TO = 2, SHAPE_UNIT = 4, SHAPE_ORGANISATION = 8, SHAPE_KIND = 16, SHAPE_STATUS = 32,
       SHAPE_PERSON = 64, NSHAPES = 128 };
enum { STATUS_ONE, STATUS_ACTIVE, STATUS_APPEALED, NSTATUS_FORMS };
#define NSCOPES (INTERESTS_REVIEWS + 1)

static unsigned filter_shape(const struct interest_filter *f)
{
	return (*nz(f->from) ? SHAPE_FROM : 0) | (*nz(f->to) ? SHAPE_TO : 0) | (f->unit_id ? SHAPE_UNIT : 0) |
	       (*nz(f->organisation) ? SHAPE_ORGANISATION : 0) | (*nz(f->kind) ? SHAPE_KIND : 0) |
	       (*nz(f->status) ? SHAPE_STATUS : 0) | (f->person_id ? SHAPE_PERSON : 0);
}

/* The statement of scope for sort (an index into orders[]) and f's shape:
 * NULL when it has too many filters. */
static const char *shape_sql(enum interest_scope scope, size_t sort, const struct interest_filter *f)
{
	static _Atomic(const char *) made[NSCOPES][NSORTS][NSTATUS_FORMS][NSHAPES];
	unsigned shape = filter_shape(f);
	if (__builtin_popcount(shape) > (scope == INTERESTS_REGISTER ? 2 : 1) || sort >= NSORTS || scope >= NSCOPES)
		return NULL;
	const char *status = nz(f->status);
	size_t form = !strcmp(status, "active") ? STATUS_ACTIVE : !strcmp(status, "appealed") ? STATUS_APPEALED : STATUS_ONE;
	_Atomic(const char *) *slot = &made[scope][sort][form][shape];
	const char *sql = atomic_load(slot);
	if (sql)
		return sql;
	/* each scope's branch of LIST_SQL's CASE, every parameter referenced */
	static const char *const scopes[] = {
		[INTERESTS_MINE] = "?1 = 0 AND b.person_id = ?2 AND ?3 = ?3 AND ?4 = ?4 AND ?12 = ?12 ",
		[INTERESTS_AWAITING] = "?1 = 1 AND ((b.status = 'applied' AND p.manager_id = ?2) OR (b.status = 'awaiting_psd' "
		                       "AND ?3 = 1) OR (b.appeal_status = 'pending' AND ?4 = 1)) AND b.person_id <> ?2 "
		                       "AND ?12 = ?12 ",
		[INTERESTS_TEAM] = "?1 = 3 AND p.manager_id = ?2 AND ?3 = ?3 AND ?4 = ?4 AND ?12 = ?12 ",
		[INTERESTS_REGISTER] = "?1 = 2 AND ?2 = ?2 AND ?3 = ?3 AND ?4 = ?4 AND ?12 = ?12 ",
		[INTERESTS_REVIEWS] = "?1 = 4 AND b.status IN ('approved', 'approved_with_conditions') AND b.review_date <> '' "
		                      "AND b.review_date <= ?12 AND ?2 = ?2 AND ?3 = ?3 AND ?4 = ?4 ",
	};
	static const char *const statuses[] = {
		[STATUS_ONE] = "b.status = ?10",
		[STATUS_ACTIVE] = "?10 = 'active' AND b.status IN ('applied', 'awaiting_psd', 'approved', "
		                  "'approved_with_conditions')",
		[STATUS_APPEALED] = "?10 = 'appealed' AND b.appeal_status <> ''",
	};
	const struct shape_term terms[] = {
		{ SHAPE_FROM, "b.start_date >= ?5", "?5 = ''" },
		{ SHAPE_TO, "b.start_date <= ?6", "?6 = ''" },
		{ SHAPE_UNIT, "p.unit_id IN (SELECT id FROM sub)", "?7 = 0" },
		{ SHAPE_ORGANISATION, "strpos(lower(b.organisation), lower(?8)) > 0", "?8 = ''" },
		{ SHAPE_KIND, "b.kind = ?9", "?9 = ''" },
		{ SHAPE_STATUS, statuses[form], "?10 = ''" },
		{ SHAPE_PERSON, "b.person_id = ?11", "?11 = 0" },
	};
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	/* the page's people only where a term or the order reads them: with
	 * the filters' estimates gone, the generic plan would read them all */
	int people = (shape & SHAPE_UNIT) || strstr(orders[sort].sql, "p.") || scope == INTERESTS_AWAITING ||
	             scope == INTERESTS_TEAM;
	buf_printf(&b, "%s%sWHERE %s", LIST_FROM, people ? LIST_PEOPLE : "", scopes[scope]);
	shape_terms(&b, terms, sizeof terms / sizeof terms[0], shape, 1);
	buf_printf(&b, "ORDER BY %s, b.id DESC LIMIT ?13 OFFSET ?14) " LIST_PAGE "ORDER BY %s, b.id DESC",
	           orders[sort].sql, orders[sort].sql);
	return shape_keep(slot, &b);
}

/* The index in orders[] of sort; dflt when it is unknown. */
static size_t sort_index(const char *sort, size_t dflt)
{
	for (size_t i = 0; sort && i < NSORTS; i++)
		if (!strcmp(orders[i].key, sort))
			return i;
	return dflt;
}

const char *interests_page_statement(enum interest_scope scope, const struct interest_filter *f)
{
	size_t sort = sort_index(f->sort, scope == INTERESTS_REVIEWS ? SORT_REVIEW : 0);
	const char *sql = shape_sql(scope, sort, f);
	return sql ? sql : list_sqls[sort].sql;
}

static int stop_at_first(void *ctx, const struct interest *it)
{
	(void)ctx;
	(void)it;
	return 1;
}

LIST_EACH_ADAPTER(interest_row_fn)

int interests_list(struct store *st, const struct actor *who, enum interest_scope scope,
                   const struct interest_filter *f, interest_row_fn fn, void *ctx, long *total, struct err *e)
{
	*total = 0;
	if ((scope == INTERESTS_REGISTER || scope == INTERESTS_REVIEWS) && !actor_has(who, INTERESTS_ALL_ROLES)) {
		alog_write(st, who, "view", "interest_register", scope == INTERESTS_REVIEWS ? "reviews" : "all", "refused", "",
		           NULL);
		return err_set(e, ERR_DENIED, "Only Professional Standards and the DCC can see the force-wide register");
	}
	static const char *const scopes[] = { [INTERESTS_MINE] = "mine", [INTERESTS_AWAITING] = "awaiting",
		                              [INTERESTS_REGISTER] = "register", [INTERESTS_TEAM] = "team",
		                              [INTERESTS_REVIEWS] = "reviews" };
	if (fn != stop_at_first &&
	    alog_list(st, who, "business_interest", scopes[scope], e,
	              "from=%s to=%s unit=%lld organisation=%s kind=%s status=%s person=%lld sort=%s page=%d",
	              nz(f->from), nz(f->to), (long long)f->unit_id, nz(f->organisation), nz(f->kind), nz(f->status),
	              (long long)f->person_id, nz(f->sort), f->page))
		return -1;
	if ((scope == INTERESTS_MINE || scope == INTERESTS_TEAM) && !who->person_id)
		return 0;
	if (f->person_id && scope == INTERESTS_REGISTER)
		alog_writei(st, who, "view", "person_interest_history", f->person_id, "ok", "", NULL);
	const char *sql = interests_page_statement(scope, f);
	int64_t limit = list_limit(f->per_page);
	int64_t page = f->page > 0 ? f->page : 1;
	static const int scope_code[] = { [INTERESTS_MINE] = 0, [INTERESTS_AWAITING] = 1, [INTERESTS_REGISTER] = 2,
		                          [INTERESTS_TEAM] = 3, [INTERESTS_REVIEWS] = 4 };
	char today[11], due[11];
	date_today(today);
	date_format(date_days(today) + 30, due);
	struct stmt *s;
	if (store_query(st, &s, e, sql, "di" "ii" "tt" "i" "ttt" "i" "t" "ii", scope_code[scope], who->person_id,
	                (int64_t)actor_has(who, ROLE_PSD), (int64_t)actor_has(who, ROLE_DCC), nz(f->from), nz(f->to),
	                f->unit_id, nz(f->organisation), nz(f->kind), nz(f->status), f->person_id, due, limit,
	                list_offset(f->per_page, f->page)))
		return -1;
	if (list_read_each(s, &record, list_each_one, &(struct list_each_ctx){ fn, ctx }, total, e))
		return -1;
	if (*total == 0 && page > 1) {
		struct interest_filter f1 = *f;
		f1.page = 1;
		f1.per_page = 1;
		return interests_list(st, who, scope, &f1, stop_at_first, NULL, total, e);
	}
	return 0;
}

/* ---- export ---- */

REGISTER_ADAPTERS(interest, struct interest, struct interest_filter, enum interest_scope, interests_list,
                  interest_get)

const struct register_def interests_register_def = {
	.record = &record,
	.list = interest_reg_list,
	.get = interest_reg_get,
	.register_scope = INTERESTS_REGISTER,
	.export_roles = INTERESTS_ALL_ROLES,
	.object_type = "interest_register",
	.deny_msg = "Only Professional Standards and the DCC can export the register",
	.title = "Business interests",
};

static int export_register(struct store *st, const struct actor *who, const struct interest_filter *f,
                           enum sheet_format format, struct buf *out, struct err *e)
{
	return register_export(st, who, &interests_register_def, f, format, out, e);
}

int interests_export_csv(struct store *st, const struct actor *who, const struct interest_filter *f,
                         struct buf *out, struct err *e)
{
	return export_register(st, who, f, SHEET_CSV, out, e);
}

int interests_export_xlsx(struct store *st, const struct actor *who, const struct interest_filter *f,
                          struct buf *out, struct err *e)
{
	return export_register(st, who, f, SHEET_XLSX, out, e);
}

/* ---- figures ---- */

int interests_figures(struct store *st, const struct actor *who, const char *from, const char *to,
                      struct interest_figures *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (!actor_has(who, INTERESTS_ALL_ROLES)) {
		alog_write(st, who, "view", "interest_figures", "all", "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only Professional Standards and the DCC can see the figures");
	}
	/* Timestamps compare as text: the date part is the first 10 characters. */
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT "
	                "COUNT(CASE WHEN substr(created_at, 1, 10) BETWEEN ?1 AND ?2 AND import_key IS NULL THEN 1 END), "
	                "COUNT(CASE WHEN decision = 'approved' AND substr(decided_at, 1, 10) BETWEEN ?1 AND ?2 THEN 1 END), "
	                "COUNT(CASE WHEN decision = 'approved_with_conditions' AND substr(decided_at, 1, 10) BETWEEN ?1 AND ?2 THEN 1 END), "
	                "COUNT(CASE WHEN decision = 'refused' AND substr(decided_at, 1, 10) BETWEEN ?1 AND ?2 THEN 1 END), "
	                "COUNT(CASE WHEN appealed_at <> '' AND substr(appealed_at, 1, 10) BETWEEN ?1 AND ?2 THEN 1 END), "
	                "COUNT(CASE WHEN appeal_status = 'upheld' AND substr(appeal_decided_at, 1, 10) BETWEEN ?1 AND ?2 THEN 1 END), "
	                "COUNT(CASE WHEN appeal_status = 'overturned' AND substr(appeal_decided_at, 1, 10) BETWEEN ?1 AND ?2 THEN 1 END), "
	                "(SELECT COUNT(*) FROM interest_reviews WHERE outcome = 'withdrawn' "
	                "   AND substr(reviewed_at, 1, 10) BETWEEN ?1 AND ?2), "
	                "COUNT(CASE WHEN status = 'ended' AND end_date BETWEEN ?1 AND ?2 THEN 1 END) "
	                "FROM business_interests",
	                "tt", from && *from ? from : "0000-00-00", to && *to ? to : "9999-99-99"))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		long *v[] = { &out->applications, &out->approved, &out->approved_with_conditions, &out->refused,
			      &out->appealed, &out->upheld, &out->overturned, &out->withdrawn, &out->ended };
		for (int i = 0; i < 9; i++)
			*v[i] = (long)stmt_int(s, i);
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

/* ---- import ---- */

enum { I_STAFF, I_KIND, I_ORG, I_DESC, I_START, I_STATUS, I_NCOL };

/* The import key: a hash of the row's fields. Two identical rows in a file
 * are one interest (a register does not hold the same interest twice). */
static void import_key(const struct csv *c, char out[65])
{
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	for (size_t i = 0; i < I_NCOL; i++) {
		const char *f = csv_field(c, i);
		crypto_hash_sha256_update(&h, (const unsigned char *)f, strlen(f) + 1);
	}
	unsigned char d[32];
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(out, 65, d, sizeof d);
}

static int import_row(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct store *st = im->st;
	static const char *const statuses[] = { "applied", "approved", "approved_with_conditions", "refused", "ended",
		                                NULL };
	const char *f[I_NCOL];
	for (int i = 0; i < I_NCOL; i++)
		f[i] = csv_field(c, (size_t)i);
	int64_t person;
	int r = store_int(st, e, &person, "SELECT id FROM people WHERE staff_number = ?", "t", f[I_STAFF]);
	if (r < 0)
		return -1;
	if (r == 0)
		return csv_row_error(e, c, "staff_number", "no person with staff number \"%s\"", f[I_STAFF]);
	if (!interest_kind_valid(f[I_KIND]))
		return csv_row_error(e, c, "kind",
		                     "\"%s\" is not one of second_job, own_business, property_letting, shareholding, "
		                     "directorship, voluntary, family_business", f[I_KIND]);
	if (!*f[I_ORG] || strlen(f[I_ORG]) > 200)
		return csv_row_error(e, c, "organisation", "required, at most 200 characters");
	if (!*f[I_DESC] || strlen(f[I_DESC]) > 1000)
		return csv_row_error(e, c, "description", "required, at most 1000 characters");
	const char *sp = start_date_problem(f[I_START]);
	if (sp)
		return csv_row_error(e, c, "start_date", "%s (\"%s\")", sp, f[I_START]);
	if (index_of(f[I_STATUS], statuses) < 0)
		return csv_row_error(e, c, "status",
		                     "\"%s\" is not one of applied, approved, approved_with_conditions, refused, ended",
		                     f[I_STATUS]);
	/* An imported approval is next reviewed on the first anniversary of its
	 * start date from today. */
	char review[11] = "", today[11], key[65], now[21];
	if (!strncmp(f[I_STATUS], "approved", 8)) {
		date_today(today);
		int years = 1;
		interests_add_months(f[I_START], 12, review);
		while (strcmp(review, today) < 0 && years < 200)
			interests_add_months(f[I_START], 12 * ++years, review);
	}
	import_key(c, key);
	time_now_iso(now);
	if (store_exec(st, e,
	               "INSERT INTO business_interests(person_id, kind, organisation, description, start_date, status, "
	               "decision, review_date, created_at, import_key) "
	               "VALUES(?, ?, ?, ?, ?, ?, CASE WHEN ?6 IN ('approved', 'approved_with_conditions', 'refused') "
	               "THEN ?6 ELSE '' END, ?, ?, ?) ON CONFLICT(import_key) DO NOTHING",
	               "itttttttt", person, f[I_KIND], f[I_ORG], f[I_DESC], f[I_START], f[I_STATUS], review, now, key))
		return -1;
	im->n.created += store_changes(st);
	return 0;
}

int interests_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e)
{
	static const struct csv_import_spec spec = { INTERESTS_IMPORT_HEADER, I_NCOL, "business_interests", NULL,
		                                     import_row, NULL, .reg = &interests_register_def,
		                                     .exists_sql = "SELECT id FROM business_interests WHERE id = ?" };
	struct csv_import im = { .st = st, .dry_run = dry_run };
	int r = csv_import_file(&spec, &im, path, e);
	*s = im.n;
	return r;
}
