/* training.h — training and policy acknowledgement (M15, docs/training.md):
 * who has been taught the Code of Ethics and the warning signs of abuse of
 * position, who has read the integrity policies, and who is overdue.
 *
 * Courses and policies are data (imported catalogues, tables of migration
 * 033); completions come from the force's learning system (import) or from
 * attendance recorded at a briefing; acknowledgements from the person
 * themself, one per policy version, so a new version asks again.
 *
 * The compliance rule (computed here in C, never in SQL), for a person active
 * on D (start_date <= D, no leave_date or leave_date > D) and a course that
 * applies to them on D (all; officers: kind officer or special; staff: kind
 * staff; supervisors: line-manages at least one person active on D), with
 * last = their latest completion on or before D:
 *   complete  last exists and (every_months is 0 or last + every_months
 *             months is after D); due is last + every_months months, or ""
 *             when every_months is 0;
 *   otherwise due is last + every_months months when there was a completion
 *             (it expired), else start_date + within_days_of_start days; the
 *             status is "due" when that date is on or after D, "overdue"
 *             when it is before D.
 * Adding months keeps the day of the month, or the month's last day.
 * A policy's current version on D is its latest published on or before D;
 * a person to whom it applies must acknowledge it within training.policy_days
 * (config, default 28) of the later of its publication and their start.
 *
 * Need-to-know: the person sees their own; a line manager their direct
 * reports; PSD, the training lead (role training) and admin the force.
 * Every list (with its filters), every change and every refusal is
 * access-logged. The published share by directorate is for every signed-in
 * role and goes through disclosure control (domain/disclosure.h). */
#ifndef PROBITY_TRAINING_H
#define PROBITY_TRAINING_H

#include "core/buf.h"
#include "core/err.h"
#include "domain/actor.h"
#include "domain/people.h"
#include "domain/record.h"
#include "domain/register.h"
#include "domain/status.h"
#include <stdint.h>

struct store;

#define TRAINING_COURSES_HEADER "course,applies_to,every_months,within_days_of_start"
#define TRAINING_IMPORT_HEADER "staff_number,course,completed"
#define TRAINING_POLICIES_HEADER "policy,version,published,applies_to,summary"
#define TRAINING_COMPLIANCE_HEADER "staff_number,course,status,due"

/* Who sees the force's figures and individuals: PSD, the training lead, admin. */
#define TRAINING_READERS (ROLE_PSD | ROLE_TRAINING | ROLE_ADMIN)
/* Who records attendance at a briefing. */
#define TRAINING_RECORDERS (ROLE_TRAINING | ROLE_ADMIN)

enum training_applies { TR_APPLIES_ALL, TR_APPLIES_OFFICERS, TR_APPLIES_STAFF, TR_APPLIES_SUPERVISORS, TR_NAPPLIES };
extern const char *const training_applies_names[]; /* NULL-terminated, by the enum */
const char *training_applies_label(int applies);

enum training_state { TR_COMPLETE, TR_DUE, TR_OVERDUE, TR_NSTATE };
extern const struct status_def training_statuses[TR_NSTATE];

/* Add months to the date of day number z, keeping the day of the month or
 * the month's last day; returns a day number. */
long training_add_months(long z, int months);

/* The rule for one person and course (see above): start the person's start
 * date, last their latest completion on or before asof ("" none), all
 * YYYY-MM-DD. Returns the state and writes due ("" when none; 11 bytes). */
enum training_state training_rule(int every_months, int within_days, const char *start, const char *last,
                                  const char *asof, char due[11]);

/* ---- catalogue ---- */

struct training_course {
	int64_t id;
	char name[128];
	int applies;
	int every_months;
	int within_days;
};
/* The catalogue in its order; fn non-zero stops. Anyone may read it. */
typedef int (*training_course_fn)(void *ctx, const struct training_course *c);
int training_courses(struct store *st, training_course_fn fn, void *ctx, struct err *e);

/* Imports (csv_import.h: all-or-nothing, rerunnable, dry_run, file:line:
 * column: problem). Courses: new names are appended to the catalogue, known
 * ones updated. Completions: a completion already held is unchanged.
 * Policies: a policy's applies_to is updated, a new version is added. */
int training_courses_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e);
int training_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e);
int training_policies_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e);

