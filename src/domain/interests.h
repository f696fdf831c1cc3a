/* interests.h — business interests and secondary employment (M2).
 * A member of staff applies (kind, organisation, description, hours a week,
 * start date, how it could conflict with police duties). Their line manager
 * recommends (support / do not support); PSD decides: approved, approved
 * with conditions, or refused with a reason. The applicant may appeal a
 * refusal or the conditions once; the DCC upholds or overturns the decision
 * with a reason. Every approval carries a review date (config
 * interests.review_months, default 12); PSD's review confirms it, changes
 * its conditions or withdraws it. The holder can end an interest.
 *
 * Status (table business_interests, migration 006): applied (awaiting the
 * line manager) -> awaiting_psd -> approved | approved_with_conditions |
 * refused; then withdrawn or ended. An appeal is kept beside the status in
 * appeal_status (pending, upheld, overturned).
 *
 * Need-to-know, enforced here: staff see their own interests; a line
 * manager their direct reports'; psd, dcc and admin all. Every view of
 * another person's interest, every change and every refusal is logged. */
#ifndef PROBITY_INTERESTS_H
#define PROBITY_INTERESTS_H

#include "core/buf.h"
#include "core/err.h"
#include "domain/actor.h"
#include "domain/record.h"
#include "domain/register.h"
#include "domain/status.h"
#include <stdint.h>

struct store;
struct import_stats;
struct person;

#define INTERESTS_IMPORT_HEADER "staff_number,kind,organisation,description,start_date,status"
/* Who may see every interest. */
#define INTERESTS_ALL_ROLES (ROLE_PSD | ROLE_DCC | ROLE_ADMIN)

/* The record, one field list (domain/record.h): kind, member, size, SQL
 * (over FROM business_interests b JOIN people p, units u, people m,
 * accounts pa, accounts da), JSON key, export column. */
#define INTEREST_FIELDS(X) \
	X(I64, id, 0, "b.id", NULL, NULL) \
	X(I64, person_id, 0, "b.person_id", NULL, NULL) \
	X(TEXT, staff_number, 32, "p.staff_number", "staff_number", "staff_number") \
	X(TEXT, person_name, 200, "p.forenames || ' ' || p.surname", "name", "name") \
	X(TEXT, unit, 128, "COALESCE(u.name, '')", "unit", "unit") \
	X(INT, chief_officer, 0, "p.chief_officer", NULL, NULL) \
	X(TEXT, kind, 24, "b.kind", "kind", "kind") \
	X(TEXT, organisation, 201, "b.organisation", "organisation", "organisation") \
	X(TEXT, description, 1001, "b.description", "description", "description") \
	X(INT, hours_per_week, 0, "b.hours_per_week", "hours_per_week", "hours_per_week") \
	X(TEXT, start_date, 11, "b.start_date", "start_date", "start_date") \
	X(TEXT, conflict, 1001, "b.conflict", "possible_conflict", "possible_conflict") \
	X(STATUS, status, 32, "b.status", "status", "status") \
	X(TEXT, manager_name, 200, "COALESCE(m.forenames || ' ' || m.surname, '')", NULL, NULL) \
	X(TEXT, manager_recommendation, 16, "b.manager_recommendation", "manager_recommendation", \
	  "manager_recommendation") /* support, do_not_support, "" */ \
	X(TEXT, manager_comment, 1001, "b.manager_comment", NULL, NULL) \
	X(TEXT, manager_at, 21, "b.manager_at", NULL, NULL) \
	X(TEXT, psd_name, 200, "COALESCE((SELECT x.forenames || ' ' || x.surname FROM people x WHERE x.id = pa.person_id), pa.username, '')", NULL, NULL) \
	X(TEXT, decision, 32, "b.decision", "decision", "decision") \
	X(TEXT, conditions, 1001, "b.conditions", "conditions", "conditions") \
	X(TEXT, decision_reason, 1001, "b.decision_reason", NULL, "decision_reason") \
	X(TEXT, decided_at, 21, "b.decided_at", NULL, NULL) \
	X(TEXT, appeal_status, 16, "b.appeal_status", "appeal_status", "appeal") /* "", pending, upheld, overturned */ \
	X(TEXT, appeal_of, 16, "b.appeal_of", NULL, NULL) /* refusal, conditions */ \
	X(TEXT, appeal_grounds, 1001, "b.appeal_grounds", NULL, NULL) \
	X(TEXT, appealed_at, 21, "b.appealed_at", NULL, NULL) \
	X(TEXT, dcc_name, 200, "COALESCE((SELECT x.forenames || ' ' || x.surname FROM people x WHERE x.id = da.person_id), da.username, '')", NULL, NULL) \
	X(TEXT, appeal_reason, 1001, "b.appeal_reason", NULL, "appeal_reason") \
	X(TEXT, appeal_decided_at, 21, "b.appeal_decided_at", NULL, NULL) \
	X(TEXT, review_date, 11, "b.review_date", "review_date", "review_date") \
	X(TEXT, end_date, 11, "b.end_date", "end_date", "end_date") \
	X(TEXT, end_reason, 501, "b.end_reason", NULL, NULL) \
	X(TEXT, created_at, 21, "b.created_at", "created_at", NULL)

