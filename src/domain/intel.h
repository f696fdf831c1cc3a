/* intel.h — counter-corruption intelligence (capability M6): graded and
 * categorised items, lines of enquiry, interventions and reviewed closure.
 *
 * THE RULES (each enforced here, and the first four also by CHECKs in
 * migration 019, so no route — web, API, import — can store an item
 * without them):
 *   - an item has a national corruption category (one of the 12 in
 *     intel_categories) and a grade: 3x5x2 (source evaluation 1-3,
 *     assessment A-E, handling P/C, written "1AP"), or a legacy 5x5x5
 *     grade kept verbatim with its scheme; "Other" needs a reason;
 *   - a line of enquiry marked not pursued has a written rationale;
 *   - an item made in Probity is closed only when a reviewer approves the
 *     closure its owner proposed; the reviewer is not the owner, not the
 *     creator and not a subject (duty.h, kind "acu"); a return sends it
 *     back with questions; reopening keeps the whole thread;
 *   - an ICT audit check line searches the audit trail (audit.h) and
 *     keeps its result with the line.
 *
 * NEED TO KNOW. Items are the counter-corruption unit's (ROLE_ACU). A
 * reviewer sees only the items whose closure was sent to them, and never
 * the original (restricted) text, only the sanitised one. Nobody sees an
 * item in which they are a subject, ACU staff included. Every read, list
 * (with its filters) and refusal is written to the access log. */
#ifndef PROBITY_INTEL_H
#define PROBITY_INTEL_H

#include "core/buf.h"
#include "core/err.h"
#include "domain/actor.h"
#include "domain/record.h"
#include "domain/register.h"
#include "domain/status.h"
#include <stdint.h>

struct store;
struct import_stats;

#define INTEL_IMPORT_HEADER \
	"reference,received,source_type,grading_scheme,grade,category,subject_staff_numbers,summary,status,closed,outcome"
/* The items export (intel_register_def), which the import also reads:
 * the reference names a held item, regraded where its grading differs. */
#define INTEL_EXPORT_HEADER "reference,received,source_type,grading_scheme,grade,category,status,owner,closed"
#define INTEL_TEXT_MAX 10000
#define INTEL_SUBJECTS_MAX 8
#define INTEL_NCAT 12
#define INTEL_NSOURCE 9

/* Configuration data: the categories (key, name) in their order, the
 * source types, the intervention kinds, the grade parts. NULL-terminated. */
struct intel_code { const char *key, *label; };
extern const struct intel_code intel_sources[];
extern const struct intel_code intel_intervention_kinds[];
extern const struct intel_code intel_grade_source[], intel_grade_assessment[], intel_grade_handling[];
/* The categories from the database: fn(ctx, key, name) in order. */
int intel_categories(struct store *st, int (*fn)(void *ctx, const char *key, const char *name), void *ctx,
                     struct err *e);
/* Label for a code of table t; the key itself when unknown. */
const char *intel_label(const struct intel_code *t, const char *key);

/* What an item is made from: the web form, the API's JSON and the import
 * share these names (the import's column names). NULL counts as "". */
struct intel_input {
	const char *reference;       /* import only; Probity gives new items theirs */
	const char *received, *source_type, *grading_scheme, *grade, *category, *category_reason;
	const char *subject_staff_numbers; /* separated by ';' (',' and spaces also accepted) */
	const char *summary;         /* the original text (restricted) */
	const char *sanitised;
	const char *status, *closed, *outcome; /* import only: open or closed */
	int64_t alert_id;            /* an ICT alert referred in */
	int64_t report_id;           /* an anonymous report turned into this item */
};

/* Check in: every missing or invalid field goes into errs (field = the
 * column name), so a form, the API's 422 and the import name them all. */
void intel_validate(struct store *st, const struct intel_input *in, int import, struct errlist *errs);

/* Create an item (ACU only): the creator is its owner. On a validation
 * failure errs holds the fields and ERR_INPUT is returned; nothing stored. */
/* Check an item as intel_item_create would (ACU only; the fields), storing
 * nothing: check your answers. */
int intel_item_check(struct store *st, const struct actor *who, const struct intel_input *in, struct errlist *errs,
                     struct err *e);
int intel_item_create(struct store *st, const struct actor *who, const struct intel_input *in, struct errlist *errs,
                      int64_t *id, char ref[16], struct err *e);

/* An item referred in by another capability, whose own rule decided that
 * who may refer it (the ethics panel's chair passing a corruption concern,
 * src/domain/ethics.c): source_type "named" or "anonymous", the original
 * text and a sanitised one; received today, provisionally graded 2CP and
 * categorised Other until the ACU works it; no owner and no creator, so the
 * referrer cannot open it. Logged as a "refer" by who. Joins the caller's
 * transaction. */
