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
#include <stdint.h>

struct store;
struct import_stats;
struct person;

#define INTERESTS_IMPORT_HEADER "staff_number,kind,organisation,description,start_date,status"
/* Who may see every interest. */
#define INTERESTS_ALL_ROLES (ROLE_PSD | ROLE_DCC | ROLE_ADMIN)

struct interest {
	int64_t id;
	int64_t person_id;
	char staff_number[32];
	char person_name[200];
	char unit[128];
	int chief_officer;
	char kind[24];
	char organisation[201];
	char description[1001];
	int hours_per_week;
	char start_date[11];
	char conflict[1001];
	char status[32];
	char manager_name[200];
	char manager_recommendation[16];   /* support, do_not_support, "" */
	char manager_comment[1001];
	char manager_at[21];
	char psd_name[64];
	char decision[32];
	char conditions[1001];
	char decision_reason[1001];
	char decided_at[21];
	char appeal_status[16];            /* "", pending, upheld, overturned */
	char appeal_of[16];                /* refusal, conditions */
	char appeal_grounds[1001];
	char appealed_at[21];
	char dcc_name[64];
	char appeal_reason[1001];
	char appeal_decided_at[21];
	char review_date[11];
	char end_date[11];
	char end_reason[501];
	char created_at[21];
};

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
	char by[64];             /* the reviewer's username */
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