struct interest {
	INTEREST_FIELDS(RECORD_MEMBER)
};

/* The statuses (domain/status.h), in interest_statuses[] by this enum. */
enum interest_status {
	INTEREST_APPLIED, INTEREST_AWAITING_PSD, INTEREST_APPROVED, INTEREST_APPROVED_WITH_CONDITIONS, INTEREST_REFUSED,
	INTEREST_WITHDRAWN, INTEREST_ENDED, INTEREST_NSTATUS
};
extern const struct status_def interest_statuses[INTEREST_NSTATUS];
/* it's status as the enum; -1 when it is none of them. */
int interest_status(const struct interest *it);
/* An appeal's statuses ("" no appeal), in interest_appeals[] by this enum. */
enum interest_appeal_state { APPEAL_NONE, APPEAL_PENDING, APPEAL_UPHELD, APPEAL_OVERTURNED, APPEAL_NSTATUS };
extern const struct status_def interest_appeals[APPEAL_NSTATUS];
/* it's appeal status as the enum; -1 when it is none of them. */
int interest_appeal_state(const struct interest *it);

/* Its reference, BI and six digits: the one format pages, CSV and JSON show. */
const char *interest_ref(int64_t id, char out[REF_MAX]);

/* The register's read side (domain/register.h): list, get, export, JSON. */
extern const struct register_def interests_register_def;

/* An application as typed (all text, as posted). */
struct interest_input {
	const char *kind;
	const char *organisation;
	const char *description;
	const char *hours_per_week;  /* whole hours, 0 to 80 */
	const char *start_date;
	const char *conflict;
	const char *submit_key;      /* the form's one-time key: a repost returns the same id */
};

/* Apply (who must have a person). ERR_INPUT with every problem in errs. */
int interest_apply(struct store *st, const struct actor *who, const struct interest_input *in, int64_t *id,
                   struct errlist *errs, struct err *e);
/* interest_apply's checks without storing, for check your answers. */
int interest_check(struct store *st, const struct actor *who, const struct interest_input *in,
                   struct errlist *errs, struct err *e);
/* Load one interest if who may see it (else ERR_DENIED, logged). */
int interest_get(struct store *st, const struct actor *who, int64_t id, struct interest *out, struct err *e);

/* Whether who may end the interest now: its holder, while it is applied
 * for, awaiting PSD or approved. */
int interest_may_end(const struct actor *who, const struct interest *it);
/* The step who may take next on the interest, by the rules the actions
 * below enforce (so a page offers a form only when its POST would pass):
 * the line manager recommends an application, PSD decides it, the holder
 * may appeal a refusal or conditions once, the DCC decides a pending appeal,
 * PSD reviews an approval; nobody acts on their own interest but to appeal. */
enum interest_step {
	INTEREST_STEP_NONE,
	INTEREST_STEP_RECOMMEND,
	INTEREST_STEP_DECIDE,
	INTEREST_STEP_APPEAL,
	INTEREST_STEP_APPEAL_DECIDE,
	INTEREST_STEP_REVIEW,
};
enum interest_step interest_next_step(struct store *st, const struct actor *who, const struct interest *it);
/* PSD's reviews of an interest, newest first. it: as interest_get returned
 * it (which checked that who may see it). fn returns non-zero to stop. */
struct interest_review_row {
	char reviewed_at[21];
	char outcome[24];        /* confirmed, conditions_changed, withdrawn */
	char conditions[1001];
	char note[1001];
	char by[64];             /* the reviewer's name (else username) */
};
typedef int (*interest_review_fn)(void *ctx, const struct interest_review_row *r);
int interest_reviews_list(struct store *st, const struct interest *it, interest_review_fn fn, void *ctx,
                          struct err *e);
/* The person whose interests a page lists (name, staff number, rank, unit):
 * whoever may see their personnel record gets it (person_get, which logs);
 * the DCC, who sees every interest, gets the holder's name, rank and unit
 * without the rest of the record. ERR_NOTFOUND when there is no such person. */
int interest_holder_get(struct store *st, const struct actor *who, int64_t person_id, struct person *out,
                        struct err *e);