int intel_item_refer(struct store *st, const struct actor *who, const char *source_type, const char *original,
                     const char *sanitised, int64_t *id, char ref[16], struct err *e);

struct intel_subject { int64_t person_id; char staff_number[32], name[160]; };

struct intel_item {
	int64_t id, owner_id, created_by, reviewer_id, reviewed_by, alert_id, report_id;
	char reference[16], received[11], source_type[24], scheme[8], grade[64], category[24], category_name[96];
	char category_reason[512];
	char original[INTEL_TEXT_MAX + 1];   /* "" for a reviewer: restricted to the ACU */
	char sanitised[INTEL_TEXT_MAX + 1];
	char status[20], proposed_outcome[2048], proposed_on[11], outcome[2048], closed[11], created_at[24];
	char owner[64], creator[64], reviewer[64], approver[64];
	int imported;
	int nsubjects;
	struct intel_subject subjects[INTEL_SUBJECTS_MAX];
};

/* An item's statuses and a line's (domain/status.h), in intel_statuses[]
 * and intel_line_statuses[] by these enums. */
enum intel_status { INTEL_OPEN, INTEL_AWAITING_REVIEW, INTEL_CLOSED, INTEL_NSTATUS };
extern const struct status_def intel_statuses[INTEL_NSTATUS];
enum intel_line_status { LINE_OPEN, LINE_PURSUED, LINE_NOT_PURSUED, LINE_NSTATUS };
extern const struct status_def intel_line_statuses[LINE_NSTATUS];
/* The item's status as the enum (-1 when unknown). */
int intel_item_status(const struct intel_item *it);

/* Load one item under the need-to-know rule; the view is logged. */
int intel_item_get(struct store *st, const struct actor *who, int64_t id, struct intel_item *out, struct err *e);

struct intel_filter {
	const char *category, *status, *from, *to;  /* "" or NULL: any; category a key */
	int page, per_page;
};
/* An item as the list shows it (one field list: domain/record.h). */
#define INTEL_ROW_FIELDS(X) \
	X(I64, id, 0, "i.id", NULL, NULL) \
	X(TEXT, reference, 16, "i.reference", "reference", "reference") \
	X(TEXT, received, 11, "i.received", "received", "received") \
	X(TEXT, source_type, 24, "i.source_type", "source_type", "source_type") \
	X(TEXT, scheme, 8, "i.grading_scheme", "grading_scheme", "grading_scheme") \
	X(TEXT, grade, 64, "i.grade", "grade", "grade") \
	X(TEXT, category, 24, "i.category", NULL, NULL) \
	X(TEXT, category_name, 96, "c.name", "category", "category") \
	X(STATUS, status, 20, "i.status", "status", "status") \
	X(TEXT, owner, 64, "COALESCE(o.username, '')", NULL, "owner") \
	X(TEXT, closed, 11, "i.closed", "closed", "closed")
struct intel_row {
	INTEL_ROW_FIELDS(RECORD_MEMBER)
};
/* The items who may see under f, newest first (per_page -1: all); the list
 * is logged with its filters. */
int intel_items_list(struct store *st, const struct actor *who, const struct intel_filter *f,
                     int (*fn)(void *ctx, const struct intel_row *r), void *ctx, long *total, struct err *e);
/* The list's statements, for plan tests: the page (count 0) or its count. */
const char *intel_items_list_sql(int count);
/* One item's list row, under the same need-to-know as intel_item_get. */
int intel_row_get(struct store *st, const struct actor *who, int64_t id, struct intel_row *out, struct err *e);
/* The items list as a register (register.h): JSON, CSV and XLSX exports
 * (the counter-corruption unit only). */
extern const struct register_def intel_register_def;
enum intel_scope { INTEL_VISIBLE };

/* ---- lines of enquiry ---- */
struct intel_line {
	int64_t id;
	char description[2048], owner[64], due[11], status[16], rationale[2048], result[8192], kind[12];
	char audit_mode[8], audit_target[128], audit_from[11], audit_to[11];
	long audit_count;
};
int intel_lines_list(struct store *st, const struct actor *who, int64_t item_id,
                     int (*fn)(void *ctx, const struct intel_line *l), void *ctx, struct err *e);
int intel_line_add(struct store *st, const struct actor *who, int64_t item_id, const char *description,
                   const char *due, struct errlist *errs, struct err *e);
/* Set a line's status: "pursued" (with its result) or "not_pursued" (a
 * rationale is required), or back to "open". */