/* Record that each person (staff numbers separated by spaces, commas or new
 * lines) attended course_id on date (today or earlier). Training lead or
 * admin. All or nothing: an unknown staff number is named in errs. *n is
 * how many new completions were written (one already held is not). */
/* 0 when who may record attendance; else the refusal, logged. */
int training_may_record(struct store *st, const struct actor *who, struct err *e);
int training_record_attendance(struct store *st, const struct actor *who, int64_t course_id, const char *date,
                               const char *staff_numbers, long *n, struct errlist *errs, struct err *e);

/* ---- compliance ---- */

/* One person and course on the day; one field list (domain/record.h). */
#define TRAINING_ROW_FIELDS(X) \
	X(I64, id, 0, "", NULL, NULL) /* the row's place in the whole list, from 1 */ \
	X(I64, person_id, 0, "", NULL, NULL) \
	X(I64, course_id, 0, "", "course_id", NULL) \
	X(TEXT, staff_number, 32, "", "staff_number", "staff_number") \
	X(TEXT, name, 200, "", "name", "name") \
	X(TEXT, unit, 128, "", "unit", "unit") \
	X(TEXT, course, 128, "", "course", "course") \
	X(STATUS, status, 10, "", "status", "status") \
	X(TEXT, due, 11, "", "due", "due") \
	X(TEXT, last, 11, "", "last_completed", "last_completed") \
	X(BOOL, joiner, 0, "", "joiner_past_window", "joiner_past_window")

struct training_row {
	TRAINING_ROW_FIELDS(RECORD_MEMBER)
};

enum training_scope { TR_OWN, TR_TEAM, TR_FORCE };

struct training_filter {
	const char *as_of;     /* YYYY-MM-DD; "" or NULL: today */
	int64_t unit_id;       /* 0 any; a unit includes its sub-units */
	int64_t course_id;     /* 0 any */
	const char *status;    /* "" any, complete, due, overdue, or "outstanding" (due or overdue) */
	int joiners;           /* 1: only joiners past their window (never completed, overdue from start) */
	int64_t person_id;     /* 0 any; else only this person (e.g. one of a manager's team) */
	int page;
	int per_page;          /* default 50, max 500; -1 all */
};

typedef int (*training_row_fn)(void *ctx, const struct training_row *r);
/* The rows of scope for f, ordered by staff number then the catalogue's
 * order. TR_OWN: who's own; TR_TEAM: who's direct reports; TR_FORCE:
 * TRAINING_READERS (a refusal is logged). A bad as_of is ERR_INPUT. */
int training_list(struct store *st, const struct actor *who, enum training_scope scope,
                  const struct training_filter *f, training_row_fn fn, void *ctx, long *total, struct err *e);

/* The CLI's contract: CSV with TRAINING_COMPLIANCE_HEADER for every person
 * active on as_of ("" today), appended to out. Logged as an export. */
int training_compliance_csv(struct store *st, const struct actor *who, const char *as_of, struct buf *out,
                            struct err *e);

/* The register (list, export) of the force's compliance. */
extern const struct register_def training_register_def;

/* Compliance by unit and course (TRAINING_READERS): each unit's figures
 * include its sub-units. One call per unit, in hierarchy order. */
struct training_unit_counts {
	int64_t unit_id;
	const char *unit;
	int depth;
	long n[TR_NSTATE];
};
typedef int (*training_unit_fn)(void *ctx, const struct training_unit_counts *c);
int training_by_unit(struct store *st, const struct actor *who, const char *as_of, int64_t course_id,
                     training_unit_fn fn, void *ctx, struct err *e);

/* The published share up to date, by directorate, of each course that
 * applies to everyone; any signed-in role. A share is withheld (shown is 0)
 * when its directorate has fewer than k people for the course or when its
 * complete or not-complete count is under k (disclosure.h). */
struct training_published {
	const char *directorate;
	const char *course;
	long people;          /* 0 when withheld */
	int shown;
	int percent;          /* rounded share complete, when shown */
};
typedef int (*training_published_fn)(void *ctx, const struct training_published *p);
int training_published(struct store *st, const struct actor *who, const char *as_of, training_published_fn fn,
                       void *ctx, struct err *e);

/* ---- policies ---- */