/* The line manager's recommendation: "support" or "do_not_support"
 * (comment required for the latter). Moves applied -> awaiting_psd. */
int interest_recommend(struct store *st, const struct actor *who, int64_t id, const char *recommendation,
                       const char *comment, struct errlist *errs, struct err *e);
/* PSD's decision: "approved", "approved_with_conditions" (conditions
 * required) or "refused" (reason required). */
int interest_decide(struct store *st, const struct actor *who, int64_t id, const char *decision,
                    const char *conditions, const char *reason, struct errlist *errs, struct err *e);
/* The applicant appeals a refusal or the conditions (once; grounds required). */
int interest_appeal(struct store *st, const struct actor *who, int64_t id, const char *grounds,
                    struct errlist *errs, struct err *e);
/* The DCC decides a pending appeal: "upheld" or "overturned", reason required.
 * Overturning approves the interest without conditions. */
int interest_appeal_decide(struct store *st, const struct actor *who, int64_t id, const char *outcome,
                           const char *reason, struct errlist *errs, struct err *e);
/* PSD's annual review of an approved interest: "confirmed" (next review in
 * interests.review_months), "conditions_changed" (conditions: the new ones,
 * empty to remove them) or "withdrawn" (note required). */
int interest_review(struct store *st, const struct actor *who, int64_t id, const char *outcome,
                    const char *conditions, const char *note, struct errlist *errs, struct err *e);
/* The holder ends their interest (end_date "" means today). */
int interest_end(struct store *st, const struct actor *who, int64_t id, const char *end_date, const char *reason,
                 struct errlist *errs, struct err *e);

struct interest_filter {
	const char *from, *to;     /* start_date range, inclusive */
	int64_t unit_id;           /* includes sub-units */
	const char *organisation;  /* substring, case-insensitive */
	const char *kind;
	const char *status;        /* "" any; "active" = applied, awaiting_psd, approved, approved_with_conditions */
	int64_t person_id;
	const char *sort;          /* start, organisation, person, status, review, kind; '-' prefix descending */
	int page;
	int per_page;              /* default 50, max 500; -1 all (exports) */
};

enum interest_scope {
	INTERESTS_MINE,
	INTERESTS_AWAITING,   /* awaiting who: manager's recommendation, PSD's decision, DCC's appeal decision */
	INTERESTS_TEAM,
	INTERESTS_REGISTER,   /* psd, dcc, admin */
	INTERESTS_REVIEWS,    /* approved, review due within 30 days or overdue (psd, dcc, admin) */
};

/* The scope in which who sees p's interests (their page): the register for
 * PSD, the DCC and admin, their own, or a direct report's. Anyone else is
 * refused, logged, with ERR_DENIED rather than shown an empty list. */
int interests_person_scope(struct store *st, const struct actor *who, const struct person *p, enum interest_scope *scope,
                           struct err *e);

/* The statement interests_list runs for a page of scope with f's filters
 * and sort: one per shape, the filters set, the status's form and the sort
 * (interests.c), the same text for the same shape; for the tests. */
const char *interests_page_statement(enum interest_scope scope, const struct interest_filter *f);
typedef int (*interest_row_fn)(void *ctx, const struct interest *it);
int interests_list(struct store *st, const struct actor *who, enum interest_scope scope,
                   const struct interest_filter *f, interest_row_fn fn, void *ctx, long *total, struct err *e);

/* The register (exactly the rows of interests_list REGISTER for f, all
 * pages) as CSV or XLSX; psd, dcc, admin only; logged. */
int interests_export_csv(struct store *st, const struct actor *who, const struct interest_filter *f,
                         struct buf *out, struct err *e);
int interests_export_xlsx(struct store *st, const struct actor *who, const struct interest_filter *f,
                          struct buf *out, struct err *e);

/* Figures for applications made, decisions, appeals and overturns dated
 * within [from, to] (inclusive; "" = open). psd, dcc, admin only. */
struct interest_figures {
	long applications, approved, approved_with_conditions, refused, appealed, upheld, overturned, withdrawn,
		ended;
};
int interests_figures(struct store *st, const struct actor *who, const char *from, const char *to,
                      struct interest_figures *out, struct err *e);

/* Import an existing register (INTERESTS_IMPORT_HEADER). All-or-nothing,
 * rerunnable (a row already imported is not imported again), dry_run. */
int interests_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e);

/* Labels. */
const char *interest_kind_label(const char *kind);
const char *interest_status_label(const char *status);
int interest_kind_valid(const char *kind);
/* date (YYYY-MM-DD) plus months (may be negative), clamped to the month's end. */
void interests_add_months(const char *date, int months, char out[11]);

#endif
