/* complaints.h — complaints and conduct (M9): cases and allegations under
 * the 2020 system, reflective practice (RPRP), misconduct proceedings,
 * complainants' reviews, and the IOPC bulletin measures computed exactly
 * from the counting rules written down in docs/complaints.md.
 *
 * NEED TO KNOW, enforced here:
 *   - PSD manages cases (reads, decides, records RPRP and proceedings);
 *   - nobody handles, decides or reviews a case in which they are a subject
 *     or the complainant, nor (duty.line_manager.complaints, default 1) one
 *     about someone they line-manage (duty.h, kind "complaints"): a
 *     subject never sees a case about them, even with the PSD role;
 *   - the pcc role reads a case only while a review of it by the PCC's
 *     office (review_body lpb) is open (requested, not completed), and
 *     decides that review, under the same separation of duties;
 *   - the bulletin (aggregates, no names) is for psd, dcc, governance,
 *     scrutiny, pcc and admin (CPL_AGG_ROLES);
 * every read, list and refusal is written to the access log.
 * who == NULL is the system (the command line, run by an administrator). */
#ifndef PROBITY_COMPLAINTS_H
#define PROBITY_COMPLAINTS_H

#include "core/buf.h"
#include "core/err.h"
#include "domain/actor.h"
#include "domain/people.h"
#include <stddef.h>
#include <stdint.h>

struct store;

#define CPL_CASES_HEADER "case_ref,kind,received,logged,contacted,schedule3,sch3_reason,handling,finalised"
#define CPL_ALLEGATIONS_HEADER "case_ref,allegation_ref,subject_staff_number,category,outcome,finalised"
#define CPL_REVIEWS_HEADER "case_ref,review_body,requested,completed,result"
#define CPL_BULLETIN_HEADER "measure,group,value"

#define CPL_AGG_ROLES (ROLE_PSD | ROLE_DCC | ROLE_GOVERNANCE | ROLE_SCRUTINY | ROLE_PCC | ROLE_ADMIN)
/* The bulletin's and the trends' readers: the aggregate readers and the
 * equality lead (who alone sees every figure, without disclosure control). */
#define CPL_TREND_ROLES (CPL_AGG_ROLES | ROLE_EQUALITY)

/* The value lists, in the bulletin's order. */
#define CPL_NHANDLING 5
extern const char *const cpl_handlings[CPL_NHANDLING];
#define CPL_NOUTCOMES 11
extern const char *const cpl_outcomes[CPL_NOUTCOMES];
#define CPL_NREASONS 3
extern const char *const cpl_sch3_reasons[CPL_NREASONS];

/* ---- import ---- */
struct cpl_import_stats {
	struct import_stats cases, allegations, reviews;
};
/* Import CASES.csv, ALLEGATIONS.csv and (reviews_path != NULL) REVIEWS.csv in
 * one transaction: all or nothing across the files; rerunning the same
 * files changes nothing. Errors name "file:line: column: problem". */
int complaints_import(struct store *st, const struct actor *who, const char *cases_path, const char *alleg_path,
                      const char *reviews_path, int dry_run, struct cpl_import_stats *s, struct err *e);

/* The same from memory (an upload, the fuzz harness): files named
 * CASES.csv, ALLEGATIONS.csv, REVIEWS.csv in messages; reviews may be NULL. */
int complaints_import_mem(struct store *st, const struct actor *who, const char *cases, size_t ncases,
                          const char *alleg, size_t nalleg, const char *reviews, size_t nreviews, int dry_run,
                          struct cpl_import_stats *s, struct err *e);

/* ---- working days ---- */
/* The bank holidays (day numbers, sorted, weekdays only), loaded from the
 * bank_holidays table. */
struct cpl_calendar {
	long *hol;
	size_t n;
};
int cpl_calendar_load(struct store *st, struct cpl_calendar *cal, struct err *e);
void cpl_calendar_release(struct cpl_calendar *cal);
/* Days d with a < d <= b that are Monday to Friday and not in cal (a <= b;
 * day numbers as date_days). */