int intel_line_update(struct store *st, const struct actor *who, int64_t item_id, int64_t line_id, const char *status,
                      const char *rationale, const char *result, struct errlist *errs, struct err *e);
/* An ICT audit check: a search of the audit trail (audit.h's
 * audit_trail_query, logged with the item as its purpose) by mode "user"
 * (target a staff number: their accesses), "subject" (a person's subject
 * id: who looked them up) or "record" (a record id: who accessed it), over
 * from..to; runs the search now and keeps it as a pursued line with its
 * result (the count and the first 50 events). */
int intel_line_audit(struct store *st, const struct actor *who, int64_t item_id, const char *mode, const char *target,
                     const char *from, const char *to, struct errlist *errs, struct err *e);

/* ---- interventions ---- */
struct intel_intervention {
	int64_t id;
	char kind[24], owner[64], start_date[11], due_date[11], end_date[11], outcome[2048];
};
int intel_interventions_list(struct store *st, const struct actor *who, int64_t item_id,
                             int (*fn)(void *ctx, const struct intel_intervention *v), void *ctx, struct err *e);
int intel_intervention_add(struct store *st, const struct actor *who, int64_t item_id, const char *kind,
                           const char *start_date, const char *due_date, struct errlist *errs, struct err *e);
/* Record the end date and outcome of an intervention. */
int intel_intervention_end(struct store *st, const struct actor *who, int64_t item_id, int64_t iv_id,
                           const char *end_date, const char *outcome, struct errlist *errs, struct err *e);

/* ---- review and closure ---- */
struct intel_post { char kind[12], author[64], body[4096], created_at[24]; };
int intel_thread_list(struct store *st, const struct actor *who, int64_t item_id,
                      int (*fn)(void *ctx, const struct intel_post *p), void *ctx, struct err *e);
/* The reviewers (role reviewer) who could review this item's closure:
 * fn(ctx, username, name) for each one with no conflict. */
int intel_reviewers(struct store *st, const struct intel_item *it,
                    int (*fn)(void *ctx, const char *username, const char *name), void *ctx, struct err *e);
/* The owner (ACU) proposes closure with an outcome, sent to reviewer. */
int intel_propose_closure(struct store *st, const struct actor *who, int64_t item_id, const char *outcome,
                          const char *reviewer, struct errlist *errs, struct err *e);
/* The reviewer it was sent to approves (closes) or returns it with
 * questions (required). decision: "approve" or "return". */
int intel_review(struct store *st, const struct actor *who, int64_t item_id, const char *decision, const char *note,
                 struct errlist *errs, struct err *e);
/* 1 when who may review this item now (the page's form), else 0. */
int intel_may_review(struct store *st, const struct actor *who, const struct intel_item *it);
/* The ACU answers a return in the thread. */
int intel_reply(struct store *st, const struct actor *who, int64_t item_id, const char *body, struct errlist *errs,
                struct err *e);
/* Reopen a closed item (ACU) with a reason; the history stays. */
int intel_reopen(struct store *st, const struct actor *who, int64_t item_id, const char *reason, struct errlist *errs,
                 struct err *e);

/* ---- dashboard ---- */
#define INTEL_MONTHS 12
struct intel_dash {
	char months[INTEL_MONTHS][8];                 /* YYYY-MM, oldest first, ending this month */
	char cat_key[INTEL_NCAT][24], cat_name[INTEL_NCAT][96];
	long by_cat_month[INTEL_NCAT][INTEL_MONTHS];
	long by_source[INTEL_NSOURCE];                /* in intel_sources order */
	long open_age[4];                             /* open items received <30, 30-89, 90-179, 180+ days ago */
	long items, open;
	long not_pursued, not_pursued_without_rationale;
	long awaiting, awaiting_oldest_days;
	long interventions_due, interventions_overdue; /* due within 14 days / past due, not ended */
};
int intel_dashboard(struct store *st, const struct actor *who, struct intel_dash *d, struct err *e);

/* ---- the inspectors' quality sample ---- */
struct intel_sample_row {
	int64_t id;
	char reference[16], closed[11], grade[64], scheme[8];
	int categorised, graded, sanitised, rationales, reviewed;
};
struct intel_sample_sum {
	long population, n;
	long categorised, graded, sanitised, rationales, reviewed;
};
/* Draw n closed items (closed from..to) with seed: the same seed over the
 * same items draws the same sample. fn for each drawn item by reference. */
int intel_sample(struct store *st, const struct actor *who, const char *from, const char *to, int n, uint64_t seed,
                 int (*fn)(void *ctx, const struct intel_sample_row *r), void *ctx, struct intel_sample_sum *sum,
                 struct err *e);

/* ---- import (probity intel import) ---- */
int intel_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e);

#endif