enum policy_state { POL_ACKNOWLEDGED, POL_DUE, POL_OVERDUE, POL_NSTATE };
extern const struct status_def policy_statuses[POL_NSTATE];

struct policy_status {
	int64_t policy_id;
	int64_t version_id;    /* the current version */
	char policy[128];
	char version[32];
	char published[11];
	char summary[501];
	int state;
	char due[11];          /* when not acknowledged */
	char acknowledged[21]; /* when acknowledged: the time, UTC */
};
typedef int (*policy_status_fn)(void *ctx, const struct policy_status *p);
/* The current version of each policy that applies to who's person today,
 * with whether they acknowledged it. Logged as a list. */
int policy_mine(struct store *st, const struct actor *who, policy_status_fn fn, void *ctx, struct err *e);
/* who acknowledges version_id: it must be the current version of a policy
 * that applies to them. Acknowledging twice is one acknowledgement. */
int policy_acknowledge(struct store *st, const struct actor *who, int64_t version_id, struct err *e);

/* Each policy's current version and how many it applies to have and have
 * not acknowledged it (TRAINING_READERS). */
struct policy_summary {
	int64_t version_id;
	const char *policy;
	const char *version;
	const char *published;
	long people, acknowledged, overdue;
};
typedef int (*policy_summary_fn)(void *ctx, const struct policy_summary *p);
int policy_summaries(struct store *st, const struct actor *who, policy_summary_fn fn, void *ctx, struct err *e);

/* Who has and has not acknowledged the current policy versions, one row per
 * person in post today and current version applying to them, by staff
 * number then the policies' order (TRAINING_READERS; a list, logged). */
#define POLICY_ROW_FIELDS(X) \
	X(I64, id, 0, "", NULL, NULL) /* the row's place in the whole list, from 1 */ \
	X(I64, version_id, 0, "", "version_id", NULL) \
	X(TEXT, staff_number, 32, "", "staff_number", "staff_number") \
	X(TEXT, name, 200, "", "name", "name") \
	X(TEXT, unit, 128, "", "unit", "unit") \
	X(TEXT, policy, 128, "", "policy", "policy") \
	X(TEXT, version, 32, "", "version", "version") \
	X(STATUS, status, 14, "", "status", "status") \
	X(TEXT, due, 11, "", "due", "due") \
	X(TEXT, acknowledged, 21, "", "acknowledged_at", "acknowledged_at")

struct policy_row {
	POLICY_ROW_FIELDS(RECORD_MEMBER)
};

struct policy_filter {
	int64_t version_id;    /* 0 every current version */
	int64_t unit_id;       /* 0 any; with sub-units */
	const char *status;    /* "" any, acknowledged, due, overdue, or "outstanding" (due or overdue) */
	int page;
	int per_page;
};
typedef int (*policy_row_fn)(void *ctx, const struct policy_row *r);
int policy_list(struct store *st, const struct actor *who, const struct policy_filter *f, policy_row_fn fn, void *ctx,
                long *total, struct err *e);
/* The register (list, export) of policy acknowledgement. */
extern const struct register_def policy_register_def;

/* For the notification model (src/domain/notify.c): each current person's
 * due date for each course that applies to them and has one (a joiner's
 * window, a refresher's expiry; none once a one-off course is done), on
 * as_of. person_id / manager_id non-zero: only that person / their direct
 * reports. fn non-zero stops. No need-to-know and no log row: the caller
 * delivers each only to the person and, overdue, their line manager. */
typedef int (*training_due_fn)(void *ctx, int64_t person_id, int64_t course_id, const char *due);
int training_due_each(struct store *st, const char *as_of, int64_t person_id, int64_t manager_id, training_due_fn fn,
                      void *ctx, struct err *e);

/* For the risk picture's indicator "supervisor overdue on abuse-of-position
 * training": how many courses that apply to person_id on as_of ("" today)
 * are overdue, counting only courses whose applies_to is applies (-1: any).
 * No need-to-know check and not logged: the caller (an indicator over many
 * people) applies its own and logs what it shows. */
int training_overdue_count(struct store *st, int64_t person_id, const char *as_of, int applies, long *n,
                           struct err *e);

/* For the home page: how many of who's own courses and policies are due or
 * overdue today (not logged: counts of one's own). */
int training_own_counts(struct store *st, const struct actor *who, long *due, long *overdue, struct err *e);

#endif