long cpl_working_days(const struct cpl_calendar *cal, long a, long b);
/* Replace the bank holidays with a date,title CSV (admin; all or nothing). */
int cpl_holidays_import(struct store *st, const struct actor *who, const char *path, int dry_run,
                        struct import_stats *s, struct err *e);

/* ---- exact figures ---- */
/* num/den*scale rounded half away from zero to `places` decimals, written
 * without floating point ("" when den == 0). out: 32 bytes. */
void cpl_fmt_quot(int64_t num, int64_t den, int64_t scale, int places, char out[32]);
/* A sample of durations in working days: mean, median, percentile (each
 * "" for an empty sample, else to 1 decimal place, exactly). */
struct cpl_sample {
	long *v;
	size_t n, cap;
	int64_t sum;
};
void cpl_sample_add(struct cpl_sample *s, long v);
void cpl_sample_mean(const struct cpl_sample *s, char out[32]);
void cpl_sample_median(struct cpl_sample *s, char out[32]);
/* The p-th percentile by nearest rank: the smallest value with at least p%
 * of the sample at or below it. */
void cpl_sample_pct(struct cpl_sample *s, int p, char out[32]);
void cpl_sample_release(struct cpl_sample *s);
/* The day number of a YYYY-MM-DD date, -1 for "". */
long cpl_days(const char *d);
/* Whether d is a date within from..to (inclusive); "" is not. */
int cpl_in_range(const char *d, const char *from, const char *to);
/* The last full calendar quarter before the one holding today. */
void cpl_last_quarter(const char *today, char from[11], char to[11]);
/* The date one year before d (same month and day; 29 February -> 28 February). */
void cpl_year_before(const char *d, char out[11]);

/* ---- the bulletin ---- */
struct cpl_row {
	char measure[48];
	char group[128];
	char value[32];   /* "" when there is nothing to average or share */
	int64_t base;     /* for disclosure control: the number of cases/allegations/reviews behind the value */
	int count;        /* 1 when value is itself a count of cases, allegations or reviews */
};
struct cpl_bulletin {
	struct cpl_row *rows;
	size_t n;
};
/* The measures for from..to (YYYY-MM-DD, inclusive); employees < 0: counted
 * from people. Exact: for the command line (who NULL) and the functions
 * below. Access: CPL_TREND_ROLES (logged). */
int complaints_bulletin(struct store *st, const struct actor *who, const char *from, const char *to,
                        int64_t employees, struct cpl_bulletin *b, struct err *e);
void cpl_bulletin_release(struct cpl_bulletin *b);
/* measure,group,value CSV (CPL_BULLETIN_HEADER first). */
void cpl_bulletin_csv(const struct cpl_bulletin *b, struct buf *out);
/* The row for measure,group; NULL if none. */
const struct cpl_row *cpl_bulletin_get(const struct cpl_bulletin *b, const char *measure, const char *group);

/* ---- trends (complaints_trends.c) ---- */
#define CPL_TREND_QUARTERS 8
#define CPL_TREND_CATS 32
/* A count and its rate per 1,000 employees; hidden: withheld by disclosure
 * control (the count and the rate are then not to be shown). */
struct cpl_cell {
	int64_t n;
	char rate[32];
	int hidden;
};
struct cpl_timeliness {
	char label[48];
	int64_t n;               /* cases behind the figures */
	char median[32], p90[32];
	int hidden;              /* fewer than k cases */
};
struct cpl_trend_group {
	char name[128];          /* an area or directorate: the subject's unit's top */
	int64_t employees;       /* at the period's end */
	struct cpl_cell alleg;   /* allegations of cases logged in the period */
	struct cpl_cell open12;  /* cases open more than 12 months at the end */
};
struct cpl_trends {
	char from[11], to[11];
	long k;
	int exact;               /* the equality role: no suppression */
	int nq;
	struct {
		char from[11], to[11], label[12];
	} q[CPL_TREND_QUARTERS];
	int64_t employees[CPL_TREND_QUARTERS];  /* at each quarter's end */
	size_t ncat;
	struct {
		int64_t id;
		char name[128];
	} cat[CPL_TREND_CATS];
	struct cpl_cell by_cat[CPL_TREND_CATS][CPL_TREND_QUARTERS]; /* allegations per 1,000 */
	size_t ngroup;
	struct cpl_trend_group *group;          /* by name */
	int64_t unknown_unit;                   /* allegations with no subject's unit */
	struct cpl_cell handling[CPL_NHANDLING]; /* cases logged in the period, per 1,000 at the end */
	struct cpl_timeliness time[2 + CPL_NHANDLING + 1]; /* to log, to contact, to finalise by handling, all */
	struct cpl_cell open12;                 /* complaint cases open more than 12 months at `to` */
};
/* The eight quarters ending with the one holding `to` (cut at `to`).
 * Kind complaint only, as the bulletin; allegations counted in the quarter
 * their case was logged; timeliness over cases logged (to log, to contact)
 * or finalised (to finalise) in the eight quarters. Disclosure control for
 * every role but equality: counts under k withheld with complementary
 * suppression per line, timeliness over fewer than k cases withheld.
 * CPL_TREND_ROLES (logged). */
int complaints_trends(struct store *st, const struct actor *who, const char *to, struct cpl_trends *t,
                      struct err *e);
void cpl_trends_release(struct cpl_trends *t);

/* ---- cases ---- */
struct cpl_case {
	int64_t id;
	char case_ref[64], kind[16], received[11], logged[11], contacted[11], schedule3[4], sch3_reason[24],
		handling[32], finalised[11], severity[20];
	char complainant[160];      /* "" unless who may see it (PSD) */
	int64_t complainant_person_id;
	int nallegations;
};
/* Read a case by reference (need-to-know above; logged). */
int complaints_case_get(struct store *st, const struct actor *who, const char *case_ref, struct cpl_case *out,
                        struct err *e);
/* Whether who may handle (read, decide on) the case: 0 yes, else ERR_DENIED
 * without logging (for pages deciding what to offer). */
int complaints_may_handle(struct store *st, const struct actor *who, int64_t case_id);

/* Anonymised case summaries for oversight (CPL_AGG_ROLES): cases received
 * in from..to, newest first, 50 a page, with no reference, no complainant
 * and no subject: kind, dates, Schedule 3, handling and each allegation's
 * category and outcome. *total is the number of cases; logged as a list. */
struct cpl_summary {
	char kind[16], received[11], logged[11], schedule3[4], handling[32], finalised[11];
	char allegations[600];      /* "Category: outcome; ..." ("open" when no outcome yet) */
};
typedef int (*cpl_summary_fn)(void *ctx, const struct cpl_summary *s);
int complaints_case_summaries(struct store *st, const struct actor *who, const char *from, const char *to, int page,
                              cpl_summary_fn fn, void *ctx, long *total, struct err *e);

/* A new case, received by PSD, with its first allegation. PSD only;
 * separation of duties against the subject (kind "complaints"); logged.
 * The reference (CPL-YYYY-NNNNN) is written to ref_out. */
struct cpl_case_in {
	const char *kind, *received, *logged, *contacted, *schedule3, *sch3_reason, *handling;
	const char *complainant_name, *complainant_contact, *contact_preference; /* email, phone, post, none */
	const char *category, *subject_staff_number;                              /* the first allegation */
};
/* Check a new case as complaints_case_create would (role, fields, the
 * subject's separation of duties), storing nothing: check your answers. */
int complaints_case_check(struct store *st, const struct actor *who, const struct cpl_case_in *in,
                          struct errlist *errs, struct err *e);
int complaints_case_create(struct store *st, const struct actor *who, const struct cpl_case_in *in,
                           char ref_out[32], struct errlist *errs, struct err *e);

/* The allegations of a case read with complaints_case_get (the same rule;
 * logged as a list). The subject's name only for PSD. */
struct cpl_allegation {
	char allegation_ref[64], subject[200], category[128], outcome[32], finalised[11];
	int has_rprp;
};
typedef int (*cpl_allegation_fn)(void *ctx, const struct cpl_allegation *a);
int complaints_case_allegations(struct store *st, const struct actor *who, int64_t case_id, cpl_allegation_fn fn,
                                void *ctx, struct err *e);
/* The case's proceedings (same rule; logged as a list). */
struct cpl_proceeding {
	int64_t id;
	char kind[24], held_on[11], venue[160], subject[200], allegations[1000], finding[20], outcome[32];
	int public_, name_withheld;
};
typedef int (*cpl_proceeding_fn)(void *ctx, const struct cpl_proceeding *p);
int complaints_case_proceedings(struct store *st, const struct actor *who, int64_t case_id, cpl_proceeding_fn fn,
                                void *ctx, struct err *e);

/* The categories of the active scheme, in its order (reference data: no
 * access check). */
int complaints_categories(struct store *st, int (*fn)(void *ctx, const char *name), void *ctx, struct err *e);
/* Add an allegation to a case (PSD, who may handle the case; not against
 * oneself or someone one line-manages; logged): the category by name in the
 * active scheme, the subject by staff number ("" none yet). Its reference,
 * the next free A<n>, is written to aref_out. */
int complaints_allegation_add(struct store *st, const struct actor *who, const char *case_ref, const char *category,
                              const char *subject_staff_number, char aref_out[16], struct errlist *errs, struct err *e);
/* Record an allegation's outcome (PSD; separation of duties; logged).
 * finalised: YYYY-MM-DD or "" (not yet). */
int complaints_allegation_decide(struct store *st, const struct actor *who, const char *case_ref,
                                 const char *allegation_ref, const char *outcome, const char *finalised,
                                 struct errlist *errs, struct err *e);

/* Reflective practice: the regulations' report for one allegation, whose
 * outcome becomes reflective_practice. review_date "" = 12 months after
 * today. Actions: one a line, "YYYY-MM-DD what". */
struct cpl_rprp {
	const char *summary_issue, *summary_discussion, *actions, *lessons_officer, *lessons_force, *review_date;
};
int complaints_rprp_record(struct store *st, const struct actor *who, const char *case_ref,
                           const char *allegation_ref, const struct cpl_rprp *r, struct errlist *errs,
                           struct err *e);
/* RPRPs whose review date is on or before `on` (the reminder list; PSD). */
/* Category schemes (versioned data). List: administrators and PSD, one
 * call per category (category NULL for a scheme with none), the active
 * scheme first. Create: admin; name unique; based_on "" or the id of the
 * scheme this is a new version of (version = its + 1); categories one a
 * line, in order, unique, at least one; made inactive. Activate: admin; the
 * forms, the import and the bulletin use it from then on (allegations keep
 * the category they were recorded with). All logged. */
typedef int (*cpl_scheme_fn)(void *ctx, int64_t id, const char *name, int version, int active, const char *category);
int complaints_schemes(struct store *st, const struct actor *who, cpl_scheme_fn fn, void *ctx, struct err *e);
int complaints_scheme_create(struct store *st, const struct actor *who, const char *name, const char *based_on,
                             const char *categories, int64_t *id, struct errlist *errs, struct err *e);
int complaints_scheme_activate(struct store *st, const struct actor *who, int64_t id, struct err *e);
/* A learning recommendation from case_ref (origin "iopc" or "local"),
 * tracked to completion in the findings tracker as finding "CASE Ln" of the
 * learning source LEARNING_COMPLAINTS (src/domain/inspections.h): its owner
 * (a staff number, or ""), due date, status history and board sign-off are
 * the findings'. PSD who may handle the case; logged on the case. ref gets
 * the reference. */
int complaints_learning_add(struct store *st, const struct actor *who, const char *case_ref, const char *origin,
                            const char *text, const char *owner, const char *due, char ref[48], struct errlist *errs,
                            struct err *e);
/* The case's learning recommendations with their findings' status. */
typedef int (*cpl_learning_fn)(void *ctx, int64_t finding_id, const char *reference, const char *origin,
                               const char *text, const char *status, const char *due);
int complaints_learning(struct store *st, const struct actor *who, const char *case_ref, cpl_learning_fn fn, void *ctx,
                        struct err *e);
/* Whether who may open the findings those recommendations are (the link). */
int complaints_learning_linkable(const struct actor *who);
/* Mark the reflective practice review of allegation_ref done today (PSD who
 * may handle the case; logged). It then leaves the reviews due and the
 * rprp_review reminder. ERR_INPUT when none is waiting. */
int complaints_rprp_reviewed(struct store *st, const struct actor *who, const char *case_ref,
                             const char *allegation_ref, struct err *e);
typedef int (*cpl_rprp_due_fn)(void *ctx, const char *case_ref, const char *allegation_ref, const char *review_date);
int complaints_rprp_due(struct store *st, const struct actor *who, const char *on, cpl_rprp_due_fn fn, void *ctx,
                        struct err *e);

/* Repeat subjects, a signal for the tactical risk picture: people with at
 * least complaints.repeat_subject_allegations (default 3) allegations in
 * cases received in the 12 months up to `on` (after the date one year
 * before, on or before `on`). PSD and the DCC; never the reader themself
 * nor anyone they line-manage (logged as a list). */
typedef int (*cpl_repeat_fn)(void *ctx, const char *staff_number, const char *name, int64_t allegations);
int complaints_repeat_subjects(struct store *st, const struct actor *who, const char *on, cpl_repeat_fn fn,
                               void *ctx, struct err *e);
/* Its statement (for the plan test): since, on, the threshold. */
extern const char COMPLAINTS_REPEAT_SQL[];

/* Misconduct proceedings (PSD; separation of duties; logged). */
struct cpl_proceeding_in {
	const char *kind;           /* meeting, hearing, accelerated_hearing */
	const char *held_on, *venue;
	int public_;                /* the chair's decision */
	const char *subject_staff_number;
	int name_withheld;          /* the chair directs */
	const char *allegations;    /* the allegations heard, in summary */
};
int complaints_proceeding_add(struct store *st, const struct actor *who, const char *case_ref,
                              const struct cpl_proceeding_in *in, int64_t *id, struct errlist *errs, struct err *e);
/* finding: misconduct, gross_misconduct, not_proven; outcome: written_warning,
 * final_written_warning, reduction_in_rank, dismissal_without_notice,
 * referral_to_rprp, no_action. A dismissal adds the officer to the barred
 * list notifications (vetting_leavers). */
int complaints_proceeding_decide(struct store *st, const struct actor *who, int64_t id, const char *finding,
                                 const char *outcome, struct errlist *errs, struct err *e);

/* A complainant's review: result upheld or not_upheld, completed date.
 * lpb reviews: pcc or PSD; iopc reviews: PSD records the IOPC's result. */
int complaints_review_decide(struct store *st, const struct actor *who, const char *case_ref, const char *body,
                             const char *completed, const char *result, const char *recommendations,
                             struct errlist *errs, struct err *e);

/* The bulletin as the web and API show it: disclosure control (as
 * complaints_bulletin_public) for every reader but the equality lead, who
 * sees it exact. Access and logging as complaints_bulletin. */
int complaints_bulletin_view(struct store *st, const struct actor *who, const char *from, const char *to,
                             struct cpl_bulletin *b, struct err *e);

/* ---- publication (the public conduct page) ---- */
/* The bulletin for from..to as published: disclosure control (disclosure.h,
 * k = disclosure.k) applied, a withheld value written "[c]". No access
 * check: only aggregates leave. */
int complaints_bulletin_public(struct store *st, const char *from, const char *to, struct cpl_bulletin *b,
                               struct err *e);
/* The plain-English page on how to complain (config complaints.public_text,
 * editable by an administrator; paragraphs separated by blank lines). */
int complaints_public_text(struct store *st, char *out, size_t n, struct err *e);
struct cpl_hearing {
	int64_t id;
	char held_on[11], venue[160], kind[24], name[200], rank[64], allegations[1000], finding[20], outcome[32],
		outcome_published[11];
};
/* Public hearings for the public site on `today`: notices (no outcome yet)
 * and outcomes within their retention (complaints.hearing_retention_days
 * after first publication; an outcome published for the first time now is
 * stamped today). Never a private hearing; the name is "" when withheld. */
typedef int (*cpl_hearing_fn)(void *ctx, const struct cpl_hearing *h, int is_outcome);
int complaints_public_hearings(struct store *st, const char *today, cpl_hearing_fn fn, void *ctx, struct err *e);

#endif
